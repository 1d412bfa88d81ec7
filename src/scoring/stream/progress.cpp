// A stream's progress over its files (src/scoring/stream/parts.hpp;
// docs/cli.md, "Progress").
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "scoring/stream/parts.hpp"

namespace shortlist::detail {

PassProgress::PassProgress(const ProgressSteps& steps, const std::string& step, std::uintmax_t size,
                           std::uintmax_t ratings)
    : step_(size > 0 ? progress_step(steps, step, "bytes") : ProgressCallback{}),
      size_(static_cast<std::size_t>(size)),
      total_(static_cast<std::size_t>(size + ratings)) {}

void PassProgress::read(const Part& part) {
    if (!step_)
        return;
    read_ += part.chunk.size();
    const double share = static_cast<double>(read_) / static_cast<double>(size_);
    step_(std::min(static_cast<std::size_t>(share * static_cast<double>(total_)), total_ - 1),
          total_);
}

void PassProgress::done() {
    if (step_)
        step_(total_, total_);
}

}  // namespace shortlist::detail

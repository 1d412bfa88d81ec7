// Progress of a long step (weight draws, bootstrap, a large file): a callback
// type the library's long steps take, and a bar that a command draws on a
// terminal with it (docs/report.md, "Progress").
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

namespace shortlist {

/// Called with (done, total) as a step advances; never by two threads at once.
/// SensitivityOptions::progress is one.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

/// A one-line bar, "label [#####.....] 50% of 1000 draws", redrawn in place
/// (carriage return) only when the whole percentage changes, and erased when
/// done reaches total. Meant for a terminal's standard error.
class ProgressBar {
  public:
    /// `unit` names what is counted ("draws").
    ProgressBar(std::ostream& out, std::string label, std::string unit);
    void operator()(std::size_t done, std::size_t total);
    /// A callback that draws on this bar (which must outlive it).
    [[nodiscard]] ProgressCallback callback();

  private:
    std::ostream& out_;
    std::string label_;
    std::string unit_;
    std::size_t last_ = static_cast<std::size_t>(-1);
    std::size_t drawn_ = 0;  ///< columns of the last line drawn
};

}  // namespace shortlist

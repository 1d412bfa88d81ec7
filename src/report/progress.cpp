// The progress bar (include/shortlist/report/progress.hpp).
#include "shortlist/report/progress.hpp"

#include <ostream>
#include <string>

namespace shortlist {

ProgressBar::ProgressBar(std::ostream& out, std::string label, std::string unit)
    : out_(out), label_(std::move(label)), unit_(std::move(unit)) {}

void ProgressBar::operator()(std::size_t done, std::size_t total) {
    if (total == 0)
        return;
    const std::size_t percent = (done < total ? done : total) * 100 / total;
    if (percent == last_)
        return;
    last_ = percent;
    constexpr std::size_t width = 30;
    const std::size_t filled = percent * width / 100;
    const std::string line = label_ + " [" + std::string(filled, '#') +
                             std::string(width - filled, '.') + "] " + std::to_string(percent) +
                             "% of " + std::to_string(total) + " " + unit_;
    out_ << '\r' << line;
    if (line.size() < drawn_)
        out_ << std::string(drawn_ - line.size(), ' ');
    drawn_ = line.size();
    if (done >= total) {
        out_ << '\r' << std::string(drawn_, ' ') << '\r';
        drawn_ = 0;
    }
    out_ << std::flush;
}

ProgressCallback ProgressBar::callback() {
    return [this](std::size_t done, std::size_t total) { (*this)(done, total); };
}

}  // namespace shortlist

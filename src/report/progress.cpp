// The progress bar (include/shortlist/report/progress.hpp).
#include "shortlist/report/progress.hpp"

#include <ostream>
#include <string>

namespace shortlist {

namespace {

/// " of 1000 draws", " of 12 MB", or nothing without a unit.
std::string of_total(std::size_t total, const std::string& unit) {
    if (unit.empty())
        return {};
    if (unit == "bytes")
        return " of " + std::to_string((total + 999'999) / 1'000'000) + " MB";
    return " of " + std::to_string(total) + " " + unit;
}

}  // namespace

ProgressBar::ProgressBar(std::ostream& out, std::string label, std::string unit)
    : out_(out), label_(std::move(label)), unit_(std::move(unit)) {}

void ProgressBar::operator()(std::size_t done, std::size_t total) {
    if (total == 0)
        return;
    const std::size_t percent = (done < total ? done : total) * 100 / total;
    if (percent == last_)
        return;
    if (last_ == static_cast<std::size_t>(-1) && done >= total) {
        last_ = percent;  // done at its first report: nothing to show
        return;
    }
    last_ = percent;
    constexpr std::size_t width = 30;
    const std::size_t filled = percent * width / 100;
    const std::string line = label_ + " [" + std::string(filled, '#') +
                             std::string(width - filled, '.') + "] " + std::to_string(percent) +
                             "%" + of_total(total, unit_);
    out_ << '\r' << line;
    if (line.size() < drawn_)
        out_ << std::string(drawn_ - line.size(), ' ');
    drawn_ = line.size();
    if (done >= total)
        clear();
    out_ << std::flush;
}

void ProgressBar::clear() {
    if (drawn_ == 0)
        return;
    out_ << '\r' << std::string(drawn_, ' ') << '\r' << std::flush;
    drawn_ = 0;
}

ProgressCallback ProgressBar::callback() {
    return [this](std::size_t done, std::size_t total) { (*this)(done, total); };
}

ProgressDisplay::ProgressDisplay(std::ostream& out, std::string prefix, std::size_t min_bytes)
    : out_(out), prefix_(std::move(prefix)), min_bytes_(min_bytes) {}

ProgressDisplay::~ProgressDisplay() {
    if (bar_)
        bar_->clear();
}

ProgressSteps ProgressDisplay::steps() {
    return [this](std::string_view step, std::string_view unit) {
        if (bar_)
            bar_->clear();
        bar_ = std::make_unique<ProgressBar>(out_, prefix_ + ": " + std::string(step),
                                             std::string(unit));
        ProgressBar* bar = bar_.get();
        const std::size_t least = unit == "bytes" ? min_bytes_ : 0;
        return ProgressCallback([bar, least](std::size_t done, std::size_t total) {
            if (total >= least)
                (*bar)(done, total);
        });
    };
}

}  // namespace shortlist

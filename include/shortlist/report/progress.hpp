// Progress of a long step (weight draws, bootstrap, a large file): the bar
// a command draws on a terminal with the library's callbacks
// (shortlist/progress.hpp; docs/cli.md, "Progress").
#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>

#include "shortlist/progress.hpp"

namespace shortlist {

/// A one-line bar, "label [#####.....] 50% of 1000 draws", redrawn in place
/// (carriage return) only when the whole percentage changes, and erased when
/// done reaches total; a step done at its first report is not drawn at all.
/// Meant for a terminal's standard error. A total in
/// "bytes" is shown in MB; with no unit, only the percentage is shown.
class ProgressBar {
  public:
    /// `unit` names what is counted ("draws").
    ProgressBar(std::ostream& out, std::string label, std::string unit);
    void operator()(std::size_t done, std::size_t total);
    /// A callback that draws on this bar (which must outlive it).
    [[nodiscard]] ProgressCallback callback();
    /// Erase the bar if it is drawn.
    void clear();

  private:
    std::ostream& out_;
    std::string label_;
    std::string unit_;
    std::size_t last_ = static_cast<std::size_t>(-1);
    std::size_t drawn_ = 0;  ///< columns of the last line drawn
};

/// The steps of a run (ProgressSteps), each drawn on its own ProgressBar
/// labelled "prefix: step", one after another on one line of `out`. A step
/// counted in bytes of less than `min_bytes` (a file read in well under a
/// second) is not drawn. The bar still drawn is erased when the next step
/// starts and when the display goes (an error then prints on a clean line).
class ProgressDisplay {
  public:
    static constexpr std::size_t default_min_bytes = std::size_t{16} << 20;
    ProgressDisplay(std::ostream& out, std::string prefix,
                    std::size_t min_bytes = default_min_bytes);
    ~ProgressDisplay();
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;
    /// The steps callback (the display must outlive every callback it gives).
    [[nodiscard]] ProgressSteps steps();

  private:
    std::ostream& out_;
    std::string prefix_;
    std::size_t min_bytes_;
    std::unique_ptr<ProgressBar> bar_;
};

}  // namespace shortlist

// Progress of the library's long steps (docs/cli.md, "Progress"): reading a
// large file, the bootstrap, the Rasch fit, weight draws, a stream. The
// library never prints: a step reports (done, total) to a callback the caller
// gives, and a run of several steps asks the caller for one callback a step.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace shortlist {

/// Called with (done, total) as a step advances: done never decreases, and
/// the last call of a step that finishes is (total, total). Never called by
/// two threads at once. SensitivityOptions::progress is one.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

/// A run of several steps (the requests' `progress`): called as each step
/// starts with its name ("reading applicants.csv") and what it counts
/// ("bytes", "resamples"; empty when the step reports a share of its work
/// rather than a count), it returns that step's callback, or an empty one to
/// leave the step silent. Progress never changes a result.
using ProgressSteps = std::function<ProgressCallback(std::string_view step, std::string_view unit)>;

/// The callback `steps` gives for a step, or an empty one when `steps` is
/// empty.
[[nodiscard]] inline ProgressCallback progress_step(const ProgressSteps& steps,
                                                    std::string_view step, std::string_view unit) {
    return steps ? steps(step, unit) : ProgressCallback{};
}

}  // namespace shortlist

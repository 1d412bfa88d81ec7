// The rating table's plumbing, shared within the calibration: the rulebook's
// scales put on a table read from a ratings file alone, and the connected
// components of the design the assessor-effect models centre within
// (docs/calibration.md). Private to src/analysis/calibration/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "shortlist/analysis/calibration.hpp"

namespace shortlist::detail {

/// Take each criterion's scale from the rulebook instead of the data. Throws
/// EvidenceError at the ratings file's line for the first rating (in file
/// order) whose criterion the rulebook lacks or whose score is off its scale.
void apply_scales(RatingTable& table, const Rulebook& rulebook);

/// The connected components of the assessor–applicant graph.
struct ConnectedComponents {
    /// Component of each assessor (0-based), or `none` for an assessor with no
    /// numeric rating (only words), who is in no component.
    std::vector<std::uint32_t> of_assessor;
    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    std::size_t count = 0;  ///< components holding at least one assessor
    /// A sentence for each component beyond the first, naming its assessors.
    std::vector<std::string> notes;
};
[[nodiscard]] ConnectedComponents find_components(const RatingTable& table);

}  // namespace shortlist::detail

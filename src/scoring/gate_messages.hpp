// The sentence a failed criterion minimum gives an applicant (docs/scoring.md).
// Private to src/scoring/.
#pragma once

#include <string>
#include <string_view>

#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

/// "communication: scored 2, below the minimum 3 on scale sift5 (1..5)"; for
/// a criterion rated on its framework's levels, the levels by name
/// ("valuing_diversity: shows level 1a, below the required level 1b of
/// framework bcf").
[[nodiscard]] std::string msg_below_minimum(const Criterion& c, double raw, std::string_view scale);

}  // namespace shortlist::detail

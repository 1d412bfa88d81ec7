// Weight sensitivity, selection only: the applicants who can be shortlisted
// in some draw, and the problem restricted to them (docs/sensitivity.md,
// "Selection only"). Private to src/analysis/sensitivity/.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/sensitivity/problem.hpp"

namespace shortlist::detail::sensitivity {

/// The places (ascending) of every applicant who may be in a draw's top
/// `p.top`. A draw's total is a weighted mean of the applicant's criterion
/// scores, so it lies between their lowest and highest score (over the
/// criteria with weight); an applicant whose highest possible draw value is
/// below the top-th largest lowest possible value has at least `top` others
/// strictly above them in every draw, and is never selected on rank.
/// Applicants scored one by one are always kept. Every place when there is no
/// shortlist size or it is at least n; none when it is 0.
[[nodiscard]] std::vector<std::uint32_t> selectable_places(const Problem& p);

/// `p` restricted to `keep` (ascending places): their rows of S, tie-break
/// orders, flags and odd rows, in the same order. No baseline runs and no rank
/// bins: enough to select, not to rank.
[[nodiscard]] Problem restrict_problem(const Problem& p, const std::vector<std::uint32_t>& keep);

}  // namespace shortlist::detail::sensitivity

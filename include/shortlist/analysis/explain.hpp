// What would it take: for each applicant not shortlisted, the smallest
// single-criterion improvement that would have put them on the shortlist; for
// each one shortlisted, the margin by which they are in
// (docs/explanations.md, "What it takes").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/ids.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// One criterion raised on its own, far enough to reach the shortlist.
struct Improvement {
    CriterionId criterion;
    /// Scale points added to the raw score (the mean of the assessors'
    /// scores): new_raw - raw, where a criterion without evidence counts
    /// from the scale minimum. On the 10^-6 grid the reports print.
    double points = 0;
    std::optional<double> raw;  ///< the raw score now; none when it has no evidence
    double new_raw = 0;         ///< the smallest raw score that suffices (<= scale max)
    double new_total = 0;       ///< the total it would give, rounded to 6 decimals

    friend bool operator==(const Improvement&, const Improvement&) = default;
};

struct WhatItTakes {
    enum class Kind {
        Margin,             ///< shortlisted on rank: see margin
        Guaranteed,         ///< shortlisted by the guaranteed interview scheme, not on rank
        Improvement,        ///< not shortlisted: options.front() is the smallest improvement
        NoSingleCriterion,  ///< not shortlisted: no one criterion, even at its scale max, suffices
        NotByScore,         ///< fails an eligibility condition, which no score can change
    };
    Kind kind = Kind::NoSingleCriterion;
    /// Margin: the points of the total the applicant could lose and still be
    /// shortlisted on rank (0 when in by a tie or a tie-break); none when every
    /// eligible applicant is shortlisted and there is no pass mark.
    std::optional<double> margin;
    /// Margin: the total that must be kept (the next applicant's, or the pass
    /// mark, whichever is higher).
    std::optional<double> keep_total;
    bool margin_is_pass_mark = false;  ///< the pass mark is the nearer limit
    /// Improvement: every criterion that would suffice on its own, fewest
    /// points first (equal points in rulebook order).
    std::vector<Improvement> options;
    std::string reason;  ///< a sentence an applicant can read

    friend bool operator==(const WhatItTakes&, const WhatItTakes&) = default;
};
[[nodiscard]] std::string_view to_string(WhatItTakes::Kind k);  // "margin", "improvement", ...

/// What it takes, one per entry of `shortlist` (in its order), under the
/// rules of select(): the shortlist is compared with the applicant at place
/// N (the rulebook's or the given top), the cut. Raising criterion k of
/// applicant a to raw r (other criteria and every other applicant as they
/// are) shortlists a when a becomes eligible (k's own minimum met, no other
/// gate failed, the total at or above the pass mark) and a's total (then,
/// with ties: break_by, its tie-break keys) is not below the cut's, since
/// reaching the cut's total exactly ties and ties are included; or when a
/// opted in and meets every eligibility condition and essential criterion
/// (a guaranteed interview). The smallest such r on the 10^-6 grid, up to
/// the scale max, is found from the closed form (weighted mean: points =
/// (cut - total) / (100 × effective_weight) × (max - min); geometric mean:
/// s = (cut / (100 × Π_{j≠k} s_j^e_j))^(1/e_k)) and checked by rescoring
/// the applicant exactly as Scorer does, rounding included.
///
/// The outcomes must carry the full breakdown (ScoreOptions::explain), else
/// throws Error (FailedPrecondition). O(criteria × the largest group) per
/// applicant, one cut per shortlist: linear in applicants.
[[nodiscard]] std::vector<WhatItTakes> what_it_takes(const Rulebook& rulebook,
                                                     const Shortlist& shortlist);

}  // namespace shortlist

// Generalizability theory: the sums of squares and design counts that
// Henderson's method 1 needs (gtheory_sums.cpp), read by generalizability.cpp.
// Private to src/analysis/calibration/; the method is described in
// shortlist/analysis/generalizability.hpp.
#pragma once

#include <cstddef>
#include <vector>

#include "shortlist/analysis/calibration.hpp"

namespace shortlist::detail {

/// One effect's levels: T = Σ s²/n over its levels (s the sum of the
/// level's centred ratings, n its count), q = Σ n², and how many levels.
struct EffectSums {
    double t = 0;
    double q = 0;
    double levels = 0;
};

/// The applicants × assessors design of one criterion.
struct CriterionSums {
    double n = 0;      ///< ratings
    double sum = 0;    ///< of centred ratings
    double sumsq = 0;  ///< of centred ratings
    EffectSums applicant;
    EffectSums assessor;
    double inverse_assessors = 0;  ///< Σ over applicants of 1 / (their assessors)
};

/// Everything the p × r × i equations and the per-criterion p × r equations
/// read, from one pass over the ratings and one over each applicant's own.
struct DesignSums {
    double n = 0;
    double sum = 0;
    double sumsq = 0;
    EffectSums p, r, i, pr, pi, ri;
    /// k(X, C) = Σ over the levels of X∪C of n(X∪C)² / n(X), for X ⊂ X∪C
    /// (named X_by_Y: the levels of XY, divided by the count of X).
    double pr_by_p = 0, pr_by_r = 0, pi_by_p = 0, pi_by_i = 0, ri_by_r = 0, ri_by_i = 0;
    double inverse_assessors = 0;  ///< Σ over applicants of 1 / (distinct assessors)
    std::size_t duplicates = 0;    ///< cells (applicant, criterion, assessor) rated twice or more
    std::vector<CriterionSums> criteria;  ///< per table criterion
};

[[nodiscard]] DesignSums design_sums(const RatingTable& table);

}  // namespace shortlist::detail

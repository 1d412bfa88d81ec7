// Assessor effects: what effects.cpp, additive.cpp and rasch.cpp share.
// Private to src/analysis/calibration/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "shortlist/analysis/calibration.hpp"

namespace shortlist::detail {

/// Indices of ratings grouped by applicant (a counting sort): ratings of
/// applicant a are order[start[a] .. start[a+1]).
struct ByApplicant {
    std::vector<std::size_t> start;
    std::vector<std::size_t> order;
};

ByApplicant group_by_applicant(const RatingTable& t);

/// The component of each applicant (through the assessors who rated it).
std::vector<std::uint32_t> applicant_components(const RatingTable& t, const Components& comp);

/// Ids, components, rating counts and the design's notes.
void start_effects(const RatingTable& t, const Components& comp, AssessorEffects& e);

/// Least squares with the applicant effects eliminated (additive.cpp).
AssessorEffects fit_additive(const RatingTable& t, const Components& comp);

/// The many-facet Rasch model by joint maximum likelihood (rasch.cpp),
/// reporting its sweeps to `progress` (fit_assessor_effects says how).
AssessorEffects fit_rasch(const RatingTable& t, const Components& comp,
                          const ProgressCallback& progress = {});

}  // namespace shortlist::detail

// Assessor effects: what effects.cpp, additive.cpp and rasch.cpp share.
// Private to src/analysis/calibration/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/calibration/table_internal.hpp"
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
std::vector<std::uint32_t> applicant_components(const RatingTable& t,
                                                const ConnectedComponents& comp);

/// Ids, components, rating counts and the design's notes.
void start_effects(const RatingTable& t, const ConnectedComponents& comp, AssessorEffects& e);

/// Severities held at an earlier calibration's values (anchoring.hpp).
struct FixedSeverities {
    std::vector<std::optional<double>> severity;  ///< by assessor
    std::vector<char> anchored_group;             ///< by component: holds an anchor
    [[nodiscard]] bool held(std::size_t assessor) const { return severity[assessor].has_value(); }
    [[nodiscard]] bool anchored(std::uint32_t component) const {
        return component != ConnectedComponents::none && anchored_group[component] != 0;
    }
};

/// An anchored assessor's severity estimated freely, the other anchors held.
struct FreeEstimate {
    std::optional<double> severity;
    std::optional<double> se;
};

/// Least squares with the applicant effects eliminated (additive.cpp); with
/// `fixed`, anchored, and `free` (by assessor) gets the free estimates.
AssessorEffects fit_additive(const RatingTable& t, const ConnectedComponents& comp,
                             const FixedSeverities* fixed = nullptr,
                             std::vector<FreeEstimate>* free = nullptr);

/// The many-facet Rasch model by joint maximum likelihood (rasch.cpp); with
/// `fixed` and `free` as fit_additive's, reporting its sweeps to `progress`
/// (fit_assessor_effects says how), on `threads` threads (0: two for a large
/// table on a machine with two cores; the result is the same for any number).
AssessorEffects fit_rasch(const RatingTable& t, const ConnectedComponents& comp,
                          const FixedSeverities* fixed = nullptr,
                          std::vector<FreeEstimate>* free = nullptr,
                          const ProgressCallback& progress = {}, unsigned threads = 0);

/// The model's fit (the additive fit first: its rank test decides whether the
/// design identifies the effects, for both models), anchored with `fixed`.
AssessorEffects fit_effects(const RatingTable& t, const ConnectedComponents& comp,
                            EffectsModel model, const FixedSeverities* fixed = nullptr,
                            std::vector<FreeEstimate>* free = nullptr,
                            const ProgressCallback& progress = {});

}  // namespace shortlist::detail

// Assessor effects: what both models share, and the choice between them. The
// additive model is in additive.cpp, the Rasch model in rasch.cpp; the
// methods are described in calibration.hpp.
#include <numeric>

#include "analysis/calibration/effects_internal.hpp"
#include "analysis/calibration/messages.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/error.hpp"

namespace shortlist {

namespace detail {

ByApplicant group_by_applicant(const RatingTable& t) {
    ByApplicant g;
    g.start.assign(t.applicants.size() + 1, 0);
    for (const auto& r : t.ratings)
        ++g.start[r.applicant + 1];
    std::partial_sum(g.start.begin(), g.start.end(), g.start.begin());
    g.order.resize(t.ratings.size());
    std::vector<std::size_t> next(g.start.begin(), g.start.end() - 1);
    for (std::size_t i = 0; i < t.ratings.size(); ++i)
        g.order[next[t.ratings[i].applicant]++] = i;
    return g;
}

std::vector<std::uint32_t> applicant_components(const RatingTable& t,
                                                const ConnectedComponents& comp) {
    std::vector<std::uint32_t> of(t.applicants.size(), ConnectedComponents::none);
    for (const auto& r : t.ratings)
        of[r.applicant] = comp.of_assessor[r.assessor];
    return of;
}

void start_effects(const RatingTable& t, const ConnectedComponents& comp, AssessorEffects& e) {
    e.assessors.resize(t.assessors.size());
    for (std::size_t j = 0; j < t.assessors.size(); ++j) {
        e.assessors[j].id = t.assessors[j];
        e.assessors[j].component = comp.of_assessor[j];
    }
    for (const auto& r : t.ratings)
        ++e.assessors[r.assessor].n_ratings;
    e.components = comp.count;
    e.notes = comp.notes;
    for (std::size_t j = 0; j < t.assessors.size(); ++j)
        if (e.assessors[j].n_ratings == 0)
            e.notes.push_back(calibration_msg::assessor_without_ratings(t.assessors[j].view()));
}

AssessorEffects fit_effects(const RatingTable& t, const ConnectedComponents& comp,
                            EffectsModel model, const FixedSeverities* fixed,
                            std::vector<FreeEstimate>* free, const ProgressCallback& progress) {
    AssessorEffects additive =
        fit_additive(t, comp, fixed, model == EffectsModel::Additive ? free : nullptr);
    if (model == EffectsModel::Additive)
        return additive;
    if (!additive.identified) {
        // The Rasch model's facets are identified by the same design: the
        // additive fit's check (an exact rank test) stands for both.
        additive.model = EffectsModel::Rasch;
        additive.residual_sd.reset();
        return additive;
    }
    return fit_rasch(t, comp, fixed, free, progress);
}

}  // namespace detail

AssessorEffects fit_assessor_effects(const RatingTable& table, EffectsModel model,
                                     const ProgressCallback& progress) {
    if (table.ratings.empty())
        throw EvidenceError({table.source, 0, 0}, ErrorCode::FailedPrecondition,
                            detail::calibration_msg::no_numeric_ratings(table.source));
    return detail::fit_effects(table, detail::find_components(table), model, nullptr, nullptr,
                               progress);
}

}  // namespace shortlist

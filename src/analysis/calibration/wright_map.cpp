// The Wright map: applicants, assessors and criteria on the fit's one scale
// (anchoring.hpp; docs/calibration.md#wright-map).
#include <string_view>

#include "shortlist/analysis/anchoring.hpp"

namespace shortlist {

std::string_view wright_map_units(EffectsModel model) {
    return model == EffectsModel::Rasch ? "logits" : "scale points";
}

std::optional<WrightMap> wright_map(const RatingTable& t, const AssessorEffects& e) {
    const bool rasch = e.model == EffectsModel::Rasch;
    if (!e.usable() || e.criterion_effects.size() != t.criteria.size() ||
        e.applicant_effects.size() != t.applicants.size() ||
        e.assessors.size() != t.assessors.size() ||
        (rasch && e.thresholds.size() != t.criteria.size()))
        return std::nullopt;
    WrightMap m;
    m.model = e.model;
    for (std::size_t a = 0; a < t.applicants.size(); ++a)
        if (e.applicant_effects[a])
            m.applicants.push_back({t.applicants[a].value(), *e.applicant_effects[a], false});
    for (const auto& a : e.assessors)
        if (a.n_ratings > 0)
            m.assessors.push_back({a.id.value(), a.severity, a.anchored});
    std::vector<bool> rated(t.criteria.size(), false);
    for (const auto& r : t.ratings)
        rated[r.criterion] = true;
    for (std::size_t c = 0; c < t.criteria.size(); ++c) {
        if (!rated[c])
            continue;
        // Additive: the criterion effect is its mean offset (+ = higher
        // scores); its difficulty on the map is the opposite.
        const double difficulty = rasch ? e.criterion_effects[c] : -e.criterion_effects[c];
        m.criteria.push_back({t.criteria[c].value(), difficulty == 0 ? 0.0 : difficulty, false});
        m.scales.push_back(t.scales[c]);
        if (rasch)
            m.thresholds.push_back(e.thresholds[c]);
    }
    return m;
}

}  // namespace shortlist

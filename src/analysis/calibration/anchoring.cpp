// Anchoring a calibration to an earlier one's severities, and the drift of
// the anchors (anchoring.hpp describes the method; docs/calibration.md#anchoring).
#include "shortlist/analysis/anchoring.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "analysis/calibration/anchor_messages.hpp"
#include "analysis/calibration/effects_internal.hpp"
#include "analysis/calibration/messages.hpp"

namespace shortlist {

namespace {

[[noreturn]] void fail(const SourceLocation& where, ErrorCode code, std::string message) {
    throw EvidenceError(where, code, std::move(message));
}

/// The anchors' model and scales must be this run's.
void check_anchors(const RatingTable& t, EffectsModel model, const Anchors& anchors) {
    if (anchors.model != model)
        fail(anchors.model_location, ErrorCode::FailedPrecondition,
             detail::anchor_msg::other_model(anchors.model, model));
    for (const auto& s : anchors.scales) {
        const auto it = std::find(t.criteria.begin(), t.criteria.end(), s.criterion);
        if (it == t.criteria.end())
            continue;
        const auto& here = t.scales[static_cast<std::size_t>(it - t.criteria.begin())];
        if (!(here == s.scale))
            fail(s.location, ErrorCode::FailedPrecondition,
                 detail::anchor_msg::other_scale(s.criterion.view(), s.scale, here));
    }
}

/// The held severities of the assessors rated here, and the ids not rated.
detail::FixedSeverities held_severities(const RatingTable& t,
                                        const detail::ConnectedComponents& comp,
                                        const Anchors& anchors,
                                        std::vector<std::string>& not_rated) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t j = 0; j < t.assessors.size(); ++j)
        index.emplace(t.assessors[j].value(), j);
    detail::FixedSeverities fixed;
    fixed.severity.assign(t.assessors.size(), std::nullopt);
    fixed.anchored_group.assign(comp.count, 0);
    for (const auto& a : anchors.assessors) {
        const auto it = index.find(a.id.value());
        const auto g =
            it == index.end() ? detail::ConnectedComponents::none : comp.of_assessor[it->second];
        if (g == detail::ConnectedComponents::none) {
            not_rated.push_back(a.id.value());
            continue;
        }
        fixed.severity[it->second] = a.severity;
        fixed.anchored_group[g] = 1;
    }
    return fixed;
}

/// Groups without an anchor, one note each.
void unanchored_groups(const RatingTable& t, const detail::ConnectedComponents& comp,
                       const detail::FixedSeverities& fixed, std::vector<std::string>& notes) {
    for (std::uint32_t g = 0; g < comp.count; ++g) {
        if (fixed.anchored(g))
            continue;
        std::vector<std::string> members;
        for (std::size_t j = 0; j < t.assessors.size(); ++j)
            if (comp.of_assessor[j] == g)
                members.push_back(t.assessors[j].value());
        notes.push_back(detail::anchor_msg::group_not_anchored(g + 1u, members));
    }
}

Anchoring drift_of(const RatingTable& t, const detail::FixedSeverities& fixed,
                   const std::vector<detail::FreeEstimate>& free, double threshold,
                   AssessorEffects& e) {
    Anchoring a;
    a.threshold = threshold;
    double sum = 0;
    std::size_t n = 0;
    for (std::uint32_t j = 0; j < t.assessors.size(); ++j) {
        if (e.assessors[j].n_ratings == 0)
            continue;
        if (!fixed.held(j)) {
            a.estimated.push_back(j);
            continue;
        }
        a.anchored.push_back(j);
        AnchorDrift d;
        d.assessor = j;
        d.anchored = *fixed.severity[j];
        if (j < free.size() && free[j].severity) {
            d.free = free[j].severity;
            d.drift = *d.free - d.anchored;
            d.se = free[j].se;
            d.flagged = std::abs(*d.drift) > threshold;
            a.flagged += d.flagged ? 1u : 0u;
            sum += std::abs(*d.drift);
            a.max_abs_drift = std::max(a.max_abs_drift.value_or(0.0), std::abs(*d.drift));
            ++n;
        } else if (e.usable()) {
            e.notes.push_back(detail::anchor_msg::only_anchor(t.assessors[j].view()));
        }
        a.drift.push_back(d);
    }
    if (n > 0)
        a.mean_abs_drift = sum / static_cast<double>(n);
    return a;
}

}  // namespace

AnchoredEffects fit_anchored_effects(const RatingTable& table, EffectsModel model,
                                     const Anchors& anchors, double drift_threshold,
                                     const ProgressCallback& progress) {
    if (table.ratings.empty())
        throw EvidenceError({table.source, 0, 0}, ErrorCode::FailedPrecondition,
                            detail::calibration_msg::no_numeric_ratings(table.source));
    check_anchors(table, model, anchors);
    const detail::ConnectedComponents comp = detail::find_components(table);
    std::vector<std::string> not_rated;
    const detail::FixedSeverities fixed = held_severities(table, comp, anchors, not_rated);
    if (std::none_of(fixed.severity.begin(), fixed.severity.end(),
                     [](const auto& s) { return s.has_value(); }))
        fail({anchors.source, 0, 0}, ErrorCode::FailedPrecondition,
             detail::anchor_msg::no_shared_assessor(anchors.source));
    std::vector<detail::FreeEstimate> free;
    AnchoredEffects out;
    out.effects = detail::fit_effects(table, comp, model, &fixed, &free, progress);
    if (anchors.scales.empty())
        out.effects.notes.push_back(detail::anchor_msg::scales_not_recorded(anchors.source));
    unanchored_groups(table, comp, fixed, out.effects.notes);
    if (!not_rated.empty())
        out.effects.notes.push_back(detail::anchor_msg::not_rated(not_rated));
    out.anchoring = drift_of(table, fixed, free, drift_threshold, out.effects);
    out.anchoring.source = anchors.source;
    for (auto& id : not_rated)
        out.anchoring.not_rated.emplace_back(std::move(id));
    return out;
}

}  // namespace shortlist

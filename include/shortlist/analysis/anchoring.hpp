// Anchoring a calibration to an earlier one, and the Wright map
// (docs/calibration.md#anchoring, docs/calibration.md#wright-map).
//
// Anchoring
// ---------
// The assessors shared with an earlier calibration keep their earlier
// severities; the others, and the applicants, criteria and (Rasch) thresholds,
// are estimated around them, so the new assessors' severities are on the
// earlier scale. Identification: without anchors each connected group of
// assessors is centred on its own panel (severities sum to zero); in a group
// that holds an anchored assessor the anchors set the origin instead, and the
// group is not centred. A group without an anchored assessor is centred as
// before, and a note says its severities are not on the earlier scale.
// Criteria are centred on 0 in both runs (the same convention), so the scale
// is the earlier one when the criteria are the same.
//
// Drift: each anchored assessor's severity estimated freely, the other
// anchors held, minus its anchored value. Additive model: the exact least-
// squares estimate with that assessor's effect freed (applicants, criteria
// and new assessors re-estimated), from the anchored fit's normal equations
// by one Schur complement per assessor; its standard error is
// sqrt(σ² / Schur complement). Rasch: Newton's method on the assessor's
// severity together with the abilities of the applicants it rated (eliminated
// at each step), every other estimate held at the anchored fit; its standard
// error is 1/sqrt(the information left after the elimination). An assessor
// who is the only anchor of its group has no free estimate (freeing it leaves
// the origin unset). A drifted anchor, held, pulls the others' drift the
// other way by about its drift over the number of other anchors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/calibration.hpp"
#include "shortlist/error.hpp"
#include "shortlist/ids.hpp"

namespace shortlist {

/// One assessor's severity from an earlier calibration.
struct AssessorAnchor {
    AssessorId id;
    double severity = 0;      ///< scale points (additive) or logits (Rasch)
    SourceLocation location;  ///< in the anchor file, for messages

    friend bool operator==(const AssessorAnchor&, const AssessorAnchor&) = default;
};

/// A criterion's scale as the earlier calibration recorded it.
struct AnchorScale {
    CriterionId criterion;
    ScaleRange scale;
    SourceLocation location;

    friend bool operator==(const AnchorScale&, const AnchorScale&) = default;
};

/// What an earlier calibration fixes: its model, its assessors' severities
/// and its criteria's scales (empty if it did not record them).
struct Anchors {
    std::string source;  ///< the anchor file, for messages
    EffectsModel model = EffectsModel::Additive;
    SourceLocation model_location;
    std::vector<AssessorAnchor> assessors;
    std::vector<AnchorScale> scales;

    friend bool operator==(const Anchors&, const Anchors&) = default;
};

/// Drift beyond this (scale points for the additive model, logits for Rasch)
/// is flagged: half a logit is the usual limit for an anchor's displacement.
inline constexpr double default_drift_threshold = 0.5;

/// One anchored assessor's drift.
struct AnchorDrift {
    std::uint32_t assessor = 0;   ///< in the table
    double anchored = 0;          ///< the earlier severity, held
    std::optional<double> free;   ///< estimated freely, the other anchors held
    std::optional<double> drift;  ///< free − anchored
    std::optional<double> se;     ///< of the free estimate
    bool flagged = false;         ///< |drift| > threshold

    friend bool operator==(const AnchorDrift&, const AnchorDrift&) = default;
};

struct Anchoring {
    std::string source;                    ///< the anchor file
    std::vector<std::uint32_t> anchored;   ///< assessors held at their earlier severity
    std::vector<std::uint32_t> estimated;  ///< assessors new to the scale (rated here)
    std::vector<AssessorId> not_rated;     ///< anchor ids with no rating here
    std::vector<AnchorDrift> drift;        ///< one per anchored assessor, same order
    std::optional<double> mean_abs_drift;  ///< over the drifts estimated
    std::optional<double> max_abs_drift;
    double threshold = default_drift_threshold;
    std::size_t flagged = 0;  ///< drifts beyond the threshold

    friend bool operator==(const Anchoring&, const Anchoring&) = default;
};

struct AnchoredEffects {
    AssessorEffects effects;  ///< anchored assessors have `anchored` set and no se
    Anchoring anchoring;
};

/// Fit `model` with the anchors' assessors held at their severities. Throws
/// EvidenceError at the anchor file when it holds another model's
/// calibration (at its "model"), a criterion on another scale (at its
/// scale), or no assessor rated here; and as fit_assessor_effects does.
[[nodiscard]] AnchoredEffects fit_anchored_effects(const RatingTable& table, EffectsModel model,
                                                   const Anchors& anchors,
                                                   double drift_threshold = default_drift_threshold,
                                                   const ProgressCallback& progress = {});

/// One element on a Wright map.
struct WrightMapEntry {
    std::string id;
    double measure = 0;
    bool anchored = false;  ///< assessors: held at an earlier severity

    friend bool operator==(const WrightMapEntry&, const WrightMapEntry&) = default;
};

/// Applicants, assessors and criteria on one scale, oriented alike: the
/// expected rating rises with (applicant − criterion − assessor). Rasch, in
/// logits: ability, difficulty and severity, and each criterion's
/// thresholds. Additive, in scale points: the applicant effect (the expected
/// score from an average assessor on an average criterion), the criterion's
/// difficulty (−its mean offset) and the severity.
struct WrightMap {
    EffectsModel model = EffectsModel::Additive;
    std::vector<WrightMapEntry> applicants;       ///< estimated ones, in table order
    std::vector<WrightMapEntry> assessors;        ///< estimated ones, in table order
    std::vector<WrightMapEntry> criteria;         ///< rated ones, in table order
    std::vector<ScaleRange> scales;               ///< of each criterion above
    std::vector<std::vector<double>> thresholds;  ///< Rasch: of each criterion above

    friend bool operator==(const WrightMap&, const WrightMap&) = default;
};

/// "logits" (Rasch) or "scale points" (additive).
[[nodiscard]] std::string_view wright_map_units(EffectsModel model);

/// The map of usable effects fitted to `table`; nullopt when the effects are
/// not usable (or the Rasch fit's estimates are incomplete).
[[nodiscard]] std::optional<WrightMap> wright_map(const RatingTable& table,
                                                  const AssessorEffects& effects);

}  // namespace shortlist

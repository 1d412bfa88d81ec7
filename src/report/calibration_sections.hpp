// Sections of the calibrate report written by their own functions
// (calibration_scale_writers.cpp): anchoring and the Wright map
// (docs/calibration.md#anchoring, docs/calibration.md#wright-map), and the
// precision of a fit's numbers, which every section shares. Private to
// src/report/.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "report/format.hpp"
#include "shortlist/report/calibration.hpp"
#include "util/json.hpp"

namespace shortlist::report {

/// The Rasch fit's numbers are written to six decimals: it stops when no step
/// is 1e-7 logits, so digits past the sixth are not known
/// (docs/calibration.md#the-rasch-fit). The additive model's are exact
/// (least squares) and keep the shortest round-trip text.
inline constexpr int rasch_decimals = 6;

/// A number of a fit in JSON: six decimals for the Rasch model, else shortest.
inline void json_fitted(detail::JsonWriter& w, const std::optional<double>& v, bool rasch) {
    if (v && rasch)
        w.value(*v, rasch_decimals);
    else
        json_number(w, v);
}

/// The same in a CSV cell.
inline std::string csv_fitted(const std::optional<double>& v, bool rasch) {
    return v && rasch && std::isfinite(*v) ? detail::format_fixed(*v, rasch_decimals)
                                           : csv_number(v);
}

/// "anchoring": who was held, who is new, and the anchors' drift; only with anchors.
void write_anchoring_json(detail::JsonWriter& w, const CalibrationReport& r);
/// "wright_map": applicants, assessors and criteria on one scale (null when
/// the effects are not usable).
void write_wright_map_json(detail::JsonWriter& w, const CalibrationReport& r);
/// The text's anchoring section; only with anchors.
void write_anchoring_text(std::ostream& os, const CalibrationReport& r);

}  // namespace shortlist::report

// Sections of the calibrate report written by their own functions
// (calibration_scale_writers.cpp): anchoring and the Wright map
// (docs/calibration.md#anchoring, docs/calibration.md#wright-map). Private to
// src/report/.
#pragma once

#include <iosfwd>

#include "shortlist/report/calibration.hpp"
#include "util/json.hpp"

namespace shortlist::report {

/// "anchoring": who was held, who is new, and the anchors' drift; only with anchors.
void write_anchoring_json(detail::JsonWriter& w, const CalibrationReport& r);
/// "wright_map": applicants, assessors and criteria on one scale (null when
/// the effects are not usable).
void write_wright_map_json(detail::JsonWriter& w, const CalibrationReport& r);
/// The text's anchoring section; only with anchors.
void write_anchoring_text(std::ostream& os, const CalibrationReport& r);

}  // namespace shortlist::report

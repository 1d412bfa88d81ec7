// The calibrate report's generalizability sections (docs/calibration.md,
// "Generalizability"): JSON object, text lines and CSV table. Private to
// src/report/.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "shortlist/analysis/generalizability.hpp"
#include "shortlist/ids.hpp"
#include "util/json.hpp"

namespace shortlist::report {

/// `"generalizability": {...}` inside a criterion's object; with `criteria`
/// (the table's ids, naming the weights) inside the overall object.
void write_generalizability(detail::JsonWriter& w, const Generalizability& g,
                            const std::vector<CriterionId>* criteria = nullptr);
/// The text section: one block per criterion and overall.
void write_generalizability_text(std::ostream& os, const GeneralizabilityStudy& s);
/// generalizability.csv: one row per criterion and overall.
void generalizability_csv(std::ostream& os, const GeneralizabilityStudy& s);

}  // namespace shortlist::report

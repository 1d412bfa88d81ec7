// The panel's report: one self-contained HTML file with the shortlist, the
// distribution of totals, the panel's agreement and severity, the weight
// sensitivity, adverse impact by stage, each applicant's explanation and the
// audit record (docs/report.md). Charts are inline SVG; no script, no network.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// What the report shows. Everything is borrowed (not owned) and must outlive
/// write_html; a part left null is shown as not computed, with the reason.
struct HtmlReport {
    /// The panel's agreement on one criterion: criterion_matrix(), then
    /// intraclass_correlation() and krippendorff_alpha() (interval metric).
    struct Agreement {
        std::string criterion;
        std::size_t applicants = 0;  ///< subjects of the matrix
        std::size_t assessors = 0;   ///< raters of the matrix
        std::size_t ratings = 0;
        IccResult icc;
        AlphaResult alpha;
    };

    const Rulebook* rulebook = nullptr;    ///< required
    const Shortlist* shortlist = nullptr;  ///< required; explanations want the breakdown
    /// what_it_takes(), one per entry of the shortlist.
    const std::vector<WhatItTakes>* what_it_takes = nullptr;
    /// Calibration: the rating table, the assessor effects fitted on it and
    /// the moderation worklist, and the agreement per criterion.
    const RatingTable* ratings = nullptr;
    const AssessorEffects* effects = nullptr;
    const Moderation* moderation = nullptr;
    const std::vector<Agreement>* agreement = nullptr;
    const SensitivityResult* sensitivity = nullptr;
    const FairnessReport* fairness = nullptr;
    /// The audit record as a JSON document, shown verbatim (escaped); empty:
    /// the audit section says there is none.
    std::string audit_json;
    /// How to reproduce the report, shown under the audit record (e.g.
    /// "shortlist verify report.html").
    std::string reproduce;
    /// Sentences for the top of the report (e.g. columns dropped on load).
    std::vector<std::string> notes;
};

/// The section ids every report has, in order (docs/report.md): summary,
/// distribution, groups, agreement, moderation, severity, sensitivity,
/// fairness, explanations, audit.
[[nodiscard]] const std::vector<std::string>& html_section_ids();

/// Write the report: UTF-8 HTML5 with inline CSS (print styles included), a
/// Content-Security-Policy that forbids every request (default-src 'none';
/// style-src 'unsafe-inline'; img-src data:), no script. Every text taken from
/// the inputs is escaped. Byte-deterministic: the same inputs give the same
/// bytes (numbers are written locale-free; nothing reads the clock).
/// Throws Error (InvalidArgument) when rulebook or shortlist is null.
void write_html(std::ostream& out, const HtmlReport& report);

/// The shortlist as `shortlist fairness` reads the score output
/// (load_results): status, whether every gate was passed, and the failed
/// gates as "kind:id" ("pass_mark" alone), gates known.
[[nodiscard]] Results results_of(const Shortlist& shortlist);

}  // namespace shortlist

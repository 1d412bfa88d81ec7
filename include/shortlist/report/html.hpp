// The panel's report: one self-contained HTML file with the shortlist, the
// distribution of totals, the panel's agreement and severity, the weight
// sensitivity, adverse impact by stage, each applicant's explanation and the
// audit record (docs/report.md). Charts are inline SVG; no script, no network.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/explain.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/calibration.hpp"
#include "shortlist/report/progress.hpp"
#include "shortlist/report/recorder.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// What the report shows. A part left empty is shown as not computed, with
/// the reason.
struct PanelReport {
    Rulebook rulebook;    ///< as applied (the Scorer's)
    Shortlist shortlist;  ///< with the per-criterion breakdown, for the explanations
    /// what_it_takes(), one per entry of the shortlist (empty: left out).
    std::vector<WhatItTakes> what_it_takes;
    /// The panel's agreement, severity and moderation (none without ratings).
    std::optional<CalibrationReport> calibration;
    std::optional<SensitivityResult> sensitivity;  ///< none with no draws
    std::optional<FairnessReport> fairness;        ///< none without monitoring
    /// Sentences for the top of the report (e.g. columns dropped on load).
    std::vector<std::string> notes;
};

/// What `shortlist report` reads.
struct PanelRequest {
    std::filesystem::path rules;
    std::filesystem::path applicants;
    std::optional<std::filesystem::path> ratings;
    std::optional<std::filesystem::path> monitoring;  ///< adds adverse impact
    std::optional<std::size_t> top;                   ///< else the rulebook's shortlist.top
    std::size_t draws = 1000;                         ///< weight draws (0: no sensitivity)
    std::uint64_t seed = 1;                           ///< of the draws
    ProgressCallback progress;                        ///< the draws' progress; may be empty
    /// Every long step's progress: each file read ("reading applicants.csv"),
    /// the calibration's "alpha bootstrap", and the "weight draws" (unless
    /// `progress` is set); may be empty (shortlist/progress.hpp).
    ProgressSteps steps = {};
    /// The HTML file the report will be written to, and its record: refused
    /// before anything is read if either is an input.
    ResultDestination destination;
};

/// Load the rulebook (refusing protected or identifying columns in the
/// applicants file, as score does), record every input in `recorder` before it
/// is read (and the seed when there are draws), load the evidence, score and
/// select, and run the analyses: what_it_takes(); with ratings,
/// calibration_report() (additive model, the rulebook's moderation policy,
/// 1,000 bootstrap resamples); with draws, sensitivity() (Dirichlet,
/// concentration 100); with monitoring, assess_fairness() on results_of()
/// the shortlist. Throws the loaders' errors; UsageError if the destination
/// is an input.
[[nodiscard]] PanelReport panel_report(const PanelRequest& request, RunRecorder& recorder);

/// The section ids every report has, in order (docs/report.md): summary,
/// distribution, groups, agreement, moderation, severity, sensitivity,
/// fairness, explanations, audit.
[[nodiscard]] const std::vector<std::string>& html_section_ids();

/// Write the report: UTF-8 HTML5 with inline CSS (print styles included), a
/// Content-Security-Policy that forbids every request (default-src 'none';
/// style-src 'unsafe-inline'; img-src data:), no script. Every text taken from
/// the inputs is escaped. `audit` (may be null) is shown in the audit section
/// with `reproduce`, the command that reproduces the report. Byte-
/// deterministic: the same report and record give the same bytes (numbers
/// are written locale-free; nothing reads the clock).
void write_html(std::ostream& out, const PanelReport& report, const AuditRecord* audit = nullptr,
                std::string_view reproduce = {});

/// The shortlist as `shortlist fairness` reads the score output
/// (load_results): status, whether every gate was passed, and the failed
/// gates as "kind:id" ("pass_mark" alone), gates known.
[[nodiscard]] ScoreResults results_of(const Shortlist& shortlist);

}  // namespace shortlist

// The steps of every report that scores applicants from files (score_report,
// panel_report; docs/scoring.md): open the run, then score and select.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/recorder.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist::report {

/// A run's rulebook as loaded, the applicants file's monitoring-only columns,
/// dropped on load and never scored (docs/fairness.md, "Blind sifting"), and
/// the options to read the evidence with: their byte sinks pass the files to
/// the recorder as they are read (docs/audit.md).
struct OpenedRun {
    Rulebook rulebook;
    std::vector<std::string> dropped_columns;
    LoadOptions load;
};

/// Load the rulebook (at `stage`, if given), refuse protected or identifying
/// columns in the applicants file, and record the rulebook, the applicants
/// and the ratings in `recorder` (RunRecorder::input_as_read: the caller reads
/// the evidence with the returned `load`, then calls recorder.inputs_read()).
/// The caller records its other inputs and refuses its destinations after this.
[[nodiscard]] OpenedRun open_run(const std::filesystem::path& rules,
                                 const std::filesystem::path& applicants,
                                 const std::optional<std::filesystem::path>& ratings,
                                 const std::optional<Stage>& stage, RunRecorder& recorder);

/// Score the evidence, add notes[i] (where there is one and it is not empty)
/// to the outcome of applicant i, and select the shortlist of `top` (else the
/// rulebook's shortlist.top).
[[nodiscard]] Shortlist score_and_select(const Scorer& scorer, const Evidence& evidence,
                                         const ScoreOptions& options,
                                         std::optional<std::size_t> top,
                                         std::vector<std::string> notes = {});

/// The same from evidence read for scoring only (load_tallied_evidence).
[[nodiscard]] Shortlist score_and_select(const Scorer& scorer, TalliedEvidence&& evidence,
                                         const ScoreOptions& options,
                                         std::optional<std::size_t> top,
                                         std::vector<std::string> notes = {});

}  // namespace shortlist::report

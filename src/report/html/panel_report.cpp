// The report command's pipeline (html.hpp, docs/report.md): load and score as
// score does, then the analyses the panel's report shows.
#include <utility>

#include "report/format.hpp"
#include "report/scoring_run.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/report/html.hpp"

namespace shortlist {

namespace {

/// Record the inputs score's do not include (before they are read), and
/// refuse a destination that is an input.
void record_inputs(const PanelRequest& request, RunRecorder& recorder) {
    if (request.monitoring)
        recorder.input("monitoring", *request.monitoring);
    if (request.draws > 0)
        recorder.seed(request.seed);
    if (request.destination.file)
        recorder.refuse_overwriting_inputs(*request.destination.file, "--out");
    if (request.destination.record)
        recorder.refuse_overwriting_inputs(*request.destination.record, "--out's record");
}

/// The panel's calibration, when there are ratings.
std::optional<CalibrationReport> calibrate(const Evidence& evidence, const Rulebook& rulebook,
                                           std::optional<std::size_t> top,
                                           const ProgressSteps& progress) {
    RatingTable table = make_rating_table(evidence, rulebook);
    if (table.ratings.empty())
        return std::nullopt;
    CalibrationOptions options;
    options.threshold = rulebook.moderation.threshold.value_or(default_moderation_threshold);
    options.min_severity = rulebook.moderation.min_severity.value_or(default_min_severity);
    options.progress = progress;
    options.top = top;
    // No rulebook and evidence: the report does not show the shortlist
    // without assessor effects, so the two extra scorings are not done.
    return calibration_report(std::move(table), options, nullptr, nullptr);
}

}  // namespace

PanelReport panel_report(const PanelRequest& request, RunRecorder& recorder) {
    // Opened, scored and selected as score_report does (explained: the
    // report shows each applicant's breakdown).
    report::OpenedRun run =
        report::open_run(request.rules, request.applicants, request.ratings, {}, recorder);
    record_inputs(request, recorder);
    run.load.progress = request.steps;
    const Evidence evidence =
        load_evidence(run.rulebook, request.applicants, request.ratings, run.load);
    recorder.inputs_read();
    const Scorer scorer(std::move(run.rulebook));
    PanelReport r;
    r.rulebook = scorer.rulebook();
    r.shortlist = report::score_and_select(scorer, evidence, ScoreOptions{}, request.top);
    r.what_it_takes = what_it_takes(r.rulebook, r.shortlist);
    r.calibration = calibrate(evidence, r.rulebook, request.top, request.steps);
    if (request.draws > 0) {
        SensitivityOptions options;
        options.draws = request.draws;
        options.seed = request.seed;
        options.progress = request.progress ? request.progress
                                            : progress_step(request.steps, "weight draws", "draws");
        r.sensitivity = sensitivity(r.rulebook, r.shortlist, options);
    }
    if (request.monitoring)
        r.fairness = assess_fairness(results_of(r.shortlist), load_monitoring(*request.monitoring));
    if (!run.dropped_columns.empty())
        r.notes.push_back(report::dropped_columns_note(request.applicants, run.dropped_columns));
    return r;
}

}  // namespace shortlist

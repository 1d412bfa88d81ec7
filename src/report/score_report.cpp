// The score command's report: rulebook and evidence to the ranked shortlist,
// with the assessor adjustment, what it takes and score bands when asked for
// (docs/scoring.md).
#include <algorithm>
#include <cstdint>
#include <utility>

#include "report/format.hpp"
#include "report/request_errors.hpp"
#include "report/scoring_run.hpp"
#include "shortlist/analysis/generalizability.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/report/score.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

/// Remove each assessor's severity from the evidence (the model calibrate fits)
/// and tell each applicant, in a note, which adjustments reached their ratings.
/// Returns the note for every applicant, by evidence index.
std::vector<std::string> adjust_assessors(Evidence& evidence, const Rulebook& rulebook,
                                          EffectsModel model, const ProgressSteps& progress) {
    const AssessorEffects effects =
        fit_assessor_effects(make_rating_table(evidence, rulebook), model,
                             model == EffectsModel::Rasch ? progress_step(progress, "Rasch fit", "")
                                                          : ProgressCallback{});
    evidence = adjust_for_assessors(evidence, rulebook, effects);  // throws if not usable

    // Adjustment of each evidence assessor (matched by id, as adjust_for_assessors does).
    std::vector<std::optional<double>> by_assessor(evidence.assessors.size());
    for (const auto& e : effects.assessors)
        for (std::size_t j = 0; j < evidence.assessors.size(); ++j)
            if (evidence.assessors[j] == e.id)
                by_assessor[j] = e.adjustment;
    // Which assessors scored each applicant: one pass over the ratings.
    std::vector<std::vector<std::uint16_t>> seen(evidence.applicants.size());
    for (const auto& r : evidence.ratings) {
        if (r.kind != RatingKind::Score || !by_assessor[r.assessor])
            continue;
        auto& v = seen[r.applicant];
        if (std::find(v.begin(), v.end(), r.assessor) == v.end())
            v.push_back(r.assessor);
    }
    std::vector<std::string> notes(evidence.applicants.size());
    const std::string head = "scores adjusted for assessor severity (" +
                             std::string(to_string(model)) + " model; scale points added): ";
    for (std::size_t a = 0; a < seen.size(); ++a) {
        auto& v = seen[a];
        if (v.empty())
            continue;
        std::sort(v.begin(), v.end());
        std::string note = head;
        for (std::size_t k = 0; k < v.size(); ++k) {
            const double x = *by_assessor[v[k]];
            note += (k ? ", " : "") + evidence.assessors[v[k]].value() + ' ' + (x > 0 ? "+" : "") +
                    detail::format_fixed(x, 3);
        }
        notes[a] = std::move(note);
    }
    return notes;
}

/// The band settings: the request's, else the rulebook's shortlist.bands.
/// Without either reliability, reliability_source is empty: the panel's G
/// is taken from the ratings once they are loaded (panel_reliability).
BandOptions band_options(const BandRequest& request, const Rulebook& rb) {
    const std::optional<BandPolicy> policy = rb.shortlist.bands;
    BandOptions b;
    if (request.reliability) {
        b.reliability = *request.reliability;
        b.reliability_source = "--reliability";
    } else if (policy && policy->reliability) {
        b.reliability = *policy->reliability;
        b.reliability_source = "rulebook";
    }
    if (request.confidence)
        b.confidence = *request.confidence;
    else if (policy && policy->confidence)
        b.confidence = *policy->confidence;
    if (request.method)
        b.method = *request.method;
    else if (policy && policy->method)
        b.method = *policy->method;
    return b;
}

/// The reliability of the totals when none is given: G of the rulebook's
/// weighted total from the same ratings (docs/calibration.md,
/// "Generalizability"), with the number of assessors the applicants have.
void panel_reliability(BandOptions& b, const Evidence& evidence, const Rulebook& rb) {
    const RatingTable table = make_rating_table(evidence, rb);
    const Generalizability g = generalizability(table, composite_weights(table, rb)).overall;
    if (!g.g) {
        std::string why = g.notes.empty() ? "there are no numeric ratings" : g.notes.back();
        throw request_error("score",
                            "--bands needs the reliability of the totals: --reliability R, or "
                            "shortlist.bands.reliability in the rulebook (the ratings give no G "
                            "of the weighted total: " +
                                why + ")");
    }
    b.reliability = std::clamp(*g.g, 0.0, 1.0);
    b.reliability_source = "panel G from the ratings (" + std::string(to_string(g.estimator)) +
                           ", " + detail::format_fixed(g.assessors, 2) +
                           " assessors per applicant)";
}

/// Score the loaded evidence (an Evidence, or TalliedEvidence), each adjusted
/// applicant's note added.
template <typename Loaded>
Shortlist score_loaded(const Scorer& scorer, Loaded&& evidence, std::vector<std::string> adjusted,
                       const ScoreRequest& request) {
    ScoreOptions options;
    options.explain = request.explain;         // only the JSON breakdown reads it
    options.explain |= request.what_it_takes;  // what it takes rescores from the breakdown
    Shortlist result = report::score_and_select(scorer, std::forward<Loaded>(evidence), options,
                                                request.top, std::move(adjusted));
    if (request.shortlist_only)
        std::erase_if(result.entries,
                      [](const ShortlistEntry& e) { return !on_shortlist(e.status); });
    return result;
}

/// Refuse a destination that is one of the inputs.
void refuse_destinations(const ScoreRequest& request, RunRecorder& recorder) {
    const ResultDestination& to = request.destination;
    if (to.file)
        recorder.refuse_overwriting_inputs(*to.file, "--out");
    if (to.record)
        recorder.refuse_overwriting_inputs(*to.record, "--audit");
    recorder.result_path(request.format == ScoreFormat::Json ? to.file : std::nullopt);
}

}  // namespace

ScoreReport score_report(const ScoreRequest& request, RunRecorder& recorder) {
    ScoreReport report;
    report::OpenedRun run = report::open_run(request.rules, request.applicants, request.ratings,
                                             request.stage, recorder);
    report.rulebook = std::move(run.rulebook);
    report.dropped_columns = std::move(run.dropped_columns);
    refuse_destinations(request, recorder);
    run.load.progress = request.progress;
    std::optional<BandOptions> bands =
        request.bands ? std::optional(band_options(*request.bands, report.rulebook)) : std::nullopt;
    if (request.shortlist_only && (bands || request.what_it_takes))
        throw request_error("score",
                            "--shortlist-only leaves out the applicants that --what-it-takes and "
                            "--bands explain: give one or the other");
    // The stream keeps only the shortlist; adjusting for assessors needs every rating.
    const bool stream = request.shortlist_only && !request.adjust_assessors &&
                        (request.top || report.rulebook.shortlist.top) &&
                        streamable(request.applicants, request.ratings);
    // Only the adjustment and the panel's G read the ratings themselves;
    // otherwise they are tallied as read, not kept (docs/evidence.md).
    const bool keep_ratings =
        request.adjust_assessors || (bands && bands->reliability_source.empty());
    std::optional<Evidence> evidence;
    std::optional<TalliedEvidence> tallied;
    std::vector<std::string> adjusted;
    if (!stream && !keep_ratings) {
        tallied =
            load_tallied_evidence(report.rulebook, request.applicants, request.ratings, run.load);
        recorder.inputs_read();
    } else if (!stream) {
        evidence = load_evidence(report.rulebook, request.applicants, request.ratings, run.load);
        recorder.inputs_read();
        if (bands && bands->reliability_source.empty())  // before any adjustment
            panel_reliability(*bands, *evidence, report.rulebook);
        if (request.adjust_assessors)
            adjusted = adjust_assessors(*evidence, report.rulebook, *request.adjust_assessors,
                                        request.progress);
    }
    const Scorer scorer(report.rulebook);
    if (request.note && !report.dropped_columns.empty())
        request.note(report::dropped_columns_note(request.applicants, report.dropped_columns));
    if (stream) {
        StreamOptions options;
        options.top = request.top;
        options.explain = request.explain;
        options.progress = request.progress;
        options.applicants_bytes = run.load.applicants_bytes;
        options.ratings_bytes = run.load.ratings_bytes;
        report.shortlist =
            shortlist_stream(scorer, request.applicants, request.ratings, options).shortlist;
        recorder.inputs_read();  // the first pass gave the files' bytes
    } else if (tallied) {
        report.shortlist = score_loaded(scorer, std::move(*tallied), {}, request);
    } else {
        report.shortlist = score_loaded(scorer, *evidence, std::move(adjusted), request);
    }
    report.rulebook = scorer.rulebook();
    report.explain = request.explain;
    if (request.what_it_takes)
        report.what_it_takes = what_it_takes(report.rulebook, report.shortlist);
    if (bands)
        report.bands = band(report.shortlist, *bands);
    return report;
}

}  // namespace shortlist

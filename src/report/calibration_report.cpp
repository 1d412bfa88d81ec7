// The calibrate command's report: the agreement statistics of each criterion
// and over all of them, the assessor effects, the moderation worklist and the
// shortlist without assessor effects (docs/calibration.md).
#include <cmath>
#include <cstdint>
#include <utility>

#include "report/request_errors.hpp"
#include "report/table_names.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/calibration.hpp"
#include "shortlist/scorer.hpp"
#include "util/parallel.hpp"
#include "util/progress.hpp"

namespace shortlist {

namespace {

/// The largest subjects x assessors matrix handed to the agreement
/// statistics (8 bytes a cell: 400 MB).
constexpr double max_agreement_cells = 50e6;

std::string too_big_note(const MatrixShape& shape) {
    return "agreement not computed: " + std::to_string(shape.subjects) + " subjects x " +
           std::to_string(shape.raters) +
           " assessors is more than the 50 million cells the statistics' dense matrix may hold";
}

/// A note that lists thousands of ids (subjects left out of a complete
/// block) cut to its first ids and a count of the rest, so that the report
/// stays readable; the statistics' own result keeps the full lists.
std::string shorten(const std::string& note) {
    constexpr std::size_t keep = 400;
    if (note.size() <= keep)
        return note;
    const auto cut = note.rfind(", ", keep);
    if (cut == std::string::npos || note.find(": ") > cut)
        return note;
    std::size_t rest = 1;
    for (auto p = note.find(", ", cut + 2); p != std::string::npos; p = note.find(", ", p + 2))
        ++rest;
    return note.substr(0, cut) + ", ... and " + std::to_string(rest) + " more";
}

/// Each statistic's notes, prefixed with its name.
void collect_notes(CriterionAgreement& a) {
    auto add = [&](std::string_view what, const std::vector<std::string>& notes) {
        for (const auto& n : notes)
            a.notes.push_back(std::string(what) + ": " + shorten(n));
    };
    add("ICC", a.icc.notes);
    for (std::size_t i = 0; i < 4; ++i)
        add("alpha (" + std::string(alpha_metric_names[i]) + ")", a.alpha[i].notes);
    add("Fleiss' kappa", a.fleiss.notes);
    add("Kendall's W", a.kendall.notes);
    add("AC1/AC2 and Brennan-Prediger", a.chance.notes);
    for (const auto& c : a.cohen)
        add("Cohen's kappa (" + a.labels[c.rater_a] + ", " + a.labels[c.rater_b] + ")", c.notes);
}

/// The bootstrap's resamples and their progress (CalibrationOptions::progress).
struct Bootstrap {
    std::size_t samples = 0;
    detail::ProgressTally* tally = nullptr;
};

CriterionAgreement agreement(std::string name, const RatingTable& table,
                             std::optional<std::uint32_t> criterion, const Bootstrap& bootstrap,
                             const std::optional<ScaleRange>& scale) {
    AgreementSetOptions options;
    options.bootstrap_samples = bootstrap.samples;
    if (bootstrap.tally != nullptr)
        options.progress = bootstrap.tally->part();
    if (scale) {
        options.scale_min = scale->min;
        options.scale_max = scale->max;
    }
    AgreementSet set = table_agreement_set(table, criterion, options);
    CriterionAgreement a;
    a.name = std::move(name);
    a.n_applicants = set.subjects;
    a.n_assessors = set.raters;
    a.n_ratings = set.ratings;
    a.icc = std::move(set.icc);
    a.alpha = std::move(set.alpha);
    a.fleiss = std::move(set.fleiss);
    a.kendall = std::move(set.kendall);
    a.cohen = std::move(set.cohen);
    a.chance = std::move(set.chance);
    a.labels = std::move(set.rater_labels);
    collect_notes(a);
    return a;
}

/// The agreement statistics take a dense subjects x assessors matrix: a
/// national panel of hundreds of assessors would need gigabytes. The counts
/// and a note instead, for a matrix too big.
std::optional<CriterionAgreement> too_big(const std::string& name, const MatrixShape& shape) {
    const double cells = static_cast<double>(shape.subjects) * static_cast<double>(shape.raters);
    if (cells <= max_agreement_cells)
        return std::nullopt;
    CriterionAgreement a;
    a.name = name;
    a.n_applicants = shape.subjects;
    a.n_assessors = shape.raters;
    a.n_ratings = shape.ratings;
    a.notes.push_back(too_big_note(shape));
    return a;
}

std::vector<CriterionAgreement> criterion_agreements(const RatingTable& table,
                                                     const Bootstrap& bootstrap) {
    std::vector<CriterionAgreement> out;
    for (std::uint32_t c = 0; c < table.criteria.size(); ++c) {
        const MatrixShape shape = matrix_shape(table, c);
        if (shape.subjects == 0)
            continue;
        if (auto skipped = too_big(table.criteria[c].value(), shape)) {
            out.push_back(std::move(*skipped));
            continue;
        }
        out.push_back(agreement(table.criteria[c].value(), table, c, bootstrap, table.scales[c]));
    }
    return out;
}

CriterionAgreement overall_agreement(const RatingTable& table, const Bootstrap& bootstrap) {
    std::vector<bool> seen(table.applicants.size(), false);
    std::size_t applicants = 0;
    for (const auto& x : table.ratings)
        if (!seen[x.applicant]) {
            seen[x.applicant] = true;
            ++applicants;
        }
    std::optional<ScaleRange> common = table.scales.front();
    for (const auto& sc : table.scales)
        if (!(sc == *common))
            common.reset();
    std::optional<CriterionAgreement> overall =
        too_big("overall", matrix_shape(table, std::nullopt));
    if (!overall)
        overall = agreement("overall", table, std::nullopt, bootstrap, common);
    overall->n_applicants = applicants;
    overall->notes.insert(overall->notes.begin(),
                          "over all criteria, each applicant's rating of one criterion is "
                          "one unit (subject)");
    return std::move(*overall);
}

/// The shortlist moves, or the note that says why there are none.
void add_moves(CalibrationReport& r, const CalibrationOptions& options, const Rulebook* rulebook,
               const Evidence* evidence) {
    if (evidence && rulebook && !r.effects.usable()) {
        r.notes.push_back(
            "the assessor effects could not be estimated: the adjusted shortlist "
            "is not computed");
    } else if (evidence && rulebook) {
        const Scorer scorer(*rulebook);
        const Shortlist before =
            select(scorer.rulebook(), scorer.score(*evidence, {false}), options.top);
        const Evidence adjusted = adjust_for_assessors(*evidence, *rulebook, r.effects);
        const Shortlist after =
            select(scorer.rulebook(), scorer.score(adjusted, {false}), options.top);
        r.moves = compare_shortlists(before, after);
    } else {
        r.notes.push_back("no --rules and --applicants: the adjusted shortlist is not computed");
    }
}

}  // namespace

CalibrationReport calibration_report(RatingTable table, const CalibrationOptions& options,
                                     const Rulebook* rulebook, const Evidence* evidence) {
    CalibrationReport r;
    r.table = std::move(table);
    if (r.table.observed_scales)
        r.notes.push_back("no rulebook: each criterion's scale is the range of its scores");
    const ProgressCallback rasch_progress = options.model == EffectsModel::Rasch
                                                ? progress_step(options.progress, "Rasch fit", "")
                                                : ProgressCallback{};
    if (options.anchors) {
        auto anchored = fit_anchored_effects(r.table, options.model, *options.anchors,
                                             options.drift_threshold, rasch_progress);
        r.effects = std::move(anchored.effects);
        r.anchoring = std::move(anchored.anchoring);
    } else {
        r.effects = fit_assessor_effects(r.table, options.model, rasch_progress);
    }
    r.moderation = moderate(r.table, r.effects, options.threshold, options.min_severity);
    // Each criterion's four alphas and the overall matrix's, as one step.
    detail::ProgressTally tally(
        options.bootstrap > 0 ? progress_step(options.progress, "alpha bootstrap", "resamples")
                              : ProgressCallback{},
        options.bootstrap * alpha_metric_names.size() * (r.table.criteria.size() + 1));
    const Bootstrap bootstrap{options.bootstrap, tally ? &tally : nullptr};
    // The overall matrix (as large as all the criteria's together) beside the
    // criteria: independent computations, so the result is the same either way.
    auto criteria = [&] { r.criteria = criterion_agreements(r.table, bootstrap); };
    auto overall = [&] { r.overall = overall_agreement(r.table, bootstrap); };
    if (!detail::run_beside(detail::worth_splitting(r.table.ratings.size(), 100'000), overall,
                            criteria)) {
        criteria();
        overall();
    }
    tally.finish();
    r.generalizability = generalizability(
        r.table, rulebook ? composite_weights(r.table, *rulebook) : std::vector<double>{});
    for (const auto& n : r.effects.notes)
        r.notes.push_back(n);
    add_moves(r, options, rulebook, evidence);
    return r;
}

CalibrationReport calibration_report(const CalibrationRequest& request, RunRecorder& recorder) {
    if (!request.ratings && !(request.rules && request.applicants))
        throw request_error("calibrate",
                            "--ratings is required (or --rules with --applicants A.jsonl "
                            "holding them)");
    if (request.applicants && !request.rules)
        throw request_error("calibrate", "--applicants needs --rules");
    CalibrationOptions options;
    options.model = request.model;
    options.top = request.top;
    options.bootstrap = request.bootstrap;
    options.progress = request.progress;
    std::optional<Rulebook> rulebook;
    if (request.rules) {
        rulebook = load_rulebook(*request.rules);
        recorder.rulebook(*rulebook);
        // The rulebook's moderation policy, unless the request says otherwise.
        options.threshold = rulebook->moderation.threshold.value_or(options.threshold);
        options.min_severity = rulebook->moderation.min_severity.value_or(options.min_severity);
    }
    options.threshold = request.threshold.value_or(options.threshold);
    options.min_severity = request.min_severity.value_or(options.min_severity);
    if (request.applicants)
        recorder.input("applicants", *request.applicants);
    if (request.ratings)
        recorder.input("ratings", *request.ratings);
    if (request.anchor) {
        recorder.input("anchor", *request.anchor);
        options.anchors = load_anchors(*request.anchor);
        options.drift_threshold = request.drift_threshold;
    }
    if (options.bootstrap > 0)
        recorder.seed(AlphaOptions{}.seed);
    if (request.csv_dir)
        recorder.refuse_overwriting_inputs_in(*request.csv_dir, report::calibration_table_names());
    if (request.applicants) {
        // The adjusted shortlist is scored: the sift is blind here too.
        (void)check_blind_columns(*rulebook, *request.applicants);
        const Evidence evidence =
            load_evidence(*rulebook, *request.applicants, request.ratings, request.progress);
        return calibration_report(make_rating_table(evidence, *rulebook), options, &*rulebook,
                                  &evidence);
    }
    const auto reading =
        progress_step(request.progress, "reading " + request.ratings->filename().string(), "bytes");
    if (rulebook)
        return calibration_report(load_rating_table(*request.ratings, *rulebook, reading), options,
                                  &*rulebook, nullptr);
    return calibration_report(load_rating_table(*request.ratings, reading), options, nullptr,
                              nullptr);
}

}  // namespace shortlist

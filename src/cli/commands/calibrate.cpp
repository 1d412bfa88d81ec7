// shortlist calibrate: agreement, assessor severity, moderation worklist and
// the shortlist without assessor effects (docs/calibration.md).
#include <cmath>
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"
#include "shortlist/report/calibration.hpp"
#include "shortlist/report/progress.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "calibrate";
constexpr std::string_view synopsis =
    "usage: shortlist calibrate [--rules R [--applicants A]] [--ratings X]\n"
    "                           [--model additive|rasch] [--threshold T]\n"
    "                           [--min-severity P] [--top N] [--bootstrap B]\n"
    "                           [--anchor EARLIER.json [--drift-threshold D]]\n"
    "                           [--json] [--csv DIR] [--xlsx FILE] [--quiet]\n\n"
    "How far the assessors agree, who marks harder or softer than the panel,\n"
    "which ratings need moderation, and (with --rules and --applicants) who\n"
    "enters or leaves the shortlist when assessor effects are removed.\n";

void declare(CommandLine& line) {
    line.ratings(
            "ratings CSV: applicant_id,criterion,assessor,score[,...] (required unless the "
            "--applicants JSON Lines file holds the ratings)")
        .rules(
            "the rulebook: scales from it (else from the data); with --applicants, the "
            "adjusted shortlist too")
        .applicants(
            "applicants CSV or JSON Lines (with --rules): the ratings are checked as score "
            "checks them, and the adjusted shortlist is computed");
    // clang-format off
    line.add()
        ("model,m", po::value<std::string>()->value_name("additive|rasch")->default_value("additive"),
         "assessor-effect model")
        ("threshold,t", po::value<double>()->value_name("T"),
         "moderation: ratings of one applicant and criterion more than T points apart (default: "
         "the rulebook's moderation.threshold, else 1)")
        ("min-severity", po::value<double>()->value_name("P"),
         "flag an assessor only if their adjustment is at least P scale points (default: the "
         "rulebook's moderation.min_severity, else 0.25)");
    line.top();
    line.add()
        ("bootstrap", po::value<std::size_t>()->value_name("B")->default_value(1000),
         "bootstrap resamples for Krippendorff's alpha interval (0: none)")
        ("anchor", po::value<std::string>()->value_name("EARLIER.json"),
         "hold the assessors of an earlier calibrate --json at their severities, and put the new "
         "ones on that scale")
        ("drift-threshold", po::value<double>()->value_name("D"),
         "with --anchor: flag an anchored assessor whose free estimate is more than D from its "
         "anchored severity (scale points or logits; default 0.5)");
    // clang-format on
    line.json().csv("also write the tables as CSV files in DIR (atomically)").quiet();
}

/// A number of scale points, 0 or more, if given.
std::optional<double> points_option(const CommandLine& line, const char* option) {
    if (!line.has(option))
        return std::nullopt;
    const double v = line.get<double>(option);
    if (!std::isfinite(v) || v < 0)
        throw line.error("--" + std::string(option) + " must be a number of points, 0 or more");
    return v;
}

/// The request as given; calibration_report checks which inputs it names.
CalibrationRequest read_request(const CommandLine& line) {
    CalibrationRequest request;
    const std::string model = line.get<std::string>("model");
    const auto parsed = parse_effects_model(model);
    if (!parsed)
        throw line.error("--model must be additive or rasch, not '" + model + "'");
    request.model = *parsed;
    request.threshold = points_option(line, "threshold");
    request.min_severity = points_option(line, "min-severity");
    request.top = line.top_size();
    request.rules = line.path("rules");
    request.applicants = line.path("applicants");
    request.ratings = line.path("ratings");
    request.bootstrap = line.get<std::size_t>("bootstrap");
    request.csv_dir = line.path("csv");
    request.anchor = line.path("anchor");
    if (const auto d = points_option(line, "drift-threshold")) {
        if (!request.anchor)
            throw line.error("--drift-threshold needs --anchor");
        request.drift_threshold = *d;
    }
    return request;
}

}  // namespace

int run_calibrate(const Args& args, std::ostream& out, std::ostream& err) {
    CommandLine line(name, synopsis);
    declare(line);
    if (!line.parse(args, out))
        return exit_ok;
    CalibrationRequest request = read_request(line);
    ProgressDisplay progress(err, std::string(name));
    if (show_progress(err, line.has("quiet")))
        request.progress = progress.steps();
    Audit audit(std::string(name), args);
    return write_report(out, audit, line, calibration_report(request, audit));
}

}  // namespace shortlist::cli

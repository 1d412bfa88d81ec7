// The score report from the library alone: the CSV and JSON `shortlist score`
// writes for the same inputs and options (the audit record's time masked), and
// the golden shortlists.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shortlist/report/calibration.hpp"
#include "shortlist/report/score.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

const std::string source = SHORTLIST_SOURCE_DIR;
const std::string examples = source + "/examples/data";

std::string csv_of(const ScoreReport& report) {
    return written([&](std::ostream& os) { write_csv(os, report); });
}

ScoreRequest staffordshire() {
    ScoreRequest request;
    request.rules = source + "/rules/staffordshire_pcso.yaml";
    request.applicants = examples + "/applicants.csv";
    request.ratings = examples + "/ratings/staffordshire-pcso.csv";
    return request;
}

std::vector<std::string> arguments(const ScoreRequest& r) {
    std::vector<std::string> a{"--rules", r.rules.string(), "--applicants", r.applicants.string()};
    if (r.ratings)
        a.insert(a.end(), {"--ratings", r.ratings->string()});
    return a;
}

}  // namespace

TEST_CASE("score: the golden shortlist, CSV and explained JSON, from the library", "[score]") {
    const InDirectory here(scratch_dir("score_golden"));
    ScoreRequest request = staffordshire();
    const std::vector<std::string> args = arguments(request);
    Audit audit("score", args);
    const ScoreReport csv = score_report(request, audit);
    CHECK(csv_of(csv) == slurp(source + "/tests/golden/staffordshire-pcso/expected.csv"));
    CHECK(csv_of(csv) == run_cli("score", args));

    request.format = ScoreFormat::Json;
    request.explain = true;
    std::vector<std::string> json_args = args;
    json_args.insert(json_args.end(), {"--format", "json", "--explain"});
    Audit json_audit("score", json_args);
    const ScoreReport json = score_report(request, json_audit);
    CHECK(mask_time(json_of(json_audit, json)) == mask_time(run_cli("score", json_args)));
}

TEST_CASE("score: what it takes and bands, from the library", "[score]") {
    const InDirectory here(scratch_dir("score_bands"));
    const std::string cli_data = source + "/tests/data/cli";
    ScoreRequest request;
    request.rules = cli_data + "/bands_rules.yaml";
    request.applicants = cli_data + "/applicants.csv";
    request.ratings = cli_data + "/ratings_ok.csv";
    request.what_it_takes = true;
    request.bands = BandRequest{0.8, std::nullopt, BandMethod::Fixed};
    std::vector<std::string> args = arguments(request);
    args.insert(args.end(),
                {"--what-it-takes", "--bands", "--reliability", "0.8", "--band-method", "fixed"});
    Audit audit("score", args);
    const ScoreReport report = score_report(request, audit);
    REQUIRE(report.what_it_takes);
    REQUIRE(report.bands);
    CHECK(report.bands->options.reliability_source == "--reliability");
    CHECK(csv_of(report) == run_cli("score", args));

    request.format = ScoreFormat::Json;
    args.insert(args.end(), {"--format", "json"});
    Audit json_audit("score", args);
    const ScoreReport json = score_report(request, json_audit);
    CHECK(mask_time(json_of(json_audit, json)) == mask_time(run_cli("score", args)));
}

TEST_CASE("score: bands without a reliability take calibrate's composite G", "[score]") {
    // The same ratings, the same rulebook weights: the reliability score's
    // bands use is the G that calibrate reports for the weighted total
    // (docs/calibration.md, "Generalizability").
    const InDirectory here(scratch_dir("score_panel_g"));
    ScoreRequest request = staffordshire();
    request.bands = BandRequest{};
    std::vector<std::string> args = arguments(request);
    args.push_back("--bands");
    Audit audit("score", args);
    const ScoreReport report = score_report(request, audit);
    REQUIRE(report.bands);

    CalibrationRequest calibrate;
    calibrate.rules = request.rules;
    calibrate.applicants = request.applicants;
    calibrate.ratings = request.ratings;
    calibrate.bootstrap = 0;
    Audit calibrate_audit("calibrate", {});
    const CalibrationReport panel = calibration_report(calibrate, calibrate_audit);
    REQUIRE(panel.generalizability.overall.g);
    CHECK(report.bands->options.reliability == *panel.generalizability.overall.g);
    CHECK(report.bands->options.reliability_source.rfind("panel G from the ratings", 0) == 0);
    CHECK(csv_of(report) == run_cli("score", args));
}

TEST_CASE("score: assessor adjustment and the streamed shortlist, from the library", "[score]") {
    const InDirectory here(scratch_dir("score_adjust"));
    ScoreRequest request = staffordshire();
    request.adjust_assessors = EffectsModel::Rasch;
    request.top = 10;
    std::vector<std::string> args = arguments(request);
    args.insert(args.end(), {"--adjust-assessors", "--model", "rasch", "--top", "10"});
    Audit audit("score", args);
    CHECK(csv_of(score_report(request, audit)) == run_cli("score", args));

    ScoreRequest stream;
    stream.rules = source + "/rules/gloucestershire_pcso.yaml";
    stream.applicants = examples + "/applicants.jsonl";
    stream.top = 5;
    stream.shortlist_only = true;
    const std::vector<std::string> stream_args{
        "--rules", stream.rules.string(), "--applicants", stream.applicants.string(), "--top",
        "5",       "--shortlist-only"};
    Audit stream_audit("score", stream_args);
    const ScoreReport streamed = score_report(stream, stream_audit);
    CHECK(streamed.shortlist.entries.size() >= 5);
    CHECK(csv_of(streamed) == run_cli("score", stream_args));
}

TEST_CASE("score: the dropped monitoring-only columns, from the library", "[score]") {
    const InDirectory here(scratch_dir("score_blind"));
    const std::string blind = source + "/tests/data/blind";
    ScoreRequest request;
    request.rules = blind + "/monitored.yaml";
    request.applicants = blind + "/applicants.csv";
    request.ratings = blind + "/ratings.csv";
    request.format = ScoreFormat::Json;
    std::vector<std::string> args = arguments(request);
    args.insert(args.end(), {"--format", "json"});
    std::vector<std::string> notes;
    request.note = [&notes](const std::string& note) { notes.push_back(note); };
    Audit audit("score", args);
    const ScoreReport report = score_report(request, audit);
    CHECK(report.dropped_columns == std::vector<std::string>{"sex", "ethnicity"});
    CHECK(notes ==
          std::vector<std::string>{"monitoring-only columns dropped from " + blind +
                                   "/applicants.csv on load, never scored: sex ethnicity"});
    CHECK(mask_time(json_of(audit, report)) == mask_time(run_cli("score", args)));
}

TEST_CASE("score: --out's CSV and its audit record, from the library", "[score]") {
    const InDirectory here(scratch_dir("score_out"));
    fs::create_directory("out");
    ScoreRequest request = staffordshire();
    request.destination = {fs::path("out/s.csv"), fs::path("out/s.csv.audit.json")};
    std::vector<std::string> args = arguments(request);
    args.insert(args.end(), {"--out", "out/s.csv"});
    CHECK(run_cli("score", args).empty());
    Audit audit("score", args);
    const ScoreReport report = score_report(request, audit);
    std::ostringstream stdout_unused;
    check_rewritten("out", [&] {
        write_result(audit, stdout_unused, request.destination,
                     [&](std::ostream& os) { write_csv(os, report); });
    });
    CHECK(stdout_unused.str().empty());
}

// The calibrate report from the library alone: its text, JSON and CSV tables
// are the bytes `shortlist calibrate` writes for the same inputs (the audit
// record's time masked).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shortlist/report/calibration.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

const std::string source = SHORTLIST_SOURCE_DIR;
const std::string rules = source + "/rules/staffordshire_pcso.yaml";
const std::string applicants = source + "/examples/data/applicants.csv";
const std::string ratings = source + "/examples/data/ratings/staffordshire-pcso.csv";

}  // namespace

TEST_CASE("calibrate: text, JSON and tables from the library are the command's", "[calibration]") {
    const auto model = GENERATE(std::string("additive"), std::string("rasch"));
    INFO(model);
    const fs::path dir = scratch_dir("calibrate_" + model);
    const InDirectory here(dir);
    const std::vector<std::string> args{"--rules",   rules,   "--applicants", applicants,
                                        "--ratings", ratings, "--bootstrap",  "20",
                                        "--model",   model,   "--top",        "10"};
    CalibrationRequest request;
    request.rules = rules;
    request.applicants = applicants;
    request.ratings = ratings;
    request.bootstrap = 20;
    request.top = 10;
    request.model = model == "rasch" ? EffectsModel::Rasch : EffectsModel::Additive;

    std::vector<std::string> json_args = args;
    json_args.push_back("--json");
    Audit audit("calibrate", json_args);
    const CalibrationReport report = calibration_report(request, audit);
    REQUIRE(report.moves);  // with --rules and --applicants
    CHECK(audit.record().seed == AlphaOptions{}.seed);
    CHECK(text_of(report) == run_cli("calibrate", args));
    CHECK(mask_time(json_of(audit, report)) == mask_time(run_cli("calibrate", args, {"--json"})));
    check_csv_dir("calibrate", args,
                  [&](Audit& csv_audit) { return calibration_report(request, csv_audit); });
}

TEST_CASE("calibrate: the ratings alone, scales from the data", "[calibration]") {
    const fs::path dir = scratch_dir("calibrate_ratings_only");
    const InDirectory here(dir);
    CalibrationRequest request;
    request.ratings = ratings;
    request.bootstrap = 0;
    Audit audit("calibrate", {"--ratings", ratings, "--bootstrap", "0", "--json"});
    const CalibrationReport report = calibration_report(request, audit);
    CHECK_FALSE(report.moves);
    REQUIRE_FALSE(report.notes.empty());
    CHECK(report.notes.front() == "no rulebook: each criterion's scale is the range of its scores");
    CHECK(mask_time(json_of(audit, report)) ==
          mask_time(run_cli({"calibrate", "--ratings", ratings, "--bootstrap", "0", "--json"})));
    CHECK(text_of(report) == run_cli({"calibrate", "--ratings", ratings, "--bootstrap", "0"}));
}

TEST_CASE("calibrate: --model's names are to_string's, and nothing else parses", "[calibration]") {
    CHECK(parse_effects_model("additive") == EffectsModel::Additive);
    CHECK(parse_effects_model("rasch") == EffectsModel::Rasch);
    for (const auto m : {EffectsModel::Additive, EffectsModel::Rasch})
        CHECK(parse_effects_model(to_string(m)) == m);
    CHECK_FALSE(parse_effects_model("Rasch"));
    CHECK_FALSE(parse_effects_model("mfrm"));
    CHECK_FALSE(parse_effects_model(""));
}

// The sensitivity report from the library alone: its text, JSON and CSV
// tables are the bytes `shortlist sensitivity` writes for the same inputs and
// seed (the audit record's time masked).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shortlist/report/sensitivity.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

TEST_CASE("sensitivity: text, JSON and tables from the library are the command's",
          "[sensitivity]") {
    const std::string source = SHORTLIST_SOURCE_DIR;
    const fs::path dir = scratch_dir("sensitivity");
    const InDirectory here(dir);
    SensitivityRequest request;
    request.rules = source + "/rules/staffordshire_pcso.yaml";
    request.applicants = source + "/examples/data/applicants.csv";
    request.ratings = source + "/examples/data/ratings/staffordshire-pcso.csv";
    request.options.draws = 100;
    request.options.seed = 3;
    request.options.method = Perturbation::Uniform;
    request.options.spread = 0.2;
    const std::vector<std::string> args{"--rules",      request.rules.string(),
                                        "--applicants", request.applicants.string(),
                                        "--ratings",    request.ratings->string(),
                                        "--draws",      "100",
                                        "--seed",       "3",
                                        "--perturb",    "20"};
    std::vector<std::string> json_args = args;
    json_args.push_back("--json");
    Audit audit("sensitivity", json_args);
    const SensitivityReport report = sensitivity_report(request, audit);
    CHECK(report.rulebook_id == "staffordshire-pcso");
    CHECK(text_of(report) == run_cli("sensitivity", args));
    CHECK(mask_time(json_of(audit, report)) == mask_time(run_cli("sensitivity", args, {"--json"})));
    check_csv_dir("sensitivity", args,
                  [&](Audit& csv_audit) { return sensitivity_report(request, csv_audit); });
}

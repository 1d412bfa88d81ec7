// The fairness report from the library alone: its text, JSON and CSV tables
// are the bytes `shortlist fairness` writes for the same inputs (the audit
// record's time masked).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shortlist/report/fairness.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

TEST_CASE("fairness: text, JSON and tables from the library are the command's", "[fairness]") {
    const std::string source = SHORTLIST_SOURCE_DIR;
    // The golden Staffordshire shortlist: JSON (gates known) and CSV.
    const auto results = GENERATE(std::string("expected.json"), std::string("expected.csv"));
    INFO(results);
    const fs::path dir = scratch_dir("fairness_" + results);
    const InDirectory here(dir);
    FairnessRequest request;
    request.results = source + "/tests/golden/staffordshire-pcso/" + results;
    request.monitoring = source + "/examples/data/monitoring.csv";
    request.options.disclosure = 3;
    const std::vector<std::string> args{"--results",    request.results.string(),
                                        "--monitoring", request.monitoring.string(),
                                        "--disclosure", "3"};
    std::vector<std::string> json_args = args;
    json_args.push_back("--json");
    Audit audit("fairness", json_args);
    const AdverseImpactReport report = adverse_impact_report(request, audit);
    CHECK(report.monitoring_columns == 4);  // sex, ethnicity, age_band, disability
    CHECK(text_of(report) == run_cli("fairness", args));
    CHECK(mask_time(json_of(audit, report)) == mask_time(run_cli("fairness", args, {"--json"})));
    check_csv_dir("fairness", args,
                  [&](Audit& csv_audit) { return adverse_impact_report(request, csv_audit); });
}

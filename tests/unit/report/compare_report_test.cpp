// The compare report from the library alone: its text, JSON and CSV tables
// are the bytes `shortlist compare` writes for the same inputs (the audit
// record's time masked).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shortlist/report/compare.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

TEST_CASE("compare: text, JSON and tables from the library are the command's", "[compare]") {
    const std::string source = SHORTLIST_SOURCE_DIR;
    const std::string data = source + "/examples/data";
    const fs::path dir = scratch_dir("compare");
    const InDirectory here(dir);
    ComparisonRequest request;
    request.rules_a = source + "/rules/bedfordshire_pcso.yaml";
    request.rules_b = source + "/rules/gloucestershire_pcso.yaml";
    request.evidence_a = {data + "/applicants.csv", data + "/ratings/bedfordshire-pcso.csv"};
    request.evidence_b = {data + "/applicants.csv", data + "/ratings/gloucestershire-pcso.csv"};
    const std::vector<std::string> args{"--rules-a",    request.rules_a.string(),
                                        "--rules-b",    request.rules_b.string(),
                                        "--applicants", data + "/applicants.csv",
                                        "--ratings-a",  data + "/ratings/bedfordshire-pcso.csv",
                                        "--ratings-b",  data + "/ratings/gloucestershire-pcso.csv"};
    std::vector<std::string> json_args = args;
    json_args.push_back("--json");
    Audit audit("compare", json_args);
    const ComparisonReport report = comparison_report(request, audit);
    CHECK(report.a.id == "bedfordshire-pcso");
    CHECK(report.b.id == "gloucestershire-pcso");
    // One applicants file for both sides: recorded once.
    CHECK(audit.record().inputs.size() >= 4);
    CHECK(text_of(report) == run_cli("compare", args));
    CHECK(mask_time(json_of(audit, report)) == mask_time(run_cli("compare", args, {"--json"})));
    check_csv_dir("compare", args,
                  [&](Audit& csv_audit) { return comparison_report(request, csv_audit); });
}

// The panel's report from the library alone: the HTML file and its audit
// record are the bytes `shortlist report` writes for the same inputs, at the
// time the command's record says.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "shortlist/report/html.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

TEST_CASE("report: the HTML and its record from the library are the command's", "[panel]") {
    const std::string source = SHORTLIST_SOURCE_DIR;
    const std::string data = source + "/examples/data";
    const bool ratings = GENERATE(true, false);
    INFO("ratings " << ratings);
    const InDirectory here(scratch_dir(ratings ? "report_ratings" : "report_no_ratings"));
    fs::create_directory("out");
    PanelRequest request;
    request.rules = source + "/rules/staffordshire_pcso.yaml";
    request.applicants = data + "/applicants.csv";
    request.monitoring = data + "/monitoring.csv";
    request.draws = 40;
    request.seed = 7;
    request.top = 12;
    std::vector<std::string> args{"--rules",      request.rules.string(),
                                  "--applicants", request.applicants.string(),
                                  "--monitoring", request.monitoring->string(),
                                  "--draws",      "40",
                                  "--seed",       "7",
                                  "--top",        "12",
                                  "--out",        "out/panel.html",
                                  "--quiet"};
    if (ratings) {
        request.ratings = data + "/ratings/staffordshire-pcso.csv";
        args.insert(args.end(), {"--ratings", request.ratings->string()});
    }
    request.destination = {fs::path("out/panel.html"), fs::path("out/panel.html.audit.json")};
    CHECK(run_cli("report", args).empty());

    // The report shows its record, time and all, and the sidecar holds the
    // report's hash: the library's run takes the command's time.
    Audit audit = audit_as_recorded("out/panel.html.audit.json", "report", args);
    const PanelReport report = panel_report(request, audit);
    CHECK(report.calibration.has_value() == ratings);
    REQUIRE(report.sensitivity);
    REQUIRE(report.fairness);
    const AuditRecord shown = audit.record();  // before the report's own hash
    std::ostringstream stdout_unused;
    check_rewritten("out", [&] {
        write_result(audit, stdout_unused, request.destination, [&](std::ostream& os) {
            write_html(os, report, &shown, "shortlist verify out/panel.html");
        });
    });
}

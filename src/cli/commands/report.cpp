// shortlist report: the panel's HTML report (docs/report.md).
#include <cstdint>
#include <iostream>
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "cli/terminal.hpp"
#include "shortlist/report/html.hpp"
#include "shortlist/report/progress.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "report";
constexpr std::string_view synopsis =
    "usage: shortlist report --rules R --applicants A [--ratings X]\n"
    "                        [--monitoring M] [--top N] [--draws D]\n"
    "                        [--seed S] [--quiet] --out report.html\n\n"
    "Write the panel's report: one self-contained HTML file with the\n"
    "shortlist, the distribution of totals, group scores, agreement and\n"
    "moderation, assessor severity, weight sensitivity, adverse impact by\n"
    "stage (with --monitoring), each applicant's explanation and the audit\n"
    "record. No scripts, no network requests; it prints to PDF.\n";

void declare(CommandLine& line) {
    line.file("rules,r", "the rulebook (required)")
        .file("applicants,a", "applicants CSV or JSON Lines, as for score (required)")
        .file("ratings,x", "ratings CSV, as for score")
        .file("monitoring",
              "equality-monitoring CSV (applicant_id + one column per characteristic): adds "
              "adverse impact by stage")
        .top();
    // clang-format off
    line.add()
        ("draws,d", po::value<std::size_t>()->value_name("D")->default_value(1000),
         "weight draws for the sensitivity section (0: leave it out)")
        ("seed,s", po::value<std::uint64_t>()->value_name("S")->default_value(1),
         "seed of the weight draws")
        ("out,o", po::value<std::string>()->value_name("FILE"),
         "the HTML file to write (required); its audit record goes to FILE.audit.json")
        ("quiet,q", "no progress on standard error (shown only when it is a terminal)");
    // clang-format on
}

}  // namespace

int run_report(const Args& args, std::ostream& out, std::ostream& err) {
    CommandLine line(name, synopsis);
    declare(line);
    if (!line.parse(args, out))
        return exit_ok;
    PanelRequest request;
    request.rules = line.required_path("rules");
    request.applicants = line.required_path("applicants");
    request.ratings = line.path("ratings");
    request.monitoring = line.path("monitoring");
    request.top = line.top_size();
    request.draws = line.get<std::size_t>("draws");
    request.seed = line.get<std::uint64_t>("seed");
    const std::filesystem::path file = line.required_path("out");
    request.destination.file = file;
    request.destination.record = std::filesystem::path(file.string() + ".audit.json");
    ProgressBar bar(err, "report: weight sensitivity", "draws");
    ProgressDisplay progress(err, std::string(name));
    if (show_progress(err, line.has("quiet"))) {
        request.progress = bar.callback();
        request.steps = progress.steps();
    }

    Audit audit(std::string(name), args);
    const PanelReport report = panel_report(request, audit);
    const std::string reproduce = "shortlist verify " + file.string();
    // The record shown in the report is the one before the report is written
    // (the sidecar adds the report's own hash).
    const AuditRecord record = audit.record();
    write_result(audit, out, request.destination,
                 [&](std::ostream& os) { write_html(os, report, &record, reproduce); });
    return exit_ok;
}

}  // namespace shortlist::cli

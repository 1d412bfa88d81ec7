// shortlist fairness: adverse impact of a shortlist on the groups of an
// equality-monitoring file, stage by stage, and which gate drives it
// (docs/fairness.md).
#include <cmath>
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "cli/output.hpp"
#include "shortlist/report/fairness.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "fairness";
constexpr std::string_view synopsis =
    "usage: shortlist fairness --results R --monitoring M [--json] [--csv DIR]\n"
    "                          [--xlsx FILE] [--min-group N] [--disclosure K]\n\n"
    "Adverse impact of a shortlist: each group's selection rate at each stage,\n"
    "its impact ratio against the highest-rate group with the four-fifths\n"
    "flag, Fisher's exact test and the two-proportion z-test, and which gate\n"
    "removes the largest share of each group. Small groups are suppressed.\n";

void declare(CommandLine& line) {
    line.file("results",
              "the output of shortlist score: CSV, or JSON (--format json; needed for the "
              "eligible stage and the attribution to gates) (required)")
        .file("monitoring",
              "equality-monitoring CSV: applicant_id plus one column per characteristic "
              "(required)")
        .json()
        .csv(
            "also write the tables as CSV files, and the audit record audit.json, in DIR "
            "(atomically)");
    // clang-format off
    line.add()
        ("min-group", po::value<double>()->value_name("N"),
         "mark a group small when an expected count of its 2x2 table against the reference "
         "group is below N (default 5)")
        ("disclosure", po::value<std::size_t>()->value_name("K"),
         "suppress groups of fewer than K applicants (default 5; 0 or 1: none)");
    // clang-format on
}

}  // namespace

int run_fairness(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    CommandLine line(name, synopsis);
    declare(line);
    if (!line.parse(args, out))
        return exit_ok;
    FairnessRequest request;
    request.results = line.required_path("results");
    request.monitoring = line.required_path("monitoring");
    if (line.has("min-group")) {
        request.options.min_expected = line.get<double>("min-group");
        if (!std::isfinite(request.options.min_expected) || request.options.min_expected < 0)
            throw line.error("--min-group must be a number, 0 or more");
    }
    if (line.has("disclosure"))
        request.options.disclosure = line.get<std::size_t>("disclosure");
    request.csv_dir = line.path("csv");
    Audit audit(std::string(name), args);
    return write_report(out, audit, line, adverse_impact_report(request, audit));
}

}  // namespace shortlist::cli

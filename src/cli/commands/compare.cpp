// shortlist compare: two rulebooks on the same applicants
// (docs/comparison.md).
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "cli/output.hpp"
#include "shortlist/report/compare.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "compare";
constexpr std::string_view synopsis =
    "usage: shortlist compare --rules-a A --rules-b B --applicants F\n"
    "                         [--applicants-a F --applicants-b F]\n"
    "                         [--ratings X | --ratings-a X --ratings-b Y]\n"
    "                         [--top N] [--json] [--csv DIR] [--xlsx FILE]\n\n"
    "Two rulebooks (two forces' profiles, or two weightings of one) on the same\n"
    "applicants, matched by applicant_id: both shortlists, their overlap, who\n"
    "enters and leaves with their ranks under each, Kendall's tau-b of the totals,\n"
    "and which criteria's weights and scores moved the movers.\n";

void declare(CommandLine& line) {
    line.file("rules-a", "rulebook a (required)")
        .file("rules-b", "rulebook b (required)")
        .applicants("applicants CSV or JSON Lines for both rulebooks")
        .file("applicants-a", "applicants for a only (overrides --applicants)")
        .file("applicants-b", "applicants for b only (overrides --applicants)")
        .ratings("ratings CSV for both (every criterion it names must be in both rulebooks)")
        .file("ratings-a", "ratings for a only (overrides --ratings)")
        .file("ratings-b", "ratings for b only (overrides --ratings)")
        .top("shortlist size for both (overrides each rulebook's shortlist.top)")
        .json()
        .csv(
            "also write compare_moves.csv, compare_drivers.csv and the audit record audit.json "
            "in DIR (atomically)");
}

/// Side `side`'s evidence files: --applicants-a (else --applicants), and
/// ratings alike.
EvidenceFiles evidence_files(const CommandLine& line, char side) {
    auto of_side = [&](const std::string& option) {
        const std::string own = option + "-" + side;
        return line.has(own.c_str()) ? line.path(own.c_str()) : line.path(option.c_str());
    };
    const auto applicants = of_side("applicants");
    if (!applicants)
        throw line.error(std::string("--applicants (or --applicants-") + side + ") is required");
    return {*applicants, of_side("ratings")};
}

}  // namespace

int run_compare(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    CommandLine line(name, synopsis);
    declare(line);
    if (!line.parse(args, out))
        return exit_ok;
    ComparisonRequest request;
    request.top = line.top_size();
    request.rules_a = line.required_path("rules-a");
    request.rules_b = line.required_path("rules-b");
    request.evidence_a = evidence_files(line, 'a');
    request.evidence_b = evidence_files(line, 'b');
    request.csv_dir = line.path("csv");
    Audit audit(std::string(name), args);
    return write_report(out, audit, line, comparison_report(request, audit));
}

}  // namespace shortlist::cli

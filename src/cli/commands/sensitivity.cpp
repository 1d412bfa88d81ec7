// shortlist sensitivity: does the shortlist hinge on the rulebook's weights?
// (docs/sensitivity.md)
#include <cmath>
#include <cstdint>
#include <iostream>
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"
#include "shortlist/report/progress.hpp"
#include "shortlist/report/sensitivity.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "sensitivity";
constexpr std::string_view synopsis =
    "usage: shortlist sensitivity --rules R --applicants A [--ratings X]\n"
    "                             [--top N] [--dirichlet K | --perturb X]\n"
    "                             [--draws D] [--seed S] [--threads T]\n"
    "                             [--selection-only]\n"
    "                             [--json] [--csv DIR] [--xlsx FILE] [--quiet]\n\n"
    "Re-score and re-select under D weight sets drawn around the rulebook's,\n"
    "and report each applicant's probability of being shortlisted, median\n"
    "rank and 90% rank interval, the stable core (shortlisted in >= 95% of\n"
    "draws) and the boundary (5% to 95%). Gates are applied as in score.\n";

void declare(CommandLine& line) {
    line.rules()
        .applicants("applicants CSV or JSON Lines, as for score (required)")
        .ratings("ratings CSV, as for score")
        .top();
    // clang-format off
    line.add()
        ("dirichlet", po::value<double>()->value_name("K"),
         "draw weights from Dirichlet(K x the rulebook's weights): mean the rulebook's, larger K "
         "closer to them (the default, with K = 100)")
        ("perturb", po::value<double>()->value_name("X"),
         "instead, multiply each weight by 1 + U(-X%, X%) and renormalise (0 <= X < 100)")
        ("draws,d", po::value<std::size_t>()->value_name("D")->default_value(1000),
         "number of weight draws")
        ("seed,s", po::value<std::uint64_t>()->value_name("S")->default_value(1),
         "random seed: the same seed gives the same result on any number of threads")
        ("threads,j", po::value<std::size_t>()->value_name("T")->default_value(0),
         "threads (0: every core)")
        ("selection-only",
         "only how often each applicant is shortlisted: no rank quantiles or Kendall's tau-b "
         "(faster; the same shortlist counts)");
    // clang-format on
    line.json().csv(
        "also write sensitivity.csv, sensitivity_weights.csv and the audit record audit.json in "
        "DIR (atomically)");
    line.quiet();
}

SensitivityOptions read_options(const CommandLine& line) {
    if (line.has("dirichlet") && line.has("perturb"))
        throw line.error("give --dirichlet or --perturb, not both");
    SensitivityOptions options;
    if (line.has("perturb")) {
        const double x = line.get<double>("perturb");
        if (!(x >= 0 && x < 100))
            throw line.error("--perturb must be a percentage of at least 0 and below 100");
        options.method = Perturbation::Uniform;
        options.spread = x / 100;
    } else if (line.has("dirichlet")) {
        const double k = line.get<double>("dirichlet");
        if (!(k > 0 && std::isfinite(k)))
            throw line.error("--dirichlet must be a number above 0");
        options.concentration = k;
    }
    options.draws = line.get<std::size_t>("draws");
    if (options.draws == 0)
        throw line.error("--draws must be at least 1");
    options.seed = line.get<std::uint64_t>("seed");
    options.threads = line.get<std::size_t>("threads");
    options.ranks = !line.has("selection-only");
    return options;
}

}  // namespace

int run_sensitivity(const Args& args, std::ostream& out, std::ostream& err) {
    CommandLine line(name, synopsis);
    declare(line);
    if (!line.parse(args, out))
        return exit_ok;
    SensitivityRequest request;
    request.rules = line.required_path("rules");
    request.applicants = line.required_path("applicants");
    request.options = read_options(line);
    request.top = line.top_size();
    request.ratings = line.path("ratings");
    request.csv_dir = line.path("csv");
    ProgressDisplay progress(err, std::string(name));
    if (show_progress(err, line.has("quiet")))
        request.progress = progress.steps();
    Audit audit(std::string(name), args);
    return write_report(out, audit, line, sensitivity_report(request, audit));
}

}  // namespace shortlist::cli

// shortlist simulate: a panel from a design file, and experiments over
// replicates of it (docs/simulate.md).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "cli/terminal.hpp"
#include "shortlist/analysis/simulation.hpp"
#include "shortlist/error.hpp"
#include "shortlist/report/simulation.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view name = "simulate";
constexpr std::string_view synopsis =
    "usage: shortlist simulate DESIGN --out DIR [--replicates R] [--seed S]\n"
    "                          [--json FILE] [--csv DIR] [--threads N] [--quiet]\n\n"
    "Simulate a rating panel from a design file (assessors of known severity,\n"
    "applicants of known ability, a linking design), write it in the formats\n"
    "score and calibrate read, calibrate it, and report how well the\n"
    "severities and the shortlist are recovered over R replicates.\n";

void declare(CommandLine& line) {
    // clang-format off
    line.add()
        ("out,o", po::value<std::string>()->value_name("DIR"),
         "write the first replicate's panel here: rulebook.yaml, applicants.csv, ratings.csv "
         "and the truth (truth_*.csv)")
        ("replicates,R", po::value<std::size_t>()->value_name("R")->default_value(1),
         "simulate and calibrate R panels, and report how well the truth is recovered")
        ("seed,s", po::value<std::uint64_t>()->value_name("S"), "override the design's seed")
        ("threads,j", po::value<std::size_t>()->value_name("N")->default_value(0),
         "threads for the replicates (0: every core); the result does not depend on it")
        ("json", po::value<std::string>()->value_name("FILE"),
         "also write the experiment as JSON to FILE (atomically)")
        ("csv", po::value<std::string>()->value_name("DIR"),
         "also write summary.csv, replicates.csv and assessors.csv in DIR (atomically)")
        ("quiet,q", "no progress on the terminal");
    // clang-format on
    line.operands("design", 1);
}

}  // namespace

int run_simulate(const Args& args, std::ostream& out, std::ostream& err) {
    CommandLine line(name, synopsis);
    declare(line);
    if (!line.parse(args, out))
        return exit_ok;
    if (!line.has("design"))
        throw line.error("a design file is required (shortlist simulate DESIGN --out DIR)");
    const fs::path dir = line.required_path("out");
    ExperimentOptions options;
    options.replicates = line.get<std::size_t>("replicates");
    if (options.replicates == 0)
        throw line.error("--replicates must be at least 1");
    options.threads = line.get<std::size_t>("threads");

    SimulationDesign design = load_design(line.get<std::string>("design"));
    if (line.has("seed"))
        design.seed = line.get<std::uint64_t>("seed");
    write_panel(dir, design, simulate_panel(design, 0));
    // Progress: one line, rewritten, on a terminal only.
    if (options.replicates > 1 && show_progress(err, line.has("quiet")))
        options.progress = [&](std::size_t done, std::size_t total) {
            err << "\rsimulate: " << done << " of " << total << " replicates"
                << (done == total ? "\n" : "") << std::flush;
        };
    const ExperimentResult result = run_experiment(design, options);
    if (const auto json = line.path("json"))
        write_experiment_json(*json, result);
    if (const auto csv = line.path("csv"))
        write_experiment_csv(*csv, result);
    write_text(out, result);
    return exit_ok;
}

}  // namespace shortlist::cli

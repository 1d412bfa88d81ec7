// shortlist simulate: a panel from a design file, and experiments over
// replicates of it (docs/simulate.md).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "shortlist/analysis/simulation.hpp"
#include "util/io.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "simulate: " + std::move(message));
}

/// "\rsimulate [####....] 40% of 50 replicates" on the terminal.
class Progress {
  public:
    explicit Progress(std::ostream& err) : err_(err) {}
    void operator()(std::size_t done, std::size_t total) {
        const std::size_t percent = done * 100 / total;
        if (percent == last_)
            return;
        last_ = percent;
        const std::size_t width = 40, filled = percent * width / 100;
        err_ << "\rsimulate [" << std::string(filled, '#') << std::string(width - filled, '.')
             << "] " << percent << "% of " << total << " replicates" << std::flush;
        if (done == total)
            err_ << "\r" << std::string(width + 40, ' ') << "\r" << std::flush;
    }

  private:
    std::ostream& err_;
    std::size_t last_ = static_cast<std::size_t>(-1);
};

}  // namespace

int run_simulate(const Args& args, std::ostream& out, std::ostream& err) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("out,o", po::value<std::string>()->value_name("DIR"),
         "write the first replicate's panel here: rulebook.yaml, applicants.csv, ratings.csv "
         "and the truth (truth_*.csv)")
        ("replicates,R", po::value<std::size_t>()->value_name("R")->default_value(1),
         "simulate and calibrate R panels, and report how well the truth is recovered")
        ("seed", po::value<std::uint64_t>()->value_name("S"), "override the design's seed")
        ("threads,j", po::value<std::size_t>()->value_name("N")->default_value(0),
         "threads for the replicates (0: every core); the result does not depend on it")
        ("json", po::value<std::string>()->value_name("FILE"),
         "also write the experiment as JSON to FILE")
        ("csv", po::value<std::string>()->value_name("DIR"),
         "also write summary.csv, replicates.csv and assessors.csv to DIR")
        ("quiet,q", "no progress bar");
    po::options_description hidden;
    hidden.add_options()("design", po::value<std::string>(), "design file");
    // clang-format on
    po::positional_options_description positional;
    positional.add("design", 1);
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist simulate DESIGN --out DIR [--replicates R] [--seed S]\n"
                      "                          [--json FILE] [--csv DIR] [--threads N]\n\n"
                      "Simulate a rating panel from a design file (assessors of known severity,\n"
                      "applicants of known ability, a linking design), write it in the formats\n"
                      "score and calibrate read, calibrate it, and report how well the\n"
                      "severities and the shortlist are recovered over R replicates.\n",
                      visible, &positional, vm, out, &hidden))
        return exit_ok;
    if (!vm.count("design"))
        throw usage("a design file is required (shortlist simulate DESIGN --out DIR)");
    if (!vm.count("out"))
        throw usage("--out DIR is required");
    ExperimentOptions options;
    options.replicates = vm["replicates"].as<std::size_t>();
    if (options.replicates == 0)
        throw usage("--replicates must be at least 1");
    options.threads = vm["threads"].as<std::size_t>();

    SimulationDesign design = load_design(vm["design"].as<std::string>());
    if (vm.count("seed"))
        design.seed = vm["seed"].as<std::uint64_t>();
    const SimulatedPanel panel = simulate_panel(design, 0);
    write_panel(vm["out"].as<std::string>(), design, panel);

    Progress progress(err);
    if (options.replicates > 1 && !vm.count("quiet") && &err == &std::cerr &&
        isatty(STDERR_FILENO) == 1)
        options.progress = [&](std::size_t done, std::size_t total) { progress(done, total); };
    const ExperimentResult result = run_experiment(design, options);
    if (vm.count("json"))
        detail::write_file_atomically(vm["json"].as<std::string>(),
                                      [&](std::ostream& os) { write_json(os, result); });
    if (vm.count("csv"))
        write_experiment_csv(vm["csv"].as<std::string>(), result);
    write_text(out, result);
    return exit_ok;
}

}  // namespace shortlist::cli

// The simulate command's outputs from the library alone: the panel's files,
// the experiment table, its JSON and its CSV tables are the bytes
// `shortlist simulate` writes for the same design, seed and replicates.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shortlist/report/simulation.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

TEST_CASE("simulate: panel, table, JSON and CSV from the library are the command's",
          "[simulation]") {
    const std::string design_file =
        std::string(SHORTLIST_SOURCE_DIR) + "/examples/designs/complete_panel.yaml";
    const InDirectory here(scratch_dir("simulate"));
    fs::create_directory("json");
    const std::string text =
        run_cli({"simulate", design_file, "--out", "panel", "--replicates", "3", "--seed", "11",
                 "--json", "json/experiment.json", "--csv", "tables", "--threads", "2"});

    SimulationDesign design = load_design(design_file);
    design.seed = 11;
    check_rewritten("panel", [&] { write_panel("panel", design, simulate_panel(design, 0)); });
    ExperimentOptions options;
    options.replicates = 3;
    options.threads = 1;  // the result does not depend on it (docs/simulate.md)
    const ExperimentResult result = run_experiment(design, options);
    CHECK(result.replicates.size() == 3);
    CHECK(text_of(result) == text);
    check_rewritten("json", [&] { write_experiment_json("json/experiment.json", result); });
    check_rewritten("tables", [&] { write_experiment_csv("tables", result); });
}

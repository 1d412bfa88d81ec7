// The simulate command's output (docs/simulate.md): a simulated panel's files,
// and an experiment as a text table, JSON and CSV tables. Defined in
// src/report/simulation_writers.cpp.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "shortlist/analysis/simulation.hpp"

namespace shortlist {

/// The panel's files in `dir` (created if need be), each written atomically:
/// rulebook.yaml, applicants.csv, ratings.csv, truth_applicants.csv
/// (applicant_id, ability, guaranteed_interview), truth_assessors.csv
/// (assessor, severity), truth_criteria.csv (criterion, difficulty, min,
/// max, thresholds). Throws UsageError if a file cannot be written, or would
/// replace the design file or the rulebook it names (before writing any).
void write_panel(const std::filesystem::path& dir, const SimulationDesign& design,
                 const SimulatedPanel& panel);
/// The names write_panel writes, in order.
[[nodiscard]] const std::vector<std::string>& panel_file_names();

/// The experiment table `simulate` prints.
void write_text(std::ostream& os, const ExperimentResult& result);
/// The JSON document (docs/simulate.md lists the keys).
void write_json(std::ostream& os, const ExperimentResult& result);
/// The JSON document written to `file`, atomically.
void write_experiment_json(const std::filesystem::path& file, const ExperimentResult& result);
/// replicates.csv, assessors.csv and summary.csv in `dir`, atomically.
void write_experiment_csv(const std::filesystem::path& dir, const ExperimentResult& result);

}  // namespace shortlist

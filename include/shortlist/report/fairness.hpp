// The fairness command's report (docs/fairness.md): adverse impact of a
// shortlist on the groups of an equality-monitoring file, stage by stage, and
// the gates that drive it; built from files, and written as text, JSON or CSV
// tables.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/analysis/fairness.hpp"
#include "shortlist/report/csv_table.hpp"
#include "shortlist/report/recorder.hpp"

namespace shortlist {

/// assess_fairness()'s report with the files it was made from (the
/// FairnessReport alone does not name them).
struct AdverseImpactReport {
    std::string results_file;     ///< ScoreResults::source
    std::string monitoring_file;  ///< Monitoring::source
    std::size_t monitoring_columns = 0;
    FairnessReport impact;
};

/// What `shortlist fairness` reads.
struct FairnessRequest {
    std::filesystem::path results;     ///< the output of score (CSV or JSON)
    std::filesystem::path monitoring;  ///< the equality-monitoring CSV
    FairnessOptions options;
    /// The --csv directory the report will be written to: refused before the
    /// files are read if a table would overwrite an input.
    std::optional<std::filesystem::path> csv_dir;
};

/// Read both files (recorded in `recorder` first) and assess_fairness().
[[nodiscard]] AdverseImpactReport adverse_impact_report(const FairnessRequest& request,
                                                        RunRecorder& recorder);

/// The text summary `shortlist fairness` prints.
void write_text(std::ostream& os, const AdverseImpactReport& report);
/// The JSON document (docs/fairness.md lists the keys).
void write_json(std::ostream& os, const AdverseImpactReport& report);
/// impact.csv, attribution.csv and notes.csv; each fill reads `report`, which
/// must outlive them.
[[nodiscard]] std::vector<CsvTable> csv_tables(const AdverseImpactReport& report);

}  // namespace shortlist

// The sensitivity command's report (docs/sensitivity.md): how far the
// shortlist hinges on the rulebook's weights; built from files, and written as
// text, JSON or CSV tables.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/progress.hpp"
#include "shortlist/report/csv_table.hpp"
#include "shortlist/report/recorder.hpp"

namespace shortlist {

struct SensitivityReport {
    std::string rulebook_id;
    SensitivityResult result;
};

/// What `shortlist sensitivity` reads and how it draws.
struct SensitivityRequest {
    std::filesystem::path rules;
    std::filesystem::path applicants;
    std::optional<std::filesystem::path> ratings;
    std::optional<std::size_t> top;  ///< else the rulebook's shortlist.top
    SensitivityOptions options;      ///< method, draws, seed, threads, progress
    /// The --csv directory the report will be written to: refused before the
    /// evidence is read if a table would overwrite an input.
    std::optional<std::filesystem::path> csv_dir;
    /// Each file read ("reading applicants.csv"), then the draws ("weight
    /// draws", unless options.progress is set); may be empty.
    ProgressSteps progress = {};
};

/// Load the rulebook and evidence (recorded in `recorder` with the seed), score
/// the baseline and run sensitivity(). Throws the loaders' and sensitivity()'s
/// errors.
[[nodiscard]] SensitivityReport sensitivity_report(const SensitivityRequest& request,
                                                   RunRecorder& recorder);

/// The text summary `shortlist sensitivity` prints.
void write_text(std::ostream& os, const SensitivityReport& report);
/// The JSON document (docs/sensitivity.md lists the keys).
void write_json(std::ostream& os, const SensitivityReport& report);
/// sensitivity.csv (one row per applicant) and sensitivity_weights.csv; each
/// fill reads `report`, which must outlive them.
[[nodiscard]] std::vector<CsvTable> csv_tables(const SensitivityReport& report);

}  // namespace shortlist

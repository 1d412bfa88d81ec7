// The compare command's report (docs/comparison.md): two rulebooks on the
// same applicants; built from files, and written as text, JSON or CSV tables.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/compare.hpp"
#include "shortlist/audit.hpp"

namespace shortlist {

/// One side of a comparison: the rulebook's id and the file it came from.
struct ComparedRulebook {
    std::string id;
    std::string file;

    friend bool operator==(const ComparedRulebook&, const ComparedRulebook&) = default;
};

struct ComparisonReport {
    ComparedRulebook a;
    ComparedRulebook b;
    Comparison comparison;

    friend bool operator==(const ComparisonReport&, const ComparisonReport&) = default;
};

/// The evidence one side is scored on.
struct EvidenceFiles {
    std::filesystem::path applicants;
    std::optional<std::filesystem::path> ratings;
};

/// What `shortlist compare` reads.
struct ComparisonRequest {
    std::filesystem::path rules_a;
    std::filesystem::path rules_b;
    EvidenceFiles evidence_a;
    EvidenceFiles evidence_b;
    std::optional<std::size_t> top;  ///< both sides; else each rulebook's
    /// The --csv directory the report will be written to: refused before the
    /// evidence is read if a table would overwrite an input.
    std::optional<std::filesystem::path> csv_dir;
};

/// Load both rulebooks (recorded in `audit` as "a" and "b") and the evidence
/// ("applicants" when both sides read the same file, else "applicants a" and
/// "applicants b"; ratings alike), score both and compare().
[[nodiscard]] ComparisonReport comparison_report(const ComparisonRequest& request, Audit& audit);

/// The text summary `shortlist compare` prints.
void write_text(std::ostream& os, const ComparisonReport& report);
/// The JSON document (docs/comparison.md lists the keys).
void write_json(std::ostream& os, const ComparisonReport& report);
/// compare_moves.csv and compare_drivers.csv; each fill reads `report`, which
/// must outlive them.
[[nodiscard]] std::vector<CsvTable> csv_tables(const ComparisonReport& report);
[[nodiscard]] std::span<const std::string_view> comparison_table_names();

}  // namespace shortlist

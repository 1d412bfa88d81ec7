// Writing a shortlist: CSV for spreadsheets, JSON for other tools.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

struct ReportOptions {
    bool explain = false;  ///< JSON: add the per-criterion breakdown
    /// JSON: monitoring-only columns dropped from the applicants file on load
    /// (blind.hpp), written as "dropped_columns" when there are any.
    std::vector<std::string> dropped_columns{};
};

/// Columns: rank, applicant_id, status, total, essential, desirable,
/// competency, conditions, reasons; one row per entry in Shortlist order, rows
/// ending in "\n". rank is empty when not eligible; the total and the group
/// scores (0..100) have 6 decimals, and a group without a score is empty;
/// conditions and reasons are joined with "; ". Numbers are locale-free. Text
/// a spreadsheet would run as a formula (starting = + - @, tab or CR) gets a
/// leading ' (CSV injection); cells with a comma, quote or line break are
/// quoted as RFC 4180 says.
void write_csv(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist);

/// {"rulebook": {"id", "version", "aggregation"}, "top" (or null),
/// "shortlisted", "dropped_columns" (only when there are any), "applicants": [{"rank" (or null),
/// "applicant_id", "status", "total", "groups": {"essential", "desirable", "competency"} (0..100 or
/// null), "conditions", "reasons", "failed_gates": [{"kind", "id",
/// "message"}], and with explain "criteria": [{"id", "group", "status", "raw"
/// (or null), "normalised", "weight", "effective_weight", "contribution",
/// "assessors", "indicators_ticked"}]}]}. Computed numbers have 6 decimals;
/// rulebook weights are written as given. Byte-deterministic.
void write_json(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                const ReportOptions& options = {});

}  // namespace shortlist

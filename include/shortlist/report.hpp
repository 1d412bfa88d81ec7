// Writing a shortlist: CSV for spreadsheets, JSON for other tools.
#pragma once

#include <iosfwd>

#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

struct ReportOptions {
    bool explain = false;  ///< JSON: add the per-criterion breakdown
};

/// Columns: rank, applicant_id, status, total, essential, desirable,
/// competency, conditions, reasons. Numbers locale-free, 6 decimals.
void write_csv(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist);

void write_json(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                const ReportOptions& options = {});

}  // namespace shortlist

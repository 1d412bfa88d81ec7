// How the analysis commands write their report: --csv DIR tables (with the
// record as DIR/audit.json), then the JSON document with its record (--json)
// or the text summary.
#pragma once

#include <optional>
#include <ostream>
#include <vector>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/report/csv_table.hpp"
#include "shortlist/xlsx.hpp"

namespace shortlist::cli {

template <class Report>
int write_report(std::ostream& out, Audit& audit, const CommandLine& line, const Report& report) {
    // The tables, built once for --xlsx and --csv alike.
    std::optional<std::vector<CsvTable>> built;
    const auto tables = [&]() -> const std::vector<CsvTable>& {
        if (!built)
            built = csv_tables(report);
        return *built;
    };
#if defined(SHORTLIST_WITH_XLSX)
    if (const auto file = line.path("xlsx")) {  // docs/excel.md
        audit.refuse_overwriting_inputs(*file, "--xlsx");
        write_workbook(audit, *file, tables_workbook(tables()));
    }
#endif
    if (const auto dir = line.path("csv"))
        write_csv_dir(audit, *dir, tables());
    if (line.has("json"))
        write_json_with_audit(out, audit, [&](std::ostream& doc) { write_json(doc, report); });
    else
        write_text(out, report);
    return exit_ok;
}

}  // namespace shortlist::cli

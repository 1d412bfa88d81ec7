// How the analysis commands write their report: --csv DIR tables (with the
// record as DIR/audit.json), then the JSON document with its record (--json)
// or the text summary.
#pragma once

#include <ostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/xlsx.hpp"

namespace shortlist::cli {

template <class Report>
int write_report(std::ostream& out, Audit& audit, const CommandLine& line, const Report& report) {
#if defined(SHORTLIST_WITH_XLSX)
    if (const auto file = line.path("xlsx")) {  // docs/excel.md
        audit.refuse_overwriting_inputs(*file, "--xlsx");
        write_workbook(audit, *file, tables_workbook(csv_tables(report)));
    }
#endif
    if (const auto dir = line.path("csv"))
        write_csv_dir(audit, *dir, csv_tables(report));
    if (line.has("json"))
        write_json_with_audit(out, audit, [&](std::ostream& doc) { write_json(doc, report); });
    else
        write_text(out, report);
    return exit_ok;
}

}  // namespace shortlist::cli

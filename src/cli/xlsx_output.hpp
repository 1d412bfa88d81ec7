// Writing a command's workbook (docs/excel.md): the workbook gets an "Audit"
// sheet with the run's record so far, and is written through write_output
// (atomic, hashed into the record, captured by verify).
#pragma once

#include <filesystem>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/audit.hpp"
#include "shortlist/error.hpp"
#include "shortlist/xlsx.hpp"
#include "util/json.hpp"

#if defined(SHORTLIST_WITH_XLSX)

namespace shortlist::cli {

/// The audit record as a JSON document.
inline std::string audit_json(const Audit& audit) {
    std::ostringstream out;
    detail::JsonWriter w(out);
    write_audit(w, audit.record());
    w.finish();
    return std::move(out).str();
}

/// Add the "Audit" sheet and write the workbook to `file`.
inline void write_workbook(Audit& audit, const std::filesystem::path& file, Workbook book) {
    book.sheets.push_back(json_sheet("Audit", audit_json(audit)));
    const std::string bytes = xlsx_bytes(book);
    write_output(audit, file, [&](std::ostream& os) {
        os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    });
}

/// The tables of a --csv DIR result as one workbook: a sheet per table, named
/// after its file without ".csv", holding exactly its rows (csv_sheet).
inline Workbook tables_workbook(const std::vector<CsvTable>& tables) {
    Workbook book;
    for (const CsvTable& t : tables) {
        std::ostringstream os;
        t.fill(os);
        std::string name = t.name;
        if (name.ends_with(".csv"))
            name.resize(name.size() - 4);
        book.sheets.push_back(csv_sheet(std::move(name), os.str()));
    }
    return book;
}

}  // namespace shortlist::cli

#endif  // SHORTLIST_WITH_XLSX

namespace shortlist::cli {

/// A command's tables: the CSV files of --csv DIR (write_csv_dir), or with
/// `workbook` the sheets of --xlsx FILE (and its "Audit" sheet).
inline void write_tables(Audit& audit, const std::filesystem::path& to,
                         const std::vector<CsvTable>& tables, bool workbook) {
#if defined(SHORTLIST_WITH_XLSX)
    if (workbook) {
        write_workbook(audit, to, tables_workbook(tables));
        return;
    }
#endif
    if (workbook)
        throw UsageError(
            {}, ErrorCode::FailedPrecondition,
            audit.record().command + ": --xlsx: this shortlist was built without .xlsx support");
    write_csv_dir(audit, to, tables);
}

/// The --xlsx FILE option's description.
inline constexpr const char* xlsx_option_help =
    "also write the tables of --csv, and the audit record, as the sheets of one .xlsx workbook "
    "(atomically; docs/excel.md)";

}  // namespace shortlist::cli

// Writing a command's workbook (docs/excel.md): the workbook gets an "Audit"
// sheet with the run's record so far, and is written through write_output
// (atomic, hashed into the record, captured by verify).
#pragma once

#if defined(SHORTLIST_WITH_XLSX)

#include <filesystem>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/audit.hpp"
#include "shortlist/xlsx.hpp"
#include "util/json.hpp"

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

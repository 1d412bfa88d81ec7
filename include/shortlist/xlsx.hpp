// Excel workbooks out: a plain description of sheets (a header row, rows of
// numbers, text and empty cells), written as an .xlsx file with libxlsxwriter,
// and the workbooks of the commands' results built from the library's result
// types. docs/excel.md describes every sheet.
//
// Only in a library built with SHORTLIST_WITH_XLSX (the macro is then defined
// for consumers too); without it this header declares nothing.
#pragma once

#if defined(SHORTLIST_WITH_XLSX)

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shortlist/audit.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/report/score.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// One cell: empty, a number, or text. Text is always written as a string
/// cell, never as a formula: "=1+1" reads back as the five characters.
using CellValue = std::variant<std::monostate, double, std::string>;

struct Worksheet {
    /// 1 to 31 characters, none of [ ] : * ? / \, not starting or ending with '.
    std::string name;
    std::vector<std::string> header;  ///< the first row, in bold; may be empty
    std::vector<std::vector<CellValue>> rows;
    /// Widths in characters by column; a column without one (or 0) gets the
    /// width of its longest cell, between 6 and 60.
    std::vector<double> column_widths{};
    bool freeze_header = true;  ///< the header row stays in view while scrolling
    bool autofilter = true;     ///< filter buttons on the header, over every row

    friend bool operator==(const Worksheet&, const Worksheet&) = default;
};

struct Workbook {
    std::vector<Worksheet> sheets;  ///< at least one, names unique (ignoring case)

    friend bool operator==(const Workbook&, const Workbook&) = default;
};

/// The most rows a worksheet holds, header included (Excel's limit).
inline constexpr std::size_t max_sheet_rows = 1048576;
/// The most characters one text cell holds (Excel's limit).
inline constexpr std::size_t max_cell_chars = 32767;

/// The bytes of the .xlsx file. Deterministic: the same workbook gives the
/// same bytes (the document's creation time is fixed at 1980-01-01, as the zip
/// entries' times are). Non-finite numbers are written as empty cells. Throws
/// UsageError naming the sheet (and cell) for a bad or duplicate sheet name, a
/// sheet over max_sheet_rows or 16,384 columns, or text over max_cell_chars.
[[nodiscard]] std::string xlsx_bytes(const Workbook& workbook);

/// Write xlsx_bytes(workbook) to `file` atomically (a temporary file beside it,
/// then a rename): after a failure or a crash `file` is the old one or the
/// complete new one.
void write_xlsx(const std::filesystem::path& file, const Workbook& workbook);

/// `shortlist score --format xlsx` (docs/excel.md): sheets "Shortlist" (the
/// columns and values of write_csv, numbers as numbers: the same 6-decimal
/// values; text as written, without the CSV's leading ' against formulas),
/// "Criteria" (one row per applicant and criterion in Outcome::criteria),
/// "Failed gates" (one row per failed gate). The CLI adds "Audit"
/// (json_sheet of the audit record).
[[nodiscard]] Workbook shortlist_workbook(const Rulebook& rulebook, const Shortlist& shortlist,
                                          const ReportOptions& options = {});

/// shortlist_workbook for `shortlist score`'s report (with its bands and what
/// it takes, when it has them).
[[nodiscard]] Workbook score_workbook(const ScoreReport& report);

/// The tables of a command's --csv DIR as one workbook (`--xlsx FILE` on
/// calibrate, sensitivity, compare, fairness): a sheet per table, named after
/// its file without ".csv", holding exactly its rows (csv_sheet).
[[nodiscard]] Workbook tables_workbook(const std::vector<CsvTable>& tables);

/// Add an "Audit" sheet (json_sheet of the record so far) and write the
/// workbook to `file` with write_output: atomically, its SHA-256 recorded in
/// the audit, captured instead under verify.
void write_workbook(Audit& audit, const std::filesystem::path& file, Workbook book);

/// A CSV table (RFC 4180, as the commands' --csv files are written) as a
/// sheet: the first record is the header; an unquoted field that is a finite
/// decimal number becomes a number, every other field text, with the leading '
/// the CSV puts before text a spreadsheet would run as a formula taken off (a
/// text cell is never a formula). Throws EvidenceError for text that is not
/// CSV (`name` names it).
[[nodiscard]] Worksheet csv_sheet(std::string name, std::string_view csv);

/// A sheet of key and value rows from a JSON object's members, nested keys
/// joined with '.' and array items numbered from 1 ("inputs.1.path"). Throws
/// UsageError if the text is not a JSON object.
[[nodiscard]] Worksheet json_sheet(std::string name, std::string_view json);

/// The number a report prints with `places` decimals, as a double: the value
/// a spreadsheet reading that text would hold.
[[nodiscard]] double rounded(double value, int places = 6);

}  // namespace shortlist

#endif  // SHORTLIST_WITH_XLSX

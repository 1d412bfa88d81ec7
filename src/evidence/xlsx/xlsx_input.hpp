// .xlsx wherever a CSV is read (docs/excel.md, "Reading workbooks"): the sheet
// is turned into the CSV text the loader reads anyway, line n holding sheet
// row n and field k column k, so every check of the CSV loader applies; its
// errors are then moved from file:line:column to the sheet's cells
// ("book.xlsx#Ratings!C17"). A loader's hook is one branch:
//
//     if (detail::is_xlsx(file))
//         return detail::read_xlsx(file, [&](std::string_view text, std::string_view name) {
//             return parse_ratings_csv_text(text, name);
//         });
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "evidence/record_names.hpp"
#include "evidence/xlsx/sheet_reader.hpp"
#include "shortlist/error.hpp"

namespace shortlist::detail {

/// "book.xlsx" (any case) or "book.xlsx#Sheet" (the part after the first
/// ".xlsx#" names the sheet, unless the whole path is an existing file).
struct XlsxSpec {
    std::filesystem::path book;
    std::optional<std::string> sheet;
};

/// The workbook and sheet `file` names, or none when it names no workbook.
[[nodiscard]] std::optional<XlsxSpec> xlsx_spec(const std::filesystem::path& file);
[[nodiscard]] inline bool is_xlsx(const std::filesystem::path& file) {
    return xlsx_spec(file).has_value();
}
/// The file to open (or hash) for `file`: the workbook without "#Sheet".
[[nodiscard]] std::filesystem::path xlsx_file(const std::filesystem::path& file);

/// A sheet as CSV text.
struct SheetText {
    std::string name;  ///< "book.xlsx#Sheet": the name the loader is given
    std::string text;
    /// Sheet row (1-based) of each line of the text (1-based; [0] unused).
    /// Equal unless a cell holds a line break.
    std::vector<std::uint32_t> row_of_line;
    std::vector<MergedRange> merged;

    /// How the loader's messages cite other rows: "row R".
    [[nodiscard]] RecordNames rows() const noexcept { return {"row", row_of_line}; }
};

/// The CSV text of a sheet read by read_sheet: rows up to the header's last
/// column padded with empty fields; a field quoted (RFC 4180) only when it
/// holds a comma, a quote or a line break. Throws EvidenceError at the cell
/// for a control character or bytes that are not UTF-8.
[[nodiscard]] SheetText sheet_text(const SheetData& sheet, std::string_view book);

/// Read the workbook `file` names and turn its sheet into text. Throws
/// UsageError if the file cannot be read (or the library was built without
/// .xlsx support), EvidenceError for a workbook that cannot be read.
[[nodiscard]] SheetText load_sheet_text(const std::filesystem::path& file);

/// The diagnostics about `sheet.name` moved to the sheet's cells: file
/// "book.xlsx#Sheet!C17" (line and column 0), and a note when the cell is
/// inside merged cells.
[[nodiscard]] std::vector<Diagnostic> at_cells(const SheetText& sheet,
                                               std::vector<Diagnostic> diagnostics);

/// For a loader that cites other records only as "line N" (not through
/// RecordNames): each such "line N" outside '...' quotes in the diagnostics
/// about `sheet.name` made "row R". Quoted text (a cell's value) is kept.
[[nodiscard]] std::vector<Diagnostic> lines_as_rows(const SheetText& sheet,
                                                    std::vector<Diagnostic> diagnostics);

/// parse(text, name, sheet.rows()) over the sheet (or parse(text, name), for
/// a loader whose messages cite "line N": then lines_as_rows), its errors
/// reported at cells.
template <class Parse>
auto parse_sheet(const SheetText& sheet, Parse&& parse) {
    constexpr bool cites_rows =
        std::is_invocable_v<Parse, std::string_view, std::string_view, RecordNames>;
    const auto moved = [&](const std::vector<Diagnostic>& d) {
        return at_cells(sheet, cites_rows ? d : lines_as_rows(sheet, d));
    };
    try {
        if constexpr (cites_rows)
            return std::forward<Parse>(parse)(std::string_view(sheet.text),
                                              std::string_view(sheet.name), sheet.rows());
        else
            return std::forward<Parse>(parse)(std::string_view(sheet.text),
                                              std::string_view(sheet.name));
    } catch (const EvidenceError& e) {
        throw EvidenceError(moved(e.diagnostics()));
    } catch (const UsageError& e) {
        throw UsageError(moved(e.diagnostics()));
    }
}

/// The same, reading the workbook `file` names.
template <class Parse>
auto read_xlsx(const std::filesystem::path& file, Parse&& parse) {
    return parse_sheet(load_sheet_text(file), std::forward<Parse>(parse));
}

}  // namespace shortlist::detail

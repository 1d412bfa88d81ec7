// Reading one worksheet of an .xlsx workbook with liborcus, as the text a user
// sees in each cell (docs/excel.md, "Reading workbooks"). The only file that
// includes liborcus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shortlist::detail {

/// One cell that holds something, 0-based.
struct SheetCell {
    std::uint32_t row = 0;
    std::uint32_t column = 0;
    std::string text;

    friend bool operator==(const SheetCell&, const SheetCell&) = default;
};

/// A rectangle of merged cells, 0-based and inclusive.
struct MergedRange {
    std::uint32_t first_row = 0, first_column = 0, last_row = 0, last_column = 0;

    friend bool operator==(const MergedRange&, const MergedRange&) = default;
};

struct SheetData {
    std::string name;              ///< the sheet's name
    std::vector<SheetCell> cells;  ///< by row, then column; no empty text
    std::vector<MergedRange> merged;
    /// Where the first row and column a viewer shows frozen (0: none).
    std::uint32_t frozen_rows = 0, frozen_columns = 0;
    std::optional<MergedRange> autofilter;  ///< the sheet's filter range, if any
};

/// The most bytes the parts of a workbook may hold once unzipped, altogether
/// (a zip bomb is refused before anything is inflated).
inline constexpr std::uint64_t max_unzipped_bytes = std::uint64_t{1} << 30;

/// Read the sheet named `sheet` (the first sheet when none) of the workbook
/// whose bytes are `bytes`; `book` names it in messages. Cell text: strings as
/// written; numbers as General shows them (15 significant digits, integers
/// without ".0"); numbers in a date format as ISO dates (2001-02-03, with
/// "T13:45:00" when there is a time of day); true/false; formulas' cached
/// values. Throws EvidenceError ("<book>: ...") for bytes that are not a
/// workbook, and for a sheet that does not exist (naming those that do).
[[nodiscard]] SheetData read_sheet(std::string_view bytes, std::string_view book,
                                   const std::optional<std::string>& sheet);

/// "A" for column 0, "AB" for column 27.
[[nodiscard]] std::string column_name(std::size_t column);

}  // namespace shortlist::detail

// Writing a Workbook as .xlsx with libxlsxwriter (docs/excel.md). Text goes
// through worksheet_write_string only: no cell is ever a formula.
#include <xlsxwriter.h>

#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/xlsx.hpp"
#include "util/io.hpp"
#include "util/number.hpp"
#include "util/utf8.hpp"

namespace shortlist {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_columns = 16384;
/// 1980-01-01T00:00:00Z: the document's creation time, the same as the zip
/// entries' (libxlsxwriter writes those as 1980-01-01), so the bytes depend on
/// nothing but the workbook.
constexpr std::time_t fixed_created = 315532800;

UsageError failure(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "xlsx: " + std::move(message));
}

/// "A1" for row 0, column 0: the only A1 naming the writers use. (The
/// reader's column_name in src/evidence/xlsx/xlsx_input.cpp spells the same
/// letters for its own messages: the evidence stage cannot call the report
/// stage, so one shared copy would belong in src/util.)
std::string cell_name(std::size_t row, std::size_t column) {
    std::string letters;
    for (std::size_t c = column + 1; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row + 1);
}

/// A scratch file for libxlsxwriter (which writes only to a named file),
/// removed when this goes out of scope.
class ScratchFile {
  public:
    ScratchFile() {
        std::string pattern = (fs::temp_directory_path() / "shortlist-xlsx-XXXXXX").string();
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0)
            throw failure("cannot create a temporary file in " +
                          fs::temp_directory_path().string() + ": " + std::strerror(errno));
        ::close(fd);
        path_ = pattern;
    }
    ~ScratchFile() {
        std::error_code ec;
        fs::remove(path_, ec);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

  private:
    std::string path_;
};

struct WorkbookCloser {
    void operator()(lxw_workbook* w) const noexcept { workbook_close(w); }
};
using WorkbookPtr = std::unique_ptr<lxw_workbook, WorkbookCloser>;

/// Characters a column needs for its text (UTF-8 code points; numbers as
/// General shows them).
std::size_t display_width(const CellValue& v) {
    if (const auto* s = std::get_if<std::string>(&v))
        return detail::utf8_length(*s);
    if (const auto* d = std::get_if<double>(&v))
        return std::min<std::size_t>(detail::format_shortest(*d).size(), 11);
    return 0;
}

std::vector<double> column_widths(const Worksheet& sheet, std::size_t columns) {
    std::vector<std::size_t> widest(columns, 0);
    for (std::size_t c = 0; c < sheet.header.size(); ++c)
        widest[c] = display_width(sheet.header[c]) + 3;  // room for the filter button
    for (const auto& row : sheet.rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            widest[c] = std::max(widest[c], display_width(row[c]));
    std::vector<double> widths(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        const double given = c < sheet.column_widths.size() ? sheet.column_widths[c] : 0.0;
        widths[c] =
            given > 0 ? given : static_cast<double>(std::clamp<std::size_t>(widest[c] + 1, 6, 60));
    }
    return widths;
}

void check(lxw_error e, const Worksheet& sheet, std::size_t row, std::size_t column) {
    if (e != LXW_NO_ERROR)
        throw failure("sheet '" + sheet.name + "' cell " + cell_name(row, column) + ": " +
                      lxw_strerror(e));
}

void write_text(lxw_worksheet* ws, const Worksheet& sheet, std::size_t row, std::size_t column,
                const std::string& text, lxw_format* format) {
    if (text.size() > max_cell_chars && detail::utf8_length(text) > max_cell_chars)
        throw failure("sheet '" + sheet.name + "' cell " + cell_name(row, column) +
                      ": text of more than " + std::to_string(max_cell_chars) +
                      " characters, the most a cell holds");
    check(worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                                 text.c_str(), format),
          sheet, row, column);
}

void write_cell(lxw_worksheet* ws, const Worksheet& sheet, std::size_t row, std::size_t column,
                const CellValue& value) {
    const auto r = static_cast<lxw_row_t>(row);
    const auto c = static_cast<lxw_col_t>(column);
    if (const auto* d = std::get_if<double>(&value)) {
        if (std::isfinite(*d))
            check(worksheet_write_number(ws, r, c, *d == 0 ? 0.0 : *d, nullptr), sheet, row,
                  column);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
        if (!s->empty())
            write_text(ws, sheet, row, column, *s, nullptr);
    }
}

void check_sheet(const Worksheet& sheet, const std::vector<std::string>& earlier) {
    if (sheet.name.empty() || sheet.name.size() > 31 ||
        sheet.name.find_first_of("[]:*?/\\") != std::string::npos || sheet.name.front() == '\'' ||
        sheet.name.back() == '\'')
        throw failure("'" + sheet.name +
                      "' is not a sheet name (1 to 31 characters, none of []:*?/\\, not "
                      "starting or ending with ')");
    const auto lower = [](std::string s) {
        for (char& ch : s)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    };
    for (const auto& e : earlier)
        if (lower(e) == lower(sheet.name))
            throw failure("two sheets named '" + sheet.name + "'");
    if (sheet.rows.size() + (sheet.header.empty() ? 0 : 1) > max_sheet_rows)
        throw failure("sheet '" + sheet.name + "' has " + std::to_string(sheet.rows.size()) +
                      " rows; a worksheet holds at most " + std::to_string(max_sheet_rows) +
                      " (header included)");
}

void write_sheet(lxw_workbook* book, lxw_format* bold, const Worksheet& sheet) {
    lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
    if (ws == nullptr)
        throw failure("cannot add sheet '" + sheet.name + "'");
    std::size_t columns = sheet.header.size();
    for (const auto& row : sheet.rows)
        columns = std::max(columns, row.size());
    if (columns > max_columns)
        throw failure("sheet '" + sheet.name + "' has " + std::to_string(columns) +
                      " columns; a worksheet holds at most " + std::to_string(max_columns));
    const std::vector<double> widths = column_widths(sheet, columns);
    for (std::size_t c = 0; c < columns; ++c)
        check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                   widths[c], nullptr),
              sheet, 0, c);
    const std::size_t first = sheet.header.empty() ? 0 : 1;
    for (std::size_t c = 0; c < sheet.header.size(); ++c)
        write_text(ws, sheet, 0, c, sheet.header[c], bold);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r)
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c)
            write_cell(ws, sheet, first + r, c, sheet.rows[r][c]);
    if (first == 1 && sheet.freeze_header)
        worksheet_freeze_panes(ws, 1, 0);
    if (first == 1 && sheet.autofilter && columns > 0)
        check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                                   static_cast<lxw_col_t>(columns - 1)),
              sheet, 0, 0);
}

}  // namespace

std::string xlsx_bytes(const Workbook& workbook) {
    if (workbook.sheets.empty())
        throw failure("a workbook needs at least one sheet");
    std::vector<std::string> names;
    for (const Worksheet& sheet : workbook.sheets) {
        check_sheet(sheet, names);
        names.push_back(sheet.name);
    }
    const ScratchFile scratch;
    {
        WorkbookPtr book(workbook_new(scratch.path().c_str()));
        if (!book)
            throw failure("cannot start a workbook in " + scratch.path());
        lxw_doc_properties properties{};
        properties.created = fixed_created;
        workbook_set_properties(book.get(), &properties);
        lxw_format* bold = workbook_add_format(book.get());
        format_set_bold(bold);
        for (const Worksheet& sheet : workbook.sheets)
            write_sheet(book.get(), bold, sheet);
        const lxw_error e = workbook_close(book.release());
        if (e != LXW_NO_ERROR)
            throw failure(std::string("cannot write the workbook: ") + lxw_strerror(e));
    }
    return detail::read_file(scratch.path());
}

void write_xlsx(const std::filesystem::path& file, const Workbook& workbook) {
    const std::string bytes = xlsx_bytes(workbook);
    detail::write_file_atomically(file, [&](std::ostream& out) {
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    });
}

double rounded(double value, int places) {
    if (!std::isfinite(value))
        return value;
    const std::string text = detail::format_fixed(value, places);
    return detail::parse_number(text).value_or(value);
}

}  // namespace shortlist

// A sheet as the CSV text the loaders read, and their errors moved back to the
// sheet's cells (docs/excel.md, "Reading workbooks"). Compiled with or without
// .xlsx support; only read_sheet needs liborcus.
#include "evidence/xlsx/xlsx_input.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "util/io.hpp"
#include "util/utf8.hpp"

namespace shortlist::detail {

namespace fs = std::filesystem;

namespace {

std::string lowercase(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string cell_name(std::uint32_t row, std::uint32_t column) {
    return column_name(column) + std::to_string(row + 1);
}

[[noreturn]] void fail_at(const std::string& name, const SheetCell& cell, std::string message) {
    throw EvidenceError({name + '!' + cell_name(cell.row, cell.column), 0, 0},
                        ErrorCode::InvalidArgument, std::move(message));
}

/// Append one cell as a CSV field (quoted only when it must be).
void append_field(std::string& out, const std::string& name, const SheetCell& cell) {
    const std::string& text = cell.text;
    bool quote = false;
    for (const char *p = text.data(), *end = p + text.size(); p < end;) {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            fail_at(name, cell,
                    "control character \\x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                        "0123456789ABCDEF"[c & 15] + " in the cell");
        const std::size_t n = utf8_sequence_length(p, end);
        if (n == 0)
            fail_at(name, cell, "the cell's text is not valid UTF-8");
        quote |= c == ',' || c == '"' || c == '\n' || c == '\r';
        p += n;
    }
    if (!quote) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

/// The merged range holding (row, column) other than at its top-left cell.
const MergedRange* covered_by(const SheetText& sheet, std::uint32_t row, std::uint32_t column) {
    for (const MergedRange& m : sheet.merged)
        if (row >= m.first_row && row <= m.last_row && column >= m.first_column &&
            column <= m.last_column && (row != m.first_row || column != m.first_column))
            return &m;
    return nullptr;
}

/// "line N" outside '...' quotes in a message made "row R" (the sheet's row).
std::string rows_for_lines(const SheetText& sheet, const std::string& message) {
    std::string out;
    bool quoted = false;
    for (std::size_t at = 0; at < message.size();) {
        if (message[at] == '\'') {
            quoted = !quoted;
            out += message[at++];
            continue;
        }
        if (quoted || message.compare(at, 5, "line ") != 0) {
            out += message[at++];
            continue;
        }
        std::size_t end = at + 5;
        std::size_t line = 0;
        while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end])) &&
               line < sheet.row_of_line.size())
            line = line * 10 + static_cast<std::size_t>(message[end++] - '0');
        if (end > at + 5 && line > 0 && line < sheet.row_of_line.size())
            out += "row " + std::to_string(sheet.row_of_line[line]);
        else
            out.append(message, at, end - at);
        at = end;
    }
    return out;
}

}  // namespace

std::string column_name(std::size_t column) {
    std::string letters;
    for (std::size_t c = column + 1; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters;
}

std::optional<XlsxSpec> xlsx_spec(const fs::path& file) {
    const std::string s = file.string();
    const std::string lower = lowercase(s);
    if (lower.size() > 5 && lower.ends_with(".xlsx"))
        return XlsxSpec{file, std::nullopt};
    const std::size_t hash = lower.find(".xlsx#");
    std::error_code ec;
    if (hash == std::string::npos || hash == 0 || fs::exists(file, ec))
        return std::nullopt;
    return XlsxSpec{fs::path(s.substr(0, hash + 5)), s.substr(hash + 6)};
}

fs::path xlsx_file(const fs::path& file) {
    const auto spec = xlsx_spec(file);
    return spec ? spec->book : file;
}

SheetText sheet_text(const SheetData& sheet, std::string_view book) {
    SheetText out;
    out.name = std::string(book) + '#' + sheet.name;
    out.merged = sheet.merged;
    out.row_of_line.push_back(0);
    const std::size_t width = sheet.cells.empty() ? 0 : [&] {
        std::uint32_t last = 0;
        for (const SheetCell& c : sheet.cells) {
            if (c.row != sheet.cells.front().row)
                break;
            last = c.column;
        }
        return std::size_t{last} + 1;
    }();
    std::uint32_t row = 0;  // rows written so far
    for (std::size_t i = 0; i < sheet.cells.size();) {
        for (; row < sheet.cells[i].row; ++row) {  // rows without cells: empty lines
            out.text += '\n';
            out.row_of_line.push_back(row + 1);
        }
        const std::size_t start = out.text.size();
        for (std::size_t j = i; j < sheet.cells.size() && sheet.cells[j].row == row; ++j)
            if (sheet.cells[j].column >= width)  // a row wider than the header: as in CSV, refused
                fail_at(out.name, sheet.cells[j],
                        "a value right of the header's last column, " + column_name(width - 1) +
                            " (clear the cell, or give its column a name in the header row)");
        for (std::size_t column = 0; column < width; ++column) {
            if (column > 0)
                out.text += ',';
            if (i < sheet.cells.size() && sheet.cells[i].row == row &&
                sheet.cells[i].column == column)
                append_field(out.text, out.name, sheet.cells[i++]);
        }
        out.text += '\n';
        // A cell with line breaks spans lines: each of them is this row.
        const auto lines =
            std::count(out.text.begin() + static_cast<std::ptrdiff_t>(start), out.text.end(), '\n');
        out.row_of_line.insert(out.row_of_line.end(), static_cast<std::size_t>(lines), row + 1);
        ++row;
    }
    return out;
}

std::vector<Diagnostic> at_cells(const SheetText& sheet, std::vector<Diagnostic> diagnostics) {
    for (Diagnostic& d : diagnostics) {
        SourceLocation& where = d.location;
        if (where.file != sheet.name)
            continue;
        if (where.line == 0 || where.line >= sheet.row_of_line.size())
            continue;
        const std::uint32_t row = sheet.row_of_line[where.line];
        if (where.column == 0) {
            where.file += '!' + std::to_string(row) + ':' + std::to_string(row);
        } else {
            const auto column = static_cast<std::uint32_t>(where.column - 1);
            where.file += '!' + cell_name(row - 1, column);
            if (const MergedRange* m = covered_by(sheet, row - 1, column))
                d.message += " (the cell is inside merged cells " +
                             cell_name(m->first_row, m->first_column) + ':' +
                             cell_name(m->last_row, m->last_column) + ", whose value is in " +
                             cell_name(m->first_row, m->first_column) + " only)";
        }
        where.line = 0;
        where.column = 0;
    }
    return diagnostics;
}

std::vector<Diagnostic> lines_as_rows(const SheetText& sheet, std::vector<Diagnostic> diagnostics) {
    for (Diagnostic& d : diagnostics)
        if (d.location.file == sheet.name)
            d.message = rows_for_lines(sheet, d.message);
    return diagnostics;
}

SheetText load_sheet_text(const fs::path& file) {
    const std::optional<XlsxSpec> spec = xlsx_spec(file);
    const fs::path book = spec ? spec->book : file;
#if defined(SHORTLIST_WITH_XLSX)
    const MappedFile bytes(book);
    return sheet_text(read_sheet(bytes.text(), book.string(), spec ? spec->sheet : std::nullopt),
                      book.string());
#else
    throw UsageError({book.string(), 0, 0}, ErrorCode::FailedPrecondition,
                     "this shortlist was built without .xlsx support (SHORTLIST_WITH_XLSX; "
                     "docs/excel.md): save the sheet as CSV");
#endif
}

}  // namespace shortlist::detail

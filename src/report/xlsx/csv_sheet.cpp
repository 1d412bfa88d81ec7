// A CSV table as a worksheet (docs/excel.md): the --xlsx workbooks of
// calibrate, sensitivity, compare and fairness hold exactly their --csv tables.
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/xlsx.hpp"
#include "util/csv.hpp"
#include "util/csv_cell.hpp"
#include "util/io.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

/// Text a spreadsheet would show back unchanged as a number: no leading '+',
/// no leading zero before a digit ("007", "-01" are ids or codes, kept as
/// text so that "007" and "7" stay apart).
bool reads_back_as_number(std::string_view t) {
    if (t.empty() || t.front() == '+')
        return false;
    const std::string_view digits = t.front() == '-' ? t.substr(1) : t;
    return !(digits.size() >= 2 && digits[0] == '0' && digits[1] >= '0' && digits[1] <= '9');
}

CellValue cell_of(const detail::CsvField& f) {
    if (!f.quoted && reads_back_as_number(f.text))
        if (const auto n = detail::parse_number(f.text))
            return *n;
    std::string_view text = f.text;
    // The CSV's guard against formulas, not part of the value.
    if (text.size() >= 2 && text.front() == '\'' && detail::csv_is_formula(text.substr(1)))
        text.remove_prefix(1);
    return std::string(text);
}

}  // namespace

Worksheet csv_sheet(std::string name, std::string_view csv) {
    Worksheet sheet;
    sheet.name = std::move(name);
    detail::CsvReader reader(detail::strip_bom(csv), sheet.name);
    bool header = true;
    while (reader.next()) {
        if (header) {
            for (const auto& f : reader.fields())
                sheet.header.emplace_back(f.text);
            header = false;
            continue;
        }
        std::vector<CellValue> row;
        row.reserve(reader.fields().size());
        for (const auto& f : reader.fields())
            row.push_back(cell_of(f));
        sheet.rows.push_back(std::move(row));
    }
    return sheet;
}

}  // namespace shortlist

// The commands' workbooks (docs/excel.md): score's from its report, the
// others' from their --csv tables, each written with its audit record.
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "shortlist/xlsx.hpp"

namespace shortlist {

Workbook score_workbook(const ScoreReport& report) {
    ReportOptions options;
    options.what_it_takes = report.what_it_takes;
    options.bands = report.bands;
    return shortlist_workbook(report.rulebook, report.shortlist, options);
}

Workbook tables_workbook(const std::vector<CsvTable>& tables) {
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

void write_workbook(Audit& audit, const std::filesystem::path& file, Workbook book) {
    std::ostringstream record;
    write_json(record, audit.record());
    book.sheets.push_back(json_sheet("Audit", record.str()));
    const std::string bytes = xlsx_bytes(book);
    write_output(audit, file, [&](std::ostream& os) {
        os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    });
}

}  // namespace shortlist

// Excel in (docs/excel.md): a sheet reads as the text a user sees in it, the
// example data given as workbooks give the same shortlist as the CSVs, and
// errors name the sheet and cell.
#include <xlsxwriter.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "evidence/xlsx/sheet_reader.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/xlsx.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "util/number.hpp"

namespace fs = std::filesystem;
using namespace shortlist;

namespace {

const fs::path source_dir = SHORTLIST_SOURCE_DIR;

/// A scratch directory, removed at the end of the test.
struct Scratch {
    fs::path dir =
        fs::temp_directory_path() / ("shortlist_xlsx_in_test." + std::to_string(::getpid()));
    Scratch() {
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

/// A CSV file as one sheet: a field that reads back as the same text when
/// held as a number (3, 8.1; not 007 or 10.10) is written as a number, as a
/// spreadsheet would hold it once typed in; everything else as text.
Worksheet sheet_of_csv(const fs::path& csv, std::string name) {
    const std::string text = detail::read_file(csv);
    detail::CsvReader reader(detail::strip_bom(text), csv.string());
    Worksheet sheet;
    sheet.name = std::move(name);
    while (reader.next()) {
        std::vector<CellValue> row;
        for (const auto& f : reader.fields()) {
            const std::string value(f.text);
            const auto n = detail::parse_number(value);
            if (n && detail::format_shortest(*n) == value && !sheet.header.empty())
                row.emplace_back(*n);
            else
                row.emplace_back(value);
        }
        if (sheet.header.empty()) {
            for (const auto& c : row)
                sheet.header.push_back(std::get<std::string>(c));
        } else {
            sheet.rows.push_back(std::move(row));
        }
    }
    return sheet;
}

std::string shortlist_csv(const Rulebook& rulebook, const Evidence& evidence) {
    const Scorer scorer(rulebook);
    std::ostringstream out;
    write_csv(out, scorer.rulebook(), select(scorer.rulebook(), scorer.score(evidence), 10));
    return out.str();
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("the example data as workbooks give the same shortlist as the CSVs", "[xlsx]") {
    const Scratch scratch;
    const Rulebook rulebook = load_rulebook(source_dir / "rules/staffordshire_pcso.yaml");
    const fs::path applicants = source_dir / "examples/data/applicants.csv";
    const fs::path ratings = source_dir / "examples/data/ratings/staffordshire-pcso.csv";
    // Applicants on the first sheet; ratings on the second of another book.
    write_xlsx(scratch.dir / "applicants.xlsx", {{sheet_of_csv(applicants, "Applicants")}});
    Worksheet notes;
    notes.name = "Notes";
    notes.header = {"read me"};
    write_xlsx(scratch.dir / "panel.xlsx", {{notes, sheet_of_csv(ratings, "Ratings")}});

    const Evidence from_csv = load_evidence(rulebook, applicants, ratings);
    const Evidence from_xlsx = load_evidence(rulebook, scratch.dir / "applicants.xlsx",
                                             scratch.dir / "panel.xlsx#Ratings");
    CHECK(from_xlsx.applicants == from_csv.applicants);
    CHECK(from_xlsx.facts == from_csv.facts);
    CHECK(from_xlsx.ratings.size() == from_csv.ratings.size());
    CHECK(from_xlsx.ratings_source == (scratch.dir / "panel.xlsx").string() + "#Ratings");
    CHECK(shortlist_csv(rulebook, from_xlsx) == shortlist_csv(rulebook, from_csv));

    // calibrate's rating table and fairness's monitoring, the same way.
    const RatingTable table_csv = load_rating_table(ratings);
    const RatingTable table_xlsx = load_rating_table(scratch.dir / "panel.xlsx#Ratings");
    CHECK(table_xlsx.applicants == table_csv.applicants);
    CHECK(table_xlsx.ratings.size() == table_csv.ratings.size());
    const fs::path monitoring = source_dir / "examples/data/monitoring.csv";
    write_xlsx(scratch.dir / "monitoring.xlsx", {{sheet_of_csv(monitoring, "Monitoring")}});
    const Monitoring m_csv = load_monitoring(monitoring);
    const Monitoring m_xlsx = load_monitoring(scratch.dir / "monitoring.xlsx");
    CHECK(m_xlsx.columns == m_csv.columns);
    CHECK(m_xlsx.applicant_ids == m_csv.applicant_ids);
    CHECK(m_xlsx.values == m_csv.values);
}

TEST_CASE("a bad cell is reported by sheet and cell", "[xlsx]") {
    const Scratch scratch;
    const Rulebook rulebook = load_rulebook(source_dir / "rules/staffordshire_pcso.yaml");
    const fs::path applicants = source_dir / "examples/data/applicants.csv";
    Worksheet ratings =
        sheet_of_csv(source_dir / "examples/data/ratings/staffordshire-pcso.csv", "Ratings");
    const auto score = static_cast<std::size_t>(
        std::find(ratings.header.begin(), ratings.header.end(), "score") - ratings.header.begin());
    REQUIRE(score == 3);                              // column D
    ratings.rows[15][score] = std::string("eleven");  // sheet row 17
    const fs::path book = scratch.dir / "book.xlsx";
    write_xlsx(book, {{ratings}});
    const std::string cell = book.string() + "#Ratings!D17";
    CHECK_THAT(message_of([&] { (void)load_evidence(rulebook, applicants, book); }),
               Catch::StartsWith(cell + ": error: ") && Catch::Contains("'eleven'"));

    // A duplicate names the other row by its sheet row.
    ratings.rows[15] = ratings.rows[3];  // row 17 repeats row 5
    write_xlsx(book, {{ratings}});
    CHECK_THAT(
        message_of([&] { (void)load_evidence(rulebook, applicants, book); }),
        Catch::StartsWith(book.string() + "#Ratings!") && Catch::Contains("(first at row 5)"));
}

TEST_CASE("a sheet that does not exist is named, with those that do", "[xlsx]") {
    const Scratch scratch;
    Worksheet a;
    a.name = "One";
    a.header = {"applicant_id"};
    Worksheet b = a;
    b.name = "Two";
    write_xlsx(scratch.dir / "b.xlsx", {{a, b}});
    const fs::path spec = scratch.dir / "b.xlsx#Three";
    CHECK(message_of([&] { (void)load_monitoring(spec); }) ==
          (scratch.dir / "b.xlsx").string() +
              ": error: no sheet named 'Three' (the workbook has 'One', 'Two')");
    CHECK(detail::xlsx_file(spec) == scratch.dir / "b.xlsx");
    CHECK(detail::xlsx_spec(scratch.dir / "b.XLSX#Two")->sheet == "Two");
    CHECK_FALSE(detail::is_xlsx("a.csv"));
    CHECK_FALSE(detail::is_xlsx("a.csv#Two"));
}

// A workbook as Excel would save one: dates, formulas with cached values,
// merged cells, booleans, a cell with a line break.
TEST_CASE("cells read as a user sees them", "[xlsx]") {
    const Scratch scratch;
    const std::string file = (scratch.dir / "typed.xlsx").string();
    lxw_workbook* wb = workbook_new(file.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Typed");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format* stamp = workbook_add_format(wb);
    format_set_num_format_index(stamp, 22);  // m/d/yy h:mm, built in
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00 \"dd\"");  // d inside quotes: not a date
    worksheet_write_string(ws, 0, 0, "applicant_id", nullptr);
    worksheet_write_string(ws, 0, 1, "value", nullptr);
    lxw_datetime dob = {2001, 2, 3, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 1, &dob, date);
    lxw_datetime at = {2026, 12, 7, 13, 45, 0};
    worksheet_write_datetime(ws, 2, 1, &at, stamp);
    worksheet_write_formula_num(ws, 3, 1, "=2*3", nullptr, 6);
    worksheet_write_formula_str(ws, 4, 1, "=\"a\"&\"b\"", nullptr, "ab");
    worksheet_merge_range(ws, 5, 0, 6, 0, "M1", nullptr);
    worksheet_write_boolean(ws, 7, 1, 1, nullptr);
    worksheet_write_number(ws, 8, 1, 1234.5, money);
    worksheet_write_number(ws, 9, 1, 0.1 + 0.2, nullptr);
    worksheet_write_number(ws, 10, 1, 1e21, nullptr);
    worksheet_write_string(ws, 11, 1, "two\nlines", nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const std::string bytes = detail::read_file(file);
    const detail::SheetData sheet = detail::read_sheet(bytes, "typed.xlsx", std::nullopt);
    std::vector<std::string> values(12);
    for (const auto& c : sheet.cells)
        if (c.column == 1)
            values[c.row] = c.text;
    CHECK(values[1] == "2001-02-03");
    CHECK(values[2] == "2026-12-07T13:45:00");
    CHECK(values[3] == "6");
    CHECK(values[4] == "ab");
    CHECK(values[7] == "true");
    CHECK(values[8] == "1234.5");
    CHECK(values[9] == "0.3");  // 15 significant digits, as Excel shows it
    CHECK(values[10] == "1e+21");
    CHECK(values[11] == "two\nlines");
    REQUIRE(sheet.merged.size() == 1);
    CHECK(sheet.merged[0] == detail::MergedRange{5, 0, 6, 0});

    // As CSV: line n is row n, except after the cell with a line break.
    const detail::SheetText text = detail::sheet_text(sheet, "typed.xlsx");
    CHECK(text.text.substr(0, 35) == "applicant_id,value\n,2001-02-03\n,202");
    CHECK(text.row_of_line[12] == 12);
    CHECK(text.row_of_line[13] == 12);
    // An error in the merged range's lower cell says where the value is.
    const auto moved = detail::at_cells(
        text, {Diagnostic{{text.name, 7, 1}, ErrorCode::InvalidArgument, "empty applicant_id"}});
    CHECK(format(moved[0]) ==
          "typed.xlsx#Typed!A7: error: empty applicant_id (the cell is inside merged cells "
          "A6:A7, whose value is in A6 only)");
}

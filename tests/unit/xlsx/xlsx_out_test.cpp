// Excel out (docs/excel.md): workbooks written by xlsx_bytes read back, from
// the zip's XML (liborcus's zip reader, independent of ours) and through
// read_sheet; score's workbook holds the same numbers as its CSV.
#include <catch2/catch.hpp>

#include <orcus/zip_archive.hpp>
#include <orcus/zip_archive_stream.hpp>

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "evidence/xlsx/sheet_reader.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/xlsx.hpp"
#include "util/csv.hpp"
#include "util/number.hpp"

namespace fs = std::filesystem;
using namespace shortlist;

namespace {

const fs::path source_dir = SHORTLIST_SOURCE_DIR;

/// One part of the zip, as text.
std::string part(const std::string& bytes, const std::string& name) {
    orcus::zip_archive_stream_blob stream(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                          bytes.size());
    orcus::zip_archive zip(&stream);
    zip.load();
    std::vector<unsigned char> buf;
    REQUIRE(zip.read_file_entry(name, buf));
    return {buf.begin(), buf.end()};
}

/// The text of the cell at (row, column), 0-based; empty when none.
std::string cell(const detail::SheetData& sheet, std::uint32_t row, std::uint32_t column) {
    for (const auto& c : sheet.cells)
        if (c.row == row && c.column == column)
            return c.text;
    return {};
}

Workbook small_book() {
    Worksheet s;
    s.name = "Data";
    s.header = {"id", "n", "note"};
    s.rows = {{std::string("=1+1"), 3.0, CellValue{}},
              {std::string("A2"), 2.5, std::string("x, \"y\"")},
              {std::string("+44 20"), -0.0, std::string("@SUM(A1)")}};
    return {{s}};
}

}  // namespace

TEST_CASE("text stays text, numbers stay numbers, header frozen and filtered", "[xlsx]") {
    const std::string bytes = xlsx_bytes(small_book());
    const std::string xml = part(bytes, "xl/worksheets/sheet1.xml");
    CHECK(xml.find("<f>") == std::string::npos);  // no formula anywhere
    CHECK(xml.find("<c r=\"A2\" t=\"s\">") != std::string::npos);
    CHECK(xml.find("<c r=\"B2\"><v>3</v></c>") != std::string::npos);
    CHECK(xml.find("<c r=\"B3\"><v>2.5</v></c>") != std::string::npos);
    CHECK(xml.find("<c r=\"C2\"") == std::string::npos);  // empty: no cell
    CHECK(xml.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                   "state=\"frozen\"/>") != std::string::npos);
    CHECK(xml.find("<autoFilter ref=\"A1:C4\"/>") != std::string::npos);
    CHECK(part(bytes, "xl/sharedStrings.xml").find("<t>=1+1</t>") != std::string::npos);

    const detail::SheetData back = detail::read_sheet(bytes, "small.xlsx", std::nullopt);
    CHECK(back.name == "Data");
    CHECK(cell(back, 0, 0) == "id");
    CHECK(cell(back, 1, 0) == "=1+1");
    CHECK(cell(back, 1, 1) == "3");
    CHECK(cell(back, 2, 1) == "2.5");
    CHECK(cell(back, 2, 2) == "x, \"y\"");
    CHECK(cell(back, 3, 0) == "+44 20");
    CHECK(cell(back, 3, 1) == "0");
    CHECK(cell(back, 3, 2) == "@SUM(A1)");
    CHECK(back.frozen_rows == 1);
    REQUIRE(back.autofilter);
    CHECK(back.autofilter->last_row == 3);
    CHECK(back.autofilter->last_column == 2);
}

TEST_CASE("the same workbook gives the same bytes", "[xlsx]") {
    CHECK(xlsx_bytes(small_book()) == xlsx_bytes(small_book()));
    CHECK(part(xlsx_bytes(small_book()), "docProps/core.xml").find("1980-01-01T00:00:00Z") !=
          std::string::npos);
}

TEST_CASE("workbooks that cannot be written are refused, naming sheet and cell", "[xlsx]") {
    Workbook book = small_book();
    book.sheets[0].name = "a/b";
    CHECK_THROWS_WITH(
        xlsx_bytes(book),
        "<input>: error: xlsx: 'a/b' is not a sheet name (1 to 31 characters, none of "
        "[]:*?/\\, not starting or ending with ')");
    book = small_book();
    book.sheets.push_back(book.sheets[0]);
    book.sheets[1].name = "DATA";
    CHECK_THROWS_WITH(xlsx_bytes(book), "<input>: error: xlsx: two sheets named 'DATA'");
    book = small_book();
    book.sheets[0].rows[1][2] = std::string(max_cell_chars + 1, 'x');
    CHECK_THROWS_WITH(
        xlsx_bytes(book),
        "<input>: error: xlsx: sheet 'Data' cell C3: text of more than 32767 characters, "
        "the most a cell holds");
    CHECK_THROWS_WITH(xlsx_bytes(Workbook{}),
                      "<input>: error: xlsx: a workbook needs at least one sheet");
}

TEST_CASE("write_xlsx replaces the file whole", "[xlsx]") {
    const fs::path dir =
        fs::temp_directory_path() / ("shortlist_xlsx_out_test." + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "book.xlsx";
    write_xlsx(file, small_book());
    CHECK(fs::file_size(file) == xlsx_bytes(small_book()).size());
    Workbook bad = small_book();
    bad.sheets[0].name = "";
    CHECK_THROWS_AS(write_xlsx(file, bad), UsageError);
    CHECK(fs::file_size(file) == xlsx_bytes(small_book()).size());  // the old one, whole
    for (const auto& e : fs::directory_iterator(dir))               // no temporary left behind
        CHECK(e.path().filename() == "book.xlsx");
    fs::remove_all(dir);
}

TEST_CASE("score's workbook holds the CSV's columns and values", "[xlsx]") {
    const Rulebook rulebook = load_rulebook(source_dir / "rules/staffordshire_pcso.yaml");
    const Evidence evidence =
        load_evidence(rulebook, source_dir / "examples/data/applicants.csv",
                      source_dir / "examples/data/ratings/staffordshire-pcso.csv");
    const Scorer scorer(rulebook);
    const Shortlist shortlist = select(scorer.rulebook(), scorer.score(evidence), 10);
    std::ostringstream csv;
    write_csv(csv, scorer.rulebook(), shortlist);
    const std::string bytes = xlsx_bytes(shortlist_workbook(scorer.rulebook(), shortlist));

    const detail::SheetData sheet = detail::read_sheet(bytes, "score.xlsx", "Shortlist");
    CHECK(sheet.frozen_rows == 1);
    REQUIRE(sheet.autofilter);
    CHECK(sheet.autofilter->last_row == shortlist.entries.size());
    const std::string text = csv.str();
    detail::CsvReader reader(text, "score.csv");
    std::uint32_t row = 0;
    std::size_t numbers = 0;
    while (reader.next()) {
        const auto fields = reader.fields();
        REQUIRE(fields.size() == 9);
        for (std::uint32_t c = 0; c < fields.size(); ++c) {
            const std::string want(fields[c].text);
            const std::string got = cell(sheet, row, c);
            const auto a = detail::parse_number(want);
            if (row > 0 && a && c != 1) {  // a number: the same double (applicant_id is text)
                const auto b = detail::parse_number(got);
                REQUIRE(b);
                CHECK(*a == *b);
                ++numbers;
            } else {
                CHECK(got == want);
            }
        }
        ++row;
    }
    CHECK(row == shortlist.entries.size() + 1);
    CHECK(numbers > shortlist.entries.size() * 4);  // rank, total and group scores at least

    // One row per criterion of each applicant, and per failed gate.
    std::size_t criteria = 0;
    std::size_t gates = 0;
    for (const Outcome& o : shortlist.outcomes) {
        criteria += o.criteria.size();
        gates += o.failed_gates.size();
    }
    const detail::SheetData breakdown = detail::read_sheet(bytes, "score.xlsx", "Criteria");
    CHECK(breakdown.cells.back().row == criteria);
    const detail::SheetData failed = detail::read_sheet(bytes, "score.xlsx", "Failed gates");
    CHECK(failed.cells.back().row == gates);
    CHECK(cell(failed, 0, 4) == "message");
}

TEST_CASE("json_sheet flattens an object to key and value rows", "[xlsx]") {
    const Worksheet s =
        json_sheet("Audit", R"({"tool": "shortlist", "seed": 7, "inputs": [{"path": "a.csv"}],
                               "ok": true, "none": null})");
    REQUIRE(s.rows.size() == 5);
    CHECK(s.rows[0] == std::vector<CellValue>{std::string("tool"), std::string("shortlist")});
    CHECK(s.rows[1] == std::vector<CellValue>{std::string("seed"), 7.0});
    CHECK(s.rows[2] == std::vector<CellValue>{std::string("inputs.1.path"), std::string("a.csv")});
    CHECK(s.rows[3] == std::vector<CellValue>{std::string("ok"), std::string("true")});
    CHECK(s.rows[4] == std::vector<CellValue>{std::string("none"), CellValue{}});
    CHECK_THROWS_AS(json_sheet("Audit", "[1]"), UsageError);
}

TEST_CASE("csv_sheet keeps ids with leading zeros as text, plain numbers as numbers", "[xlsx]") {
    const Worksheet sheet =
        csv_sheet("t", "applicant_id,total,code,delta\n007,83.5,+1,-0.25\n7,0.5,-01,1e3\n");
    REQUIRE(sheet.rows.size() == 2);
    const auto& a = sheet.rows[0];
    const auto& b = sheet.rows[1];
    REQUIRE(std::get<std::string>(a[0]) == "007");  // not 7: "007" and "7" stay apart
    REQUIRE(std::get<double>(b[0]) == 7.0);
    REQUIRE(std::get<double>(a[1]) == 83.5);
    REQUIRE(std::get<double>(b[1]) == 0.5);
    REQUIRE(std::get<std::string>(a[2]) == "+1");
    REQUIRE(std::get<std::string>(b[2]) == "-01");
    REQUIRE(std::get<double>(a[3]) == -0.25);
    REQUIRE(std::get<double>(b[3]) == 1000.0);
}

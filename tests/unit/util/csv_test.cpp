// The CSV reader (src/util/csv.hpp): RFC 4180 records, line numbers, and
// every syntax error with its exact place and message.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/error.hpp"
#include "util/csv.hpp"
#include "util/csv_cell.hpp"

using shortlist::EvidenceError;
using shortlist::detail::CsvReader;

namespace {

struct Record {
    std::size_t line;
    std::vector<std::string> fields;
    std::vector<bool> quoted;
};

std::vector<Record> read_all(std::string_view text, std::size_t first_line = 1) {
    CsvReader reader(text, "t.csv", first_line);
    std::vector<Record> out;
    while (reader.next()) {
        Record r{reader.line(), {}, {}};
        for (const auto& f : reader.fields()) {
            r.fields.emplace_back(f.text);
            r.quoted.push_back(f.quoted);
        }
        out.push_back(std::move(r));
    }
    return out;
}

using Fields = std::vector<std::string>;

/// what() of the EvidenceError that reading `text` throws, or "no error".
std::string error_of(std::string_view text) {
    try {
        (void)read_all(text);
    } catch (const EvidenceError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("plain records with and without a final newline", "[csv]") {
    for (std::string_view text : {"a,b,c\n1,2,3\n", "a,b,c\n1,2,3"}) {
        const auto records = read_all(text);
        REQUIRE(records.size() == 2);
        CHECK(records[0].fields == Fields{"a", "b", "c"});
        CHECK(records[1].fields == Fields{"1", "2", "3"});
        CHECK(records[0].line == 1);
        CHECK(records[1].line == 2);
        CHECK(records[1].quoted == std::vector<bool>{false, false, false});
    }
}

TEST_CASE("CRLF line ends do not leave a carriage return in the last field", "[csv]") {
    const auto records = read_all("a,b\r\n1,2\r\n3,4");
    REQUIRE(records.size() == 3);
    CHECK(records[0].fields == Fields{"a", "b"});
    CHECK(records[1].fields == Fields{"1", "2"});
    CHECK(records[2].fields == Fields{"3", "4"});
    CHECK(records[2].line == 3);
}

TEST_CASE("empty fields, a lone comma and a trailing comma", "[csv]") {
    const auto records = read_all("a,,c\n,\nx,\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0].fields == Fields{"a", "", "c"});
    CHECK(records[1].fields == Fields{"", ""});
    CHECK(records[2].fields == Fields{"x", ""});
}

TEST_CASE("quoted fields hold commas, doubled quotes and line breaks", "[csv]") {
    const auto records = read_all(
        "id,comment\n"
        "A1,\"Good, clear answer\"\n"
        "A2,\"She said \"\"yes\"\"\"\n"
        "A3,\"two\nlines\"\n"
        "A4,\"\"\n"
        "A5,\"\"\"\"\n"
        "A6,\"a \"\"b\"\"\r\nc\"\r\n"
        "A7,end\n");
    REQUIRE(records.size() == 8);
    CHECK(records[1].fields == Fields{"A1", "Good, clear answer"});
    CHECK(records[1].quoted == std::vector<bool>{false, true});
    CHECK(records[2].fields == Fields{"A2", "She said \"yes\""});
    CHECK(records[3].fields == Fields{"A3", "two\nlines"});
    CHECK(records[4].fields == Fields{"A4", ""});
    CHECK(records[4].quoted == std::vector<bool>{false, true});
    CHECK(records[5].fields == Fields{"A5", "\""});
    CHECK(records[6].fields == Fields{"A6", "a \"b\"\r\nc"});
    CHECK(records[7].fields == Fields{"A7", "end"});
    // Each record is numbered by the line it starts on, counting the lines
    // inside quoted fields before it.
    CHECK(records[3].line == 4);
    CHECK(records[4].line == 6);
    CHECK(records[5].line == 7);
    CHECK(records[6].line == 8);
    CHECK(records[7].line == 10);
}

TEST_CASE("several escaped fields in one record keep their own text", "[csv]") {
    const auto records = read_all("\"a\"\"1\",\"b\"\"2\",plain,\"c\"\"3\"\n");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"a\"1", "b\"2", "plain", "c\"3"});
}

TEST_CASE("spaces around a quoted field are allowed, unquoted fields are not trimmed", "[csv]") {
    const auto records = read_all("  \"a, b\"  , c ,\t\"x\"\t\n");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"a, b", " c ", "x"});
    CHECK(records[0].quoted == std::vector<bool>{true, false, true});
}

TEST_CASE("empty lines are skipped anywhere and still counted", "[csv]") {
    const auto records = read_all("\n\na,b\n\n1,2\r\n\r\n3,4\n\n\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0].line == 3);
    CHECK(records[1].line == 5);
    CHECK(records[2].line == 7);
    CHECK(read_all("").empty());
    CHECK(read_all("\n\r\n\n").empty());
}

TEST_CASE("UTF-8 text passes through, quoted or not, short or long", "[csv]") {
    const std::string long_text =
        "Caf\xC3\xA9 \xE2\x82\xAC 100 \xF0\x9F\x98\x80 and more text here";
    const auto records = read_all("\xC3\xA9,\"\xE2\x82\xAC\"," + long_text + "\n");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields == Fields{"\xC3\xA9", "\xE2\x82\xAC", long_text});
}

TEST_CASE("long fields cross the 16-byte blocks correctly", "[csv]") {
    std::string a(37, 'a'), b(16, 'b'), c(15, 'c');
    const auto records = read_all(a + "," + b + "," + c + "\n" + c + "," + b + "\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].fields == Fields{a, b, c});
    CHECK(records[1].fields == Fields{c, b});
}

TEST_CASE("first_line numbers the records of a part of a file", "[csv]") {
    const auto records = read_all("x\ny\n", 41);
    REQUIRE(records.size() == 2);
    CHECK(records[0].line == 41);
    CHECK(records[1].line == 42);
}

TEST_CASE("position and next_line tell where the next record starts", "[csv]") {
    CsvReader reader("h1,h2\r\n\"a\nb\",c\nd,e", "t.csv");
    REQUIRE(reader.next());
    CHECK(reader.position() == 7);
    CHECK(reader.next_line() == 2);
    REQUIRE(reader.next());
    CHECK(reader.line() == 2);
    CHECK(reader.next_line() == 4);
    REQUIRE(reader.next());
    CHECK(reader.line() == 4);
    CHECK_FALSE(reader.next());
}

TEST_CASE("an unterminated quote is reported where it opens", "[csv]") {
    CHECK(
        error_of("a,b\n1,\"never\nclosed,3\n") ==
        "t.csv:2:3: error: unterminated quoted field: no closing '\"' before the end of the file");
    CHECK(
        error_of("\"") ==
        "t.csv:1:1: error: unterminated quoted field: no closing '\"' before the end of the file");
    CHECK(
        error_of("a,\"x\"\"") ==
        "t.csv:1:3: error: unterminated quoted field: no closing '\"' before the end of the file");
}

TEST_CASE("a quote inside an unquoted field is an error", "[csv]") {
    CHECK(error_of("a,b\nA1,5 \"inch\"\n") ==
          "t.csv:2:6: error: '\"' inside an unquoted field (quote the whole field and write a "
          "quote as \"\")");
}

TEST_CASE("a character after a closing quote is an error", "[csv]") {
    CHECK(error_of("\"abc\"d,e\n") ==
          "t.csv:1:6: error: unexpected 'd' after a closing quote (expected ',' or a line end)");
    CHECK(error_of("\"abc\" \"d\"\n") ==
          "t.csv:1:7: error: unexpected '\"' after a closing quote (expected ',' or a line end)");
    CHECK(error_of("x,\"a\nb\"\xC3\xA9\n") ==
          "t.csv:2:3: error: unexpected '\xC3\xA9' after a closing quote (expected ',' or a line "
          "end)");
}

TEST_CASE("a carriage return without a line feed is an error", "[csv]") {
    CHECK(error_of("a,b\rc,d\r") ==
          "t.csv:1:4: error: carriage return without a line feed: lines must end with LF or CRLF");
    CHECK(error_of("a,\"b\"\rc\n") ==
          "t.csv:1:6: error: carriage return without a line feed: lines must end with LF or CRLF");
}

TEST_CASE("a NUL byte is an error, quoted or not", "[csv]") {
    using namespace std::string_literals;
    const std::string message =
        "error: NUL byte: this is not UTF-8 text (UTF-16? save the file as \"CSV UTF-8\")";
    CHECK(error_of("a,b\n1,x\0y\n"s) == "t.csv:2:4: " + message);
    CHECK(error_of("a,\"x\ny\0\"\n"s) == "t.csv:2:2: " + message);
    CHECK(error_of("\"x\"\0\n"s) == "t.csv:1:4: " + message);
    CHECK(error_of("a\0"s) == "t.csv:1:2: " + message);
}

TEST_CASE("invalid UTF-8 is an error naming the byte, quoted or not", "[csv]") {
    const std::string tail = ": save the file as \"CSV UTF-8\"";
    // Latin-1 e-acute, as a spreadsheet saved as "CSV" (not UTF-8) writes it.
    CHECK(error_of("name\nCaf\xE9\n") == "t.csv:2:4: error: invalid UTF-8 (byte 0xE9)" + tail);
    // The column counts characters: two-byte and four-byte ones count as one.
    CHECK(error_of("\xC3\xA9\xF0\x9F\x98\x80,\xC0\x80\n") ==
          "t.csv:1:4: error: invalid UTF-8 (byte 0xC0)" + tail);
    CHECK(error_of("\"\xED\xA0\x80\"") ==
          "t.csv:1:2: error: invalid UTF-8 (byte 0xED)" + tail);  // a surrogate
    CHECK(error_of("ab\xE2\x82") == "t.csv:1:3: error: invalid UTF-8 (byte 0xE2)" + tail);
    CHECK(error_of("\x80") == "t.csv:1:1: error: invalid UTF-8 (byte 0x80)" + tail);
    CHECK(error_of("\xF4\x90\x80\x80") == "t.csv:1:1: error: invalid UTF-8 (byte 0xF4)" + tail);
    // In a long field (found by the 16-byte scan) too.
    CHECK(error_of("0123456789abcdefghij\xFF") ==
          "t.csv:1:21: error: invalid UTF-8 (byte 0xFF)" + tail);
}

TEST_CASE("the error names the file and carries its location", "[csv]") {
    CsvReader reader("ok\n\"x", "data/ratings.csv");
    REQUIRE(reader.next());
    try {
        (void)reader.next();
        FAIL("expected an error");
    } catch (const EvidenceError& e) {
        CHECK(e.location() == shortlist::SourceLocation{"data/ratings.csv", 2, 1});
        CHECK(e.code() == shortlist::ErrorCode::InvalidArgument);
    }
}

TEST_CASE("quote shows values safely in messages", "[csv]") {
    using shortlist::detail::quote;
    CHECK(quote("abc") == "'abc'");
    CHECK(quote("") == "''");
    CHECK(quote("a\tb\n") == "'a\\x09b\\x0A'");
    CHECK(quote("caf\xC3\xA9") == "'caf\xC3\xA9'");
    CHECK(quote("caf\xE9") == "'caf\\xE9'");
    CHECK(quote(std::string(61, 'x')) == "'" + std::string(60, 'x') + "...'");
    CHECK(quote(std::string(60, 'x')) == "'" + std::string(60, 'x') + "'");
}

TEST_CASE("trim removes spaces and tabs only", "[csv]") {
    using shortlist::detail::trim;
    CHECK(trim("  a b\t ") == "a b");
    CHECK(trim(" \t ").empty());
    CHECK(trim("\na\r") == "\na\r");
}

TEST_CASE("random files read back as written (fast and careful paths agree)", "[csv]") {
    // Files made of random records, written with the RFC 4180 rules, must read
    // back field for field, with the right line numbers: this crosses the
    // 16-byte plain-record path with quoted, UTF-8 and CRLF records.
    std::mt19937 rng(20240501);
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    const std::vector<std::string> plain = {"a",
                                            "Z",
                                            "7",
                                            " ",
                                            "\t",
                                            ".",
                                            ";",
                                            "-",
                                            "_",
                                            "x",
                                            "\xC3\xA9",
                                            "\xE2\x82\xAC",
                                            "\xF0\x9F\x98\x80"};
    const std::vector<std::string> inside = {"a", ",", "\"", "\n", "\r\n", " ", "\xC3\xA9", "b"};
    for (int file = 0; file < 400; ++file) {
        std::string text;
        std::vector<Record> expected;
        std::size_t line = 1;
        const std::size_t records = 1 + pick(30);
        for (std::size_t r = 0; r < records; ++r) {
            Record rec{line, {}, {}};
            const std::size_t fields = 1 + pick(7);
            for (std::size_t f = 0; f < fields; ++f) {
                if (f > 0)
                    text += ',';
                std::string value;
                const bool quoted = pick(4) == 0 || (fields == 1 && pick(2) == 0);
                const std::size_t length = pick(4) == 0 ? 20 + pick(40) : pick(8);
                for (std::size_t i = 0; i < length; ++i)
                    value += quoted ? inside[pick(inside.size())] : plain[pick(plain.size())];
                if (!quoted && fields == 1 && value.empty())
                    value = "v";  // an empty line is no record
                if (quoted) {
                    text += '"';
                    for (char c : value) {
                        text += c;
                        if (c == '"')
                            text += '"';
                        if (c == '\n')
                            ++line;
                    }
                    text += '"';
                } else {
                    text += value;
                }
                rec.fields.push_back(value);
                rec.quoted.push_back(quoted);
            }
            expected.push_back(std::move(rec));
            if (r + 1 < records || pick(2) == 0) {
                text += pick(3) == 0 ? "\r\n" : "\n";
                ++line;
            }
        }
        INFO("file " << file << ": " << text);
        const auto records_read = read_all(text);
        REQUIRE(records_read.size() == expected.size());
        for (std::size_t r = 0; r < expected.size(); ++r) {
            CHECK(records_read[r].fields == expected[r].fields);
            CHECK(records_read[r].quoted == expected[r].quoted);
            CHECK(records_read[r].line == expected[r].line);
        }
    }
}

TEST_CASE("every leading character a spreadsheet runs as a formula is neutralised", "[csv]") {
    // OWASP, "CSV Injection": cells starting with = + - @, tab (0x09) or
    // carriage return (0x0D) get a leading single quote; a cell is then quoted
    // as RFC 4180 says if it holds a comma, a quote or a line break.
    using shortlist::detail::csv_cell;
    const auto [text, cell] = GENERATE(table<std::string, std::string>({
        {"=1+1", "'=1+1"},
        {"+1", "'+1"},
        {"-1", "'-1"},
        {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"=A1,B1", "\"'=A1,B1\""},
        {"=\"x\"", "\"'=\"\"x\"\"\""},
        {"x=1", "x=1"},
        {" =1", " =1"},
        {"", ""},
        {"plain", "plain"},
    }));
    INFO(text);
    CHECK(csv_cell(text) == cell);
}

// Hostile and broken input (docs/hostile-input.md): every file in
// tests/data/hostile/ goes through the loader a user's upload would reach
// (load_evidence, load_rulebook, load_rating_table for calibrate, load_monitoring and
// load_results for fairness) and is either refused with
// exactly the message given, naming file:line:column, or read with exactly the values given. Limits
// (long lines, huge files) are checked on text made here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "evidence/internal.hpp"
#include "evidence_fixtures.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"
#include "util/csv.hpp"

using namespace evidence_test;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = SHORTLIST_TEST_DATA;

/// what() with the data directory left out of every path, so that messages
/// read as they would for a file named "hostile/...".
std::string relative(std::string s) {
    const std::string prefix = (data_dir / "").string();
    for (std::size_t at = s.find(prefix); at != std::string::npos; at = s.find(prefix, at))
        s.erase(at, prefix.size());
    return s;
}

/// A double as to_chars writes it: -0 stays "-0", so reading it as 0 shows.
std::string show(double v) {
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return std::string(buf, end);
}

/// Text in double quotes with control characters escaped; past 60 bytes,
/// the first 20 and the length.
std::string show(const std::string& s) {
    if (s.size() > 60)
        return show(s.substr(0, 20)) + "... (" + std::to_string(s.size()) + " bytes)";
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string show(const Value& v) {
    if (const bool* b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    if (const double* d = std::get_if<double>(&v))
        return show(*d);
    if (const std::string* s = std::get_if<std::string>(&v))
        return show(*s);
    return "?";
}

/// Every applicant with its known facts, then every rating:
/// `"A1" {age=30 notes="x"} | "A1" communication "R1" 4 ticked=3 "comment"`
/// (ticked: the bits of the criterion's indicators ticked).
std::string summary(const Rulebook& rb, const Evidence& e) {
    std::string out;
    for (std::size_t a = 0; a < e.applicants.size(); ++a) {
        out += (a == 0 ? "" : " ") + show(e.applicants[a].value()) + " {";
        bool first = true;
        for (std::size_t f = 0; f < e.facts.size(); ++f) {
            if (std::holds_alternative<std::monostate>(e.facts[f][a]))
                continue;
            out += (first ? "" : " ") + rb.facts[f].name + "=" + show(e.facts[f][a]);
            first = false;
        }
        out += "}";
    }
    for (std::size_t r = 0; r < e.ratings.size(); ++r) {
        const Rating& x = e.ratings[r];
        out += " | " + show(e.applicants[x.applicant].value()) + " " +
               rb.criteria[x.criterion].id.value() + " " + show(e.assessors[x.assessor].value()) +
               " ";
        out += x.kind == RatingKind::Score ? show(x.score) : std::string(to_string(x.kind));
        for (const auto& ticked : e.indicators)
            if (ticked.rating == r)
                out += " ticked=" + std::to_string(ticked.ticked);
        for (const auto& [index, comment] : e.comments)
            if (index == r)
                out += " " + show(comment);
    }
    return out;
}

/// "id "title" | scale=min..max ... | criterion:weight ..."
std::string summary(const Rulebook& rb) {
    std::string out = rb.id + " " + show(rb.title) + " |";
    for (const auto& s : rb.scales)
        out += " " + s.id + "=" + show(s.min) + ".." + show(s.max);
    out += " |";
    for (const auto& c : rb.criteria)
        out += " " + c.id.value() + ":" + show(c.weight);
    return out;
}

/// "skipped N | "A1" c "R1" 4 ... | c=min..max" (calibrate's table).
std::string summary(const RatingTable& t) {
    std::string out = "skipped " + std::to_string(t.skipped);
    for (const TableRating& r : t.ratings)
        out += " | " + show(t.applicants[r.applicant].value()) + " " +
               t.criteria[r.criterion].value() + " " + show(t.assessors[r.assessor].value()) + " " +
               show(r.score);
    for (std::size_t c = 0; c < t.criteria.size(); ++c)
        out += " | " + t.criteria[c].value() + "=" + show(t.scales[c].min) + ".." +
               show(t.scales[c].max);
    return out;
}

/// "sex ethnicity | "A1" {sex="Female" ethnicity="White"} ..." (fairness's
/// monitoring file).
std::string summary(const Monitoring& m) {
    std::string out;
    for (const auto& c : m.columns)
        out += (out.empty() ? "" : " ") + c;
    out += " |";
    for (std::size_t a = 0; a < m.applicant_ids.size(); ++a) {
        out += " " + show(m.applicant_ids[a].value()) + " {";
        for (std::size_t c = 0; c < m.columns.size(); ++c)
            out += (c == 0 ? "" : " ") + m.columns[c] + "=" + show(m.values[c][a]);
        out += "}";
    }
    return out;
}

/// "json | "A1" shortlisted passed line 1 | "A2" not_eligible [eligibility:x]
/// line 2" (score's output read back by fairness; "passed unknown" for a CSV
/// without rank).
std::string summary(const ScoreResults& r) {
    std::string out = r.gates_known ? "json" : "csv";
    for (const ResultRecord& x : r.records) {
        out += " | " + show(x.applicant_id.value()) + " " + x.status + " " +
               (r.passed_known ? (x.passed_gates ? "passed" : "failed") : "passed unknown");
        if (r.gates_known) {
            out += " [";
            for (std::size_t g = 0; g < x.failed_gates.size(); ++g)
                out += (g == 0 ? "" : " ") + x.failed_gates[g];
            out += "]";
        }
        out += " line " + std::to_string(x.line);
    }
    return out;
}

/// "loads: <summary>" or the error's what(), for one file of the corpus.
std::string outcome(const std::string& file) {
    const fs::path path = data_dir / file;
    try {
        if (file.rfind("hostile/rulebook/", 0) == 0)
            return "loads: " + summary(load_rulebook(path));
        if (file.rfind("hostile/rating_table/", 0) == 0)
            return "loads: " + summary(load_rating_table(path));
        if (file.rfind("hostile/monitoring/", 0) == 0)
            return "loads: " + summary(load_monitoring(path));
        if (file.rfind("hostile/results/", 0) == 0)
            return "loads: " + summary(load_results(path));
        const Rulebook rb = rulebook();
        if (file.rfind("hostile/ratings/", 0) == 0)
            return "loads: " +
                   summary(rb,
                           load_evidence(rb, data_dir / "hostile/ratings/applicants.csv", path));
        return "loads: " + summary(rb, load_evidence(rb, path));
    } catch (const Error& e) {
        return relative(e.what());
    }
}

/// Every file of the corpus (but the applicants file the ratings cases share,
/// and expected.txt).
std::vector<std::string> corpus() {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(data_dir / "hostile"))
        if (entry.is_regular_file() && entry.path().filename() != "README.md" &&
            entry.path().filename() != "expected.txt")
            files.push_back(fs::relative(entry.path(), data_dir).generic_string());
    std::sort(files.begin(), files.end());
    files.erase(std::remove(files.begin(), files.end(), "hostile/ratings/applicants.csv"),
                files.end());
    return files;
}

}  // namespace

namespace {

using Case = std::pair<std::string, std::string>;

/// tests/data/hostile/expected.txt: for each file a block of its path, then
/// its outcome (one line, or one per diagnostic), blocks apart by a blank line.
std::vector<Case> expected_cases() {
    std::ifstream in(data_dir / "hostile/expected.txt", std::ios::binary);
    std::vector<Case> cases;
    std::string line;
    bool open = false;
    while (std::getline(in, line)) {
        if (line.empty()) {
            open = false;
        } else if (!open) {
            cases.push_back({line, {}});
            open = true;
        } else {
            auto& text = cases.back().second;
            text += (text.empty() ? "" : "\n") + line;
        }
    }
    return cases;
}

}  // namespace

TEST_CASE("every hostile file is refused exactly or read exactly", "[hostile]") {
    const auto [file, expected] = GENERATE(from_range(expected_cases()));
    CAPTURE(file);
#if !defined(SHORTLIST_WITH_XLSX)
    if (file.rfind("hostile/xlsx/", 0) == 0)  // read only with .xlsx support (docs/excel.md)
        return;
#endif
    CHECK(outcome(file) == expected);
}

TEST_CASE("every file in tests/data/hostile has its expected outcome", "[hostile]") {
    std::vector<std::string> listed;
    for (const auto& c : expected_cases())
        listed.push_back(c.first);
    std::sort(listed.begin(), listed.end());
    CHECK(listed == corpus());
}

// Not run by default: writes expected.txt's text for the corpus as it loads
// now, for review (hostile_test "[.print]" > tests/data/hostile/expected.txt,
// then read the diff as code).
TEST_CASE("print the outcome of every hostile file", "[.print]") {
    for (const auto& file : corpus())
        std::printf("%s\n%s\n\n", file.c_str(), outcome(file).c_str());
}

// ---------------------------------------------------------------- limits

namespace {

/// A file of `header` followed by a hole up to `size` bytes: it reads as NUL
/// bytes, and costs no disk (a sparse file).
fs::path sparse_file(const std::string& name, const std::string& header, std::uintmax_t size) {
    const fs::path file = fs::temp_directory_path() / name;
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << header;
    }
    fs::resize_file(file, size);
    return file;
}

/// The error load_evidence or load_rulebook gives, with the path as "FILE".
template <class F>
std::string error_with_file(const fs::path& file, F&& f) {
    try {
        f();
    } catch (const Error& e) {
        std::string s = e.what();
        for (std::size_t at = s.find(file.string()); at != std::string::npos;
             at = s.find(file.string()))
            s.replace(at, file.string().size(), "FILE");
        return s;
    }
    return "no error";
}

constexpr std::uintmax_t gib = std::uintmax_t{1} << 30;

}  // namespace

TEST_CASE("a CSV record may hold 1 MiB, not a byte more", "[hostile]") {
    const Rulebook rb = rulebook();
    const std::size_t limit = detail::max_record_bytes;
    // "A1,,,,,," is 8 bytes and the line feed 1: the note fills the rest.
    const std::string fits = "A1,,,,,," + std::string(limit - 9, 'x') + "\n";
    const Evidence e = parse_applicants_csv(rb, applicants_header + fits, "big.csv");
    CHECK(std::get<std::string>(e.facts[5][0]).size() == limit - 9);
    const std::string over = "A1,,,,,,y" + std::string(limit - 9, 'x') + "\n";
    CHECK(error_of([&] {
              (void)parse_applicants_csv(rb, applicants_header + "A0,,,,,,\n" + over, "big.csv");
          }) ==
          "big.csv:3:1: error: this record is longer than 1048576 bytes, the limit (is "
          "this the right file?)");
    // The same for a quoted field spanning lines, for a row of commas (a
    // field each), and in a ratings file.
    const std::string quoted =
        "A1,,,,,,\"" + std::string(limit / 2, 'x') + "\n" + std::string(limit / 2, 'y') + "\"\n";
    CHECK(error_of([&] { (void)parse_applicants_csv(rb, applicants_header + quoted, "q.csv"); }) ==
          "q.csv:2:1: error: this record is longer than 1048576 bytes, the limit (is this the "
          "right file?)");
    CHECK(error_of([&] {
              (void)parse_applicants_csv(rb, applicants_header + std::string(limit + 1, ','),
                                         "commas.csv");
          }) ==
          "commas.csv:2:1: error: this record is longer than 1048576 bytes, the limit (is "
          "this the right file?)");
    CHECK(rating_error(rb, "A1,teamwork,R1,4,," + std::string(limit, 'z') + "\n") ==
          "ratings.csv:2:1: error: this record is longer than 1048576 bytes, the limit (is this "
          "the right file?)");
    // fairness's monitoring file and score's CSV read back share the reader.
    const std::string monitoring_fits = "A1," + std::string(limit - 4, 'x') + "\n";
    CHECK(parse_monitoring("applicant_id,sex\n" + monitoring_fits, "m.csv").values[0][0].size() ==
          limit - 4);
    CHECK(error_of([&] {
              (void)parse_monitoring("applicant_id,sex\nA1,y" + std::string(limit - 4, 'x') + "\n",
                                     "m.csv");
          }) ==
          "m.csv:2:1: error: this record is longer than 1048576 bytes, the limit (is this the "
          "right file?)");
    CHECK(error_of([&] {
              (void)parse_results(
                  "rank,applicant_id,status,reasons\n1,A1,shortlisted," + std::string(limit, 'r'),
                  "results.csv");
          }) ==
          "results.csv:2:1: error: this record is longer than 1048576 bytes, the limit (is this "
          "the right file?)");
}

TEST_CASE("a JSON Lines line may hold 1 MiB, not a byte more", "[hostile]") {
    const Rulebook rb = rulebook();
    const std::size_t limit = detail::max_record_bytes;
    const std::string head = R"({"applicant_id": "A1", "facts": {"notes": ")";
    const std::string tail = "\"}}";
    const std::string fits = head + std::string(limit - head.size() - tail.size(), 'x') + tail;
    const Evidence e = parse_jsonl(rb, fits + "\r\n", "big.jsonl");
    CHECK(std::get<std::string>(e.facts[5][0]).size() == limit - head.size() - tail.size());
    CHECK(error_of([&] {
              (void)parse_jsonl(rb, "{\"applicant_id\": \"A0\"}\n" + fits + " \n", "big.jsonl");
          }) ==
          "big.jsonl:2:1: error: this line is longer than 1048576 bytes, the limit (is this "
          "the right file?)");
}

TEST_CASE("1 GiB inputs are refused at their first bad byte, or by their size", "[hostile]") {
    const Rulebook rb = rulebook();
    SECTION("applicants CSV") {
        const fs::path file = sparse_file("shortlist_hostile_1g.csv", applicants_header, gib);
        CHECK(error_with_file(file, [&] { (void)load_evidence(rb, file); }) ==
              "FILE:2:1: error: NUL byte: this is not UTF-8 text (UTF-16? save the file as \"CSV "
              "UTF-8\")");
        fs::remove(file);
    }
    SECTION("ratings CSV") {
        const fs::path file = sparse_file("shortlist_hostile_1g_ratings.csv", ratings_header, gib);
        const fs::path applicants = data_dir / "hostile/ratings/applicants.csv";
        CHECK(error_with_file(file, [&] { (void)load_evidence(rb, applicants, file); }) ==
              "FILE:2:1: error: NUL byte: this is not UTF-8 text (UTF-16? save the file as \"CSV "
              "UTF-8\")");
        fs::remove(file);
    }
    SECTION("JSON Lines") {
        const fs::path file = sparse_file("shortlist_hostile_1g.jsonl", "", gib);
        CHECK(error_with_file(file, [&] { (void)load_evidence(rb, file); }) ==
              "FILE:1:1: error: this line is longer than 1048576 bytes, the limit (is this the "
              "right file?)");
        fs::remove(file);
    }
    SECTION("rulebook") {
        const fs::path file = sparse_file("shortlist_hostile_1g.yaml", "kind: rulebook\n", gib);
        CHECK(error_with_file(file, [&] { (void)load_rulebook(file); }) ==
              "FILE: error: file is too large (1073741824 bytes; the limit is 16 MiB)");
        fs::remove(file);
    }
}

TEST_CASE("blank lines do not count as rows when slots are set aside", "[hostile]") {
    // A file of a billion blank lines once made a billion 24-byte rating
    // slots (24 GB); the slots are now bounded by the lines that hold text.
    const std::string blank(1000, '\n');
    CHECK(detail::most_records(blank, 1001, 4) == 0);
    CHECK(detail::most_records(std::string(500, '\n') + "a,b,c,d\n" + std::string(500, '\n'), 1002,
                               4) == 1);
    CHECK(detail::most_records("\r\n\r\nx\r\n\r\ny", 5, 4) == 2);
    // Rows as long as they must be: the count of lines, unchanged.
    const std::string rows = "a,b,c,d\na,b,c,d\na,b,c,d";
    CHECK(detail::most_records(rows, 3, 4) == 3);
    // And the loaders read such files as they are.
    const Rulebook rb = rulebook();
    CHECK(rate(rb, blank + "A1,teamwork,R1,4,,\n" + blank).ratings.size() == 1);
    CHECK(parse_applicants_csv(rb, applicants_header + blank + "A1,,,,,,\n" + blank, "a.csv")
              .applicants.size() == 1);
}

TEST_CASE("hostile rulebook: 3,000 nested block maps are refused at the guard", "[hostile]") {
    // Made here rather than kept as a 9 MB file: line n (from 5) is "a:"
    // indented by 2 (n - 4) spaces, 3,000 levels deep. yaml-cpp's nesting
    // guard stops at line 502.
    std::string yaml = "kind: rulebook\nid: deep\ntitle: Deep\nnotes:\n";
    for (std::size_t depth = 1; depth <= 3000; ++depth)
        yaml += std::string(2 * depth, ' ') + "a:\n";
    CHECK_THROWS_WITH((void)parse_rulebook(yaml, "deep_block.yaml"),
                      "deep_block.yaml:502:999: error: YAML nesting is too deep");
}

// The readers of tallied rows (docs/evidence.md, "Reading for scoring only"):
// the row scanner and the CSV reader after it read rows of every shape as
// load_evidence does, report progress over the whole file, and give a sink
// the bytes and a mapped file its pages back as they read.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "evidence/tally.hpp"
#include "evidence_fixtures.hpp"
#include "file_fixtures.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "tallied_fixtures.hpp"
#include "util/io.hpp"

using namespace shortlist;
namespace fs = std::filesystem;
using namespace tallied_test;
using evidence_test::error_of;
using file_test::write;

TEST_CASE("a tally gives a text in memory to its sink in parts, and a mapped file's pages back",
          "[tallied]") {
    // As the rows are read, the bytes go to the sink every 256 KiB and the
    // pages of a mapped file are let go every 4 MiB (after the sink has had
    // them) by both readers, the row scanner (four columns) and the CSV
    // reader (six), on one thread and on two: here a text in memory with a
    // sink (no pages to let go), and a file over 4 MiB mapped, without one.
    const Rulebook rulebook = parse_rulebook(rulebook_yaml, "tallied.yaml");
    const fs::path dir = temp_dir("parts");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    for (const bool four : {true, false}) {
        Shape shape;
        shape.four = four;
        shape.words = false;  // rows of 32 bytes at most: the scanner reads them all
        const Files f = make_files(24000, 11, shape);
        REQUIRE(f.ratings.size() > (std::size_t{4} << 20));
        write(a, f.applicants);
        write(x, f.ratings);
        const std::size_t cells =
            load_evidence(rulebook, a).applicants.size() * rulebook.criteria.size();
        for (const bool threads : {false, true}) {
            INFO("four columns " << four << ", threads " << threads);
            Evidence in_memory = load_evidence(rulebook, a);
            std::string seen;
            std::size_t parts = 0;
            const ByteSink sink = [&](std::string_view b) {
                seen += b;
                ++parts;
            };
            detail::Tally from_text;
            REQUIRE(detail::tally_ratings(rulebook, in_memory, f.ratings, x.string(), threads,
                                          nullptr, nullptr, &sink, 0.0,
                                          from_text) == detail::TallyRead::Done);
            CHECK(seen == f.ratings);
            // The header, then parts of 256 KiB and a row at most (on two
            // threads, those of the head's third, then the rest at once).
            const std::size_t read_in_parts = threads ? f.ratings.size() / 3 : f.ratings.size();
            CHECK(parts >= read_in_parts / ((std::size_t{256} << 10) + 64));

            Evidence mapped = load_evidence(rulebook, a);
            const detail::MappedFile file(x);
            detail::Tally from_file;
            REQUIRE(detail::tally_ratings(rulebook, mapped, file.text(), x.string(), threads, &file,
                                          nullptr, nullptr, 0.0,
                                          from_file) == detail::TallyRead::Done);
            CHECK(cells_differing(from_text, from_file, cells) == 0);
            CHECK(mapped.assessors == in_memory.assessors);
        }
    }
}

TEST_CASE("tallied rows of every shape read as load_evidence reads them", "[tallied]") {
    // The row scanner (ratings_scan.cpp) reads rows of the common shape and
    // leaves the rest to the CSV reader: each odd row here, put early or
    // late in a small file (one thread) and in a large one (two), gives the
    // same report or the same error as the kept ratings.
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("shapes");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    using Edit =
        std::function<void(std::string & applicants, std::string & ratings, std::size_t at)>;
    // The row at `at` (a byte offset): where it starts, where it ends.
    const auto row_at = file_test::row_around;
    const auto set_score = [&](std::string score) {
        return Edit([=](std::string&, std::string& r, std::size_t at) {
            const auto [begin, end] = row_at(r, at);
            const std::size_t last = r.rfind(',', end) + 1;
            r.replace(last, end - last, score);
        });
    };
    const auto insert_at_row = [&](std::string text) {
        return Edit([=](std::string&, std::string& r, std::size_t at) {
            r.insert(row_at(r, at).first, text);
        });
    };
    const auto everywhere = [](std::string from, std::string to) {
        return Edit([=](std::string& applicants, std::string& r, std::size_t) {
            for (std::string* t : {&applicants, &r}) {
                for (std::size_t p = t->find(from); p != std::string::npos;
                     p = t->find(from, p + to.size()))
                    t->replace(p, from.size(), to);
            }
        });
    };
    const std::pair<const char*, Edit> edits[] = {
        {"CRLF everywhere", everywhere("\n", "\r\n")},
        {"one row ending CRLF", [&](std::string&, std::string& r,
                                    std::size_t at) { r.insert(row_at(r, at).second, "\r"); }},
        {"a lone CR ending a row",
         [&](std::string&, std::string& r, std::size_t at) { r[row_at(r, at).second] = '\r'; }},
        {"a trailing space", [&](std::string&, std::string& r,
                                 std::size_t at) { r.insert(row_at(r, at).second, " "); }},
        {"a tab after the id",
         [&](std::string&, std::string& r, std::size_t at) {
             const std::size_t begin = row_at(r, at).first;
             r.insert(r.find(',', begin), "\t");
         }},
        {"a byte order mark",
         [](std::string&, std::string& r, std::size_t) { r.insert(0, "\xEF\xBB\xBF"); }},
        {"a blank line", insert_at_row("\n")},
        {"blank lines, one CRLF", insert_at_row("\n\r\n\n")},
        {"a row of spaces", insert_at_row("   \n")},
        {"no line break at the end",
         [](std::string&, std::string& r, std::size_t) { r.pop_back(); }},
        {"a row of five fields", [&](std::string&, std::string& r,
                                     std::size_t at) { r.insert(row_at(r, at).second, ",x"); }},
        {"a long assessor id", everywhere(",R3,", ",Rater-with-a-name-longer-than-the-row-block,")},
        {"assessor ids differing from byte 9 on",
         [&](std::string& applicants, std::string& r, std::size_t at) {
             everywhere(",R3,", ",Assessor_03,")(applicants, r, at);
             everywhere(",R4,", ",Assessor_04,")(applicants, r, at);
         }},
        {"applicant ids differing from byte 9 on", everywhere("\nA", "\nA0000000")},
        // R4 and S4 rate the same cells; with the longer applicant ids, the
        // assessor starts past byte 24 of rows of up to 32 bytes.
        {"assessor ids differing in their first byte only, late in the row",
         [&](std::string& applicants, std::string& r, std::size_t at) {
             everywhere("\nA", "\nA0000000")(applicants, r, at);
             everywhere(",R3,", ",S4,")(applicants, r, at);
         }},
        {"assessor ids differing in their first byte only",
         [&](std::string& applicants, std::string& r, std::size_t at) {
             everywhere(",R3,", ",S4,")(applicants, r, at);
         }},
        {"score 4.", set_score("4.")},
        {"score .5", set_score(".5")},
        {"score +3", set_score("+3")},
        {"score 04", set_score("04")},
        {"score 1e0", set_score("1e0")},
        {"score 3.50", set_score("3.50")},
        {"score 0", set_score("0")},
        {"score 9", set_score("9")},
        {"score empty", set_score("")},
        {"score -0", set_score("-0")},
        {"an empty assessor",
         [&](std::string&, std::string& r, std::size_t at) {
             const auto [begin, end] = row_at(r, at);
             const std::size_t assessor = r.find(",R", begin) + 1;
             r.erase(assessor, r.find(',', assessor) - assessor);
         }},
        {"a byte over 0x7F in an id", everywhere(",R2,", ",R\xC3\xA9,")},
    };
    Shape shape;
    shape.four = true;
    int errors = 0, runs = 0;
    for (const std::size_t n : {300U, 12000U}) {
        const Files f = make_files(n, 9, shape);
        for (const auto& [name, edit] : edits) {
            for (const double where : {0.2, 0.7}) {  // before the cut, after it
                std::string applicants = f.applicants, ratings = f.ratings;
                edit(applicants, ratings,
                     static_cast<std::size_t>(static_cast<double>(ratings.size()) * where));
                write(a, applicants);
                write(x, ratings);
                const std::string want =
                    error_of([&] { (void)load_evidence(scorer.rulebook(), a, x); });
                std::string got;
                bool was_tallied = false;
                INFO(name << ", " << n << " applicants, at " << where);
                CHECK(error_of([&] { got = tallied(scorer, a, x, &was_tallied); }) == want);
                if (want == "no error") {
                    CHECK(got == kept(scorer, a, x));
                    // Read by the tally, not again by the full parser after
                    // a clash the file does not hold (two assessors taken
                    // for one, say), which would hide it.
                    CHECK(was_tallied);
                }
                errors += want != "no error";
                ++runs;
            }
        }
    }
    CHECK(errors > 10);  // a lone CR, five fields, "score empty", ... are errors
    CHECK(runs - errors > 30);
}

TEST_CASE("tallied rows report progress spread over the file, to its size", "[tallied]") {
    // The scanner's part, then parse_rows' from where it stopped
    // (RecordProgress::from), counted as one pass over the file; the head of
    // a split read counted for the whole (RecordProgress::scaled). Reports
    // come about every 1/200 of the file, at least 64 KiB apart
    // (util/progress.hpp): a part counted from the wrong offset or scale
    // would make the count stall (or jump) by about half the file.
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("progress");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    for (const std::size_t n : {3000U, 20000U}) {  // under 1 MiB: one thread; over: two
        Shape shape;
        shape.four = true;
        shape.words = false;  // "not_evidenced" and the like make rows over 32 bytes
        Files f = make_files(n, 10, shape);
        // From the middle on, 65 rows too long for the scanner (over 32
        // bytes): it reads 64 such rows one by one, then parse_rows the rest.
        std::size_t at = f.ratings.find('\n', f.ratings.size() / 2) + 1;
        for (int k = 0; k < 65; ++k) {
            const std::size_t assessor = f.ratings.find(",R", at) + 2;
            f.ratings.insert(assessor, "ater-with-a-long-name-");
            at = f.ratings.find('\n', assessor) + 1;
        }
        write(a, f.applicants);
        write(x, f.ratings);
        std::vector<std::pair<std::size_t, std::size_t>> calls;
        LoadOptions o;
        o.progress = [&](std::string_view step, std::string_view) -> ProgressCallback {
            if (step.find("ratings") == std::string_view::npos)
                return {};
            return [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
        };
        bool was_tallied = false;
        CHECK(tallied(scorer, a, x, &was_tallied, o) == kept(scorer, a, x));
        CHECK(was_tallied);
        const std::size_t size = f.ratings.size();
        const std::size_t step = std::max<std::size_t>(size / 200, std::size_t{1} << 16);
        INFO(n << " applicants, " << size << " bytes, a report every " << step);
        REQUIRE(calls.size() >= 3);
        CHECK(calls.back().first == size);
        CHECK(calls[calls.size() - 2].first < size);
        std::size_t last = 0, widest = 0;  // from 0 to the first report, ..., to the size
        for (const auto& [done, total] : calls) {
            CHECK(total == size);
            widest = std::max(widest, done - std::min(done, last));
            last = done;
        }
        // The head of a split read is counted at two or three times its pace
        // (a third of the file with a sink, evidence/ratings_rows.hpp).
        CHECK(widest <= 3 * (step + 64));
    }
}

// Evidence read for scoring only (load_tallied_evidence, Scorer::score of
// TalliedEvidence) gives byte for byte the shortlist of load_evidence's
// evidence, the same error on a damaged file, and passes each file's bytes
// to the sinks once, in order (docs/evidence.md, "Reading for scoring only").
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "evidence/tally.hpp"
#include "evidence_fixtures.hpp"
#include "file_fixtures.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/io.hpp"

using namespace shortlist;
namespace fs = std::filesystem;
using evidence_test::error_of;
using file_test::Damage;
using file_test::write;

namespace {

fs::path temp_dir(const std::string& name) {
    return file_test::temp_dir("tallied", name);
}

/// Four criteria on scales with fractions, one with indicators, one that a
/// rating may call not_applicable, a desirable one without a minimum.
const char* const rulebook_yaml = R"(kind: rulebook
id: tallied-test
title: Tallied test
organisation: Test
grade: "1"
version: "1"
source: tests
scales:
  s5: {min: 1, max: 5}
  s10: {min: 0, max: 10}
facts:
  licence: {type: boolean}
eligibility:
  - {id: licence, fact: licence, op: eq, value: true}
groups:
  essential: {weight: 2}
  desirable: {weight: 1}
  competency: {weight: 1}
criteria:
  essential:
    - id: communication
      text: Communication
      scale: s5
      weight: 2
      minimum: 2
      indicators:
        - {id: listens, text: Listens}
        - {id: explains, text: Explains}
        - {id: checks, text: Checks}
  desirable:
    - {id: service, text: Service, scale: s10, weight: 1}
    - {id: driving, text: Driving, scale: s5, weight: 1}
  competency:
    - {id: teamwork, text: Teamwork, scale: s5, weight: 1, minimum: 2}
shortlist:
  pass_mark: null
  top: 25
  ties: break_by
  tie_break: [competency, service]
)";

const char* const criteria[] = {"communication", "service", "driving", "teamwork"};

struct Files {
    std::string applicants, ratings;
};

/// How a generated ratings file is laid out.
struct Shape {
    bool shuffled = false;  ///< rows in a random order (else grouped by applicant)
    bool comments = false;  ///< some rows with a comment, some quoted with a line break
    bool many = false;      ///< 70 assessors (more than one word's bits)
    bool words = true;      ///< not_evidenced / not_assessed / not_applicable, indicators
    /// Only the four columns a rating needs (no indicators or comments):
    /// the rows the tally reads without the CSV reader (ratings_scan.cpp).
    bool four = false;
};

/// n applicants (ids not sorted) and their ratings: two or three assessors a
/// criterion, scores whole, fractional or words, some applicants unrated.
Files make_files(std::size_t n, std::uint32_t seed, const Shape& shape) {
    std::mt19937 rng(seed);  // 32-bit results
    Files f;
    f.applicants = "applicant_id,licence\n";
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string id = "A" + std::to_string((i * 7919) % n);
        f.applicants += id + "," + (rng() % 10 == 0 ? "false" : "true") + "\n";
        if (rng() % 40 == 0)
            continue;
        for (std::size_t k = 0; k < 4; ++k) {
            const auto assessors = 2 + rng() % 2;
            const auto first = shape.many ? rng() % 68 : rng() % 5;
            const bool not_applicable = k == 2 && shape.words && rng() % 6 == 0;
            for (std::uint64_t a = 0; a < assessors; ++a) {
                std::string score;
                std::string ticked;
                const auto pick = rng() % 20;
                if (not_applicable)
                    score = "not_applicable";
                else if (shape.words && pick == 0)
                    score = "not_evidenced";
                else if (shape.words && pick == 1)
                    score = "Not_Assessed";
                else if (k == 1)
                    score = pick < 3   ? std::to_string(rng() % 10) + ".1"
                            : pick < 6 ? std::to_string(rng() % 10) + ".7"
                                       : std::to_string(rng() % 11);
                else
                    score = pick == 2 ? std::to_string(1 + rng() % 4) + ".5"
                                      : std::to_string(1 + rng() % 5);
                if (k == 0 && shape.words && !shape.four && pick >= 17) {
                    ticked = pick == 17 ? "listens" : pick == 18 ? "explains; checks" : "checks";
                    if (pick == 19)
                        score.clear();  // from the indicators only
                }
                std::string comment;
                if (shape.comments && rng() % 7 == 0)
                    comment = rng() % 3 == 0 ? "\"said \"\"yes\"\"\nthen no\"" : "fine, mostly";
                if (comment.find(',') != std::string::npos && comment.front() != '"')
                    comment = "fine";
                std::string row =
                    id + "," + criteria[k] + ",R" + std::to_string(first + a) + "," + score;
                rows.push_back(shape.four ? row + "\n" : row + "," + ticked + "," + comment + "\n");
            }
        }
    }
    if (shape.shuffled)
        std::shuffle(rows.begin(), rows.end(), rng);
    f.ratings = shape.four ? "applicant_id,criterion,assessor,score\n"
                           : "applicant_id,criterion,assessor,score,indicators,comment\n";
    for (const std::string& r : rows)
        f.ratings += r;
    return f;
}

std::string report_of(const Scorer& scorer, const std::vector<Outcome>& outcomes) {
    const Shortlist s = select(scorer.rulebook(), outcomes);
    return file_test::shortlist_files(scorer.rulebook(), s);
}

/// The shortlist as CSV and explained JSON, from load_evidence's evidence.
std::string kept(const Scorer& scorer, const fs::path& a, const fs::path& x) {
    return report_of(scorer, scorer.score(load_evidence(scorer.rulebook(), a, x)));
}

/// The same from tallied evidence; `tallied` says whether it was.
std::string tallied(const Scorer& scorer, const fs::path& a, const fs::path& x,
                    bool* was_tallied = nullptr, const LoadOptions& options = {}) {
    TalliedEvidence e = load_tallied_evidence(scorer.rulebook(), a, x, options);
    if (was_tallied != nullptr)
        *was_tallied = e.tallied();
    return report_of(scorer, scorer.score(std::move(e)));
}

}  // namespace

TEST_CASE("tallied evidence scores as the kept ratings do", "[tallied]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("same");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    // Large files (over 1 MiB of rows) are read on two threads, small on one.
    struct Case {
        const char* name;
        std::size_t n;
        Shape shape;
        bool tallies;  // read as tallied, not kept
    };
    const Case cases[] = {
        {"small grouped", 300, {}, true},
        {"small shuffled", 300, {true}, true},
        {"small with comments", 300, {false, true}, false},
        {"small, 70 assessors", 300, {false, false, true}, true},
        {"large grouped", 12000, {}, true},
        {"large grouped, 70 assessors", 12000, {false, false, true}, true},
        {"large grouped, numbers only", 12000, {false, false, false, false}, true},
        {"large shuffled", 12000, {true}, true},
        {"large with comments", 12000, {false, true}, false},
        {"small, four columns", 300, {false, false, false, true, true}, true},
        {"small shuffled, four columns", 300, {true, false, false, true, true}, true},
        {"large, four columns", 12000, {false, false, false, true, true}, true},
        {"large, four columns, 70 assessors", 12000, {false, false, true, true, true}, true},
        {"large, four columns, numbers only", 12000, {false, false, false, false, true}, true},
        {"large shuffled, four columns", 12000, {true, false, false, true, true}, true},
    };
    for (const Case& c : cases) {
        for (std::uint32_t seed : {1U, 2U}) {
            const Files f = make_files(c.n, seed, c.shape);
            write(a, f.applicants);
            write(x, f.ratings);
            INFO(c.name << ", seed " << seed << ", " << f.ratings.size() << " bytes");
            bool was = false;
            CHECK(tallied(scorer, a, x, &was) == kept(scorer, a, x));
            // Two threads need two cores; on one the large files take one.
            if (c.n < 1000 || std::thread::hardware_concurrency() >= 2)
                CHECK(was == c.tallies);
        }
    }
}

TEST_CASE("tallied evidence without a ratings file, or with ratings in JSON Lines", "[tallied]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("other");
    const fs::path a = dir / "applicants.csv";
    const Files f = make_files(50, 3, {});
    write(a, f.applicants);
    TalliedEvidence e = load_tallied_evidence(scorer.rulebook(), a, std::nullopt, {});
    CHECK_FALSE(e.tallied());
    CHECK(e.evidence() == load_evidence(scorer.rulebook(), a));
    CHECK(report_of(scorer, scorer.score(std::move(e))) ==
          report_of(scorer, scorer.score(load_evidence(scorer.rulebook(), a))));
}

TEST_CASE("tallied evidence keeps what load_evidence reads besides the ratings", "[tallied]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("fields");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    for (const std::size_t n : {300U, 12000U}) {
        const Files f = make_files(n, 4, {false, false, true});
        write(a, f.applicants);
        write(x, f.ratings);
        const TalliedEvidence t = load_tallied_evidence(scorer.rulebook(), a, x, {});
        const Evidence e = load_evidence(scorer.rulebook(), a, x);
        REQUIRE(t.tallied());
        CHECK(t.evidence().applicants == e.applicants);
        CHECK(t.evidence().facts == e.facts);
        CHECK(t.evidence().assessors == e.assessors);  // in order of first appearance
        CHECK(t.evidence().sources == e.sources);
        CHECK(t.evidence().ratings_source == e.ratings_source);
        CHECK(t.evidence().ratings.empty());
    }
}

TEST_CASE("tallied evidence passes each file's bytes once, in order", "[tallied]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("sinks");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    // Tallied, then read again twice; the same with four columns.
    const Shape shapes[] = {{},
                            {true},
                            {false, true},
                            {false, false, false, true, true},
                            {true, false, false, true, true}};
    for (const Shape& shape : shapes) {
        for (const std::size_t n : {300U, 12000U}) {
            Files f = make_files(n, 5, shape);
            f.ratings.insert(0, "\xEF\xBB\xBF");  // a byte order mark is passed on too
            write(a, f.applicants);
            write(x, f.ratings);
            std::string applicant_bytes, rating_bytes;
            LoadOptions o;
            o.applicants_bytes = [&](std::string_view b) { applicant_bytes += b; };
            o.ratings_bytes = [&](std::string_view b) { rating_bytes += b; };
            INFO(n << " applicants, shuffled " << shape.shuffled << ", comments "
                   << shape.comments);
            CHECK(tallied(scorer, a, x, nullptr, o) == kept(scorer, a, x));
            CHECK(applicant_bytes == f.applicants);
            CHECK(rating_bytes == f.ratings);
        }
    }
}

TEST_CASE("tallied evidence reports a damaged file's error as load_evidence does", "[tallied]") {
    // Each file damaged once: a byte dropped, changed or added, a row
    // doubled (a duplicate), a score made not_applicable (a conflict), an id
    // or criterion unknown, a score off its scale, a field quoted. Small
    // files are read on one thread, large ones on two, the damage anywhere
    // (before the cut, after it, or at it).
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("damaged");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    std::mt19937 rng(29);
    int errors = 0;
    for (const auto& [n, four] : {std::pair{200U, false}, std::pair{12000U, false},
                                  std::pair{200U, true}, std::pair{12000U, true}}) {
        Shape shape;
        shape.four = four;
        const Files f = make_files(n, 6, shape);
        write(a, f.applicants);
        for (int round = 0; round < 60; ++round) {
            std::string damaged = f.ratings;
            const std::size_t at = file_test::somewhere_after(damaged, 60, rng);  // past the header
            const auto [row, end] = file_test::row_around(damaged, at);
            const std::string line = damaged.substr(row, end - row);
            const std::size_t comma = line.find(',');
            switch (const auto how = rng() % 9) {
                case 0:
                case 1:
                case 2:
                    file_test::damage(damaged, at, static_cast<Damage>(how), rng);
                    break;
                case 3:  // a duplicate, here or further on
                    file_test::damage(damaged, at, rng() % 2 ? Damage::Double : Damage::DoubleLater,
                                      rng);
                    break;
                case 4:  // a conflict (or a duplicate) with another assessor
                    damaged.insert(end + 1, line.substr(0, line.find(",R")) + ",Rz,not_applicable" +
                                                (four ? "\n" : ",,\n"));
                    break;
                case 5:
                    damaged.replace(row, comma, "Nobody");
                    break;
                case 6:
                    damaged.replace(row + comma + 1, line.find(',', comma + 1) - comma - 1,
                                    "charm");
                    break;
                case 7: {  // the score off its scale
                    const std::size_t score = line.find(',', line.find(",R") + 1) + 1;
                    damaged.replace(row + score,
                                    std::min(line.find(',', score), line.size()) - score,
                                    rng() % 2 ? "11" : "-1");
                    break;
                }
                default:
                    damaged.replace(row, comma, "\"" + line.substr(0, comma) + "\"");
            }
            write(x, damaged);
            const std::string want =
                error_of([&] { (void)load_evidence(scorer.rulebook(), a, x); });
            std::string got;
            const std::string error = error_of([&] { got = tallied(scorer, a, x); });
            INFO(n << " applicants, four columns " << four << ", round " << round);
            CHECK(error == want);
            if (want == "no error")
                CHECK(got == kept(scorer, a, x));
            else
                ++errors;
        }
    }
    CHECK(errors > 120);  // most damage is an error
}

TEST_CASE("tallied evidence is scored by a rulebook of the same criteria only", "[tallied]") {
    const Rulebook rulebook = parse_rulebook(rulebook_yaml, "tallied.yaml");
    const fs::path dir = temp_dir("criteria");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    const Files f = make_files(100, 7, {});
    write(a, f.applicants);
    write(x, f.ratings);
    Rulebook other = rulebook;
    std::swap(other.criteria[1], other.criteria[2]);
    TalliedEvidence e = load_tallied_evidence(rulebook, a, x, {});
    REQUIRE(e.tallied());
    CHECK(error_of([&] { (void)Scorer(other).score(std::move(e)); }) ==
          (dir / "ratings.csv").string() +
              ": error: the ratings were tallied for a rulebook with other criteria than the "
              "scorer's");
}

TEST_CASE("the tally read from the file is the scorer's tally of the kept ratings, to the bit",
          "[tallied]") {
    // Scores with fractions that binary cannot hold (2.1, 9.7): a sum added
    // in another order differs in its last bits.
    const Rulebook rulebook = parse_rulebook(rulebook_yaml, "tallied.yaml");
    const fs::path dir = temp_dir("bits");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    struct Case {
        std::size_t n;
        Shape shape;
    };
    const Case cases[] = {{300, {}},
                          {300, {true}},
                          {12000, {}},
                          {12000, {false, false, true}},
                          {300, {false, false, false, true, true}},
                          {12000, {false, false, true, true, true}}};
    for (const Case& c : cases) {
        const Files f = make_files(c.n, 8, c.shape);
        write(a, f.applicants);
        write(x, f.ratings);
        const Evidence kept = load_evidence(rulebook, a, x);
        const std::size_t cells = kept.applicants.size() * rulebook.criteria.size();
        // The reference: every kept rating added to its cell in file order.
        const std::size_t m = rulebook.criteria.size();
        detail::Tally want;
        want.criteria = m;
        want.cells = std::make_unique<detail::Cell[]>(cells);
        for (const Rating& r : kept.ratings)
            detail::add(want.cells[r.applicant * m + r.criterion], r);
        if (!kept.indicators.empty()) {
            want.ticked = std::make_unique<std::uint64_t[]>(cells);
            for (const RatingIndicators& i : kept.indicators) {
                const Rating& r = kept.ratings[i.rating];
                if (detail::scored(r.kind))
                    want.ticked[r.applicant * m + r.criterion] |= i.ticked;
            }
        }

        Evidence evidence = load_evidence(rulebook, a);
        const detail::MappedFile file(x);
        detail::Tally got;
        INFO(c.n << " applicants, shuffled " << c.shape.shuffled);
        REQUIRE(detail::tally_ratings(rulebook, evidence, file.text(), x.string(), true, &file,
                                      nullptr, nullptr, got) == detail::TallyRead::Done);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < cells; ++i) {
            const detail::Cell& w = want.cells[i];
            const detail::Cell& g = got.cells[i];
            differ += std::bit_cast<std::uint64_t>(w.sum) != std::bit_cast<std::uint64_t>(g.sum) ||
                      w.count != g.count || w.said_not_applicable != g.said_not_applicable;
        }
        CHECK(differ == 0);
        REQUIRE((want.ticked == nullptr) == (got.ticked == nullptr));
        if (want.ticked != nullptr)
            CHECK(std::equal(want.ticked.get(), want.ticked.get() + cells, got.ticked.get()));
        CHECK(evidence.assessors == kept.assessors);
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

TEST_CASE("tallied rows report progress that never goes down and ends at the file's size",
          "[tallied]") {
    // The scanner's part, then parse_rows' (from an odd row on), counted as
    // one pass over the file.
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("progress");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    for (const std::size_t n : {3000U, 20000U}) {  // under 1 MiB: one thread; over: two
        Shape shape;
        shape.four = true;
        const Files f = make_files(n, 10, shape);
        write(a, f.applicants);
        write(x, f.ratings);
        std::vector<std::pair<std::size_t, std::size_t>> calls;
        LoadOptions o;
        o.progress = [&](std::string_view step, std::string_view) -> ProgressCallback {
            if (step.find("ratings") == std::string_view::npos)
                return {};
            return [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
        };
        CHECK(tallied(scorer, a, x, nullptr, o) == kept(scorer, a, x));
        INFO(n << " applicants, " << f.ratings.size() << " bytes");
        REQUIRE(calls.size() >= 3);
        std::size_t last = 0;
        for (const auto& [done, total] : calls) {
            CHECK(total == f.ratings.size());
            CHECK(done >= last);
            last = done;
        }
        CHECK(calls.back().first == f.ratings.size());
        CHECK(calls[calls.size() - 2].first < f.ratings.size());
    }
}

// Evidence read for scoring only (load_tallied_evidence, Scorer::score of
// TalliedEvidence) gives byte for byte the shortlist of load_evidence's
// evidence, the same error on a damaged file, and passes each file's bytes
// to the sinks once, in order (docs/evidence.md, "Reading for scoring only").
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
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
using file_test::Damage;
using file_test::write;

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

TEST_CASE("a large ratings file starts to go to its sink while the applicants are read",
          "[tallied]") {
    // The applicants' sink (called on the loading thread before they are
    // parsed) waits until the ratings' sink has had bytes from another
    // thread: the ratings are hashed ahead. Each byte still goes once, in
    // order, when the tally then reads the file, or reads it again (quoted
    // comments send it to the full parser).
    if (std::thread::hardware_concurrency() < 2)
        return;  // one thread reads both in turn
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("ahead");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    for (const Shape& shape : {Shape{.four = true}, Shape{.comments = true}}) {
        const Files f = make_files(12000, 8, shape);
        REQUIRE(f.ratings.size() > (std::size_t{1} << 20));
        write(a, f.applicants);
        write(x, f.ratings);
        std::mutex m;
        std::condition_variable fed;
        std::string applicant_bytes, rating_bytes;
        std::thread::id loader, ratings_thread;
        bool ahead = false;
        LoadOptions o;
        o.applicants_bytes = [&](std::string_view b) {
            applicant_bytes += b;
            loader = std::this_thread::get_id();
            std::unique_lock lock(m);
            ahead =
                fed.wait_for(lock, std::chrono::seconds(10), [&] { return !rating_bytes.empty(); });
        };
        o.ratings_bytes = [&](std::string_view b) {
            const std::lock_guard lock(m);
            if (rating_bytes.empty())
                ratings_thread = std::this_thread::get_id();
            rating_bytes += b;
            fed.notify_all();
        };
        INFO("comments " << shape.comments);
        CHECK(tallied(scorer, a, x, nullptr, o) == kept(scorer, a, x));
        CHECK(ahead);
        CHECK(ratings_thread != loader);
        CHECK(applicant_bytes == f.applicants);
        CHECK(rating_bytes == f.ratings);
    }
}

TEST_CASE("tallied evidence reports the applicants' error before a missing ratings file",
          "[tallied]") {
    // The ratings file is opened before the applicants are read (to hash it
    // meanwhile): the errors still come in load_evidence's order.
    const Scorer scorer(parse_rulebook(rulebook_yaml, "tallied.yaml"));
    const fs::path dir = temp_dir("order");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    const fs::path missing = dir / "missing.csv";
    const Files f = make_files(5000, 3, Shape{.four = true});
    const auto any_error_of = [](auto&& run) -> std::string {  // a file not found is a UsageError
        try {
            run();
        } catch (const Error& e) {
            return e.what();
        }
        return "no error";
    };
    write(x, f.ratings);
    for (const std::string& applicants :
         {f.applicants, f.applicants + "A1,true\n", std::string("applicant_id\nA1\n")}) {
        write(a, applicants);
        for (const fs::path& ratings : {x, missing}) {
            const std::string want =
                any_error_of([&] { (void)load_evidence(scorer.rulebook(), a, ratings); });
            INFO(applicants.substr(applicants.size() - 10) << ", " << ratings);
            CHECK(any_error_of([&] { (void)tallied(scorer, a, ratings); }) == want);
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
    // Refused, the evidence is left as it was; scored, it is used up.
    REQUIRE(e.tallied());
    CHECK(e.evidence().applicants.size() == 100);
    const Scorer scorer(rulebook);
    CHECK(scorer.score(std::move(e)).size() == 100);
    CHECK_FALSE(e.tallied());  // NOLINT(bugprone-use-after-move): the state is specified
    CHECK(e.evidence().applicants.empty());
    CHECK(scorer.score(std::move(e)).empty());
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
                                      nullptr, nullptr, 0.0, got) == detail::TallyRead::Done);
        CHECK(cells_differing(want, got, cells) == 0);
        REQUIRE((want.ticked == nullptr) == (got.ticked == nullptr));
        if (want.ticked != nullptr)
            CHECK(std::equal(want.ticked.get(), want.ticked.get() + cells, got.ticked.get()));
        CHECK(evidence.assessors == kept.assessors);
    }
}

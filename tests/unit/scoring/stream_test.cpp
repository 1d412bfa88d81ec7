// The streamed shortlist (shortlist/stream.hpp) is, byte for byte, the
// whole-file shortlist filtered to the shortlisted rows, with the same errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>

#include "file_fixtures.hpp"
#include "scoring/stream/id_filter.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"

using namespace shortlist;
namespace fs = std::filesystem;
using file_test::write;

namespace {

fs::path temp_dir(const std::string& name) {
    return file_test::temp_dir("stream", name);
}

/// A rulebook whose totals tie often (three criteria on a 1..3 scale, one
/// assessor), with a licence gate, a minimum, and a guaranteed interview.
std::string rulebook_yaml(bool break_by) {
    std::string y =
        file_test::rulebook_yaml("stream-test", "Stream test", "  s3: {min: 1, max: 3}\n",
                                 "  gi: {type: boolean}\n", R"(  essential:
    - {id: communication, text: Communication, scale: s3, weight: 1, minimum: 2}
  desirable:
    - {id: service, text: Service, scale: s3, weight: 1}
  competency:
    - {id: teamwork, text: Teamwork, scale: s3, weight: 1, minimum: 2}
shortlist:
  pass_mark: null
  top: 5
)");
    y += break_by ? "  ties: break_by\n  tie_break: [competency, service]\n"
                  : "  ties: include_all\n";
    y += "  guaranteed_interview_fact: gi\n";
    return y;
}

/// n applicants, one per line; every `bad`-th line (if any) is given `line`.
std::string applicants_jsonl(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::string text;
    for (std::size_t i = 0; i < n; ++i) {
        const auto r = [&](unsigned m) { return std::to_string(1 + rng() % m); };
        text += R"({"applicant_id": "A)" + std::to_string((i * 7919) % n) +
                R"(", "facts": {"licence": )" + (rng() % 10 == 0 ? "false" : "true") +
                R"(, "gi": )" + (rng() % 8 == 0 ? "true" : "false") +
                R"(}, "ratings": [{"criterion": "communication", "assessor": "R1", "score": )" +
                r(3) + R"(}, {"criterion": "service", "assessor": "R2", "score": )" + r(3) +
                R"(}, {"criterion": "teamwork", "assessor": "R1", "score": )" + r(3) + "}]}\n";
        if (i % 97 == 5)
            text += "\n";  // blank lines are skipped
    }
    return text;
}

/// The whole-file shortlist's rows, filtered, as CSV and explained JSON.
std::string whole(const Scorer& scorer, const fs::path& file, std::optional<std::size_t> top) {
    const Evidence e = load_evidence(scorer.rulebook(), file);
    Shortlist s = select(scorer.rulebook(), scorer.score(e), top);
    std::erase_if(s.entries, [](const ShortlistEntry& x) { return !on_shortlist(x.status); });
    return file_test::shortlist_files(scorer.rulebook(), s);
}

std::string streamed(const Scorer& scorer, const fs::path& file, std::optional<std::size_t> top,
                     std::size_t chunk, std::size_t* passes = nullptr) {
    StreamOptions o;
    o.top = top;
    o.chunk_bytes = chunk;
    o.explain = true;
    const StreamResult r = shortlist_stream(scorer, file, o);
    if (passes)
        *passes = r.passes;
    return file_test::shortlist_files(scorer.rulebook(), r.shortlist);
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("the streamed shortlist is the whole file's, filtered, for any chunk size", "[stream]") {
    const bool break_by = GENERATE(false, true);
    const Scorer scorer(parse_rulebook(rulebook_yaml(break_by), "stream.yaml"));
    const fs::path dir = temp_dir(break_by ? "break_by" : "include_all");
    const fs::path file = dir / "applicants.jsonl";
    write(file, applicants_jsonl(3000, 7));
    for (const std::optional<std::size_t> top :
         {std::optional<std::size_t>(), std::optional<std::size_t>(0),
          std::optional<std::size_t>(1), std::optional<std::size_t>(40),
          std::optional<std::size_t>(2999), std::optional<std::size_t>(5000)}) {
        const std::string expected = whole(scorer, file, top);
        for (const std::size_t chunk :
             {std::size_t{4096}, std::size_t{100000}, std::size_t{1} << 24}) {
            INFO("break_by " << break_by << ", top " << (top ? std::to_string(*top) : "rulebook")
                             << ", chunk " << chunk);
            std::size_t passes = 0;
            CHECK(streamed(scorer, file, top, chunk, &passes) == expected);
            // Guaranteed-interview applicants far below a small top: ranked
            // by a second pass.
            if (top && *top == 1)
                CHECK(passes == 2);
        }
    }
}

TEST_CASE("a streamed file reports the whole file's first error", "[stream]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml(false), "stream.yaml"));
    const fs::path dir = temp_dir("errors");
    const std::string good = applicants_jsonl(400, 3);
    auto line_of = [&](std::size_t k) {  // the k-th line (1-based) of `good`
        std::size_t pos = 0;
        for (std::size_t l = 1; l < k; ++l)
            pos = good.find('\n', pos) + 1;
        return pos;
    };
    auto check_same = [&](const std::string& text, const std::string& what) {
        const fs::path file = dir / "applicants.jsonl";
        write(file, text);
        const std::string expected =
            error_of([&] { (void)load_evidence(scorer.rulebook(), file); });
        INFO(what);
        REQUIRE(expected != "no error");
        for (const std::size_t chunk : {std::size_t{4096}, std::size_t{1} << 24}) {
            INFO("chunk " << chunk);
            CHECK(error_of([&] { (void)streamed(scorer, file, 10, chunk); }) == expected);
        }
        return expected;
    };
    // A bad score far into the file (in a later chunk): its own line.
    std::string bad = good;
    bad.replace(bad.find("\"score\": ", line_of(350)), 10, "\"score\": 9");
    CHECK(check_same(bad, "off scale").find("applicants.jsonl:") != std::string::npos);
    // An id repeated across chunks: "first at line N".
    std::string repeated = good;
    const std::size_t at = line_of(300);
    repeated.replace(at, good.find('\n', at) - at, good.substr(0, good.find('\n')));
    CHECK(
        check_same(repeated, "repeated id").find("duplicate applicant_id 'A0' (first at line 1)") !=
        std::string::npos);
    // A repeated id before a bad score: the repeat (the lower line) first.
    std::string both = repeated;
    both.replace(both.find("\"score\": ", line_of(380)), 10, "\"score\": 9");
    CHECK(check_same(both, "repeat, then bad").find("duplicate applicant_id") != std::string::npos);
    // Nothing but blank lines.
    check_same("\n\n  \n", "no applicants");
}

TEST_CASE("a stream needs a shortlist size and JSON Lines", "[stream]") {
    Rulebook r = parse_rulebook(rulebook_yaml(false), "stream.yaml");
    r.shortlist.top.reset();
    const Scorer scorer(r);
    const fs::path dir = temp_dir("usage");
    write(dir / "a.jsonl", applicants_jsonl(10, 1));
    CHECK_THROWS_AS(shortlist_stream(scorer, dir / "a.jsonl"), UsageError);
    CHECK_NOTHROW(shortlist_stream(scorer, dir / "a.jsonl", {std::size_t{3}, 4096, false}));
    CHECK_FALSE(streamable(dir / "a.csv"));
    CHECK(streamable(dir / "A.NDJSON"));
}

// ---------------------------------------------------------------- CSV

namespace {

/// n applicants as an applicants CSV and a ratings CSV grouped by applicant
/// in the applicants' order (ids not sorted); some applicants have no
/// ratings, some ratings a quoted comment holding a line break (a chunk must
/// not end inside it), and there are blank lines. `plain`: no quote and no
/// blank line in the ratings (where a stream finds a part's rows by halving).
std::pair<std::string, std::string> applicants_csv(std::size_t n, std::uint32_t seed,
                                                   bool plain = false) {
    std::mt19937 rng(seed);
    std::string applicants = "applicant_id,licence,gi\n";
    std::string ratings = "applicant_id,criterion,assessor,score,comment\n";
    for (std::size_t i = 0; i < n; ++i) {
        const std::string id = "A" + std::to_string((i * 7919) % n);
        applicants += id + "," + (rng() % 10 == 0 ? "false" : "true") + "," +
                      (rng() % 8 == 0 ? "true" : "false") + "\n";
        if (i % 97 == 5)
            applicants += "\n";
        if (rng() % 50 == 0)
            continue;  // no ratings: not eligible (minimum not met)
        const auto r = [&](unsigned m) { return std::to_string(1 + rng() % m); };
        ratings += id + ",communication,R1," + r(3) + ",\n";
        ratings += id + ",service,R2," + r(3) +
                   (rng() % 5 == 0 && !plain ? ",\"line one\nline \"\"two\"\"\"\n" : ",ok\n");
        ratings += id + ",teamwork,R1," + r(3) + ",\n";
        if (i % 89 == 3 && !plain)
            ratings += "\n";
    }
    return {applicants, ratings};
}

std::string whole_csv(const Scorer& scorer, const fs::path& a, const fs::path& x,
                      std::optional<std::size_t> top) {
    const Evidence e = load_evidence(scorer.rulebook(), a, x);
    Shortlist s = select(scorer.rulebook(), scorer.score(e), top);
    std::erase_if(s.entries, [](const ShortlistEntry& y) { return !on_shortlist(y.status); });
    return file_test::shortlist_files(scorer.rulebook(), s);
}

std::string streamed_csv(const Scorer& scorer, const fs::path& a, const fs::path& x,
                         std::optional<std::size_t> top, std::size_t chunk,
                         std::size_t* passes = nullptr) {
    StreamOptions o;
    o.top = top;
    o.chunk_bytes = chunk;
    o.explain = true;
    const StreamResult r = shortlist_stream(scorer, a, x, o);
    if (passes)
        *passes = r.passes;
    return file_test::shortlist_files(scorer.rulebook(), r.shortlist);
}

/// The position of line k (from 1) of text.
std::size_t line_start(const std::string& text, std::size_t k) {
    std::size_t pos = 0;
    for (std::size_t l = 1; l < k; ++l)
        pos = text.find('\n', pos) + 1;
    return pos;
}

/// The start of the first rating row of a criterion at or after line k
/// (those rows hold no comment, so no line break).
std::size_t row_at(const std::string& ratings, std::size_t k) {
    const std::size_t pos = ratings.find(",communication,", line_start(ratings, k));
    return ratings.rfind('\n', pos) + 1;
}

}  // namespace

TEST_CASE("a streamed CSV shortlist is the whole files', filtered, for any chunk size",
          "[stream][csv]") {
    const bool break_by = GENERATE(false, true);
    const bool plain = GENERATE(false, true);
    const Scorer scorer(parse_rulebook(rulebook_yaml(break_by), "stream.yaml"));
    const fs::path dir = temp_dir(std::string(break_by ? "csv_break_by" : "csv_include_all") +
                                  (plain ? "_plain" : ""));
    const auto [applicants, ratings] = applicants_csv(3000, 11, plain);
    write(dir / "applicants.csv", applicants);
    write(dir / "ratings.csv", ratings);
    for (const std::optional<std::size_t> top :
         {std::optional<std::size_t>(), std::optional<std::size_t>(1),
          std::optional<std::size_t>(40), std::optional<std::size_t>(5000)}) {
        const std::string expected =
            whole_csv(scorer, dir / "applicants.csv", dir / "ratings.csv", top);
        for (const std::size_t chunk :
             {std::size_t{4096}, std::size_t{20000}, std::size_t{1} << 24}) {
            INFO("break_by " << break_by << ", top " << (top ? std::to_string(*top) : "rulebook")
                             << ", chunk " << chunk);
            std::size_t passes = 0;
            CHECK(streamed_csv(scorer, dir / "applicants.csv", dir / "ratings.csv", top, chunk,
                               &passes) == expected);
            if (top && *top == 1)
                CHECK(passes == 2);
        }
    }
    // Without a ratings file nobody meets a minimum: an empty shortlist, as whole.
    StreamOptions o;
    o.top = 5;
    const StreamResult r = shortlist_stream(scorer, dir / "applicants.csv", std::nullopt, o);
    CHECK(r.applicants == 3000);
    CHECK(r.eligible == 0);
}

TEST_CASE("a streamed CSV reports the whole files' first error", "[stream][csv]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml(false), "stream.yaml"));
    const bool plain = GENERATE(false, true);
    const fs::path dir = temp_dir(plain ? "csv_errors_plain" : "csv_errors");
    const auto [good_a, good_x] = applicants_csv(1500, 5, plain);
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    auto check_same = [&](const std::string& at, const std::string& xt, const std::string& what) {
        write(a, at);
        write(x, xt);
        const std::string expected =
            error_of([&] { (void)load_evidence(scorer.rulebook(), a, x); });
        INFO(what);
        REQUIRE(expected != "no error");
        for (const std::size_t chunk : {std::size_t{4096}, std::size_t{1} << 24}) {
            INFO("chunk " << chunk);
            CHECK(error_of([&] { (void)streamed_csv(scorer, a, x, 10, chunk); }) == expected);
        }
        return expected;
    };
    // A bad score far into the ratings (a later chunk): its own line.
    std::string bad_score = good_x;
    const std::size_t late = line_start(good_x, 3500);
    bad_score.replace(bad_score.find(",R", late) + 3, 2, ",9");
    CHECK(check_same(good_a, bad_score, "off scale").find("ratings.csv:") != std::string::npos);
    // A bad value late in the applicants file, and one there after a ratings
    // error: the applicants file's errors come first, as load_evidence reads it first.
    std::string bad_fact = good_a;
    bad_fact.replace(bad_fact.find(",true", line_start(good_a, 1400)), 5, ",maybe");
    CHECK(check_same(bad_fact, good_x, "bad boolean").find("applicants.csv:") != std::string::npos);
    CHECK(check_same(bad_fact, bad_score, "both").find("applicants.csv:") != std::string::npos);
    // A duplicate rating: the row repeated just after itself, late on.
    std::string duplicate = good_x;
    const std::size_t row = row_at(good_x, 3000);
    duplicate.insert(row, good_x.substr(row, good_x.find('\n', row) + 1 - row));
    CHECK(check_same(good_a, duplicate, "duplicate rating").find("duplicate rating") !=
          std::string::npos);
    // A rating for an applicant not in the applicants file, mid-file.
    std::string unknown = good_x;
    unknown.insert(row_at(good_x, 2000), "Z99,communication,R1,2,\n");
    CHECK(check_same(good_a, unknown, "unknown applicant").find("unknown applicant 'Z99'") !=
          std::string::npos);
    // An applicant id repeated in a later chunk.
    std::string repeated = good_a;
    const std::size_t second = line_start(good_a, 1200);
    repeated.replace(second, good_a.find('\n', second) - second, "A0,true,false");
    CHECK(check_same(repeated, good_x, "repeated id").find("duplicate applicant_id 'A0'") !=
          std::string::npos);
}

TEST_CASE("a streamed CSV refuses ratings out of the applicants' order, at the row",
          "[stream][csv]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml(false), "stream.yaml"));
    const fs::path dir = temp_dir("csv_order");
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    write(a, "applicant_id,licence,gi\nA1,true,false\nA2,true,false\nA3,true,true\n");
    const std::string tail =
        ": --shortlist-only streams CSV only when the ratings are grouped by applicant in the "
        "applicants file's order; sort the ratings file, or run without --shortlist-only";
    StreamOptions o;
    o.top = 1;
    // Within one chunk: A1's rating after A2's (line 4).
    write(x,
          "applicant_id,criterion,assessor,score\nA1,communication,R1,3\n"
          "A2,communication,R1,3\nA1,service,R1,3\n");
    CHECK(error_of([&] { (void)shortlist_stream(scorer, a, x, o); }) ==
          x.string() + ":4:1: error: ratings for 'A1' appear after those of 'A2'" + tail);
    CHECK_NOTHROW(load_evidence(scorer.rulebook(), a, x));  // the whole-file path takes them
    // Ratings of A3 first, then A1's: found when the applicants are all read.
    write(x,
          "applicant_id,criterion,assessor,score\nA3,communication,R1,3\n"
          "A1,communication,R1,3\n");
    CHECK(error_of([&] { (void)shortlist_stream(scorer, a, x, o); }) ==
          x.string() + ":3:1: error: ratings for 'A1' appear after those of 'A3'" + tail);
    // Across chunks: the first applicant's rating moved to the end.
    const auto [big_a, big_x] = applicants_csv(1500, 5);
    write(a, big_a);
    std::string moved = big_x;
    const std::size_t row = row_at(big_x, 2);
    const std::string first = big_x.substr(row, big_x.find('\n', row) + 1 - row);
    const std::string first_id = first.substr(0, first.find(','));
    moved.erase(row, first.size());
    const std::size_t before = moved.rfind(",communication,");
    const std::size_t before_row = moved.rfind('\n', before) + 1;
    const std::string last_rated = moved.substr(before_row, before - before_row);
    moved += first;
    write(x, moved);
    const auto last_line = static_cast<std::size_t>(std::count(moved.begin(), moved.end(), '\n'));
    o.chunk_bytes = 4096;
    CHECK(error_of([&] { (void)shortlist_stream(scorer, a, x, o); }) ==
          x.string() + ":" + std::to_string(last_line) + ":1: error: ratings for '" + first_id +
              "' appear after those of '" + last_rated + "'" + tail);
}

TEST_CASE("a streamed CSV without quotes refuses a row out of order within a part, at the row",
          "[stream][csv]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml(false), "stream.yaml"));
    const fs::path dir = temp_dir("csv_order_plain");
    const auto [a_text, x_text] = applicants_csv(1500, 5, true);
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    write(a, a_text);
    // One of P's rows moved after the rows of Q, the applicant after P.
    std::string moved = x_text;
    const std::size_t row = row_at(moved, 2000);
    const std::string line = moved.substr(row, moved.find('\n', row) + 1 - row);
    const std::string p = line.substr(0, line.find(','));
    moved.erase(row, line.size());
    const auto id_at = [&](std::size_t at) { return moved.substr(at, moved.find(',', at) - at); };
    std::size_t at = row;
    while (id_at(at) == p)
        at = moved.find('\n', at) + 1;
    const std::string q = id_at(at);
    while (id_at(at) == q)
        at = moved.find('\n', at) + 1;
    moved.insert(at, line);
    write(x, moved);
    const auto line_no =
        1 + static_cast<std::size_t>(
                std::count(moved.begin(), moved.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    CHECK_NOTHROW(load_evidence(scorer.rulebook(), a, x));
    for (const std::size_t chunk : {std::size_t{4096}, std::size_t{1} << 24}) {
        INFO("chunk " << chunk);
        StreamOptions o;
        o.top = 10;
        o.chunk_bytes = chunk;
        CHECK(error_of([&] { (void)shortlist_stream(scorer, a, x, o); }) ==
              x.string() + ":" + std::to_string(line_no) + ":1: error: ratings for '" + p +
                  "' appear after those of '" + q +
                  "': --shortlist-only streams CSV only when the ratings are grouped by applicant "
                  "in the applicants file's order; sort the ratings file, or run without "
                  "--shortlist-only");
    }
}

TEST_CASE("a stream passes each file's bytes, once and in order, to its sinks", "[stream][csv]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml(true), "stream.yaml"));
    const bool plain = GENERATE(false, true);
    const fs::path dir = temp_dir(plain ? "sinks_plain" : "sinks");
    const auto [applicants, ratings] = applicants_csv(2000, 3, plain);
    write(dir / "applicants.csv", applicants);
    write(dir / "ratings.csv", ratings);
    const std::string jsonl = applicants_jsonl(2000, 3);
    write(dir / "applicants.jsonl", jsonl);
    for (const std::size_t chunk : {std::size_t{4096}, std::size_t{1} << 24}) {
        INFO("chunk " << chunk);
        std::string a, x;
        StreamOptions o;
        o.top = 1;  // guaranteed interviews below the top: a second pass, whose bytes do not count
        o.chunk_bytes = chunk;
        o.applicants_bytes = [&](std::string_view bytes) { a += bytes; };
        o.ratings_bytes = [&](std::string_view bytes) { x += bytes; };
        CHECK(shortlist_stream(scorer, dir / "applicants.csv", dir / "ratings.csv", o).passes == 2);
        CHECK(a == applicants);
        CHECK(x == ratings);
        a.clear();
        x.clear();
        CHECK(shortlist_stream(scorer, dir / "applicants.jsonl", o).passes == 2);
        CHECK(a == jsonl);
        CHECK(x.empty());
    }
}

TEST_CASE("a streamed CSV reads a byte order mark and CRLF line ends as the whole files",
          "[stream][csv]") {
    const Scorer scorer(parse_rulebook(rulebook_yaml(true), "stream.yaml"));
    const fs::path dir = temp_dir("csv_crlf");
    auto [applicants, ratings] = applicants_csv(800, 13);
    auto crlf = [](const std::string& text) {
        std::string out = "\xEF\xBB\xBF";
        for (const char c : text)
            out += c == '\n' ? std::string("\r\n") : std::string(1, c);
        return out;
    };
    write(dir / "applicants.csv", crlf(applicants));
    write(dir / "ratings.csv", crlf(ratings));
    const std::string expected =
        whole_csv(scorer, dir / "applicants.csv", dir / "ratings.csv", std::size_t{20});
    CHECK(expected.find(",shortlisted,") != std::string::npos);
    CHECK(streamed_csv(scorer, dir / "applicants.csv", dir / "ratings.csv", std::size_t{20},
                       4096) == expected);
}

TEST_CASE("a streamed CSV with a damaged ratings file reports what the whole files do",
          "[stream][csv]") {
    // Ratings without quotes (where a part's rows are found by halving), each
    // damaged once: a byte dropped, changed or added, or a row doubled. The
    // stream reports the whole files' first error, or the same shortlist;
    // or, its own error, a row out of order, when the whole files have none
    // before that row.
    const Scorer scorer(parse_rulebook(rulebook_yaml(false), "stream.yaml"));
    const fs::path dir = temp_dir("csv_damaged");
    const auto [a_text, x_text] = applicants_csv(600, 17, true);
    const fs::path a = dir / "applicants.csv";
    const fs::path x = dir / "ratings.csv";
    write(a, a_text);
    const auto line_of = [](const std::string& error) -> std::size_t {
        const std::size_t csv = error.find(".csv:");
        return csv == std::string::npos ? 0 : std::stoul(error.substr(csv + 5));
    };
    std::mt19937 rng(23);
    for (int round = 0; round < 80; ++round) {
        std::string damaged = x_text;
        const std::size_t at = file_test::somewhere_after(damaged, 40, rng);  // past the header
        const auto how = rng() % 4;
        file_test::damage(damaged, at,
                          how < 3 ? static_cast<file_test::Damage>(how) : file_test::Damage::Double,
                          rng);
        write(x, damaged);
        const std::string whole_error =
            error_of([&] { (void)load_evidence(scorer.rulebook(), a, x); });
        const std::string streamed = error_of([&] { (void)streamed_csv(scorer, a, x, 10, 4096); });
        INFO("round " << round << ": whole " << whole_error << "; streamed " << streamed);
        if (streamed.find("appear after those of") != std::string::npos)
            CHECK((whole_error == "no error" || line_of(whole_error) >= line_of(streamed)));
        else if (whole_error != "no error")
            CHECK(streamed == whole_error);
        else
            CHECK(streamed_csv(scorer, a, x, 10, 4096) == whole_csv(scorer, a, x, 10));
    }
}

// ---------------------------------------------------------------- the id filter

TEST_CASE("the stream's id filter knows every id it saw, and seldom one it did not",
          "[stream][filter]") {
    // Sized as the stream sizes it (for twice the ids: 64 bits an id, eight
    // ids a 512-bit block at the end). A blocked filter errs as a standard one
    // of a block's size, averaged over the blocks' Poisson loads (Putze,
    // Sanders and Singler, "Cache-, Hash- and Space-Efficient Bloom Filters",
    // WEA 2007, section 3): sum over i of Poisson(i; 8) (1 - (1 - 1/512)^(8i))^8
    // = 2.8e-7 when full, 4.3e-8 on average as it fills, so 0.009 false
    // "maybe"s are expected among these 200,000 ids. A filter that set its
    // eight bits by double hashing gave five among 100,000.
    constexpr std::size_t n = 200000;
    shortlist::detail::IdFilter filter(2 * n);
    std::size_t false_maybes = 0;
    const auto hash_of = [](std::size_t i) {  // "A0000000" and on, as bench/synthetic writes them
        std::string id = std::to_string(i);
        id.insert(0, 7 - std::min<std::size_t>(7, id.size()), '0');
        return shortlist::detail::IdFilter::hash("A" + id);
    };
    for (std::size_t i = 0; i < n; ++i)
        if (filter.test_and_set(hash_of(i)))
            ++false_maybes;
    CHECK(false_maybes <= 1);
    for (std::size_t i = 0; i < n; i += 997)
        CHECK(filter.test_and_set(hash_of(i)));
}

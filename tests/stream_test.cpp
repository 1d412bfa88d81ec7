// The streamed shortlist (shortlist/stream.hpp) is, byte for byte, the
// whole-file shortlist filtered to the shortlisted rows, with the same errors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "shortlist/evidence.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"

using namespace shortlist;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
    fs::path dir = fs::path(SHORTLIST_BINARY_DIR) / "tests" / "stream_tmp" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// A rulebook whose totals tie often (three criteria on a 1..3 scale, one
/// assessor), with a licence gate, a minimum, and a guaranteed interview.
std::string rulebook_yaml(bool break_by) {
    std::string y = R"(kind: rulebook
id: stream-test
title: Stream test
organisation: Test
grade: "1"
version: "1"
source: tests
scales:
  s3: {min: 1, max: 3}
facts:
  licence: {type: boolean}
  gi: {type: boolean}
eligibility:
  - {id: licence, fact: licence, op: eq, value: true}
groups:
  essential: {weight: 2}
  desirable: {weight: 1}
  competency: {weight: 1}
criteria:
  essential:
    - {id: communication, text: Communication, scale: s3, weight: 1, minimum: 2}
  desirable:
    - {id: service, text: Service, scale: s3, weight: 1}
  competency:
    - {id: teamwork, text: Teamwork, scale: s3, weight: 1, minimum: 2}
shortlist:
  pass_mark: null
  top: 5
)";
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

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

/// The whole-file shortlist's rows, filtered, as CSV and explained JSON.
std::string whole(const Scorer& scorer, const fs::path& file, std::optional<std::size_t> top) {
    const Evidence e = load_evidence(scorer.rulebook(), file);
    Shortlist s = select(scorer.rulebook(), scorer.score(e), top);
    std::erase_if(s.entries, [](const Entry& x) { return !on_shortlist(x.status); });
    std::ostringstream out;
    write_csv(out, scorer.rulebook(), s);
    write_json(out, scorer.rulebook(), s, {true});
    return out.str();
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
    std::ostringstream out;
    write_csv(out, scorer.rulebook(), r.shortlist);
    write_json(out, scorer.rulebook(), r.shortlist, {true});
    return out.str();
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

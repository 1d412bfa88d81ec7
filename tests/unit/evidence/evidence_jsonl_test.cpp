// Evidence from JSON Lines, from one Application (make_evidence), from files
// (load_evidence), and the two-thread ratings parse giving the same result as
// one thread.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "evidence/internal.hpp"
#include "evidence_fixtures.hpp"

using namespace evidence_test;

namespace {

const std::string data_dir = SHORTLIST_TEST_DATA "/evidence/";

std::string jsonl_error(const std::string& text) {
    return error_of([&] { (void)parse_jsonl(rulebook(), text, "a.jsonl"); });
}

}  // namespace

// ---------------------------------------------------------------- JSON Lines

TEST_CASE("jsonl: facts and ratings of each applicant", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = parse_jsonl(
        rb,
        "\xEF\xBB\xBF{\"applicant_id\": \"A1\", \"facts\": {\"full_driving_licence\": true, "
        "\"bleep_test_level\": 5.4, \"vetting\": \"RV\", \"age\": 30, \"unknown_fact\": [1]}, "
        "\"ratings\": [{\"criterion\": \"communication\", \"assessor\": \"R1\", \"score\": 4, "
        "\"indicators\": [\"listens\"], \"comment\": \"Clear, calm\"}, {\"criterion\": "
        "\"communication\", \"assessor\": \"R2\", \"indicators\": [\"listens\", \"adapts\"]}]}\r\n"
        "\n"
        "   \n"
        "{\"applicant_id\": \"A2\", \"facts\": {\"full_driving_licence\": \"No\", "
        "\"bleep_test_level\": \"6.10\", \"age\": \"-0\", \"notes\": null}, \"ratings\": "
        "[{\"criterion\": \"welsh\", \"assessor\": \"R2\", \"score\": \"Not_Applicable\"}, "
        "{\"criterion\": \"communication\", \"assessor\": \"R3\", \"score\": null, \"comment\": "
        "null, \"indicators\": [\"adapts\"]}, {\"criterion\": \"teamwork\", \"assessor\": \"R1\", "
        "\"score\": 2, \"indicators\": null}]}\n"
        "{\"applicant_id\": \"A3\"}",
        "a.jsonl");
    REQUIRE(e.applicants.size() == 3);
    CHECK(e.applicants[2].value() == "A3");
    CHECK(e.facts[0] == std::vector<Value>{true, false, std::monostate{}});
    CHECK(e.facts[1] ==
          std::vector<Value>{std::string("5.4"), std::string("6.10"), std::monostate{}});
    CHECK(e.facts[2] == std::vector<Value>{std::string("RV"), std::monostate{}, std::monostate{}});
    CHECK(e.facts[4] == std::vector<Value>{30.0, 0.0, std::monostate{}});
    CHECK(e.facts[5] == std::vector<Value>{std::monostate{}, std::monostate{}, std::monostate{}});
    REQUIRE(e.ratings.size() == 5);
    CHECK(e.ratings[0] == Rating{0, 0, 0, RatingKind::Score, false, 1, 4.0});
    CHECK(e.ratings[1].score == Approx(1.0 + 4.0 * 2.0 / 3.0).epsilon(1e-12));
    CHECK(e.ratings[1].from_indicators);
    CHECK(e.ratings[2] == Rating{1, 2, 1, RatingKind::NotApplicable, false, 4, 0.0});
    CHECK(e.ratings[3] == Rating{1, 0, 2, RatingKind::Score, true, 4, 1.0 + 4.0 / 3.0});
    CHECK(e.ratings[4] == Rating{1, 1, 0, RatingKind::Score, false, 4, 2.0});
    CHECK(e.assessors ==
          std::vector<AssessorId>{AssessorId("R1"), AssessorId("R2"), AssessorId("R3")});
    CHECK(e.indicators == std::vector<RatingIndicators>{{0, 0b001}, {1, 0b101}, {3, 0b100}});
    CHECK(e.comments == std::vector<std::pair<std::size_t, std::string>>{{0, "Clear, calm"}});
    CHECK(e.sources == std::vector<std::string>{"a.jsonl"});
    CHECK(e.ratings_source == "a.jsonl");
}

TEST_CASE("jsonl: a rating with neither score nor indicators is refused", "[evidence]") {
    CHECK(jsonl_error("{\"applicant_id\": \"A1\", \"ratings\": [{\"criterion\": \"teamwork\", "
                      "\"assessor\": \"R3\", \"score\": null}]}") ==
          "a.jsonl:1:89: error: no score and no indicators for criterion 'teamwork'");
    CHECK(jsonl_error("{\"applicant_id\": \"A1\", \"ratings\": [{\"criterion\": \"teamwork\", "
                      "\"assessor\": \"R3\"}]}") ==
          "a.jsonl:1:36: error: no score and no indicators for criterion 'teamwork'");
}

TEST_CASE("jsonl: JSON errors and wrong shapes name line and column", "[evidence]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "a.jsonl: error: no applicants in the file"},
        {"\n  \n", "a.jsonl: error: no applicants in the file"},
        {"{\"applicant_id\": \"A1\"}\n{\"applicant_id\": \"A2\",}\n",
         "a.jsonl:2:23: error: trailing comma before '}'"},
        {"{\"applicant_id\": \"A1\", \"applicant_id\": \"A2\"}",
         "a.jsonl:1:24: error: duplicate key 'applicant_id'"},
        {"[\"A1\"]", "a.jsonl:1:1: error: each line: expected an object, got an array"},
        {"{\"applicant_id\": \"A1\", \"rating\": []}",
         "a.jsonl:1:24: error: unknown key 'rating' (expected applicant_id, facts or ratings)"},
        {"{\"facts\": {}}", "a.jsonl:1:1: error: missing key 'applicant_id'"},
        {"{\"applicant_id\": 7}",
         "a.jsonl:1:18: error: 'applicant_id': expected a string, got a number"},
        {"{\"applicant_id\": \"\"}", "a.jsonl:1:18: error: empty applicant_id"},
        {"{\"applicant_id\": \"A1\"}\n\n{\"applicant_id\": \"A1\"}",
         "a.jsonl:3:18: error: duplicate applicant_id 'A1' (first at line 1)"},
        {"{\"applicant_id\": \"A1\", \"facts\": [1]}",
         "a.jsonl:1:33: error: 'facts': expected an object, got an array"},
        {"{\"applicant_id\": \"A1\", \"ratings\": {}}",
         "a.jsonl:1:35: error: 'ratings': expected an array, got an object"},
        {"{\"applicant_id\": \"A1\", \"ratings\": [3]}",
         "a.jsonl:1:36: error: a rating: expected an object, got a number"},
    };
    for (const auto& [text, expected] : cases) {
        INFO(text);
        CHECK(jsonl_error(text) == expected);
    }
}

TEST_CASE("jsonl: facts of the wrong type or value", "[evidence]") {
    const auto fact_error = [](const std::string& facts) {
        return jsonl_error("{\"applicant_id\": \"A1\", \"facts\": {" + facts + "}}");
    };
    // The value starts at column 38 + the length of the key (35 + quotes, colon, space).
    CHECK(fact_error("\"full_driving_licence\": 1") ==
          "a.jsonl:1:58: error: fact 'full_driving_licence': expected true, false or a string, "
          "got a number");
    CHECK(fact_error("\"full_driving_licence\": \"maybe\"") ==
          "a.jsonl:1:58: error: fact 'full_driving_licence': 'maybe' is not a boolean (expected "
          "true, false, yes, no, y or n)");
    CHECK(fact_error("\"age\": true") ==
          "a.jsonl:1:41: error: fact 'age': expected a number or a string, got a boolean");
    CHECK(fact_error("\"age\": \"3,5\"") ==
          "a.jsonl:1:41: error: fact 'age': '3,5' is not a number (expected a decimal such as 42 "
          "or 3.5)");
    CHECK(fact_error("\"age\": 1e999") == "a.jsonl:1:41: error: number '1e999' is too large");
    CHECK(fact_error("\"bleep_test_level\": 5.4e1") ==
          "a.jsonl:1:54: error: fact 'bleep_test_level': '5.4e1' is not a level (expected whole "
          "numbers separated by dots, such as 5.4)");
    CHECK(fact_error("\"bleep_test_level\": [5]") ==
          "a.jsonl:1:54: error: fact 'bleep_test_level': expected a string such as \"5.4\", got "
          "an array");
    CHECK(fact_error("\"vetting\": 3") ==
          "a.jsonl:1:45: error: fact 'vetting': expected a string, got a number");
    CHECK(fact_error("\"vetting\": \"rv\"") ==
          "a.jsonl:1:45: error: fact 'vetting': 'rv' is not one of none, RV, CTC, SC, DV");
    // Strings are taken as written: no trimming.
    CHECK(fact_error("\"full_driving_licence\": \" yes\"") ==
          "a.jsonl:1:58: error: fact 'full_driving_licence': ' yes' is not a boolean (expected "
          "true, false, yes, no, y or n)");
}

TEST_CASE("jsonl: rating errors name line and column", "[evidence]") {
    const auto rating_error_at = [](const std::string& rating) {
        return jsonl_error("{\"applicant_id\": \"A1\", \"ratings\": [" + rating + "]}");
    };
    // The rating object starts at column 36.
    CHECK(rating_error_at("{\"criterion\": \"teamwork\", \"assessor\": \"R1\", \"mark\": 3}") ==
          "a.jsonl:1:80: error: unknown key 'mark' (expected criterion, assessor, score, "
          "indicators or comment)");
    CHECK(rating_error_at("{\"assessor\": \"R1\", \"score\": 3}") ==
          "a.jsonl:1:36: error: missing key 'criterion'");
    CHECK(rating_error_at("{\"criterion\": \"teamwork\", \"score\": 3}") ==
          "a.jsonl:1:36: error: missing key 'assessor'");
    CHECK(rating_error_at("{\"criterion\": \"teamwrok\", \"assessor\": \"R1\", \"score\": 3}") ==
          "a.jsonl:1:50: error: unknown criterion 'teamwrok' (rulebook 'test-pcso' has: "
          "communication, teamwork, welsh, we_analyse_critically)");
    CHECK(rating_error_at("{\"criterion\": 4, \"assessor\": \"R1\"}") ==
          "a.jsonl:1:50: error: 'criterion': expected a string, got a number");
    CHECK(rating_error_at("{\"criterion\": \"teamwork\", \"assessor\": \"\", \"score\": 3}") ==
          "a.jsonl:1:74: error: empty assessor");
    CHECK(rating_error_at("{\"criterion\": \"teamwork\", \"assessor\": \"R1\", \"score\": 6}") ==
          "a.jsonl:1:89: error: score 6 for criterion 'teamwork' is off its scale (1 to 5)");
    CHECK(rating_error_at("{\"criterion\": \"teamwork\", \"assessor\": \"R1\", \"score\": true}") ==
          "a.jsonl:1:89: error: 'score': expected a number or a string, got a boolean");
    CHECK(
        rating_error_at("{\"criterion\": \"teamwork\", \"assessor\": \"R1\", \"score\": \"x\"}") ==
        "a.jsonl:1:89: error: score 'x' is not a number or one of not_evidenced, not_assessed, "
        "not_applicable");
    CHECK(
        rating_error_at("{\"criterion\": \"communication\", \"assessor\": \"R1\", \"indicators\": "
                        "[\"listens\", \"smiles\"]}") ==
        "a.jsonl:1:111: error: unknown indicator 'smiles' for criterion 'communication' (it has: "
        "listens, speaks_clearly, adapts)");
    CHECK(
        rating_error_at("{\"criterion\": \"communication\", \"assessor\": \"R1\", \"indicators\": "
                        "[\"listens\", \"listens\"]}") ==
        "a.jsonl:1:111: error: indicator 'listens' is listed twice");
    CHECK(
        rating_error_at("{\"criterion\": \"communication\", \"assessor\": \"R1\", \"indicators\": "
                        "\"listens\"}") ==
        "a.jsonl:1:99: error: 'indicators': expected an array of strings, got a string");
    CHECK(rating_error_at("{\"criterion\": \"teamwork\", \"assessor\": \"R1\", \"score\": 3, "
                          "\"comment\": 5}") ==
          "a.jsonl:1:103: error: 'comment': expected a string, got a number");
}

TEST_CASE("jsonl: duplicates and conflicts across lines, and the lowest line wins", "[evidence]") {
    const std::string r1 =
        R"({"applicant_id": "A1", "ratings": [{"criterion": "welsh", "assessor": "R1", "score": 2}]})";
    CHECK(
        jsonl_error(
            r1 + "\n" +
            R"({"applicant_id": "A2", "ratings": [{"criterion": "welsh", "assessor": "R1", "score": 2}, {"criterion": "welsh", "assessor": "R1", "score": 3}]})") ==
        "a.jsonl:2: error: duplicate rating of criterion 'welsh' for applicant 'A2' by "
        "assessor 'R1' (first at line 2)");
    // A conflict on line 2 comes before a syntax error on line 3.
    CHECK(
        jsonl_error(
            r1 + "\n" +
            R"({"applicant_id": "A2", "ratings": [{"criterion": "welsh", "assessor": "R1", "score": "not_applicable"}, {"criterion": "welsh", "assessor": "R2", "score": 1}]})" +
            "\n{") ==
        "a.jsonl:2: error: conflicting ratings of criterion 'welsh' for applicant 'A2': "
        "not_applicable from assessor 'R1' (line 2) but a score from assessor 'R2' (line 2)");
    CHECK(jsonl_error(r1 + "\n{") ==
          "a.jsonl:2:2: error: expected a key in double quotes, found "
          "end of input");
}

// ---------------------------------------------------------------- make_evidence

namespace {

Application application() {
    Application app;
    app.id = ApplicantId("A-1042");
    app.facts = {{"vetting", "RV"}, {"full_driving_licence", "yes"}, {"undeclared", "x"}};
    app.ratings = {
        {CriterionId("communication"), AssessorId("R1"), "4", {"listens"}, "Good, clear"},
        {CriterionId("communication"), AssessorId("R2"), "", {"listens", "adapts"}, ""},
        {CriterionId("welsh"), AssessorId("R1"), "not_applicable", {}, " "},
        {CriterionId("teamwork"), AssessorId("R2"), "NOT_EVIDENCED", {}, {}},
    };
    return app;
}

std::string application_error(const Application& app) {
    return error_of([&] { (void)make_evidence(rulebook(), app); });
}

}  // namespace

TEST_CASE("make_evidence: one applicant with facts and ratings", "[evidence]") {
    const Evidence e = make_evidence(rulebook(), application());
    REQUIRE(e.applicants == std::vector<ApplicantId>{ApplicantId("A-1042")});
    CHECK(e.facts[0] == std::vector<Value>{true});
    CHECK(e.facts[1] == std::vector<Value>{std::monostate{}});  // not given: absent
    CHECK(e.facts[2] == std::vector<Value>{std::string("RV")});
    REQUIRE(e.ratings.size() == 4);
    CHECK(e.ratings[0] == Rating{0, 0, 0, RatingKind::Score, false, 1, 4.0});
    CHECK(e.ratings[1].score == Approx(1.0 + 4.0 * 2.0 / 3.0).epsilon(1e-12));
    CHECK(e.ratings[2] == Rating{0, 2, 0, RatingKind::NotApplicable, false, 3, 0.0});
    CHECK(e.ratings[3] == Rating{0, 1, 1, RatingKind::NotEvidenced, false, 4, 1.0});
    CHECK(e.assessors == std::vector<AssessorId>{AssessorId("R1"), AssessorId("R2")});
    CHECK(e.indicators == std::vector<RatingIndicators>{{0, 0b001}, {1, 0b101}});
    CHECK(e.comments == std::vector<std::pair<std::size_t, std::string>>{{0, "Good, clear"}});
    CHECK(e.sources.empty());
    CHECK(e.ratings_source == "<application>");
}

TEST_CASE("make_evidence: errors name the rating by number", "[evidence]") {
    Application app = application();
    app.id = ApplicantId("");
    CHECK(application_error(app) == "<application>: error: empty applicant_id");

    app = application();
    app.facts.emplace_back("vetting", "SC");
    CHECK(application_error(app) == "<application>: error: fact 'vetting' is given twice");

    app = application();
    app.facts[0].second = " RV";
    CHECK(application_error(app) ==
          "<application>: error: fact 'vetting': ' RV' is not one of none, RV, CTC, SC, DV");

    app = application();
    app.ratings[1].criterion = CriterionId("comms");
    CHECK(application_error(app) ==
          "<application>:2: error: unknown criterion 'comms' (rulebook 'test-pcso' has: "
          "communication, teamwork, welsh, we_analyse_critically)");

    app = application();
    app.ratings[1].assessor = AssessorId("R1");
    CHECK(application_error(app) ==
          "<application>:2: error: duplicate rating of criterion 'communication' for applicant "
          "'A-1042' by assessor 'R1' (first at rating 1)");

    app = application();
    app.ratings.push_back({CriterionId("welsh"), AssessorId("R2"), "3", {}, {}});
    CHECK(application_error(app) ==
          "<application>:5: error: conflicting ratings of criterion 'welsh' for applicant "
          "'A-1042': not_applicable from assessor 'R1' (rating 3) but a score from assessor 'R2' "
          "(rating 5)");

    app = application();
    app.ratings[1].indicators.clear();
    CHECK(application_error(app) ==
          "<application>:2: error: no score and no indicators for criterion 'communication'");

    app = application();
    app.ratings[2].indicators = {"reads"};
    CHECK(application_error(app) ==
          "<application>:3: error: indicators given with score 'not_applicable' (indicators go "
          "with a number, or alone)");

    app = application();
    app.ratings[0].score = " 4";
    CHECK(application_error(app) ==
          "<application>:1: error: score ' 4' is not a number or one of not_evidenced, "
          "not_assessed, not_applicable");

    app = application();
    app.ratings[3].assessor = AssessorId();
    CHECK(application_error(app) == "<application>:4: error: empty assessor");
}

// ---------------------------------------------------------------- load_evidence

TEST_CASE("load_evidence: CSV applicants and ratings from files", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = load_evidence(rb, data_dir + "applicants.csv",
                                     std::filesystem::path(data_dir + "ratings.csv"));
    CHECK(e.applicants.size() == 3);
    CHECK(e.facts[5][0] == Value{std::string("Prefers days, not nights")});
    CHECK(e.facts[1][1] == Value{std::string("6.10")});
    REQUIRE(e.ratings.size() == 4);
    CHECK(e.ratings[1].from_indicators);
    CHECK(e.ratings[1].score == Approx(1.0 + 4.0 / 3.0).epsilon(1e-12));  // 1 of 3 ticked
    CHECK(e.sources ==
          std::vector<std::string>{data_dir + "applicants.csv", data_dir + "ratings.csv"});
    CHECK(e.ratings_source == data_dir + "ratings.csv");
}

TEST_CASE("load_evidence: JSON Lines by extension, in any case", "[evidence]") {
    const Rulebook rb = rulebook();
    for (const std::string name : {"applicants.jsonl", "applicants.NDJSON"}) {
        const Evidence e = load_evidence(rb, data_dir + name);
        CHECK(e.applicants == std::vector<ApplicantId>{ApplicantId("A1"), ApplicantId("A2")});
        CHECK(e.facts[1][0] == Value{std::string("5.4")});
        CHECK(e.ratings.size() == 1);
        CHECK(e.sources == std::vector<std::string>{data_dir + name});
        CHECK(e.ratings_source == data_dir + name);
    }
}

TEST_CASE("load_evidence: ratings come from one file only", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = load_evidence(rb, data_dir + "no_ratings.jsonl",
                                     std::filesystem::path(data_dir + "ratings.csv"));
    CHECK(e.ratings.size() == 4);
    CHECK(e.ratings_source == data_dir + "ratings.csv");
    CHECK(error_of([&] {
              (void)load_evidence(rb, data_dir + "applicants.jsonl",
                                  std::filesystem::path(data_dir + "ratings.csv"));
          }) == data_dir + "ratings.csv: error: ratings were already read from " + data_dir +
                    "applicants.jsonl; give all ratings in one file");
}

TEST_CASE("load_evidence: a missing file is a UsageError naming it", "[evidence]") {
    try {
        (void)load_evidence(rulebook(), data_dir + "missing.csv");
        FAIL("no error");
    } catch (const UsageError& e) {
        CHECK(e.location().file == data_dir + "missing.csv");
        CHECK(e.code() == ErrorCode::NotFound);
    }
}

// ---------------------------------------------------------------- two threads

namespace {

/// 6000 applicants x 4 criteria x 3 assessors (72,000 rows, about 2 MB):
/// large enough for two threads, in the parse and in the consistency check.
/// rows[i] is on line i + 2.
struct BigFile {
    Rulebook rb = rulebook();
    Evidence applicants;
    std::vector<std::string> rows;

    BigFile() {
        std::string text = applicants_header;
        for (int a = 0; a < 6000; ++a)
            text += "A" + std::to_string(a) + ",yes,5.4,RV,nvq2,30,\n";
        applicants = parse_applicants_csv(rb, text, "applicants.csv");
        const char* criteria[] = {"communication", "teamwork", "welsh", "we_analyse_critically"};
        for (int a = 0; a < 6000; ++a) {
            for (int c = 0; c < 4; ++c) {
                for (int r = 1; r <= 3; ++r)
                    rows.push_back("A" + std::to_string(a) + "," + criteria[c] + ",R" +
                                   std::to_string(a < 3100 ? r : 4 - r) + "," +
                                   std::to_string(1 + (a + c + r) % 4) + ",,");
            }
        }
    }

    [[nodiscard]] std::string text() const {
        std::string t = ratings_header;
        for (const auto& row : rows)
            t += row + "\n";
        return t;
    }
    [[nodiscard]] std::size_t middle() const { return rows.size() / 2; }
};

struct Result {
    std::optional<Evidence> evidence;
    std::string error;
    friend bool operator==(const Result&, const Result&) = default;
};

Result parse(const BigFile& f, const std::string& text, bool threads) {
    Evidence e = f.applicants;
    try {
        detail::parse_ratings(f.rb, e, text, "big.csv", threads);
        return {std::move(e), ""};
    } catch (const EvidenceError& x) {
        return {std::nullopt, x.what()};
    }
}

/// Parse with one thread and with two; they must agree. Returns the result.
Result same_either_way(const BigFile& f, const std::string& text) {
    const std::string body = text.substr(ratings_header.size());
    if (std::thread::hardware_concurrency() >= 2)
        CHECK(detail::ratings_split_point(body) != static_cast<std::size_t>(-1));
    const Result one = parse(f, text, false);
    const Result two = parse(f, text, true);
    CHECK(one.error == two.error);
    CHECK(one == two);
    return two;
}

}  // namespace

TEST_CASE("two threads: the same ratings, assessors and comments as one", "[evidence]") {
    BigFile f;
    // A comment in each half, and an assessor seen first in the second half.
    f.rows[10] += "first half";
    f.rows[f.middle() + 10] += "second half";
    f.rows[f.middle() + 20] = "A2999,welsh,R9,2,,";
    f.rows.insert(f.rows.begin() + 100, "");  // a blank line in the first half
    const Result r = same_either_way(f, f.text());
    REQUIRE(r.evidence);
    const Evidence& e = *r.evidence;
    CHECK(e.ratings.size() == f.rows.size() - 1);
    CHECK(e.assessors == std::vector<AssessorId>{AssessorId("R1"), AssessorId("R2"),
                                                 AssessorId("R3"), AssessorId("R9")});
    CHECK(e.ratings.back().line == f.rows.size() + 1);
    CHECK(e.comments.size() == 2);
}

TEST_CASE("two threads: the error on the lowest line is reported", "[evidence]") {
    BigFile f;
    const std::size_t late = f.rows.size() - 5;
    SECTION("an error in each half") {
        f.rows[f.middle() - 50] = "A1,teamwork,R1,9,,";
        f.rows[late] = "A1,nothing,R1,4,,";
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(f.middle() - 48) +
                  ":4: error: score 9 for criterion 'teamwork' is off its scale (1 to 5)");
    }
    SECTION("an error in the second half only") {
        f.rows[late] = "A1,nothing,R1,4,,";
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(late + 2) +
                  ":2: error: unknown criterion 'nothing' (rulebook 'test-pcso' has: "
                  "communication, teamwork, welsh, we_analyse_critically)");
    }
    SECTION("a duplicate across the halves before a bad row") {
        f.rows[f.middle() + 30] = f.rows[3];
        f.rows[late] = "A1,teamwork,R1,,,";
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(f.middle() + 32) +
                  ": error: duplicate rating of criterion 'teamwork' for applicant 'A0' by "
                  "assessor 'R1' (first at line 5)");
    }
    SECTION("a conflict across the halves") {
        f.rows[f.middle() + 30] = "A0,welsh,R7,not_applicable,,";
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(f.middle() + 32) +
                  ": error: conflicting ratings of criterion 'welsh' for applicant 'A0': a score "
                  "from assessor 'R1' (line 8) but not_applicable from assessor 'R7' (line " +
                  std::to_string(f.middle() + 32) + ")");
    }
    SECTION("a duplicate within each half, and a conflict at the cut") {
        // rows[j] rates applicant j / 12, criterion j / 3 % 4, assessor j % 3 + 1
        // (numbered the other way round from applicant 3100).
        f.rows[late] = f.rows[late - 1];  // A5999, welsh, R3
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(late + 2) +
                  ": error: duplicate rating of criterion 'welsh' for applicant 'A5999' by "
                  "assessor 'R3' (first at line " +
                  std::to_string(late + 1) + ")");
        const std::string row101 = f.rows[101];
        f.rows[101] = f.rows[100];  // A8, teamwork, R2
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:103: error: duplicate rating of criterion 'teamwork' for applicant 'A8' "
              "by assessor 'R2' (first at line 102)");
        f.rows[101] = row101;
        // The ratings of applicant 3000 open the second half; in the check
        // they are taken after the first half (its applicants run to 3000).
        f.rows[f.middle() + 1] = "A3000,communication,R9,not_applicable,,";
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(f.middle() + 3) +
                  ": error: conflicting ratings of criterion 'communication' for applicant "
                  "'A3000': a score from assessor 'R1' (line " +
                  std::to_string(f.middle() + 2) +
                  ") but not_applicable from assessor 'R9' (line " +
                  std::to_string(f.middle() + 3) + ")");
    }
    SECTION("quoted text in the second half") {
        f.rows[late] = "A1,teamwork,R1,\"oops,,";
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(late + 2) +
                  ":16: error: unterminated quoted field: no closing '\"' before the end of the "
                  "file");
    }
}

TEST_CASE("two threads: a quote in the first half means one thread, same result", "[evidence]") {
    BigFile f;
    f.rows[5] += "\"a comment\nover two lines\"";
    const Result r = same_either_way(f, f.text());
    REQUIRE(r.evidence);
    CHECK(r.evidence->comments ==
          std::vector<std::pair<std::size_t, std::string>>{{5, "a comment\nover two lines"}});
    CHECK(r.evidence->ratings[6].line == 9);
}

TEST_CASE("two threads: more than 65535 assessors is an error at the first row over",
          "[evidence]") {
    BigFile f;
    // Every row a new assessor: the 65536th is on row 65535 (line 65537), in
    // the second half, while each half alone names fewer.
    f.rows.clear();
    for (std::size_t i = 0; i < 70000; ++i)
        f.rows.push_back("A" + std::to_string(i % 5000) + ",teamwork,X" + std::to_string(i) +
                         ",3,,");
    CHECK(same_either_way(f, f.text()).error ==
          "big.csv:65537:3: error: assessor 'X65535' would be assessor number 65536: at most "
          "65535 different assessors are supported");
    SECTION("an error on an earlier line is reported first") {
        f.rows[f.middle() + 10] = "A1,teamwork,X1,3,,";  // a duplicate of line 3
        CHECK(same_either_way(f, f.text()).error ==
              "big.csv:" + std::to_string(f.middle() + 12) +
                  ": error: duplicate rating of criterion 'teamwork' for applicant 'A1' by "
                  "assessor 'X1' (first at line 3)");
    }
    SECTION("assessors named again are no new ones") {
        for (std::size_t i = 65535; i < f.rows.size(); ++i)
            f.rows[i] =
                "A" + std::to_string(i % 5000) + ",welsh,X" + std::to_string(i - 60000) + ",3,,";
        const Result r = same_either_way(f, f.text());
        REQUIRE(r.evidence);
        CHECK(r.evidence->assessors.size() == max_assessors);
        CHECK(r.evidence->ratings.back().assessor == 69999 - 60000);
    }
}

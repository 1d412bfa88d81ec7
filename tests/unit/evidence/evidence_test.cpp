// Evidence loading: the applicants and ratings CSV files, with every format
// rule and every error message asserted exactly.
// (JSON Lines, make_evidence, load_evidence and the two-thread parse are in
// evidence_more_test.cpp.)
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "evidence/internal.hpp"
#include "evidence_fixtures.hpp"
#if defined(SHORTLIST_WITH_XLSX)
#include "shortlist/xlsx.hpp"
#endif

using namespace evidence_test;

namespace {

/// Every message for a list of applicants files.
void check_applicant_errors(const std::vector<std::pair<std::string, std::string>>& cases) {
    const Rulebook rb = rulebook();
    for (const auto& c : cases) {
        // Not a structured binding: clang 14 cannot capture one in a lambda.
        const std::string& text = c.first;
        INFO(text);
        CHECK(error_of([&] { (void)parse_applicants_csv(rb, text, "applicants.csv"); }) ==
              c.second);
    }
}

const std::string& h = applicants_header;

}  // namespace

// ---------------------------------------------------------------- applicants

TEST_CASE("applicants: every fact type, columns in any order, others ignored", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = parse_applicants_csv(rb,
                                            "notes,age,applicant_id,extra,qualification,vetting,"
                                            "bleep_test_level,full_driving_licence\n"
                                            "hello,30,A1,ignored,nvq2,RV,5.4,yes\n"
                                            ",41.5,A2,,none,DV,10,false\n",
                                            "applicants.csv");
    REQUIRE(e.applicants.size() == 2);
    CHECK(e.applicants[0].value() == "A1");
    CHECK(e.applicants[1].value() == "A2");
    REQUIRE(e.facts.size() == rb.facts.size());  // one column per declared fact, in rulebook order
    CHECK(e.facts[0] == std::vector<Value>{true, false});
    CHECK(e.facts[1] == std::vector<Value>{std::string("5.4"), std::string("10")});
    CHECK(e.facts[2] == std::vector<Value>{std::string("RV"), std::string("DV")});
    CHECK(e.facts[3] == std::vector<Value>{std::string("nvq2"), std::string("none")});
    CHECK(e.facts[4] == std::vector<Value>{30.0, 41.5});
    CHECK(e.facts[5] == std::vector<Value>{std::string("hello"), std::monostate{}});
    CHECK(e.sources == std::vector<std::string>{"applicants.csv"});
    CHECK(e.ratings.empty());
    CHECK(e.assessors.empty());
}

TEST_CASE("applicants: booleans are true/false/yes/no/y/n in any case", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = parse_applicants_csv(rb,
                                            h + "A1,true,,,,,\nA2,FALSE,,,,,\nA3,Yes,,,,,\n"
                                                "A4,nO,,,,,\nA5,y,,,,,\nA6,N,,,,,\nA7,,,,,,\n",
                                            "applicants.csv");
    CHECK(e.facts[0] ==
          std::vector<Value>{true, false, true, false, true, false, std::monostate{}});
}

TEST_CASE("applicants: numbers are finite decimals and -0 is 0", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = parse_applicants_csv(
        rb, h + "A1,,,,,-0,\nA2,,,,,+3,\nA3,,,,,1e3,\nA4,,,,,-2.25,\nA5,,,,,.5,\n",
        "applicants.csv");
    CHECK(e.facts[4] == std::vector<Value>{0.0, 3.0, 1000.0, -2.25, 0.5});
    CHECK_FALSE(std::signbit(std::get<double>(e.facts[4][0])));
}

TEST_CASE("applicants: BOM, CRLF, quotes, no final newline, blank lines", "[evidence]") {
    const Rulebook rb = rulebook();
    const std::string text = "\xEF\xBB\xBF" +
                             std::string(
                                 "applicant_id,full_driving_licence,"
                                 "bleep_test_level,vetting,qualification,"
                                 "age,notes\r\n") +
                             "A1,yes,5.4,RV,nvq2,30,\"Prefers days, not nights\"\r\n"
                             "\r\n"
                             "\"A2\",no,6.1,CTC,none,41,\"Said \"\"yes\"\"\nthen left\"\r\n"
                             "A3,,,,,,\r\n\r\n\r\n";
    const Evidence e = parse_applicants_csv(rb, text, "applicants.csv");
    REQUIRE(e.applicants.size() == 3);
    CHECK(e.applicants[1].value() == "A2");
    CHECK(e.facts[5] == std::vector<Value>{std::string("Prefers days, not nights"),
                                           std::string("Said \"yes\"\nthen left"),
                                           std::monostate{}});
    const Evidence no_newline = parse_applicants_csv(rb, h + "A1,y,,,,,", "applicants.csv");
    CHECK(no_newline.facts[0] == std::vector<Value>{true});
}

TEST_CASE("applicants: unquoted cells are trimmed, quoted cells kept as written", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = parse_applicants_csv(
        rb,
        " applicant_id ,full_driving_licence,bleep_test_level,vetting,qualification,age,notes\n"
        "  A1\t, yes ,\t5.4 , RV,nvq2 , 30 , a note \n"
        "A2,,,,,,\"  spaced  \"\n",
        "applicants.csv");
    CHECK(e.applicants[0].value() == "A1");
    CHECK(e.facts[0][0] == Value{true});
    CHECK(e.facts[1][0] == Value{std::string("5.4")});
    CHECK(e.facts[4][0] == Value{30.0});
    CHECK(e.facts[5] == std::vector<Value>{std::string("a note"), std::string("  spaced  ")});
}

TEST_CASE("applicants: file and header errors", "[evidence]") {
    check_applicant_errors({
        {"", "applicants.csv: error: empty file: no header"},
        {"\n\r\n\n", "applicants.csv: error: empty file: no header"},
        {h, "applicants.csv: error: no applicants: the file has a header and no rows"},
        {h + "\n\n", "applicants.csv: error: no applicants: the file has a header and no rows"},
        {"id,full_driving_licence,bleep_test_level,vetting,qualification,age,notes\nA1,,,,,,\n",
         "applicants.csv:1: error: missing column 'applicant_id' (the header has: 'id', "
         "'full_driving_licence', 'bleep_test_level', 'vetting', 'qualification', 'age', "
         "'notes')"},
        {"applicant_id,full_driving_licence,vetting,qualification,age,notes\nA1,,,,,\n",
         "applicants.csv:1: error: missing column 'bleep_test_level': rulebook 'test-pcso' "
         "declares this fact (leave its cells empty if it is not known)"},
        {"\n\napplicant_id,age\n",
         "applicants.csv:3: error: missing column 'full_driving_licence': rulebook 'test-pcso' "
         "declares this fact (leave its cells empty if it is not known)"},
        {"applicant_id,full_driving_licence,bleep_test_level,vetting,qualification,age,notes,"
         "age\n",
         "applicants.csv:1:8: error: duplicate column 'age' (also column 6)"},
    });
}

TEST_CASE("applicants: empty header names are ignored and may repeat", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = parse_applicants_csv(
        rb,
        "applicant_id,full_driving_licence,bleep_test_level,vetting,qualification,age,notes,,\n"
        "A1,,,,,,,x,y\n",
        "applicants.csv");
    CHECK(e.applicants.size() == 1);
}

TEST_CASE("applicants: row errors name file, line, column and value", "[evidence]") {
    check_applicant_errors({
        {h + "A1,,,,,,,extra\n",
         "applicants.csv:2:8: error: this row has 8 fields but the header has 7"},
        {h + "A1,,,,,\n", "applicants.csv:2: error: this row has 6 fields but the header has 7"},
        {h + "A1\n", "applicants.csv:2: error: this row has 1 field but the header has 7"},
        {h + "A1,,,,,3,5,\n",
         "applicants.csv:2:8: error: this row has 8 fields but the header has 7"},
        {h + " ,,,,,,\n", "applicants.csv:2:1: error: empty applicant_id"},
        {h + "A1,,,,,,\nA2,,,,,,\n\nA1,,,,,,\n",
         "applicants.csv:5:1: error: duplicate applicant_id 'A1' (first at line 2)"},
        {h + "A1,,,,,,\nA1,,,,,,\n",
         "applicants.csv:3:1: error: duplicate applicant_id 'A1' (first at line 2)"},
        {h + "B,,,,,,\nA,,,,,,\nC,,,,,,\nB,,,,,,\n",
         "applicants.csv:5:1: error: duplicate applicant_id 'B' (first at line 2)"},
        {h + "A1,maybe,,,,,\n",
         "applicants.csv:2:2: error: column 'full_driving_licence': 'maybe' is not a boolean "
         "(expected true, false, yes, no, y or n)"},
        {h + "A1,1,,,,,\n",
         "applicants.csv:2:2: error: column 'full_driving_licence': '1' is not a boolean "
         "(expected true, false, yes, no, y or n)"},
        {h + "A1,,5.x,,,,\n",
         "applicants.csv:2:3: error: column 'bleep_test_level': '5.x' is not a level (expected "
         "whole numbers separated by dots, such as 5.4)"},
        {h + "A1,,RV,,,,\n",
         "applicants.csv:2:3: error: column 'bleep_test_level': 'RV' is not a level (expected "
         "whole numbers separated by dots, such as 5.4)"},
        {h + "A1,,,rv,,,\n",
         "applicants.csv:2:4: error: column 'vetting': 'rv' is not one of none, RV, CTC, SC, DV"},
        {h + "A1,,,,NVQ 2,,\n",
         "applicants.csv:2:5: error: column 'qualification': 'NVQ 2' is not one of none, nvq2, "
         "nvq3"},
    });
}

TEST_CASE("applicants: levels are dotted whole numbers", "[evidence]") {
    const Rulebook rb = rulebook();
    const std::string tail =
        "' is not a level (expected whole numbers separated by dots, such as 5.4)";
    for (const std::string bad : {"5..4", ".5", "5.", "-1", "5,4", "1234567890", "5.4.x", "5 4"}) {
        INFO(bad);
        CHECK(error_of([&] {
                  (void)parse_applicants_csv(rb, h + "A1,,\"" + bad + "\",,,,\n", "applicants.csv");
              }) == "applicants.csv:2:3: error: column 'bleep_test_level': '" + bad + tail);
    }
    const Evidence e =
        parse_applicants_csv(rb, h + "A1,,5.4.1,,,,\nA2,,123456789.0,,,,\n", "applicants.csv");
    CHECK(e.facts[1] == std::vector<Value>{std::string("5.4.1"), std::string("123456789.0")});
}

TEST_CASE("applicants: numbers refuse nan, inf, overflow and commas", "[evidence]") {
    const Rulebook rb = rulebook();
    const std::string tail = "' is not a number (expected a decimal such as 42 or 3.5)";
    for (const std::string bad :
         {"nan", "NaN", "inf", "-inf", "1e309", "3,5", "1,000", "abc", "0x10", "1 000", "--1"}) {
        INFO(bad);
        CHECK(error_of([&] {
                  (void)parse_applicants_csv(rb, h + "A1,,,,,\"" + bad + "\",\n", "applicants.csv");
              }) == "applicants.csv:2:6: error: column 'age': '" + bad + tail);
    }
}

TEST_CASE("applicants: CSV syntax errors carry line and character column", "[evidence]") {
    check_applicant_errors({
        {h + "A1,,,,,,\"open\n",
         "applicants.csv:2:9: error: unterminated quoted field: no closing '\"' before the end of "
         "the file"},
        {h + std::string("A1,,,,,,x\0y\n", 12),
         "applicants.csv:2:10: error: NUL byte: this is not UTF-8 text (UTF-16? save the file as "
         "\"CSV UTF-8\")"},
        {h + "A1,,,,,,Caf\xE9\n",
         "applicants.csv:2:12: error: invalid UTF-8 (byte 0xE9): save the file as \"CSV UTF-8\""},
    });
}

TEST_CASE("applicants: errors have specific codes", "[evidence]") {
    const Rulebook rb = rulebook();
    const auto code = [&](const std::string& text) {
        try {
            (void)parse_applicants_csv(rb, text, "applicants.csv");
        } catch (const EvidenceError& e) {
            return e.code();
        }
        FAIL("no error");
        return ErrorCode::InvalidArgument;
    };
    CHECK(code(h + "A1,,,,,,\nA1,,,,,,\n") == ErrorCode::AlreadyExists);
    CHECK(code("applicant_id\nA1\n") == ErrorCode::NotFound);
    CHECK(code(h + "A1,x,,,,,\n") == ErrorCode::InvalidArgument);
}

// ---------------------------------------------------------------- ratings

TEST_CASE("ratings: scores, words in any case, comments, file order", "[evidence]") {
    const Rulebook rb = rulebook();
    Evidence e = three_applicants(rb);
    parse_ratings_csv(rb, e,
                      "comment,score,assessor,criterion,applicant_id,unused\n"
                      "\"Clear, calm\",4,R2,communication,A1,x\n"
                      ",3.5,R1,communication,A1,\n"
                      "  ,NOT_ASSESSED,R2,teamwork,A2,\n"
                      ",Not_Applicable,R3,welsh,A3,\n"
                      "\"two\nlines\",not_evidenced,R1,teamwork,A1,\n"
                      ",0,R1,welsh,A2,\n",
                      "ratings.csv");
    REQUIRE(e.ratings.size() == 6);
    const auto& r = e.ratings;
    CHECK(r[0] == Rating{0, 0, 0, RatingKind::Score, false, 2, 4.0});
    CHECK(r[1] == Rating{0, 0, 1, RatingKind::Score, false, 3, 3.5});
    CHECK(r[2] == Rating{1, 1, 0, RatingKind::NotAssessed, false, 4, 0.0});
    CHECK(r[3] == Rating{2, 2, 2, RatingKind::NotApplicable, false, 5, 0.0});
    CHECK(r[4] == Rating{0, 1, 1, RatingKind::NotEvidenced, false, 6, 1.0});  // = min
    CHECK(r[5] == Rating{1, 2, 1, RatingKind::Score, false, 8, 0.0});
    CHECK(e.assessors ==
          std::vector<AssessorId>{AssessorId("R2"), AssessorId("R1"), AssessorId("R3")});
    CHECK(e.comments ==
          std::vector<std::pair<std::size_t, std::string>>{{0, "Clear, calm"}, {4, "two\nlines"}});
    CHECK(e.sources == std::vector<std::string>{"applicants.csv", "ratings.csv"});
    CHECK(e.ratings_source == "ratings.csv");
}

TEST_CASE("ratings: indicators alone score min + (max - min) * ticked / total", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = rate(rb,
                            "A1,communication,R1,,listens;adapts,\n"  // 1 + 4 * 2/3
                            "A1,communication,R2,, listens ; ;adapts;speaks_clearly; ,\n"  // 5
                            "A1,welsh,R1,,reads,\n"            // 0 + 4 * 1/4
                            "A2,welsh,R1,3,reads;writes,\n");  // the number counts
    REQUIRE(e.ratings.size() == 4);
    CHECK(e.ratings[0].score == Approx(1.0 + 4.0 * 2.0 / 3.0).epsilon(1e-12));
    CHECK(e.ratings[0].from_indicators);
    CHECK(e.ratings[0].kind == RatingKind::Score);
    CHECK(e.ratings[1].score == 5.0);
    CHECK(e.ratings[2].score == 1.0);
    CHECK(e.ratings[3].score == 3.0);
    CHECK_FALSE(e.ratings[3].from_indicators);
    CHECK(e.indicators ==
          std::vector<RatingIndicators>{{0, 0b101}, {1, 0b111}, {2, 0b0001}, {3, 0b0011}});
}

TEST_CASE("ratings: -0 is 0, fractions and scale ends are allowed", "[evidence]") {
    const Rulebook rb = rulebook();
    const Evidence e = rate(rb,
                            "A1,welsh,R1,-0,,\nA1,welsh,R2,4.0,,\nA2,teamwork,R1,1,,\n"
                            "A2,teamwork,R2,4.75,,\nA3,teamwork,R1,+5,,\n");
    CHECK(e.ratings[0].score == 0.0);
    CHECK_FALSE(std::signbit(e.ratings[0].score));
    CHECK(e.ratings[1].score == 4.0);
    CHECK(e.ratings[3].score == 4.75);
    CHECK(e.ratings[4].score == 5.0);
}

TEST_CASE("ratings: a header alone gives no ratings, and columns may be just the four",
          "[evidence]") {
    const Rulebook rb = rulebook();
    CHECK(rate(rb, "").ratings.empty());
    Evidence e = three_applicants(rb);
    parse_ratings_csv(rb, e, "applicant_id,criterion,assessor,score\r\nA1,teamwork,R1,2", "r.csv");
    REQUIRE(e.ratings.size() == 1);
    CHECK(e.ratings[0].score == 2.0);
}

TEST_CASE("ratings: unknown ids and bad values", "[evidence]") {
    const Rulebook rb = rulebook();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"A9,communication,R1,4,,\n",
         "ratings.csv:2:1: error: unknown applicant 'A9' (not in applicants.csv)"},
        {",communication,R1,4,,\n", "ratings.csv:2:1: error: empty applicant_id"},
        {"A1,comunication,R1,4,,\n",
         "ratings.csv:2:2: error: unknown criterion 'comunication' (rulebook 'test-pcso' has: "
         "communication, teamwork, welsh, we_analyse_critically)"},
        {"A1, ,R1,4,,\n", "ratings.csv:2:2: error: empty criterion"},
        {"A1,teamwork,,4,,\n", "ratings.csv:2:3: error: empty assessor"},
        {"A1,communication,R1,,listens;smiles,\n",
         "ratings.csv:2:5: error: unknown indicator 'smiles' for criterion 'communication' (it "
         "has: listens, speaks_clearly, adapts)"},
        {"A1,teamwork,R1,3,listens,\n",
         "ratings.csv:2:5: error: indicators 'listens' given for criterion 'teamwork', which has "
         "none"},
        {"A1,communication,R1,,listens;listens,\n",
         "ratings.csv:2:5: error: indicator 'listens' is listed twice"},
        {"A1,communication,R1,7,,\n",
         "ratings.csv:2:4: error: score 7 for criterion 'communication' is off its scale (1 to 5)"},
        {"A1,communication,R1,0,,\n",
         "ratings.csv:2:4: error: score 0 for criterion 'communication' is off its scale (1 to 5)"},
        {"A1,welsh,R1,4.5,,\n",
         "ratings.csv:2:4: error: score 4.5 for criterion 'welsh' is off its scale (0 to 4)"},
        {"A1,welsh,R1,-1,,\n",
         "ratings.csv:2:4: error: score -1 for criterion 'welsh' is off its scale (0 to 4)"},
        {"A1,communication,R1,,,\n",
         "ratings.csv:2:4: error: no score and no indicators for criterion 'communication'"},
        {"A1,communication,R1,, ; ,\n",
         "ratings.csv:2:4: error: no score and no indicators for criterion 'communication'"},
        {"A1,communication,R1,not_applicable,listens,\n",
         "ratings.csv:2:4: error: indicators given with score 'not_applicable' (indicators go "
         "with a number, or alone)"},
        {"A1,communication,R1,not_evidenced,adapts,\n",
         "ratings.csv:2:4: error: indicators given with score 'not_evidenced' (indicators go with "
         "a number, or alone)"},
        {"A1,communication,R1,4,,\nA1,communication,R2,4,,,\n",
         "ratings.csv:3:7: error: this row has 7 fields but the header has 6"},
    };
    for (const auto& [rows, expected] : cases) {
        INFO(rows);
        CHECK(rating_error(rb, rows) == expected);
    }
}

TEST_CASE("ratings: scores that are not numbers or words", "[evidence]") {
    const Rulebook rb = rulebook();
    const std::string tail =
        "' is not a number or one of not_evidenced, not_assessed, not_applicable";
    for (const std::string bad : {"abc", "nan", "NaN", "inf", "1e309", "3,5", "1,000", "4/5",
                                  "not evidenced", "n/a", "0x3", "four"}) {
        INFO(bad);
        CHECK(rating_error(rb, "A1,communication,R1,\"" + bad + "\",,\n") ==
              "ratings.csv:2:4: error: score '" + bad + tail);
    }
}

TEST_CASE("ratings: unknown criterion lists the first six ids", "[evidence]") {
    Rulebook rb = rulebook();
    for (int i = 0; i < 5; ++i)
        rb.criteria.push_back(criterion("extra_" + std::to_string(i), Group::Desirable, "sift5"));
    CHECK(rating_error(rb, "A1,x,R1,4,,\n") ==
          "ratings.csv:2:2: error: unknown criterion 'x' (rulebook 'test-pcso' has: "
          "communication, teamwork, welsh, we_analyse_critically, extra_0, extra_1 and 3 more)");
}

TEST_CASE("ratings: header errors", "[evidence]") {
    const Rulebook rb = rulebook();
    const auto error = [&](const std::string& text) {
        return error_of([&] {
            Evidence e = three_applicants(rb);
            parse_ratings_csv(rb, e, text, "ratings.csv");
        });
    };
    CHECK(error("") == "ratings.csv: error: empty file: no header");
    CHECK(error("applicant_id,criterion,assessor\nA1,teamwork,R1\n") ==
          "ratings.csv:1: error: missing column 'score' (the header has: 'applicant_id', "
          "'criterion', 'assessor')");
    CHECK(error("applicant_id,criterion,score,assessor,score\n") ==
          "ratings.csv:1:5: error: duplicate column 'score' (also column 3)");
    CHECK(error("applicant_id;criterion;assessor;score\nA1;teamwork;R1;4\n") ==
          "ratings.csv:1: error: missing column 'applicant_id' (the header has: "
          "'applicant_id;criterion;assessor;score'); the fields seem to be separated by ';': "
          "save the file as CSV with commas");
    CHECK(error("applicant_id\tcriterion\tassessor\tscore\n") ==
          "ratings.csv:1: error: missing column 'applicant_id' (the header has: "
          "'applicant_id\\x09criterion\\x09assessor\\x09score'); the fields seem to be separated "
          "by tabs: save the file as CSV with commas");
}

TEST_CASE("ratings: duplicate rows name the earlier line", "[evidence]") {
    const Rulebook rb = rulebook();
    CHECK(rating_error(rb,
                       "A1,communication,R1,4,,\nA1,teamwork,R1,4,,\nA1,communication,R1,3,,\n") ==
          "ratings.csv:4: error: duplicate rating of criterion 'communication' for applicant 'A1' "
          "by assessor 'R1' (first at line 2)");
    CHECK(rating_error(rb, "A2,welsh,R2,not_assessed,,\nA2,welsh,R2,not_assessed,,\n") ==
          "ratings.csv:3: error: duplicate rating of criterion 'welsh' for applicant 'A2' by "
          "assessor 'R2' (first at line 2)");
}

TEST_CASE("ratings: a score and not_applicable for one criterion conflict", "[evidence]") {
    const Rulebook rb = rulebook();
    CHECK(rating_error(rb, "A1,welsh,R1,not_applicable,,\nA2,welsh,R1,2,,\nA1,welsh,R2,3,,\n") ==
          "ratings.csv:4: error: conflicting ratings of criterion 'welsh' for applicant 'A1': "
          "not_applicable from assessor 'R1' (line 2) but a score from assessor 'R2' (line 4)");
    CHECK(rating_error(rb, "A1,welsh,R1,,reads,\nA1,welsh,R2,not_applicable,,\n") ==
          "ratings.csv:3: error: conflicting ratings of criterion 'welsh' for applicant 'A1': "
          "a score from assessor 'R1' (line 2) but not_applicable from assessor 'R2' (line 3)");
    CHECK(rating_error(rb, "A1,welsh,R1,not_evidenced,,\nA1,welsh,R2,NOT_APPLICABLE,,\n") ==
          "ratings.csv:3: error: conflicting ratings of criterion 'welsh' for applicant 'A1': "
          "not_evidenced from assessor 'R1' (line 2) but not_applicable from assessor 'R2' "
          "(line 3)");
    // not_assessed conflicts with nothing; not_applicable may come from several.
    CHECK(rating_error(rb,
                       "A1,welsh,R1,not_assessed,,\nA1,welsh,R2,not_applicable,,\n"
                       "A1,welsh,R3,not_applicable,,\nA1,teamwork,R1,not_assessed,,\n"
                       "A1,teamwork,R2,4,,\n") == "no error");
}

TEST_CASE("ratings: the error on the lowest line is reported", "[evidence]") {
    const Rulebook rb = rulebook();
    // A duplicate (found after the rows are read) before a bad score.
    CHECK(rating_error(rb, "A1,teamwork,R1,4,,\nA1,teamwork,R1,4,,\nA1,teamwork,R2,9,,\n") ==
          "ratings.csv:3: error: duplicate rating of criterion 'teamwork' for applicant 'A1' by "
          "assessor 'R1' (first at line 2)");
    // A bad score before a duplicate.
    CHECK(rating_error(rb, "A1,teamwork,R2,9,,\nA1,teamwork,R1,4,,\nA1,teamwork,R1,4,,\n") ==
          "ratings.csv:2:4: error: score 9 for criterion 'teamwork' is off its scale (1 to 5)");
}

TEST_CASE("ratings: errors have specific codes", "[evidence]") {
    const Rulebook rb = rulebook();
    const auto code = [&](const std::string& rows) {
        try {
            (void)rate(rb, rows);
        } catch (const EvidenceError& e) {
            return e.code();
        }
        FAIL("no error");
        return ErrorCode::InvalidArgument;
    };
    CHECK(code("A9,teamwork,R1,4,,\n") == ErrorCode::NotFound);
    CHECK(code("A1,teamworks,R1,4,,\n") == ErrorCode::NotFound);
    CHECK(code("A1,teamwork,R1,6,,\n") == ErrorCode::OutOfRange);
    CHECK(code("A1,teamwork,R1,x,,\n") == ErrorCode::InvalidArgument);
    CHECK(code("A1,teamwork,R1,4,,\nA1,teamwork,R1,4,,\n") == ErrorCode::AlreadyExists);
    CHECK(code("A1,teamwork,R1,4,,\nA1,teamwork,R2,not_applicable,,\n") ==
          ErrorCode::FailedPrecondition);
}

TEST_CASE("ratings: read once, and a failed read leaves the evidence as it was", "[evidence]") {
    const Rulebook rb = rulebook();
    Evidence e = three_applicants(rb);
    const Evidence before = e;
    CHECK(error_of([&] { parse_ratings_csv(rb, e, ratings_header + "A1,x,R1,4,,\n", "r.csv"); }) !=
          "no error");
    CHECK(e == before);
    parse_ratings_csv(rb, e, ratings_header + "A1,teamwork,R1,4,,\n", "first.csv");
    CHECK(error_of([&] { parse_ratings_csv(rb, e, ratings_header, "second.csv"); }) ==
          "second.csv: error: ratings were already read from first.csv; give all ratings in one "
          "file");
}

#if defined(SHORTLIST_WITH_XLSX)
TEST_CASE("workbooks: messages cite other rows as sheet rows, and quote values as given",
          "[evidence][xlsx]") {
    // docs/excel.md: a cell with a line break spans two lines of the CSV text
    // the loader reads, so line n is no longer row n; a message citing an
    // earlier row names its row, and a value that reads "line 2" stays so.
    const Rulebook rb = rulebook();
    const auto dir = std::filesystem::path(SHORTLIST_BINARY_DIR) / "tests" / "workbook_rows";
    std::filesystem::create_directories(dir);
    const std::filesystem::path book = dir / "book.xlsx";
    Worksheet applicants;
    applicants.name = "Applicants";
    applicants.header = {"applicant_id", "full_driving_licence", "bleep_test_level",
                         "vetting",      "qualification",        "age",
                         "notes"};
    const auto row = [](std::string id, std::string vetting, std::string qualification,
                        std::string notes) {
        return std::vector<CellValue>{
            std::move(id),      std::string("yes"),       std::string("5.4"),
            std::move(vetting), std::move(qualification), 30.0,
            std::move(notes)};
    };
    const std::string sheet = book.string() + "#Applicants";
    const auto load = [&] { (void)load_evidence(rb, sheet, std::nullopt); };

    applicants.rows = {row("A1", "line 2", "nvq2", "")};
    write_xlsx(book, {{applicants}});
    CHECK(error_of(load) == sheet +
                                "!D2: error: column 'vetting': 'line 2' is not one of none, "
                                "RV, CTC, SC, DV");
    applicants.rows = {row("A1", "RV", "line 2", "")};
    write_xlsx(book, {{applicants}});
    CHECK(error_of(load) == sheet +
                                "!E2: error: column 'qualification': 'line 2' is not one of "
                                "none, nvq2, nvq3");

    // Row 2 is lines 2 and 3 of the text; row 4 (line 5) repeats it.
    applicants.rows = {row("line 3", "RV", "nvq2", "two\nlines"), row("A2", "RV", "nvq2", ""),
                       row("line 3", "RV", "nvq2", "")};
    write_xlsx(book, {{applicants}});
    CHECK(error_of(load) == sheet + "!A4: error: duplicate applicant_id 'line 3' (first at row 2)");

    applicants.rows = {row("A1", "RV", "nvq2", ""), row("A2", "RV", "nvq2", "")};
    Worksheet ratings;
    ratings.name = "Ratings";
    ratings.header = {"applicant_id", "criterion", "assessor", "score", "indicators", "comment"};
    ratings.rows = {
        {std::string("A1"),
         std::string("teamwork"),
         std::string("R1"),
         4.0,
         {},
         std::string("one\ntwo\nthree")},
        {std::string("A2"),
         std::string("teamwork"),
         std::string("R1"),
         std::string("line 2"),
         {},
         {}},
    };
    write_xlsx(book, {{applicants, ratings}});
    const std::string rated = book.string() + "#Ratings";
    CHECK(error_of([&] { (void)load_evidence(rb, sheet, rated); }) ==
          rated +
              "!D3: error: score 'line 2' is not a number or one of not_evidenced, "
              "not_assessed, not_applicable");
    ratings.rows[1] = ratings.rows[0];
    ratings.rows[1][5] = std::monostate{};
    ratings.rows.push_back({std::string("A1"),
                            std::string("teamwork"),
                            std::string("R2"),
                            std::string("not_applicable"),
                            {},
                            {}});
    write_xlsx(book, {{applicants, ratings}});
    CHECK(error_of([&] { (void)load_evidence(rb, sheet, rated); }) ==
          rated +
              "!3:3: error: duplicate rating of criterion 'teamwork' for applicant 'A1' by "
              "assessor 'R1' (first at row 2)");
    ratings.rows.erase(ratings.rows.begin() + 1);
    write_xlsx(book, {{applicants, ratings}});
    CHECK(error_of([&] { (void)load_evidence(rb, sheet, rated); }) ==
          rated +
              "!3:3: error: conflicting ratings of criterion 'teamwork' for applicant 'A1': "
              "a score from assessor 'R1' (row 2) but not_applicable from assessor 'R2' (row "
              "3)");
}
#endif

TEST_CASE("ratings: load_evidence of a large mapped file gives what the text gives", "[evidence]") {
    // Over 8 MiB: parsed in two halves on two threads, each letting its pages
    // of the mapped file go every few MiB (MappedFile::release); the result
    // must be the same as parsing the bytes from memory in one pass.
    const Rulebook rb = rulebook();
    std::string applicants = applicants_header, ratings = ratings_header;
    for (int i = 0; i < 40000; ++i) {
        const std::string id = "A" + std::to_string(i);
        applicants += id + ",yes,5.4,RV,nvq2,30,\n";
        for (const char* c : {"communication", "teamwork", "we_analyse_critically"})
            for (const char* who : {"R1", "R2"})
                ratings += id + ',' + c + ',' + who + ',' + std::to_string(1 + (i + who[1]) % 5) +
                           ",,a comment long enough to make the file large\n";
    }
    REQUIRE(ratings.size() > (std::size_t{8} << 20));
    const auto dir = std::filesystem::path(SHORTLIST_BINARY_DIR) / "tests" / "large_ratings";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "applicants.csv", std::ios::binary) << applicants;
    std::ofstream(dir / "ratings.csv", std::ios::binary) << ratings;
    const Evidence loaded = load_evidence(rb, dir / "applicants.csv", dir / "ratings.csv");
    Evidence parsed = parse_applicants_csv(rb, applicants, (dir / "applicants.csv").string());
    detail::parse_ratings(rb, parsed, ratings, (dir / "ratings.csv").string(), false);
    CHECK(loaded.ratings.size() == 240000);
    CHECK(loaded.comments.size() == 240000);
    CHECK(loaded == parsed);
}

TEST_CASE("load_evidence passes every byte of both files to the sinks, in order", "[evidence]") {
    // The audit hashes the files from these bytes: whatever the split of the
    // parse (one thread for the small file, two for the large one, whose head
    // thread passes the tail after its own rows), the sink must see the file
    // exactly: BOM, header, CRLF and a last line without a line break included.
    const Rulebook rb = rulebook();
    const std::string bom = "\xEF\xBB\xBF";
    std::string applicants = bom + applicants_header, small = bom + ratings_header;
    std::string large = ratings_header;
    for (int i = 0; i < 40000; ++i) {
        const std::string id = "A" + std::to_string(i);
        applicants += id + ",yes,5.4,RV,nvq2,30,\r\n";
        for (const char* c : {"communication", "teamwork", "we_analyse_critically"})
            for (const char* who : {"R1", "R2"})
                large += id + ',' + c + ',' + who + ',' + std::to_string(1 + (i + who[1]) % 5) +
                         ",,\"a comment, quoted\"\r\n";
    }
    large.pop_back();  // the last line ends without a line break
    large.pop_back();
    small += "A1,teamwork,R1,3,,\r\nA2,teamwork,R1,2,,\"two\nlines\"\r\nA3,teamwork,R2,4,,";
    REQUIRE(large.size() > (std::size_t{8} << 20));
    const auto dir = std::filesystem::path(SHORTLIST_BINARY_DIR) / "tests" / "sink_ratings";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "applicants.csv", std::ios::binary) << applicants;
    for (const std::string* ratings : {&small, &large}) {
        std::ofstream(dir / "ratings.csv", std::ios::binary | std::ios::trunc) << *ratings;
        std::string seen_applicants, seen_ratings;
        std::size_t calls = 0;
        LoadOptions options;
        options.applicants_bytes = [&](std::string_view b) { seen_applicants += b; };
        options.ratings_bytes = [&](std::string_view b) {
            seen_ratings += b;
            ++calls;
        };
        const Evidence e = load_evidence(rb, dir / "applicants.csv", dir / "ratings.csv", options);
        CHECK(seen_applicants == applicants);
        CHECK(seen_ratings == *ratings);  // not CHECK'ed byte by byte: 12 MB
        CHECK(e == load_evidence(rb, dir / "applicants.csv", dir / "ratings.csv"));
        if (ratings == &large)
            CHECK(calls > 2);  // in parts, as parsed
    }
}

TEST_CASE("load_evidence gives the sink nothing more after a bad row", "[evidence]") {
    const Rulebook rb = rulebook();
    const auto dir = std::filesystem::path(SHORTLIST_BINARY_DIR) / "tests" / "sink_bad";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "applicants.csv", std::ios::binary)
        << applicants_header << "A1,yes,5.4,RV,nvq2,30,\n";
    std::ofstream(dir / "ratings.csv", std::ios::binary)
        << ratings_header << "A1,teamwork,R1,3,,\nA1,teamwork,R2,nine,,\n";
    std::string seen;
    LoadOptions options;
    options.ratings_bytes = [&](std::string_view b) { seen += b; };
    CHECK_THROWS_AS(load_evidence(rb, dir / "applicants.csv", dir / "ratings.csv", options),
                    EvidenceError);
    CHECK(seen == ratings_header);  // the header; the rows' bytes only once all parse
}

TEST_CASE("ratings: many assessors (beyond the 62 of the bitmask) are checked too", "[evidence]") {
    const Rulebook rb = rulebook();
    std::string rows;
    for (int a = 0; a < 70; ++a)
        rows += "A1,teamwork,R" + std::to_string(a) + ",3,,\n";
    const Evidence e = rate(rb, rows);
    CHECK(e.assessors.size() == 70);
    CHECK(e.assessors[69].value() == "R69");
    CHECK(rating_error(rb, rows + "A1,teamwork,R65,4,,\n") ==
          "ratings.csv:72: error: duplicate rating of criterion 'teamwork' for applicant 'A1' by "
          "assessor 'R65' (first at line 67)");
    CHECK(rating_error(rb, rows + "A1,teamwork,R70,not_applicable,,\n") ==
          "ratings.csv:72: error: conflicting ratings of criterion 'teamwork' for applicant 'A1': "
          "a score from assessor 'R0' (line 2) but not_applicable from assessor 'R70' (line 72)");
}

TEST_CASE("ratings: a rulebook with an unknown scale is a RulebookError", "[evidence]") {
    Rulebook rb = rulebook();
    rb.criteria[1].scale = "nope";
    Evidence e = three_applicants(rb);
    try {
        parse_ratings_csv(rb, e, ratings_header, "ratings.csv");
        FAIL("no error");
    } catch (const RulebookError& err) {
        CHECK(err.message() == "criterion 'teamwork' uses unknown scale 'nope'");
    }
}

TEST_CASE("to_string(RatingKind) and find_applicant", "[evidence]") {
    CHECK(to_string(RatingKind::Score) == "score");
    CHECK(to_string(RatingKind::NotEvidenced) == "not_evidenced");
    CHECK(to_string(RatingKind::NotAssessed) == "not_assessed");
    CHECK(to_string(RatingKind::NotApplicable) == "not_applicable");
    const Evidence e = three_applicants(rulebook());
    CHECK(e.find_applicant("A2") == 1);
    CHECK(e.find_applicant("A4") == Evidence::npos);
}

TEST_CASE("count_lines counts line feeds and spots quotes, at every length", "[evidence]") {
    // Lengths around the 16-byte blocks, and texts long enough for the byte
    // counters to be summed many times (all line feeds: 255 per counter).
    std::uint32_t seed = 7;
    const auto next = [&] {
        seed = seed * 1103515245u + 12345u;
        return seed >> 16;
    };
    std::vector<std::string> texts{"", "\n", "\"", std::string(100000, '\n'),
                                   std::string(4080 * 3 + 7, '\n') + "\""};
    for (std::size_t n = 0; n < 70; ++n) {
        std::string t;
        for (std::size_t i = 0; i < n; ++i)
            t += "ab\n,\"x"[next() % 6];
        texts.push_back(t);
    }
    for (int i = 0; i < 20; ++i) {
        std::string t;
        const std::size_t n = 5000 + next() % 5000;
        for (std::size_t j = 0; j < n; ++j)
            t += next() % 3 == 0 ? '\n' : 'a';
        if (i % 2 == 0)
            t[next() % n] = '"';
        texts.push_back(t);
    }
    for (const std::string& t : texts) {
        INFO("length " << t.size());
        std::size_t lines = 1;
        bool quoted = false;
        for (const char c : t) {
            lines += c == '\n';
            quoted = quoted || c == '"';
        }
        const detail::LineCount count = detail::count_lines(t);
        CHECK(count.lines == lines);
        CHECK(count.quoted == quoted);
    }
}

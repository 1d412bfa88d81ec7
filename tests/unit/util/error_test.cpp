#include <catch2/catch.hpp>

#include "shortlist/error.hpp"

using namespace shortlist;

TEST_CASE("to_string of a location leaves out what is not known", "[error]") {
    CHECK(to_string(SourceLocation{"a.csv", 3, 7}) == "a.csv:3:7");
    CHECK(to_string(SourceLocation{"a.csv", 3, 0}) == "a.csv:3");
    CHECK(to_string(SourceLocation{"a.csv", 0, 0}) == "a.csv");
    CHECK(to_string(SourceLocation{"", 2, 1}) == "<input>:2:1");
}

TEST_CASE("what() reads file:line:col: error: message", "[error]") {
    const EvidenceError e({"ratings.csv", 12, 4}, ErrorCode::OutOfRange,
                          "score 7 is off the scale");
    CHECK(std::string(e.what()) == "ratings.csv:12:4: error: score 7 is off the scale");
    CHECK(e.message() == "score 7 is off the scale");
    CHECK(e.location() == SourceLocation{"ratings.csv", 12, 4});
    CHECK(e.code() == ErrorCode::OutOfRange);
    CHECK(to_string(e.code()) == "OutOfRange");
}

TEST_CASE("an error with several diagnostics lists every one, first first", "[error]") {
    const RulebookError e({{{"r.yaml", 1, 1}, ErrorCode::InvalidArgument, "first"},
                           {{"r.yaml", 9, 2}, ErrorCode::NotFound, "second"}});
    CHECK(std::string(e.what()) == "r.yaml:1:1: error: first\nr.yaml:9:2: error: second");
    CHECK(e.diagnostics().size() == 2);
    CHECK(e.code() == ErrorCode::InvalidArgument);
}

TEST_CASE("an error built from no diagnostics still says something", "[error]") {
    const UsageError e(std::vector<Diagnostic>{});
    CHECK(e.diagnostics().size() == 1);
    CHECK(std::string(e.what()) == "<input>: error: unknown error");
}

TEST_CASE("every kind is caught as shortlist::Error and std::runtime_error", "[error]") {
    CHECK_THROWS_AS(throw RulebookError({}, ErrorCode::InvalidArgument, "x"), Error);
    CHECK_THROWS_AS(throw EvidenceError({}, ErrorCode::InvalidArgument, "x"), std::runtime_error);
    CHECK_THROWS_AS(throw UsageError({}, ErrorCode::InvalidArgument, "x"), Error);
}

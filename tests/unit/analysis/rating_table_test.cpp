// A ratings CSV read into a RatingTable: a large file is read in two parts on
// two threads, which must give the table, and the first error, that reading
// it row by row gives.
#include <catch2/catch.hpp>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "shortlist/analysis/calibration.hpp"
#include "shortlist/error.hpp"

using namespace shortlist;

namespace {

struct Row {
    std::string applicant, criterion, assessor, score;
};

/// Rows enough for a file over 1 MiB (the size read in two parts); the second
/// half brings new criteria and assessors, so their numbers depend on the join.
std::vector<Row> many_rows() {
    std::vector<Row> rows;
    for (std::size_t a = 0; a < 24000; ++a) {
        const bool late = a >= 12000;
        for (std::size_t k = 0; k < 3; ++k)
            rows.push_back({"A" + std::to_string(a),
                            late && a % 7 == 0 ? "late" : "c" + std::to_string(k),
                            (late && k == 2 ? "Q" : "R") + std::to_string((a + k) % 40),
                            std::to_string(1 + (a + k) % 5)});
    }
    return rows;
}

std::string csv_of(const std::vector<Row>& rows) {
    std::string text = "applicant_id,criterion,assessor,score\n";
    for (const auto& r : rows)
        text += r.applicant + "," + r.criterion + "," + r.assessor + "," + r.score + "\n";
    return text;
}

/// Names numbered by first appearance, as the table should number them.
template <class Id>
std::vector<Id> first_seen(const std::vector<Row>& rows, std::string Row::*field) {
    std::vector<Id> names;
    std::map<std::string, bool> seen;
    for (const auto& r : rows)
        if (!seen[r.*field]) {
            seen[r.*field] = true;
            names.emplace_back(r.*field);
        }
    return names;
}

std::string error_of(const std::string& text) {
    try {
        (void)parse_rating_table(text, "big.csv");
    } catch (const EvidenceError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("a large ratings file: names by first appearance, every row at its line",
          "[rating_table]") {
    const auto rows = many_rows();
    const std::string text = csv_of(rows);
    REQUIRE(text.size() > (std::size_t{1} << 20));
    const RatingTable t = parse_rating_table(text, "big.csv");
    CHECK(t.applicants == first_seen<ApplicantId>(rows, &Row::applicant));
    CHECK(t.criteria == first_seen<CriterionId>(rows, &Row::criterion));
    CHECK(t.assessors == first_seen<AssessorId>(rows, &Row::assessor));
    REQUIRE(t.ratings.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); i += 997) {
        const auto& r = t.ratings[i];
        CHECK(t.applicants[r.applicant].value() == rows[i].applicant);
        CHECK(t.criteria[r.criterion].value() == rows[i].criterion);
        CHECK(t.assessors[r.assessor].value() == rows[i].assessor);
        CHECK(r.line == i + 2);
        CHECK(r.score == std::stod(rows[i].score));
    }
}

TEST_CASE("a large ratings file: the first error in the file is the one reported",
          "[rating_table]") {
    auto rows = many_rows();
    rows[60000].score = "x";  // in the second half
    CHECK(error_of(csv_of(rows)) ==
          "big.csv:60002:4: error: score 'x' is not a number or one of "
          "not_evidenced, not_assessed, not_applicable");
    rows[100].score = "y";  // and one in the first
    CHECK(error_of(csv_of(rows)) ==
          "big.csv:102:4: error: score 'y' is not a number or one of "
          "not_evidenced, not_assessed, not_applicable");
}

TEST_CASE("a large ratings file with a quoted field: the same table", "[rating_table]") {
    const auto rows = many_rows();
    std::string text = csv_of(rows);
    const std::string plain = "\nA0,c0,R0,1\n";
    text.replace(text.find(plain), plain.size(), "\n\"A0\",c0,R0,1\n");
    const RatingTable quoted = parse_rating_table(text, "big.csv");
    CHECK(quoted == parse_rating_table(csv_of(rows), "big.csv"));
}

// The CSV and JSON reports: exact bytes.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <locale>
#include <sstream>
#include <string>
#include <vector>

#include "scoring_fixtures.hpp"
#include "shortlist/analysis/bands.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/report.hpp"
#include "shortlist/scorer.hpp"
#include "util/number.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

Rulebook policy(std::optional<std::size_t> top) {
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 2), criterion("c1", Group::Competency, 1)});
    r.shortlist.top = top;
    return r;
}

std::string csv(const Rulebook& r, const Shortlist& s) {
    std::ostringstream out;
    write_csv(out, r, s);
    return out.str();
}

std::string json(const Rulebook& r, const Shortlist& s, bool explain) {
    std::ostringstream out;
    ReportOptions options;
    options.explain = explain;
    write_json(out, r, s, options);
    return out.str();
}

/// A: shortlisted, with a condition, a not-applicable criterion and a
/// breakdown. B: not eligible.
Shortlist sample() {
    Outcome a = outcome("A", 68.75);
    a.groups = {2.5 / 3, 0.25, std::nullopt};
    a.conditions = {"Obtain Welsh Level 2 within 12 months of appointment"};
    a.notes = {"not_applicable: criterion 'c1' left out of the weights"};
    CriterionResult e1;
    e1.id = CriterionId("e1");
    e1.status = CriterionStatus::Scored;
    e1.raw = 5;
    e1.normalised = 1;
    e1.weight = 2;
    e1.effective_weight = 0.5;
    e1.contribution = 50;
    e1.assessors = 1;
    e1.indicators_ticked = {"listens"};
    CriterionResult c1;
    c1.id = CriterionId("c1");
    c1.group = Group::Competency;
    c1.status = CriterionStatus::NotApplicable;
    c1.weight = 1;
    a.criteria = {e1, c1};
    Outcome b = outcome("B", 20);
    b.failed_gates = {gate(GateFailure::Kind::Eligibility, "licence", "not met: Full licence")};
    return select(policy(1), {b, a});
}

/// A decimal comma and thousands grouping: what a German locale would do to
/// numbers written through the stream.
struct CommaDecimal : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
};

}  // namespace

TEST_CASE("CSV: header, 6-decimal numbers, empty cells for what is not there", "[report]") {
    const Shortlist s = sample();
    CHECK(csv(policy(1), s) ==
          "rank,applicant_id,status,total,essential,desirable,competency,conditions,reasons\n"
          "1,A,shortlisted,68.750000,83.333333,25.000000,,Obtain Welsh Level 2 within 12 months "
          "of appointment,ranked 1 of 1 eligible; within the top 1; not_applicable: criterion "
          "'c1' left out of the weights\n"
          ",B,not_eligible,20.000000,,,,,not met: Full licence\n");
}

TEST_CASE("CSV: RFC 4180 quoting and formula injection neutralised", "[report]") {
    const auto [id, cell] = GENERATE(table<std::string, std::string>({
        {"A-1", "A-1"},
        {"a=b", "a=b"},  // only a leading character is dangerous
        {"=1+2", "'=1+2"},
        {"+44 7700 900000", "'+44 7700 900000"},
        {"-1", "'-1"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"Smith, J", "\"Smith, J\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"a\nb", "\"a\nb\""},
        {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
    }));
    INFO(id);
    const Shortlist s = select(policy(std::nullopt), {outcome(id, 10)});
    const std::string text = csv(policy(std::nullopt), s);
    const std::string header =
        "rank,applicant_id,status,total,essential,desirable,competency,conditions,reasons\n";
    CHECK(text == header + "1," + cell +
                      ",shortlisted,10.000000,,,,,ranked 1 of 1 eligible; no shortlist size "
                      "is set: every eligible applicant is shortlisted\n");
}

TEST_CASE("CSV: reasons and conditions are quoted and neutralised too", "[report]") {
    Outcome a = outcome("A", 10);
    a.conditions = {"-start within 3 months", "then, \"probation\""};
    const Shortlist s = select(policy(std::nullopt), {a});
    const std::string text = csv(policy(std::nullopt), s);
    CHECK(text.substr(text.find('\n') + 1) ==
          "1,A,shortlisted,10.000000,,,,\"'-start within 3 months; then, \"\"probation\"\"\","
          "ranked 1 of 1 eligible; no shortlist size is set: every eligible applicant is "
          "shortlisted\n");
}

TEST_CASE("reports do not depend on the stream's locale", "[report]") {
    const Shortlist s = sample();
    std::ostringstream csv_out;
    std::ostringstream json_out;
    csv_out.imbue(std::locale(std::locale::classic(), new CommaDecimal));
    json_out.imbue(std::locale(std::locale::classic(), new CommaDecimal));
    write_csv(csv_out, policy(1), s);
    write_json(json_out, policy(1), s, {true});
    CHECK(csv_out.str() == csv(policy(1), s));
    CHECK(json_out.str() == json(policy(1), s, true));
}

TEST_CASE("JSON: the documented shape, byte for byte", "[report]") {
    const std::string expected = R"({
  "rulebook": {
    "id": "fixture",
    "version": "1.0",
    "aggregation": "weighted_mean"
  },
  "top": 1,
  "shortlisted": 1,
  "applicants": [
    {
      "rank": 1,
      "applicant_id": "A",
      "status": "shortlisted",
      "total": 68.750000,
      "groups": {
        "essential": 83.333333,
        "desirable": 25.000000,
        "competency": null
      },
      "conditions": [
        "Obtain Welsh Level 2 within 12 months of appointment"
      ],
      "reasons": [
        "ranked 1 of 1 eligible; within the top 1",
        "not_applicable: criterion 'c1' left out of the weights"
      ],
      "failed_gates": [],
      "criteria": [
        {
          "id": "e1",
          "group": "essential",
          "status": "scored",
          "raw": 5.000000,
          "normalised": 1.000000,
          "weight": 2,
          "effective_weight": 0.500000,
          "contribution": 50.000000,
          "assessors": 1,
          "indicators_ticked": [
            "listens"
          ]
        },
        {
          "id": "c1",
          "group": "competency",
          "status": "not_applicable",
          "raw": null,
          "normalised": 0.000000,
          "weight": 1,
          "effective_weight": 0.000000,
          "contribution": 0.000000,
          "assessors": 0,
          "indicators_ticked": []
        }
      ]
    },
    {
      "rank": null,
      "applicant_id": "B",
      "status": "not_eligible",
      "total": 20.000000,
      "groups": {
        "essential": null,
        "desirable": null,
        "competency": null
      },
      "conditions": [],
      "reasons": [
        "not met: Full licence"
      ],
      "failed_gates": [
        {
          "kind": "eligibility",
          "id": "licence",
          "message": "not met: Full licence"
        }
      ],
      "criteria": []
    }
  ]
}
)";
    CHECK(json(policy(1), sample(), true) == expected);
}

TEST_CASE("JSON: the breakdown only with explain, and no top is null", "[report]") {
    const Shortlist s = select(policy(std::nullopt), {outcome("x\"y", 10)});
    const std::string text = json(policy(std::nullopt), s, false);
    CHECK(text.find("\"criteria\"") == std::string::npos);
    CHECK(text.find("\"top\": null,\n") != std::string::npos);
    CHECK(text.find("\"applicant_id\": \"x\\\"y\",\n") != std::string::npos);
    CHECK(json(policy(1), sample(), true) == json(policy(1), sample(), true));
}

TEST_CASE("options own the bands and what-it-takes they add", "[report]") {
    const Rulebook r = policy(1);
    const Shortlist s = sample();
    auto with_extras = [&] {
        ReportOptions o;
        o.what_it_takes = std::vector<WhatItTakes>(s.entries.size());
        o.bands = band(s, BandOptions{});
        return o;  // the results it was made from are gone
    };
    const ReportOptions options = with_extras();
    const ReportOptions copy = options;
    CHECK(copy == options);
    std::ostringstream json_out, csv_out;
    write_json(json_out, r, s, copy);
    write_csv(csv_out, r, s, copy);
    CHECK(json_out.str().find("\"what_it_takes\": {") != std::string::npos);
    CHECK(json_out.str().find("\"bands\": {") != std::string::npos);
    CHECK(csv_out.str().find(",band,band_boundary,margin,") != std::string::npos);
    std::ostringstream plain;
    write_csv(plain, r, s);
    CHECK(plain.str().find("band") == std::string::npos);
}

TEST_CASE("CSV: negative zero, tiny negatives and large batches print as the numbers do",
          "[report]") {
    // -0 and a negative that rounds to zero print without a sign; a batch
    // larger than the writer's buffer comes out whole and in order.
    std::vector<Outcome> outcomes;
    Outcome z = outcome("Z", -0.0);
    z.groups = {-1e-9, 0.5, std::nullopt};
    outcomes.push_back(z);
    for (int i = 0; i < 20000; ++i)
        outcomes.push_back(outcome("P" + std::to_string(i), 50 + (i % 7) * 1e-6));
    const Rulebook r = policy(std::nullopt);
    const Shortlist s = select(r, outcomes);
    const std::string text = csv(r, s);
    std::size_t lines = 0;
    for (const char c : text)
        lines += c == '\n';
    CHECK(lines == 20002);  // header, Z and 20000 others
    // Every row in the shortlist's order (formatted on two threads, in parts).
    std::size_t at = text.find('\n') + 1, wrong = 0;
    for (const ShortlistEntry& e : s.entries) {
        const std::size_t id = text.find(',', at) + 1;
        wrong += text.compare(id, text.find(',', id) - id, s.outcomes[e.outcome].id.view()) != 0;
        at = text.find('\n', at) + 1;
    }
    CHECK(wrong == 0);
    CHECK(at == text.size());
    CHECK(text.find("\n20001,Z,shortlisted,0.000000,0.000000,50.000000,,,ranked 20001 of 20001 "
                    "eligible; no shortlist size is set: every eligible applicant is "
                    "shortlisted\n") != std::string::npos);
    CHECK(text.find("-0") == std::string::npos);
    CHECK(text.rfind("shortlisted\n") == text.size() - 12);
}

TEST_CASE("CSV: every total is written as detail::format_fixed writes it", "[report]") {
    // Hand-picked: signs, -0, ties (0.0078125 = 2^-7 is 7812.5 millionths,
    // written 0.007812: ties go to even), the limits of the fast path, NaN.
    std::vector<double> totals{-0.0,
                               -1e-9,
                               -4e-7,
                               -5.1e-7,
                               1e-7,
                               99.9999995,
                               12345.678901,
                               2.5e-300,
                               1e300,
                               -3.25,
                               0.0078125,
                               0.0234375,
                               -0.0078125,
                               4.9406564584124654e-324,
                               9.19e12,
                               9.3e12,
                               std::numeric_limits<double>::quiet_NaN(),
                               std::numeric_limits<double>::infinity(),
                               0.5e-6,
                               1.5e-6};
    // And many more: random numbers over every exponent a score could have,
    // and numbers a few ulps from a rounding boundary.
    std::uint64_t state = 88172645463325252u;
    const auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int i = 0; i < 3000; ++i) {
        const int e = static_cast<int>(next() % 70) - 40;  // 1e-40 .. 1e30
        const double mantissa = static_cast<double>(next() % 1000000007u) / 1000000007.0;
        totals.push_back((next() & 1 ? -1 : 1) * mantissa * std::pow(10.0, e));
        double boundary = static_cast<double>(next() % 100000000u) / 1e6 + 5e-7;
        for (int k = static_cast<int>(next() % 4); k > 0; --k)
            boundary = std::nextafter(boundary, next() & 1 ? 0.0 : 1e9);
        totals.push_back(boundary);
    }
    std::vector<Outcome> outcomes;
    for (std::size_t i = 0; i < totals.size(); ++i) {
        Outcome o = outcome("T" + std::to_string(i), totals[i]);
        o.failed_gates = {gate(GateFailure::Kind::PassMark, "pass_mark", "below")};
        outcomes.push_back(o);
    }
    const Rulebook r = policy(std::nullopt);
    const std::string text = csv(r, select(r, outcomes));
    // Each row: ",T<i>,not_eligible,<total>,...".
    std::vector<std::string> written(totals.size());
    for (std::size_t at = text.find("\n,T"); at != std::string::npos;
         at = text.find("\n,T", at + 1)) {
        const std::size_t id_end = text.find(',', at + 3);
        const std::size_t i = std::stoul(text.substr(at + 3, id_end - at - 3));
        const std::size_t total = text.find(',', id_end + 1) + 1;
        written.at(i) = text.substr(total, text.find(',', total) - total);
    }
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < totals.size(); ++i) {
        if (written[i] != detail::format_fixed(totals[i], 6) && ++mismatches <= 5)
            FAIL_CHECK("total " << std::hexfloat << totals[i] << " written as " << written[i]
                                << ", not " << detail::format_fixed(totals[i], 6));
    }
    CHECK(mismatches == 0);
}

namespace {

/// The example applicants scored against a shipped rulebook, from the files,
/// to CSV and explained JSON: every step that reads or writes a number.
std::string pipeline() {
    const std::filesystem::path src(SHORTLIST_SOURCE_DIR);
    const Rulebook r = load_rulebook(src / "rules" / "staffordshire_pcso.yaml");
    const Evidence e =
        load_evidence(r, src / "examples" / "data" / "applicants.csv",
                      src / "examples" / "data" / "ratings" / "staffordshire-pcso.csv");
    const Scorer scorer(r);
    const Shortlist s = select(scorer.rulebook(), scorer.score(e), 10);
    std::ostringstream out;
    write_csv(out, scorer.rulebook(), s);
    write_json(out, scorer.rulebook(), s, {true});
    out << to_json(scorer.rulebook());
    return out.str();
}

}  // namespace

TEST_CASE("the pipeline gives the same bytes under a decimal-comma global locale", "[report]") {
    // As if the program had run std::locale::global(std::locale("de_DE.UTF-8")):
    // every stream made from here on formats 3.5 as "3,5" and 1000 as "1.000".
    // The locale is built in the test (a numpunct facet), so that it does not
    // depend on the locales this machine has generated.
    const std::string classic = pipeline();
    REQUIRE(classic.find("98.560430") != std::string::npos);  // a total with decimals
    const std::locale previous =
        std::locale::global(std::locale(std::locale::classic(), new CommaDecimal));
    std::ostringstream probe;
    probe << 3.5 << ' ' << 1000;
    CHECK(probe.str() == "3,5 1.000");  // the locale is in force
    std::string comma;
    try {
        comma = pipeline();
    } catch (...) {
        std::locale::global(previous);
        throw;
    }
    std::locale::global(previous);
    CHECK(comma == classic);
}

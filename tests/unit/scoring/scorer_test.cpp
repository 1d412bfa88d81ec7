// The scorer's formulas, each checked against a hand computation written out
// beside it (docs/scoring.md). Eligibility conditions are tested in
// scoring_conditions_test.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "scoring_fixtures.hpp"
#include "shortlist/scorer.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

constexpr double eps = 1e-12;

const CriterionResult& result(const Outcome& o, std::string_view id) {
    for (const auto& c : o.criteria) {
        if (c.id.view() == id)
            return c;
    }
    throw std::logic_error("no criterion " + std::string(id));
}

std::vector<std::string> messages(const Outcome& o) {
    std::vector<std::string> m;
    for (const auto& g : o.failed_gates)
        m.push_back(g.message);
    return m;
}

/// e1 (w 2) and e2 (w 1) essential, d1 (w 1) desirable, e3 essential with
/// weight 0; group weights essential 3, desirable 1, competency 1 (no
/// competency criteria, so that group never has a score).
Rulebook two_groups(Aggregation aggregation) {
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 2), criterion("e2", Group::Essential, 1),
                  criterion("e3", Group::Essential, 0), criterion("d1", Group::Desirable, 1)},
                 {3, 1, 1});
    r.aggregation = aggregation;
    return r;
}

/// A: e1 5, e2 3, d1 2 (s = 1, 0.5, 0.25). B: e1 1, e2 5, d1 5 (s = 0, 1, 1).
/// Both score e3 1 (s = 0), which must change nothing: its weight is 0.
Evidence two_groups_evidence(const Rulebook& r) {
    Evidence e = evidence(r, {"A", "B"});
    rate(e, r, 0, "e1", 5);
    rate(e, r, 0, "e2", 3);
    rate(e, r, 0, "d1", 2);
    rate(e, r, 0, "e3", 1);
    rate(e, r, 1, "e1", 1);
    rate(e, r, 1, "e2", 5);
    rate(e, r, 1, "d1", 5);
    rate(e, r, 1, "e3", 1);
    return e;
}

}  // namespace

TEST_CASE("weighted mean over two groups with unequal weights", "[scorer]") {
    const Rulebook r = two_groups(Aggregation::WeightedMean);
    const auto out = Scorer(r).score(two_groups_evidence(r));
    REQUIRE(out.size() == 2);

    // A: G_ess = (2·1 + 1·0.5 + 0·0) / (2 + 1 + 0) = 2.5/3; G_des = 0.25;
    //    total = 100 × (3 · 2.5/3 + 1 · 0.25) / (3 + 1) = 100 × 2.75/4 = 68.75.
    const Outcome& a = out[0];
    CHECK(a.id == ApplicantId("A"));
    CHECK(a.index == 0);
    CHECK(*a.groups[0] == Approx(2.5 / 3).epsilon(eps));
    CHECK(*a.groups[1] == Approx(0.25).epsilon(eps));
    CHECK_FALSE(a.groups[2].has_value());
    CHECK(a.total == 68.75);
    // Effective weights: e1 2/3 × 3/4 = 0.5, e2 1/3 × 3/4 = 0.25, d1 1 × 1/4;
    // contributions 100 × e × s: 50 + 12.5 + 0 + 6.25 = 68.75.
    CHECK(result(a, "e1").effective_weight == Approx(0.5).epsilon(eps));
    CHECK(result(a, "e2").effective_weight == Approx(0.25).epsilon(eps));
    CHECK(result(a, "e3").effective_weight == 0);
    CHECK(result(a, "d1").effective_weight == Approx(0.25).epsilon(eps));
    CHECK(result(a, "e1").contribution == Approx(50).epsilon(eps));
    CHECK(result(a, "e2").contribution == Approx(12.5).epsilon(eps));
    CHECK(result(a, "e3").contribution == 0);
    CHECK(result(a, "d1").contribution == Approx(6.25).epsilon(eps));
    CHECK(result(a, "e2").raw == 3.0);
    CHECK(result(a, "e2").normalised == Approx(0.5).epsilon(eps));
    CHECK(result(a, "e2").weight == 1);
    CHECK(result(a, "d1").group == Group::Desirable);
    CHECK(a.failed_gates.empty());
    CHECK(a.passes_essential_gates);

    // B: G_ess = (2·0 + 1·1) / 3 = 1/3; G_des = 1;
    //    total = 100 × (3 · 1/3 + 1 · 1) / 4 = 50.
    const Outcome& b = out[1];
    CHECK(*b.groups[0] == Approx(1.0 / 3).epsilon(eps));
    CHECK(*b.groups[1] == 1);
    CHECK(b.total == 50);
}

TEST_CASE("weighted geometric mean, with a zero", "[scorer]") {
    const Rulebook r = two_groups(Aggregation::WeightedGeometricMean);
    const auto out = Scorer(r).score(two_groups_evidence(r));

    // A: G_ess = exp((2 ln 1 + 1 ln 0.5) / 3) = 0.5^(1/3); G_des = 0.25;
    //    total = 100 × G_ess^(3/4) × G_des^(1/4) = 100 × 0.5^(1/4) × 0.25^(1/4)
    //          = 100 × 2^(-3/4) = 59.46035575… → 59.460356 (6 decimals).
    //    e3 has s = 0 but weight 0, so it does not zero the group.
    const Outcome& a = out[0];
    CHECK(*a.groups[0] == Approx(std::pow(0.5, 1.0 / 3)).epsilon(eps));
    CHECK(*a.groups[1] == Approx(0.25).epsilon(eps));
    CHECK(a.total == 59.460356);
    // Contribution is each criterion's factor s^e: e1 1^0.5 = 1,
    // e2 0.5^0.25, d1 0.25^0.25, e3 (e = 0) 1; 100 × their product = total.
    CHECK(result(a, "e1").contribution == Approx(1).epsilon(eps));
    CHECK(result(a, "e2").contribution == Approx(std::pow(0.5, 0.25)).epsilon(eps));
    CHECK(result(a, "d1").contribution == Approx(std::pow(0.25, 0.25)).epsilon(eps));
    CHECK(result(a, "e3").contribution == 1);
    double product = 100;
    for (const auto& c : a.criteria)
        product *= c.contribution;
    CHECK(product == Approx(100 * std::pow(2.0, -0.75)).epsilon(eps));

    // B: e1 s = 0 with weight 2 → G_ess = 0 → total = 0 (no epsilon).
    const Outcome& b = out[1];
    CHECK(*b.groups[0] == 0);
    CHECK(*b.groups[1] == 1);
    CHECK(b.total == 0);
    CHECK(result(b, "e1").contribution == 0);
}

TEST_CASE("a group of weight 0 is reported but never counts", "[scorer]") {
    const Aggregation aggregation =
        GENERATE(Aggregation::WeightedMean, Aggregation::WeightedGeometricMean);
    Rulebook r = rulebook(
        {criterion("e1", Group::Essential, 1), criterion("d1", Group::Desirable, 1)}, {1, 0, 1});
    r.aggregation = aggregation;
    Evidence e = evidence(r, {"A"});
    rate(e, r, 0, "e1", 4);  // s = 0.75
    rate(e, r, 0, "d1", 1);  // s = 0: G_des = 0, with W = 0
    const Outcome o = Scorer(r).score(e).at(0);
    // Only the essential group counts: total = 100 × 1·0.75 / 1 = 75 either
    // way (for the geometric mean, 100 × 0.75^(1/1)); G_des = 0 is shown but
    // does not zero the geometric total.
    CHECK(o.total == 75);
    CHECK(*o.groups[1] == 0);
    CHECK(result(o, "d1").effective_weight == 0);
    CHECK(result(o, "e1").effective_weight == 1);
}

TEST_CASE("a rating from ticked indicators only", "[scorer]") {
    Criterion teamwork = criterion("teamwork", Group::Essential, 1);
    for (const char* id : {"a", "b", "c", "d", "e"})
        teamwork.indicators.push_back({id, id, {}});
    const Rulebook r = rulebook({teamwork});
    Evidence e = evidence(r, {"A"});
    // Loader's formula: min + (max − min) × ticked / total.
    // R1 ticks b, c, e (bits 1, 2, 4): 1 + 4 × 3/5 = 3.4.
    // R2 ticks a (bit 0): 1 + 4 × 1/5 = 1.8; bit 40 names no indicator.
    rate(e, r, 0, "teamwork", 3.4, RatingKind::Score, 0b10110, true);
    rate(e, r, 0, "teamwork", 1.8, RatingKind::Score, 0b1 | (std::uint64_t{1} << 40), true);
    const Outcome o = Scorer(r).score(e).at(0);
    // raw = (3.4 + 1.8) / 2 = 2.6; s = (2.6 − 1) / 4 = 0.4; total = 40.
    const auto& c = result(o, "teamwork");
    CHECK(*c.raw == Approx(2.6).epsilon(eps));
    CHECK(c.normalised == Approx(0.4).epsilon(eps));
    CHECK(o.total == 40);
    CHECK(c.assessors == 2);
    CHECK(c.indicators_ticked == std::vector<std::string>{"a", "b", "c", "e"});
}

TEST_CASE("raw is the mean of three assessors, and the minimum a gate", "[scorer]") {
    Criterion comm = criterion("communication", Group::Essential, 1, "Communicates clearly");
    comm.minimum = 3;
    const Rulebook r = rulebook({comm});
    Evidence e = evidence(r, {"A", "B", "C"});
    for (double s : {2, 3, 2})
        rate(e, r, 0, "communication", s);
    for (double s : {3, 3, 3})
        rate(e, r, 1, "communication", s);
    for (double s : {3, 3, 2})
        rate(e, r, 2, "communication", s);
    const auto out = Scorer(r).score(e);

    // A: raw = 7/3 = 2.333333; s = (7/3 − 1) / 4 = 1/3; total = 33.333333.
    const auto& a = result(out[0], "communication");
    CHECK(*a.raw == Approx(7.0 / 3).epsilon(eps));
    CHECK(a.normalised == Approx(1.0 / 3).epsilon(eps));
    CHECK(a.assessors == 3);
    CHECK(out[0].total == 33.333333);
    REQUIRE(out[0].failed_gates.size() == 1);
    CHECK(out[0].failed_gates[0].kind == GateFailure::Kind::Minimum);
    CHECK(out[0].failed_gates[0].id == "communication");
    CHECK(out[0].failed_gates[0].message ==
          "communication: scored 2.333333, below the minimum 3 on scale sift5 (1..5)");
    CHECK_FALSE(out[0].passes_essential_gates);
    // B: raw = 3, exactly the minimum: passes.
    CHECK(out[1].failed_gates.empty());
    CHECK(out[1].total == 50);
    // C: raw = 8/3 = 2.666667 < 3.
    CHECK(messages(out[2]) ==
          std::vector<std::string>{"communication: scored 2.666667, below the minimum 3 on "
                                   "scale sift5 (1..5)"});
}

TEST_CASE("not_evidenced counts as the scale minimum", "[scorer]") {
    const Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    Evidence e = evidence(r, {"A"});
    rate_kind(e, r, 0, "e1", RatingKind::NotEvidenced);  // score 1, the minimum
    rate(e, r, 0, "e1", 5);
    const Outcome o = Scorer(r).score(e).at(0);
    // raw = (1 + 5) / 2 = 3; s = 0.5; total = 50.
    const auto& c = result(o, "e1");
    CHECK(c.status == CriterionStatus::Scored);
    CHECK(*c.raw == 3);
    CHECK(c.assessors == 2);
    CHECK(o.total == 50);
}

TEST_CASE("not_assessed only is missing: a gate for essential, 0 for desirable", "[scorer]") {
    const Rulebook r =
        rulebook({criterion("e1", Group::Essential, 1, "Communicates clearly"),
                  criterion("d1", Group::Desirable, 1), criterion("c1", Group::Competency, 1)});
    Evidence e = evidence(r, {"A", "B"});
    rate_kind(e, r, 0, "e1", RatingKind::NotAssessed);
    rate_kind(e, r, 0, "d1", RatingKind::NotAssessed);  // c1: no rating at all
    rate(e, r, 1, "e1", 5);
    rate_kind(e, r, 1, "d1", RatingKind::NotAssessed);
    rate(e, r, 1, "c1", 5);
    const auto out = Scorer(r).score(e);

    const Outcome& a = out[0];
    for (const auto& c : a.criteria) {
        CHECK(c.status == CriterionStatus::Missing);
        CHECK_FALSE(c.raw.has_value());
        CHECK(c.assessors == 0);
    }
    CHECK(messages(a) ==
          std::vector<std::string>{"no evidence for criterion 'e1' (Communicates clearly)",
                                   "no evidence for criterion 'c1'"});
    CHECK(a.failed_gates[0].kind == GateFailure::Kind::NoEvidence);
    CHECK(a.failed_gates[1].id == "c1");
    CHECK_FALSE(a.passes_essential_gates);
    CHECK(a.total == 0);

    // B: d1 missing scores 0 but still weighs: G = 1, 0, 1 with W = 1, 1, 1
    //    → total = 100 × 2/3 = 66.666667; no gate.
    const Outcome& b = out[1];
    CHECK(b.failed_gates.empty());
    CHECK(*b.groups[1] == 0);
    CHECK(b.total == 66.666667);
    CHECK(result(b, "d1").effective_weight == Approx(1.0 / 3).epsilon(eps));
}

TEST_CASE("a desirable criterion with a minimum needs evidence", "[scorer]") {
    Criterion d1 = criterion("d1", Group::Desirable, 1, "Speaks Welsh");
    d1.minimum = 2;
    const Rulebook r = rulebook({criterion("e1", Group::Essential, 1), d1});
    Evidence e = evidence(r, {"A"});
    rate(e, r, 0, "e1", 5);
    const Outcome o = Scorer(r).score(e).at(0);
    CHECK(messages(o) == std::vector<std::string>{"no evidence for criterion 'd1' (Speaks Welsh)"});
    CHECK(o.passes_essential_gates);  // a desirable gate is not an essential one
}

TEST_CASE("not_applicable leaves the criterion out and renormalises", "[scorer]") {
    Criterion e2 = criterion("e2", Group::Essential, 1);
    e2.minimum = 4;  // never checked when not applicable
    const Rulebook r =
        rulebook({criterion("e1", Group::Essential, 2), e2, criterion("d1", Group::Desirable, 1)},
                 {3, 1, 1});
    Evidence e = evidence(r, {"A", "B"});
    rate(e, r, 0, "e1", 4);
    rate_kind(e, r, 0, "e2", RatingKind::NotApplicable);
    rate_kind(e, r, 0, "d1", RatingKind::NotApplicable);
    rate(e, r, 1, "e1", 4);
    rate_kind(e, r, 1, "e2", RatingKind::NotApplicable);
    rate(e, r, 1, "d1", 5);
    const auto out = Scorer(r).score(e);

    // A: only e1 applies (s = 0.75): G_ess = 2·0.75 / 2 = 0.75, no desirable
    //    score, so total = 100 × 3·0.75 / 3 = 75 and e1 carries all the weight.
    const Outcome& a = out[0];
    CHECK(a.total == 75);
    CHECK_FALSE(a.groups[1].has_value());
    CHECK(result(a, "e1").effective_weight == Approx(1).epsilon(eps));
    CHECK(result(a, "e2").status == CriterionStatus::NotApplicable);
    CHECK(result(a, "e2").effective_weight == 0);
    CHECK(a.failed_gates.empty());
    CHECK(a.notes ==
          std::vector<std::string>{"not_applicable: criterion 'e2' left out of the weights",
                                   "not_applicable: criterion 'd1' left out of the weights"});
    // B: G_ess = 0.75, G_des = 1 → total = 100 × (3·0.75 + 1·1) / 4 = 81.25;
    //    effective weights e1 3/4, d1 1/4.
    const Outcome& b = out[1];
    CHECK(b.total == 81.25);
    CHECK(result(b, "e1").effective_weight == Approx(0.75).epsilon(eps));
    CHECK(result(b, "d1").effective_weight == Approx(0.25).epsilon(eps));
}

TEST_CASE("may_be_met_later turns an unmet criterion into a condition", "[scorer]") {
    Criterion welsh = criterion("welsh", Group::Essential, 1);
    welsh.minimum = 3;
    welsh.may_be_met_later = "Obtain Welsh Level 2 within 12 months of appointment";
    const Rulebook r = rulebook({welsh});
    Evidence e = evidence(r, {"A", "B", "C"});
    rate(e, r, 0, "welsh", 2);  // below the minimum
    rate(e, r, 2, "welsh", 4);  // B has no rating: missing
    const auto out = Scorer(r).score(e);
    for (std::size_t i : {0U, 1U}) {
        CHECK(out[i].failed_gates.empty());
        CHECK(out[i].passes_essential_gates);
        CHECK(out[i].conditions ==
              std::vector<std::string>{"Obtain Welsh Level 2 within 12 months of appointment"});
    }
    CHECK(out[2].conditions.empty());
}

TEST_CASE("a competency gate fails but does not fail the essential gates", "[scorer]") {
    Criterion c1 = criterion("c1", Group::Competency, 1);
    c1.minimum = 3;
    const Rulebook r = rulebook({criterion("e1", Group::Essential, 1), c1});
    Evidence e = evidence(r, {"A"});
    rate(e, r, 0, "e1", 5);
    rate(e, r, 0, "c1", 2);
    const Outcome o = Scorer(r).score(e).at(0);
    CHECK(messages(o) ==
          std::vector<std::string>{"c1: scored 2, below the minimum 3 on scale sift5 (1..5)"});
    CHECK_FALSE(o.eligible());
    CHECK(o.passes_essential_gates);
}

TEST_CASE("the pass mark is a gate on the rounded total", "[scorer]") {
    Rulebook r = two_groups(Aggregation::WeightedMean);
    const Evidence e = two_groups_evidence(r);  // totals 68.75 and 50
    r.shortlist.pass_mark = 68.75;
    auto out = Scorer(r).score(e);
    CHECK(out[0].failed_gates.empty());  // exactly the pass mark passes
    REQUIRE(out[1].failed_gates.size() == 1);
    CHECK(out[1].failed_gates[0].kind == GateFailure::Kind::PassMark);
    CHECK(out[1].failed_gates[0].id == "pass_mark");
    CHECK(out[1].failed_gates[0].message == "total 50 below the pass mark 68.75");
    CHECK(out[1].passes_essential_gates);

    r.shortlist.pass_mark = 70;
    out = Scorer(r).score(e);
    CHECK(messages(out[0]) == std::vector<std::string>{"total 68.75 below the pass mark 70"});
}

TEST_CASE("every failed gate is listed, in order", "[scorer]") {
    Criterion e1 = criterion("e1", Group::Essential, 1);
    e1.minimum = 3;
    Rulebook r = rulebook({e1, criterion("e2", Group::Essential, 1)});
    r.facts = {fact("licence", FactType::Boolean)};
    r.eligibility = {leaf("licence", Op::Eq, {true}, "Full driving licence", "licence")};
    r.shortlist.pass_mark = 50;
    Evidence e = evidence(r, {"A"});
    set_fact(e, r, 0, "licence", false);
    rate(e, r, 0, "e1", 2);
    const Outcome o = Scorer(r).score(e).at(0);
    // e1 s = 0.25, e2 missing s = 0: total = 100 × 0.25 / 2 = 12.5.
    CHECK(o.total == 12.5);
    REQUIRE(o.failed_gates.size() == 4);
    CHECK(o.failed_gates[0] ==
          gate(GateFailure::Kind::Eligibility, "licence", "not met: Full driving licence"));
    CHECK(o.failed_gates[1] == gate(GateFailure::Kind::Minimum, "e1",
                                    "e1: scored 2, below the minimum 3 on scale sift5 (1..5)"));
    CHECK(o.failed_gates[2] ==
          gate(GateFailure::Kind::NoEvidence, "e2", "no evidence for criterion 'e2'"));
    CHECK(o.failed_gates[3] ==
          gate(GateFailure::Kind::PassMark, "pass_mark", "total 12.5 below the pass mark 50"));
    CHECK_FALSE(o.passes_essential_gates);
}

TEST_CASE("opted_in reads the guaranteed-interview fact", "[scorer]") {
    Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    r.facts = {fact("disability_confident", FactType::Boolean)};
    r.shortlist.guaranteed_interview_fact = "disability_confident";
    Evidence e = evidence(r, {"A", "B", "C"});
    set_fact(e, r, 0, "disability_confident", true);
    set_fact(e, r, 1, "disability_confident", false);
    const auto out = Scorer(r).score(e);
    CHECK(out[0].opted_in);
    CHECK_FALSE(out[1].opted_in);
    CHECK_FALSE(out[2].opted_in);  // not given
}

TEST_CASE("the scorer rejects evidence that does not fit the rulebook", "[scorer]") {
    const Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    const Scorer scorer(r);
    Evidence e = evidence(r, {"A"});
    SECTION("criterion index out of range") {
        rate(e, r, 0, "e1", 3);
        e.ratings[0].criterion = 9;
        REQUIRE_THROWS_AS(scorer.score(e), EvidenceError);
        REQUIRE_THROWS_WITH(scorer.score(e),
                            "ratings.csv:2: error: rating refers to criterion index 9 of 1");
    }
    SECTION("applicant index out of range") {
        rate(e, r, 0, "e1", 3);
        e.ratings[0].applicant = 1;
        REQUIRE_THROWS_WITH(scorer.score(e),
                            "ratings.csv:2: error: rating refers to applicant index 1 of 1");
    }
    SECTION("score off its scale") {
        rate(e, r, 0, "e1", 3);
        rate(e, r, 0, "e1", 7);
        REQUIRE_THROWS_WITH(
            scorer.score(e),
            "ratings.csv:3: error: score 7 for criterion 'e1' is off its scale sift5 (1..5)");
    }
    SECTION("ticked indicators of a rating that is not there") {
        rate(e, r, 0, "e1", 3);
        e.indicators.push_back({1, 0b1});
        REQUIRE_THROWS_WITH(scorer.score(e),
                            "ratings.csv: error: ticked indicators refer to rating index 1 of 1");
    }
    SECTION("fact columns") {
        e.facts.emplace_back();
        REQUIRE_THROWS_WITH(scorer.score(e),
                            "<input>: error: the evidence has 1 fact columns "
                            "but the rulebook declares 0 facts");
    }
}

TEST_CASE("the scorer refuses a rulebook that validate() rejects", "[scorer]") {
    Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    r.criteria[0].scale = "nope";
    const auto diagnostics = validate(r);
    REQUIRE_FALSE(diagnostics.empty());
    try {
        const Scorer scorer(r);
        FAIL("no exception");
    } catch (const RulebookError& e) {
        CHECK(e.diagnostics() == diagnostics);
    }
}

TEST_CASE("an empty batch gives no outcomes", "[scorer]") {
    const Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    CHECK(Scorer(r).score(evidence(r, {})).empty());
}

TEST_CASE("one application is scored by the batch path", "[scorer]") {
    const Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    Application app;
    app.id = ApplicantId("A-1");
    app.ratings.push_back({CriterionId("e1"), AssessorId("R1"), "4", {}, {}});
    app.ratings.push_back({CriterionId("e1"), AssessorId("R2"), "2", {}, {}});
    const Scorer scorer(r);
    const Outcome o = scorer.score(app);
    // raw = (4 + 2) / 2 = 3; s = 0.5; total = 50.
    CHECK(o.id == ApplicantId("A-1"));
    CHECK(*result(o, "e1").raw == 3);
    CHECK(o.total == 50);
    CHECK(o == scorer.score(make_evidence(r, app)).at(0));
}

TEST_CASE("without the breakdown, outcomes differ only in their criteria", "[scorer]") {
    Criterion e1 = criterion("e1", Group::Essential, 2);
    e1.minimum = 3;
    Criterion e2 = criterion("e2", Group::Essential, 1);
    e2.may_be_met_later = "Pass the fitness test before appointment";
    Criterion c1 = criterion("c1", Group::Competency, 1);
    c1.indicators = {{"listens", {}, {}}, {"explains", {}, {}}};
    Rulebook r = rulebook({e1, e2, criterion("d1", Group::Desirable, 1), c1}, {3, 1, 2});
    r.shortlist.pass_mark = 40;
    Evidence e = evidence(r, {"A", "B", "C", "D"});
    rate(e, r, 0, "e1", 5);
    rate(e, r, 0, "e2", 4);
    rate_kind(e, r, 0, "d1", RatingKind::NotApplicable);
    rate(e, r, 0, "c1", 3, RatingKind::Score, 0b01, true);
    rate(e, r, 1, "e1", 2);  // below the minimum
    rate(e, r, 1, "d1", 5);  // e2 missing: a condition
    rate_kind(e, r, 1, "c1", RatingKind::NotEvidenced);
    rate(e, r, 2, "e1", 3);
    rate(e, r, 2, "e1", 4);
    rate_kind(e, r, 2, "e2", RatingKind::NotAssessed);
    rate(e, r, 2, "c1", 5, RatingKind::Score, 0b11, true);
    rate_kind(e, r, 3, "c1", RatingKind::NotApplicable);  // D: nothing else
    ScoreOptions lean;
    lean.explain = false;

    for (const TiePolicy ties : {TiePolicy::IncludeAll, TiePolicy::BreakBy}) {
        r.shortlist.ties = ties;
        r.shortlist.tie_break = {"competency", "c1", "essential", "e1"};
        const Scorer scorer(r);
        const std::vector<Outcome> full = scorer.score(e);
        const std::vector<Outcome> without = scorer.score(e, lean);
        REQUIRE(full.size() == 4);
        REQUIRE(without.size() == 4);
        for (std::size_t i = 0; i < full.size(); ++i) {
            INFO("applicant " << i << ", ties " << to_string(ties));
            REQUIRE(full[i].criteria.size() == 4);
            Outcome expected = full[i];
            if (ties == TiePolicy::BreakBy)  // the tie-break's criteria, in rulebook order
                expected.criteria = {full[i].criteria[0], full[i].criteria[3]};
            else
                expected.criteria.clear();
            CHECK(without[i] == expected);
        }
        // The fixture reaches every part of an outcome.
        CHECK(full[0].notes.size() == 1);
        CHECK(full[1].conditions.size() == 1);
        CHECK(full[1].failed_gates.size() == 2);  // e1's minimum, then the pass mark
        CHECK(full[3].failed_gates.size() == 2);  // e1 missing, then the pass mark
    }
    CHECK(Scorer(r).score(e, lean).at(0).criteria.at(1).indicators_ticked ==
          std::vector<std::string>{"listens"});
}

TEST_CASE("an applicant scores the same alone as in a large batch, to the last bit", "[scorer]") {
    // Weights and scores that are not binary fractions, so that the order of
    // the additions shows in the last bits; 5000 applicants, which the scorer
    // splits between two threads.
    std::vector<Criterion> cs;
    const double weights[] = {0.1, 0.7, 1.3, 2.9, 0.3, 1.1, 0.05, 2.2};
    for (std::size_t k = 0; k < 20; ++k)
        cs.push_back(
            criterion("c" + std::to_string(k), static_cast<Group>(k * 3 / 20), weights[k % 8]));
    std::uint32_t seed = 12345;
    const auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (const Aggregation aggregation :
         {Aggregation::WeightedMean, Aggregation::WeightedGeometricMean}) {
        Rulebook r = rulebook(cs, {0.3, 0.45, 0.25});
        r.aggregation = aggregation;
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < 5000; ++i)
            ids.push_back("A" + std::to_string(i));
        Evidence batch = evidence(r, ids);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            for (std::size_t k = 0; k < cs.size(); ++k) {
                for (int a = 0; a < 3; ++a)
                    rate(batch, r, i, cs[k].id.view(), 1 + (next() % 401) / 100.0);
            }
        }
        const Scorer scorer(r);
        const std::vector<Outcome> all = scorer.score(batch);
        REQUIRE(all.size() == ids.size());
        std::size_t checked = 0;
        for (std::size_t i = 0; i < ids.size(); i += 97) {
            Evidence alone = evidence(r, {ids[i]});
            for (const Rating& x : batch.ratings) {
                if (x.applicant == i) {
                    alone.ratings.push_back(x);
                    alone.ratings.back().applicant = 0;
                }
            }
            Outcome expected = all[i];
            expected.index = 0;
            CHECK(scorer.score(alone).at(0) == expected);
            ++checked;
        }
        CHECK(checked == 52);
        CHECK(all.back().id == ApplicantId("A4999"));  // the second thread's part is there
        CHECK(all.back().total > 0);
    }
}

TEST_CASE("a large batch tallies as one pass would: sums in rating order, the first misfit",
          "[scorer]") {
    // 70,000 ratings of 5,000 applicants (14 each, scores that are not binary
    // fractions): large enough for two threads. Grouped by applicant, they
    // are tallied in two halves; interleaved, in one pass after the halves
    // give up. Either way each raw score is the sum in rating order / count.
    const Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    const Scorer scorer(r);
    std::vector<std::string> ids;
    for (int i = 0; i < 5000; ++i)
        ids.push_back("A" + std::to_string(i));
    const bool grouped = GENERATE(true, false);
    {
        INFO((grouped ? "grouped by applicant" : "interleaved"));
        Evidence e = evidence(r, ids);
        for (std::size_t j = 0; j < 70000; ++j)
            rate(e, r, grouped ? j / 14 : (j * 7919) % 5000, "e1",
                 1 + static_cast<double>(j % 37) * 0.1);
        std::vector<double> sum(ids.size(), 0.0);
        std::vector<double> count(ids.size(), 0.0);
        for (const Rating& x : e.ratings) {
            sum[x.applicant] += x.score;
            count[x.applicant] += 1;
        }
        const std::vector<Outcome> out = scorer.score(e);
        REQUIRE(out.size() == ids.size());
        bool same = true;
        for (std::size_t i = 0; i < ids.size(); ++i)
            same = same && out[i].criteria.at(0).raw == sum[i] / count[i];
        CHECK(same);

        // Ratings 10, 20 and 40,000 (lines 12, 22 and 40,002) go wrong: the
        // first in order is reported, whichever half it is in.
        SECTION("only in the second half") {
            e.ratings[40000].score = 9;
            REQUIRE_THROWS_WITH(
                scorer.score(e),
                "ratings.csv:40002: error: score 9 for criterion 'e1' is off its scale sift5 "
                "(1..5)");
        }
        SECTION("in both halves") {
            e.ratings[40000].applicant = 5000;
            e.ratings[20].criterion = 3;
            e.ratings[10].score = 0;
            REQUIRE_THROWS_WITH(
                scorer.score(e),
                "ratings.csv:12: error: score 0 for criterion 'e1' is off its scale sift5 (1..5)");
            e.ratings[10].score = 3;
            REQUIRE_THROWS_WITH(scorer.score(e),
                                "ratings.csv:22: error: rating refers to criterion index 3 of 1");
            e.ratings[20].criterion = 0;
            REQUIRE_THROWS_WITH(
                scorer.score(e),
                "ratings.csv:40002: error: rating refers to applicant index 5000 of 5000");
        }
        SECTION("ticked indicators beyond the ratings, after the ratings") {
            e.indicators.push_back({70000, 1});
            e.ratings[60000].score = 6;
            REQUIRE_THROWS_WITH(
                scorer.score(e),
                "ratings.csv:60002: error: score 6 for criterion 'e1' is off its scale sift5 "
                "(1..5)");
            e.ratings[60000].score = 2;
            REQUIRE_THROWS_WITH(
                scorer.score(e),
                "ratings.csv: error: ticked indicators refer to rating index 70000 of 70000");
        }
    }
}

// The scorer's formulas, each checked against a hand computation written out
// beside it (README, "Scoring semantics"); then the eligibility conditions.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "detail/scoring_conditions.hpp"
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

TEST_CASE("a rating from ticked indicators only", "[scorer]") {
    Criterion teamwork = criterion("teamwork", Group::Essential, 1);
    for (const char* id : {"a", "b", "c", "d", "e"})
        teamwork.indicators.push_back({id, id});
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

TEST_CASE("raw is the mean of three assessors; the minimum is a gate", "[scorer]") {
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
    app.ratings.push_back({"e1", "R1", "4", {}, {}});
    app.ratings.push_back({"e1", "R2", "2", {}, {}});
    const Scorer scorer(r);
    const Outcome o = scorer.score(app);
    // raw = (4 + 2) / 2 = 3; s = 0.5; total = 50.
    CHECK(o.id == ApplicantId("A-1"));
    CHECK(*result(o, "e1").raw == 3);
    CHECK(o.total == 50);
    CHECK(o == scorer.score(make_evidence(r, app)).at(0));
}

// ---- eligibility conditions ------------------------------------------------

namespace {

/// Facts of every type, one criterion (always scored 5) and the given
/// top-level conditions.
Rulebook with_conditions(std::vector<Condition> conditions) {
    Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    r.facts = {fact("licence", FactType::Boolean),
               fact("bleep", FactType::Level),
               fact("vetting", FactType::Ordinal, {"none", "RV", "CTC", "SC", "DV"}),
               fact("qualification", FactType::String),
               fact("age", FactType::Number),
               fact("a", FactType::Boolean),
               fact("b", FactType::Boolean)};
    r.eligibility = std::move(conditions);
    return r;
}

/// The failed-gate messages for one applicant with the given facts.
std::vector<std::string> failures(const Condition& condition,
                                  const std::vector<std::pair<std::string, Value>>& facts) {
    const Rulebook r = with_conditions({condition});
    Evidence e = evidence(r, {"A"});
    for (const auto& [name, value] : facts)
        set_fact(e, r, 0, name, value);
    rate(e, r, 0, "e1", 5);
    return messages(Scorer(r).score(e).at(0));
}

struct Case {
    const char* what;
    Condition condition;
    std::vector<std::pair<std::string, Value>> facts;
    std::vector<std::string> expected;  ///< failed-gate messages; empty = passes
};

using Facts = std::vector<std::pair<std::string, Value>>;
using Messages = std::vector<std::string>;
using S = std::string;

std::vector<Case> leaf_cases() {
    const Condition fitness = leaf("bleep", Op::Ge, {S("5.4")}, "Bleep test level 5.4 or above");
    const Messages unfit{"not met: Bleep test level 5.4 or above"};
    const Condition vetting = leaf("vetting", Op::Ge, {S("CTC")});
    const Condition in = leaf("qualification", Op::In, {S("nvq2"), S("nvq3")});
    return {
        // Level: part by part as integers; 5.10 is shuttle 10 of level 5.
        {"level 5.10 ge 5.4", fitness, Facts{{"bleep", S("5.10")}}, {}},
        {"level 5.4 ge 5.4", fitness, Facts{{"bleep", S("5.4")}}, {}},
        {"level 5.3 ge 5.4", fitness, Facts{{"bleep", S("5.3")}}, unfit},
        {"level 4.12 ge 5.4", fitness, Facts{{"bleep", S("4.12")}}, unfit},
        {"level 6 ge 5.4", fitness, Facts{{"bleep", S("6")}}, {}},
        {"level 5 (= 5.0) ge 5.4", fitness, Facts{{"bleep", S("5")}}, unfit},
        {"level 5.9 lt 5.10", leaf("bleep", Op::Lt, {S("5.10")}), Facts{{"bleep", S("5.9")}}, {}},
        {"level missing", fitness, Facts{}, Messages{"no evidence for fact 'bleep'"}},
        {"level unusable", fitness, Facts{{"bleep", S("5.x")}},
         Messages{"the value of fact 'bleep' is not a valid level"}},
        // Ordinal: by position in the fact's values.
        {"ordinal SC ge CTC", vetting, Facts{{"vetting", S("SC")}}, {}},
        {"ordinal CTC ge CTC", vetting, Facts{{"vetting", S("CTC")}}, {}},
        {"ordinal RV ge CTC", vetting, Facts{{"vetting", S("RV")}},
         Messages{"not met: vetting ge CTC"}},
        {"ordinal CTC gt CTC", leaf("vetting", Op::Gt, {S("CTC")}), Facts{{"vetting", S("CTC")}},
         Messages{"not met: vetting gt CTC"}},
        {"ordinal none lt RV",
         leaf("vetting", Op::Lt, {S("RV")}),
         Facts{{"vetting", S("none")}},
         {}},
        {"ordinal DV le SC", leaf("vetting", Op::Le, {S("SC")}), Facts{{"vetting", S("DV")}},
         Messages{"not met: vetting le SC"}},
        // Number.
        {"number 30 lt 65", leaf("age", Op::Lt, {65.0}), Facts{{"age", 30.0}}, {}},
        {"number 65 lt 65", leaf("age", Op::Lt, {65.0}), Facts{{"age", 65.0}},
         Messages{"not met: age lt 65"}},
        {"number 65 le 65", leaf("age", Op::Le, {65.0}), Facts{{"age", 65.0}}, {}},
        {"number 17.5 ge 18", leaf("age", Op::Ge, {18.0}), Facts{{"age", 17.5}},
         Messages{"not met: age ge 18"}},
        {"number 18 eq 18", leaf("age", Op::Eq, {18.0}), Facts{{"age", 18.0}}, {}},
        // String: in = any equal.
        {"string nvq3 in", in, Facts{{"qualification", S("nvq3")}}, {}},
        {"string none in", in, Facts{{"qualification", S("none")}},
         Messages{"not met: qualification in [nvq2, nvq3]"}},
        {"string ne", leaf("qualification", Op::Ne, {S("none")}),
         Facts{{"qualification", S("none")}}, Messages{"not met: qualification ne none"}},
        // Boolean: eq and ne.
        {"boolean true eq true", leaf("licence", Op::Eq, {true}), Facts{{"licence", true}}, {}},
        {"boolean false eq true", leaf("licence", Op::Eq, {true}), Facts{{"licence", false}},
         Messages{"not met: licence eq true"}},
        {"boolean false ne true", leaf("licence", Op::Ne, {true}), Facts{{"licence", false}}, {}},
        // exists tests presence, and is never unknown.
        {"exists, present", leaf("age", Op::Exists, {true}), Facts{{"age", 40.0}}, {}},
        {"exists, absent", leaf("age", Op::Exists, {true}), Facts{},
         Messages{"not met: age exists true"}},
        {"exists false, absent", leaf("age", Op::Exists, {false}), Facts{}, {}},
        {"exists false, present", leaf("age", Op::Exists, {false}), Facts{{"age", 40.0}},
         Messages{"not met: age exists false"}},
    };
}

std::vector<Case> kleene_cases() {
    const Condition a = leaf("a", Op::Eq, {true});
    const Condition b = leaf("b", Op::Eq, {true});
    const Condition any = compound(Condition::Kind::Any, {a, b});
    const Condition all = compound(Condition::Kind::All, {a, b});
    const Condition no = compound(Condition::Kind::Not, {a});
    return {
        {"any: unknown or true", any, Facts{{"b", true}}, {}},
        {"any: unknown or false", any, Facts{{"b", false}}, Messages{"no evidence for fact 'a'"}},
        {"any: false or false", any, Facts{{"a", false}, {"b", false}},
         Messages{"not met: any of (a eq true, b eq true)"}},
        {"any: both unknown", any, Facts{},
         Messages{"no evidence for fact 'a'; no evidence for fact 'b'"}},
        {"all: false and unknown", all, Facts{{"a", false}},
         Messages{"not met: all of (a eq true, b eq true)"}},
        {"all: true and unknown", all, Facts{{"a", true}}, Messages{"no evidence for fact 'b'"}},
        {"all: true and true", all, Facts{{"a", true}, {"b", true}}, {}},
        {"not: unknown", no, Facts{}, Messages{"no evidence for fact 'a'"}},
        {"not: false", no, Facts{{"a", false}}, {}},
        {"not: true", no, Facts{{"a", true}}, Messages{"not met: not (a eq true)"}},
        {"text wins over the description",
         compound(Condition::Kind::Any, {a, b}, "GCSE maths and English, or equivalent skills"),
         Facts{{"a", false}, {"b", false}},
         Messages{"not met: GCSE maths and English, or equivalent skills"}},
    };
}

}  // namespace

TEST_CASE("eligibility operators on each fact type", "[scorer]") {
    const Case c = GENERATE(from_range(leaf_cases()));
    INFO(c.what);
    CHECK(failures(c.condition, c.facts) == c.expected);
}

TEST_CASE("eligibility in three-valued logic: a missing fact is unknown", "[scorer]") {
    const Case c = GENERATE(from_range(kleene_cases()));
    INFO(c.what);
    CHECK(failures(c.condition, c.facts) == c.expected);
}

TEST_CASE("every failed condition is listed, with its id", "[scorer]") {
    const Rulebook r =
        with_conditions({leaf("licence", Op::Eq, {true}, "Full licence", "licence"),
                         leaf("age", Op::Ge, {18.0}), leaf("bleep", Op::Ge, {S("5.4")})});
    Evidence e = evidence(r, {"A"});
    set_fact(e, r, 0, "licence", false);
    set_fact(e, r, 0, "bleep", S("5.6"));
    rate(e, r, 0, "e1", 5);
    const Outcome o = Scorer(r).score(e).at(0);
    REQUIRE(o.failed_gates.size() == 2);
    CHECK(o.failed_gates[0] ==
          gate(GateFailure::Kind::Eligibility, "licence", "not met: Full licence"));
    CHECK(o.failed_gates[1] ==
          gate(GateFailure::Kind::Eligibility, "eligibility[1]", "no evidence for fact 'age'"));
    CHECK_FALSE(o.passes_essential_gates);
}

TEST_CASE("levels compare part by part as integers", "[scorer]") {
    using detail::compare_levels;
    using detail::parse_level;
    CHECK(parse_level("5.10") == detail::LevelParts{5, 10});
    CHECK(compare_levels(*parse_level("5.10"), *parse_level("5.4")) == 1);
    CHECK(compare_levels(*parse_level("5"), *parse_level("5.0")) == 0);
    CHECK(compare_levels(*parse_level("4.12"), *parse_level("5")) == -1);
    for (const char* bad : {"", ".", "5.", ".5", "5..4", "5.4a", "-5", " 5", "1234567890123456789"})
        CHECK_FALSE(parse_level(bad).has_value());
}

namespace {

/// The scorer refuses `r`: with validate()'s diagnostics if validate() finds
/// the problem, otherwise with the scorer's own `message`.
void expect_refused(const Rulebook& r, const std::string& message) {
    const auto diagnostics = validate(r);
    try {
        const Scorer scorer(r);
        FAIL("no exception");
    } catch (const RulebookError& e) {
        if (diagnostics.empty())
            CHECK(e.message() == message);
        else
            CHECK(e.diagnostics() == diagnostics);
    }
}

}  // namespace

TEST_CASE("a rulebook the scorer cannot apply is refused", "[scorer]") {
    SECTION("an ordering op on a boolean fact") {
        expect_refused(with_conditions({leaf("licence", Op::Lt, {true})}),
                       "eligibility: op 'lt' cannot test boolean fact 'licence'");
    }
    SECTION("an ordinal value not in the fact's list") {
        expect_refused(with_conditions({leaf("vetting", Op::Ge, {S("TOP")})}),
                       "eligibility: a value for fact 'vetting' is not a valid ordinal");
    }
    SECTION("an undeclared fact") {
        expect_refused(with_conditions({leaf("height", Op::Ge, {1.7})}),
                       "eligibility: fact 'height' is not declared under facts");
    }
    SECTION("a NaN weight") {
        Rulebook r = rulebook({criterion("e1", Group::Essential, std::nan(""))});
        expect_refused(r, "criterion 'e1': weight must be a finite number of at least 0");
    }
}

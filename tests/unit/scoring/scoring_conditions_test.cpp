// Eligibility conditions: every operator on every fact type, three-valued
// logic with unknown facts, and the rulebooks the scorer refuses to compile.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "scoring/conditions.hpp"
#include "scoring_fixtures.hpp"
#include "shortlist/scorer.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

std::vector<std::string> messages(const Outcome& o) {
    std::vector<std::string> m;
    for (const auto& g : o.failed_gates)
        m.push_back(g.message);
    return m;
}

}  // namespace

namespace {

/// Facts of every type, one criterion (always scored 5) and the given
/// top-level conditions.
Rulebook with_conditions(std::vector<Condition> conditions) {
    Rulebook r = rulebook({criterion("e1", Group::Essential, 1)});
    r.facts = {fact("licence", FactType::Boolean),
               fact("bleep", FactType::Level),
               fact("vetting", FactType::Ordinal, {"none", "RV", "CTC", "SC", "DV"}),
               fact("qualification", FactType::String),
               fact("bmi", FactType::Number),
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
        {"number 30 lt 65", leaf("bmi", Op::Lt, {65.0}), Facts{{"bmi", 30.0}}, {}},
        {"number 65 lt 65", leaf("bmi", Op::Lt, {65.0}), Facts{{"bmi", 65.0}},
         Messages{"not met: bmi lt 65"}},
        {"number 65 le 65", leaf("bmi", Op::Le, {65.0}), Facts{{"bmi", 65.0}}, {}},
        {"number 17.5 ge 18", leaf("bmi", Op::Ge, {18.0}), Facts{{"bmi", 17.5}},
         Messages{"not met: bmi ge 18"}},
        {"number 18 eq 18", leaf("bmi", Op::Eq, {18.0}), Facts{{"bmi", 18.0}}, {}},
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
        {"exists, present", leaf("bmi", Op::Exists, {true}), Facts{{"bmi", 40.0}}, {}},
        {"exists, absent", leaf("bmi", Op::Exists, {true}), Facts{},
         Messages{"not met: bmi exists true"}},
        {"exists false, absent", leaf("bmi", Op::Exists, {false}), Facts{}, {}},
        {"exists false, present", leaf("bmi", Op::Exists, {false}), Facts{{"bmi", 40.0}},
         Messages{"not met: bmi exists false"}},
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
                         leaf("bmi", Op::Ge, {18.0}), leaf("bleep", Op::Ge, {S("5.4")})});
    Evidence e = evidence(r, {"A"});
    set_fact(e, r, 0, "licence", false);
    set_fact(e, r, 0, "bleep", S("5.6"));
    rate(e, r, 0, "e1", 5);
    const Outcome o = Scorer(r).score(e).at(0);
    REQUIRE(o.failed_gates.size() == 2);
    CHECK(o.failed_gates[0] ==
          gate(GateFailure::Kind::Eligibility, "licence", "not met: Full licence"));
    CHECK(o.failed_gates[1] ==
          gate(GateFailure::Kind::Eligibility, "eligibility[1]", "no evidence for fact 'bmi'"));
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

TEST_CASE("compiling conditions names the condition's place", "[scorer]") {
    // detail::Eligibility is the scorer's compile step, tried here without
    // validate() in front of it, so that its own messages are asserted.
    auto message = [](Condition c) {
        c.location = {"rules.yaml", 12, 5};
        try {
            const detail::Eligibility compiled(with_conditions({c}));
            return std::string("compiled");
        } catch (const RulebookError& e) {
            return std::string(e.what());
        }
    };
    CHECK(message(leaf("licence", Op::Lt, {true})) ==
          "rules.yaml:12:5: error: eligibility: op 'lt' cannot test boolean fact 'licence'");
    CHECK(message(leaf("qualification", Op::Ge, {S("nvq2")})) ==
          "rules.yaml:12:5: error: eligibility: op 'ge' cannot test string fact 'qualification'");
    CHECK(message(leaf("vetting", Op::Ge, {S("TOP")})) ==
          "rules.yaml:12:5: error: eligibility: a value for fact 'vetting' is not a valid ordinal");
    CHECK(message(leaf("bleep", Op::Ge, {5.4})) ==
          "rules.yaml:12:5: error: eligibility: a value for fact 'bleep' is not a valid level");
    CHECK(message(leaf("bleep", Op::Ge, {5.0})) == "compiled");  // a whole number is a level
    CHECK(message(leaf("bmi", Op::Ge, {S("18")})) ==
          "rules.yaml:12:5: error: eligibility: a value for fact 'bmi' is not a valid number");
    CHECK(message(leaf("height", Op::Ge, {1.7})) ==
          "rules.yaml:12:5: error: eligibility: fact 'height' is not declared under facts");
    CHECK(message(leaf("bmi", Op::Ge, {})) ==
          "rules.yaml:12:5: error: eligibility: op 'ge' on fact 'bmi' needs exactly one value");
    CHECK(message(leaf("qualification", Op::In, {})) ==
          "rules.yaml:12:5: error: eligibility: op 'in' on fact 'qualification' needs at least "
          "one value");
    CHECK(message(leaf("bmi", Op::Exists, {S("yes")})) ==
          "rules.yaml:12:5: error: eligibility: a value for fact 'bmi' is not a valid boolean");
    CHECK(message(compound(Condition::Kind::Any, {})) ==
          "rules.yaml:12:5: error: eligibility: 'all' and 'any' need at least one condition");
    CHECK(message(compound(Condition::Kind::Not,
                           {leaf("a", Op::Eq, {true}), leaf("b", Op::Eq, {true})})) ==
          "rules.yaml:12:5: error: eligibility: 'not' needs exactly one condition");
}

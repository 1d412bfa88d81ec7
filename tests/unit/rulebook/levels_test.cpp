// Competency levels and indicator choice (docs/rulebook.md, "Competency
// levels" and "Choosing and rewording a framework's indicators"): a
// framework's levels are ordered; a criterion is rated on a scale against the
// required level's indicators (the rulebook may choose and reword them, or
// take the lower levels' too), or on the framework's levels themselves.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/json.hpp"

using namespace shortlist;

namespace {

const std::filesystem::path rules_dir = std::filesystem::path(SHORTLIST_SOURCE_DIR) / "rules";
const std::filesystem::path data_dir = SHORTLIST_TEST_DATA;

const Criterion& criterion(const Rulebook& rb, std::string_view id) {
    const std::size_t i = rb.find_criterion(id);
    REQUIRE(i != Rulebook::npos);
    return rb.criteria[i];
}

std::vector<std::string> ids(const std::vector<Indicator>& indicators) {
    std::vector<std::string> out;
    for (const auto& i : indicators)
        out.push_back(i.id);
    return out;
}

/// One assessor's rating of each criterion named, with `score` (empty: tick
/// every indicator instead).
Application rate(const std::vector<std::string>& criteria, const std::string& score,
                 const Rulebook& rb) {
    Application a;
    a.id = ApplicantId("A1");
    for (const auto& id : criteria) {
        RatingInput r{CriterionId(id), AssessorId("X1"), score, {}, {}};
        if (score.empty())
            r.indicators = ids(criterion(rb, id).indicators);
        a.ratings.push_back(r);
    }
    return a;
}

const CriterionResult& result(const Outcome& o, std::string_view id) {
    const auto it = std::find_if(o.criteria.begin(), o.criteria.end(),
                                 [&](const CriterionResult& c) { return c.id.view() == id; });
    REQUIRE(it != o.criteria.end());
    return *it;
}

bool failed_minimum(const Outcome& o, std::string_view id) {
    return std::any_of(o.failed_gates.begin(), o.failed_gates.end(), [&](const GateFailure& g) {
        return g.kind == GateFailure::Kind::Minimum && g.id == id;
    });
}

}  // namespace

TEST_CASE("South Wales: showing all eight of its Takes Ownership behaviours is 100", "[levels]") {
    const Rulebook rb = load_rulebook(rules_dir / "south_wales_pcso.yaml");
    const Criterion& own = criterion(rb, "we_take_ownership");
    // Seed 001, Personal Competencies, paragraph 2: eight sentences. The CVF
    // entry's ninth indicator, own_development, is not in the profile.
    REQUIRE(own.indicators.size() == 8);
    CHECK(std::none_of(own.indicators.begin(), own.indicators.end(),
                       [](const Indicator& i) { return i.id == "own_development"; }));
    CHECK(own.indicators[0].text == "Actively identifies and responds to problems.");
    for (const auto& i : own.indicators)
        CHECK_FALSE(i.source.empty());

    std::vector<std::string> competencies;
    for (const auto& c : rb.criteria) {
        if (c.group != Group::Competency)
            continue;
        competencies.push_back(c.id.value());
        // The profile's third-person wording, never the CVF's first person.
        for (const auto& i : c.indicators) {
            CAPTURE(c.id.value(), i.id);
            CHECK_FALSE(i.source.empty());
            CHECK(i.text.rfind("I ", 0) == std::string::npos);
        }
    }
    CHECK(competencies.size() == 6);
    const Scorer scorer(rb);
    const Outcome o = scorer.score(rate(competencies, "", rb));
    const CriterionResult& r = result(o, "we_take_ownership");
    CHECK(r.indicators_ticked.size() == 8);
    CHECK(r.raw == Approx(5.0).epsilon(1e-12));  // the top of sift5, not 1 + 4 x 8/9
    REQUIRE(o.groups[static_cast<std::size_t>(Group::Competency)]);
    CHECK(*o.groups[static_cast<std::size_t>(Group::Competency)] == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("Gloucestershire keeps its own wording of a CVF indicator, with its source", "[levels]") {
    const Rulebook rb = load_rulebook(rules_dir / "gloucestershire_pcso.yaml");
    const Criterion& c = criterion(rb, "we_deliver_support_and_inspire");
    REQUIRE(c.indicators.size() == 7);
    CHECK(c.indicators[0].id == "challenging_tasks");
    // Seed 000, Competency Framework Values, We deliver, support and inspire.
    CHECK(c.indicators[0].text ==
          "I take on challenging tasks to help to improve and inspire the service continuously "
          "and support my colleagues.");
    CHECK(c.indicators[0].source == "Competency Framework Values, row 5, bullet 1");
    // The others keep the framework's wording.
    CHECK(c.indicators[1].text ==
          "I understand how my work contributes to the wider police service.");
}

TEST_CASE("Staffordshire: a 1a and a 1b requirement score differently on the same evidence",
          "[levels]") {
    const Rulebook rb = load_rulebook(data_dir / "levels/staffordshire_levels.yaml");
    const Scale* levels = rb.find_scale("bcf-levels");
    REQUIRE(levels != nullptr);
    // Point 0 below the lowest level, then one point per level, lowest first.
    CHECK(levels->min == 0);
    CHECK(levels->max == 2);
    CHECK(levels->labels == std::vector<std::string>{"below 1a", "1a", "1b"});
    const Criterion& at_1a = criterion(rb, "supporting_colleagues_coaching_mentoring");
    const Criterion& at_1b = criterion(rb, "valuing_diversity");
    CHECK(at_1a.scale == "bcf-levels");
    CHECK(at_1a.minimum == 1.0);
    CHECK(at_1b.minimum == 2.0);
    REQUIRE(at_1b.competency);
    CHECK(at_1b.competency->rated_on == RatedOn::Level);
    CHECK(at_1b.competency->parent_framework == "cvf");
    CHECK(at_1b.competency->parent == "we_are_emotionally_aware");

    const Scorer scorer(rb);
    const std::vector<std::string> both = {at_1a.id.value(), at_1b.id.value()};
    // The evidence shows level 1a on both.
    const Outcome shows_1a = scorer.score(rate(both, "1", rb));
    CHECK_FALSE(failed_minimum(shows_1a, "supporting_colleagues_coaching_mentoring"));
    CHECK(failed_minimum(shows_1a, "valuing_diversity"));
    // It shows level 1b on both: above what the first requires, so it scores
    // more there than 1a did; exactly what the second requires.
    const Outcome shows_1b = scorer.score(rate(both, "2", rb));
    CHECK(result(shows_1b, "supporting_colleagues_coaching_mentoring").normalised >
          result(shows_1a, "supporting_colleagues_coaching_mentoring").normalised);
    CHECK(shows_1b.failed_gates.empty());
    // An assessor may write the level's name instead of its point.
    const Outcome named = scorer.score(rate(both, "1a", rb));
    CHECK(result(named, "valuing_diversity").raw == 1.0);
    CHECK(failed_minimum(named, "valuing_diversity"));
    // The applicant's reason names the levels, not the points.
    const auto gate =
        std::find_if(named.failed_gates.begin(), named.failed_gates.end(),
                     [](const GateFailure& g) { return g.id == "valuing_diversity"; });
    REQUIRE(gate != named.failed_gates.end());
    CHECK(gate->message ==
          "valuing_diversity: shows level 1a, below the required level 1b of framework bcf");
    CHECK_THROWS_AS(scorer.score(rate(both, "2a", rb)), EvidenceError);  // not a level of bcf
}

TEST_CASE("include_lower_levels takes the indicators of the levels below, in level order",
          "[levels]") {
    const Rulebook rb = load_rulebook(data_dir / "levels/lower_levels.yaml");
    CHECK(ids(criterion(rb, "listening_cumulative").indicators) ==
          std::vector<std::string>{"hears_out", "checks_understanding", "draws_out"});
    CHECK(ids(criterion(rb, "listening_alone").indicators) ==
          std::vector<std::string>{"draws_out"});
    const Criterion& chosen = criterion(rb, "listening_chosen");
    CHECK(ids(chosen.indicators) == std::vector<std::string>{"draws_out", "hears_out"});
    CHECK(chosen.indicators[0].text == "Draws out what others leave unsaid.");
    CHECK(chosen.indicators[1].text == "Lets the other person finish speaking.");
    CHECK(chosen.indicators[1].source == "Force guidance, para 1");
}

TEST_CASE("rules --json shows levels, parents and indicator sources", "[levels]") {
    using detail::JsonValue;
    const auto criteria = [](const Rulebook& rb) {
        auto parsed = detail::parse_json(to_json(rb));
        REQUIRE(std::holds_alternative<JsonValue>(parsed));
        const JsonValue* list = std::get<JsonValue>(parsed).find("criteria");
        REQUIRE(list != nullptr);
        REQUIRE(list->array() != nullptr);
        return *list->array();
    };
    const auto text = [](const JsonValue& v, std::string_view key) {
        const JsonValue* x = v.find(key);
        return x != nullptr && x->string() != nullptr ? *x->string() : std::string("(none)");
    };
    const auto staffs = criteria(load_rulebook(data_dir / "levels/staffordshire_levels.yaml"));
    REQUIRE(staffs.size() == 2);
    const JsonValue* ref = staffs[1].find("competency");
    REQUIRE(ref != nullptr);
    REQUIRE(ref->find("parent") != nullptr);
    CHECK(text(*ref->find("parent"), "framework") == "cvf");
    CHECK(text(*ref->find("parent"), "competency") == "we_are_emotionally_aware");
    CHECK(text(*ref, "rated_on") == "level");
    REQUIRE(ref->find("levels") != nullptr);
    REQUIRE(ref->find("levels")->array() != nullptr);
    const auto& order = *ref->find("levels")->array();
    REQUIRE(order.size() == 2);
    CHECK(*order[0].string() == "1a");
    CHECK(*order[1].string() == "1b");
    CHECK(text(*staffs[1].find("scale"), "id") == "bcf-levels");

    const auto lower = criteria(load_rulebook(data_dir / "levels/lower_levels.yaml"));
    REQUIRE(lower.size() == 3);
    CHECK(text(*lower[0].find("competency"), "rated_on") == "scale");
    const auto& chosen = *lower[2].find("indicators")->array();
    REQUIRE(chosen.size() == 2);
    CHECK(text(chosen[0], "source") == "Force guidance, para 2");
    // Indicators the rulebook did not choose carry no source key.
    CHECK(text(lower[1].find("indicators")->array()->front(), "source") == "(none)");
    // A criterion that uses neither levels nor lower levels says nothing new.
    const auto plain = criteria(load_rulebook(rules_dir / "bedfordshire_pcso.yaml"));
    for (const auto& c : plain)
        if (const JsonValue* r = c.find("competency"); r != nullptr && !r->is_null())
            CHECK(r->find("rated_on") == nullptr);
}

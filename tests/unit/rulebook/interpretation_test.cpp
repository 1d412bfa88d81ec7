// Interpretations (docs/rulebook.md, "Interpretations") and the faithful
// readings of the shipped rulebooks: every reading the seeds leave open is
// recorded and printed by `rules`; held qualifications that a profile lists
// as desirable are read from facts; working-pattern wording is treated alike;
// no desirable item outweighs an essential one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "rulebook_fixtures.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/report/rulebook.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/io.hpp"
#include "util/json.hpp"

using namespace shortlist;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = SHORTLIST_SOURCE_DIR;

const std::vector<std::string> shipped = {"bedfordshire_pcso", "gloucestershire_pcso",
                                          "south_wales_pcso", "staffordshire_pcso",
                                          "unnamed_force_2008_pcso"};

Rulebook load(const std::string& stem) {
    return load_rulebook(source_dir / "rules" / (stem + ".yaml"));
}

/// The ids listed under the top-level `interpretations:` key, read from the
/// file's lines without the library: "  - id: x" until the next top-level key.
std::vector<std::string> ids_in_file(const std::string& stem) {
    std::istringstream in(detail::read_file(source_dir / "rules" / (stem + ".yaml")));
    std::vector<std::string> ids;
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] != ' ' && line[0] != '#')
            inside = line.rfind("interpretations:", 0) == 0;
        const std::string item = "  - id: ";
        if (inside && line.rfind(item, 0) == 0)
            ids.push_back(line.substr(item.size()));
    }
    return ids;
}

bool reads_fact(const Condition& c, const std::string& fact) {
    if (c.kind == Condition::Kind::Leaf)
        return c.fact == fact;
    return std::any_of(c.children.begin(), c.children.end(),
                       [&](const Condition& k) { return reads_fact(k, fact); });
}

std::vector<std::string> interpretation_ids(const Rulebook& rb) {
    std::vector<std::string> out;
    for (const auto& in : rb.interpretations)
        out.push_back(in.id);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("interpretation problems are reported at their place", "[interpretation]") {
    const std::vector<std::string> got = rulebook_test::load_errors("bad/bad_interpretation.yaml");
    const std::string f = "bad/bad_interpretation.yaml:";
    CHECK(got ==
          std::vector<std::string>{
              f + "13:5: error: interpretation 'no_alternative' needs a non-empty alternative "
                  "(an interpretation quotes the profile, states the reading taken and the "
                  "alternative not taken)",
              f + "17:5: error: interpretation 'same' gives the same text as reading and "
                  "alternative",
              f + "23:48: error: about in interpretation 'bad_refs' names undefined criterion "
                  "'writing' (criterion ids: communication)",
              f + "23:67: error: about 'fact vetting' in interpretation 'bad_refs' must be "
                  "<kind>:<id>, kind one of fact, eligibility, criterion, group, scale",
              f + "23:81: error: about 'skill:x' in interpretation 'bad_refs' must be "
                  "<kind>:<id>, kind one of fact, eligibility, criterion, group, scale",
              f + "28:5: error: duplicate interpretation id 'same' (first at line 17, column 5)",
              f + "33:5: error: interpretation id 'Bad Id' must match [a-z0-9_-]+",
              f + "38:5: error: unknown key 'notes' in interpretation 'Bad Id' (allowed: id, "
                  "about, seed_text, reading, alternative, source)",
              f + "40:14: error: reading in interpretation 'interpretations[5]' must be text, "
                  "not a list"});
}

TEST_CASE("a rulebook built in code has its interpretations checked", "[interpretation]") {
    Rulebook rb = parse_rulebook(
        "kind: rulebook\nid: x\nscales: {s: {min: 1, max: 5}}\n"
        "criteria: {essential: [{id: c, text: C, scale: s}]}\n",
        "x.yaml");
    CHECK(validate(rb).empty());
    Interpretation in;
    in.id = "grouping";
    in.about = {"group:essential", "scale:s", "group:desirable"};
    in.seed_text = "quoted";
    in.reading = "one way";
    rb.interpretations.push_back(in);
    const auto ds = validate(rb);
    REQUIRE(ds.size() == 3);
    CHECK(ds[0].message ==
          "interpretation 'grouping' needs a non-empty alternative (an interpretation quotes "
          "the profile, states the reading taken and the alternative not taken)");
    CHECK(ds[1].message ==
          "interpretation 'grouping' needs a non-empty source (an interpretation quotes the "
          "profile, states the reading taken and the alternative not taken)");
    CHECK(ds[2].message ==
          "about in interpretation 'grouping' names undefined group 'desirable' (group ids: "
          "essential)");
}

TEST_CASE("every reading a shipped rulebook records is printed by rules", "[interpretation]") {
    for (const auto& stem : shipped) {
        CAPTURE(stem);
        const Rulebook rb = load(stem);
        // The loader keeps every entry of the file, in order.
        CHECK(interpretation_ids(rb) == ids_in_file(stem));
        REQUIRE(!rb.interpretations.empty());
        std::ostringstream text;
        write_text(text, rb);
        const auto parsed = detail::parse_json(to_json(rb));
        REQUIRE(std::holds_alternative<detail::JsonValue>(parsed));
        const auto* json = std::get<detail::JsonValue>(parsed).find("interpretations");
        REQUIRE(json != nullptr);
        REQUIRE(json->array()->size() == rb.interpretations.size());
        for (std::size_t i = 0; i < rb.interpretations.size(); ++i) {
            const Interpretation& in = rb.interpretations[i];
            CAPTURE(in.id);
            for (const std::string& part :
                 {"  - " + in.id, "profile: \"" + in.seed_text + "\"", "reading: " + in.reading,
                  "alternative: " + in.alternative})
                CHECK(text.str().find(part) != std::string::npos);
            const auto& j = (*json->array())[i];
            CHECK(*j.find("id")->string() == in.id);
            CHECK(*j.find("seed_text")->string() == in.seed_text);
            CHECK(*j.find("reading")->string() == in.reading);
            CHECK(*j.find("alternative")->string() == in.alternative);
            CHECK(*j.find("source")->string() == in.source);
            CHECK(j.find("about")->array()->size() == in.about.size());
        }
    }
}

TEST_CASE("the readings the seeds leave open are recorded", "[interpretation]") {
    std::map<std::string, std::vector<std::string>> ids;
    for (const auto& stem : shipped)
        ids[stem] = interpretation_ids(load(stem));
    // The vetting order is an assumption wherever a vetting level is gated.
    for (const auto& stem : shipped) {
        CAPTURE(stem);
        const Rulebook rb = load(stem);
        CHECK(has(ids[stem], "vetting_order") == (rb.find_fact("vetting") != nullptr));
    }
    // Working patterns: the same reading in the four profiles that describe one.
    for (const auto& stem : {"bedfordshire_pcso", "gloucestershire_pcso", "staffordshire_pcso",
                             "unnamed_force_2008_pcso"})
        CHECK(has(ids[stem], "working_hours"));
    CHECK(has(ids["bedfordshire_pcso"], "transport_grouping"));
    CHECK(has(ids["south_wales_pcso"], "vetting_rv_ctc"));
    CHECK(has(ids["staffordshire_pcso"], "nvq3"));
}

TEST_CASE("Bedfordshire's licence-or-transport sentence takes the less exclusionary grouping",
          "[interpretation]") {
    const Rulebook rb = load("bedfordshire_pcso");
    const std::string head =
        "applicant_id,full_driving_licence,clean_driving_licence,vehicle_access,own_transport,"
        "lone_foot_patrol,guaranteed_interview\n";
    // B1 does not drive but can arrange own transport; B2 drives with a vehicle;
    // B3 has a licence but neither a vehicle nor own transport.
    Evidence ev = parse_applicants_csv(rb,
                                       head +
                                           "B1,false,false,false,true,true,false\n"
                                           "B2,true,true,true,false,true,false\n"
                                           "B3,true,true,false,false,true,false\n",
                                       "a.csv");
    const auto out = Scorer(rb).score(ev);
    auto failed_transport = [](const Outcome& o) {
        return std::any_of(o.failed_gates.begin(), o.failed_gates.end(),
                           [](const GateFailure& g) { return g.id == "transport"; });
    };
    CHECK_FALSE(failed_transport(out[0]));
    CHECK_FALSE(failed_transport(out[1]));
    CHECK(failed_transport(out[2]));
}

TEST_CASE("working-pattern wording is a gate in no shipped rulebook", "[interpretation]") {
    for (const auto& stem : shipped) {
        CAPTURE(stem);
        const Rulebook rb = load(stem);
        for (const auto& fact : {"shift_working", "weekend_working", "public_holiday_working"}) {
            CHECK(rb.find_fact(fact) == nullptr);
            for (const auto& c : rb.eligibility)
                CHECK_FALSE(reads_fact(c, fact));
        }
    }
}

TEST_CASE("a desirable item counts for no more than an essential one", "[interpretation]") {
    for (const auto& stem : shipped) {
        CAPTURE(stem);
        const Rulebook rb = load(stem);
        const auto eff = effective_weights(rb);
        double least_essential = 1, most_desirable = 0;
        for (std::size_t i = 0; i < rb.criteria.size(); ++i) {
            if (rb.criteria[i].group == Group::Essential && rb.criteria[i].weight > 0)
                least_essential = std::min(least_essential, eff[i]);
            if (rb.criteria[i].group == Group::Desirable)
                most_desirable = std::max(most_desirable, eff[i]);
        }
        CHECK(most_desirable <= least_essential);
    }
}

TEST_CASE("a held qualification listed as desirable is read from a fact", "[interpretation]") {
    // Consistency: every criterion on a held/not-held scale takes its value
    // from a fact, in every rulebook.
    for (const auto& stem : shipped) {
        CAPTURE(stem);
        const Rulebook rb = load(stem);
        for (const auto& c : rb.criteria)
            if (c.scale == "held")
                CHECK(c.from_fact.has_value());
    }
    // The example applicants' fact decides the score: 1 where the column says
    // true, 0 where false, though no assessor rated the criterion.
    const std::string applicants = detail::read_file(source_dir / "examples/data/applicants.csv");
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases = {
        {"south_wales_pcso", "south-wales-pcso", "driving_licence", "clean_driving_licence"},
        {"staffordshire_pcso", "staffordshire-pcso", "nvq3", "nvq_level_3"}};
    for (const auto& [stem, id, criterion, fact] : cases) {
        CAPTURE(stem);
        const Rulebook rb = load(stem);
        const std::size_t k = rb.find_criterion(criterion);
        REQUIRE(k != Rulebook::npos);
        REQUIRE(rb.criteria[k].from_fact);
        CHECK(rb.criteria[k].from_fact->fact == fact);
        const std::string ratings =
            detail::read_file(source_dir / "examples/data/ratings" / (id + ".csv"));
        CHECK(ratings.find("," + criterion + ",") == std::string::npos);
        Evidence ev = parse_applicants_csv(rb, applicants, "applicants.csv");
        parse_ratings_csv(rb, ev, ratings, "ratings.csv");
        const auto out = Scorer(rb).score(ev);
        // The fact's column, read from the CSV text without the library (the
        // example file quotes no commas).
        std::istringstream in(applicants);
        std::map<std::string, std::string> value;
        std::size_t column = 0;
        for (std::string line; std::getline(in, line);) {
            std::vector<std::string> cells;
            std::stringstream row(line);
            for (std::string cell; std::getline(row, cell, ',');)
                cells.push_back(cell);
            if (cells[0] == "applicant_id")
                column = static_cast<std::size_t>(std::find(cells.begin(), cells.end(), fact) -
                                                  cells.begin());
            else
                value[cells[0]] = column < cells.size() ? cells[column] : "";
        }
        std::size_t held = 0;
        for (const auto& o : out) {
            CAPTURE(o.id.value());
            const auto& r = o.criteria[k];
            REQUIRE(r.raw.has_value());
            CHECK(*r.raw == (value[o.id.value()] == "true" ? 1.0 : 0.0));
            held += value[o.id.value()] == "true";
        }
        CHECK(held > 0);
        // Staffordshire's NVQ is drawn for about a third of applicants, so
        // both values occur; the clean licence is held by nearly everyone
        // (Bedfordshire's transport gate asks for it).
        if (fact == "nvq_level_3")
            CHECK(held < out.size());
    }
}

// Stages (docs/rulebook.md, "Stages"): the shipped rulebooks put their
// pre-employment checks after the sift, where they are conditions of an offer
// and their facts may be missing; a rulebook without `stage:` scores as before.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/json.hpp"

using namespace shortlist;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = SHORTLIST_SOURCE_DIR;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Shipped {
    std::string stem;                      ///< rules/<stem>.yaml
    std::string id;                        ///< examples/data/ratings/<id>.csv
    std::set<std::string> pre_employment;  ///< eligibility ids moved to pre_employment
};

const std::vector<Shipped> shipped = {
    {"bedfordshire_pcso", "bedfordshire-pcso", {"lone_foot_patrol"}},
    {"gloucestershire_pcso", "gloucestershire-pcso", {"vetting"}},
    {"south_wales_pcso", "south-wales-pcso", {"vetting"}},
    {"staffordshire_pcso", "staffordshire-pcso", {"fitness"}},
    {"unnamed_force_2008_pcso", "unnamed-force-pcso", {"vetting", "medical_clearance"}},
};

/// The example applicants without the columns of the checks made after an
/// offer (vetting, medical clearance, the fitness test).
std::string applicants_without_checks() {
    const std::set<std::string> drop = {"vetting", "medical_clearance", "bleep_test_level"};
    std::istringstream in(slurp(source_dir / "examples/data/applicants.csv"));
    std::string line, out;
    std::vector<bool> keep;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream row(line);
        for (std::string cell; std::getline(row, cell, ',');)
            cells.push_back(cell);
        if (!line.empty() && line.back() == ',')
            cells.emplace_back();  // getline drops an empty last cell
        if (keep.empty())
            for (const auto& c : cells)
                keep.push_back(drop.count(c) == 0);
        REQUIRE(cells.size() == keep.size());  // the example file quotes no commas
        std::string kept;
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (keep[i])
                kept += (kept.empty() ? "" : ",") + cells[i];
        out += kept + '\n';
    }
    REQUIRE(std::count(keep.begin(), keep.end(), false) == 3);
    return out;
}

std::vector<Outcome> score_text(const Rulebook& rb, const std::string& applicants,
                                const std::string& id) {
    Evidence ev = parse_applicants_csv(rb, applicants, "applicants.csv");
    parse_ratings_csv(rb, ev, slurp(source_dir / "examples/data/ratings" / (id + ".csv")),
                      id + ".csv");
    return Scorer(rb).score(ev);
}

}  // namespace

TEST_CASE("rules --json gives every criterion and eligibility item a stage", "[stage]") {
    for (const auto& s : shipped) {
        CAPTURE(s.stem);
        const Rulebook rb = load_rulebook(source_dir / "rules" / (s.stem + ".yaml"));
        const auto parsed = detail::parse_json(to_json(rb));
        REQUIRE(std::holds_alternative<detail::JsonValue>(parsed));
        const auto& doc = std::get<detail::JsonValue>(parsed);
        const auto* criteria = doc.find("criteria");
        REQUIRE(criteria != nullptr);
        for (const auto& c : *criteria->array()) {
            REQUIRE(c.find("stage") != nullptr);
            CHECK(*c.find("stage")->string() == "sift");
        }
        std::set<std::string> later;
        for (const auto& c : *doc.find("eligibility")->array()) {
            REQUIRE(c.find("stage") != nullptr);
            if (*c.find("stage")->string() == "pre_employment")
                later.insert(*c.find("id")->string());
            else
                CHECK(*c.find("stage")->string() == "sift");
        }
        CHECK(later == s.pre_employment);
    }
}

TEST_CASE("applicants with no vetting, medical or fitness columns score against all five",
          "[stage]") {
    const std::string applicants = applicants_without_checks();
    for (const auto& s : shipped) {
        CAPTURE(s.stem);
        const Rulebook rb = load_rulebook(source_dir / "rules" / (s.stem + ".yaml"));
        std::vector<std::string> checks;  // the conditions each applicant must carry
        for (const auto& c : rb.eligibility)
            if (s.pre_employment.count(c.id) > 0)
                checks.push_back("pre_employment check: " + c.text);
        REQUIRE(checks.size() == s.pre_employment.size());
        const auto outcomes = score_text(rb, applicants, s.id);
        REQUIRE(outcomes.size() > 100);
        std::size_t eligible = 0;
        for (const auto& o : outcomes) {
            CAPTURE(o.id.value());
            for (const auto& g : o.failed_gates)
                CHECK(s.pre_employment.count(g.id) == 0);
            if (!s.pre_employment.empty())
                CHECK(o.stage == Stage::Sift);
            if (o.eligible())
                ++eligible;
            for (const auto& check : checks)
                CHECK(std::find(o.conditions.begin(), o.conditions.end(), check) !=
                      o.conditions.end());
        }
        CHECK(eligible > 0);
        CHECK(select(rb, outcomes).shortlisted > 0);
    }
}

TEST_CASE("at the pre-employment stage the checks are gates again", "[stage]") {
    Rulebook rb = load_rulebook(source_dir / "rules/unnamed_force_2008_pcso.yaml");
    const std::string applicants = slurp(source_dir / "examples/data/applicants.csv");
    const auto sift = score_text(rb, applicants, "unnamed-force-pcso");
    rb.stage = Stage::PreEmployment;
    const auto later = score_text(rb, applicants, "unnamed-force-pcso");
    REQUIRE(sift.size() == later.size());
    // The example data has applicants short of RV vetting or of above-standard
    // medical clearance: gates at pre_employment, never at the sift.
    std::size_t failed = 0;
    for (std::size_t i = 0; i < sift.size(); ++i) {
        for (const auto& g : sift[i].failed_gates)
            CHECK((g.id != "vetting" && g.id != "medical_clearance"));
        for (const auto& g : later[i].failed_gates)
            if (g.id == "vetting" || g.id == "medical_clearance")
                ++failed;
        CHECK(later[i].stage == Stage::PreEmployment);
        CHECK(std::none_of(later[i].conditions.begin(), later[i].conditions.end(),
                           [](const std::string& c) { return c.find(" check: ") != c.npos; }));
        CHECK(sift[i].total == later[i].total);
    }
    CHECK(failed > 0);
}

TEST_CASE("a rulebook without stage keys gates as before", "[stage]") {
    // The unnamed force's rulebook with its `stage:` lines taken out: vetting
    // and medical clearance are sift gates, as before stages existed.
    const std::string text =
        std::regex_replace(slurp(source_dir / "rules/unnamed_force_2008_pcso.yaml"),
                           std::regex("\n *stage: [a-z_]+"), "");
    const Rulebook rb = parse_rulebook(text, "copy.yaml");
    CHECK_FALSE(uses_stages(rb));
    CHECK(to_json(rb).find("\"stage\": \"pre_employment\"") == std::string::npos);
    const auto outcomes =
        score_text(rb, slurp(source_dir / "examples/data/applicants.csv"), "unnamed-force-pcso");
    std::size_t vetting = 0;
    for (const auto& o : outcomes) {
        CHECK_FALSE(o.stage);
        for (const auto& c : o.conditions)
            CHECK(c.find(" check: ") == std::string::npos);
        for (const auto& g : o.failed_gates)
            if (g.id == "vetting")
                ++vetting;
    }
    CHECK(vetting > 0);
    // Without the vetting column the copy cannot be scored: the column is required.
    CHECK_THROWS_AS(parse_applicants_csv(rb, "applicant_id,medical_clearance\nA1,none\n", "a.csv"),
                    EvidenceError);
}

TEST_CASE("a criterion of a later stage is left out of the total until then", "[stage]") {
    const std::string text = R"(kind: rulebook
id: staged
scales:
  s: {min: 0, max: 4}
criteria:
  essential:
    - {id: written, text: Written application, scale: s}
    - {id: interview, text: Interview, scale: s, stage: interview}
)";
    Rulebook rb = parse_rulebook(text, "staged.yaml");
    const std::string applicants = "applicant_id\nA1\n";
    const std::string ratings =
        "applicant_id,criterion,assessor,score\nA1,written,x,4\nA1,interview,x,0\n";
    const auto run = [&] {
        Evidence ev = parse_applicants_csv(rb, applicants, "a.csv");
        parse_ratings_csv(rb, ev, ratings, "r.csv");
        return Scorer(rb).score(ev).front();
    };
    const Outcome sift = run();
    CHECK(sift.total == 100);  // only the written application counts
    CHECK(sift.eligible());
    REQUIRE(sift.criteria.size() == 2);
    CHECK(sift.criteria[1].status == CriterionStatus::NotApplicable);
    CHECK(sift.notes ==
          std::vector<std::string>{"interview: criterion 'interview' is scored at that stage, "
                                   "not this one"});
    rb.stage = Stage::Interview;
    const Outcome interview = run();
    CHECK(interview.total == 50);  // (4/4 + 0/4) / 2
    CHECK(interview.criteria[1].status == CriterionStatus::Scored);
}

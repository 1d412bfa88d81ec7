// Criteria that score a fact (docs/rulebook.md, "Facts that score"):
// from_fact names the fact, fact_scores gives each of its values a point on
// the criterion's scale; an absent fact is missing evidence as for ratings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rulebook_fixtures.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"

using namespace shortlist;

namespace {

const std::string rulebook_text = R"(kind: rulebook
id: facts-score
scales:
  sift5: {min: 1, max: 5}
  held: {min: 0, max: 1}
facts:
  licence: {type: boolean}
  nvq: {type: ordinal, values: [none, level2, level3]}
groups:
  essential: {weight: 1}
  desirable: {weight: 1}
criteria:
  essential:
    - {id: writing, text: Writes well, scale: sift5}
  desirable:
    - id: driving_licence
      text: Holds a full driving licence
      scale: held
      from_fact: licence
      fact_scores: {true: 1, false: 0}
    - id: nvq3
      text: Holds an NVQ level 3
      scale: held
      minimum: 1
      may_be_met_later: Obtain an NVQ level 3 within a year
      from_fact: nvq
      fact_scores: {none: 0, level2: 0, level3: 1}
)";

}  // namespace

TEST_CASE("a criterion takes its score from a fact", "[from_fact]") {
    const Rulebook rb = parse_rulebook(rulebook_text, "facts.yaml");
    const std::size_t d = rb.find_criterion("driving_licence");
    REQUIRE(rb.criteria[d].from_fact);
    CHECK(rb.criteria[d].from_fact->fact == "licence");
    CHECK(rb.criteria[d].from_fact->scores ==
          std::vector<std::pair<std::string, double>>{{"true", 1}, {"false", 0}});
    const std::string json = to_json(rb);
    CHECK(json.find("\"from_fact\": \"licence\"") != std::string::npos);
    CHECK(json.find("\"from_fact\": \"nvq\"") != std::string::npos);

    Evidence ev = parse_applicants_csv(rb,
                                       "applicant_id,licence,nvq\n"
                                       "A1,true,level3\n"
                                       "A2,false,level2\n"
                                       "A3,,\n",
                                       "a.csv");
    // A rating of a fact criterion does not count: the fact decides.
    parse_ratings_csv(rb, ev,
                      "applicant_id,criterion,assessor,score\n"
                      "A1,writing,x,5\nA2,writing,x,5\nA3,writing,x,5\nA2,driving_licence,x,1\n",
                      "r.csv");
    const auto out = Scorer(rb).score(ev);
    REQUIRE(out.size() == 3);
    // A1: essential 1, desirable (1 + 1) / 2 = 1 -> 100.
    CHECK(out[0].total == 100);
    CHECK(out[0].criteria[d].raw == 1.0);
    CHECK(out[0].conditions.empty());
    // A2: desirable 0 -> 50; below the NVQ minimum, met later: a condition.
    CHECK(out[1].total == 50);
    CHECK(out[1].criteria[d].raw == 0.0);
    CHECK(out[1].eligible());
    CHECK(out[1].conditions == std::vector<std::string>{"Obtain an NVQ level 3 within a year"});
    // A3: both facts absent -> missing evidence, scored 0; the NVQ gate is met later.
    CHECK(out[2].criteria[d].status == CriterionStatus::Missing);
    CHECK(out[2].total == 50);
    CHECK(out[2].eligible());
}

TEST_CASE("from_fact problems are reported at their place", "[from_fact]") {
    const std::vector<std::string> got = rulebook_test::load_errors("bad/bad_from_fact.yaml");
    CHECK(got == std::vector<std::string>{
                     "bad/bad_from_fact.yaml:16:7: error: criterion 'no_scores' has from_fact "
                     "but no fact_scores (from_fact and fact_scores go together)",
                     "bad/bad_from_fact.yaml:20:18: error: from_fact of criterion "
                     "'level_fact' names level fact 'bleep' (a criterion scores a boolean "
                     "fact, or an ordinal or string fact with declared values)",
                     "bad/bad_from_fact.yaml:25:18: error: undefined fact 'nvq3' in "
                     "from_fact of criterion 'undeclared' (declared facts: licence, bleep, "
                     "vetting)",
                     "bad/bad_from_fact.yaml:31:7: error: fact_scores of criterion "
                     "'incomplete' gives no score for value(s) of fact 'vetting': CTC",
                     "bad/bad_from_fact.yaml:31:41: error: fact_scores of criterion "
                     "'incomplete' scores 'SC', which is not a value of fact 'vetting' "
                     "(none, RV, CTC)",
                     "bad/bad_from_fact.yaml:35:18: error: criterion 'off_scale' takes its "
                     "value from a fact: it has no indicators and no framework",
                     "bad/bad_from_fact.yaml:36:27: error: score 6 for 'true' in fact_scores "
                     "of criterion 'off_scale' is outside scale 'sift5' (1..5)"});
}

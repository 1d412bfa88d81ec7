// Rulebook loading, validation, effective weights and JSON output.
//
// Data: tests/data/good/rulebook.yaml uses every feature of the schema, with
// tests/data/frameworks/test_cvf.yaml; tests/data/bad/ holds one file per kind
// of error, whose complete messages are asserted below.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "rulebook/check.hpp"
#include "shortlist/rulebook.hpp"
#include "util/json.hpp"

using namespace shortlist;
namespace fs = std::filesystem;

namespace {

using Expected = std::vector<std::string>;

const std::string data_dir = SHORTLIST_TEST_DATA;

fs::path data(const std::string& relative) {
    return fs::path(data_dir) / relative;
}

/// "file:line:col: error: message" with the test data directory left out.
std::string relative(std::string s) {
    const std::string prefix = data_dir + "/";
    for (auto at = s.find(prefix); at != std::string::npos; at = s.find(prefix))
        s.erase(at, prefix.size());
    return s;
}

std::vector<std::string> messages(const std::vector<Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds)
        out.push_back(relative(format(d)));
    return out;
}

const Rulebook& good() {
    static const Rulebook rb = load_rulebook(data("good/rulebook.yaml"));
    return rb;
}

/// A small valid rulebook as text, for tests that build variants of it.
std::string minimal(const std::string& extra = {}) {
    return "kind: rulebook\n"
           "id: minimal\n"
           "scales: {sift5: {min: 1, max: 5}}\n"
           "facts: {f: {type: boolean}}\n"
           "criteria:\n"
           "  essential: [{id: c, text: C, scale: sift5}]\n" +
           extra;
}

}  // namespace

TEST_CASE("enum names round-trip", "[rulebook]") {
    for (Group g : {Group::Essential, Group::Desirable, Group::Competency})
        CHECK(parse_group(to_string(g)) == g);
    CHECK(to_string(Group::Competency) == "competency");
    CHECK_FALSE(parse_group("Essential"));
    for (Aggregation a : {Aggregation::WeightedMean, Aggregation::WeightedGeometricMean})
        CHECK(parse_aggregation(to_string(a)) == a);
    CHECK(to_string(Aggregation::WeightedGeometricMean) == "weighted_geometric_mean");
    for (TiePolicy t : {TiePolicy::IncludeAll, TiePolicy::BreakBy})
        CHECK(parse_tie_policy(to_string(t)) == t);
    CHECK(to_string(TiePolicy::BreakBy) == "break_by");
    for (Op op : {Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::In, Op::Exists})
        CHECK(parse_op(to_string(op)) == op);
    CHECK(to_string(Op::Exists) == "exists");
    CHECK_FALSE(parse_op("equals"));
    for (FactType t : {FactType::Boolean, FactType::Number, FactType::String, FactType::Level,
                       FactType::Ordinal})
        CHECK(parse_fact_type(to_string(t)) == t);
    CHECK(to_string(FactType::Ordinal) == "ordinal");
    for (Stage st : {Stage::Sift, Stage::Assessment, Stage::Interview, Stage::PreEmployment})
        CHECK(parse_stage(to_string(st)) == st);
    CHECK(to_string(Stage::PreEmployment) == "pre_employment");
    CHECK_FALSE(parse_stage("Sift"));
    CHECK(to_string(Condition::Kind::Any) == "any");
}

TEST_CASE("identifier and level forms", "[rulebook]") {
    CHECK(detail::is_id("staffordshire-pcso_2"));
    CHECK_FALSE(detail::is_id(""));
    CHECK_FALSE(detail::is_id("Upper"));
    CHECK(detail::is_criterion_id("we_analyse_critically"));
    CHECK_FALSE(detail::is_criterion_id("has-dash"));
    for (const char* ok : {"5", "5.4", "10.2.1", "0"})
        CHECK(detail::is_level_text(ok));
    for (const char* bad : {"", ".5", "5.", "5..4", "5.4a", "-1", "5 4"})
        CHECK_FALSE(detail::is_level_text(bad));
}

TEST_CASE("the good rulebook loads with every feature", "[rulebook]") {
    const Rulebook& rb = good();
    CHECK(rb.id == "test-pcso");
    CHECK(rb.title == "Test Police Community Support Officer");
    CHECK(rb.organisation == "Test Constabulary");
    CHECK(rb.grade == "E");
    CHECK(rb.version == "1.2");
    CHECK(rb.path == data("good/rulebook.yaml"));
    CHECK(rb.aggregation == Aggregation::WeightedGeometricMean);
    CHECK(rb.group_weights == GroupWeights{40, 20, 40});

    REQUIRE(rb.frameworks.size() == 1);
    CHECK(rb.frameworks[0].id == "cvf");
    CHECK(rb.frameworks[0].title == "Test Competency Framework");
    CHECK(rb.frameworks[0].path == "../frameworks/test_cvf.yaml");
    CHECK(rb.frameworks[0].resolved_path == data("frameworks/test_cvf.yaml"));

    REQUIRE(rb.scales.size() == 2);
    const Scale* sift5 = rb.find_scale("sift5");
    REQUIRE(sift5 != nullptr);
    CHECK(sift5->min == 1);
    CHECK(sift5->max == 5);
    CHECK(sift5->labels == std::vector<std::string>{"No evidence", "Limited evidence", "Acceptable",
                                                    "Good", "Excellent"});
    CHECK(sift5->location == SourceLocation{data("good/rulebook.yaml").string(), 14, 3});
    CHECK(rb.find_scale("yesno")->labels.empty());
    CHECK(rb.find_scale("nope") == nullptr);

    REQUIRE(rb.facts.size() == 9);
    const FactSpec* vetting = rb.find_fact("vetting");
    REQUIRE(vetting != nullptr);
    CHECK(vetting->type == FactType::Ordinal);
    CHECK(vetting->values == std::vector<std::string>{"none", "RV", "CTC", "SC", "DV"});
    CHECK(vetting->text == "Vetting cleared");
    CHECK(rb.find_fact("bleep_test_level")->type == FactType::Level);
    CHECK(rb.find_fact("bmi")->type == FactType::Number);
    CHECK(rb.find_fact("qualification")->values.size() == 3);
    CHECK(rb.find_fact("nope") == nullptr);

    CHECK(rb.notes ==
          std::vector<RulebookNote>{{"Values: Public Service, Integrity apply to all roles; "
                                     "not marked at shortlisting",
                                     "Personal Values"},
                                    {"Working pattern is recorded only", ""}});
    CHECK(rb.shortlist.pass_mark == 50.0);
    CHECK(rb.shortlist.top == std::size_t{20});
    CHECK(rb.shortlist.ties == TiePolicy::BreakBy);
    CHECK(rb.shortlist.tie_break == std::vector<std::string>{"competency", "communication"});
    CHECK(rb.shortlist.guaranteed_interview_fact == "guaranteed_interview");
    CHECK(rb.moderation.threshold == 1.5);
    CHECK_FALSE(rb.moderation.min_severity.has_value());
}

TEST_CASE("conditions are typed by their fact", "[rulebook]") {
    const auto& e = good().eligibility;
    REQUIRE(e.size() == 6);
    CHECK(e[0].id == "driving_licence");
    CHECK(e[0].text == "Full driving licence to drive a manual vehicle");
    CHECK(e[0].source == "Special Conditions - Full Driving Licence");
    CHECK(e[0].kind == Condition::Kind::Leaf);
    CHECK(e[0].fact == "full_driving_licence");
    CHECK(e[0].op == Op::Eq);
    CHECK(e[0].values == std::vector<Value>{true});
    // No id: named by position. A level written 5.4 is kept as its text.
    CHECK(e[1].id == "eligibility[1]");
    CHECK(e[1].values == std::vector<Value>{std::string("5.4")});
    CHECK(e[1].location == SourceLocation{data("good/rulebook.yaml").string(), 43, 5});

    const Condition& education = e[2];
    CHECK(education.kind == Condition::Kind::Any);
    REQUIRE(education.children.size() == 3);
    CHECK(education.children[0].id.empty());  // nested conditions get no default id
    const Condition& all = education.children[2];
    CHECK(all.kind == Condition::Kind::All);
    REQUIRE(all.children.size() == 2);
    CHECK(all.children[0].op == Op::In);
    CHECK(all.children[0].values == std::vector<Value>{std::string("nvq2"), std::string("nvq3")});
    const Condition& negation = all.children[1];
    CHECK(negation.kind == Condition::Kind::Not);
    REQUIRE(negation.children.size() == 1);
    CHECK(negation.children[0].id == "under_18");
    CHECK(negation.children[0].op == Op::Lt);
    CHECK(negation.children[0].values == std::vector<Value>{18.0});

    CHECK(e[3].values == std::vector<Value>{std::string("CTC")});
    CHECK(e[4].op == Op::Exists);
    CHECK(e[4].values == std::vector<Value>{true});
    CHECK(e[5].op == Op::Ne);
}

TEST_CASE("criteria are ordered by group and competencies expanded", "[rulebook]") {
    const auto& cs = good().criteria;
    REQUIRE(cs.size() == 6);
    const std::vector<std::string> ids = {"communication",         "welsh",
                                          "local_knowledge",       "second_language",
                                          "we_analyse_critically", "we_are_collaborative"};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CHECK(cs[i].id.value() == ids[i]);
        CHECK(good().find_criterion(ids[i]) == i);
    }
    CHECK(good().find_criterion("nope") == Rulebook::npos);
    CHECK(cs[0].group == Group::Essential);
    CHECK(cs[2].group == Group::Desirable);
    CHECK(cs[5].group == Group::Competency);

    const Criterion& comm = cs[0];
    CHECK(comm.text == "Good verbal communication skills");
    CHECK(comm.source == "Skills > Essential, bullet 2");
    CHECK(comm.scale == "sift5");
    CHECK(comm.weight == 3);
    CHECK(comm.minimum == 3.0);
    CHECK(comm.indicators == std::vector<Indicator>{{"listens", "Listens to others", {}},
                                                    {"explains", "Explains things clearly", {}}});
    CHECK_FALSE(comm.competency);
    CHECK(cs[1].may_be_met_later == "Obtain Welsh Level 2 within 12 months of appointment");
    CHECK(cs[2].weight == 1);  // default
    CHECK_FALSE(cs[2].minimum);

    // Text, indicators and minimum from the framework level.
    const Criterion& analyse = cs[4];
    CHECK(analyse.text == "We analyse critically");
    CHECK(analyse.minimum == 3.0);
    CHECK(analyse.indicators ==
          std::vector<Indicator>{{"think_critically", "I think critically about issues.", {}},
                                 {"use_evidence", "I use evidence to make decisions.", {}}});
    REQUIRE(analyse.competency);
    CHECK(analyse.competency->framework == "cvf");
    CHECK(analyse.competency->competency == "we_analyse_critically");
    CHECK(analyse.competency->level == "practitioner");
    // The framework's levels, lowest first, as its file lists them.
    CHECK(analyse.competency->levels == std::vector<std::string>{"practitioner", "supervisor"});
    CHECK(analyse.competency->rated_on == RatedOn::Scale);
    // Own text and minimum win over the framework's; indicators still come from it.
    const Criterion& collab = cs[5];
    CHECK(collab.text == "Works well with others");
    CHECK(collab.minimum == 2.0);
    CHECK(collab.indicators ==
          std::vector<Indicator>{{"work_together", "I work with others to get things done.", {}}});
}

TEST_CASE("good files validate clean", "[rulebook]") {
    CHECK(messages(validate_file(data("good/rulebook.yaml"))).empty());
    CHECK(messages(validate_file(data("frameworks/test_cvf.yaml"))).empty());
    CHECK(messages(validate(good())).empty());
}

TEST_CASE("effective weights, hand-computed", "[rulebook]") {
    // Groups 40/20/40 of 100. Essential 3 and 1 of 4; desirable 1 and 0 of 1;
    // competency 2 and 1 of 3.
    const auto w = effective_weights(good());
    const std::vector<double> expected = {0.4 * 3 / 4, 0.4 * 1 / 4, 0.2,
                                          0.0,         0.4 * 2 / 3, 0.4 * 1 / 3};
    REQUIRE(w.size() == expected.size());
    double sum = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        CHECK(w[i] == Approx(expected[i]).epsilon(1e-12));
        sum += w[i];
    }
    CHECK(sum == Approx(1.0).epsilon(1e-12));
    CHECK(w[0] == 0.3);  // one rounding: exactly the double nearest 0.3

    // A group without criteria takes no share: essential 40 and competency 40
    // of 80 (desirable's 20 is left out).
    Rulebook rb;
    rb.scales.push_back({"s", 1, 5, {}, {}});
    rb.group_weights = {40, 20, 40};
    rb.criteria.push_back(
        {CriterionId("a"), Group::Essential, "A", "", "s", 1, {}, {}, {}, {}, {}, {}, {}});
    rb.criteria.push_back(
        {CriterionId("b"), Group::Competency, "B", "", "s", 3, {}, {}, {}, {}, {}, {}, {}});
    rb.criteria.push_back(
        {CriterionId("c"), Group::Competency, "C", "", "s", 1, {}, {}, {}, {}, {}, {}, {}});
    const auto w2 = effective_weights(rb);
    REQUIRE(w2.size() == 3);
    CHECK(w2[0] == Approx(0.5).epsilon(1e-12));
    CHECK(w2[1] == Approx(0.375).epsilon(1e-12));
    CHECK(w2[2] == Approx(0.125).epsilon(1e-12));
    CHECK(validate(rb).empty());
}

TEST_CASE("to_json writes the compiled rulebook", "[rulebook]") {
    using detail::JsonValue;
    const std::string text = to_json(good());
    CHECK(text == to_json(good()));  // deterministic
    auto parsed = detail::parse_json(text);
    REQUIRE(std::holds_alternative<JsonValue>(parsed));
    const JsonValue* doc = &std::get<JsonValue>(parsed);
    REQUIRE(doc->object() != nullptr);

    std::vector<std::string> keys;
    for (const auto& m : *doc->object())
        keys.push_back(m.key);
    CHECK(keys == std::vector<std::string>{"id",
                                           "title",
                                           "organisation",
                                           "grade",
                                           "version",
                                           "source",
                                           "aggregation",
                                           "pass_mark",
                                           "top",
                                           "ties",
                                           "tie_break",
                                           "groups",
                                           "scales",
                                           "facts",
                                           "criteria",
                                           "eligibility",
                                           "guaranteed_interview_fact",
                                           "moderation",
                                           "frameworks",
                                           "notes",
                                           "monitoring_only"});

    // Null-safe navigation, so that a missing key fails a CHECK, not the run.
    auto get = [](const JsonValue* v, std::string_view k) { return v ? v->find(k) : nullptr; };
    auto item = [](const JsonValue* v, std::size_t i) -> const JsonValue* {
        return v && v->array() && i < v->array()->size() ? &(*v->array())[i] : nullptr;
    };
    auto str = [](const JsonValue* v) { return v && v->string() ? *v->string() : "?"; };
    auto num = [](const JsonValue* v) { return v && v->number() ? *v->number() : -1.0; };
    auto null = [](const JsonValue* v) { return v && v->is_null(); };

    CHECK(str(get(doc, "id")) == "test-pcso");
    CHECK(str(get(doc, "version")) == "1.2");
    CHECK(str(get(doc, "aggregation")) == "weighted_geometric_mean");
    CHECK(num(get(doc, "pass_mark")) == 50);
    CHECK(num(get(get(doc, "moderation"), "threshold")) == 1.5);
    CHECK(null(get(get(doc, "moderation"), "min_severity")));
    CHECK(num(get(doc, "top")) == 20);
    CHECK(str(get(doc, "ties")) == "break_by");
    CHECK(str(item(get(doc, "tie_break"), 1)) == "communication");
    CHECK(num(get(get(get(doc, "groups"), "desirable"), "weight")) == 20);
    const JsonValue* sift5 = get(get(doc, "scales"), "sift5");
    CHECK(num(get(sift5, "min")) == 1);
    CHECK(str(get(get(sift5, "labels"), "3")) == "Acceptable");
    CHECK(str(get(get(get(doc, "facts"), "vetting"), "type")) == "ordinal");
    CHECK(str(item(get(get(get(doc, "facts"), "vetting"), "values"), 2)) == "CTC");
    CHECK(str(get(doc, "guaranteed_interview_fact")) == "guaranteed_interview");
    CHECK(str(get(get(get(doc, "frameworks"), "cvf"), "path")) == "../frameworks/test_cvf.yaml");
    CHECK(str(get(item(get(doc, "notes"), 1), "text")) == "Working pattern is recorded only");

    const JsonValue* criteria = get(doc, "criteria");
    const JsonValue* comm = item(criteria, 0);
    CHECK(str(get(comm, "id")) == "communication");
    CHECK(str(get(comm, "group")) == "essential");
    CHECK(num(get(comm, "weight")) == 3);
    CHECK(num(get(comm, "effective_weight")) == 0.3);
    CHECK(num(get(comm, "minimum")) == 3);
    CHECK(str(get(get(comm, "scale"), "id")) == "sift5");
    CHECK(num(get(get(comm, "scale"), "max")) == 5);
    CHECK(str(get(item(get(comm, "indicators"), 1), "id")) == "explains");
    CHECK(null(get(comm, "competency")));
    CHECK(null(get(comm, "may_be_met_later")));
    CHECK(str(get(item(criteria, 1), "may_be_met_later")) ==
          "Obtain Welsh Level 2 within 12 months of appointment");
    CHECK(null(get(item(criteria, 2), "minimum")));
    const JsonValue* analyse = item(criteria, 4);
    CHECK(num(get(analyse, "effective_weight")) == Approx(0.4 * 2 / 3).epsilon(1e-12));
    CHECK(str(get(get(analyse, "competency"), "level")) == "practitioner");
    CHECK(str(get(item(get(analyse, "indicators"), 0), "id")) == "think_critically");
    CHECK(item(criteria, 6) == nullptr);

    const JsonValue* eligibility = get(doc, "eligibility");
    const JsonValue* licence = get(item(eligibility, 0), "value");
    CHECK((licence && licence->boolean() && *licence->boolean()));
    CHECK(str(get(item(eligibility, 1), "id")) == "eligibility[1]");
    CHECK(str(get(item(eligibility, 1), "value")) == "5.4");
    const JsonValue* any = get(item(eligibility, 2), "any");
    CHECK(null(get(item(any, 0), "id")));
    const JsonValue* all = get(item(any, 2), "all");
    CHECK(str(get(item(all, 0), "op")) == "in");
    CHECK(str(item(get(item(all, 0), "values"), 1)) == "nvq3");
    const JsonValue* under18 = get(item(all, 1), "not");
    CHECK(str(get(under18, "id")) == "under_18");
    CHECK(num(get(under18, "value")) == 18);
}

TEST_CASE("each bad file reports its problems, exactly and all at once", "[rulebook]") {
    using Expected = std::vector<std::string>;
    // clang-format off
    const auto [file, expected] = GENERATE(table<std::string, Expected>({
        {"bad/alias_bomb.yaml",
         {"bad/alias_bomb.yaml:10:1: error: unknown key 'bombs' in rulebook (allowed: kind, id, title, organisation, grade, version, source, frameworks, scales, facts, eligibility, groups, aggregation, criteria, shortlist, notes, moderation, monitoring_only, stage, interpretations)",
          "bad/alias_bomb.yaml:11:16: error: document has more than 1000000 nodes once aliases are expanded; refused"}},
        {"bad/bad_stage.yaml",
         {"bad/bad_stage.yaml:3:8: error: stage in rulebook must be one of sift, assessment, interview, pre_employment, not 'shortlisting'",
          "bad/bad_stage.yaml:14:12: error: stage in condition 'vetting' must be one of sift, assessment, interview, pre_employment, not 'after_offer'",
          "bad/bad_stage.yaml:17:46: error: key 'stage' in condition 'either.any[0]' is only for a top-level eligibility item (a part takes the stage of the item it is in)",
          "bad/bad_stage.yaml:24:14: error: stage in criterion 'communication' must be text, not a list"}},
        {"bad/bad_id.yaml",
         {"bad/bad_id.yaml:2:5: error: rulebook id 'Bad Example' must match [a-z0-9_-]+",
          "bad/bad_id.yaml:4:3: error: scale id 'Sift5' must match [a-z0-9_-]+",
          "bad/bad_id.yaml:6:3: error: fact name 'Has Licence' must match [a-z0-9_-]+",
          "bad/bad_id.yaml:8:10: error: condition id 'Licence!' must match [a-z0-9_-]+",
          "bad/bad_id.yaml:11:11: error: criterion id 'communication-skills' must match [a-z0-9_]+",
          "bad/bad_id.yaml:15:16: error: indicator id 'Listens' must match [a-z0-9_]+"}},
        {"bad/bad_level.yaml",
         {"bad/bad_level.yaml:12:14: error: undefined level 'chief_constable' in criterion 'we_analyse_critically' (competency 'we_analyse_critically' has levels: practitioner, supervisor)"}},
        {"bad/competency_keys.yaml",
         {"bad/competency_keys.yaml:13:7: error: key 'framework' in criterion 'communication' is only for competency criteria (this one is essential)",
          "bad/competency_keys.yaml:21:11: error: missing required key 'source' in indicators[0] of criterion 'we_analyse_critically'",
          "bad/competency_keys.yaml:21:16: error: indicator 'mine' in criterion 'we_analyse_critically' is not an indicator of competency 'we_analyse_critically' at this level (its indicators: think_critically, use_evidence)",
          "bad/competency_keys.yaml:22:7: error: missing required key 'level' in criterion 'we_are_collaborative'",
          "frameworks/test_cvf.yaml:23:18: error: minimum 4 of criterion 'collaborative_again' is outside scale 'sift3' (1..3)"}},
        {"bad/condition_shape.yaml",
         {"bad/condition_shape.yaml:14:5: error: condition 'both' must have exactly one of fact, all, any, not",
          "bad/condition_shape.yaml:15:5: error: condition 'neither' must have exactly one of fact, all, any, not",
          "bad/condition_shape.yaml:16:64: error: key 'op' in condition 'group_with_op' is only for a condition on a fact",
          "bad/condition_shape.yaml:17:21: error: all in condition 'empty_all' must be a non-empty list",
          "bad/condition_shape.yaml:18:25: error: not in condition 'not_list' must be a map, not a list",
          "bad/condition_shape.yaml:20:10: error: duplicate condition id 'dup' (first at line 19, column 10)",
          "bad/condition_shape.yaml:21:5: error: eligibility[7] in rulebook must be a map, not 'just text'"}},
        {"bad/condition_values.yaml",
         {"bad/condition_values.yaml:18:36: error: value 'TOP' in condition 'eligibility[0]' is not one of the values of fact 'vetting' (none, RV, CTC, SC)",
          "bad/condition_values.yaml:19:50: error: value 'degree' in condition 'eligibility[1]' is not one of the values of fact 'qualification' (none, nvq2, nvq3)",
          "bad/condition_values.yaml:20:32: error: value in condition 'eligibility[2]' must be a number, not 'eighteen' (fact 'bmi' has type number)",
          "bad/condition_values.yaml:21:32: error: value in condition 'eligibility[3]' must be a number, not '18' (fact 'bmi' has type number)",
          "bad/condition_values.yaml:22:36: error: value in condition 'eligibility[4]' must be true or false, not 'yes' (fact 'licence' has type boolean)",
          "bad/condition_values.yaml:23:34: error: value '5.4.' in condition 'eligibility[5]' is not a level (whole numbers joined by dots, such as 5.4)",
          "bad/condition_values.yaml:24:34: error: value in condition 'eligibility[6]' must be text, not a list (fact 'bleep' has type level)"}},
        {"bad/deep_nesting.yaml",
         {"bad/deep_nesting.yaml:11:389: error: condition 'eligibility[0].not.not.not.not.not.not.not.not.not.not.not.n...' is nested deeper than 64 levels"}},
        {"bad/deep_yaml.yaml",
         {"bad/deep_yaml.yaml:3:10008: error: YAML nesting is too deep"}},
        {"bad/duplicate_id.yaml",
         {"bad/duplicate_id.yaml:12:11: error: duplicate criterion id 'communication' (first at line 7, column 11)",
          "bad/duplicate_id.yaml:17:16: error: duplicate indicator id 'listens' (first at line 16, column 16)"}},
        {"bad/duplicate_key.yaml",
         {"bad/duplicate_key.yaml:11:7: error: duplicate key 'weight' in criterion 'communication' (first at line 10, column 7)",
          "bad/duplicate_key.yaml:12:1: error: duplicate key 'scales' in rulebook (first at line 3, column 1)"}},
        {"bad/empty.yaml",
         {"bad/empty.yaml: error: the file must be a YAML map with 'kind: rulebook' or 'kind: framework'"}},
        {"bad/fact_values.yaml",
         {"bad/fact_values.yaml:12:3: error: ordinal fact 'vetting' needs values (its words, lowest first)",
          "bad/fact_values.yaml:13:36: error: values are only for ordinal and string facts (fact 'licence' has type boolean)",
          "bad/fact_values.yaml:14:34: error: duplicate value 'red' in fact 'colour'",
          "bad/fact_values.yaml:15:16: error: type in fact 'size' must be one of boolean, number, string, level, ordinal, not 'big'",
          "bad/fact_values.yaml:16:10: error: shape in facts must be a map, not 'square'"}},
        {"bad/framework_parent.yaml",
         {"frameworks/bad_parents.yaml:8:13: error: undefined parent 'nowhere' of competency 'a' (framework 'bad_parents' has no such competency)",
          "frameworks/bad_parents.yaml:12:13: error: the parents of competency 'b' lead back to it (a parent is a broader competency, not a narrower one)",
          "frameworks/bad_parents.yaml:16:13: error: the parents of competency 'c' lead back to it (a parent is a broader competency, not a narrower one)",
          "frameworks/bad_parents.yaml:20:13: error: the parents of competency 'd' lead back to it (a parent is a broader competency, not a narrower one)",
          "frameworks/bad_parent_framework.yaml:5:19: error: cannot read parent_framework 'frameworks/no_such_framework.yaml': no such file",
          "frameworks/sub_framework.yaml:13:13: error: undefined parent 'we_take_ownership' of competency 'owning' (framework 'test_cvf' has no such competency)"}},
        {"bad/framework_problems.yaml",
         {"bad/framework_problems.yaml:5:12: error: cannot read framework 'missing' from 'frameworks/no_such_file.yaml': cannot open file: No such file or directory",
          "bad/framework_problems.yaml:7:11: error: cannot read framework 'device' from '/dev/null': not a regular file",
          "bad/framework_problems.yaml:8:14: error: cannot read framework 'directory' from 'frameworks': not a regular file",
          "frameworks/broken_framework.yaml:2:5: error: framework id 'Broken' must match [a-z0-9_-]+",
          "frameworks/broken_framework.yaml:4:24: error: duplicate level id 'practitioner' (first at line 4, column 10)",
          "frameworks/broken_framework.yaml:10:18: error: minimum in level 'practitioner' of competency 'we_analyse_critically' must be a number, not 'high'",
          "frameworks/broken_framework.yaml:13:18: error: duplicate indicator id 'think' (first at line 12, column 18)",
          "frameworks/broken_framework.yaml:14:7: error: undefined level 'chief' in competency 'we_analyse_critically' (framework levels: practitioner)",
          "frameworks/broken_framework.yaml:15:5: error: duplicate competency id 'we_analyse_critically' (first at line 6, column 5)",
          "frameworks/broken_framework.yaml:18:5: error: missing required key 'id' in competency 'competencies[2]'",
          "bad/unknown_key.yaml:1:7: error: kind must be 'framework' here, not 'rulebook'"}},
        {"bad/group_without_weight.yaml",
         {"bad/group_without_weight.yaml:13:1: error: group 'desirable' has criteria but no weight in groups"}},
        {"bad/labels.yaml",
         {"bad/labels.yaml:7:5: error: labels of scale 'sift5' must name every point; missing: 3, 5",
          "bad/labels.yaml:18:7: error: label for point 7 of scale 'sift3' is outside the scale (1..3)",
          "bad/labels.yaml:19:7: error: label key 'two' of scale 'sift3' must be an integer point"}},
        {"bad/level_keys.yaml",
         {"bad/level_keys.yaml:13:7: error: key 'rated_on' in criterion 'communication' is only for competency criteria (this one is essential)",
          "bad/level_keys.yaml:19:17: error: scale id 'cvf-levels' is taken by the level scale of framework 'cvf'; give the rulebook's scale another id",
          "bad/level_keys.yaml:20:7: error: key 'scale' in criterion 'on_levels' does not go with 'rated_on: level' (the criterion is rated on scale 'cvf-levels' of the framework's levels, and its minimum is its level)",
          "bad/level_keys.yaml:21:7: error: key 'minimum' in criterion 'on_levels' does not go with 'rated_on: level' (the criterion is rated on scale 'cvf-levels' of the framework's levels, and its minimum is its level)",
          "bad/level_keys.yaml:26:17: error: rated_on in criterion 'wrong_rating' must be one of scale, level, not 'levels'",
          "bad/level_keys.yaml:33:29: error: include_lower_levels in criterion 'chosen' must be true or false, not 'yes'",
          "bad/level_keys.yaml:35:11: error: missing required key 'source' in indicators[0] of criterion 'chosen'",
          "bad/level_keys.yaml:36:16: error: indicator 'mine' in criterion 'chosen' is not an indicator of competency 'we_analyse_critically' at this level (its indicators: think_critically, use_evidence)",
          "bad/level_keys.yaml:37:16: error: duplicate indicator id 'think_critically' (first at line 35, column 16)",
          "bad/level_keys.yaml:43:19: error: indicators in criterion 'none_chosen' must list at least one indicator"}},
        {"bad/minimum_off_scale.yaml",
         {"bad/minimum_off_scale.yaml:11:16: error: minimum 6 of criterion 'communication' is outside scale 'sift5' (1..5)",
          "bad/minimum_off_scale.yaml:15:16: error: minimum 0.5 of criterion 'teamwork' is outside scale 'sift5' (1..5)"}},
        {"bad/missing_key.yaml",
         {"bad/missing_key.yaml:1:1: error: missing required key 'id' in rulebook",
          "bad/missing_key.yaml:3:10: error: missing required key 'min' in scale 'sift5'",
          "bad/missing_key.yaml:6:7: error: missing required key 'scale' in criterion 'communication'",
          "bad/missing_key.yaml:6:7: error: missing required key 'text' in criterion 'communication'"}},
        {"bad/negative_weight.yaml",
         {"bad/negative_weight.yaml:10:15: error: weight -1 of criterion 'communication' is negative",
          "bad/negative_weight.yaml:16:23: error: weight -5 of group 'essential' is negative"}},
        {"bad/op_type.yaml",
         {"bad/op_type.yaml:16:38: error: op 'lt' in condition 'lt_bool' does not apply to boolean fact 'licence' (lt, le, gt, ge need a number, level or ordinal fact)",
          "bad/op_type.yaml:17:49: error: op 'in' in condition 'in_empty' needs values: a non-empty list",
          "bad/op_type.yaml:18:54: error: value of op 'exists' in condition 'exists_maybe' must be true or false",
          "bad/op_type.yaml:19:41: error: op 'in' in condition 'in_value' takes values (a list), not value",
          "bad/op_type.yaml:20:40: error: values in condition 'eq_values' is only for op 'in' (op is 'eq'; use value)",
          "bad/op_type.yaml:21:5: error: missing required key 'value' in condition 'no_value'",
          "bad/op_type.yaml:22:33: error: op in condition 'bad_op' must be one of eq, ne, lt, le, gt, ge, in, exists, not 'equals'"}},
        {"bad/scale_bounds.yaml",
         {"bad/scale_bounds.yaml:4:28: error: min 5 of scale 'backwards' must be less than its max 1",
          "bad/scale_bounds.yaml:5:21: error: min 0.5 of scale 'fractional' must be an integer",
          "bad/scale_bounds.yaml:6:23: error: max 1e+12 of scale 'huge' is too large (at most 1000000 either side of 0)"}},
        {"bad/moderation_policy.yaml",
         {"bad/moderation_policy.yaml:12:14: error: moderation threshold -1 must be 0 or more scale points",
          "bad/moderation_policy.yaml:13:17: error: min_severity in moderation must be a number, not 'quarter'",
          "bad/moderation_policy.yaml:14:3: error: unknown key 'spread' in moderation (allowed: threshold, min_severity)"}},
        {"bad/shortlist_policy.yaml",
         {"bad/shortlist_policy.yaml:14:14: error: pass_mark 120 is outside 0..100",
          "bad/shortlist_policy.yaml:15:8: error: top in shortlist must be a positive integer, not '0'",
          "bad/shortlist_policy.yaml:17:27: error: tie_break key 'teamwork' is neither a group name nor a criterion id",
          "bad/shortlist_policy.yaml:18:30: error: guaranteed_interview_fact 'bmi' must be a boolean fact (it has type number)"}},
        {"bad/stray_comma.yaml",
         {"bad/stray_comma.yaml:3:1: error: YAML syntax error: unexpected ','"}},
        {"bad/syntax_error.yaml",
         {"bad/syntax_error.yaml:5:9: error: YAML syntax error: end of map flow not found"}},
        {"bad/tie_break_empty.yaml",
         {"bad/tie_break_empty.yaml:14:8: error: top in shortlist must be a positive integer, not '2.5'",
          "bad/tie_break_empty.yaml:15:9: error: ties is break_by but tie_break is empty",
          "bad/tie_break_empty.yaml:16:30: error: guaranteed_interview_fact 'guaranteed_scheme' is not a declared fact"}},
        {"bad/too_many_indicators.yaml",
         {"bad/too_many_indicators.yaml:11:7: error: criterion 'communication' has 65 indicators (at most 64)"}},
        {"bad/two_documents.yaml",
         {"bad/two_documents.yaml:11:1: error: the file must hold exactly one YAML document"}},
        {"bad/undefined_competency.yaml",
         {"bad/undefined_competency.yaml:11:19: error: undefined competency 'we_lead_the_way' in criterion 'we_lead' (framework 'cvf' has no such competency)"}},
        {"bad/undefined_fact.yaml",
         {"bad/undefined_fact.yaml:12:12: error: undefined fact 'driving_licence' in condition 'eligibility[0]' (declared facts: gcse, bmi)",
          "bad/undefined_fact.yaml:16:16: error: undefined fact 'gsce' in condition 'education.any[1]' (declared facts: gcse, bmi)"}},
        {"bad/undefined_framework.yaml",
         {"bad/undefined_framework.yaml:13:18: error: undefined framework 'cvf' in criterion 'we_analyse_critically' (declared frameworks: none)"}},
        {"bad/undefined_scale.yaml",
         {"bad/undefined_scale.yaml:9:14: error: undefined scale 'sift7' in criterion 'communication' (declared scales: sift5)"}},
        {"bad/unknown_key.yaml",
         {"bad/unknown_key.yaml:11:7: error: unknown key 'wieght' in criterion 'communication' (allowed: id, text, source, scale, weight, minimum, indicators, may_be_met_later, framework, competency, level, stage, from_fact, fact_scores, rated_on, include_lower_levels)",
          "bad/unknown_key.yaml:12:1: error: unknown key 'titel' in rulebook (allowed: kind, id, title, organisation, grade, version, source, frameworks, scales, facts, eligibility, groups, aggregation, criteria, shortlist, notes, moderation, monitoring_only, stage, interpretations)"}},
        {"bad/wrong_kind.yaml",
         {"bad/wrong_kind.yaml:1:7: error: kind must be 'rulebook' or 'framework', not 'rules'"}},
        {"bad/wrong_type.yaml",
         {"bad/wrong_type.yaml:10:15: error: weight in criterion 'communication' must be a number, not 'heavy'",
          "bad/wrong_type.yaml:11:16: error: minimum in criterion 'communication' must be a number, not a list",
          "bad/wrong_type.yaml:13:13: error: text in criterion 'teamwork' must be text, not a map",
          "bad/wrong_type.yaml:15:15: error: weight in criterion 'teamwork' must be a number, not '2'",
          "bad/wrong_type.yaml:16:8: error: title in rulebook must be text, not a list"}},
        {"bad/zero_criterion_weights.yaml",
         {"bad/zero_criterion_weights.yaml:6:3: error: criterion weights in group 'essential' are all zero"}},
        {"bad/zero_group_weights.yaml",
         {"bad/zero_group_weights.yaml:13:1: error: group weights are all zero for the groups that have criteria"}},
    }));
    // clang-format on
    CAPTURE(file);
    try {
        (void)load_rulebook(data(file));
        FAIL("no RulebookError");
    } catch (const RulebookError& e) {
        CHECK(messages(e.diagnostics()) == expected);
    }
}

TEST_CASE("validate_file returns what load_rulebook throws", "[rulebook]") {
    // (Not run on alias_bomb.yaml, which takes a second to refuse.)
    const auto file = GENERATE(as<std::string>{}, "bad/many_errors.yaml",
                               "bad/framework_problems.yaml", "bad/syntax_error.yaml",
                               "bad/missing_key.yaml", "bad/empty.yaml", "bad/wrong_kind.yaml");
    CAPTURE(file);
    const auto diagnostics = validate_file(data(file));
    CHECK_FALSE(diagnostics.empty());
    try {
        (void)load_rulebook(data(file));
        FAIL("no RulebookError");
    } catch (const RulebookError& e) {
        CHECK(e.diagnostics() == diagnostics);
    }
}

TEST_CASE("a file with several problems reports every one of them", "[rulebook]") {
    const Expected expected = {
        "bad/many_errors.yaml:9:25: error: op 'gt' in condition 'eligibility[0]' does not apply "
        "to boolean fact 'licence' (lt, le, gt, ge need a number, level or ordinal fact)",
        "bad/many_errors.yaml:18:7: error: unknown key 'wieght' in criterion 'communication' "
        "(allowed: id, text, source, scale, weight, minimum, indicators, may_be_met_later, "
        "framework, competency, level, stage, from_fact, fact_scores, rated_on, "
        "include_lower_levels)",
        "bad/many_errors.yaml:19:16: error: minimum 6 of criterion 'communication' is outside "
        "scale 'sift5' (1..5)",
        "bad/many_errors.yaml:21:11: error: duplicate criterion id 'communication' (first at "
        "line 15, column 11)",
        "bad/many_errors.yaml:23:14: error: undefined scale 'sift9' in criterion "
        "'communication' (declared scales: sift5)",
        "bad/many_errors.yaml:24:15: error: weight -1 of criterion 'communication' is negative",
        "bad/many_errors.yaml:26:14: error: pass_mark 101 is outside 0..100",
        "bad/many_errors.yaml:27:15: error: tie_break key 'nobody' is neither a group name nor a "
        "criterion id"};
    try {
        (void)load_rulebook(data("bad/many_errors.yaml"));
        FAIL("no RulebookError");
    } catch (const RulebookError& e) {
        CHECK(messages(e.diagnostics()) == expected);
        // what() holds them all, one a line, the first also in location()/message().
        std::string all;
        for (const auto& m : expected)
            all += (all.empty() ? "" : "\n") + m;
        CHECK(relative(e.what()) == all);
        CHECK(e.location() == SourceLocation{data("bad/many_errors.yaml").string(), 9, 25});
        CHECK(e.code() == ErrorCode::InvalidArgument);
        const auto& ds = e.diagnostics();
        REQUIRE(ds.size() == 8);
        CHECK(ds[2].code == ErrorCode::OutOfRange);
        CHECK(ds[3].code == ErrorCode::AlreadyExists);
        CHECK(ds[4].code == ErrorCode::NotFound);
    }
}

TEST_CASE("a framework file validates on its own", "[rulebook]") {
    CHECK(messages(validate_file(data("frameworks/broken_framework.yaml"))) ==
          Expected{"frameworks/broken_framework.yaml:2:5: error: framework id 'Broken' must match "
                   "[a-z0-9_-]+",
                   "frameworks/broken_framework.yaml:4:24: error: duplicate level id "
                   "'practitioner' (first at line 4, column 10)",
                   "frameworks/broken_framework.yaml:10:18: error: minimum in level "
                   "'practitioner' of competency 'we_analyse_critically' must be a number, not "
                   "'high'",
                   "frameworks/broken_framework.yaml:13:18: error: duplicate indicator id 'think' "
                   "(first at line 12, column 18)",
                   "frameworks/broken_framework.yaml:14:7: error: undefined level 'chief' in "
                   "competency 'we_analyse_critically' (framework levels: practitioner)",
                   "frameworks/broken_framework.yaml:15:5: error: duplicate competency id "
                   "'we_analyse_critically' (first at line 6, column 5)",
                   "frameworks/broken_framework.yaml:18:5: error: missing required key 'id' in "
                   "competency 'competencies[2]'"});
    // A framework is not a rulebook.
    try {
        (void)load_rulebook(data("frameworks/test_cvf.yaml"));
        FAIL("no RulebookError");
    } catch (const RulebookError& e) {
        CHECK(messages(e.diagnostics()) ==
              Expected{"frameworks/test_cvf.yaml:2:7: error: kind must be 'rulebook' here, not "
                       "'framework'"});
    }
}

TEST_CASE("parse_rulebook names its input and resolves frameworks against base_dir", "[rulebook]") {
    const Rulebook rb = parse_rulebook(minimal(), "inline.yaml");
    CHECK(rb.id == "minimal");
    CHECK(rb.path == "inline.yaml");
    CHECK(rb.group_weights == GroupWeights{1, 1, 1});  // no `groups`: equal weights
    CHECK(effective_weights(rb) == std::vector<double>{1.0});

    const std::string text =
        "kind: rulebook\nid: fw\nframeworks: {cvf: ../frameworks/test_cvf.yaml}\n"
        "scales: {s: {min: 0, max: 4}}\n"
        "criteria:\n  competency:\n"
        "    - {id: c, framework: cvf, competency: we_are_collaborative, level: practitioner, "
        "scale: s}\n";
    const Rulebook fw = parse_rulebook(text, "fw.yaml", data("good"));
    REQUIRE(fw.criteria.size() == 1);
    CHECK(fw.criteria[0].text == "We are collaborative");
    CHECK(fw.criteria[0].minimum == 4.0);
    CHECK(fw.frameworks[0].resolved_path == data("frameworks/test_cvf.yaml"));

    try {
        (void)parse_rulebook("kind: rulebook\nid: x\n", "inline.yaml");
        FAIL("no RulebookError");
    } catch (const RulebookError& e) {
        CHECK(messages(e.diagnostics()) ==
              Expected{"inline.yaml:1:1: error: missing required key 'scales' in rulebook",
                       "inline.yaml:1:1: error: missing required key 'criteria' in rulebook"});
    }
    try {
        (void)parse_rulebook("kind: rulebook\nid: [unclosed\n", "inline.yaml");
        FAIL("no RulebookError");
    } catch (const RulebookError& e) {
        CHECK(
            messages(e.diagnostics()) ==
            Expected{"inline.yaml:3:1: error: YAML syntax error: end of sequence flow not found"});
    }
}

TEST_CASE("null values of optional keys mean not given", "[rulebook]") {
    const Rulebook rb = parse_rulebook(
        minimal("title: ~\nshortlist: {pass_mark: null, top: ~, guaranteed_interview_fact:}\n"),
        "nulls.yaml");
    CHECK(rb.title.empty());
    CHECK_FALSE(rb.shortlist.pass_mark);
    CHECK_FALSE(rb.shortlist.top);
    CHECK_FALSE(rb.shortlist.guaranteed_interview_fact);
}

TEST_CASE("an unreadable file is a UsageError naming it", "[rulebook]") {
    const auto missing = data("bad/no_such_file.yaml");
    try {
        (void)load_rulebook(missing);
        FAIL("no UsageError");
    } catch (const UsageError& e) {
        CHECK(e.location() == SourceLocation{missing.string(), 0, 0});
        CHECK(e.message() == "cannot open file: No such file or directory");
    }
    CHECK_THROWS_AS(validate_file(missing), UsageError);
    CHECK_THROWS_AS(validate_file(data("bad")), UsageError);  // a directory
}

TEST_CASE("conditions may nest 64 deep, not 65", "[rulebook]") {
    auto nested = [](int depth) {
        std::string c = "{fact: f, op: eq, value: true}";
        for (int i = 1; i < depth; ++i)
            c = "{not: " + c + "}";
        return minimal("eligibility: [" + c + "]\n");
    };
    CHECK(parse_rulebook(nested(64), "deep.yaml").eligibility.size() == 1);
    try {
        (void)parse_rulebook(nested(65), "deep.yaml");
        FAIL("no RulebookError");
    } catch (const RulebookError& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(e.diagnostics()[0].location == SourceLocation{"deep.yaml", 7, 399});
        CHECK(e.message().find("is nested deeper than 64 levels") != std::string::npos);
    }
}

TEST_CASE("files over 16 MiB are refused before parsing", "[rulebook]") {
    const std::string big(16 * 1024 * 1024 + 1, '#');
    const auto file = fs::temp_directory_path() / "shortlist_rulebook_test_big.yaml";
    {
        std::ofstream out(file, std::ios::binary);
        out << big;
    }
    CHECK(messages(validate_file(file)) ==
          Expected{file.string() +
                   ": error: file is too large (16777217 bytes; the limit is 16 MiB)"});
    fs::remove(file);
    CHECK_THROWS_WITH(parse_rulebook(big, "big.yaml"),
                      "big.yaml: error: file is too large (16777217 bytes; the limit is 16 MiB)");
    // A device that never ends is read only up to the limit.
    if (fs::exists("/dev/zero")) {
        const auto ds = validate_file("/dev/zero");
        REQUIRE(ds.size() == 1);
        CHECK(ds[0].message.rfind("file is too large (", 0) == 0);
    }
}

TEST_CASE("validate() checks a rulebook built in code, at each item's location", "[rulebook]") {
    Rulebook rb;
    rb.path = "code.yaml";
    rb.scales.push_back({"s", 1, 5, {"low", "high"}, {"code.yaml", 2, 3}});
    rb.facts.push_back({"flag", FactType::Boolean, {}, "", {"code.yaml", 4, 3}});
    Condition leaf;
    leaf.id = "c1";
    leaf.fact = "flag";
    leaf.values = {std::string("yes")};
    leaf.location = {"code.yaml", 6, 5};
    Condition negation;
    negation.kind = Condition::Kind::Not;
    negation.children = {leaf, leaf};
    negation.children[0].id.clear();
    negation.children[1].id.clear();
    negation.children[1].values = {true};
    negation.location = {"code.yaml", 8, 5};
    rb.eligibility = {leaf, negation};
    Criterion b{CriterionId("b"),    Group::Desirable, "B", "", "s", -1, {}, {}, {}, {}, {}, {},
                {"code.yaml", 10, 5}};
    Criterion a{CriterionId("a"),
                Group::Essential,
                "A",
                "",
                "t",
                1,
                9.0,
                {},
                {},
                CompetencyRef{"cvf", "x", "y", {}, {}, {}, RatedOn::Scale, false},
                {},
                {},
                {"code.yaml", 12, 5}};
    rb.criteria = {b, a};
    rb.shortlist.top = 0;
    rb.shortlist.ties = TiePolicy::BreakBy;
    CHECK(
        messages(validate(rb)) ==
        Expected{"code.yaml:2:3: error: scale 's' has 2 labels for points 1..5 (give one label per "
                 "point, or none)",
                 "code.yaml:6:5: error: value in condition 'c1' must be true or false, not 'yes' "
                 "(fact 'flag' has type boolean)",
                 "code.yaml:8:5: error: not in condition 'eligibility[1]' must hold exactly one "
                 "condition",
                 "code.yaml:6:5: error: value in condition 'eligibility[1].not' must be true or "
                 "false, not 'yes' (fact 'flag' has type boolean)",
                 "code.yaml:10:5: error: weight -1 of criterion 'b' is negative",
                 "code.yaml:12:5: error: criterion 'a' is out of order (essential, desirable, then "
                 "competency)",
                 "code.yaml:12:5: error: undefined scale 't' in criterion 'a' (declared scales: s)",
                 "code.yaml:12:5: error: key 'framework' in criterion 'a' is only for competency "
                 "criteria (this one is essential)",
                 "code.yaml: error: top must be a positive integer",
                 "code.yaml: error: ties is break_by but tie_break is empty"});

    CHECK(messages(validate(Rulebook{})) ==
          Expected{"<input>: error: the rulebook has no criteria"});

    Rulebook deep = parse_rulebook(minimal(), "deep.yaml");
    Condition c;
    c.fact = "f";
    c.values = {true};
    for (int i = 0; i < 70; ++i) {
        Condition parent;
        parent.kind = Condition::Kind::Not;
        parent.children = {c};
        c = parent;
    }
    deep.eligibility = {c};
    const auto ds = validate(deep);
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].message.find("is nested deeper than 64 levels") != std::string::npos);
}

TEST_CASE("mutated rulebooks give errors, never crashes", "[rulebook]") {
    std::ifstream in(data("good/rulebook.yaml"), std::ios::binary);
    const std::string original((std::istreambuf_iterator<char>(in)), {});
    REQUIRE(original.size() > 1000);
    std::uint64_t state = 20240611;
    auto next = [&state](std::uint64_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 33) % n;
    };
    const std::string alphabet = ":-[]{}&*!|>'\"#,? \n\tax19.~";
    int rejected = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string text = original;
        for (std::uint64_t edits = 1 + next(4); edits > 0; --edits) {
            const std::size_t at = next(text.size());
            const char c = alphabet[next(alphabet.size())];
            switch (next(3)) {
                case 0:
                    text.erase(at, 1 + next(12));
                    break;
                case 1:
                    text.insert(at, 1, c);
                    break;
                default:
                    text[at] = c;
            }
        }
        try {
            const Rulebook rb = parse_rulebook(text, "mutant.yaml", data("good"));
            // Whatever loads must also pass the checks the scorer runs.
            CHECK(validate(rb).empty());
        } catch (const RulebookError& e) {
            ++rejected;
            CHECK_FALSE(e.diagnostics().empty());
        }
    }
    CHECK(rejected > 500);
}

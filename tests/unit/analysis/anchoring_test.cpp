// Anchoring a calibration to an earlier one (docs/calibration.md#anchoring)
// and the Wright map (docs/calibration.md#wright-map): a hand-computed
// anchored design, self-anchoring, two simulated sessions sharing assessors,
// drift of a shifted assessor, and the anchor file's errors.
#include "shortlist/analysis/anchoring.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "shortlist/analysis/simulation.hpp"
#include "shortlist/error.hpp"
#include "shortlist/report/calibration.hpp"
#include "unit/analysis/pearson.hpp"
#include "util/json.hpp"

using namespace shortlist;

namespace {

RatingTable table_of(const std::string& rows) {
    return parse_rating_table("applicant_id,criterion,assessor,score\n" + rows, "t.csv");
}

std::size_t index_of(const RatingTable& t, const std::string& id) {
    const auto it = std::find(t.assessors.begin(), t.assessors.end(), AssessorId(id));
    REQUIRE(it != t.assessors.end());
    return static_cast<std::size_t>(it - t.assessors.begin());
}

/// The ids as strings (anchors name assessors by their text).
std::vector<std::string> names(const std::vector<AssessorId>& ids) {
    std::vector<std::string> out;
    for (const auto& id : ids)
        out.push_back(id.value());
    return out;
}

/// Anchors holding the given assessors of `effects` at their severities.
Anchors anchors_from(const AssessorEffects& effects, const std::vector<std::string>& ids,
                     EffectsModel model) {
    Anchors a;
    a.source = "earlier.json";
    a.model = model;
    for (const auto& e : effects.assessors)
        if (std::find(ids.begin(), ids.end(), e.id.value()) != ids.end())
            a.assessors.push_back({e.id, e.severity, {"earlier.json", 1, 1}});
    return a;
}

using shortlist::test::pearson;

/// One session of a sift: `severities` are the true ones of the session's
/// assessors, named `ids` (so two sessions can share assessors).
RatingTable session(EffectsModel model, std::uint64_t seed, const std::vector<double>& severities,
                    const std::vector<std::string>& ids) {
    SimulationDesign d;
    d.source = "test";
    d.seed = seed;
    d.applicants = 600;
    d.assessors = severities.size();
    d.severities = severities;
    d.ability = {0, 0.8};
    for (int c = 0; c < 4; ++c)
        d.criteria.push_back({CriterionId("c" + std::to_string(c + 1)), "", Group::Essential, 1, 1,
                              5, 0.1 * (c - 1.5)});
    d.linking = LinkingDesign::Random;
    d.per_applicant = 3;
    d.noise = 0.5;
    d.model = model == EffectsModel::Rasch ? SimulationModel::Rasch : SimulationModel::Additive;
    d.fit = model;
    const SimulatedPanel p = simulate_panel(d, 0);
    RatingTable t = parse_rating_table(p.ratings_csv, "session.csv");
    for (auto& a : t.assessors)  // the simulator's ids, in its order, to the sift's
        a = AssessorId(ids[static_cast<std::size_t>(
            std::find(p.assessor_ids.begin(), p.assessor_ids.end(), a) - p.assessor_ids.begin())]);
    for (auto& s : t.scales)  // the rulebook's 1-5, whatever was used
        s = {1, 5};
    return t;
}

/// Twelve assessors, evenly spread from −0.8 to 0.8: session 1 has R01..R08,
/// session 2 R05..R12 (R05..R08 shared).
const std::vector<double> truth = [] {
    std::vector<double> s;
    for (int j = 0; j < 12; ++j)
        s.push_back(-0.8 + 1.6 * j / 11.0);
    return s;
}();

std::vector<std::string> ids(int from, int to) {
    std::vector<std::string> out;
    for (int j = from; j < to; ++j)
        out.push_back((j < 9 ? "R0" : "R") + std::to_string(j + 1));
    return out;
}

}  // namespace

TEST_CASE("anchoring: a hand-computed 2 x 2 design", "[anchoring]") {
    // Two applicants rated by both assessors (calibration_test's design): R2
    // gives 1.5 points less on average, so with R1 held at 0, R2's severity is
    // +1.5 (not ±0.75: no sum-to-zero). The fitted values, and so σ² = 0.25
    // on 1 df, are the free fit's; R2 − R1 is the mean of two differences,
    // var = σ² · 2 / 2², se = 0.5. R1 is the only anchor: no drift.
    const auto t = table_of("A1,c,R1,4\nA1,c,R2,2\nA2,c,R1,5\nA2,c,R2,4\n");
    Anchors a;
    a.source = "earlier.json";
    a.assessors = {{AssessorId("R1"), 0.0, {"earlier.json", 3, 5}}};
    const auto out = fit_anchored_effects(t, EffectsModel::Additive, a);
    const auto& e = out.effects;
    REQUIRE(e.usable());
    CHECK(e.assessors[0].anchored);
    CHECK(e.assessors[0].severity == 0);
    CHECK_FALSE(e.assessors[0].se);
    CHECK_FALSE(e.assessors[1].anchored);
    CHECK(e.assessors[1].severity == Approx(1.5).epsilon(1e-12));
    REQUIRE(e.assessors[1].se);
    CHECK(*e.assessors[1].se == Approx(0.5).epsilon(1e-12));
    CHECK(*e.residual_sd == Approx(0.5).epsilon(1e-12));
    // Applicant effects are on the anchors' origin: A1's ratings 4 and 2 are
    // α + 0 and α − 1.5 plus residuals ±0.25: α = 3.75 (and A2's 5.25).
    CHECK(*e.applicant_effects[0] == Approx(3.75).epsilon(1e-12));
    CHECK(*e.applicant_effects[1] == Approx(5.25).epsilon(1e-12));
    REQUIRE(out.anchoring.anchored == std::vector<std::uint32_t>{0});
    REQUIRE(out.anchoring.estimated == std::vector<std::uint32_t>{1});
    REQUIRE(out.anchoring.drift.size() == 1);
    CHECK_FALSE(out.anchoring.drift[0].drift);
    CHECK_FALSE(out.anchoring.mean_abs_drift);
    CHECK(std::count(e.notes.begin(), e.notes.end(),
                     "anchoring: R1 is the only anchor of its group: freed, the origin is unset, "
                     "so it has no drift") == 1);
}

TEST_CASE("anchoring: a hand-computed drift", "[anchoring]") {
    // Three assessors rate two applicants on one criterion; R1 and R2 are
    // held at 0. Freed with R2 held, R1's severity is its mean difference
    // from R2 over the applicants: R1 − R2 = ((5 − 4) + (4 − 3)) / 2 = +1
    // points more generous, severity −1: drift −1. Freed with R1 held, R2's
    // is +1. R3 is estimated against both anchors.
    const auto t = table_of("A1,c,R1,5\nA1,c,R2,4\nA1,c,R3,3\nA2,c,R1,4\nA2,c,R2,3\nA2,c,R3,3\n");
    Anchors a;
    a.source = "earlier.json";
    a.assessors = {{AssessorId("R1"), 0.0, {}}, {AssessorId("R2"), 0.0, {}}};
    const auto out = fit_anchored_effects(t, EffectsModel::Additive, a);
    REQUIRE(out.anchoring.drift.size() == 2);
    REQUIRE(out.anchoring.drift[0].drift);
    CHECK(*out.anchoring.drift[0].drift == Approx(-1).epsilon(1e-12));
    CHECK(*out.anchoring.drift[1].drift == Approx(1).epsilon(1e-12));
    CHECK(*out.anchoring.mean_abs_drift == Approx(1).epsilon(1e-12));
    CHECK(out.anchoring.flagged == 2);
    // R3 against the held pair: applicant effects are the means of R1 and R2
    // given the (held) zeros, 4.5 and 3.5 (up to R3's pull). Least squares:
    // R3's effect is the mean of R3 − (applicant) where applicant effects are
    // refitted: with the two anchors' residuals ±0.5 on each applicant and
    // R3 fitted exactly, R3 = mean(3 − 4.5, 3 − 3.5) = −1, severity +1.
    CHECK(out.effects.assessors[2].severity == Approx(1).epsilon(1e-12));
}

TEST_CASE("anchoring a panel to its own calibration reproduces it", "[anchoring]") {
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        const RatingTable t = session(model, 11, {truth.begin(), truth.begin() + 8}, ids(0, 8));
        const AssessorEffects free = fit_assessor_effects(t, model);
        REQUIRE(free.usable());
        const auto out =
            fit_anchored_effects(t, model, anchors_from(free, names(t.assessors), model));
        REQUIRE(out.effects.usable());
        const double eps = model == EffectsModel::Rasch ? 1e-5 : 1e-9;
        for (std::size_t j = 0; j < t.assessors.size(); ++j) {
            CHECK(out.effects.assessors[j].anchored);
            CHECK(out.effects.assessors[j].severity == free.assessors[j].severity);
            REQUIRE(out.anchoring.drift[j].drift);
            CHECK(std::abs(*out.anchoring.drift[j].drift) < eps);
        }
        for (std::size_t c = 0; c < t.criteria.size(); ++c)
            CHECK(out.effects.criterion_effects[c] ==
                  Approx(free.criterion_effects[c]).margin(eps));
        for (std::size_t i = 0; i < t.applicants.size(); ++i)
            CHECK(*out.effects.applicant_effects[i] ==
                  Approx(*free.applicant_effects[i]).margin(eps));
    }
}

TEST_CASE("two sessions sharing assessors: the new ones land on the earlier scale", "[anchoring]") {
    // Session 1 (R01..R08) is calibrated freely: its scale's origin is its
    // panel's mean true severity. Session 2 (R05..R12), anchored on the shared
    // R05..R08, must put R09..R12 at their true severity minus that mean.
    // Bounds: correlation ≥ 0.98 and every error ≤ 0.15 scale points
    // (additive) or 0.2 logits (Rasch, whose JMLE widens severities by about
    // 1/L = 8% with L = 12 ratings an applicant, calibration.hpp: 0.09 of the
    // widest, 1.1 logits, before sampling error).
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        INFO(to_string(model));
        const RatingTable one = session(model, 21, {truth.begin(), truth.begin() + 8}, ids(0, 8));
        const RatingTable two = session(model, 22, {truth.begin() + 4, truth.end()}, ids(4, 12));
        const AssessorEffects first = fit_assessor_effects(one, model);
        REQUIRE(first.usable());
        double origin = 0;
        for (int j = 0; j < 8; ++j)
            origin += truth[static_cast<std::size_t>(j)] / 8;
        const auto out = fit_anchored_effects(two, model, anchors_from(first, ids(4, 8), model));
        REQUIRE(out.effects.usable());
        CHECK(out.anchoring.anchored.size() == 4);
        CHECK(out.anchoring.estimated.size() == 4);
        std::vector<double> want, got;
        for (int j = 8; j < 12; ++j) {
            const auto& a = out.effects.assessors[index_of(two, ids(j, j + 1)[0])];
            CHECK_FALSE(a.anchored);
            want.push_back(truth[static_cast<std::size_t>(j)] - origin);
            got.push_back(a.severity);
            CHECK(std::abs(a.severity - want.back()) <=
                  (model == EffectsModel::Rasch ? 0.2 : 0.15));
        }
        CHECK(pearson(want, got) >= 0.98);
        // Nothing drifted: each shared assessor's free estimate stays near its
        // anchor (sampling error of two sessions' estimates: well within 0.25).
        for (const auto& d : out.anchoring.drift) {
            REQUIRE(d.drift);
            CHECK(std::abs(*d.drift) < 0.25);
            CHECK_FALSE(d.flagged);
        }
    }
}

TEST_CASE("a shared assessor who became harsher drifts", "[anchoring]") {
    // Session 2's R06 is one point (additive) or one logit (Rasch) harsher
    // than in session 1: freed, its estimate is about +1 from its anchor,
    // beyond the 0.5 threshold. Held, the wrong anchor pulls the other three
    // anchors' drift the other way by about 1/3 (its drift over the number of
    // other anchors, docs/calibration.md#anchoring), within the threshold.
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        INFO(to_string(model));
        const RatingTable one = session(model, 31, {truth.begin(), truth.begin() + 8}, ids(0, 8));
        std::vector<double> shifted(truth.begin() + 4, truth.end());
        shifted[1] += 1.0;  // R06
        const RatingTable two = session(model, 32, shifted, ids(4, 12));
        const AssessorEffects first = fit_assessor_effects(one, model);
        const auto out = fit_anchored_effects(two, model, anchors_from(first, ids(4, 8), model));
        REQUIRE(out.anchoring.drift.size() == 4);
        for (const auto& d : out.anchoring.drift) {
            REQUIRE(d.drift);
            REQUIRE(d.se);
            CHECK(*d.se < 0.1);
            if (two.assessors[d.assessor] == AssessorId("R06")) {
                CHECK(*d.drift == Approx(1.0).margin(0.2));
                CHECK(d.flagged);
            } else {
                CHECK(*d.drift == Approx(-1.0 / 3).margin(0.15));
                CHECK_FALSE(d.flagged);
            }
        }
        CHECK(out.anchoring.flagged == 1);
        CHECK(*out.anchoring.max_abs_drift > 0.8);
    }
}

TEST_CASE("the Wright map holds the fit's numbers", "[anchoring]") {
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        const RatingTable t = session(model, 41, {truth.begin(), truth.begin() + 8}, ids(0, 8));
        const AssessorEffects e = fit_assessor_effects(t, model);
        const auto map = wright_map(t, e);
        REQUIRE(map);
        CHECK(wright_map_units(model) ==
              (model == EffectsModel::Rasch ? "logits" : "scale points"));
        REQUIRE(map->assessors.size() == t.assessors.size());
        for (std::size_t j = 0; j < t.assessors.size(); ++j) {
            CHECK(map->assessors[j].id == t.assessors[j].value());
            CHECK(map->assessors[j].measure == e.assessors[j].severity);
        }
        REQUIRE(map->criteria.size() == t.criteria.size());
        for (std::size_t c = 0; c < t.criteria.size(); ++c) {
            // Rasch: the difficulty; additive: minus the mean offset.
            const double sign = model == EffectsModel::Rasch ? 1 : -1;
            CHECK(map->criteria[c].measure == Approx(sign * e.criterion_effects[c]).margin(0));
            CHECK(map->scales[c] == t.scales[c]);
            if (model == EffectsModel::Rasch)
                CHECK(map->thresholds[c] == e.thresholds[c]);
        }
        std::size_t i = 0;
        for (std::size_t a = 0; a < t.applicants.size(); ++a)
            if (e.applicant_effects[a]) {
                REQUIRE(i < map->applicants.size());
                CHECK(map->applicants[i].id == t.applicants[a].value());
                CHECK(map->applicants[i++].measure == *e.applicant_effects[a]);
            }
        CHECK(i == map->applicants.size());
        // The expected rating rises with applicant − criterion − assessor on
        // the map as in the model: the additive fitted value of a rating.
        if (model == EffectsModel::Additive) {
            const auto& r = t.ratings.front();
            const double fitted = *e.applicant_effects[r.applicant] +
                                  e.criterion_effects[r.criterion] -
                                  e.assessors[r.assessor].severity;
            CHECK(map->applicants[r.applicant].measure - map->criteria[r.criterion].measure -
                      map->assessors[r.assessor].measure ==
                  Approx(fitted).epsilon(1e-12));
        }
    }
}

TEST_CASE("calibrate --json anchors a later run, and its Wright map is the fit's", "[anchoring]") {
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        const RatingTable t = session(model, 51, {truth.begin(), truth.begin() + 8}, ids(0, 8));
        CalibrationOptions options;
        options.model = model;
        options.bootstrap = 0;
        const CalibrationReport first = calibration_report(t, options);
        std::ostringstream json;
        write_json(json, first);
        const Anchors anchors = parse_anchors(json.str(), "earlier.json");
        CHECK(anchors.model == model);
        REQUIRE(anchors.assessors.size() == t.assessors.size());
        REQUIRE(anchors.scales.size() == t.criteria.size());
        // The additive fit's numbers are written as shortest round-trip
        // decimals: the same double. The Rasch fit's to six decimals, the
        // precision its convergence criterion supports
        // (docs/calibration.md#the-rasch-fit): within half a millionth.
        const double written = model == EffectsModel::Rasch ? 5e-7 + 1e-12 : 0;
        for (std::size_t j = 0; j < t.assessors.size(); ++j) {
            CHECK(anchors.assessors[j].id == t.assessors[j]);
            CHECK(anchors.assessors[j].severity ==
                  Approx(first.effects.assessors[j].severity).margin(written));
        }
        // The Wright map in the document holds the fit's numbers.
        auto parsed = detail::parse_json(json.str());
        const auto& doc = std::get<detail::JsonValue>(parsed);
        const auto* map = doc.find("wright_map");
        REQUIRE(map);
        CHECK(*map->find("units")->string() == wright_map_units(model));
        const auto& assessors = *map->find("assessors")->array();
        REQUIRE(assessors.size() == t.assessors.size());
        for (std::size_t j = 0; j < assessors.size(); ++j) {
            CHECK(*assessors[j].find("id")->string() == t.assessors[j].value());
            CHECK(*assessors[j].find("measure")->number() ==
                  Approx(first.effects.assessors[j].severity).margin(written));
            CHECK_FALSE(*assessors[j].find("anchored")->boolean());
        }
        const auto& criteria = *map->find("criteria")->array();
        for (std::size_t c = 0; c < criteria.size(); ++c) {
            const double e = first.effects.criterion_effects[c];
            CHECK(*criteria[c].find("measure")->number() ==
                  Approx(model == EffectsModel::Rasch ? e : -e).margin(written));
        }
        const auto& applicants = *map->find("applicants")->array();
        REQUIRE(applicants.size() == t.applicants.size());
        for (std::size_t a = 0; a < applicants.size(); ++a)
            CHECK(*applicants[a].find("measure")->number() ==
                  Approx(*first.effects.applicant_effects[a]).margin(written));

        options.anchors = anchors;
        const CalibrationReport again = calibration_report(t, options);
        REQUIRE(again.anchoring);
        CHECK(again.anchoring->anchored.size() == t.assessors.size());
        CHECK(again.anchoring->estimated.empty());
        for (std::size_t j = 0; j < t.assessors.size(); ++j)  // held where the file put them
            CHECK(again.effects.assessors[j].severity == anchors.assessors[j].severity);
        std::ostringstream json2;
        write_json(json2, again);
        CHECK(json2.str().find("\"anchoring\": {") != std::string::npos);
        CHECK(json2.str().find("\"anchored\": true") != std::string::npos);
        std::ostringstream text;
        write_text(text, again);
        CHECK(text.str().find("anchoring (earlier.json): 8 assessors held") != std::string::npos);
    }
}

TEST_CASE("the anchor file's errors name the file, line and column", "[anchoring]") {
    const auto t = table_of("A1,c,R1,4\nA1,c,R2,2\nA2,c,R1,5\nA2,c,R2,4\n");
    auto error_of = [&](const std::string& json, EffectsModel model) -> EvidenceError {
        try {
            (void)fit_anchored_effects(t, model, parse_anchors(json, "earlier.json"));
        } catch (const EvidenceError& e) {
            return e;
        }
        FAIL("no error");
        throw;
    };
    SECTION("malformed JSON") {
        const auto e = error_of("{\"model\": \"additive\",\n \"assessors\": {,}}", {});
        CHECK(e.location() == SourceLocation{"earlier.json", 2, 16});
    }
    SECTION("another model") {
        const auto e = error_of(
            "{\n  \"model\": \"rasch\",\n  \"assessors\": {\"R1\": {\"severity\": 0.5}}\n}",
            EffectsModel::Additive);
        CHECK(e.location() == SourceLocation{"earlier.json", 2, 12});
        CHECK(e.message() ==
              "the anchor file holds a rasch calibration; this run fits the additive model "
              "(severities on another scale cannot anchor it)");
    }
    SECTION("another scale") {
        const auto e = error_of(
            "{\"model\": \"additive\", \"assessors\": {\"R1\": {\"severity\": 0}},\n"
            " \"wright_map\": {\"criteria\": [{\"id\": \"c\", \"measure\": 0, \"scale\": [0, "
            "4]}]}}",
            EffectsModel::Additive);
        CHECK(e.location() == SourceLocation{"earlier.json", 2, 65});
        CHECK(e.message() ==
              "criterion 'c' was on the scale 0..4 in the anchor file but is on 2..5 here: "
              "severities on another scale cannot anchor this run");
    }
    SECTION("no assessor shared") {
        const auto e =
            error_of("{\"model\": \"additive\", \"assessors\": {\"R9\": {\"severity\": 1}}}",
                     EffectsModel::Additive);
        CHECK(e.message() ==
              "no assessor with a severity in earlier.json has a rating here: nothing to anchor");
    }
    SECTION("not a calibration") {
        const auto e = error_of("{\"applicants\": []}", EffectsModel::Additive);
        CHECK(e.location() == SourceLocation{"earlier.json", 1, 1});
    }
    SECTION("a severity that is not a number") {
        const auto e =
            error_of("{\"model\": \"additive\", \"assessors\": {\"R1\": {\"severity\": \"high\"}}}",
                     EffectsModel::Additive);
        CHECK(e.location() == SourceLocation{"earlier.json", 1, 56});
        CHECK(e.message() == "the severity of 'R1' must be a number");
    }
}

TEST_CASE("an anchor file's severity beyond a double is refused where it stands", "[anchoring]") {
    try {
        (void)parse_anchors(
            "{\"model\": \"additive\", \"assessors\": {\"R1\": {\"severity\": 1e999}}}",
            "earlier.json");
        FAIL("no error");
    } catch (const EvidenceError& e) {
        // The JSON reader refuses it, at the number.
        CHECK(e.location() == SourceLocation{"earlier.json", 1, 56});
        CHECK(e.message() == "number '1e999' is too large");
    }
}

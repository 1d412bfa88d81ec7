// Panel calibration: the rating table, assessor effects (additive and Rasch),
// components, moderation, adjusted evidence and the shortlist difference.
#include "shortlist/analysis/calibration.hpp"

#include <sys/wait.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "analysis/calibration/table_internal.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/io.hpp"
#include "util/json.hpp"

using namespace shortlist;

namespace {

const std::filesystem::path data = SHORTLIST_TEST_DATA;
const std::filesystem::path source = SHORTLIST_SOURCE_DIR;

/// A table from rows "applicant,criterion,assessor,score", through the parser.
RatingTable table_of(const std::string& rows) {
    return parse_rating_table("applicant_id,criterion,assessor,score\n" + rows, "t.csv");
}

std::size_t assessor(const RatingTable& t, const std::string& id) {
    for (std::size_t j = 0; j < t.assessors.size(); ++j)
        if (t.assessors[j] == AssessorId(id))
            return j;
    FAIL("no assessor " << id);
    return 0;
}

/// A small portable generator (splitmix64), so the simulated data are the same
/// on every standard library.
struct Random {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double normal() {  // Box-Muller
        const double u = 1 - uniform(), v = uniform();
        return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
    }
};

}  // namespace

TEST_CASE("additive model: a hand-computed 2 x 2 design", "[calibration]") {
    // Two applicants rated by both assessors. Least squares: the assessor
    // difference is the mean of R1 − R2 = (2 + 1) / 2 = 1.5, so the centred
    // effects are ±0.75 and R2 (lower scores) has severity +0.75. Residuals
    // are ±0.25, RSS = 0.25 on 4 − 3 = 1 df, σ² = 0.25; the centred effect is
    // half the mean difference of two pairs: var = σ² / 4, se = 0.25.
    const auto t = table_of("A1,c,R1,4\nA1,c,R2,2\nA2,c,R1,5\nA2,c,R2,4\n");
    const auto e = fit_assessor_effects(t);
    REQUIRE(e.assessors.size() == 2);
    CHECK(e.assessors[0].id == AssessorId("R1"));
    CHECK(e.assessors[0].severity == Approx(-0.75).epsilon(1e-12));
    CHECK(e.assessors[1].severity == Approx(0.75).epsilon(1e-12));
    REQUIRE(e.assessors[0].se);
    CHECK(*e.assessors[0].se == Approx(0.25).epsilon(1e-12));
    CHECK(*e.assessors[1].se == Approx(0.25).epsilon(1e-12));
    CHECK(*e.residual_sd == Approx(0.5).epsilon(1e-12));
    CHECK(e.assessors[1].adjustment == Approx(0.75).epsilon(1e-12));
    CHECK(e.assessors[0].n_ratings == 2);
    REQUIRE(e.applicant_effects[0]);
    CHECK(*e.applicant_effects[0] == Approx(3).epsilon(1e-12));
    CHECK(*e.applicant_effects[1] == Approx(4.5).epsilon(1e-12));
    CHECK(e.components == 1);
    CHECK(e.notes.empty());
}

TEST_CASE("additive model: noise-free incomplete design recovers every effect", "[calibration]") {
    // score = applicant + criterion + assessor exactly; each applicant rated by
    // two of three assessors in turn (connected, not complete).
    const double app[] = {3.0, 2.0, 4.0, 3.5, 2.5, 3.0};
    const double crit[] = {-0.5, 0.5};
    const double ass[] = {-0.4, 0.1, 0.3};  // sums to 0
    std::string rows;
    for (int a = 0; a < 6; ++a)
        for (int c = 0; c < 2; ++c)
            for (int k = 0; k < 2; ++k) {
                const int j = (a + k) % 3;
                rows += "A" + std::to_string(a) + ",c" + std::to_string(c) + ",R" +
                        std::to_string(j) + "," + std::to_string(app[a] + crit[c] + ass[j]) + "\n";
            }
    const auto t = table_of(rows);
    const auto e = fit_assessor_effects(t);
    for (int j = 0; j < 3; ++j)
        CHECK(e.assessors[assessor(t, "R" + std::to_string(j))].severity ==
              Approx(-ass[j]).margin(1e-9));
    CHECK(e.criterion_effects[0] == Approx(-0.5).margin(1e-9));
    CHECK(e.criterion_effects[1] == Approx(0.5).margin(1e-9));
    for (std::size_t a = 0; a < 6; ++a)
        CHECK(*e.applicant_effects[a] == Approx(app[a]).margin(1e-9));
    CHECK(*e.residual_sd == Approx(0).margin(1e-6));
}

TEST_CASE("severity is positive for the assessor who marks harder", "[calibration]") {
    // R3 gives one point less than R1 and R2 on every applicant.
    const auto t = table_of(
        "A1,c,R1,4\nA1,c,R2,4\nA1,c,R3,3\nA2,c,R1,2\nA2,c,R2,3\nA2,c,R3,1\n"
        "A3,c,R1,5\nA3,c,R2,4\nA3,c,R3,3\n");
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        const auto e = fit_assessor_effects(t, model);
        INFO(to_string(model));
        CHECK(e.assessors[assessor(t, "R3")].severity > 0);
        CHECK(e.assessors[assessor(t, "R1")].severity < 0);
        // The additive adjustment raises the harsh assessor's scores.
        CHECK(e.assessors[assessor(t, "R3")].adjustment > 0);
    }
}

TEST_CASE("disconnected designs are detected and named", "[calibration]") {
    const auto t = table_of(
        "A1,c,R1,4\nA1,c,R2,3\nA2,c,R1,2\nA2,c,R2,2\n"
        "A3,c,R3,5\nA3,c,R4,4\nA4,c,R3,3\nA4,c,R4,1\n");
    const auto comp = detail::find_components(t);
    CHECK(comp.count == 2);
    CHECK(comp.of_assessor == std::vector<std::uint32_t>{0, 0, 1, 1});
    REQUIRE(comp.notes.size() == 2);
    CHECK(comp.notes[1] ==
          "assessor group 2 (R3, R4) shares no applicant with the other assessors: its "
          "severities are relative to its own members only and cannot be compared with the "
          "other groups'");
    const auto e = fit_assessor_effects(t);
    CHECK(e.components == 2);
    CHECK(e.notes == comp.notes);
    // Each group is centred on its own panel: R1 − R2 = (1 + 0) / 2 = 0.5.
    CHECK(e.assessors[0].severity == Approx(-0.25).epsilon(1e-12));
    CHECK(e.assessors[1].severity == Approx(0.25).epsilon(1e-12));
    CHECK(e.assessors[2].severity == Approx(-0.75).epsilon(1e-12));
    CHECK(e.assessors[3].severity == Approx(0.75).epsilon(1e-12));
    CHECK(e.assessors[2].component == 1);
}

TEST_CASE("moderation: spreads above the threshold, and assessors off the panel", "[calibration]") {
    const auto t = table_of(
        "A1,c,R1,5\nA1,c,R2,3\nA1,d,R1,4\nA1,d,R2,3\nA2,c,R1,2\n"
        "A2,c,R2,3.5\nA2,d,R1,1\nA2,d,R2,1\n");
    const auto e = fit_assessor_effects(t);
    const auto m = moderate(t, e);
    CHECK(m.threshold == 1);
    REQUIRE(m.cases.size() == 2);
    CHECK(t.applicants[m.cases[0].applicant] == ApplicantId("A1"));
    CHECK(t.criteria[m.cases[0].criterion] == CriterionId("c"));
    CHECK(m.cases[0].spread == 2);
    CHECK(m.cases[0].assessors == std::vector<std::uint32_t>{0, 1});
    CHECK(m.cases[0].scores == std::vector<double>{5, 3});
    CHECK(t.applicants[m.cases[1].applicant] == ApplicantId("A2"));
    CHECK(m.cases[1].spread == 1.5);
    // A spread of exactly the threshold is not a case.
    CHECK(moderate(t, e, 1.5).cases.size() == 1);
    CHECK(moderate(t, e, 0.5).cases.size() == 3);

    // Assessors: R5 is 1 point harsher than R1..R4 on 200 applicants with
    // noise. Against the panel mean R5 is +0.8 and the others −0.2: all are
    // statistically significant, only R5 by more than 0.25 points.
    Random rng{7};
    std::string rows;
    for (int a = 0; a < 200; ++a) {
        const double q = 3 + 0.5 * rng.normal();
        for (int j = 1; j <= 5; ++j)
            rows += "A" + std::to_string(a) + ",c,R" + std::to_string(j) + "," +
                    std::to_string(q - (j == 5 ? 1.0 : 0.0) + 0.3 * rng.normal()) + "\n";
    }
    const auto big = table_of(rows);
    const auto eb = fit_assessor_effects(big);
    const auto mb = moderate(big, eb);
    REQUIRE(mb.assessors.size() == 1);
    CHECK(big.assessors[mb.assessors[0].assessor] == AssessorId("R5"));
    CHECK(mb.assessors[0].z > 0);
    CHECK(mb.assessors[0].p < 0.05 / 5);
    CHECK(eb.assessors[assessor(big, "R5")].severity == Approx(0.8).margin(0.05));
    CHECK(eb.assessors[assessor(big, "R1")].severity == Approx(-0.2).margin(0.05));
    // With no practical minimum, the statistically significant others too.
    CHECK(moderate(big, eb, 1, 0).assessors.size() == 5);
}

TEST_CASE("the ratings table: words skipped, scales from the data, errors at file:line",
          "[calibration]") {
    const auto t = table_of(
        "A1,c,R1,not_evidenced\nA1,c,R2,4\nA2,c,R1,2\nA2,c,R2,\n"
        "A2,d,R1,NOT_APPLICABLE\nA2,d,R2,3\n");
    CHECK(t.ratings.size() == 3);
    CHECK(t.skipped == 3);
    CHECK(t.scales[0] == ScaleRange{2, 4});
    CHECK(t.scales[1] == ScaleRange{3, 3});

    auto error_of = [](const std::string& text) {
        try {
            (void)parse_rating_table(text, "r.csv");
        } catch (const EvidenceError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("applicant_id,criterion,score\nA1,c,3\n") ==
          "r.csv:1: error: missing column 'assessor' (a ratings file needs applicant_id, "
          "criterion, assessor and score)");
    CHECK(error_of("applicant_id,criterion,assessor,score\nA1,c,R1,3\nA1,c,R2,three\n") ==
          "r.csv:3:4: error: score 'three' is not a number or one of not_evidenced, "
          "not_assessed, not_applicable");
    CHECK(error_of("criterion,applicant_id,assessor,score\nc,,R1,3\n") ==
          "r.csv:2:2: error: empty applicant_id");
    CHECK(error_of("applicant_id,criterion,assessor,score\nA1,c,R1,3\nA2,c,R1,3\nA1,c,R1,4\n") ==
          "r.csv:4: error: duplicate rating: assessor 'R1' already rated 'c' for applicant 'A1' "
          "on line 2");
    CHECK(error_of("applicant_id,criterion,assessor,score\nA1,c,R1,not_assessed\n") ==
          "r.csv: error: no numeric ratings in r.csv: nothing to calibrate");
    CHECK(error_of("applicant_id,criterion,assessor,score\nA1,c,R1,\"3\n") ==
          "r.csv:2:9: error: unterminated quoted field: no closing '\"' before the end of the "
          "file");
}

TEST_CASE("Rasch: a hand-checkable dichotomous case", "[calibration]") {
    // One criterion scored 0/1 by two assessors. Applicants with both ratings
    // equal have an extreme score and take no part in estimating the
    // assessors. Among the others, 3 got 1 from R1 and 0 from R2, 1 the
    // reverse. Their ability is 0 by symmetry, and R1's expected count of 1s
    // among the 4 must equal the observed 3: 4·σ(−α1) = 3, α1 = −ln 3, and
    // α2 = ln 3 (centred). (This is JMLE's known doubling of the conditional
    // estimate ln(3)/2 for two items; Andersen 1973.) Each assessor's
    // information is 4·p(1−p) with p = 1/4, so se = 1/sqrt(0.75).
    const auto t = table_of(
        "A1,c,R1,1\nA1,c,R2,0\nA2,c,R1,1\nA2,c,R2,0\nA3,c,R1,1\nA3,c,R2,0\n"
        "A4,c,R1,0\nA4,c,R2,1\nA5,c,R1,1\nA5,c,R2,1\nA6,c,R1,0\nA6,c,R2,0\n");
    const auto e = fit_assessor_effects(t, EffectsModel::Rasch);
    CHECK(e.converged);
    CHECK(e.assessors[0].severity == Approx(-std::log(3.0)).margin(1e-6));
    CHECK(e.assessors[1].severity == Approx(std::log(3.0)).margin(1e-6));
    REQUIRE(e.assessors[1].se);
    CHECK(*e.assessors[1].se == Approx(1 / std::sqrt(0.75)).margin(1e-6));
    REQUIRE(e.thresholds[0].size() == 1);
    CHECK(e.thresholds[0][0] == Approx(0).margin(1e-9));
    CHECK(*e.applicant_effects[0] == Approx(0).margin(1e-6));
    // Fit: each of the 4 has residuals x − p; for R2, x = 1 once (p = 1/4)
    // and 0 three times: Σ(x−E)² = 9/16 + 3/16 = 0.75 = ΣVar, infit 1;
    // outfit = mean of (x−E)²/Var = (3 + 3 · 1/3) / 4 = 1.
    REQUIRE(e.assessors[1].fit);
    CHECK(e.assessors[1].fit->infit == Approx(1).margin(1e-6));
    CHECK(e.assessors[1].fit->outfit == Approx(1).margin(1e-6));
    // Extreme applicants: no fit, an ability from the score 0.3 in from the
    // extreme: A5 (both 1): σ(θ + ln3) + σ(θ − ln3) = 1.7.
    CHECK_FALSE(e.applicant_fit[4]);
    const double th = *e.applicant_effects[4];
    auto sig = [](double x) { return 1 / (1 + std::exp(-x)); };
    CHECK(sig(th + std::log(3.0)) + sig(th - std::log(3.0)) == Approx(1.7).margin(1e-6));
    REQUIRE(e.notes.size() == 1);
    CHECK(e.notes[0] ==
          "2 applicants with an extreme score (every rating at the minimum or the "
          "maximum) were left out of the estimation of the other facets; their "
          "ability is estimated 0.3 points in from the extreme");
}

TEST_CASE("Rasch: simulated many-facet data recover the true severities", "[calibration]") {
    // 600 applicants (θ ~ N(0, 1)), 6 criteria (δ = −0.5 .. 0.5), 4
    // assessors (α = −0.6, −0.2, 0.2, 0.6, centred), a 1..5 rating scale with
    // thresholds (−2, −0.7, 0.7, 2); each applicant is rated on every
    // criterion by 3 of the 4 assessors in turn (10,800 ratings, L = 18 per
    // applicant). Tolerance: 0.1 logits for severities and difficulties,
    // about 2.5 standard errors (se ≈ 0.025) plus JMLE's outward bias, a
    // factor near L / (L − 1) (+0.035 at |α| = 0.6); thresholds 0.25. (With
    // L = 9 the same data gave severities 20% too wide: JMLE needs many
    // ratings per applicant, see calibration.hpp.)
    const double delta[] = {-0.5, -0.3, -0.1, 0.1, 0.3, 0.5};
    const double alpha[] = {-0.6, -0.2, 0.2, 0.6};
    const double tau[] = {0, -2, -0.7, 0.7, 2};
    Random rng{20240501};
    std::string rows;
    for (int a = 0; a < 600; ++a) {
        const double theta = rng.normal();
        for (int c = 0; c < 6; ++c)
            for (int k = 0; k < 3; ++k) {
                const int j = (a + k) % 4;
                const double eta = theta - delta[c] - alpha[j];
                double p[5], sum = 0, l = 0;
                for (int x = 0; x < 5; ++x) {
                    if (x > 0)
                        l += eta - tau[x];
                    p[x] = std::exp(l);
                    sum += p[x];
                }
                double u = rng.uniform() * sum;
                int x = 0;
                while (x < 4 && u > p[x])
                    u -= p[x++];
                rows += "A" + std::to_string(a) + ",c" + std::to_string(c) + ",R" +
                        std::to_string(j) + "," + std::to_string(x + 1) + "\n";
            }
    }
    const auto t = table_of(rows);
    REQUIRE(t.ratings.size() == 10800);
    const auto e = fit_assessor_effects(t, EffectsModel::Rasch);
    CHECK(e.converged);
    for (int j = 0; j < 4; ++j) {
        const auto& a = e.assessors[assessor(t, "R" + std::to_string(j))];
        INFO("R" << j);
        CHECK(a.severity == Approx(alpha[j]).margin(0.1));
        REQUIRE(a.se);
        CHECK(*a.se == Approx(0.025).margin(0.005));
        REQUIRE(a.fit);
        CHECK(a.fit->infit == Approx(1).margin(0.1));
        CHECK(a.fit->outfit == Approx(1).margin(0.15));
    }
    for (int c = 0; c < 6; ++c)
        CHECK(e.criterion_effects[static_cast<std::size_t>(c)] == Approx(delta[c]).margin(0.1));
    REQUIRE(e.thresholds[0].size() == 4);
    for (std::size_t h = 0; h < 4; ++h)
        CHECK(e.thresholds[0][h] == Approx(tau[h + 1]).margin(0.25));
    // The harsh assessor's adjustment is positive scale points.
    CHECK(e.assessors[assessor(t, "R3")].adjustment > 0.2);
    CHECK(e.assessors[assessor(t, "R0")].adjustment < -0.2);
}

TEST_CASE("adjusted scores change the shortlist: who enters, who leaves", "[calibration]") {
    // tests/data/calibration: one criterion, top 1. The scores are exactly
    // quality + assessor offset with R1 −1 (harsh), R2 0, R3 +1 (lenient):
    // A1 (quality 4) has R1 3, R2 4: raw mean 3.5; A2 (3) only R3 4: raw 4;
    // A3 (2) R1 1, R3 3; A4 (3) R2 3, R3 4. Raw: A2 first. Without the
    // assessor effects A1 has 4 and A2 3 (tied with A4 for 2nd).
    const auto dir = data / "calibration";
    const Rulebook rb = load_rulebook(dir / "rules.yaml");
    const Evidence ev = load_evidence(rb, dir / "applicants.csv", dir / "ratings.csv");
    const RatingTable t = make_rating_table(ev, rb);
    CHECK(t.ratings.size() == 7);
    CHECK(t.skipped == 1);
    CHECK(t.scales[0] == ScaleRange{1, 5});
    const auto e = fit_assessor_effects(t);
    CHECK(e.assessors[assessor(t, "R1")].severity == Approx(1).margin(1e-9));
    CHECK(e.assessors[assessor(t, "R2")].severity == Approx(0).margin(1e-9));
    CHECK(e.assessors[assessor(t, "R3")].severity == Approx(-1).margin(1e-9));

    const Evidence adjusted = adjust_for_assessors(ev, rb, e);
    REQUIRE(adjusted.ratings.size() == ev.ratings.size());
    CHECK(adjusted.ratings[0].score == Approx(4).margin(1e-9));  // A1 R1 3 + 1
    CHECK(adjusted.ratings[2].score == Approx(3).margin(1e-9));  // A2 R3 4 − 1
    CHECK(adjusted.ratings[3].score == Approx(2).margin(1e-9));  // A3 R1 1 + 1
    CHECK(adjusted.ratings[7].kind == RatingKind::NotAssessed);  // untouched

    const Scorer scorer(rb);
    const Shortlist before = select(scorer.rulebook(), scorer.score(ev));
    const Shortlist after = select(scorer.rulebook(), scorer.score(adjusted));
    const auto moves = compare_shortlists(before, after);
    REQUIRE(moves.size() == 2);
    CHECK(moves[0].id.value() == "A1");
    CHECK(moves[0].applicant == 0);
    CHECK(moves[0].enters);
    CHECK(moves[0].rank_before == std::optional<std::size_t>(2));
    CHECK(moves[0].rank_after == std::optional<std::size_t>(1));
    CHECK(moves[0].status_before == ShortlistStatus::NotShortlisted);
    CHECK(moves[0].status_after == ShortlistStatus::Shortlisted);
    CHECK(moves[1].id.value() == "A2");
    CHECK_FALSE(moves[1].enters);
    CHECK(moves[1].rank_before == std::optional<std::size_t>(1));
    CHECK(moves[1].rank_after == std::optional<std::size_t>(2));
    // Each move carries the applicant's totals under both.
    CHECK(moves[0].total_before == before.outcomes[0].total);
    CHECK(moves[0].total_after == after.outcomes[0].total);
    CHECK(moves[0].total_after > moves[0].total_before);
    // No change, no moves.
    CHECK(compare_shortlists(before, before).empty());
    // An applicant without an entry: the two cannot be compared.
    Shortlist partial = before;
    std::erase_if(partial.entries, [](const ShortlistEntry& x) { return x.outcome == 0; });
    CHECK_THROWS_WITH(compare_shortlists(partial, after),
                      Catch::EndsWith("cannot compare shortlists: applicant 'A1' has no entry in "
                                      "one of them"));

    // Clamped to the scale: +3 takes 1 to 4 and anything above 2 to 5.
    AssessorEffects big = e;
    for (auto& a : big.assessors)
        a.adjustment = 3;
    const auto clamped = adjust_for_assessors(ev, rb, big);
    for (std::size_t i = 0; i < ev.ratings.size(); ++i)
        if (ev.ratings[i].kind == RatingKind::Score)
            CHECK(clamped.ratings[i].score == std::min(ev.ratings[i].score + 3, 5.0));
    CHECK(clamped.ratings[3].score == 4);
}

TEST_CASE("the example ratings: R4 harsh, R2 lenient, a worklist and a changed shortlist",
          "[calibration]") {
    const Rulebook rb = load_rulebook(source / "rules" / "gloucestershire_pcso.yaml");
    const Evidence ev =
        load_evidence(rb, source / "examples" / "data" / "applicants.csv",
                      source / "examples" / "data" / "ratings" / "gloucestershire-pcso.csv");
    const RatingTable t = make_rating_table(ev, rb);
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        INFO(to_string(model));
        const auto e = fit_assessor_effects(t, model);
        CHECK(e.converged);
        CHECK(e.components == 1);
        const auto& r4 = e.assessors[assessor(t, "R4")];
        const auto& r2 = e.assessors[assessor(t, "R2")];
        CHECK(r4.severity > 0);
        CHECK(r2.severity < 0);
        // In scale points the generator's −0.8 and +0.6 (less after
        // rounding and clamping to the scale).
        CHECK(r4.adjustment == Approx(0.7).margin(0.15));
        CHECK(r2.adjustment == Approx(-0.55).margin(0.15));
        const auto m = moderate(t, e);
        CHECK(m.cases.size() > 100);
        REQUIRE(m.assessors.size() == 2);
        CHECK(t.assessors[m.assessors[0].assessor] == AssessorId("R2"));
        CHECK(t.assessors[m.assessors[1].assessor] == AssessorId("R4"));

        const Scorer scorer(rb);
        const auto before = select(scorer.rulebook(), scorer.score(ev, {false}));
        const auto after =
            select(scorer.rulebook(), scorer.score(adjust_for_assessors(ev, rb, e), {false}));
        const auto moves = compare_shortlists(before, after);
        CHECK_FALSE(moves.empty());
        std::size_t enters = 0;
        for (const auto& mv : moves)
            enters += mv.enters ? 1u : 0u;
        CHECK(enters > 0);
        CHECK(enters < moves.size());
    }
}

TEST_CASE("the CSV alone and the evidence give the same table's effects", "[calibration]") {
    const auto dir = data / "calibration";
    const Rulebook rb = load_rulebook(dir / "rules.yaml");
    const Evidence ev = load_evidence(rb, dir / "applicants.csv", dir / "ratings.csv");
    const auto from_evidence = fit_assessor_effects(make_rating_table(ev, rb));
    const auto from_csv = fit_assessor_effects(load_rating_table(dir / "ratings.csv"));
    REQUIRE(from_csv.assessors.size() == from_evidence.assessors.size());
    for (std::size_t j = 0; j < from_csv.assessors.size(); ++j) {
        CHECK(from_csv.assessors[j].id == from_evidence.assessors[j].id);
        CHECK(from_csv.assessors[j].severity ==
              Approx(from_evidence.assessors[j].severity).margin(1e-12));
    }
}

TEST_CASE("agreement matrices from the table", "[calibration]") {
    const auto t = table_of("A1,c,R1,4\nA1,c,R2,3\nA2,c,R2,2\nA2,d,R3,5\n");
    const auto m = criterion_matrix(t, 0);
    CHECK(m.subjects == 2);
    CHECK(m.raters == 2);
    CHECK(m.rater_labels == std::vector<std::string>{"R1", "R2"});
    CHECK(m.at(0, 0) == 4);
    CHECK(m.at(0, 1) == 3);
    CHECK(std::isnan(m.at(1, 0)));
    CHECK(m.at(1, 1) == 2);
    const auto all = overall_matrix(t);
    CHECK(all.subjects == 3);
    CHECK(all.raters == 3);
    CHECK(all.subject_labels == std::vector<std::string>{"A1/c", "A2/c", "A2/d"});
    CHECK(all.at(2, 2) == 5);
    // Their shapes, without building them.
    const auto shape_c = matrix_shape(t, 0u);
    CHECK(shape_c.subjects == m.subjects);
    CHECK(shape_c.raters == m.raters);
    CHECK(shape_c.ratings == 3);
    const auto shape_all = matrix_shape(t, std::nullopt);
    CHECK(shape_all.subjects == all.subjects);
    CHECK(shape_all.raters == all.raters);
    CHECK(shape_all.ratings == 4);
}

TEST_CASE("additive model: 100,000 applicants x 6 criteria x 3 assessors", "[calibration]") {
    // 1.8 million ratings; assessors R0..R4, three per applicant in turn;
    // true severities 0.5, −0.3, 0, 0.2, −0.4 (centred) plus noise. The
    // national-campaign size is fitted correctly here; how fast is measured in
    // bench/bench_calibrate, never asserted in a test.
    const double sev[] = {0.5, -0.3, 0, 0.2, -0.4};
    RatingTable t;
    for (int c = 0; c < 6; ++c)
        t.criteria.emplace_back("c" + std::to_string(c));
    t.scales.assign(6, ScaleRange{1, 5});
    for (int j = 0; j < 5; ++j)
        t.assessors.emplace_back("R" + std::to_string(j));
    const std::uint32_t n = 100000;
    t.applicants.resize(n);
    t.ratings.reserve(std::size_t{n} * 18);
    Random rng{99};
    for (std::uint32_t a = 0; a < n; ++a) {
        t.applicants[a] = ApplicantId("A" + std::to_string(a));
        const double q = 3 + 0.7 * rng.normal();
        for (std::uint32_t c = 0; c < 6; ++c)
            for (std::uint32_t k = 0; k < 3; ++k) {
                const std::uint32_t j = (a + k) % 5;
                t.ratings.push_back({a, c, j, 0, q - sev[j] + 0.5 * rng.normal()});
            }
    }
    const auto e = fit_assessor_effects(t);
    const auto m = moderate(t, e);
    for (std::size_t j = 0; j < 5; ++j)
        CHECK(e.assessors[j].severity == Approx(sev[j]).margin(0.01));
    CHECK(m.assessors.size() == 3);  // 0.5, −0.3, −0.4: at least 0.25 points
}

TEST_CASE("a design that confounds assessors with criteria is refused with a note",
          "[calibration]") {
    // R1 rates only c1 and R2 only c2: their difference is the criteria's.
    const auto t = table_of("A1,c1,R1,3\nA1,c2,R2,4\nA2,c1,R1,2\nA2,c2,R2,5\n");
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        const auto e = fit_assessor_effects(t, model);
        CHECK(e.model == model);
        CHECK_FALSE(e.identified);
        CHECK_FALSE(e.usable());
        REQUIRE(e.notes.size() == 1);
        CHECK(e.notes[0] ==
              "the design does not identify the assessor effects (some criterion or assessor is "
              "confounded with the applicants it rated); severities are not reported");
        CHECK(moderate(t, e).assessors.empty());
        Evidence ev;
        try {
            (void)adjust_for_assessors(ev, Rulebook{}, e);
            FAIL("no error");
        } catch (const EvidenceError& err) {
            CHECK(err.code() == ErrorCode::FailedPrecondition);
            CHECK(err.message() ==
                  "assessor effects cannot be removed: the design does not identify them");
        }
    }
}

namespace {

/// Run the CLI (built beside the tests), returning its standard output and
/// exit status.
std::pair<std::string, int> run_cli(const std::string& arguments) {
    const auto exe = std::filesystem::path(SHORTLIST_BINARY_DIR) / "shortlist";
    REQUIRE(std::filesystem::exists(exe));
    const std::string command = "\"" + exe.string() + "\" " + arguments + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
        out.append(buf, n);
    const int status = pclose(pipe);
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

}  // namespace

TEST_CASE("shortlist calibrate on the example data: text, --json and --csv", "[calibration]") {
    const auto root = source.string();
    const std::string inputs = "--rules \"" + root + "/rules/gloucestershire_pcso.yaml\" " +
                               "--applicants \"" + root + "/examples/data/applicants.csv\" " +
                               "--ratings \"" + root +
                               "/examples/data/ratings/gloucestershire-pcso.csv\" --bootstrap 0";
    const auto csv_dir = std::filesystem::path(SHORTLIST_BINARY_DIR) / "tests" / "calibrate_csv";
    std::filesystem::remove_all(csv_dir);
    const auto [json, status] =
        run_cli("calibrate " + inputs + " --json --csv \"" + csv_dir.string() + "\"");
    REQUIRE(status == 0);
    auto parsed = detail::parse_json(json);
    REQUIRE(std::holds_alternative<detail::JsonValue>(parsed));
    const auto& doc = std::get<detail::JsonValue>(parsed);
    const auto* criteria = doc.find("criteria");
    REQUIRE(criteria);
    REQUIRE(criteria->object());
    CHECK(criteria->object()->size() == 17);
    const auto* comm = criteria->find("communication");
    REQUIRE(comm);
    for (const char* key :
         {"n_applicants", "n_assessors", "n_ratings", "fleiss_kappa", "kendall_w"})
        CHECK(comm->find(key) != nullptr);
    CHECK(*comm->find("n_applicants")->number() == 200);
    CHECK(*comm->find("n_ratings")->number() == 598);
    for (const char* key : {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"})
        CHECK(comm->find("icc")->find(key) != nullptr);
    for (const char* key : {"nominal", "ordinal", "interval", "ratio"})
        CHECK(comm->find("krippendorff_alpha")->find(key)->number() != nullptr);
    // Beyond the minimum: F tests and intervals, alpha's interval, Cohen's kappas.
    CHECK(comm->find("icc_tests")->find("ICC2")->find("df1") != nullptr);
    REQUIRE(comm->find("cohen_kappa")->array());
    CHECK(comm->find("cohen_kappa")->array()->size() == 10);  // 5 assessors, all pairs share
    // Gwet's AC1/AC2, Brennan-Prediger and the kappas' standard errors and
    // intervals (values checked in chance_agreement_test): each interval holds
    // its coefficient, and the skewed sift's AC1 is above its Fleiss' kappa.
    auto number = [&](const char* key) { return *comm->find(key)->number(); };
    auto holds = [&](const char* value_key, const char* ci_key) {
        const auto* ci = comm->find(ci_key)->array();
        REQUIRE(ci);
        REQUIRE(ci->size() == 2);
        CHECK(*(*ci)[0].number() < number(value_key));
        CHECK(*(*ci)[1].number() > number(value_key));
    };
    CHECK(number("gwet_ac1_se") > 0);
    holds("gwet_ac1", "gwet_ac1_ci");
    CHECK(number("brennan_prediger_se") > 0);
    holds("brennan_prediger", "brennan_prediger_ci");
    CHECK(number("fleiss_kappa_se") > 0);
    holds("fleiss_kappa", "fleiss_kappa_ci");
    CHECK(number("gwet_ac1") > number("fleiss_kappa"));
    for (const char* weights : {"linear", "quadratic"}) {
        CHECK(comm->find("gwet_ac2")->find(weights)->number() != nullptr);
        CHECK(*comm->find("gwet_ac2_se")->find(weights)->number() > 0);
        CHECK(comm->find("brennan_prediger_weighted")->find(weights)->number() != nullptr);
    }
    REQUIRE(comm->find("cohen_kappa_se")->array());
    CHECK(comm->find("cohen_kappa_se")->array()->size() == 10);
    CHECK(*comm->find("cohen_kappa_se")->array()->front().find("quadratic")->find("se")->number() >
          0);
    REQUIRE(doc.find("overall"));
    CHECK(*doc.find("overall")->find("n_ratings")->number() == 10105);
    const auto* assessors = doc.find("assessors");
    REQUIRE(assessors);
    CHECK(*assessors->find("R4")->find("severity")->number() > 0);
    CHECK(*assessors->find("R2")->find("severity")->number() < 0);
    for (const char* key : {"se", "infit", "outfit", "n_ratings"})
        CHECK(assessors->find("R4")->find(key) != nullptr);
    const auto* moderation = doc.find("moderation");
    REQUIRE(moderation);
    REQUIRE(moderation->array());
    REQUIRE_FALSE(moderation->array()->empty());
    const auto& first = moderation->array()->front();
    for (const char* key : {"applicant_id", "criterion", "assessors", "spread"})
        CHECK(first.find(key) != nullptr);
    CHECK(*first.find("spread")->number() > 1);
    REQUIRE(doc.find("shortlist_changes")->array());
    CHECK_FALSE(doc.find("shortlist_changes")->array()->empty());
    REQUIRE(doc.find("notes")->array());

    // The same tables as CSV.
    for (const char* file :
         {"agreement.csv", "assessors.csv", "moderation.csv", "shortlist_changes.csv", "notes.csv"})
        CHECK(std::filesystem::exists(csv_dir / file));
    const auto assessors_csv = detail::read_file(csv_dir / "assessors.csv");
    CHECK(assessors_csv.rfind("assessor,severity,se,infit,outfit,n_ratings,group,adjustment,"
                              "flagged\n",
                              0) == 0);
    CHECK(assessors_csv.find("\nR4,0.7") != std::string::npos);

    // The text summary names the harsh and lenient assessors as flagged.
    const auto [text, text_status] = run_cli("calibrate " + inputs);
    CHECK(text_status == 0);
    CHECK(text.find("R4: 0.729 (se 0.010), 2022 ratings  ** differs from the panel") !=
          std::string::npos);
    CHECK(text.find("R2: -0.545") != std::string::npos);
    // Vetting is a pre-employment check, so applicants without it are ranked
    // too (docs/rulebook.md, "Stages").
    CHECK(text.find("shortlist without assessor effects: 12 change(s)") != std::string::npos);

    // The Rasch model adds its section and tables.
    const auto [rasch, rasch_status] =
        run_cli("calibrate " + inputs + " --model rasch --json --csv \"" + csv_dir.string() + "\"");
    REQUIRE(rasch_status == 0);
    auto rasch_parsed = detail::parse_json(rasch);
    REQUIRE(std::holds_alternative<detail::JsonValue>(rasch_parsed));
    const auto& rdoc = std::get<detail::JsonValue>(rasch_parsed);
    CHECK(*rdoc.find("model")->string() == "rasch");
    CHECK(*rdoc.find("rasch")->find("converged")->boolean());
    CHECK(rdoc.find("rasch")
              ->find("criteria")
              ->find("communication")
              ->find("thresholds")
              ->array()
              ->size() == 4);
    CHECK(*rdoc.find("assessors")->find("R4")->find("infit")->number() > 0.5);
    CHECK(detail::read_file(csv_dir / "rasch_criteria.csv")
              .rfind("criterion,difficulty,thresholds\nliteracy_it,", 0) == 0);
    CHECK(detail::read_file(csv_dir / "rasch_applicants.csv")
              .rfind("applicant_id,ability,infit,outfit\nA0001,", 0) == 0);

    // JSON Lines evidence carries its own ratings: the same result.
    const auto [jsonl, jsonl_status] = run_cli(
        "calibrate --rules \"" + root + "/rules/gloucestershire_pcso.yaml\" --applicants \"" +
        root + "/examples/data/applicants.jsonl\" --bootstrap 0");
    CHECK(jsonl_status == 0);
    CHECK(jsonl.find("R4: 0.729 (se 0.010), 2022 ratings  ** differs from the panel") !=
          std::string::npos);

    // Ids a spreadsheet would run as formulas are written as text.
    const auto formula = std::filesystem::path(SHORTLIST_BINARY_DIR) / "tests" / "formula.csv";
    detail::write_file_atomically(formula, [](std::ostream& os) {
        os << "applicant_id,criterion,assessor,score\n"
              "A1,c,\"=HYPERLINK(\"\"x\"\")\",2\nA1,c,R2,4\nA2,c,\"=HYPERLINK(\"\"x\"\")\",3\n"
              "A2,c,R2,4\n";
    });
    REQUIRE(run_cli("calibrate --ratings \"" + formula.string() + "\" --bootstrap 0 --csv \"" +
                    csv_dir.string() + "\"")
                .second == 0);
    CHECK(detail::read_file(csv_dir / "assessors.csv").find("\n\"'=HYPERLINK(\"\"x\"\")\",") !=
          std::string::npos);

    // Bad options are usage errors (exit 1).
    CHECK(run_cli("calibrate " + inputs + " --model probit").second == 1);
    CHECK(run_cli("calibrate --applicants x.csv --ratings y.csv").second == 1);
    CHECK(run_cli("calibrate").second == 1);
}

TEST_CASE("scales from a rulebook for a ratings file read alone", "[calibration]") {
    const Rulebook rb = load_rulebook(data / "calibration" / "rules.yaml");
    auto t = table_of("A1,skill,R1,2\nA2,skill,R1,3\n");
    CHECK(t.scales[0] == ScaleRange{2, 3});
    CHECK(t.observed_scales);
    detail::apply_scales(t, rb);
    CHECK(t.scales[0] == ScaleRange{1, 5});
    CHECK_FALSE(t.observed_scales);
    // The public loader of a ratings file does the same.
    const auto file = data / "calibration" / "ratings.csv";
    const RatingTable loaded = load_rating_table(file, rb);
    CHECK(load_rating_table(file).scales != loaded.scales);
    CHECK(loaded.scales == std::vector<ScaleRange>{ScaleRange{1, 5}});
    CHECK_FALSE(loaded.observed_scales);
    CHECK(loaded.ratings == load_rating_table(file).ratings);
    // A rulebook's criteria on different scales: the additive model says so.
    RatingTable mixed =
        table_of("A1,c,R1,2\nA1,d,R2,3\nA2,c,R2,4\nA2,d,R1,5\nA3,c,R1,3\nA3,d,R2,3\n");
    CHECK(fit_assessor_effects(mixed).notes.empty());
    mixed.observed_scales = false;
    mixed.scales = {ScaleRange{1, 5}, ScaleRange{0, 10}};
    CHECK(fit_assessor_effects(mixed).notes ==
          std::vector<std::string>{
              "the criteria are on different scales: additive severities are in raw points of "
              "whichever scale each rating used (the Rasch model, --model rasch, has "
              "thresholds per scale)"});
    auto error_of = [&](const std::string& rows) {
        auto bad = table_of(rows);
        try {
            detail::apply_scales(bad, rb);
        } catch (const EvidenceError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("A1,skill,R1,2\nA1,skill,R2,6\n") ==
          "t.csv:3: error: score 6 is off the scale of criterion 'skill' (1..5)");
    CHECK(error_of("A1,skill,R1,2\nA1,typing,R2,4\n") ==
          "t.csv:3: error: criterion 'typing' is not in rulebook 'calibration-test'");
}

TEST_CASE("hostile ratings files: an error or a table, never a crash", "[calibration]") {
    // An assessor column holding a different id on every row (a shifted
    // spreadsheet) would make the additive model's dense system enormous.
    RatingTable t;
    t.source = "shifted.csv";
    t.criteria = {CriterionId("c")};
    t.scales = {ScaleRange{1, 5}};
    for (std::uint32_t i = 0; i < 6000; ++i) {
        t.applicants.emplace_back("A" + std::to_string(i / 2));
        t.assessors.emplace_back("note " + std::to_string(i));
        t.ratings.push_back({i / 2, 0, i, i + 2, 3});
    }
    try {
        (void)fit_assessor_effects(t);
        FAIL("no error");
    } catch (const EvidenceError& e) {
        CHECK(std::string(e.what()) ==
              "shifted.csv: error: 1 criteria and 6000 assessors: more than the 5000 effects "
              "calibration estimates together (does the assessor column hold assessor ids?)");
    }

    // Random bytes drawn from CSV's alphabet: parsed or refused, and any table
    // read fits without throwing anything but EvidenceError.
    const std::string alphabet = "A1,2.5\"\n\r;x-e9 \tnot_assessed";
    Random rng{4};
    for (int round = 0; round < 300; ++round) {
        std::string text = "applicant_id,criterion,assessor,score\n";
        const auto length = 1 + rng.next() % 200;
        for (std::uint64_t i = 0; i < length; ++i)
            text += alphabet[rng.next() % alphabet.size()];
        try {
            const auto table = parse_rating_table(text, "fuzz.csv");
            for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
                const auto e = fit_assessor_effects(table, model);
                CHECK(e.assessors.size() == table.assessors.size());
                (void)moderate(table, e);
            }
        } catch (const EvidenceError&) {
            SUCCEED();
        }
    }
}

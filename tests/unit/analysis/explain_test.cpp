// What it takes: hand-computed improvements and margins, and on the example
// data a check of every improvement against the scorer itself: the reported
// raw score shortlists the applicant and 10^-6 less does not.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "scoring_fixtures.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

/// e1, e2 essential (weight 1 each), c1 competency (weight 1); groups weigh
/// 1 each, so the effective weights are e1 0.25, e2 0.25, c1 0.5 and
/// total = 100 × (0.25 s1 + 0.25 s2 + 0.5 s3), s = (r − 1) / 4.
Rulebook three(Aggregation aggregation = Aggregation::WeightedMean) {
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 1), criterion("e2", Group::Essential, 1),
                  criterion("c1", Group::Competency, 1)});
    r.aggregation = aggregation;
    r.shortlist.top = 2;
    return r;
}

/// Applicants with one score per criterion (e1, e2, c1), in order.
Evidence scored(const Rulebook& r, const std::vector<std::vector<double>>& scores) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < scores.size(); ++i)
        ids.push_back(std::string(1, static_cast<char>('A' + i)));
    Evidence e = evidence(r, ids);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        for (std::size_t k = 0; k < scores[i].size(); ++k) {
            if (scores[i][k] > 0)
                rate(e, r, i, r.criteria[k].id.view(), scores[i][k]);
        }
    }
    return e;
}

Shortlist run(const Rulebook& r, const Evidence& e) {
    const Scorer scorer(r);
    return select(scorer.rulebook(), scorer.score(e));
}

const WhatItTakes& of(const Shortlist& s, const std::vector<WhatItTakes>& w, std::string_view id) {
    for (std::size_t p = 0; p < s.entries.size(); ++p) {
        if (s.outcomes[s.entries[p].outcome].id.view() == id)
            return w[p];
    }
    throw std::logic_error("no entry " + std::string(id));
}

ShortlistStatus status_of(const Shortlist& s, std::string_view id) {
    for (const ShortlistEntry& e : s.entries) {
        if (s.outcomes[e.outcome].id.view() == id)
            return e.status;
    }
    throw std::logic_error("no entry " + std::string(id));
}

bool in(ShortlistStatus s) {
    return s == ShortlistStatus::Shortlisted || s == ShortlistStatus::GuaranteedInterview;
}

/// The evidence with applicant i's ratings of criterion k replaced by one
/// score of raw.
Evidence with_raw(const Evidence& e, std::size_t i, std::size_t k, double raw) {
    Evidence x = e;
    x.indicators.clear();  // the indices below shift; the examples tick none with a score
    std::vector<Rating> kept;
    for (const Rating& r : e.ratings) {
        if (!(r.applicant == i && r.criterion == k))
            kept.push_back(r);
    }
    Rating r;
    r.applicant = static_cast<std::uint32_t>(i);
    r.criterion = static_cast<std::uint32_t>(k);
    r.kind = RatingKind::Score;
    r.score = raw;
    kept.push_back(r);
    x.ratings = std::move(kept);
    return x;
}

/// Every improvement reported is exact: rescored by the Scorer with the new
/// raw score the applicant is shortlisted, and with 10^-6 less not.
void check_improvements_against_scorer(const Rulebook& rb, const Evidence& e, std::size_t at_most) {
    const Scorer scorer(rb);
    const Shortlist s = select(scorer.rulebook(), scorer.score(e));
    const std::vector<WhatItTakes> w = what_it_takes(scorer.rulebook(), s);
    std::size_t checked = 0;
    for (std::size_t p = 0; p < s.entries.size() && checked < at_most; ++p) {
        if (w[p].kind != WhatItTakes::Kind::Improvement)
            continue;
        const Outcome& o = s.outcomes[s.entries[p].outcome];
        const Improvement& best = w[p].options.front();
        const std::size_t k = rb.find_criterion(best.criterion.view());
        INFO(o.id.value() << " " << best.criterion.value() << " " << best.new_raw);
        const Shortlist yes =
            select(scorer.rulebook(), scorer.score(with_raw(e, o.index, k, best.new_raw)));
        CHECK(in(status_of(yes, o.id.view())));
        const double baseline = o.criteria[k].raw.value_or(-1);
        if (best.new_raw - 1e-6 > baseline) {
            const Shortlist no = select(scorer.rulebook(),
                                        scorer.score(with_raw(e, o.index, k, best.new_raw - 1e-6)));
            CHECK_FALSE(in(status_of(no, o.id.view())));
        }
        ++checked;
    }
    CHECK(checked > 0);
    // And where no single criterion suffices, the scale max on each one in
    // turn does not shortlist the applicant.
    std::size_t refuted = 0;
    for (std::size_t p = 0; p < s.entries.size() && refuted < 5; ++p) {
        if (w[p].kind != WhatItTakes::Kind::NoSingleCriterion)
            continue;
        const Outcome& o = s.outcomes[s.entries[p].outcome];
        for (std::size_t k = 0; k < rb.criteria.size(); ++k) {
            if (o.criteria[k].status == CriterionStatus::NotApplicable)
                continue;
            const double max = rb.find_scale(rb.criteria[k].scale)->max;
            INFO(o.id.value() << " " << rb.criteria[k].id.value() << " at " << max);
            const Shortlist at_max =
                select(scorer.rulebook(), scorer.score(with_raw(e, o.index, k, max)));
            CHECK_FALSE(in(status_of(at_max, o.id.view())));
        }
        ++refuted;
    }
}

}  // namespace

TEST_CASE("weighted mean: the closed form, reaching the cut exactly ties and is in", "[explain]") {
    const Rulebook r = three();
    // Totals: A 100; B 100 × (0.25·0.5 + 0.25·0.75 + 0.5·0.75) = 68.75;
    // C 100 × 0.5 = 50; D 100 × (0.25·0.5 + 0.25·0.25 + 0.5·0.25) = 31.25.
    const Shortlist s = run(r, scored(r, {{5, 5, 5}, {3, 4, 4}, {3, 3, 3}, {3, 2, 2}}));
    const auto w = what_it_takes(r, s);

    // A: in by 100 − 50 over the applicant at place 3 (C); B by 68.75 − 50.
    CHECK(of(s, w, "A").kind == WhatItTakes::Kind::Margin);
    CHECK(of(s, w, "A").margin == Approx(50).epsilon(1e-12));
    CHECK(of(s, w, "B").margin == Approx(18.75).epsilon(1e-12));
    CHECK(of(s, w, "B").keep_total == Approx(50).epsilon(1e-12));

    // C needs 68.75 − 50 = 18.75 points of the total. On c1 (e = 0.5):
    // 18.75 / (100 × 0.5) × (5 − 1) = 1.5 scale points, 3 → 4.5. On e1 or
    // e2 (e = 0.25): 18.75 / 25 × 4 = 3 points, 3 → 6, beyond the scale.
    const WhatItTakes& c = of(s, w, "C");
    REQUIRE(c.kind == WhatItTakes::Kind::Improvement);
    REQUIRE(c.options.size() == 1);
    CHECK(c.options[0].criterion == CriterionId("c1"));
    CHECK(c.options[0].points == Approx(1.5).epsilon(1e-12));
    CHECK(c.options[0].new_raw == Approx(4.5).epsilon(1e-12));
    CHECK(c.options[0].new_total == Approx(68.75).epsilon(1e-12));
    CHECK(c.reason ==
          "raising c1 from 3 to 4.5 (+1.5 points on its 1..5 scale) would have put this applicant "
          "on the shortlist, with a total of 68.75 against 68.75 for the last place");

    // D needs 68.75 − 31.25 = 37.5: c1 at 5 gives 31.25 + 100 × 0.5 × (1 −
    // 0.25) = 68.75, exactly the cut: in, with 3 points (2 → 5). e1 would
    // need 37.5 / 25 × 4 = 6 points, beyond the scale.
    const WhatItTakes& d = of(s, w, "D");
    REQUIRE(d.kind == WhatItTakes::Kind::Improvement);
    CHECK(d.options[0].criterion == CriterionId("c1"));
    CHECK(d.options[0].new_raw == Approx(5).epsilon(1e-12));
    CHECK(d.options[0].points == Approx(3).epsilon(1e-12));
}

TEST_CASE("no single criterion suffices when even the scale maximum falls short", "[explain]") {
    const Rulebook r = three();
    // E: 1,1,1 = 0; c1 at 5 gives 50, below the cut 68.75.
    const Shortlist s = run(r, scored(r, {{5, 5, 5}, {3, 4, 4}, {3, 3, 3}, {1, 1, 1}}));
    const auto w = what_it_takes(r, s);
    const WhatItTakes& d = of(s, w, "D");
    CHECK(d.kind == WhatItTakes::Kind::NoSingleCriterion);
    CHECK(d.options.empty());
    CHECK(d.reason ==
          "no single criterion suffices: even the top of its scale on any one criterion would "
          "not reach the shortlist (the last place has a total of 68.75)");
}

TEST_CASE("geometric mean: s solved exactly from the product", "[explain]") {
    const Rulebook r = three(Aggregation::WeightedGeometricMean);
    // total = 100 × s1^0.25 × s2^0.25 × s3^0.5. C (0.5 everywhere) = 50.
    const Shortlist s = run(r, scored(r, {{5, 5, 5}, {3, 4, 4}, {3, 3, 3}, {2, 2, 2}}));
    const auto w = what_it_takes(r, s);
    const double cut = s.outcomes[s.entries[1].outcome].total;
    // B: 100 × 0.5^0.25 × 0.75^0.25 × 0.75^0.5, rounded to 6 decimals.
    CHECK(cut == Approx(100 * std::pow(0.5, 0.25) * std::pow(0.75, 0.75)).margin(1e-6));
    // C on c1: cut = 100 × 0.5^0.5 × s^0.5, so s = (cut / 100)^2 / 0.5 and
    // raw = 1 + 4 s, rounded up to the 10^-6 grid.
    const double s_needed = std::pow(cut / 100, 2) / 0.5;
    const WhatItTakes& c = of(s, w, "C");
    REQUIRE(c.kind == WhatItTakes::Kind::Improvement);
    CHECK(c.options[0].criterion == CriterionId("c1"));
    CHECK(c.options[0].new_raw == Approx(1 + 4 * s_needed).margin(1.1e-6));
    CHECK(c.options[0].new_total >= cut);
    check_improvements_against_scorer(r, scored(r, {{5, 5, 5}, {3, 4, 4}, {3, 3, 3}, {2, 2, 2}}),
                                      10);
}

TEST_CASE("ineligible applicants: a minimum can be raised, a condition cannot", "[explain]") {
    Rulebook r = three();
    r.criteria[0].minimum = 3;  // e1
    r.criteria[1].minimum = 3;  // e2
    r.facts = {fact("licence", FactType::Boolean), fact("opt_in", FactType::Boolean)};
    r.eligibility = {leaf("licence", Op::Eq, {true}, "Full driving licence", "driving_licence")};
    r.shortlist.guaranteed_interview_fact = "opt_in";
    // A 100; B 68.75; C fails e1 (2 < 3) with 5 elsewhere: total
    // 100 × (0.25·0.25 + 0.25 + 0.5) = 81.25; D fails e1 and e2; E has no
    // licence; F opted in and fails e1 with a low total; G 75. Top 2: A and
    // G, the cut 75.
    Evidence e =
        scored(r, {{5, 5, 5}, {3, 4, 4}, {2, 5, 5}, {2, 2, 5}, {5, 5, 5}, {2, 3, 1}, {4, 4, 4}});
    for (std::size_t i = 0; i < 7; ++i) {
        set_fact(e, r, i, "licence", Value(i != 4));
        set_fact(e, r, i, "opt_in", Value(i == 5));
    }
    const Shortlist s = run(r, e);
    const auto w = what_it_takes(r, s);

    // C: only e1 can put it right, and e1 = 3 (its minimum) is enough: the
    // total 87.5 is above the cut 75.
    const WhatItTakes& c = of(s, w, "C");
    REQUIRE(c.kind == WhatItTakes::Kind::Improvement);
    REQUIRE(c.options.size() == 1);
    CHECK(c.options[0].criterion == CriterionId("e1"));
    CHECK(c.options[0].new_raw == Approx(3).epsilon(1e-12));
    CHECK(c.options[0].points == Approx(1).epsilon(1e-12));

    const WhatItTakes& d = of(s, w, "D");
    CHECK(d.kind == WhatItTakes::Kind::NoSingleCriterion);
    CHECK(d.reason ==
          "no single criterion suffices: it fails the minimum or lacks evidence on 2 criteria "
          "(e1, e2)");

    const WhatItTakes& x = of(s, w, "E");
    CHECK(x.kind == WhatItTakes::Kind::NotByScore);
    CHECK(x.reason ==
          "no score can change this: it fails an eligibility condition (not met: Full driving "
          "licence)");

    // F opted in: e1 at its minimum 3 meets every essential criterion and so
    // gives a guaranteed interview, whatever the total.
    const WhatItTakes& f = of(s, w, "F");
    REQUIRE(f.kind == WhatItTakes::Kind::Improvement);
    CHECK(f.options[0].criterion == CriterionId("e1"));
    CHECK(f.options[0].new_raw == Approx(3).epsilon(1e-12));
    CHECK(f.reason ==
          "raising e1 from 2 to 3 (+1 point on its 1..5 scale) would have met every essential "
          "criterion, and so given a guaranteed interview");
    check_improvements_against_scorer(r, e, 10);
}

TEST_CASE("margins: ties at the cut have none; the pass mark can be the nearer limit",
          "[explain]") {
    Rulebook r = three();
    r.shortlist.top = 1;
    r.shortlist.pass_mark = 60;
    // A 100, B 68.75 and C 68.75: top 1, so A is in by 100 − 68.75.
    Shortlist s = run(r, scored(r, {{5, 5, 5}, {3, 4, 4}, {3, 4, 4}}));
    auto w = what_it_takes(r, s);
    CHECK(of(s, w, "A").margin == Approx(31.25).epsilon(1e-12));
    CHECK_FALSE(of(s, w, "A").margin_is_pass_mark);

    // Top 2: A and B, and C tied with B. B and C are in by a tie: margin 0.
    r.shortlist.top = 2;
    s = run(r, scored(r, {{5, 5, 5}, {3, 4, 4}, {3, 4, 4}}));
    w = what_it_takes(r, s);
    CHECK(of(s, w, "B").margin == 0);
    CHECK(of(s, w, "C").margin == 0);
    CHECK(of(s, w, "C").reason ==
          "shortlisted with no points to spare: any lower total would fall behind the next "
          "applicant");

    // No top: everyone eligible is in; the pass mark 60 is the limit.
    r.shortlist.top.reset();
    s = run(r, scored(r, {{5, 5, 5}, {3, 4, 4}}));
    w = what_it_takes(r, s);
    CHECK(of(s, w, "B").margin == Approx(8.75).epsilon(1e-12));
    CHECK(of(s, w, "B").margin_is_pass_mark);
    CHECK(of(s, w, "B").reason ==
          "shortlisted with 8.75 points of the total to spare (a total of 60, the pass mark, "
          "keeps the place)");
}

TEST_CASE("tie-break keys at the cut; not_applicable criteria are never raised", "[explain]") {
    Rulebook r = three();
    r.criteria.push_back(criterion("c0", Group::Competency, 0));  // weighs nothing
    r.shortlist.ties = TiePolicy::BreakBy;
    r.shortlist.tie_break = {"c0"};
    r.shortlist.top = 1;
    // A and B both 68.75; A wins the tie-break on c0 (4 against 2). C 50,
    // with c0 not_applicable (it counts lowest in the tie-break).
    Evidence e = scored(r, {{3, 4, 4, 4}, {3, 4, 4, 2}, {3, 3, 3, 0}});
    rate_kind(e, r, 2, "c0", RatingKind::NotApplicable);
    const Shortlist s = run(r, e);
    const auto w = what_it_takes(r, s);

    // B: a hair on e1 (10^-6 points: total 68.75000625, rounded 68.750006)
    // beats A's total; c0 from 2 to 4 (weight 0) ties A on every key, and a
    // full tie is included.
    const WhatItTakes& b = of(s, w, "B");
    REQUIRE(b.kind == WhatItTakes::Kind::Improvement);
    CHECK(b.options.front().criterion == CriterionId("e1"));
    CHECK(b.options.front().points == Approx(1e-6).margin(1e-12));
    const auto c0 = std::find_if(b.options.begin(), b.options.end(),
                                 [](const Improvement& i) { return i.criterion.view() == "c0"; });
    REQUIRE(c0 != b.options.end());
    CHECK(c0->new_raw == Approx(4).epsilon(1e-12));
    CHECK(c0->points == Approx(2).epsilon(1e-12));

    // C: c1 at 4.5 reaches 68.75 but loses the tie-break (c0 not_applicable),
    // so one step more: 4.500001 gives 68.7500125, rounded 68.750013.
    const WhatItTakes& c = of(s, w, "C");
    REQUIRE(c.kind == WhatItTakes::Kind::Improvement);
    CHECK(c.options.front().criterion == CriterionId("c1"));
    CHECK(c.options.front().new_raw == Approx(4.500001).margin(1e-12));
    for (const Improvement& i : c.options)
        CHECK(i.criterion != CriterionId("c0"));
    check_improvements_against_scorer(r, e, 10);
}

TEST_CASE("what_it_takes needs the full breakdown", "[explain]") {
    const Rulebook r = three();
    const Scorer scorer(r);
    ScoreOptions lean;
    lean.explain = false;
    const Shortlist s =
        select(scorer.rulebook(), scorer.score(scored(r, {{5, 5, 5}, {3, 4, 4}, {3, 3, 3}}), lean));
    CHECK_THROWS_AS(what_it_takes(r, s), Error);
}

TEST_CASE("example data: every improvement is what the scorer says", "[explain][slow]") {
    for (const char* stem : {"staffordshire_pcso", "gloucestershire_pcso"}) {
        const std::string id = stem == std::string("staffordshire_pcso") ? "staffordshire-pcso"
                                                                         : "gloucestershire-pcso";
        Rulebook rb = load_rulebook(std::string(SHORTLIST_SOURCE_DIR) + "/rules/" + stem + ".yaml");
        const Evidence e = load_evidence(
            rb, std::string(SHORTLIST_SOURCE_DIR) + "/examples/data/applicants.csv",
            std::string(SHORTLIST_SOURCE_DIR) + "/examples/data/ratings/" + id + ".csv");
        // Rescoring from the breakdown gives the scorer's totals: the margin of
        // an applicant at the cut is exactly 0, of one above it positive.
        check_improvements_against_scorer(rb, e, 25);
        rb.aggregation = Aggregation::WeightedGeometricMean;
        check_improvements_against_scorer(rb, e, 25);
        rb.shortlist.ties = TiePolicy::BreakBy;
        rb.shortlist.tie_break = {"competency", "essential"};
        check_improvements_against_scorer(rb, e, 25);
    }
}

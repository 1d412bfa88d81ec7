// Weight sensitivity and Kendall's tau-b: published values, hand-computed
// draws, the scorer's own totals under each drawn weight set, and the same
// result on any number of threads.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/sensitivity/layout.hpp"
#include "scoring_fixtures.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/error.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"
#include "util/kendall.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

/// Brute force: every pair, O(n²).
double tau_b_pairs(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    double s = 0, tx = 0, ty = 0, pairs = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            const double dx = x[i] - x[j], dy = y[i] - y[j];
            s += (dx > 0) - (dx < 0) == 0 ? 0 : ((dx > 0) == (dy > 0) ? 1 : -1) * (dy != 0);
            tx += dx == 0;
            ty += dy == 0;
            pairs += 1;
        }
    }
    return s / std::sqrt((pairs - tx) * (pairs - ty));
}

/// Six criteria over three groups with unequal weights, a minimum, and
/// applicants with random whole-number ratings, some not_applicable, some
/// missing, some below the minimum.
struct Fixture {
    Rulebook rules;
    Evidence evidence;
};

Rulebook six_criteria() {
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 1), criterion("e2", Group::Essential, 2),
                  criterion("e3", Group::Essential, 1), criterion("d1", Group::Desirable, 1),
                  criterion("c1", Group::Competency, 1), criterion("c2", Group::Competency, 3)},
                 {50, 15, 35});
    r.criteria[0].minimum = 2;
    r.shortlist.top = 5;
    return r;
}

Fixture fixture(std::size_t n, std::uint32_t seed) {
    Fixture f{six_criteria(), {}};
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < n; ++i)
        ids.push_back("A" + std::to_string(1000 + i));
    f.evidence = evidence(f.rules, ids);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> score(1, 5), coin(0, 9);
    for (std::size_t i = 0; i < n; ++i) {
        for (const char* c : {"e1", "e2", "e3", "d1", "c1", "c2"}) {
            const int roll = coin(rng);
            const std::string id = c;
            if (roll == 0 && (id == "d1" || id == "c2")) {
                rate_kind(f.evidence, f.rules, i, c, RatingKind::NotApplicable);
            } else if (roll == 1 && id == "d1") {
                continue;  // missing: scores 0, no gate (desirable, no minimum)
            } else {
                rate(f.evidence, f.rules, i, c, score(rng));
                rate(f.evidence, f.rules, i, c, score(rng));
            }
        }
    }
    return f;
}

Shortlist baseline(const Rulebook& r, const Evidence& e) {
    const Scorer scorer(r);
    return select(scorer.rulebook(), scorer.score(e));
}

/// The rulebook with draw weights w: group weights W'_g = Σ w over the group,
/// criterion weights w (what sensitivity() promises to score).
Rulebook reweighted(Rulebook r, const std::vector<double>& w) {
    double g[group_count] = {0, 0, 0};
    for (std::size_t c = 0; c < w.size(); ++c) {
        r.criteria[c].weight = w[c];
        g[static_cast<std::size_t>(r.criteria[c].group)] += w[c];
    }
    r.group_weights = {g[0], g[1], g[2]};
    return r;
}

}  // namespace

TEST_CASE("Kendall's tau-b: published values", "[sensitivity]") {
    SECTION("Agresti's job satisfaction by income table, with many ties") {
        // Agresti (2002), Categorical Data Analysis, 2nd ed., Table 2.8, p. 57
        // (GSS 1996, n = 96): income (<15k, 15-25k, 25-40k, >40k) by job
        // satisfaction (very dissatisfied .. very satisfied),
        //   1 3 10 6 / 2 3 10 7 / 1 6 14 12 / 0 1 9 11;
        // Goodman and Kruskal's gamma = (C − D)/(C + D) = 0.221 with C = 1331
        // concordant and D = 849 discordant pairs (Agresti 2002, ch. 2, the
        // ordinal measures of association; the same table as vcdExtra's
        // JobSat, whose GKgamma prints 0.221). Of n0 = 96·95/2 = 4560 pairs, those
        // tied in income are Tx = Σ C(row total, 2) = 190 + 231 + 528 + 210 =
        // 1159, in satisfaction Ty = 6 + 78 + 903 + 630 = 1617, in both
        // Txy = Σ C(cell, 2) = 396 (and 4560 − 1159 − 1617 + 396 = C + D), so
        //   tau-b = (C − D) / √((n0 − Tx)(n0 − Ty)) = 482 / √(3401 · 2943)
        //         = 0.152352...
        const int table[4][4] = {{1, 3, 10, 6}, {2, 3, 10, 7}, {1, 6, 14, 12}, {0, 1, 9, 11}};
        std::vector<double> x, y;
        for (int i = 0; i < 4; ++i) {
            for (int j = 0; j < 4; ++j) {
                for (int k = 0; k < table[i][j]; ++k) {
                    x.push_back(i);
                    y.push_back(j);
                }
            }
        }
        REQUIRE(x.size() == 96);
        // Knight's counts: sort by (x, y), count ties, then the exchanges of
        // the merge sort by y are the discordant pairs.
        struct P {
            double x, y;
        };
        std::vector<P> p, buf(x.size());
        for (std::size_t i = 0; i < x.size(); ++i)
            p.push_back({x[i], y[i]});
        detail::merge_sort_inversions(p.data(), buf.data(), p.size(), [](const P& a, const P& b) {
            return a.x < b.x || (a.x == b.x && a.y < b.y);
        });
        const auto tx = detail::tied_pairs(p.data(), p.size(),
                                           [](const P& a, const P& b) { return a.x == b.x; });
        const auto txy = detail::tied_pairs(
            p.data(), p.size(), [](const P& a, const P& b) { return a.x == b.x && a.y == b.y; });
        const auto discordant = detail::merge_sort_inversions(
            p.data(), buf.data(), p.size(), [](const P& a, const P& b) { return a.y < b.y; });
        const auto ty = detail::tied_pairs(p.data(), p.size(),
                                           [](const P& a, const P& b) { return a.y == b.y; });
        CHECK(tx == 1159);
        CHECK(ty == 1617);
        CHECK(txy == 396);
        CHECK(discordant == 849);
        const auto concordant = 4560 - tx - ty + txy - discordant;
        CHECK(concordant == 1331);
        const double gamma = (1331.0 - 849.0) / (1331.0 + 849.0);
        CHECK(gamma == Approx(0.221).margin(0.0005));
        REQUIRE(kendall_tau_b(x, y).has_value());
        CHECK(*kendall_tau_b(x, y) == Approx(482.0 / std::sqrt(3401.0 * 2943.0)).epsilon(1e-12));
        CHECK(*kendall_tau_b(x, y) == Approx(0.152352).margin(1e-6));
    }
    SECTION("SciPy's documented example") {
        // scipy.stats.kendalltau reference documentation, example:
        // x = [12, 2, 1, 12, 2], y = [1, 4, 7, 1, 0] gives tau-b
        // -0.47140452079103173. By hand: of the 10 pairs, 2 are tied in x
        // and 1 in y (the same pair, (12, 1) twice); C = 2, D = 6, so
        // tau-b = (2 − 6) / √((10 − 2)(10 − 1)) = −4/√72 = −0.4714045.
        const std::vector<double> x{12, 2, 1, 12, 2}, y{1, 4, 7, 1, 0};
        REQUIRE(kendall_tau_b(x, y).has_value());
        CHECK(*kendall_tau_b(x, y) == Approx(-0.47140452079103173).epsilon(1e-12));
    }
}

TEST_CASE("Kendall's tau-b: Knight's algorithm agrees with every pair counted", "[sensitivity]") {
    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        const std::size_t n = 2 + static_cast<std::size_t>(round) * 37;
        std::uniform_int_distribution<int> few(0, 4 + round);  // many ties
        std::vector<double> x(n), y(n);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = few(rng);
            y[i] = few(rng) + (i % 3 == 0 ? x[i] : 0);
        }
        const auto tau = kendall_tau_b(x, y);
        if (!tau)
            continue;
        CHECK(*tau == Approx(tau_b_pairs(x, y)).epsilon(1e-12));
    }
    const std::vector<double> up{1, 2, 3, 4}, down{4, 3, 2, 1}, flat{2, 2, 2, 2};
    CHECK(*kendall_tau_b(up, up) == 1.0);
    CHECK(*kendall_tau_b(up, down) == -1.0);
    CHECK_FALSE(kendall_tau_b(up, flat).has_value());  // every pair tied in y
    CHECK_FALSE(kendall_tau_b(std::vector<double>{1}, std::vector<double>{1}).has_value());
    CHECK_THROWS_AS(kendall_tau_b(up, std::vector<double>{1, 2}), Error);
    CHECK_THROWS_AS(kendall_tau_b(up, std::vector<double>{1, 2, NAN, 4}), Error);
}

TEST_CASE("draw_weights: Dirichlet draws have the base weights as mean", "[sensitivity]") {
    // E e'_c = e_c and Var e'_c = e_c(1 − e_c)/(κ + 1) for Dirichlet(κ·e)
    // (Kotz, Balakrishnan and Johnson, 2000, Continuous Multivariate
    // Distributions, vol. 1, 2nd ed., ch. 49, the moments of the Dirichlet). With κ = 50 and D =
    // 20,000 the standard error of a mean is at most √(0.25/51/20000) = 0.0005.
    const std::vector<double> base{0.5, 0.3, 0.0, 0.2};
    SensitivityOptions o;
    o.concentration = 50;
    o.seed = 42;
    const std::size_t d = 20000;
    std::vector<double> sum(base.size()), sq(base.size());
    for (std::size_t k = 0; k < d; ++k) {
        const auto w = draw_weights(base, o, k);
        double total = 0;
        for (std::size_t c = 0; c < w.size(); ++c) {
            sum[c] += w[c];
            sq[c] += w[c] * w[c];
            total += w[c];
        }
        REQUIRE(total == Approx(1.0).epsilon(1e-12));
        REQUIRE(w[2] == 0.0);  // a criterion of weight 0 stays 0
    }
    for (std::size_t c = 0; c < base.size(); ++c) {
        const double mean = sum[c] / d;
        CHECK(mean == Approx(base[c]).margin(0.003));
        const double var = sq[c] / d - mean * mean;
        CHECK(var == Approx(base[c] * (1 - base[c]) / 51).epsilon(0.05).margin(1e-12));
    }
    // Each draw has its own stream: draw 7 is the same whatever came before.
    CHECK(draw_weights(base, o, 7) == draw_weights(base, o, 7));
    CHECK(draw_weights(base, o, 7) != draw_weights(base, o, 8));
}

TEST_CASE("draw_weights: uniform perturbation stays within ±x before renormalising",
          "[sensitivity]") {
    const std::vector<double> base{0.25, 0.25, 0.5};
    SensitivityOptions o;
    o.method = Perturbation::Uniform;
    o.spread = 0.2;
    for (std::size_t k = 0; k < 2000; ++k) {
        const auto w = draw_weights(base, o, k);
        // Ratios of two perturbed weights lie in [0.8/1.2, 1.2/0.8].
        const double r = (w[0] / base[0]) / (w[2] / base[2]);
        REQUIRE(r >= 0.8 / 1.2 - 1e-12);
        REQUIRE(r <= 1.2 / 0.8 + 1e-12);
    }
    o.spread = 0;
    const auto same = draw_weights(base, o, 3);
    for (std::size_t c = 0; c < base.size(); ++c)
        CHECK(same[c] == Approx(base[c]).epsilon(1e-15));
    o.spread = 1;
    CHECK_THROWS_AS(draw_weights(base, o, 0), UsageError);
    o = {};
    o.concentration = 0;
    CHECK_THROWS_AS(draw_weights(base, o, 0), UsageError);
}

TEST_CASE("sensitivity: three applicants, two criteria, every draw computed by hand",
          "[sensitivity]") {
    // One group, weights 1 and 1: e = (0.5, 0.5). A scores (5, 1): s = (1, 0);
    // B (1, 5): s = (0, 1); C (3, 3): s = (0.5, 0.5). Under the rulebook all
    // three total 50 and tie for the one place: all are shortlisted. In a draw
    // with weights (w, 1 − w): A = 100w, B = 100(1 − w), C = 50, so A is first
    // (then C, then B) exactly when w > 1/2, and B first otherwise.
    Rulebook r =
        rulebook({criterion("x", Group::Essential, 1), criterion("y", Group::Essential, 1)});
    r.shortlist.top = 1;
    Evidence e = evidence(r, {"A", "B", "C"});
    rate(e, r, 0, "x", 5);
    rate(e, r, 0, "y", 1);
    rate(e, r, 1, "x", 1);
    rate(e, r, 1, "y", 5);
    rate(e, r, 2, "x", 3);
    rate(e, r, 2, "y", 3);
    const Shortlist base = baseline(r, e);
    REQUIRE(base.shortlisted == 3);

    SensitivityOptions o;
    o.method = Perturbation::Uniform;
    o.spread = 0.3;
    o.draws = 500;
    o.seed = 11;
    std::size_t a_first = 0;
    for (std::size_t k = 0; k < o.draws; ++k)
        a_first += draw_weights(std::vector<double>{0.5, 0.5}, o, k)[0] > 0.5 ? 1U : 0U;
    REQUIRE(a_first > 150);  // roughly half
    REQUIRE(a_first < 350);

    const SensitivityResult s = sensitivity(r, base, o);
    REQUIRE(s.applicants.size() == 3);
    // Entries in baseline order: all tied at rank 1, listed by id.
    const auto& a = s.applicants[0];
    const auto& b = s.applicants[1];
    const auto& c = s.applicants[2];
    REQUIRE(a.id.value() == "A");
    CHECK(a.shortlisted_draws == a_first);
    CHECK(b.shortlisted_draws == o.draws - a_first);
    CHECK(c.shortlisted_draws == 0);
    CHECK(c.median_rank == std::optional<std::size_t>(2));
    CHECK(c.rank_lo == std::optional<std::size_t>(2));
    CHECK(c.rank_hi == std::optional<std::size_t>(2));
    // A is at rank 1 or 3: its 5th and 95th percentiles are 1 and 3.
    CHECK(a.rank_lo == std::optional<std::size_t>(1));
    CHECK(a.rank_hi == std::optional<std::size_t>(3));
    CHECK(a.baseline_rank == std::optional<std::size_t>(1));
    CHECK(s.stable_core.empty());
    CHECK(s.boundary == std::vector<std::size_t>{0, 1});
    // Each draw shortlists one of the three on the baseline's list.
    REQUIRE(s.mean_overlap.has_value());
    CHECK(*s.mean_overlap == Approx(1.0 / 3).epsilon(1e-12));
    CHECK(s.mean_shortlist_size == 1.0);
    // The baseline ranks everyone level: tau-b is undefined.
    CHECK_FALSE(s.kendall_tau.has_value());
    CHECK(s.rank_bin == 1);
}

TEST_CASE("sensitivity: more draws on one thread than a 16-bit count holds", "[sensitivity]") {
    // The three applicants above (A first when w > 1/2, B otherwise, C always
    // second) over 70,000 draws: each thread counts ranks in 16 bits and
    // must carry them over before 65,536 draws.
    Rulebook r =
        rulebook({criterion("x", Group::Essential, 1), criterion("y", Group::Essential, 1)});
    r.shortlist.top = 1;
    Evidence e = evidence(r, {"A", "B", "C"});
    for (const auto& [i, x, y] : {std::tuple{0, 5, 1}, std::tuple{1, 1, 5}, std::tuple{2, 3, 3}}) {
        rate(e, r, static_cast<std::size_t>(i), "x", x);
        rate(e, r, static_cast<std::size_t>(i), "y", y);
    }
    const Shortlist base = baseline(r, e);
    SensitivityOptions o;
    o.method = Perturbation::Uniform;
    o.spread = 0.3;
    o.draws = 70000;
    o.threads = 1;
    std::size_t a_first = 0;
    for (std::size_t k = 0; k < o.draws; ++k)
        a_first += draw_weights(std::vector<double>{0.5, 0.5}, o, k)[0] > 0.5 ? 1U : 0U;
    const SensitivityResult s = sensitivity(r, base, o);
    REQUIRE(s.applicants.size() == 3);
    CHECK(s.applicants[0].shortlisted_draws == a_first);
    CHECK(s.applicants[1].shortlisted_draws == o.draws - a_first);
    const auto& c = s.applicants[2];
    CHECK(c.rank_lo == std::optional<std::size_t>(2));
    CHECK(c.median_rank == std::optional<std::size_t>(2));
    CHECK(c.rank_hi == std::optional<std::size_t>(2));  // all 70,000 draws counted
    CHECK(s.applicants[0].rank_hi == std::optional<std::size_t>(3));
    o.threads = 2;
    CHECK(sensitivity(r, base, o) == s);
}

TEST_CASE("sensitivity: each draw ranks as the scorer does under that draw's weights",
          "[sensitivity]") {
    // One draw at a time (D = 1, different seeds): the draw's ranks and
    // shortlist must be select()'s for the rulebook reweighted to the draw's
    // weights, not_applicable criteria, missing evidence and gates included.
    const auto aggregation =
        GENERATE(Aggregation::WeightedMean, Aggregation::WeightedGeometricMean);
    const bool pass_mark = GENERATE(false, true);
    Fixture f = fixture(60, 3);
    f.rules.aggregation = aggregation;
    if (pass_mark)
        f.rules.shortlist.pass_mark = aggregation == Aggregation::WeightedMean ? 55.0 : 40.0;
    const Shortlist base = baseline(f.rules, f.evidence);
    const std::vector<double> e = effective_weights(f.rules);
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        SensitivityOptions o;
        o.method = seed % 2 ? Perturbation::Dirichlet : Perturbation::Uniform;
        o.concentration = 20;
        o.spread = 0.5;
        o.draws = 1;
        o.seed = seed;
        const SensitivityResult s = sensitivity(f.rules, base, o);
        const Shortlist expected = baseline(reweighted(f.rules, draw_weights(e, o, 0)), f.evidence);
        std::vector<std::optional<std::size_t>> rank(f.evidence.applicants.size());
        std::vector<bool> listed(f.evidence.applicants.size());
        for (const ShortlistEntry& entry : expected.entries) {
            rank[entry.outcome] = entry.rank;
            listed[entry.outcome] = entry.status == ShortlistStatus::Shortlisted ||
                                    entry.status == ShortlistStatus::GuaranteedInterview;
        }
        // The draw's tau-b is kendall_tau_b's (every pair checked against a
        // brute force above) of the rankable applicants' totals in
        // millionths, before and under the draw's weights.
        std::vector<double> before, after;
        for (const auto& a : s.applicants) {
            INFO("seed " << seed << ", applicant " << a.id.value());
            CHECK(a.median_rank == rank[a.outcome]);
            CHECK((a.shortlisted_draws == 1) == listed[a.outcome]);
            if (a.rankable) {
                before.push_back(std::round(base.outcomes[a.outcome].total * 1e6));
                after.push_back(std::round(expected.outcomes[a.outcome].total * 1e6));
            }
        }
        const auto tau = kendall_tau_b(before, after);
        REQUIRE(tau.has_value());
        REQUIRE(s.kendall_tau.has_value());
        CHECK(*s.kendall_tau == Approx(*tau).epsilon(1e-12));
    }
}

TEST_CASE("sensitivity: ties at the cut, everyone equal, and a list as long as the field",
          "[sensitivity]") {
    // No criterion not_applicable, so that every total comes from S and the
    // words are made four at a time; 42 applicants (ten fours and a tail).
    // Each draw (D = 1) must shortlist and rank as select() does for the
    // rulebook reweighted to the draw's weights.
    enum Case { boundary_ties, all_equal, top_past_field };
    const Case c = GENERATE(boundary_ties, all_equal, top_past_field);
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 1), criterion("e2", Group::Essential, 2),
                  criterion("d1", Group::Desirable, 1), criterion("c1", Group::Competency, 3)},
                 {50, 15, 35});
    r.shortlist.top = c == top_past_field ? 60 : 7;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < 42; ++i)
        ids.push_back("A" + std::to_string(100 + i));
    Evidence e = evidence(r, ids);
    std::mt19937 rng(17);
    std::uniform_int_distribution<int> score(1, 5), near(3, 4);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        for (const char* crit : {"e1", "e2", "d1", "c1"}) {
            // boundary_ties: the five best are clear; the next twenty share
            // one set of ratings, so the 7th place is a tie of twenty.
            int v = c == all_equal ? 3 : i < 5 ? 5 : i < 25 ? 4 : near(rng);
            if (c == top_past_field)
                v = score(rng);
            rate(e, r, i, crit, v);
        }
    }
    const Shortlist base = baseline(r, e);
    const std::vector<double> weights = effective_weights(r);
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        SensitivityOptions o;
        o.concentration = 10;
        o.draws = 1;
        o.seed = seed;
        const SensitivityResult s = sensitivity(r, base, o);
        const Shortlist expected = baseline(reweighted(r, draw_weights(weights, o, 0)), e);
        std::size_t listed_count = 0;
        for (const ShortlistEntry& entry : expected.entries) {
            const bool listed = entry.status == ShortlistStatus::Shortlisted ||
                                entry.status == ShortlistStatus::GuaranteedInterview;
            listed_count += listed ? 1U : 0U;
            const auto& a =
                *std::find_if(s.applicants.begin(), s.applicants.end(),
                              [&](const auto& x) { return x.outcome == entry.outcome; });
            INFO("seed " << seed << ", applicant " << a.id.value());
            CHECK(a.median_rank == entry.rank);
            CHECK((a.shortlisted_draws == 1) == listed);
        }
        CHECK(s.mean_shortlist_size == static_cast<double>(listed_count));
        if (c == all_equal) {  // one tie for first place in every draw
            CHECK(listed_count == ids.size());
            CHECK_FALSE(s.kendall_tau.has_value());
        }
        if (c == top_past_field)
            CHECK(listed_count == ids.size());
        if (c == boundary_ties) {  // the tie of twenty stays whole, in or out
            CHECK((listed_count == 5 || listed_count >= 25));
        }
    }
}

TEST_CASE("sensitivity: the same result on 1, 2 and 3 threads", "[sensitivity]") {
    const auto method = GENERATE(Perturbation::Dirichlet, Perturbation::Uniform);
    const bool break_by = GENERATE(false, true);
    Fixture f = fixture(400, 5);
    f.rules.shortlist.top = 40;
    if (break_by) {  // the tie-break's order goes into each draw's key
        f.rules.shortlist.ties = TiePolicy::BreakBy;
        f.rules.shortlist.tie_break = {"competency", "e2"};
    }
    const Shortlist base = baseline(f.rules, f.evidence);
    SensitivityOptions o;
    o.method = method;
    o.concentration = 30;
    o.spread = 0.4;
    o.draws = 333;  // five full blocks of 64 and a part
    o.seed = 2024;
    o.threads = 1;
    const SensitivityResult one = sensitivity(f.rules, base, o);
    o.threads = 2;
    const SensitivityResult two = sensitivity(f.rules, base, o);
    o.threads = 3;
    std::size_t calls = 0, last = 0;
    o.progress = [&](std::size_t done, std::size_t total) {
        ++calls;
        CHECK(done > last);
        CHECK(total == 333);
        last = done;
    };
    const SensitivityResult three = sensitivity(f.rules, base, o);
    CHECK(one == two);
    CHECK(one == three);
    // Each draw's applicants held as 16-byte records instead of one word
    // each (what very large batches use): the same result.
    detail::sensitivity_force_wide_layout() = true;
    o.progress = {};
    const SensitivityResult wide = sensitivity(f.rules, base, o);
    detail::sensitivity_force_wide_layout() = false;
    CHECK(wide == one);
    CHECK(calls == 6);
    CHECK(last == 333);
    // Something did move, so that the comparison means something.
    CHECK_FALSE(one.boundary.empty());
    REQUIRE(one.kendall_tau.has_value());
    CHECK(*one.kendall_tau < 1.0);
    CHECK(*one.kendall_tau > 0.5);
    // A different seed gives different draws.
    o.seed = 2025;
    o.progress = {};
    CHECK_FALSE(sensitivity(f.rules, base, o) == one);
}

TEST_CASE("sensitivity: gates, guaranteed interviews, rank bins and bad input", "[sensitivity]") {
    Fixture f = fixture(1500, 9);
    f.rules.facts = {fact("gi", FactType::Boolean)};
    f.rules.shortlist.guaranteed_interview_fact = "gi";
    f.evidence.facts.assign(1, std::vector<Value>(f.evidence.applicants.size()));
    // The last applicant opts in; make it weak but eligible.
    const std::size_t last = f.evidence.applicants.size() - 1;
    f.evidence.facts[0][last] = true;
    const Shortlist base = baseline(f.rules, f.evidence);
    SensitivityOptions o;
    o.draws = 100;
    o.threads = 2;
    const SensitivityResult s = sensitivity(f.rules, base, o);
    std::size_t gated = 0;
    for (const auto& a : s.applicants) {
        const Outcome& out = base.outcomes[a.outcome];
        if (!out.eligible()) {  // below e1's minimum: never ranked
            ++gated;
            CHECK_FALSE(a.rankable);
            CHECK_FALSE(a.median_rank.has_value());
        }
        if (a.outcome == last && out.passes_essential_gates) {
            CHECK(a.guaranteed_interview);
            CHECK(a.p_shortlisted == 1.0);
        }
        if (a.rank_lo && a.rank_hi && a.median_rank) {
            CHECK(*a.rank_lo <= *a.median_rank);
            CHECK(*a.median_rank <= *a.rank_hi);
        }
    }
    CHECK(gated > 0);
    // Over 1024 rankable applicants, ranks are counted in bins of 2.
    CHECK(s.rank_bin == 2);

    SensitivityOptions bad;
    bad.draws = 0;
    CHECK_THROWS_AS(sensitivity(f.rules, base, bad), UsageError);
    const Scorer scorer(f.rules);
    ScoreOptions brief;
    brief.explain = false;
    const Shortlist without = select(scorer.rulebook(), scorer.score(f.evidence, brief));
    CHECK_THROWS_WITH(sensitivity(f.rules, without, o),
                      Catch::Contains("has no per-criterion breakdown"));
}

// Generalizability theory: variance components, G, Phi and the D study
// (shortlist/analysis/generalizability.hpp, docs/calibration.md).
//
// Published checks:
//  - Brennan, R. L. (2001). Generalizability Theory. Springer. Synthetic Data
//    Set No. 1 (Tables 2.2 and 2.3, p. 28: 10 persons x 12 items, p x i): sigma^2(p) = .0574,
//    sigma^2(i) = .0754, sigma^2(pi) = .1269, E rho^2 = .844 and Phi = .773
//    for n'_i = 12. Here the items play the assessors of one criterion.
//  - Brennan (2001), Synthetic Data Set No. 3 (10 persons x 4
//    items x 2 occasions, p x i x o): sigma^2(p) = .5528, (i) = .4417,
//    (o) = .0074, (pi) = .5750, (po) = .1009, (io) = .1565, (pio) = .9352;
//    with I fixed (the p x I x O design), E rho^2 = .81 and
//    Phi = .79 for n'_i = 4, n'_o = 2. Here the items are the criteria (fixed)
//    and the occasions the assessors.
//  The data sets and values as tabled in the tests of GeneralizIT (Smith &
//  Kline 2025, tests/fixtures/design1_fixtures.py, design3_fixed_fixtures.py).
#include "shortlist/analysis/generalizability.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace shortlist;

namespace {

/// Brennan's Synthetic Data Set No. 1: rows persons, columns items.
constexpr std::array<std::array<int, 12>, 10> synthetic1{{
    {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0},
    {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
    {1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0},
    {1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0},
    {1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0},
    {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0},
    {1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0},
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
}};

/// Brennan's Synthetic Data Set No. 3: [occasion][item][person].
constexpr std::array<std::array<std::array<int, 10>, 4>, 2> synthetic3{{
    {{{2, 4, 5, 5, 4, 4, 2, 3, 0, 6},
      {6, 5, 5, 9, 3, 4, 6, 4, 5, 8},
      {7, 6, 4, 8, 5, 4, 6, 4, 4, 7},
      {5, 7, 6, 6, 6, 7, 5, 5, 5, 6}}},
    {{{2, 6, 5, 5, 4, 6, 2, 6, 5, 6},
      {5, 7, 4, 7, 5, 4, 7, 6, 5, 8},
      {5, 5, 5, 7, 6, 7, 7, 6, 5, 8},
      {5, 7, 5, 6, 4, 8, 5, 4, 3, 6}}},
}};

RatingTable empty_table(std::size_t applicants, std::size_t criteria, std::size_t assessors) {
    RatingTable t;
    for (std::size_t a = 0; a < applicants; ++a)
        t.applicants.emplace_back("p" + std::to_string(a + 1));
    for (std::size_t c = 0; c < criteria; ++c)
        t.criteria.emplace_back("c" + std::to_string(c + 1));
    for (std::size_t j = 0; j < assessors; ++j)
        t.assessors.emplace_back("r" + std::to_string(j + 1));
    t.scales.assign(criteria, ScaleRange{0, 10});
    t.source = "test";
    return t;
}

void add(RatingTable& t, std::size_t a, std::size_t c, std::size_t j, double score) {
    t.ratings.push_back({static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(c),
                         static_cast<std::uint32_t>(j), 0, score});
}

/// Synthetic Data Set No. 1, the items as assessors; `keep(p, i)` chooses cells.
template <typename Keep>
RatingTable synthetic1_table(Keep keep) {
    RatingTable t = empty_table(10, 1, 12);
    for (std::size_t p = 0; p < 10; ++p)
        for (std::size_t i = 0; i < 12; ++i)
            if (keep(p, i))
                add(t, p, 0, i, synthetic1[p][i]);
    return t;
}

RatingTable synthetic3_table() {
    RatingTable t = empty_table(10, 4, 2);
    for (std::size_t o = 0; o < 2; ++o)
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t p = 0; p < 10; ++p)
                add(t, p, i, o, synthetic3[o][i][p]);
    return t;
}

double component(const Generalizability& g, std::string_view name) {
    const auto v = g.component(name);
    REQUIRE(v);
    return *v;
}

}  // namespace

TEST_CASE("p x r: Brennan's Synthetic Data Set No. 1", "[generalizability]") {
    const auto s = generalizability(synthetic1_table([](auto, auto) { return true; }));
    REQUIRE(s.criteria.size() == 1);
    const auto& g = s.criteria.front();
    CHECK(g.estimator == VarianceEstimator::Anova);
    CHECK(to_string(g.estimator) == "anova");
    CHECK(component(g, "applicant") == Approx(0.0574).margin(5e-5));
    CHECK(component(g, "assessor") == Approx(0.0754).margin(5e-5));
    CHECK(component(g, "residual") == Approx(0.1269).margin(5e-5));
    CHECK(g.assessors == Approx(12).epsilon(1e-12));
    REQUIRE(g.g);
    REQUIRE(g.phi);
    CHECK(*g.g == Approx(0.844).margin(5e-4));
    CHECK(*g.phi == Approx(0.773).margin(5e-4));
    // The D study: the same formulas with k assessors, from the published
    // components (Brennan 2001: Erho^2 = s2p / (s2p + s2pi / n')).
    REQUIRE(g.d_study.size() == 6);
    CHECK(g.d_study[0].assessors == 1);
    CHECK(*g.d_study[0].g == Approx(0.0574 / (0.0574 + 0.1269)).margin(5e-4));
    CHECK(*g.d_study[5].phi == Approx(0.0574 / (0.0574 + (0.0754 + 0.1269) / 6)).margin(5e-4));
    // One criterion: the weighted total is its mean.
    CHECK(s.overall.g == g.g);
    CHECK(s.overall.variance_components.empty());
}

TEST_CASE("p x r x i, criteria fixed: Brennan's Synthetic Data Set No. 3", "[generalizability]") {
    const auto s = generalizability(synthetic3_table());
    const auto& g = s.overall;
    CHECK(g.estimator == VarianceEstimator::Anova);
    CHECK(component(g, "applicant") == Approx(0.5528).margin(5e-5));
    CHECK(component(g, "criterion") == Approx(0.4417).margin(5e-5));
    CHECK(component(g, "assessor") == Approx(0.0074).margin(5e-5));
    CHECK(component(g, "applicant_criterion") == Approx(0.5750).margin(5e-5));
    CHECK(component(g, "applicant_assessor") == Approx(0.1009).margin(5e-5));
    CHECK(component(g, "assessor_criterion") == Approx(0.1565).margin(5e-5));
    CHECK(component(g, "residual") == Approx(0.9352).margin(5e-5));
    CHECK(g.assessors == Approx(2).epsilon(1e-12));
    REQUIRE(g.g);
    REQUIRE(g.phi);
    CHECK(*g.g == Approx(0.81).margin(5e-3));
    CHECK(*g.phi == Approx(0.79).margin(5e-3));
    CHECK(g.d_study[1].g == g.g);  // k = 2 is the design's own
    // Weights: any positive multiple gives the same coefficients.
    const std::vector<double> w(4, 0.25);
    const auto scaled = generalizability(synthetic3_table(), w).overall;
    CHECK(*scaled.g == Approx(*g.g).epsilon(1e-12));
    CHECK(*scaled.phi == Approx(*g.phi).epsilon(1e-12));
    // Four criteria, each a p x o study with two assessors.
    CHECK(s.criteria.size() == 4);
    for (const auto& c : s.criteria)
        CHECK(c.estimator == VarianceEstimator::Anova);
}

TEST_CASE("p x r, incomplete: Henderson's method 1 from its definition", "[generalizability]") {
    // Synthetic Data Set No. 1 with cells missing, as a sift where not every
    // assessor sees every applicant.
    auto keep = [](std::size_t p, std::size_t i) { return (p * 5 + i * 3) % 7 != 0; };
    const RatingTable t = synthetic1_table(keep);
    const GeneralizabilityStudy s = generalizability(t);
    const auto& g = s.criteria.front();
    CHECK(g.estimator == VarianceEstimator::Henderson1);
    // Henderson (1953) method 1 for the two-way crossed classification with
    // at most one rating per cell (Searle, Casella & McCulloch 1992, ch. 5):
    //   E(T_p − T_mu) = (N − k1) s2p + (a − k2) s2r + (a − 1) s2e
    //   E(T_r − T_mu) = (b − k1) s2p + (N − k2) s2r + (b − 1) s2e
    //   E(T_0 − T_mu) = (N − k1) s2p + (N − k2) s2r + (N − 1) s2e
    // with k1 = Σ n_p² / N, k2 = Σ n_r² / N; solved here by Cramer's rule
    // from the raw table.
    std::array<double, 10> np{}, sp{};
    std::array<double, 12> nr{}, sr{};
    double n = 0, sum = 0, t0 = 0;
    for (std::size_t p = 0; p < 10; ++p)
        for (std::size_t i = 0; i < 12; ++i)
            if (keep(p, i)) {
                const double y = synthetic1[p][i];
                np[p] += 1, sp[p] += y, nr[i] += 1, sr[i] += y;
                n += 1, sum += y, t0 += y * y;
            }
    double tp = 0, tr = 0, k1 = 0, k2 = 0;
    for (std::size_t p = 0; p < 10; ++p)
        tp += sp[p] * sp[p] / np[p], k1 += np[p] * np[p] / n;
    for (std::size_t i = 0; i < 12; ++i)
        tr += sr[i] * sr[i] / nr[i], k2 += nr[i] * nr[i] / n;
    const double tm = sum * sum / n;
    const double m[3][3] = {{n - k1, 10 - k2, 9}, {12 - k1, n - k2, 11}, {n - k1, n - k2, n - 1}};
    const double b[3] = {tp - tm, tr - tm, t0 - tm};
    auto det = [](const double x[3][3]) {
        return x[0][0] * (x[1][1] * x[2][2] - x[1][2] * x[2][1]) -
               x[0][1] * (x[1][0] * x[2][2] - x[1][2] * x[2][0]) +
               x[0][2] * (x[1][0] * x[2][1] - x[1][1] * x[2][0]);
    };
    std::array<double, 3> expected{};
    for (int c = 0; c < 3; ++c) {
        double mc[3][3];
        for (int r = 0; r < 3; ++r)
            for (int k = 0; k < 3; ++k)
                mc[r][k] = k == c ? b[r] : m[r][k];
        expected[static_cast<std::size_t>(c)] = det(mc) / det(m);
    }
    CHECK(component(g, "applicant") == Approx(expected[0]).epsilon(1e-9));
    CHECK(component(g, "assessor") == Approx(expected[1]).epsilon(1e-9));
    CHECK(component(g, "residual") == Approx(expected[2]).epsilon(1e-9));
    // ñ is the harmonic mean of each applicant's number of assessors.
    double inverse = 0;
    for (double k : np)
        inverse += 1 / k;
    CHECK(g.assessors == Approx(10 / inverse).epsilon(1e-12));
    CHECK(*g.g == Approx(expected[0] / (expected[0] + expected[2] / g.assessors)).epsilon(1e-9));
}

TEST_CASE("p x r x i, incomplete: Henderson's method 1 is unbiased", "[generalizability]") {
    // Henderson's estimators are unbiased for any design (Searle et al. 1992,
    // ch. 5): averaged over many simulated sifts in which each applicant
    // meets 3 of 6 assessors and a fifth of the ratings are missing, the
    // estimates come back to the components the data were drawn from.
    const std::array<double, 7> truth{1.0, 0.3, 0.5, 0.2, 0.4, 0.1, 0.6};
    std::mt19937_64 rng(20011953);
    std::normal_distribution<double> z(0.0, 1.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    constexpr std::size_t applicants = 60, criteria = 4, panel = 6, runs = 400;
    std::array<double, 7> mean{};
    std::size_t henderson = 0;
    for (std::size_t run = 0; run < runs; ++run) {
        RatingTable t = empty_table(applicants, criteria, panel);
        auto draw = [&](std::size_t k, double sd2) {
            std::vector<double> v(k);
            for (auto& x : v)
                x = z(rng) * std::sqrt(sd2);
            return v;
        };
        const auto p = draw(applicants, truth[0]), r = draw(panel, truth[1]);
        const auto i = draw(criteria, truth[2]), pr = draw(applicants * panel, truth[3]);
        const auto pi = draw(applicants * criteria, truth[4]),
                   ri = draw(panel * criteria, truth[5]);
        for (std::size_t a = 0; a < applicants; ++a)
            for (std::size_t k = 0; k < 3; ++k) {
                const std::size_t j = (a + 2 * k + run) % panel;
                for (std::size_t c = 0; c < criteria; ++c)
                    if (u(rng) > 0.2)
                        add(t, a, c, j,
                            5 + p[a] + r[j] + i[c] + pr[a * panel + j] + pi[a * criteria + c] +
                                ri[j * criteria + c] + z(rng) * std::sqrt(truth[6]));
            }
        const auto g = generalizability(t).overall;
        henderson += g.estimator == VarianceEstimator::Henderson1 ? 1u : 0u;
        REQUIRE(g.variance_components.size() == 7);
        for (std::size_t k = 0; k < 7; ++k)
            mean[k] += g.variance_components[k].value / runs;
    }
    CHECK(henderson == runs);
    // Tolerances: a few Monte Carlo standard errors (the assessor and
    // criterion components rest on 6 and 4 levels, so they vary most).
    CHECK(mean[0] == Approx(truth[0]).margin(0.08));
    CHECK(mean[1] == Approx(truth[1]).margin(0.08));
    CHECK(mean[2] == Approx(truth[2]).margin(0.12));
    CHECK(mean[3] == Approx(truth[3]).margin(0.05));
    CHECK(mean[4] == Approx(truth[4]).margin(0.05));
    CHECK(mean[5] == Approx(truth[5]).margin(0.05));
    CHECK(mean[6] == Approx(truth[6]).margin(0.05));
}

TEST_CASE("designs that do not separate the components", "[generalizability]") {
    // One assessor per applicant: the applicant and residual variances are
    // confounded.
    RatingTable t = empty_table(4, 1, 2);
    add(t, 0, 0, 0, 1);
    add(t, 1, 0, 0, 3);
    add(t, 2, 0, 1, 2);
    add(t, 3, 0, 1, 5);
    const auto s = generalizability(t);
    REQUIRE(s.criteria.size() == 1);
    CHECK(s.criteria[0].variance_components.empty());
    CHECK_FALSE(s.criteria[0].g);
    REQUIRE_FALSE(s.criteria[0].notes.empty());
    CHECK(s.criteria[0].notes.back().find("not estimated") != std::string::npos);
    // No ratings at all: nothing, and no throw.
    const auto none = generalizability(empty_table(2, 2, 2));
    CHECK(none.criteria.empty());
    CHECK_FALSE(none.overall.g);
}

TEST_CASE("composite weights follow the rulebook's total", "[generalizability]") {
    RatingTable t = synthetic3_table();
    CHECK_THROWS_AS(generalizability(t, std::vector<double>{1, 2}), Error);
    CHECK_THROWS_AS(generalizability(t, std::vector<double>{1, -1, 1, 1}), Error);
    // A criterion with no weight leaves the composite: the total of the
    // other three.
    const auto s = generalizability(t, std::vector<double>{0, 1, 1, 1});
    CHECK(s.overall.weights == std::vector<double>{0, 1, 1, 1});
    REQUIRE(s.overall.g);
    CHECK(*s.overall.g != Approx(*generalizability(t).overall.g).epsilon(1e-6));
}

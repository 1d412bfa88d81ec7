// Gwet's AC1/AC2, Brennan-Prediger, and the standard errors and intervals of
// Fleiss' and Cohen's kappas, checked against the values Gwet publishes for
// his Handbook's methods (Gwet, K. L. (2014), Handbook of Inter-Rater
// Reliability, 4th ed., Advanced Analytics) in R's irrCAC 1.0 (K. L. Gwet):
// the package README ("Computing Agreement Coefficients") and its vignette
// "Weighted Chance-corrected Agreement Coefficients" (weighting.html, dated
// 2019-09-01) print each coefficient with its standard error and 95%
// interval. irrCAC rounds raw-data coefficients and standard errors to 5
// decimals and intervals to 3; the margins below are half a unit of the last
// printed digit. Where no published value exists (linear weights) the case is
// computed by hand, step by step in the comment.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <vector>

#include "agreement_fixtures.hpp"
#include "shortlist/analysis/agreement.hpp"

using agreement_test::from_rows;
using agreement_test::from_table;
using agreement_test::kNa;
using shortlist::Coefficient;
using shortlist::RatingMatrix;

namespace {

void check(const std::optional<Coefficient>& c, double value, double value_margin, double se,
           double se_margin) {
    REQUIRE(c.has_value());
    CHECK(c->value == Approx(value).margin(value_margin).epsilon(0));
    REQUIRE(c->se.has_value());
    CHECK(*c->se == Approx(se).margin(se_margin).epsilon(0));
}

void check_ci(const std::optional<Coefficient>& c, double lower, double upper) {
    REQUIRE(c.has_value());
    REQUIRE(c->ci.has_value());
    CHECK(c->ci->lower == Approx(lower).margin(5e-4).epsilon(0));
    CHECK(c->ci->upper == Approx(upper).margin(5e-4).epsilon(0));
}

/// cac.raw4raters: 12 subjects, 4 raters, categories 1..5, missing ratings
/// (Gwet 2014, p. 120, as the irrCAC data set documents its source).
RatingMatrix raw4raters() {
    return from_rows({{1, 1, kNa, 1},
                      {2, 2, 3, 2},
                      {3, 3, 3, 3},
                      {3, 3, 3, 3},
                      {2, 2, 2, 2},
                      {1, 2, 3, 4},
                      {4, 4, 4, 4},
                      {1, 1, 2, 1},
                      {2, 2, 2, 2},
                      {kNa, 5, 5, 5},
                      {kNa, kNa, 1, 1},
                      {kNa, kNa, 3, kNa}});
}

/// distrib.6raters: 15 patients, 6 psychiatrists, 5 diagnoses (Fleiss 1971,
/// Table 1, its first 15 patients), given in irrCAC as counts per category.
RatingMatrix six_raters() {
    const std::vector<std::vector<int>> counts{
        {0, 0, 0, 6, 0}, {0, 3, 0, 0, 3}, {0, 1, 4, 0, 1}, {0, 0, 0, 0, 6}, {0, 3, 0, 3, 0},
        {2, 0, 4, 0, 0}, {0, 0, 4, 0, 2}, {2, 0, 3, 1, 0}, {2, 0, 0, 4, 0}, {0, 0, 0, 0, 6},
        {1, 0, 0, 5, 0}, {1, 1, 0, 4, 0}, {0, 3, 3, 0, 0}, {1, 0, 0, 5, 0}, {0, 2, 0, 3, 1}};
    std::vector<std::vector<double>> rows;
    for (const auto& c : counts) {
        rows.emplace_back();
        for (std::size_t k = 0; k < c.size(); ++k)
            for (int n = 0; n < c[k]; ++n)
                rows.back().push_back(static_cast<double>(k + 1));
    }
    return from_rows(rows);
}

/// cont3x3abstractors: 100 subjects, 2 raters, 3 categories (Ectopic, AIU,
/// NIU as 1, 2, 3), rows the first rater.
RatingMatrix abstractors() {
    return from_table({{13, 0, 0}, {0, 20, 7}, {0, 4, 56}});
}

}  // namespace

TEST_CASE("Gwet's AC1 and Brennan-Prediger: cac.raw4raters, with missing ratings", "[agreement]") {
    const auto r = shortlist::chance_corrected_agreement(raw4raters());
    CHECK(r.notes.empty());
    CHECK(r.subjects == 12);
    CHECK(r.rated_twice == 11);  // subject 12 is rated once, and still counts in pi
    CHECK(r.categories == 5);
    // irrCAC README, gwet.ac1.raw(cac.raw4raters): AC1 0.77544, se 0.14295, (0.461, 1).
    check(r.gwet_ac1, 0.77544, 5e-6, 0.14295, 5e-6);
    check_ci(r.gwet_ac1, 0.461, 1);
    // bp.coeff.raw(cac.raw4raters): 0.77273, se 0.14472, (0.454, 1).
    check(r.brennan_prediger, 0.77273, 5e-6, 0.14472, 5e-6);
    check_ci(r.brennan_prediger, 0.454, 1);
    // Vignette, weights = "quadratic": AC2 0.914 (printed as 0.914, so 0.91400
    // to 5 decimals), se 0.10396, (0.685, 1); Brennan-Prediger 0.90152, se
    // 0.11089, (0.657, 1).
    check(r.gwet_ac2_quadratic, 0.914, 5e-6, 0.10396, 5e-6);
    check_ci(r.gwet_ac2_quadratic, 0.685, 1);
    check(r.brennan_prediger_quadratic, 0.90152, 5e-6, 0.11089, 5e-6);
    check_ci(r.brennan_prediger_quadratic, 0.657, 1);
}

TEST_CASE("Gwet's AC1/AC2, Brennan-Prediger and Fleiss' kappa: distrib.6raters", "[agreement]") {
    const auto m = six_raters();
    const auto r = shortlist::chance_corrected_agreement(m);
    CHECK(r.notes.empty());
    CHECK(r.subjects == 15);
    // irrCAC README: gwet.ac1.dist 0.4448007, se 0.08418757, (0.264, 0.625);
    // bp.coeff.dist 0.4388889, se 0.08312142, (0.261, 0.617).
    check(r.gwet_ac1, 0.4448007, 5e-8, 0.08418757, 5e-9);
    check_ci(r.gwet_ac1, 0.264, 0.625);
    check(r.brennan_prediger, 0.4388889, 5e-8, 0.08312142, 5e-9);
    check_ci(r.brennan_prediger, 0.261, 0.617);
    // Vignette, quadratic.weights(1:5): AC2 0.4837438, se 0.1058227, (0.257,
    // 0.711); Brennan-Prediger 0.4177778, se 0.1067493, (0.189, 0.647).
    check(r.gwet_ac2_quadratic, 0.4837438, 5e-8, 0.1058227, 5e-8);
    check_ci(r.gwet_ac2_quadratic, 0.257, 0.711);
    check(r.brennan_prediger_quadratic, 0.4177778, 5e-8, 0.1067493, 5e-8);
    check_ci(r.brennan_prediger_quadratic, 0.189, 0.647);

    // Fleiss' kappa with Gwet's non-null standard error (irrCAC README,
    // fleiss.kappa.dist: 0.4139265, se 0.08119291, (0.24, 0.588)).
    const auto f = shortlist::fleiss_kappa(m);
    REQUIRE(f.kappa.has_value());
    CHECK(*f.kappa == Approx(0.4139265).margin(5e-8).epsilon(0));
    REQUIRE(f.se.has_value());
    CHECK(*f.se == Approx(0.08119291).margin(5e-9).epsilon(0));
    REQUIRE(f.ci.has_value());
    CHECK(f.ci->lower == Approx(0.24).margin(5e-4).epsilon(0));
    CHECK(f.ci->upper == Approx(0.588).margin(5e-4).epsilon(0));
    // The test of kappa = 0 keeps Fleiss's null variance, so z is not kappa / se.
    REQUIRE(f.z.has_value());
    CHECK(std::abs(*f.z - *f.kappa / *f.se) > 1);
}

TEST_CASE("Cohen's kappa, AC1 and Brennan-Prediger: two raters, cont3x3abstractors",
          "[agreement]") {
    const auto m = abstractors();
    // irrCAC README, kappa2.table: 0.7964094, se 0.05891072, (0.68, 0.913);
    // vignette, quadratic weights: 0.8921569, se 0.03535151, (0.822, 0.962).
    const auto k = shortlist::cohen_kappa(m, 0, 1);
    CHECK(*k.unweighted == Approx(0.7964094).margin(5e-8).epsilon(0));
    check(k.unweighted_se, 0.7964094, 5e-8, 0.05891072, 5e-9);
    check_ci(k.unweighted_se, 0.68, 0.913);
    check(k.quadratic_se, 0.8921569, 5e-8, 0.03535151, 5e-9);
    check_ci(k.quadratic_se, 0.822, 0.962);
    // The pairwise list carries the same.
    const auto pairs = shortlist::pairwise_cohen_kappa(m);
    REQUIRE(pairs.size() == 1);
    CHECK(pairs[0].unweighted_se == k.unweighted_se);

    // gwet.ac1.table 0.8493305, se 0.04321747; bp2.table 0.835, se
    // 0.04693346; quadratic: AC2 0.9402369, se 0.01792019; Brennan-Prediger
    // 0.9175, se 0.02346673. The coefficients are the same from raw ratings;
    // the raw-data variance (gwet.ac1.raw, bp.coeff.raw) divides the sum of
    // squares by n (n - 1) where the table's divides by n^2, so its standard
    // error is the table's times sqrt(n / (n - 1)), n = 100.
    const double raw = std::sqrt(100.0 / 99.0);
    const auto r = shortlist::chance_corrected_agreement(m);
    check(r.gwet_ac1, 0.8493305, 5e-8, 0.04321747 * raw, 5e-9);
    check(r.brennan_prediger, 0.835, 5e-8, 0.04693346 * raw, 5e-9);
    check(r.gwet_ac2_quadratic, 0.9402369, 5e-8, 0.01792019 * raw, 5e-9);
    check(r.brennan_prediger_quadratic, 0.9175, 5e-8, 0.02346673 * raw, 5e-9);
}

TEST_CASE("Gwet's AC2 and Brennan-Prediger with linear weights: a hand-computed case",
          "[agreement]") {
    // Two raters, categories 1, 2, 3; subjects (1, 1), (1, 2), (3, 3). Linear
    // weights w(1,2) = w(2,3) = 1/2, w(1,3) = 0, so T_w = 3 + 4 x 1/2 = 5.
    // Observed agreement per subject (sum_kl r_k r_l w_kl - r) / (r (r - 1)):
    // 1, (1 + 1 + 2 x 1/2 - 2) / 2 = 1/2, 1; p_a = 5/6.
    // pi = (1/2, 1/6, 1/3); sum pi (1 - pi) = 11/18.
    // AC2: p_e = 5 x 11/18 / (3 x 2) = 55/108; (5/6 - 55/108) / (53/108) = 35/53.
    // Brennan-Prediger: p_e = 5/9; (5/6 - 5/9) / (4/9) = 5/8.
    const auto r = shortlist::chance_corrected_agreement(from_rows({{1, 1}, {1, 2}, {3, 3}}));
    REQUIRE(r.gwet_ac2_linear.has_value());
    CHECK(r.gwet_ac2_linear->value == Approx(35.0 / 53.0).margin(1e-12).epsilon(0));
    REQUIRE(r.brennan_prediger_linear.has_value());
    CHECK(r.brennan_prediger_linear->value == Approx(5.0 / 8.0).margin(1e-12).epsilon(0));
    // Unweighted: p_a = 2/3, p_e = 3 x 11/18 / 6 = 11/36, AC1 = 13/25.
    CHECK(r.gwet_ac1->value == Approx(13.0 / 25.0).margin(1e-12).epsilon(0));

    // A fourth subject rated once (category 3) leaves p_a alone but counts in
    // pi: pi = (3/8, 1/8, 1/2), sum pi (1 - pi) = 19/32, p_e = 3 x 19/32 / 6 =
    // 19/64, AC1 = (2/3 - 19/64) / (45/64) = 71/135.
    const auto once =
        shortlist::chance_corrected_agreement(from_rows({{1, 1}, {1, 2}, {3, 3}, {3, kNa}}));
    CHECK(once.subjects == 4);
    CHECK(once.rated_twice == 3);
    CHECK(once.gwet_ac1->value == Approx(71.0 / 135.0).margin(1e-12).epsilon(0));
}

TEST_CASE("Gwet's AC1 and Brennan-Prediger: scales and edge cases", "[agreement]") {
    // The scale's unused points count as categories: q = 5, not 3, so the
    // unweighted Brennan-Prediger p_e is 1/5 and, with p_a = 2/3 as above,
    // (2/3 - 1/5) / (4/5) = 7/12.
    shortlist::CohenOptions scale;
    scale.scale_min = 1;
    scale.scale_max = 5;
    const auto r =
        shortlist::chance_corrected_agreement(from_rows({{1, 1}, {1, 2}, {3, 3}}), scale);
    CHECK(r.categories == 5);
    CHECK(r.brennan_prediger->value == Approx(7.0 / 12.0).margin(1e-12).epsilon(0));

    const auto off = shortlist::chance_corrected_agreement(from_rows({{1, 6}, {2, 2}}), scale);
    CHECK_FALSE(off.gwet_ac1.has_value());
    REQUIRE(off.notes.size() == 1);
    CHECK(off.notes[0] ==
          "the rating 6 of subject #0 by rater #1 is not a point of the scale; kappa is undefined");

    const auto once = shortlist::chance_corrected_agreement(from_rows({{1, kNa}, {kNa, 2}}));
    CHECK_FALSE(once.gwet_ac1.has_value());
    CHECK(once.notes == std::vector<std::string>{
                            "no subject has 2 or more ratings, so there is no observed agreement; "
                            "AC1/AC2 and Brennan-Prediger are undefined"});

    const auto same = shortlist::chance_corrected_agreement(from_rows({{2, 2}, {2, 2}}));
    CHECK_FALSE(same.brennan_prediger.has_value());
    CHECK(same.notes == std::vector<std::string>{"there is only one category, so chance "
                                                 "agreement is 1; AC1/AC2 and "
                                                 "Brennan-Prediger are undefined"});

    // Perfect agreement: every coefficient 1 with standard error 0.
    const auto perfect =
        shortlist::chance_corrected_agreement(from_rows({{1, 1}, {2, 2}, {3, 3}, {1, 1}}));
    CHECK(perfect.gwet_ac1->value == Approx(1.0).margin(1e-12).epsilon(0));
    CHECK(*perfect.gwet_ac1->se == Approx(0.0).margin(1e-12).epsilon(0));
    CHECK(perfect.brennan_prediger_quadratic->value == Approx(1.0).margin(1e-12).epsilon(0));

    // No interval at a level outside (0, 1), with a note.
    scale.confidence = 1.5;
    const auto level =
        shortlist::chance_corrected_agreement(from_rows({{1, 1}, {1, 2}, {3, 3}}), scale);
    CHECK(level.gwet_ac1->se.has_value());
    CHECK_FALSE(level.gwet_ac1->ci.has_value());
    CHECK(level.notes.back() ==
          "confidence level 1.5 is not between 0 and 1; no intervals computed");
}

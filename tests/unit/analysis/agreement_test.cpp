// Inter-rater agreement statistics, checked against values published for
// reference data sets (each cited next to its numbers) and hand-made edge
// cases. The data sets live in tests/data/agreement/, each file citing its source.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "agreement_fixtures.hpp"
#include "shortlist/analysis/agreement.hpp"

using agreement_test::check_ci;
using agreement_test::check_estimate;
using agreement_test::from_rows;
using agreement_test::from_table;
using agreement_test::kNa;
using agreement_test::load;
using shortlist::AlphaMetric;
using shortlist::AlphaOptions;
using shortlist::RatingMatrix;

// ---------------------------------------------------------------------------
// Intraclass correlation

TEST_CASE("ICC: Shrout & Fleiss (1979) worked example", "[agreement]") {
    const auto r = shortlist::intraclass_correlation(load("shrout_fleiss_1979.txt"));
    CHECK(r.notes.empty());
    CHECK(r.block.subjects.size() == 6);
    CHECK(r.block.raters.size() == 4);
    // Mean squares of the example's ANOVA, published to 2 decimals (Shrout & Fleiss 1979).
    CHECK(*r.bms == Approx(11.24).margin(0.005));
    CHECK(*r.wms == Approx(6.26).margin(0.005));
    CHECK(*r.jms == Approx(32.49).margin(0.005));
    CHECK(*r.ems == Approx(1.02).margin(0.005));
    // The six estimates, published to 2 decimals (Shrout & Fleiss 1979).
    check_estimate(r.icc1_1, 0.17, 0.005);
    check_estimate(r.icc2_1, 0.29, 0.005);
    check_estimate(r.icc3_1, 0.71, 0.005);
    check_estimate(r.icc1_k, 0.44, 0.005);
    check_estimate(r.icc2_k, 0.62, 0.005);
    check_estimate(r.icc3_k, 0.91, 0.005);
    // F tests: DescTools::ICC output for these data (Wollschlaeger, RExRepos
    // "Inter-rater-reliability and Intra-class-correlation"): F 1.79 on (5, 18),
    // p 0.164769; F 11.03 on (5, 15), p 0.000135.
    REQUIRE(r.icc1_1->test.has_value());
    CHECK(r.icc1_1->test->f == Approx(1.79).margin(0.005));
    CHECK(r.icc1_1->test->df1 == 5);
    CHECK(r.icc1_1->test->df2 == 18);
    CHECK(r.icc1_1->test->p_value == Approx(0.164769).margin(5e-7));
    for (const auto* e : {&r.icc2_1, &r.icc3_1, &r.icc2_k, &r.icc3_k}) {
        REQUIRE((*e)->test.has_value());
        CHECK((*e)->test->f == Approx(11.03).margin(0.005));
        CHECK((*e)->test->df2 == 15);
        CHECK((*e)->test->p_value == Approx(0.000135).margin(5e-7));
    }
    // 95% intervals: psych::ICC output for these data (same source), lower
    // bounds to 3 decimals, upper bounds to 2.
    check_ci(r.icc1_1, -0.133, 5e-4, 0.72, 5e-3);
    check_ci(r.icc2_1, 0.019, 5e-4, 0.76, 5e-3);
    check_ci(r.icc3_1, 0.342, 5e-4, 0.95, 5e-3);
    check_ci(r.icc1_k, -0.884, 5e-4, 0.91, 5e-3);
    check_ci(r.icc2_k, 0.071, 5e-4, 0.93, 5e-3);
    check_ci(r.icc3_k, 0.676, 5e-4, 0.99, 5e-3);
}

TEST_CASE("ICC: McGraw & Wong (1996) Table 6 data, two raters", "[agreement]") {
    // Data of McGraw & Wong (1996), Table 6, with the psych::ICC output for
    // them, as quoted in R. P. Matthew's f_ICC.m (2018) "Verification from R".
    const auto m = from_rows({{103, 119},
                              {82, 65},
                              {116, 106},
                              {102, 102},
                              {99, 105},
                              {98, 100},
                              {104, 107},
                              {62, 85},
                              {97, 101},
                              {107, 110}});
    const auto r = shortlist::intraclass_correlation(m);
    check_estimate(r.icc1_1, 0.722, 5e-4);
    check_estimate(r.icc2_1, 0.720, 5e-4);
    check_estimate(r.icc3_1, 0.714, 5e-4);
    check_estimate(r.icc1_k, 0.838, 5e-4);
    check_estimate(r.icc2_k, 0.837, 5e-4);
    check_estimate(r.icc3_k, 0.833, 5e-4);
    CHECK(r.icc1_1->test->f == Approx(6.18).margin(0.005));
    CHECK(r.icc1_1->test->p_value == Approx(0.00437).margin(5e-6));
    CHECK(r.icc3_1->test->f == Approx(6.00).margin(0.005));
    CHECK(r.icc3_1->test->p_value == Approx(0.00677).margin(5e-6));
    check_ci(r.icc1_1, 0.241, 5e-4, 0.922, 5e-4);
    check_ci(r.icc2_1, 0.228, 5e-4, 0.922, 5e-4);
    check_ci(r.icc3_1, 0.197, 5e-4, 0.920, 5e-4);
    check_ci(r.icc1_k, 0.389, 5e-4, 0.959, 5e-4);
    check_ci(r.icc2_k, 0.371, 5e-4, 0.959, 5e-4);
    check_ci(r.icc3_k, 0.329, 5e-4, 0.959, 5e-4);
}

TEST_CASE("ICC: irr anxiety data, ICC(A,1)", "[agreement]") {
    // irr::icc(anxiety, model = "twoway", type = "agreement") prints
    // ICC(A,1) = 0.198, F = 1.83, 95% CI -0.039 < ICC < 0.494 (irr manual
    // example output; also Wollschlaeger, RExRepos). irr reports the F test on
    // Satterthwaite's df (39.7); we use (n-1)(k-1) = 38 as McGraw & Wong, so
    // the p-value is not compared.
    const auto r = shortlist::intraclass_correlation(load("irr_anxiety.txt"));
    check_estimate(r.icc2_1, 0.198, 5e-4);
    CHECK(r.icc2_1->test->f == Approx(1.83).margin(0.005));
    CHECK(r.icc2_1->test->df2 == 38);
    check_ci(r.icc2_1, -0.039, 5e-4, 0.494, 5e-4);
}

TEST_CASE("ICC: missing cells leave a complete block, with notes", "[agreement]") {
    // The Shrout & Fleiss data plus a fifth rater who rated one target, and a
    // seventh target that judge 2 did not rate: both are dropped and the
    // published values come back.
    auto base = load("shrout_fleiss_1979.txt");
    RatingMatrix m = RatingMatrix::all_missing(7, 5);
    m.subject_labels = {"T1", "T2", "T3", "T4", "T5", "T6", "T7"};
    m.rater_labels = {"J1", "J2", "J3", "J4", "J5"};
    for (std::size_t s = 0; s < 6; ++s)
        for (std::size_t r = 0; r < 4; ++r)
            m.set(s, r, base.at(s, r));
    m.set(6, 0, 3);
    m.set(6, 2, 4);
    m.set(6, 3, 5);
    m.set(0, 4, 7);
    const auto r = shortlist::intraclass_correlation(m);
    CHECK(r.block.raters == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(r.block.dropped_raters == std::vector<std::size_t>{4});
    CHECK(r.block.dropped_subjects == std::vector<std::size_t>{6});
    CHECK(r.notes ==
          std::vector<std::string>{"dropped 1 rater(s) to get a complete block: J5",
                                   "dropped 1 subject(s) missing a rating from a kept rater: T7",
                                   "computed on 6 of 7 subjects and 4 of 5 raters"});
    check_estimate(r.icc2_1, 0.29, 0.005);
    check_estimate(r.icc3_k, 0.91, 0.005);
}

TEST_CASE("ICC: no complete block, constant and perfect ratings", "[agreement]") {
    SECTION("no two raters share two subjects") {
        const auto m = from_rows({{1, kNa, kNa}, {kNa, 2, kNa}, {kNa, kNa, 3}, {4, 5, kNa}});
        const auto r = shortlist::intraclass_correlation(m);
        CHECK_FALSE(r.icc1_1.has_value());
        CHECK_FALSE(r.bms.has_value());
        CHECK(r.notes ==
              std::vector<std::string>{"no complete block of at least 2 subjects rated by the "
                                       "same 2 or more raters; nothing was computed"});
    }
    SECTION("every rating the same: every form undefined") {
        const auto r = shortlist::intraclass_correlation(from_rows({{3, 3}, {3, 3}, {3, 3}}));
        for (const auto* e : {&r.icc1_1, &r.icc2_1, &r.icc3_1, &r.icc1_k, &r.icc2_k, &r.icc3_k})
            CHECK_FALSE(e->has_value());
        REQUIRE(r.notes.size() == 6);
        CHECK(r.notes[0] ==
              "ICC(1,1) is undefined: its denominator is not positive (the subjects' "
              "ratings do not vary)");
    }
    SECTION("perfect agreement: 1, with no F test") {
        const auto r = shortlist::intraclass_correlation(from_rows({{1, 1}, {2, 2}, {4, 4}}));
        for (const auto* e : {&r.icc1_1, &r.icc2_1, &r.icc3_1, &r.icc1_k, &r.icc2_k, &r.icc3_k}) {
            check_estimate(*e, 1.0, 1e-12);
            CHECK_FALSE((*e)->test.has_value());
        }
        CHECK(r.notes ==
              std::vector<std::string>{
                  "no F test or interval for ICC(1,1) and ICC(1,k): WMS = 0, so the F ratio "
                  "is infinite",
                  "no F test or interval for ICC(2,1), ICC(2,k), ICC(3,1) and ICC(3,k): EMS = "
                  "0, so the F ratio is infinite"});
    }
    SECTION("a matrix of the wrong size") {
        RatingMatrix m;
        m.subjects = 2;
        m.raters = 2;
        m.values = {1, 2, 3};
        const auto r = shortlist::intraclass_correlation(m);
        CHECK_FALSE(r.icc1_1.has_value());
        CHECK(r.notes ==
              std::vector<std::string>{
                  "the rating matrix is 2 x 2 but holds 3 values; nothing was computed"});
    }
    SECTION("an infinite or huge rating") {
        auto m = from_rows({{1, 2}, {3, std::numeric_limits<double>::infinity()}});
        const auto r = shortlist::intraclass_correlation(m);
        CHECK(r.notes == std::vector<std::string>{"the rating of subject #1 by rater #1 is inf, "
                                                  "outside [-1e100, 1e100]; nothing was "
                                                  "computed"});
        m.set(1, 1, -1e200);
        CHECK(shortlist::krippendorff_alpha(m).notes ==
              std::vector<std::string>{"the rating of subject #1 by rater #1 is -1e+200, outside "
                                       "[-1e100, 1e100]; nothing was computed"});
    }
}

// ---------------------------------------------------------------------------
// Krippendorff's alpha

TEST_CASE("alpha: Krippendorff (2011) reliability data with missing values", "[agreement]") {
    // Krippendorff (2011), section C: nominal alpha = 0.743 and interval alpha
    // = 0.849. irr::kripp.alpha on the same data gives nominal 0.743, ordinal
    // 0.815, interval 0.849, ratio 0.797 (irr manual example; asserted to 3
    // decimals in sophiedkk/pyirr tests/test_kripp_alpha.py against irr).
    const auto m = load("krippendorff_2011.txt");
    const auto [metric, expected] = GENERATE(table<AlphaMetric, double>({
        {AlphaMetric::Nominal, 0.743},
        {AlphaMetric::Ordinal, 0.815},
        {AlphaMetric::Interval, 0.849},
        {AlphaMetric::Ratio, 0.797},
    }));
    AlphaOptions options;
    options.metric = metric;
    options.bootstrap_samples = 0;
    const auto r = shortlist::krippendorff_alpha(m, options);
    REQUIRE(r.alpha.has_value());
    CHECK(*r.alpha == Approx(expected).margin(5e-4));
    CHECK_FALSE(r.ci.has_value());
    // 11 pairable units holding n = 40 values (Krippendorff 2011: unit 12 has one value).
    CHECK(r.pairable_units == 11);
    CHECK(r.pairable_values == 40);
    CHECK(r.notes == std::vector<std::string>{"skipped 1 unit(s) with fewer than 2 ratings "
                                              "(not pairable): subject #11"});
    CHECK(*r.alpha == Approx(1 - r.observed_disagreement / r.expected_disagreement).epsilon(1e-12));
}

TEST_CASE("alpha: bootstrap interval is deterministic for a seed", "[agreement]") {
    const auto m = load("irr_anxiety.txt");
    AlphaOptions options;
    options.metric = AlphaMetric::Interval;
    options.bootstrap_samples = 500;
    options.seed = 42;
    const auto a = shortlist::krippendorff_alpha(m, options);
    const auto b = shortlist::krippendorff_alpha(m, options);
    REQUIRE(a.ci.has_value());
    REQUIRE(b.ci.has_value());
    CHECK(a.ci->lower == b.ci->lower);
    CHECK(a.ci->upper == b.ci->upper);
    CHECK(a.ci->lower < *a.alpha);
    CHECK(*a.alpha < a.ci->upper);
    options.seed = 43;
    const auto c = shortlist::krippendorff_alpha(m, options);
    REQUIRE(c.ci.has_value());
    CHECK((c.ci->lower != a.ci->lower || c.ci->upper != a.ci->upper));
    CHECK(a.alpha == c.alpha);
}

TEST_CASE("alpha: edge cases", "[agreement]") {
    AlphaOptions options;
    options.bootstrap_samples = 50;
    SECTION("perfect agreement is 1 for every metric") {
        const auto m = from_rows({{1, 1, kNa}, {2, 2, 2}, {5, kNa, 5}});
        for (auto metric : {AlphaMetric::Nominal, AlphaMetric::Ordinal, AlphaMetric::Interval,
                            AlphaMetric::Ratio}) {
            options.metric = metric;
            const auto r = shortlist::krippendorff_alpha(m, options);
            REQUIRE(r.alpha.has_value());
            CHECK(*r.alpha == Approx(1.0).epsilon(1e-12));
        }
    }
    SECTION("constant ratings: undefined") {
        const auto r = shortlist::krippendorff_alpha(from_rows({{3, 3}, {3, 3}}), options);
        CHECK_FALSE(r.alpha.has_value());
        CHECK(r.notes ==
              std::vector<std::string>{"every pairable value is the same, so there is no expected "
                                       "disagreement; alpha is undefined"});
    }
    SECTION("nothing pairable") {
        auto m = from_rows({{1, kNa}, {kNa, 2}});
        m.subject_labels = {"A1", "A2"};
        const auto r = shortlist::krippendorff_alpha(m, options);
        CHECK_FALSE(r.alpha.has_value());
        CHECK(r.notes == std::vector<std::string>{
                             "skipped 2 unit(s) with fewer than 2 ratings (not pairable): A1, A2",
                             "no unit has 2 or more ratings, so there is nothing to pair; alpha is "
                             "undefined"});
    }
    SECTION("ratio metric with a negative value") {
        options.metric = AlphaMetric::Ratio;
        const auto r = shortlist::krippendorff_alpha(from_rows({{1, -2}, {3, 3}}), options);
        CHECK_FALSE(r.alpha.has_value());
        CHECK(r.notes == std::vector<std::string>{"the ratio metric needs values >= 0, but "
                                                  "subject #0 has -2 from rater #1; alpha is "
                                                  "undefined"});
    }
    SECTION("resamples without disagreement are counted, not hidden") {
        // One unit disagrees, two agree on the same value: some resamples
        // contain only the agreeing units.
        options.metric = AlphaMetric::Interval;
        options.bootstrap_samples = 200;
        const auto r = shortlist::krippendorff_alpha(from_rows({{1, 2}, {1, 1}, {1, 1}}), options);
        REQUIRE(r.alpha.has_value());
        REQUIRE(r.notes.size() == 1);
        CHECK(r.notes[0].rfind("bootstrap: ", 0) == 0);
        CHECK(r.notes[0].find(" of 200 resamples had no expected disagreement") !=
              std::string::npos);
    }
}

// ---------------------------------------------------------------------------
// Fleiss' kappa

TEST_CASE("Fleiss' kappa: Fleiss (1971) psychiatric diagnoses", "[agreement]") {
    // Fleiss (1971), p. 380: kappa = .430. irr::kappam.fleiss(diagnoses):
    // 0.4302445, z = 17.65183 (as recorded in statsmodels'
    // stats/tests/test_inter_rater.py, test_fleiss_kappa_irr).
    const auto r = shortlist::fleiss_kappa(load("fleiss_1971_diagnoses.txt"));
    REQUIRE(r.kappa.has_value());
    CHECK(*r.kappa == Approx(0.430).margin(5e-4));
    CHECK(*r.kappa == Approx(0.4302445).margin(5e-8));
    REQUIRE(r.z.has_value());
    CHECK(*r.z == Approx(17.65183).margin(5e-6));
    CHECK(*r.p_value < 1e-12);
    CHECK(r.ratings_per_subject == 6);
    CHECK(r.subjects.size() == 30);
    CHECK(r.notes.empty());
}

TEST_CASE("Fleiss' kappa: unequal rating counts and edge cases", "[agreement]") {
    SECTION("subjects without the modal number of ratings are dropped, with a note") {
        auto m = load("fleiss_1971_diagnoses.txt");
        // Two more patients, each seen by only 4 psychiatrists.
        for (int extra = 0; extra < 2; ++extra)
            m.values.insert(m.values.end(), {1, 1, 2, 2, kNa, kNa});
        m.subjects += 2;
        const auto r = shortlist::fleiss_kappa(m);
        CHECK(*r.kappa == Approx(0.4302445).margin(5e-8));
        CHECK(r.dropped_subjects == std::vector<std::size_t>{30, 31});
        CHECK(r.notes == std::vector<std::string>{
                             "used the subjects with the modal number of ratings (6); dropped 2 "
                             "subject(s) with another number: subject #30, subject #31"});
    }
    SECTION("perfect agreement is 1") {
        const auto r = shortlist::fleiss_kappa(from_rows({{1, 1, 1}, {2, 2, 2}, {3, 3, 3}}));
        CHECK(*r.kappa == Approx(1.0).epsilon(1e-12));
    }
    SECTION("one category: undefined") {
        const auto r = shortlist::fleiss_kappa(from_rows({{2, 2}, {2, 2}}));
        CHECK_FALSE(r.kappa.has_value());
        CHECK(r.notes == std::vector<std::string>{"every rating falls in one category, so "
                                                  "chance agreement is 1; kappa is undefined"});
    }
    SECTION("no two subjects with the same count") {
        const auto r = shortlist::fleiss_kappa(from_rows({{1, 2, kNa}, {1, kNa, kNa}}));
        CHECK_FALSE(r.kappa.has_value());
        CHECK(r.notes == std::vector<std::string>{"fewer than 2 subjects have the same number "
                                                  "(2 or more) of ratings; kappa is undefined"});
    }
}

// ---------------------------------------------------------------------------
// Cohen's kappa

TEST_CASE("Cohen's kappa: irr reference values", "[agreement]") {
    const auto anxiety = load("irr_anxiety.txt");
    // irr::kappa2(anxiety[, 2:3]) with weights unweighted, "equal" and
    // "squared": -0.006289308, 0.1459075, 0.2520325 (statsmodels
    // stats/tests/test_inter_rater.py, test_cohens_kappa_irr).
    const auto r23 = shortlist::cohen_kappa(anxiety, 1, 2);
    CHECK(r23.shared_subjects == 20);
    CHECK(*r23.unweighted == Approx(-0.006289308).margin(5e-10));
    CHECK(*r23.linear == Approx(0.1459075).margin(5e-8));
    CHECK(*r23.quadratic == Approx(0.2520325).margin(5e-8));
    CHECK(r23.notes.empty());
    // irr::kappa2(anxiety[, 1:2], "squared") = 0.297 (sophiedkk/pyirr tests/test_kappa2.py).
    CHECK(*shortlist::cohen_kappa(anxiety, 0, 1).quadratic == Approx(0.297).margin(5e-4));
    // irr::kappa2(diagnoses[, 2:3]) = 0.631 (same source).
    const auto diagnoses = load("fleiss_1971_diagnoses.txt");
    CHECK(*shortlist::cohen_kappa(diagnoses, 1, 2).unweighted == Approx(0.631).margin(5e-4));
}

TEST_CASE("Cohen's kappa: published two-rater tables", "[agreement]") {
    // irr::kappa2 outputs in Wollschlaeger, RExRepos "Inter-rater-reliability
    // and Intra-class-correlation": unweighted kappa 0.429 for the 3 x 3
    // table, "equal" (linear) weighted kappa 0.316 for the 6 x 6 table.
    const auto three = from_table({{53, 5, 2}, {11, 14, 5}, {1, 6, 3}});
    CHECK(*shortlist::cohen_kappa(three, 0, 1).unweighted == Approx(0.429).margin(5e-4));
    const auto six = from_table({{5, 8, 1, 2, 4, 2},
                                 {3, 5, 3, 5, 5, 0},
                                 {1, 2, 6, 11, 2, 1},
                                 {0, 1, 5, 4, 3, 3},
                                 {0, 0, 1, 2, 5, 2},
                                 {0, 0, 1, 2, 1, 4}});
    CHECK(*shortlist::cohen_kappa(six, 0, 1).linear == Approx(0.316).margin(5e-4));

    // SAS PROC FREQ output for this table (as recorded in statsmodels'
    // stats/tests/test_inter_rater.py, table10): simple kappa 0.4842, weighted
    // kappa (Cicchetti-Allison, i.e. linear) 0.4701. The first category is
    // never used by the first rater, so the categories come from the scale.
    const auto sas = from_table({{0, 4, 1}, {0, 8, 0}, {0, 1, 5}});
    shortlist::CohenOptions scale;
    scale.scale_min = 1;
    scale.scale_max = 3;
    const auto r = shortlist::cohen_kappa(sas, 0, 1, scale);
    CHECK(*r.unweighted == Approx(0.4842).margin(5e-5));
    CHECK(*r.linear == Approx(0.4701).margin(5e-5));
}

TEST_CASE("Cohen's kappa: pairs and edge cases", "[agreement]") {
    SECTION("every pair sharing 2 or more subjects, in order") {
        const auto anxiety = load("irr_anxiety.txt");
        const auto pairs = shortlist::pairwise_cohen_kappa(anxiety);
        REQUIRE(pairs.size() == 3);
        CHECK(pairs[0].rater_a == 0);
        CHECK(pairs[0].rater_b == 1);
        CHECK(pairs[2].rater_a == 1);
        CHECK(pairs[2].rater_b == 2);
        CHECK(*pairs[2].linear == Approx(0.1459075).margin(5e-8));
    }
    SECTION("pairs sharing fewer than 2 subjects are left out") {
        const auto m = from_rows({{1, 1, kNa}, {2, 2, 1}, {3, 2, kNa}});
        const auto pairs = shortlist::pairwise_cohen_kappa(m);
        REQUIRE(pairs.size() == 1);
        CHECK(pairs[0].rater_b == 1);
        const auto lone = shortlist::cohen_kappa(m, 0, 2);
        CHECK_FALSE(lone.unweighted.has_value());
        CHECK(lone.notes == std::vector<std::string>{"rater #0 and rater #2 share 1 "
                                                     "subject(s), fewer than 2; kappa is "
                                                     "undefined"});
    }
    SECTION("perfect agreement is 1 under every weighting") {
        const auto r = shortlist::cohen_kappa(from_rows({{1, 1}, {2, 2}, {3, 3}}), 0, 1);
        CHECK(*r.unweighted == Approx(1.0).epsilon(1e-12));
        CHECK(*r.linear == Approx(1.0).epsilon(1e-12));
        CHECK(*r.quadratic == Approx(1.0).epsilon(1e-12));
    }
    SECTION("one category: undefined") {
        const auto r = shortlist::cohen_kappa(from_rows({{4, 4}, {4, 4}}), 0, 1);
        CHECK_FALSE(r.unweighted.has_value());
        CHECK_FALSE(r.linear.has_value());
        CHECK(r.notes ==
              std::vector<std::string>{
                  "every rating falls in one category, so chance agreement is 1; kappa is "
                  "undefined",
                  "weighted kappas need at least 2 categories"});
    }
    SECTION("a rating off the scale") {
        shortlist::CohenOptions scale;
        scale.scale_min = 1;
        scale.scale_max = 5;
        const auto r = shortlist::cohen_kappa(from_rows({{1, 2}, {3, 7}}), 0, 1, scale);
        CHECK_FALSE(r.unweighted.has_value());
        CHECK(r.notes == std::vector<std::string>{"the rating 7 of subject #1 by rater #1 is "
                                                  "not a point of the scale; kappa is "
                                                  "undefined"});
    }
    SECTION("a scale that is not usable") {
        const auto m = from_rows({{1, 2}, {3, 3}});
        shortlist::CohenOptions scale;
        scale.scale_min = 1;
        CHECK(shortlist::cohen_kappa(m, 0, 1, scale).notes ==
              std::vector<std::string>{
                  "give both scale_min and scale_max, or neither; kappa is undefined"});
        scale.scale_max = 4.5;
        CHECK(shortlist::cohen_kappa(m, 0, 1, scale).notes ==
              std::vector<std::string>{"the scale [1, 4.5] must have integer ends, min < max "
                                       "and at most 1000 points; kappa is undefined"});
    }
    SECTION("a rater index out of range") {
        const auto r = shortlist::cohen_kappa(from_rows({{1, 2}, {3, 4}}), 0, 2);
        CHECK(r.notes == std::vector<std::string>{"rater index 2 is out of range (the matrix "
                                                  "has 2 raters); kappa is undefined"});
    }
}

// ---------------------------------------------------------------------------
// Kendall's W

TEST_CASE("Kendall's W: reference values", "[agreement]") {
    SECTION("irr anxiety data, tie-corrected") {
        // irr::kendall(anxiety, correct = TRUE): W = 0.54, chi-squared(19) =
        // 30.8, p = 0.0429 (sophiedkk/pyirr tests/test_kendall.py, against irr).
        const auto r = shortlist::kendall_w(load("irr_anxiety.txt"));
        CHECK(*r.w == Approx(0.54).margin(0.005));
        CHECK(*r.chi_squared == Approx(30.8).margin(0.05));
        CHECK(*r.df == 19);
        CHECK(*r.p_value == Approx(0.0429).margin(5e-5));
    }
    SECTION("untied rankings") {
        // irr::kendall output in Wollschlaeger, RExRepos "Inter-rater-
        // reliability and Intra-class-correlation": 6 subjects, 3 raters,
        // W = 0.568, chi-squared(5) = 8.52, p = 0.13.
        const auto m =
            from_rows({{1, 1, 2}, {6, 5, 3}, {3, 6, 6}, {2, 2, 5}, {5, 4, 4}, {4, 3, 1}});
        const auto r = shortlist::kendall_w(m);
        CHECK(*r.w == Approx(0.568).margin(5e-4));
        CHECK(*r.chi_squared == Approx(8.52).margin(0.005));
        CHECK(*r.df == 5);
        CHECK(*r.p_value == Approx(0.13).margin(0.005));
    }
}

TEST_CASE("Kendall's W: edge cases", "[agreement]") {
    SECTION("identical rankings give 1") {
        const auto r = shortlist::kendall_w(from_rows({{1, 10, 5}, {2, 20, 6}, {3, 30, 7}}));
        CHECK(*r.w == Approx(1.0).epsilon(1e-12));
    }
    SECTION("every rater ties every subject: undefined") {
        const auto r = shortlist::kendall_w(from_rows({{2, 5}, {2, 5}, {2, 5}}));
        CHECK_FALSE(r.w.has_value());
        CHECK(r.notes == std::vector<std::string>{"every rater gave every subject of the block "
                                                  "the same rating; W is undefined"});
    }
    SECTION("missing cells: computed on the complete block") {
        const auto m = from_rows(
            {{1, 1, 2}, {6, 5, 3}, {3, 6, 6}, {2, 2, 5}, {5, 4, 4}, {4, 3, 1}, {kNa, 7, 7}});
        const auto r = shortlist::kendall_w(m);
        CHECK(*r.w == Approx(0.568).margin(5e-4));
        CHECK(r.block.dropped_subjects == std::vector<std::size_t>{6});
        CHECK(r.notes.size() == 2);
    }
}

TEST_CASE("Many distinct values: no values x values matrix", "[agreement]") {
    // 20000 subjects with continuous ratings: every value distinct. A dense
    // coincidence matrix or contingency table would need 3.2e9 doubles.
    const std::size_t n = 20000;
    RatingMatrix m = RatingMatrix::all_missing(n, 3);
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t r = 0; r < 3; ++r)
            m.set(s, r, static_cast<double>(s) + 0.25 * static_cast<double>(r));
    AlphaOptions options;
    options.bootstrap_samples = 5;
    const auto alpha = shortlist::krippendorff_alpha(m, options);
    REQUIRE(alpha.alpha.has_value());
    CHECK(*alpha.alpha > 0.99);
    options.metric = AlphaMetric::Ordinal;
    CHECK(shortlist::krippendorff_alpha(m, options).alpha.has_value());
    options.metric = AlphaMetric::Ratio;
    const auto ratio = shortlist::krippendorff_alpha(m, options);
    CHECK_FALSE(ratio.alpha.has_value());
    CHECK(ratio.notes == std::vector<std::string>{
                             "the ratio metric compares every pair of distinct values, and there "
                             "are 60000 (more than 1000); alpha is not computed: round the "
                             "ratings or use the interval metric"});
    const auto kappa = shortlist::cohen_kappa(m, 0, 2);
    REQUIRE(kappa.quadratic.has_value());
    CHECK(*kappa.quadratic > 0.99);
    CHECK(*kappa.unweighted == Approx(0.0).margin(1e-3));
}

TEST_CASE("Unusable matrices: every statistic says why, none throws", "[agreement]") {
    SECTION("empty") {
        const RatingMatrix m;
        CHECK(shortlist::intraclass_correlation(m).notes ==
              std::vector<std::string>{"no complete block of at least 2 subjects rated by the "
                                       "same 2 or more raters; nothing was computed"});
        CHECK_FALSE(shortlist::krippendorff_alpha(m).alpha.has_value());
        CHECK_FALSE(shortlist::fleiss_kappa(m).kappa.has_value());
        CHECK_FALSE(shortlist::kendall_w(m).w.has_value());
        CHECK(shortlist::pairwise_cohen_kappa(m).empty());
    }
    SECTION("labels that do not match the size") {
        auto m = from_rows({{1, 2}, {2, 1}});
        m.rater_labels = {"only one"};
        const std::vector<std::string> expected{
            "the rating matrix has 1 rater labels for 2 raters; nothing was computed"};
        CHECK(shortlist::intraclass_correlation(m).notes == expected);
        CHECK(shortlist::krippendorff_alpha(m).notes == expected);
        CHECK(shortlist::fleiss_kappa(m).notes == expected);
        CHECK(shortlist::kendall_w(m).notes == expected);
        CHECK(shortlist::cohen_kappa(m, 0, 1).notes == expected);
    }
}

TEST_CASE("A sift design: each applicant seen by 2 of 5 assessors", "[agreement]") {
    // Applicant s is rated by assessors s % 5 and (s + 1) % 5: no two assessors
    // share more than 2 applicants, so the complete block is small, while
    // alpha and Fleiss' kappa use every applicant.
    RatingMatrix m = RatingMatrix::all_missing(10, 5);
    for (std::size_t s = 0; s < 10; ++s) {
        m.set(s, s % 5, static_cast<double>(1 + s % 4));
        m.set(s, (s + 1) % 5, static_cast<double>(1 + (s + s / 5) % 4));
    }
    const auto icc = shortlist::intraclass_correlation(m);
    CHECK(icc.block.subjects == std::vector<std::size_t>{0, 5});
    CHECK(icc.block.raters == std::vector<std::size_t>{0, 1});
    CHECK(icc.notes.at(0) ==
          "dropped 3 rater(s) to get a complete block: rater #2, rater #3, rater #4");
    CHECK(icc.notes.at(1) ==
          "dropped 8 subject(s) missing a rating from a kept rater: "
          "subject #1, subject #2, subject #3, subject #4, subject #6, "
          "subject #7, subject #8, subject #9");
    CHECK(icc.notes.at(2) == "computed on 2 of 10 subjects and 2 of 5 raters");

    AlphaOptions options;
    options.metric = AlphaMetric::Ordinal;
    options.bootstrap_samples = 0;
    const auto alpha = shortlist::krippendorff_alpha(m, options);
    CHECK(alpha.pairable_units == 10);
    CHECK(alpha.pairable_values == 20);
    CHECK(alpha.notes.empty());
    REQUIRE(alpha.alpha.has_value());

    const auto fleiss = shortlist::fleiss_kappa(m);
    CHECK(fleiss.ratings_per_subject == 2);
    CHECK(fleiss.subjects.size() == 10);
    // With two ratings per subject both are 1 - observed / expected
    // disagreement over the same pairs; alpha's expected disagreement divides
    // by n (n - 1) where kappa's chance term divides by n^2, so
    // alpha = 1 - (1 - kappa) (n - 1) / n, with n = 20 values.
    options.metric = AlphaMetric::Nominal;
    const auto nominal = shortlist::krippendorff_alpha(m, options);
    CHECK(*nominal.alpha == Approx(1 - (1 - *fleiss.kappa) * 19.0 / 20.0).epsilon(1e-12));
}

TEST_CASE("Confidence levels", "[agreement]") {
    const auto m = load("shrout_fleiss_1979.txt");
    const auto wide = shortlist::intraclass_correlation(m, 0.95);
    const auto narrow = shortlist::intraclass_correlation(m, 0.80);
    CHECK(narrow.icc2_1->ci->lower > wide.icc2_1->ci->lower);
    CHECK(narrow.icc2_1->ci->upper < wide.icc2_1->ci->upper);
    CHECK(narrow.icc2_1->value == wide.icc2_1->value);
    const auto none = shortlist::intraclass_correlation(m, 1.5);
    CHECK_FALSE(none.icc3_1->ci.has_value());
    CHECK(none.icc3_1->test.has_value());
    CHECK(none.notes == std::vector<std::string>{"confidence level 1.5 is not between 0 and 1; "
                                                 "no intervals computed"});
    AlphaOptions options;
    options.confidence = 0;
    const auto alpha = shortlist::krippendorff_alpha(m, options);
    CHECK(alpha.alpha.has_value());
    CHECK_FALSE(alpha.ci.has_value());
    CHECK(alpha.notes == std::vector<std::string>{"confidence level 0 is not between 0 and 1; "
                                                  "no intervals computed"});
}

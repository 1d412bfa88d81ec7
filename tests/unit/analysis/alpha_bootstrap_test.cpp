// Krippendorff's alpha bootstrap: a resample is drawn as how many units hold
// each pattern of values, either one multinomial draw or one uniform draw per
// unit. Both must be the same statistical procedure (the nonparametric
// bootstrap of units), and the interval must not depend on the thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "agreement_fixtures.hpp"
#include "analysis/calibration/agreement_internal.hpp"
#include "shortlist/analysis/agreement.hpp"

using shortlist::AlphaMetric;
using shortlist::AlphaOptions;
using shortlist::RatingMatrix;

namespace {

/// 300 units of 2 ratings in three patterns: 150 x {0, 0}, 100 x {0, 1},
/// 50 x {1, 1} (category indices into the values 1 and 2).
shortlist::detail::PairableUnits three_patterns() {
    shortlist::detail::PairableUnits u;
    u.values = {1, 2};
    auto add = [&](std::size_t times, std::vector<std::size_t> cats, std::vector<double> counts) {
        for (std::size_t t = 0; t < times; ++t) {
            for (std::size_t e = 0; e < cats.size(); ++e) {
                u.category.push_back(cats[e]);
                u.count.push_back(counts[e]);
            }
            u.offsets.push_back(u.category.size());
            u.weight.push_back(1.0);
        }
    };
    add(150, {0}, {2});
    add(100, {0, 1}, {1, 1});
    add(50, {1}, {2});
    return u;
}

/// A sift: 3,000 applicants, 3 of 6 assessors each, a 1-5 scale, ratings
/// from a fixed linear congruential sequence (ability plus noise).
RatingMatrix sift() {
    RatingMatrix m = RatingMatrix::all_missing(3000, 6);
    std::uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 33) / static_cast<double>(1ULL << 31);
    };
    for (std::size_t s = 0; s < m.subjects; ++s) {
        const double ability = 1 + 4 * next();
        for (std::size_t k = 0; k < 3; ++k) {
            const double v = std::round(std::clamp(ability + 1.5 * (next() - 0.5), 1.0, 5.0));
            m.set(s, (s + 2 * k) % 6, v);
        }
    }
    return m;
}

}  // namespace

TEST_CASE("alpha bootstrap: multinomial and per-unit resamples have the same distribution",
          "[agreement]") {
    const auto patterns = shortlist::detail::group_patterns(three_patterns());
    REQUIRE(patterns.count == std::vector<std::uint64_t>{150, 100, 50});
    REQUIRE(patterns.of_unit.size() == 300);
    // Each count of a resample of n = 300 units is Binomial(300, p) with p =
    // 1/2, 1/3, 1/6: mean n p, variance n p (1 - p). Over 4,000 resamples the
    // sample mean is within 5 of its standard errors of n p, and the sample
    // variance within 10% of n p (1 - p) (its relative standard error is
    // about sqrt(2 / 4000) = 2.2%), for both ways of drawing.
    const std::size_t resamples = 4000;
    const double n = 300;
    const std::vector<double> p{0.5, 1.0 / 3.0, 1.0 / 6.0};
    // The counts of a multinomial are negatively correlated: Cov(t_k, t_l) =
    // -n p_k p_l for k != l. The sample covariance's standard error is about
    // sqrt((var_k var_l + cov^2) / resamples) (normal approximation); each
    // must be within 5 of them.
    const double r = static_cast<double>(resamples);
    for (const bool per_unit : {true, false}) {
        std::vector<double> sum(3, 0.0), sum_sq(3, 0.0), times(3);
        std::vector<std::vector<double>> sum_cross(3, std::vector<double>(3, 0.0));
        for (std::size_t b = 0; b < resamples; ++b) {
            shortlist::detail::resample(patterns, 7, b, times, per_unit);
            CHECK(times[0] + times[1] + times[2] == n);
            for (std::size_t k = 0; k < 3; ++k) {
                sum[k] += times[k];
                sum_sq[k] += times[k] * times[k];
                for (std::size_t l = 0; l < 3; ++l)
                    sum_cross[k][l] += times[k] * times[l];
            }
        }
        for (std::size_t k = 0; k < 3; ++k) {
            const double mean = sum[k] / r;
            const double var = sum_sq[k] / r - mean * mean;
            const double expected_var = n * p[k] * (1 - p[k]);
            CHECK(std::abs(mean - n * p[k]) < 5 * std::sqrt(expected_var / r));
            CHECK(var == Approx(expected_var).epsilon(0.10));
        }
        for (std::size_t k = 0; k < 3; ++k)
            for (std::size_t l = k + 1; l < 3; ++l) {
                const double cov = sum_cross[k][l] / r - (sum[k] / r) * (sum[l] / r);
                const double expected_cov = -n * p[k] * p[l];
                const double se = std::sqrt(
                    (n * p[k] * (1 - p[k]) * n * p[l] * (1 - p[l]) + expected_cov * expected_cov) /
                    r);
                INFO("per_unit " << per_unit << ", patterns " << k << " and " << l);
                CHECK(std::abs(cov - expected_cov) < 5 * se);
            }
    }
}

TEST_CASE("alpha bootstrap: the interval does not depend on the thread count", "[agreement]") {
    const auto m = sift();
    for (const auto metric : {AlphaMetric::Nominal, AlphaMetric::Ordinal, AlphaMetric::Interval}) {
        AlphaOptions options;
        options.metric = metric;
        options.bootstrap_samples = 400;
        options.threads = 1;
        const auto one = shortlist::krippendorff_alpha(m, options);
        REQUIRE(one.ci.has_value());
        CHECK(one.ci->lower < *one.alpha);
        CHECK(*one.alpha < one.ci->upper);
        // The thread count is capped at the hardware's: with one hardware
        // thread every run below is single-threaded and proves nothing.
        if (std::thread::hardware_concurrency() < 2) {
            WARN("one hardware thread: the thread-count comparison is skipped");
            continue;
        }
        for (const unsigned threads : {2U, 3U, 8U}) {
            options.threads = threads;
            const auto other = shortlist::krippendorff_alpha(m, options);
            REQUIRE(other.ci.has_value());
            CHECK(other.ci->lower == one.ci->lower);
            CHECK(other.ci->upper == one.ci->upper);
        }
    }
}

TEST_CASE("alpha bootstrap: the interval is about alpha -/+ 1.96 of its bootstrap spread",
          "[agreement]") {
    // With 3,000 units the resampled alphas are close to normal: the 95%
    // percentile interval is nearly symmetric about alpha, and 2,000
    // resamples from two seeds give intervals whose ends agree to within a
    // tenth of the interval's width.
    const auto m = sift();
    AlphaOptions options;
    options.metric = AlphaMetric::Interval;
    const auto a = shortlist::krippendorff_alpha(m, options);
    options.seed = 99;
    const auto b = shortlist::krippendorff_alpha(m, options);
    REQUIRE(a.ci.has_value());
    REQUIRE(b.ci.has_value());
    const double width = a.ci->upper - a.ci->lower;
    CHECK(width > 0);
    CHECK(std::abs((*a.alpha - a.ci->lower) - (a.ci->upper - *a.alpha)) < 0.2 * width);
    CHECK(std::abs(a.ci->lower - b.ci->lower) < 0.1 * width);
    CHECK(std::abs(a.ci->upper - b.ci->upper) < 0.1 * width);

    // The spread itself, against a bootstrap of the applicants done by hand:
    // 1,000 times, draw 3,000 applicants with replacement into a fresh
    // matrix, take its alpha with no bootstrap (krippendorff_alpha's own
    // point estimate), and read the 2.5% and 97.5% percentiles (type 7). The
    // library's interval (2,000 resamples drawn as pattern counts) must have
    // both ends within a tenth of the reference interval's width of the
    // reference's: the Monte Carlo error of either is a few hundredths of it.
    AlphaOptions point = options;
    point.bootstrap_samples = 0;
    std::mt19937_64 engine(2026);
    std::vector<double> alphas;
    for (int resample = 0; resample < 1000; ++resample) {
        RatingMatrix drawn = RatingMatrix::all_missing(m.subjects, m.raters);
        for (std::size_t s = 0; s < m.subjects; ++s) {
            const auto from = static_cast<std::size_t>(engine() % m.subjects);
            for (std::size_t r = 0; r < m.raters; ++r)
                drawn.set(s, r, m.at(from, r));
        }
        const auto one = shortlist::krippendorff_alpha(drawn, point);
        REQUIRE(one.alpha.has_value());
        alphas.push_back(*one.alpha);
    }
    std::sort(alphas.begin(), alphas.end());
    const double lower = shortlist::detail::quantile7(alphas, 0.025);
    const double upper = shortlist::detail::quantile7(alphas, 0.975);
    const double reference = upper - lower;
    REQUIRE(reference > 0);
    INFO("library [" << a.ci->lower << ", " << a.ci->upper << "], reference [" << lower << ", "
                     << upper << "]");
    CHECK(std::abs(a.ci->lower - lower) < 0.1 * reference);
    CHECK(std::abs(a.ci->upper - upper) < 0.1 * reference);
}

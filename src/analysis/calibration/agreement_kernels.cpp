// Agreement statistics: the numeric kernels (complete block, average ranks,
// Cohen's kappas, Krippendorff's alpha); declared in agreement_internal.hpp.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/calibration/agreement_internal.hpp"

namespace shortlist::detail {

Eigen::VectorXd average_ranks(const Eigen::VectorXd& v, double& ties) {
    const auto n = static_cast<std::size_t>(v.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return v(static_cast<Eigen::Index>(a)) < v(static_cast<Eigen::Index>(b));
    });
    Eigen::VectorXd ranks(v.size());
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n &&
               v(static_cast<Eigen::Index>(order[j + 1])) == v(static_cast<Eigen::Index>(order[i])))
            ++j;
        const double rank = (as_double(i) + as_double(j)) / 2 + 1;
        for (std::size_t t = i; t <= j; ++t)
            ranks(static_cast<Eigen::Index>(order[t])) = rank;
        const double t = as_double(j - i + 1);
        ties += t * t * t - t;
        i = j + 1;
    }
    return ranks;
}

CompleteBlock find_complete_block(const RatingMatrix& m) {
    std::vector<std::size_t> rated(m.raters, 0);
    for (std::size_t s = 0; s < m.subjects; ++s)
        for (std::size_t r = 0; r < m.raters; ++r)
            rated[r] += !std::isnan(m.at(s, r)) ? 1U : 0U;
    std::vector<std::size_t> order(m.raters);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rated[a] > rated[b]; });

    std::vector<char> alive(m.subjects, 1);
    std::size_t alive_count = m.subjects, best_k = 0, best_cells = 0;
    for (std::size_t k = 1; k <= m.raters; ++k) {
        const std::size_t r = order[k - 1];
        for (std::size_t s = 0; s < m.subjects; ++s)
            if (alive[s] != 0 && !!std::isnan(m.at(s, r))) {
                alive[s] = 0;
                --alive_count;
            }
        if (k >= 2 && alive_count >= 2 && k * alive_count > best_cells) {
            best_cells = k * alive_count;
            best_k = k;
        }
    }

    CompleteBlock block;
    if (best_k == 0) {
        for (std::size_t s = 0; s < m.subjects; ++s)
            block.dropped_subjects.push_back(s);
        for (std::size_t r = 0; r < m.raters; ++r)
            block.dropped_raters.push_back(r);
        return block;
    }
    std::vector<char> kept_rater(m.raters, 0);
    for (std::size_t k = 0; k < best_k; ++k)
        kept_rater[order[k]] = 1;
    for (std::size_t r = 0; r < m.raters; ++r)
        (kept_rater[r] != 0 ? block.raters : block.dropped_raters).push_back(r);
    for (std::size_t s = 0; s < m.subjects; ++s) {
        const bool complete = std::all_of(block.raters.begin(), block.raters.end(),
                                          [&](std::size_t r) { return !std::isnan(m.at(s, r)); });
        (complete ? block.subjects : block.dropped_subjects).push_back(s);
    }
    return block;
}

CohenKappas cohen_kappas(const std::vector<std::size_t>& first,
                         const std::vector<std::size_t>& second, std::size_t c) {
    const double s = as_double(first.size());
    std::vector<double> p(c, 0.0), q(c, 0.0);
    double unequal = 0, absolute = 0, squared = 0;
    for (std::size_t i = 0; i < first.size(); ++i) {
        p[first[i]] += 1 / s;
        q[second[i]] += 1 / s;
        const double d = std::abs(as_double(first[i]) - as_double(second[i]));
        unequal += first[i] != second[i] ? 1.0 : 0.0;
        absolute += d;
        squared += d * d;
    }
    // Chance disagreement: E|i - j| and E(i - j)^2 with i ~ p, j ~ q independent.
    double same = 0, p_mean = 0, q_mean = 0, p_square = 0, q_square = 0;
    for (std::size_t i = 0; i < c; ++i) {
        const double x = as_double(i);
        same += p[i] * q[i];
        p_mean += p[i] * x;
        q_mean += q[i] * x;
        p_square += p[i] * x * x;
        q_square += q[i] * x * x;
    }
    double chance_absolute = 0, below = 0, below_x = 0;  // mass and moment of q below i
    for (std::size_t i = 0; i < c; ++i) {
        const double x = as_double(i);
        const double above = 1 - below - q[i], above_x = q_mean - below_x - q[i] * x;
        chance_absolute += p[i] * (x * below - below_x + above_x - x * above);
        below += q[i];
        below_x += q[i] * x;
    }
    const double chance_squared = p_square + q_square - 2 * p_mean * q_mean;
    auto kappa = [](double observed, double chance) -> std::optional<double> {
        if (!(chance > 1e-12))
            return std::nullopt;
        return 1 - observed / chance;
    };
    return {kappa(unequal / s, 1 - same), kappa(absolute / s, chance_absolute),
            kappa(squared / s, chance_squared)};
}

std::optional<AlphaParts> alpha_parts(const PairableUnits& u, const std::vector<double>& times,
                                      AlphaMetric metric) {
    const std::size_t c = u.values.size();
    std::vector<double> n_c(c, 0.0);
    for (std::size_t k = 0; k < u.size(); ++k)
        if (times[k] > 0)
            for (std::size_t e = u.offsets[k]; e < u.offsets[k + 1]; ++e)
                n_c[u.category[e]] += times[k] * u.count[e];
    const double n = std::accumulate(n_c.begin(), n_c.end(), 0.0);
    if (!(n > 1))
        return std::nullopt;
    std::vector<double> x = u.values;
    if (metric == AlphaMetric::Ordinal) {
        double before = 0;
        for (std::size_t i = 0; i < c; ++i) {
            x[i] = before + n_c[i] / 2;
            before += n_c[i];
        }
    }
    auto delta = [&](std::size_t i, std::size_t j) {
        switch (metric) {
            case AlphaMetric::Nominal:
                return i == j ? 0.0 : 1.0;
            case AlphaMetric::Ratio: {
                const double sum = x[i] + x[j];
                return sum == 0 ? 0.0 : ((x[i] - x[j]) / sum) * ((x[i] - x[j]) / sum);
            }
            case AlphaMetric::Ordinal:
            case AlphaMetric::Interval:
                break;
        }
        return (x[i] - x[j]) * (x[i] - x[j]);
    };
    double observed = 0;
    for (std::size_t k = 0; k < u.size(); ++k) {
        if (!(times[k] > 0))
            continue;
        double unit = 0;
        for (std::size_t e = u.offsets[k]; e < u.offsets[k + 1]; ++e)
            for (std::size_t f = u.offsets[k]; f < u.offsets[k + 1]; ++f)
                unit += u.count[e] * u.count[f] * delta(u.category[e], u.category[f]);
        observed += times[k] * u.weight[k] * unit;
    }
    double expected = 0;
    if (metric == AlphaMetric::Nominal) {
        double squares = 0;
        for (double v : n_c)
            squares += v * v;
        expected = n * n - squares;
    } else if (metric == AlphaMetric::Ratio) {
        for (std::size_t i = 0; i < c; ++i)
            for (std::size_t j = 0; j < c; ++j)
                if (n_c[i] > 0 && n_c[j] > 0)
                    expected += n_c[i] * n_c[j] * delta(i, j);
    } else {
        double mean = 0;
        for (std::size_t i = 0; i < c; ++i)
            mean += n_c[i] * x[i] / n;
        for (std::size_t i = 0; i < c; ++i)
            expected += 2 * n * n_c[i] * (x[i] - mean) * (x[i] - mean);
    }
    if (!(expected > 0))
        return std::nullopt;
    return AlphaParts{1 - (n - 1) * observed / expected, observed / n, expected / (n * (n - 1))};
}

double quantile7(const std::vector<double>& sorted, double p) {
    const double h = as_double(sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
}

}  // namespace shortlist::detail

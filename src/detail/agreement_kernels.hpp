// Agreement statistics: the numeric kernels (ranks, weighted kappa, the
// coincidence matrix and alpha). Private to calibration_agreement.cpp; kept
// apart so each piece can be read, and tested, on its own.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <optional>
#include <vector>

#include "shortlist/agreement.hpp"

namespace shortlist::detail {

inline double as_double(std::size_t n) {
    return static_cast<double>(n);
}

/// Average ranks (1-based) of v; adds sum(t^3 - t) over its ties to `ties`.
inline Eigen::VectorXd average_ranks(const Eigen::VectorXd& v, double& ties) {
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

/// Kappa from a C x C table of proportions and agreement weights (1 on the
/// diagonal); empty when chance agreement is 1.
inline std::optional<double> weighted_kappa(const Eigen::MatrixXd& p, const Eigen::MatrixXd& w) {
    const Eigen::VectorXd rows = p.rowwise().sum();
    const Eigen::RowVectorXd cols = p.colwise().sum();
    const double observed = (w.array() * p.array()).sum();
    const double chance = (w.array() * (rows * cols).array()).sum();
    if (!(1 - chance > 1e-12))
        return std::nullopt;
    return (observed - chance) / (1 - chance);
}

/// The pairable units in compact form: unit u holds entries [offsets[u],
/// offsets[u+1]), each a category (index into `values`) and how often it occurs.
struct PairableUnits {
    std::vector<double> values;  // sorted distinct observed values
    std::vector<std::size_t> offsets{0};
    std::vector<Eigen::Index> category;
    std::vector<double> count;
    std::vector<double> weight;  // 1 / (m_u - 1)

    [[nodiscard]] std::size_t size() const { return weight.size(); }

    /// Adds `times` copies of unit u's pairs to the coincidence matrix.
    void add(std::size_t u, double times, Eigen::MatrixXd& o) const {
        const double w = times * weight[u];
        for (std::size_t i = offsets[u]; i < offsets[u + 1]; ++i)
            for (std::size_t j = offsets[u]; j < offsets[u + 1]; ++j)
                o(category[i], category[j]) += w * count[i] * (i == j ? count[i] - 1 : count[j]);
    }
};

/// The squared difference delta^2(c, k) for each pair of categories.
inline Eigen::MatrixXd differences(AlphaMetric metric, const std::vector<double>& values,
                                   const Eigen::VectorXd& marginals) {
    const auto c = static_cast<Eigen::Index>(values.size());
    Eigen::VectorXd cumulative(c + 1);  // cumulative(i) = sum of marginals below i
    cumulative(0) = 0;
    for (Eigen::Index i = 0; i < c; ++i)
        cumulative(i + 1) = cumulative(i) + marginals(i);
    Eigen::MatrixXd d(c, c);
    for (Eigen::Index i = 0; i < c; ++i)
        for (Eigen::Index j = 0; j < c; ++j) {
            const double a = values[static_cast<std::size_t>(i)];
            const double b = values[static_cast<std::size_t>(j)];
            double x = 0;
            switch (metric) {
                case AlphaMetric::Nominal:
                    x = i == j ? 0.0 : 1.0;
                    break;
                case AlphaMetric::Ordinal: {
                    const Eigen::Index lo = std::min(i, j), hi = std::max(i, j);
                    const double between =
                        cumulative(hi + 1) - cumulative(lo) - (marginals(i) + marginals(j)) / 2;
                    x = between * between;
                    break;
                }
                case AlphaMetric::Interval:
                    x = (a - b) * (a - b);
                    break;
                case AlphaMetric::Ratio:
                    x = a + b == 0 ? 0.0 : ((a - b) / (a + b)) * ((a - b) / (a + b));
                    break;
            }
            d(i, j) = x;
        }
    return d;
}

struct AlphaParts {
    double alpha = 0, observed = 0, expected = 0;
};

/// Alpha from a coincidence matrix (Krippendorff 2011, section C);
/// empty when there is no expected disagreement.
inline std::optional<AlphaParts> alpha_from(const Eigen::MatrixXd& o, AlphaMetric metric,
                                            const std::vector<double>& values) {
    const Eigen::VectorXd marginals = o.rowwise().sum();
    const double n = marginals.sum();
    if (!(n > 1))
        return std::nullopt;
    const Eigen::MatrixXd d = differences(metric, values, marginals);
    const double observed = (o.array() * d.array()).sum();
    const double expected = ((marginals * marginals.transpose()).array() * d.array()).sum();
    if (!(expected > 0))
        return std::nullopt;
    return AlphaParts{1 - (n - 1) * observed / expected, observed / n, expected / (n * (n - 1))};
}

/// R's quantile type 7 of sorted data.
inline double quantile7(const std::vector<double>& sorted, double p) {
    const double h = as_double(sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
}

}  // namespace shortlist::detail

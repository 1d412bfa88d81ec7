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

namespace {

/// wbar[k] = sum_l w(k, l) v_l for the weights of cohen_kappas (0: [k == l];
/// 1: 1 - |k - l| / (c - 1); 2: 1 - (k - l)^2 / (c - 1)^2), in O(c).
std::vector<double> mean_weights(const std::vector<double>& v, int weighting) {
    const std::size_t c = v.size();
    std::vector<double> out(c, 0.0);
    if (weighting == 0)
        return v;
    const double span = as_double(c - 1);
    double mean = 0, square = 0;
    for (std::size_t l = 0; l < c; ++l) {
        mean += v[l] * as_double(l);
        square += v[l] * as_double(l) * as_double(l);
    }
    double below = 0, below_x = 0;  // mass and moment of v below k
    for (std::size_t k = 0; k < c; ++k) {
        const double x = as_double(k);
        if (weighting == 1) {
            const double above = 1 - below - v[k], above_x = mean - below_x - v[k] * x;
            out[k] = 1 - (x * below - below_x + above_x - x * above) / span;
        } else {
            out[k] = 1 - (x * x - 2 * x * mean + square) / (span * span);
        }
        below += v[k];
        below_x += v[k] * x;
    }
    return out;
}

}  // namespace

CohenKappas cohen_variances(const std::vector<std::size_t>& first,
                            const std::vector<std::size_t>& second, std::size_t c,
                            const CohenKappas& kappas) {
    const double n = as_double(first.size());
    std::vector<double> p(c, 0.0), q(c, 0.0);
    for (std::size_t i = 0; i < first.size(); ++i) {
        p[first[i]] += 1 / n;
        q[second[i]] += 1 / n;
    }
    const std::optional<double>* kappa[3] = {&kappas.unweighted, &kappas.linear, &kappas.quadratic};
    std::optional<double> out[3];
    for (int t = 0; t < 3; ++t) {
        if (!*kappa[t] || (t > 0 && c < 2))
            continue;
        const double k = **kappa[t];
        const auto row = mean_weights(q, t);  // wbar_k. (rater a's category k)
        const auto col = mean_weights(p, t);  // wbar_.l (rater b's category l)
        auto weight = [&](std::size_t i, std::size_t j) {
            const double d = std::abs(as_double(i) - as_double(j)) / as_double(c - 1);
            return t == 0 ? (i == j ? 1.0 : 0.0) : t == 1 ? 1 - d : 1 - d * d;
        };
        double pa = 0, pe = 0, sum = 0;
        for (std::size_t l = 0; l < c; ++l)
            pe += p[l] * row[l];
        for (std::size_t i = 0; i < first.size(); ++i) {
            const double w = weight(first[i], second[i]);
            pa += w / n;
            const double e = w - (1 - k) * (row[first[i]] + col[second[i]]);
            sum += e * e / n;
        }
        const double centre = pa - 2 * (1 - k) * pe;
        out[t] = (sum - centre * centre) / (n * (1 - pe) * (1 - pe));
    }
    return {out[0], out[1], out[2]};
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

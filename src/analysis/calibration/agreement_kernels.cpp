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

CompleteBlock find_complete_block(const RatingMatrix& m, const SparseRows& rows) {
    std::vector<std::size_t> rated(m.raters, 0);
    for (std::size_t r : rows.rater)
        ++rated[r];
    std::vector<std::size_t> order(m.raters);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rated[a] > rated[b]; });
    std::vector<std::size_t> rank(m.raters);
    for (std::size_t k = 0; k < m.raters; ++k)
        rank[order[k]] = k;

    // A subject is in the block of the first k raters (in `order`) while k is
    // at most the rank of the first of them it misses: the smallest rank its
    // raters' ranks do not hold, found from its few ratings.
    std::vector<std::size_t> first_missing(m.subjects, m.raters), missing_at(m.raters + 1, 0);
    std::vector<std::size_t> ranks;
    for (std::size_t s = 0; s < m.subjects; ++s) {
        ranks.clear();
        for (std::size_t e = rows.offsets[s]; e < rows.offsets[s + 1]; ++e)
            ranks.push_back(rank[rows.rater[e]]);
        std::sort(ranks.begin(), ranks.end());
        std::size_t first = 0;
        while (first < ranks.size() && ranks[first] == first)
            ++first;
        first_missing[s] = first;
        ++missing_at[first];
    }
    std::size_t alive_count = m.subjects, best_k = 0, best_cells = 0;
    for (std::size_t k = 1; k <= m.raters; ++k) {
        alive_count -= missing_at[k - 1];
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
    for (std::size_t s = 0; s < m.subjects; ++s)
        (first_missing[s] >= best_k ? block.subjects : block.dropped_subjects).push_back(s);
    return block;
}

namespace {

/// d[k] = sum_l v_l |k - l| on the category positions, in O(c) from the
/// running mass and moment of v below k (v sums to 1; mean = sum_l v_l l).
std::vector<double> absolute_distances(const std::vector<double>& v, double mean) {
    std::vector<double> d(v.size());
    double below = 0, below_x = 0;  // mass and moment of v below k
    for (std::size_t k = 0; k < v.size(); ++k) {
        const double x = as_double(k);
        const double above = 1 - below - v[k], above_x = mean - below_x - v[k] * x;
        d[k] = x * below - below_x + above_x - x * above;
        below += v[k];
        below_x += v[k] * x;
    }
    return d;
}

/// The moments of CohenMarginal from its shares.
void marginal_moments(CohenMarginal& m) {
    for (std::size_t i = 0; i < m.share.size(); ++i) {
        const double x = as_double(i);
        m.mean += m.share[i] * x;
        m.square += m.share[i] * x * x;
    }
}

}  // namespace

CohenFit cohen_kappas(const std::vector<std::size_t>& first, const std::vector<std::size_t>& second,
                      std::size_t c) {
    const double s = as_double(first.size());
    CohenFit fit;
    auto& p = fit.first.share;
    auto& q = fit.second.share;
    p.assign(c, 0.0);
    q.assign(c, 0.0);
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
    marginal_moments(fit.first);
    marginal_moments(fit.second);
    fit.second.distance = absolute_distances(q, fit.second.mean);
    double same = 0, chance_absolute = 0;
    for (std::size_t i = 0; i < c; ++i) {
        same += p[i] * q[i];
        chance_absolute += p[i] * fit.second.distance[i];
    }
    const double chance_squared =
        fit.first.square + fit.second.square - 2 * fit.first.mean * fit.second.mean;
    auto kappa = [](double observed, double chance) -> std::optional<double> {
        if (!(chance > 1e-12))
            return std::nullopt;
        return 1 - observed / chance;
    };
    fit.kappas = {kappa(unequal / s, 1 - same), kappa(absolute / s, chance_absolute),
                  kappa(squared / s, chance_squared)};
    return fit;
}

namespace {

/// wbar[k] = sum_l w(k, l) v_l for the weights of cohen_kappas (1: 1 - |k -
/// l| / (c - 1); 2: 1 - (k - l)^2 / (c - 1)^2), in O(c); `distance` is
/// absolute_distances of v (used for weighting 1 only). Weighting 0 ([k == l])
/// is v itself and needs no call.
std::vector<double> mean_weights(const CohenMarginal& v, const std::vector<double>& distance,
                                 int weighting) {
    const std::size_t c = v.share.size();
    const double span = as_double(c - 1);
    std::vector<double> out(c);
    for (std::size_t k = 0; k < c; ++k) {
        const double x = as_double(k);
        out[k] = weighting == 1 ? 1 - distance[k] / span
                                : 1 - (x * x - 2 * x * v.mean + v.square) / (span * span);
    }
    return out;
}

}  // namespace

CohenKappas cohen_variances(const std::vector<std::size_t>& first,
                            const std::vector<std::size_t>& second, const CohenFit& fit) {
    const double n = as_double(first.size());
    const std::size_t c = fit.first.share.size();
    const std::vector<double>& p = fit.first.share;
    const std::optional<double>* kappa[3] = {&fit.kappas.unweighted, &fit.kappas.linear,
                                             &fit.kappas.quadratic};
    std::vector<double> p_distance;  // absolute_distances of p, for the linear weights
    if (fit.kappas.linear)
        p_distance = absolute_distances(p, fit.first.mean);
    std::optional<double> out[3];
    for (int t = 0; t < 3; ++t) {
        if (!*kappa[t])
            continue;
        const double k = **kappa[t];
        // wbar_k. (rater a's category k) and wbar_.l (rater b's category l)
        std::vector<double> row_weights, col_weights;
        if (t > 0) {
            row_weights = mean_weights(fit.second, fit.second.distance, t);
            col_weights = mean_weights(fit.first, p_distance, t);
        }
        const auto& row = t == 0 ? fit.second.share : row_weights;
        const auto& col = t == 0 ? p : col_weights;
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

namespace {

/// delta^2 of values i and j on the positions x: nominal [i != j], ratio
/// ((x_i - x_j) / (x_i + x_j))^2, interval and ordinal (x_i - x_j)^2.
double squared_delta(AlphaMetric metric, const std::vector<double>& x, std::size_t i,
                     std::size_t j) {
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
}

/// Unit k's sum over the ordered pairs of its entries of n_e n_f delta^2.
double unit_disagreement(const PairableUnits& u, std::size_t k, AlphaMetric metric,
                         const std::vector<double>& x) {
    double unit = 0;
    for (std::size_t e = u.offsets[k]; e < u.offsets[k + 1]; ++e)
        for (std::size_t f = u.offsets[k]; f < u.offsets[k + 1]; ++f)
            unit +=
                u.count[e] * u.count[f] * squared_delta(metric, x, u.category[e], u.category[f]);
    return unit;
}

}  // namespace

std::vector<double> within_disagreements(const PairableUnits& u, AlphaMetric metric) {
    std::vector<double> out;
    if (metric == AlphaMetric::Ordinal)
        return out;
    out.resize(u.size());
    for (std::size_t k = 0; k < u.size(); ++k)
        out[k] = unit_disagreement(u, k, metric, u.values);
    return out;
}

std::optional<AlphaParts> alpha_parts(const PairableUnits& u, const std::vector<double>& times,
                                      AlphaMetric metric) {
    AlphaBuffers buffers;
    return alpha_parts(u, times, metric, {}, buffers);
}

std::optional<AlphaParts> alpha_parts(const PairableUnits& u, const std::vector<double>& times,
                                      AlphaMetric metric, const std::vector<double>& within,
                                      AlphaBuffers& buffers) {
    const std::size_t c = u.values.size();
    std::vector<double>& n_c = buffers.n_c;
    n_c.assign(c, 0.0);
    for (std::size_t k = 0; k < u.size(); ++k)
        if (times[k] > 0)
            for (std::size_t e = u.offsets[k]; e < u.offsets[k + 1]; ++e)
                n_c[u.category[e]] += times[k] * u.count[e];
    const double n = std::accumulate(n_c.begin(), n_c.end(), 0.0);
    if (!(n > 1))
        return std::nullopt;
    std::vector<double>& x = buffers.x;
    x.assign(u.values.begin(), u.values.end());
    if (metric == AlphaMetric::Ordinal) {
        double before = 0;
        for (std::size_t i = 0; i < c; ++i) {
            x[i] = before + n_c[i] / 2;
            before += n_c[i];
        }
    }
    double observed = 0;
    for (std::size_t k = 0; k < u.size(); ++k) {
        if (!(times[k] > 0))
            continue;
        const double unit = within.empty() ? unit_disagreement(u, k, metric, x) : within[k];
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
                    expected += n_c[i] * n_c[j] * squared_delta(metric, x, i, j);
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

std::vector<double> distinct_sorted(std::vector<double> values) {
    if (values.empty())
        return values;
    // Whole numbers in a small range (scale points): a presence table, no sort.
    double lo = values.front(), hi = values.front();
    bool whole = true;
    for (double v : values) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        whole = whole && v == std::floor(v);
    }
    if (whole && hi - lo < 65536) {
        std::vector<char> seen(static_cast<std::size_t>(hi - lo) + 1, 0);
        for (double v : values)
            seen[static_cast<std::size_t>(v - lo)] = 1;
        values.clear();
        for (std::size_t i = 0; i < seen.size(); ++i)
            if (seen[i] != 0)
                values.push_back(lo + as_double(i));
        return values;
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

ValueIndex::ValueIndex(const std::vector<double>& sorted) : sorted_(&sorted) {
    if (sorted.empty() || !(sorted.back() - sorted.front() < 65536))
        return;
    for (double v : sorted)
        if (v != std::floor(v))
            return;
    lo_ = sorted.front();
    table_.assign(static_cast<std::size_t>(sorted.back() - lo_) + 1, 0);
    for (std::size_t i = 0; i < sorted.size(); ++i)
        table_[static_cast<std::size_t>(sorted[i] - lo_)] = static_cast<std::uint32_t>(i + 1);
}

std::size_t ValueIndex::find(double v) const {
    if (!table_.empty()) {
        const double offset = v - lo_;
        if (!(offset >= 0 && offset < static_cast<double>(table_.size())) ||
            offset != std::floor(offset))
            return npos;
        const std::uint32_t at = table_[static_cast<std::size_t>(offset)];
        return at == 0 ? npos : at - 1;
    }
    const auto it = std::lower_bound(sorted_->begin(), sorted_->end(), v);
    return it == sorted_->end() || *it != v ? npos
                                            : static_cast<std::size_t>(it - sorted_->begin());
}

void append_counts(std::vector<std::size_t>& row, std::vector<std::size_t>& category,
                   std::vector<double>& count) {
    std::sort(row.begin(), row.end());
    for (std::size_t i = 0; i < row.size();) {
        std::size_t j = i;
        while (j < row.size() && row[j] == row[i])
            ++j;
        category.push_back(row[i]);
        count.push_back(as_double(j - i));
        i = j;
    }
}

double quantile7(const std::vector<double>& sorted, double p) {
    const double h = as_double(sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
}

}  // namespace shortlist::detail

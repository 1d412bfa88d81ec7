// Weight sensitivity, selection only: bounds on each applicant's draw value
// and the problem restricted to those who can be selected (prune.hpp).
#include "analysis/sensitivity/prune.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace shortlist::detail::sensitivity {

namespace {

/// A draw's total is computed in floating point (S·W, weights summing to 1
/// within rounding): the bounds are widened by this share and one millionth
/// either way, far beyond any rounding error, so that they always hold.
constexpr double slack = 1e-9;

struct Bounds {
    std::uint64_t lo = 0;
    std::uint64_t hi = std::numeric_limits<std::uint64_t>::max();
};

/// The lowest and highest draw value (total in millionths, then the tie-break
/// order) that place q can have under any weights.
Bounds value_bounds(const Problem& p, std::size_t q) {
    Bounds b;
    if (p.row[q] < 0)
        return b;  // scored one by one: no bound
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (std::size_t c = 0; c < p.m; ++c) {
        if (!(p.base[c] > 0))
            continue;  // weight 0 in every draw
        const double v = p.s(static_cast<Eigen::Index>(p.row[q]), static_cast<Eigen::Index>(c));
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!(lo <= hi))
        return b;  // no criterion with weight
    const double total_lo = 100.0 * (p.geometric ? std::exp(lo) : lo);
    const double total_hi = 100.0 * (p.geometric ? std::exp(hi) : hi);
    const std::uint64_t micro_lo = micro(total_lo * (1 - slack));
    b.lo = ((micro_lo > 0 ? micro_lo - 1 : 0) << p.tie_shift) | p.tie[q];
    b.hi = ((micro(total_hi * (1 + slack)) + 1) << p.tie_shift) | p.tie[q];
    return b;
}

}  // namespace

std::vector<std::uint32_t> selectable_places(const Problem& p) {
    std::vector<std::uint32_t> keep;
    if (p.top && *p.top == 0)
        return keep;
    const bool prune = p.top && *p.top < p.n;
    std::vector<Bounds> bounds(prune ? p.n : 0);
    std::vector<std::uint64_t> lows(bounds.size());
    for (std::size_t q = 0; q < bounds.size(); ++q) {
        bounds[q] = value_bounds(p, q);
        lows[q] = bounds[q].lo;
    }
    std::uint64_t threshold = 0;  // the top-th largest lowest value
    if (prune) {
        const auto nth = lows.begin() + static_cast<std::ptrdiff_t>(*p.top - 1);
        std::nth_element(lows.begin(), nth, lows.end(), std::greater<>());
        threshold = *nth;
    }
    for (std::size_t q = 0; q < p.n; ++q) {
        if (!prune || bounds[q].hi >= threshold)
            keep.push_back(static_cast<std::uint32_t>(q));
    }
    return keep;
}

Problem restrict_problem(const Problem& p, const std::vector<std::uint32_t>& keep) {
    Problem r;
    r.m = p.m;
    r.n = keep.size();
    r.geometric = p.geometric;
    r.base = p.base;
    r.group_criteria = p.group_criteria;
    r.pass_mark = p.pass_mark;
    r.top = p.top;
    r.guaranteed = p.guaranteed;
    r.tie_shift = p.tie_shift;
    r.packed = p.packed;  // places below n fit in fewer bits still
    r.row.assign(r.n, -1);
    r.odd_index.assign(r.n, -1);
    std::vector<std::int64_t> rows;
    std::size_t odd_rows = 0;
    for (std::size_t k = 0; k < r.n; ++k) {
        const std::size_t q = keep[k];
        r.outcome.push_back(p.outcome[q]);
        r.tie.push_back(p.tie[q]);
        r.flags.push_back(p.flags[q]);
        if (p.row[q] >= 0) {
            r.row[k] = static_cast<std::int64_t>(rows.size());
            rows.push_back(p.row[q]);
        } else {
            r.odd_index[k] = static_cast<std::int64_t>(odd_rows++);
            const auto from = static_cast<std::size_t>(p.odd_index[q]) * p.m;
            r.odd_s.insert(r.odd_s.end(), p.odd_s.begin() + static_cast<std::ptrdiff_t>(from),
                           p.odd_s.begin() + static_cast<std::ptrdiff_t>(from + p.m));
            r.odd_applies.insert(r.odd_applies.end(),
                                 p.odd_applies.begin() + static_cast<std::ptrdiff_t>(from),
                                 p.odd_applies.begin() + static_cast<std::ptrdiff_t>(from + p.m));
        }
    }
    r.s.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(p.m));
    for (std::size_t k = 0; k < rows.size(); ++k)
        r.s.row(static_cast<Eigen::Index>(k)) = p.s.row(static_cast<Eigen::Index>(rows[k]));
    r.bin_of.assign(r.n + 1, 0);
    return r;
}

}  // namespace shortlist::detail::sensitivity

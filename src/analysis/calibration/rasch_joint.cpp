// The Rasch fit's joint Newton step of the criteria, assessors and thresholds,
// the abilities eliminated (docs/calibration.md#the-rasch-fit). The sweep
// gathers the system (rasch_sweep.cpp); here its free parameters are picked,
// the directions the model cannot see (a shift of every criterion, of a
// group's assessors, of a scale's thresholds against its criteria) are made
// definite, and the step is solved and taken.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/calibration/effects_internal.hpp"
#include "analysis/calibration/rasch_internal.hpp"

namespace shortlist::detail {

namespace {

/// The largest change of any parameter in one joint step, in logits: a longer
/// step is shortened as a whole, its direction kept.
constexpr double joint_max_step = 2.0;

/// The parameters the step moves: rated criteria, rated assessors not held,
/// the thresholds of scales with ratings. Their positions in the system.
std::vector<std::size_t> free_parameters(const RaschData& d, const RaschSweep& sw,
                                         const FixedSeverities* fixed) {
    const std::size_t nc = sw.crit_n.size(), na = sw.rater_n.size();
    std::vector<std::size_t> at;
    for (std::size_t c = 0; c < nc; ++c)
        if (sw.crit_n[c] > 0)
            at.push_back(c);
    for (std::size_t j = 0; j < na; ++j)
        if (sw.rater_n[j] > 0 && !(fixed && fixed->held(j)))
            at.push_back(nc + j);
    for (std::size_t g = 0; g < d.sets.size(); ++g)
        for (std::size_t h = 1; h < d.sets[g].raw.size(); ++h)
            if (sw.sums.info_ge[sw.offset[g] + h] > 0)
                at.push_back(nc + na + sw.offset[g] + h);
    return at;
}

/// The model's unseen directions among the free parameters (`pos` maps a
/// system position to its free index, or `none`): every criterion up; each
/// unanchored group's assessors up; each scale's thresholds up with its
/// criteria down.
std::vector<Eigen::VectorXd> unseen_directions(const RaschData& d, const RaschSweep& sw,
                                               const ConnectedComponents& comp,
                                               const FixedSeverities* fixed,
                                               const std::vector<std::size_t>& pos, std::size_t n) {
    constexpr auto none = static_cast<std::size_t>(-1);
    const std::size_t nc = sw.crit_n.size(), na = sw.rater_n.size();
    std::vector<Eigen::VectorXd> v;
    auto put = [&](Eigen::VectorXd& x, std::size_t at, double value) {
        if (pos[at] != none)
            x(static_cast<Eigen::Index>(pos[at])) = value;
    };
    v.emplace_back(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n)));
    for (std::size_t c = 0; c < nc; ++c)
        put(v.back(), c, 1);
    for (std::uint32_t k = 0; k < comp.count; ++k) {
        if (fixed && fixed->anchored(k))
            continue;
        v.emplace_back(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n)));
        for (std::size_t j = 0; j < na; ++j)
            if (comp.of_assessor[j] == k)
                put(v.back(), nc + j, 1);
    }
    for (std::size_t g = 0; g < d.sets.size(); ++g) {
        v.emplace_back(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n)));
        for (std::size_t h = 1; h < d.sets[g].raw.size(); ++h)
            put(v.back(), nc + na + sw.offset[g] + h, 1);
        if (v.back().squaredNorm() == 0)  // no threshold free: no direction
            continue;
        for (std::size_t c = 0; c < nc; ++c)
            if (d.set_of[c] == g)
                put(v.back(), c, -1);
    }
    std::erase_if(v, [](const Eigen::VectorXd& x) { return x.squaredNorm() == 0; });
    return v;
}

}  // namespace

void centre_thresholds(RaschData& d, std::vector<double>* delta) {
    for (std::size_t g = 0; g < d.sets.size(); ++g) {
        const std::size_t kk = d.sets[g].raw.size();
        if (kk < 2)
            continue;
        double mean = 0;
        for (std::size_t h = 1; h < kk; ++h)
            mean += d.sets[g].tau[h];
        mean /= static_cast<double>(kk - 1);
        for (std::size_t h = 1; h < kk; ++h)
            d.sets[g].tau[h] -= mean;
        d.sets[g].refresh();
        for (std::size_t c = 0; delta != nullptr && c < delta->size(); ++c)
            if (d.set_of[c] == g)
                (*delta)[c] += mean;
    }
}

bool joint_step_fits(const RaschSweep& sw, const FixedSeverities* fixed, std::size_t limit) {
    std::size_t n = 0;
    for (const auto c : sw.crit_n)
        if (c > 0)
            ++n;
    for (std::size_t j = 0; j < sw.rater_n.size(); ++j)
        if (sw.rater_n[j] > 0 && !(fixed && fixed->held(j)))
            ++n;
    return n <= limit;
}

std::optional<double> joint_newton_step(RaschData& d, const RaschSweep& sw,
                                        const ConnectedComponents& comp,
                                        const FixedSeverities* fixed, std::size_t limit,
                                        std::vector<double>& delta, std::vector<double>& alpha) {
    constexpr auto none = static_cast<std::size_t>(-1);
    const std::size_t nc = sw.crit_n.size(), na = sw.rater_n.size(), m = sw.joint.size;
    const auto at = free_parameters(d, sw, fixed);
    const std::size_t n = at.size();
    if (n == 0 || n > limit)
        return std::nullopt;
    std::vector<std::size_t> pos(m, none);
    for (std::size_t x = 0; x < n; ++x)
        pos[at[x]] = x;
    const auto nn = static_cast<Eigen::Index>(n);
    Eigen::MatrixXd s(nn, nn);
    Eigen::VectorXd b(nn);
    for (std::size_t x = 0; x < n; ++x) {
        const auto ix = static_cast<Eigen::Index>(x);
        for (std::size_t y = x; y < n; ++y)
            s(ix, static_cast<Eigen::Index>(y)) = s(static_cast<Eigen::Index>(y), ix) =
                sw.joint.matrix[at[x] * m + at[y]];
        // The gradient of the log-likelihood in each parameter.
        const std::size_t p = at[x];
        const double gradient = p < nc ? -sw.sums.crit_resid[p]
                                : p < nc + na
                                    ? -sw.sums.rater_resid[p - nc]
                                    : sw.sums.exp_ge[p - nc - na] - sw.obs_ge[p - nc - na];
        b(ix) = gradient - sw.joint.cross[p];
    }
    const double scale = s.diagonal().mean();
    for (const auto& v : unseen_directions(d, sw, comp, fixed, pos, n))
        s.noalias() += (scale / v.squaredNorm()) * v * v.transpose();
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(s);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || !(ldlt.rcond() > 1e-13))
        return std::nullopt;
    Eigen::VectorXd step = ldlt.solve(b);
    const double largest = step.cwiseAbs().maxCoeff();
    if (!std::isfinite(largest))
        return std::nullopt;
    if (largest > joint_max_step)  // the whole step shortened, its direction kept
        step *= joint_max_step / largest;
    for (std::size_t x = 0; x < n; ++x) {
        const std::size_t p = at[x];
        const double v = step(static_cast<Eigen::Index>(x));
        if (p < nc)
            delta[p] += v;
        else if (p < nc + na)
            alpha[p - nc] += v;
        else {
            const std::size_t t = p - nc - na;
            const auto g = static_cast<std::size_t>(
                std::upper_bound(sw.offset.begin(), sw.offset.end(), t) - sw.offset.begin() - 1);
            d.sets[g].tau[t - sw.offset[g]] += v;
        }
    }
    centre_thresholds(d, &delta);
    return std::min(largest, joint_max_step);
}

}  // namespace shortlist::detail

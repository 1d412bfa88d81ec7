// The many-facet Rasch model by joint maximum likelihood (calibration.hpp
// describes the method): threshold sets per scale, Newton sweeps over the
// facets, abilities for extreme scores, then standard errors and fit.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "analysis/calibration/effects_internal.hpp"
#include "analysis/calibration/messages.hpp"
#include "analysis/calibration/rasch_internal.hpp"

namespace shortlist::detail {

namespace {

constexpr double tolerance = 1e-7;  // logits
constexpr std::size_t max_sweeps = 1000;
constexpr double extreme_offset = 0.3;  // score points in from an extreme score

/// The expected rating in scale points, from the category probabilities p.
double expected_points(const ThresholdSet& g, const double* p) {
    double e = g.min;
    for (int k = 0; k < g.categories(); ++k)
        e += p[k] * (g.raw[static_cast<std::size_t>(k)] - g.min);
    return e;
}

struct Accumulator {
    double resid = 0;  // Σ (x − E)
    double info = 0;   // Σ Var
    double sq = 0;     // Σ (x − E)²
    double z2 = 0;     // Σ (x − E)² / Var
    std::size_t n = 0;
    void add(double x, const Moments& m) {
        const double r = x - m.mean;
        resid += r;
        info += m.var;
        sq += r * r;
        z2 += r * r / m.var;
        ++n;
    }
    [[nodiscard]] RaschFit fit() const { return {sq / info, z2 / static_cast<double>(n)}; }
};

/// One threshold set per scale (min, max), with the categories used; notes
/// fractional ratings. `used` maps a set's used points to categories.
void threshold_sets(const RatingTable& t, RaschData& d, std::vector<std::map<long, int>>& used,
                    AssessorEffects& e) {
    std::map<std::pair<double, double>, std::uint32_t> by_scale;
    d.set_of.resize(t.criteria.size());
    for (std::size_t c = 0; c < t.criteria.size(); ++c) {
        const auto key = std::make_pair(t.scales[c].min, t.scales[c].max);
        auto [it, inserted] = by_scale.try_emplace(key, static_cast<std::uint32_t>(d.sets.size()));
        if (inserted) {
            ThresholdSet ts;
            ts.min = t.scales[c].min;
            d.sets.push_back(std::move(ts));
        }
        d.set_of[c] = it->second;
    }
    used.resize(d.sets.size());
    std::size_t rounded = 0;
    for (const auto& r : t.ratings) {
        const double x = r.score - t.scales[r.criterion].min;
        const double k = std::round(x);
        rounded += k != x ? 1 : 0;
        used[d.set_of[r.criterion]][static_cast<long>(k)] = 0;
    }
    if (rounded > 0)
        e.notes.push_back(calibration_msg::rasch_rounded(rounded));
    for (std::size_t g = 0; g < d.sets.size(); ++g) {
        int next = 0;
        for (auto& [raw, k] : used[g]) {
            k = next++;
            d.sets[g].raw.push_back(d.sets[g].min + static_cast<double>(raw));
        }
        d.sets[g].tau.assign(d.sets[g].raw.size(), 0.0);
        d.sets[g].refresh();
    }
}

RaschData rasch_data(const RatingTable& t, AssessorEffects& e) {
    RaschData d;
    std::vector<std::map<long, int>> used;
    threshold_sets(t, d, used, e);
    const std::size_t napp = t.applicants.size();
    d.rr.reserve(t.ratings.size());
    d.total.assign(napp, 0);
    d.most.assign(napp, 0);
    std::size_t dropped = 0;
    for (const auto& r : t.ratings) {
        const auto g = d.set_of[r.criterion];
        if (d.sets[g].categories() < 2) {
            ++dropped;
            continue;
        }
        const int k =
            used[g].at(static_cast<long>(std::round(r.score - t.scales[r.criterion].min)));
        d.rr.push_back({r.applicant, r.criterion, r.assessor, g, k});
        d.total[r.applicant] += k;
        d.most[r.applicant] += d.sets[g].categories() - 1;
    }
    if (dropped > 0)
        e.notes.push_back(calibration_msg::rasch_one_point(dropped));
    d.extreme.assign(napp, 0);
    std::size_t n_extreme = 0;
    for (std::size_t a = 0; a < napp; ++a)
        if (d.most[a] > 0 && (d.total[a] == 0 || d.total[a] == d.most[a])) {
            d.extreme[a] = 1;
            ++n_extreme;
        }
    if (n_extreme > 0)
        e.notes.push_back(calibration_msg::rasch_extreme(n_extreme));
    return d;
}

/// The fit's start (docs/calibration.md#the-rasch-fit): each set's thresholds
/// from its category counts, τ_h = log(n_{h−1} / n_h) centred (where every
/// other facet is 0, the model's ratio of adjacent categories), each
/// applicant's ability from its score, log((t + ½) / (most − t + ½)).
void start_fit(RaschData& d, std::vector<double>& theta) {
    std::vector<std::vector<double>> count(d.sets.size());
    for (std::size_t g = 0; g < d.sets.size(); ++g)
        count[g].assign(d.sets[g].raw.size(), 0.5);
    for (const auto& r : d.rr)
        count[r.group][static_cast<std::size_t>(r.k)] += 1;
    for (std::size_t g = 0; g < d.sets.size(); ++g)
        for (std::size_t h = 1; h < d.sets[g].raw.size(); ++h)
            d.sets[g].tau[h] = std::log(count[g][h - 1] / count[g][h]);
    std::vector<double> delta(d.set_of.size(), 0.0);
    centre_thresholds(d, &delta);
    for (std::size_t a = 0; a < theta.size(); ++a)
        if (d.most[a] > 0)
            theta[a] = std::log((d.total[a] + 0.5) / (d.most[a] - d.total[a] + 0.5));
}

/// The facets being estimated, and the scratch of the sweeps.
struct Facets {
    std::vector<double> theta, delta, alpha;  ///< applicants, criteria, assessors
    std::vector<Accumulator> acc_a, acc_r;
    std::vector<double> p;  ///< category probabilities
    /// Anchored severities (docs/calibration.md#anchoring), or none.
    const FixedSeverities* fixed = nullptr;

    [[nodiscard]] bool held(std::size_t assessor) const {
        return fixed != nullptr && fixed->held(assessor);
    }
    [[nodiscard]] double eta(const RaschRating& r) const {
        return theta[r.applicant] - delta[r.criterion] - alpha[r.assessor];
    }
};

/// The facets' own Newton steps for criteria, assessors and thresholds, each
/// with everything else held (the convergence criterion's measure), taken
/// when `take`; the largest. The thresholds are then re-centred per set, the
/// shift dropped: along the model's unseen direction it answers the same
/// residuals as the set's criteria's own steps, and moved to them as well it
/// took that step about twice, so that a scale with one criterion swung about
/// its estimate for ever (docs/calibration.md#the-rasch-fit).
double own_steps(RaschData& d, const RaschSweep& sw, Facets& f, bool take) {
    const FacetSums& sum = sw.sums;
    double change = 0;
    for (std::size_t c = 0; c < f.delta.size(); ++c)
        if (sw.crit_n[c] > 0) {
            const double s = clamp_step(sum.crit_resid[c] / sum.crit_info[c]);
            f.delta[c] -= take ? s : 0;
            change = std::max(change, std::abs(s));
        }
    for (std::size_t j = 0; j < f.alpha.size(); ++j)
        if (sw.rater_n[j] > 0 && !f.held(j)) {
            const double s = clamp_step(sum.rater_resid[j] / sum.rater_info[j]);
            f.alpha[j] -= take ? s : 0;
            change = std::max(change, std::abs(s));
        }
    for (std::size_t g = 0; g < d.sets.size(); ++g)
        for (std::size_t h = 1; h < d.sets[g].raw.size(); ++h) {
            const std::size_t at = sw.offset[g] + h;
            if (sum.info_ge[at] > 0) {
                const double s = clamp_step((sw.obs_ge[at] - sum.exp_ge[at]) / sum.info_ge[at]);
                d.sets[g].tau[h] -= take ? s : 0;
                change = std::max(change, std::abs(s));
            }
        }
    if (take)
        centre_thresholds(d, nullptr);
    return change;
}

/// Whether a sweep of the facets' own steps whose largest step was `change`
/// (the sweep before's `before`, or 0) ends the fit
/// (docs/calibration.md#the-rasch-fit). The own steps shrink geometrically,
/// by r = change / before a sweep, so the estimates are still about
/// change / (1 − r) from the maximum: that must be under the tolerance (a
/// step under 10⁻¹², where rounding blurs r, ends the fit too). The joint
/// step converges like Newton's method, and its last step is the distance.
bool own_steps_converged(double change, double before) {
    const double r = before > 0 ? change / before : 1;
    return (r < 1 && change < tolerance * (1 - r)) || change < 1e-12;
}

/// Centres criteria (over the rated ones) and assessors (per component),
/// moving the shifts to the applicants.
void centre(const ConnectedComponents& comp, const std::vector<std::uint32_t>& app_comp,
            const RaschSweep& sw, Facets& f) {
    double mean_c = 0;
    std::size_t rated_c = 0;
    for (std::size_t c = 0; c < f.delta.size(); ++c)
        if (sw.crit_n[c] > 0) {
            mean_c += f.delta[c];
            ++rated_c;
        }
    mean_c = rated_c > 0 ? mean_c / static_cast<double>(rated_c) : 0;
    for (auto& d : f.delta)
        d -= mean_c;
    std::vector<double> mean_a(comp.count, 0.0);
    std::vector<std::size_t> count_a(comp.count, 0);
    for (std::size_t j = 0; j < f.alpha.size(); ++j)
        if (comp.of_assessor[j] != ConnectedComponents::none && sw.rater_n[j] > 0 &&
            !(f.fixed && f.fixed->anchored(comp.of_assessor[j]))) {
            mean_a[comp.of_assessor[j]] += f.alpha[j];
            ++count_a[comp.of_assessor[j]];
        }
    for (std::size_t k = 0; k < comp.count; ++k)
        mean_a[k] = count_a[k] > 0 ? mean_a[k] / static_cast<double>(count_a[k]) : 0;
    for (std::size_t j = 0; j < f.alpha.size(); ++j)
        if (comp.of_assessor[j] != ConnectedComponents::none)
            f.alpha[j] -= mean_a[comp.of_assessor[j]];
    for (std::size_t a = 0; a < f.theta.size(); ++a) {
        f.theta[a] -= mean_c;
        if (app_comp[a] != ConnectedComponents::none)
            f.theta[a] -= mean_a[app_comp[a]];
    }
}

/// Extreme applicants: ability at the score 0.3 points in from the extreme.
void extreme_abilities(const RaschData& d, Facets& f) {
    std::vector<std::size_t> ext;
    for (std::size_t i = 0; i < d.rr.size(); ++i)
        if (d.extreme[d.rr[i].applicant])
            ext.push_back(i);
    std::stable_sort(ext.begin(), ext.end(), [&](std::size_t x, std::size_t y) {
        return d.rr[x].applicant < d.rr[y].applicant;
    });
    for (std::size_t i = 0; i < ext.size();) {
        const auto a = d.rr[ext[i]].applicant;
        std::size_t j = i;
        while (j < ext.size() && d.rr[ext[j]].applicant == a)
            ++j;
        const double target = d.total[a] == 0 ? extreme_offset : d.most[a] - extreme_offset;
        for (int it = 0; it < 200; ++it) {
            double expect = 0, info = 0;
            for (std::size_t q = i; q < j; ++q) {
                const auto& r = d.rr[ext[q]];
                probabilities(f.eta(r), d.sets[r.group], f.p.data());
                const auto m = moments(f.p.data(), d.sets[r.group].categories());
                expect += m.mean;
                info += m.var;
            }
            const double s = clamp_step((target - expect) / info);
            f.theta[a] += s;
            if (std::abs(s) < tolerance)
                break;
        }
        i = j;
    }
}

/// Standard errors, fit and the adjustment in scale points.
void report_facets(const ConnectedComponents& comp, const RaschData& d, Facets& f,
                   AssessorEffects& e) {
    const std::size_t napp = f.theta.size(), na = f.alpha.size();
    f.acc_a.assign(napp, {});
    f.acc_r.assign(na, {});
    std::vector<double> shift(na, 0.0);
    std::vector<std::size_t> shift_n(na, 0);
    std::vector<double> p0(f.p.size());
    for (const auto& r : d.rr) {
        const auto& g = d.sets[r.group];
        const double eta = f.eta(r);
        probabilities(eta, g, f.p.data());
        probabilities(eta + f.alpha[r.assessor], g, p0.data());
        shift[r.assessor] += expected_points(g, p0.data()) - expected_points(g, f.p.data());
        ++shift_n[r.assessor];
        const auto m = moments(f.p.data(), g.categories());
        if (d.extreme[r.applicant])
            continue;
        f.acc_a[r.applicant].add(r.k, m);
        f.acc_r[r.assessor].add(r.k, m);
    }
    for (std::size_t j = 0; j < na; ++j) {
        auto& out = e.assessors[j];
        if (comp.of_assessor[j] == ConnectedComponents::none)
            continue;
        out.severity = f.alpha[j] == 0 ? 0.0 : f.alpha[j];
        out.anchored = f.held(j);
        if (f.acc_r[j].n > 0) {
            if (!out.anchored)
                out.se = 1 / std::sqrt(f.acc_r[j].info);
            out.fit = f.acc_r[j].fit();
        }
        out.adjustment = shift_n[j] > 0 ? shift[j] / static_cast<double>(shift_n[j]) : 0.0;
    }
    e.applicant_effects.assign(napp, std::nullopt);
    e.applicant_fit.assign(napp, std::nullopt);
    for (std::size_t a = 0; a < napp; ++a) {
        if (d.most[a] == 0)
            continue;
        e.applicant_effects[a] = f.theta[a];
        if (!d.extreme[a] && f.acc_a[a].n > 0)
            e.applicant_fit[a] = f.acc_a[a].fit();
    }
    e.criterion_effects = f.delta;
    e.thresholds.resize(f.delta.size());
    for (std::size_t c = 0; c < f.delta.size(); ++c) {
        const auto& g = d.sets[d.set_of[c]];
        if (g.raw.size() >= 2)
            e.thresholds[c].assign(g.tau.begin() + 1, g.tau.end());
    }
}

/// Ratings of non-extreme applicants grouped by `key` (a counting sort):
/// those of k are order[start[k] .. start[k+1]).
struct Grouped {
    std::vector<std::size_t> start, order;
};

template <class Key>
Grouped group_ratings(const RaschData& d, std::size_t n, Key key) {
    Grouped g;
    g.start.assign(n + 1, 0);
    for (const auto& r : d.rr)
        if (!d.extreme[r.applicant])
            ++g.start[key(r) + 1];
    for (std::size_t k = 0; k < n; ++k)
        g.start[k + 1] += g.start[k];
    g.order.resize(g.start[n]);
    std::vector<std::size_t> next(g.start.begin(), g.start.end() - 1);
    for (std::size_t i = 0; i < d.rr.size(); ++i)
        if (!d.extreme[d.rr[i].applicant])
            g.order[next[key(d.rr[i])]++] = i;
    return g;
}

/// One Newton step of assessor j's severity with the abilities of the
/// applicants it rated (`who`), everything else held: the abilities are
/// eliminated, Δα = (g_α + Σ C_a g_a / I_a) / (I_α − Σ C_a² / I_a), where C_a
/// is the information of a's ratings by j. Returns Δα and the eliminated
/// information (≤ 0: freeing j leaves its severity unset).
std::pair<double, double> joint_step(const RaschData& d, Facets& f, const Grouped& by_app,
                                     std::uint32_t j, const std::vector<std::uint32_t>& who,
                                     std::vector<Accumulator>& acc, std::vector<double>& cross) {
    double g_j = 0, info_j = 0;
    for (auto a : who) {
        acc[a] = {};
        cross[a] = 0;
        for (std::size_t q = by_app.start[a]; q < by_app.start[a + 1]; ++q) {
            const auto& r = d.rr[by_app.order[q]];
            probabilities(f.eta(r), d.sets[r.group], f.p.data());
            const auto m = moments(f.p.data(), d.sets[r.group].categories());
            acc[a].add(r.k, m);
            if (r.assessor == j) {
                cross[a] += m.var;
                g_j -= r.k - m.mean;
                info_j += m.var;
            }
        }
    }
    double num = g_j, den = info_j;
    for (auto a : who) {
        num += cross[a] * acc[a].resid / acc[a].info;
        den -= cross[a] * cross[a] / acc[a].info;
    }
    if (!(den > 1e-9 * info_j))
        return {0.0, 0.0};
    const double da = clamp_step(num / den);
    for (auto a : who)
        f.theta[a] += clamp_step((acc[a].resid + cross[a] * da) / acc[a].info);
    return {da, den};
}

/// Each held assessor's severity freed, the other anchors held: Newton's
/// method on it and the abilities of the applicants it rated, from the
/// anchored fit, every other estimate held (docs/calibration.md#anchoring).
void free_estimates(const RaschData& d, Facets& f, std::vector<FreeEstimate>& free) {
    const std::size_t na = f.alpha.size(), napp = f.theta.size();
    free.assign(na, {});
    const Grouped by_rater = group_ratings(d, na, [](const RaschRating& r) { return r.assessor; });
    const Grouped by_app = group_ratings(d, napp, [](const RaschRating& r) { return r.applicant; });
    std::vector<Accumulator> acc(napp);
    std::vector<double> cross(napp, 0.0);
    std::vector<char> seen(napp, 0);
    for (std::uint32_t j = 0; j < na; ++j) {
        if (!f.held(j) || by_rater.start[j] == by_rater.start[j + 1])
            continue;
        std::vector<std::uint32_t> who;
        for (std::size_t q = by_rater.start[j]; q < by_rater.start[j + 1]; ++q) {
            const auto a = d.rr[by_rater.order[q]].applicant;
            if (!seen[a])
                who.push_back(a);
            seen[a] = 1;
        }
        std::vector<double> theta;
        for (auto a : who) {
            theta.push_back(f.theta[a]);
            seen[a] = 0;
        }
        const double anchored = f.alpha[j];
        for (int it = 0; it < 200; ++it) {
            const auto [da, info] = joint_step(d, f, by_app, j, who, acc, cross);
            if (!(info > 0))
                break;
            f.alpha[j] += da;
            if (std::abs(da) < tolerance) {
                free[j].severity = f.alpha[j];
                free[j].se = 1 / std::sqrt(info);
                break;
            }
        }
        f.alpha[j] = anchored;
        for (std::size_t i = 0; i < who.size(); ++i)
            f.theta[who[i]] = theta[i];
    }
}

/// How far the sweeps are from convergence, as fit_assessor_effects reports it.
std::size_t sweep_progress(double first, double change) {
    if (!(first > tolerance && change > tolerance))
        return change <= tolerance ? rasch_progress_total : 0;
    const double share = std::log(first / change) / std::log(first / tolerance);
    return static_cast<std::size_t>(std::clamp(share, 0.0, 1.0) *
                                    static_cast<double>(rasch_progress_total - 1));
}

}  // namespace

AssessorEffects fit_rasch(const RatingTable& t, const ConnectedComponents& comp,
                          const FixedSeverities* fixed, std::vector<FreeEstimate>* free,
                          const ProgressCallback& progress, unsigned threads) {
    return fit_rasch(t, comp, RaschLimits{}, fixed, free, progress, threads);
}

AssessorEffects fit_rasch(const RatingTable& t, const ConnectedComponents& comp,
                          const RaschLimits& limits, const FixedSeverities* fixed,
                          std::vector<FreeEstimate>* free, const ProgressCallback& progress,
                          unsigned threads) {
    AssessorEffects e;
    e.model = EffectsModel::Rasch;
    start_effects(t, comp, e);
    RaschData d = rasch_data(t, e);
    const auto app_comp = applicant_components(t, comp);
    Facets f;
    f.theta.assign(t.applicants.size(), 0);
    f.delta.assign(t.criteria.size(), 0);
    f.alpha.assign(t.assessors.size(), 0);
    f.fixed = fixed;
    for (std::size_t j = 0; fixed && j < f.alpha.size(); ++j)
        f.alpha[j] = fixed->severity[j].value_or(0.0);
    std::size_t kmax = 0;
    for (const auto& g : d.sets)
        kmax = std::max(kmax, g.raw.size());
    f.p.resize(kmax + 1);
    RaschSweep sweep(d, f.delta.size(), f.alpha.size(), threads);
    start_fit(d, f.theta);

    e.converged = false;
    double first = 0, own_before = 0;
    std::size_t shown = 0;
    const bool fits = joint_step_fits(sweep, fixed, limits.joint_limit);
    for (e.iterations = 1; e.iterations <= max_sweeps; ++e.iterations) {
        const bool try_joint = fits && e.iterations <= limits.joint_sweeps;
        double change = sweep.run(d, f.theta, f.delta, f.alpha, try_joint);
        change = std::max(change, own_steps(d, sweep, f, false));
        const auto joint = try_joint ? joint_newton_step(d, sweep, comp, fixed, limits.joint_limit,
                                                         f.delta, f.alpha)
                                     : std::nullopt;
        change = std::max(change, joint ? *joint : own_steps(d, sweep, f, true));
        centre(comp, app_comp, sweep, f);
        if (joint ? change < tolerance : own_steps_converged(change, own_before)) {
            e.converged = true;
            break;
        }
        own_before = joint ? 0 : change;
        first = e.iterations == 1 ? change : first;
        if (const std::size_t now = sweep_progress(first, change); progress && now > shown)
            progress(shown = now, rasch_progress_total);
    }
    if (!e.converged)
        e.notes.push_back(calibration_msg::rasch_not_converged(max_sweeps));
    e.iterations = std::min(e.iterations, max_sweeps);
    extreme_abilities(d, f);
    report_facets(comp, d, f, e);
    if (fixed && free)
        free_estimates(d, f, *free);
    if (progress)
        progress(rasch_progress_total, rasch_progress_total);
    return e;
}

}  // namespace shortlist::detail

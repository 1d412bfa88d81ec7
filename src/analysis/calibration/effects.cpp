// Assessor effects: the additive model (least squares with the applicant
// effects eliminated) and the many-facet Rasch model (joint maximum
// likelihood). The methods are described in calibration.hpp.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <utility>

#include "shortlist/analysis/calibration.hpp"
#include "shortlist/error.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

constexpr std::int64_t unused = -1;

std::string no_ratings_message(std::string_view source) {
    return "no numeric ratings" + (source.empty() ? std::string() : " in " + std::string(source)) +
           ": nothing to calibrate";
}

std::string too_many_effects_message(std::size_t criteria, std::size_t assessors) {
    return std::to_string(criteria) + " criteria and " + std::to_string(assessors) +
           " assessors: more than the " + std::to_string(max_dense_effects) +
           " effects calibration estimates together (does the assessor column hold assessor "
           "ids?)";
}

std::string mixed_scales_message() {
    return "the criteria are on different scales: additive severities are in raw points of "
           "whichever scale each rating used (the Rasch model, --model rasch, has thresholds "
           "per scale)";
}

std::string not_identified_message() {
    return "the design does not identify the assessor effects (some criterion or assessor is "
           "confounded with the applicants it rated); severities are not reported";
}

/// Indices of ratings grouped by applicant (a counting sort): ratings of
/// applicant a are order[start[a] .. start[a+1]).
struct ByApplicant {
    std::vector<std::size_t> start;
    std::vector<std::size_t> order;
};

ByApplicant group_by_applicant(const RatingTable& t) {
    ByApplicant g;
    g.start.assign(t.applicants.size() + 1, 0);
    for (const auto& r : t.ratings)
        ++g.start[r.applicant + 1];
    std::partial_sum(g.start.begin(), g.start.end(), g.start.begin());
    g.order.resize(t.ratings.size());
    std::vector<std::size_t> next(g.start.begin(), g.start.end() - 1);
    for (std::size_t i = 0; i < t.ratings.size(); ++i)
        g.order[next[t.ratings[i].applicant]++] = i;
    return g;
}

/// The component of each applicant (through the assessors who rated it).
std::vector<std::uint32_t> applicant_components(const RatingTable& t, const Components& comp) {
    std::vector<std::uint32_t> of(t.applicants.size(), Components::none);
    for (const auto& r : t.ratings)
        of[r.applicant] = comp.of_assessor[r.assessor];
    return of;
}

void start_effects(const RatingTable& t, const Components& comp, AssessorEffects& e) {
    e.assessors.resize(t.assessors.size());
    for (std::size_t j = 0; j < t.assessors.size(); ++j) {
        e.assessors[j].id = t.assessors[j];
        e.assessors[j].component = comp.of_assessor[j];
    }
    for (const auto& r : t.ratings)
        ++e.assessors[r.assessor].n_ratings;
    e.components = comp.count;
    e.notes = comp.notes;
    for (std::size_t j = 0; j < t.assessors.size(); ++j)
        if (e.assessors[j].n_ratings == 0)
            e.notes.push_back("assessor " + t.assessors[j] +
                              " gave no numeric rating: no severity");
}

// ---------------------------------------------------------------- additive

AssessorEffects fit_additive(const RatingTable& t, const Components& comp) {
    AssessorEffects e;
    e.model = EffectsModel::Additive;
    start_effects(t, comp, e);
    for (const auto& sc : t.scales)
        if (!t.observed_scales && !(sc == t.scales.front())) {
            e.notes.push_back(mixed_scales_message());
            break;
        }
    const std::size_t nc = t.criteria.size(), na = t.assessors.size();
    if (nc + na > max_dense_effects)
        throw EvidenceError({t.source, 0, 0}, ErrorCode::FailedPrecondition,
                            too_many_effects_message(nc, na));

    // Columns of the reduced system: every rated criterion but the first, and
    // every rated assessor but the first of its component (the references,
    // fixed at 0 and re-centred afterwards).
    std::vector<std::size_t> crit_n(nc, 0);
    for (const auto& r : t.ratings)
        ++crit_n[r.criterion];
    std::vector<std::int64_t> col_c(nc, unused), col_a(na, unused);
    std::int64_t m = 0;
    bool ref_c = false;
    for (std::size_t c = 0; c < nc; ++c) {
        if (crit_n[c] == 0)
            continue;
        if (ref_c)
            col_c[c] = m++;
        ref_c = true;
    }
    std::vector<bool> ref_a(comp.count, false);
    for (std::size_t j = 0; j < na; ++j) {
        const auto k = comp.of_assessor[j];
        if (k == Components::none)
            continue;
        if (ref_a[k])
            col_a[j] = m++;
        ref_a[k] = true;
    }
    const auto mm = static_cast<Eigen::Index>(m);

    // Normal equations with the applicant effects eliminated (Schur complement).
    Eigen::MatrixXd s = Eigen::MatrixXd::Zero(mm, mm);
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(mm);
    const auto groups = group_by_applicant(t);
    std::vector<double> v(static_cast<std::size_t>(m), 0.0);
    std::vector<std::int64_t> touched;
    std::vector<double> app_sum(t.applicants.size(), 0.0);
    std::vector<double> app_n(t.applicants.size(), 0.0);
    for (std::size_t a = 0; a < t.applicants.size(); ++a) {
        touched.clear();
        double ya = 0;
        const double d = static_cast<double>(groups.start[a + 1] - groups.start[a]);
        if (d == 0)
            continue;
        for (std::size_t i = groups.start[a]; i < groups.start[a + 1]; ++i) {
            const auto& r = t.ratings[groups.order[i]];
            ya += r.score;
            const std::int64_t cols[2] = {col_c[r.criterion], col_a[r.assessor]};
            for (auto p : cols) {
                if (p == unused)
                    continue;
                if (v[static_cast<std::size_t>(p)] == 0)
                    touched.push_back(p);
                v[static_cast<std::size_t>(p)] += 1;
                rhs(p) += r.score;
                for (auto q : cols)
                    if (q != unused)
                        s(p, q) += 1;
            }
        }
        app_sum[a] = ya;
        app_n[a] = d;
        for (auto p : touched) {
            const double vp = v[static_cast<std::size_t>(p)];
            rhs(p) -= vp * ya / d;
            for (auto q : touched)
                s(p, q) -= vp * v[static_cast<std::size_t>(q)] / d;
        }
        for (auto p : touched)
            v[static_cast<std::size_t>(p)] = 0;
    }

    Eigen::VectorXd b = Eigen::VectorXd::Zero(mm);
    Eigen::MatrixXd cov;
    bool identified = true;
    if (m > 0) {
        const Eigen::LDLT<Eigen::MatrixXd> ldlt(s);
        const auto dvec = ldlt.vectorD().cwiseAbs();
        identified = ldlt.info() == Eigen::Success &&
                     dvec.minCoeff() > 1e-9 * std::max(1.0, dvec.maxCoeff());
        if (identified) {
            b = ldlt.solve(rhs);
            cov = ldlt.solve(Eigen::MatrixXd::Identity(mm, mm));
        }
    }
    if (!identified) {
        e.notes.push_back(not_identified_message());
        e.identified = false;
        return e;
    }

    auto coef = [&](std::int64_t p) { return p == unused ? 0.0 : b(p); };
    std::vector<double> crit(nc), alpha(na);
    for (std::size_t c = 0; c < nc; ++c)
        crit[c] = coef(col_c[c]);
    for (std::size_t j = 0; j < na; ++j)
        alpha[j] = coef(col_a[j]);
    // Applicant effects given the others.
    std::vector<double> app(t.applicants.size(), 0.0);
    for (const auto& r : t.ratings)
        app[r.applicant] -= crit[r.criterion] + alpha[r.assessor];
    for (std::size_t a = 0; a < app.size(); ++a)
        if (app_n[a] > 0)
            app[a] = (app_sum[a] + app[a]) / app_n[a];

    // Centre: criteria over the rated ones; assessors within each component.
    const auto app_comp = applicant_components(t, comp);
    double mean_c = 0;
    std::size_t rated_c = 0;
    for (std::size_t c = 0; c < nc; ++c)
        if (crit_n[c] > 0) {
            mean_c += crit[c];
            ++rated_c;
        }
    mean_c /= static_cast<double>(rated_c);
    std::vector<double> mean_a(comp.count, 0.0);
    std::vector<std::vector<std::size_t>> members(comp.count);
    for (std::size_t j = 0; j < na; ++j)
        if (comp.of_assessor[j] != Components::none)
            members[comp.of_assessor[j]].push_back(j);
    for (std::size_t k = 0; k < comp.count; ++k) {
        for (auto j : members[k])
            mean_a[k] += alpha[j];
        mean_a[k] /= static_cast<double>(members[k].size());
    }
    for (std::size_t c = 0; c < nc; ++c)
        if (crit_n[c] > 0)
            crit[c] -= mean_c;
    for (std::size_t j = 0; j < na; ++j)
        if (comp.of_assessor[j] != Components::none)
            alpha[j] -= mean_a[comp.of_assessor[j]];
    e.applicant_effects.assign(t.applicants.size(), std::nullopt);
    for (std::size_t a = 0; a < app.size(); ++a)
        if (app_n[a] > 0)
            e.applicant_effects[a] = app[a] + mean_c + mean_a[app_comp[a]];
    e.criterion_effects = crit;

    // Residual variance.
    double rss = 0;
    for (const auto& r : t.ratings) {
        const double fitted =
            *e.applicant_effects[r.applicant] + crit[r.criterion] + alpha[r.assessor];
        rss += (r.score - fitted) * (r.score - fitted);
    }
    std::size_t rated_app = 0;
    for (auto n : app_n)
        rated_app += n > 0 ? 1 : 0;
    const auto params = static_cast<double>(rated_app) + static_cast<double>(m);
    const double dof = static_cast<double>(t.ratings.size()) - params;
    std::optional<double> sigma2;
    if (dof > 0) {
        sigma2 = rss / dof;
        e.residual_sd = std::sqrt(*sigma2);
    } else {
        e.notes.push_back(
            "no residual degrees of freedom (every rating is fitted exactly): "
            "no standard errors");
    }

    for (std::size_t j = 0; j < na; ++j) {
        auto& out = e.assessors[j];
        if (comp.of_assessor[j] == Components::none)
            continue;
        out.severity = -alpha[j];
        if (out.severity == 0)
            out.severity = 0;  // no -0 in reports
        out.adjustment = out.severity;
        if (!sigma2)
            continue;
        // Var(α_j − mean over the component) = wᵀ V w, w = e_j − 1/k.
        const auto& mem = members[comp.of_assessor[j]];
        const double inv_k = 1.0 / static_cast<double>(mem.size());
        double var = 0;
        for (auto p : mem) {
            const double wp = (p == j ? 1.0 : 0.0) - inv_k;
            if (col_a[p] == unused)
                continue;
            for (auto q : mem) {
                const double wq = (q == j ? 1.0 : 0.0) - inv_k;
                if (col_a[q] != unused)
                    var += wp * wq * cov(col_a[p], col_a[q]);
            }
        }
        out.se = std::sqrt(std::max(0.0, var * *sigma2));
    }
    return e;
}

// ---------------------------------------------------------------- Rasch

constexpr double max_step = 1.0;    // logits per Newton step
constexpr double tolerance = 1e-7;  // logits
constexpr std::size_t max_sweeps = 1000;
constexpr double extreme_offset = 0.3;  // score points in from an extreme score

double clamp_step(double s) {
    return std::clamp(s, -max_step, max_step);
}

/// A rating as the Rasch fit sees it: its category and threshold set.
struct RaschRating {
    std::uint32_t applicant = 0;
    std::uint32_t criterion = 0;
    std::uint32_t assessor = 0;
    std::uint32_t group = 0;  ///< threshold set (one per scale)
    int k = 0;                ///< category, 0..K
};

/// Criteria on one scale share a threshold set; `raw[k]` is the scale point of
/// category k (categories nobody used are closed up).
struct ThresholdSet {
    double min = 0;
    std::vector<double> raw;
    std::vector<double> tau;     ///< tau[0] unused (0); tau[1..K]
    std::vector<double> weight;  ///< exp(−Σ_{h≤k} τ_h), for one exp per rating
    bool weights_ok = false;     ///< all finite and moderate (else log space)
    [[nodiscard]] int categories() const { return static_cast<int>(raw.size()); }
    /// Recompute `weight` after the thresholds change.
    void refresh() {
        weight.assign(tau.size(), 1.0);
        double cum = 0;
        weights_ok = true;
        for (std::size_t k = 1; k < tau.size(); ++k) {
            cum += tau[k];
            weights_ok = weights_ok && std::abs(cum) < 200;
            weight[k] = std::exp(-cum);
        }
    }
};

/// Category probabilities p[0..K] at η: p_k ∝ exp(kη − Σ_{h≤k} τ_h). With
/// moderate η and thresholds as x^k · weight_k, x = e^η (one exp); else in log
/// space with the largest term factored out.
void probabilities(double eta, const ThresholdSet& g, double* p) {
    const int kk = g.categories();
    if (g.weights_ok && std::abs(eta) < 30) {
        const double x = std::exp(eta);
        double xk = 1, sum = 0;
        for (int k = 0; k < kk; ++k) {
            p[k] = g.weight[static_cast<std::size_t>(k)] * xk;
            sum += p[k];
            xk *= x;
        }
        for (int k = 0; k < kk; ++k)
            p[k] /= sum;
        return;
    }
    double l = 0, top = 0;
    p[0] = 0;
    for (int k = 1; k < kk; ++k) {
        l += eta - g.tau[static_cast<std::size_t>(k)];
        p[k] = l;
        top = std::max(top, l);
    }
    double sum = 0;
    for (int k = 0; k < kk; ++k) {
        p[k] = std::exp(p[k] - top);
        sum += p[k];
    }
    for (int k = 0; k < kk; ++k)
        p[k] /= sum;
}

struct Moments {
    double mean = 0;
    double var = 0;
};

Moments moments(const double* p, int kk) {
    Moments m;
    double sq = 0;
    for (int k = 0; k < kk; ++k) {
        m.mean += k * p[k];
        sq += k * k * p[k];
    }
    m.var = std::max(sq - m.mean * m.mean, 1e-12);
    return m;
}

double expected_points(double eta, const ThresholdSet& g, double* p) {
    probabilities(eta, g, p);
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
    [[nodiscard]] Fit fit() const { return {sq / info, z2 / static_cast<double>(n)}; }
};

AssessorEffects fit_rasch(const RatingTable& t, const Components& comp) {
    AssessorEffects e;
    e.model = EffectsModel::Rasch;
    start_effects(t, comp, e);
    const std::size_t napp = t.applicants.size(), nc = t.criteria.size(), na = t.assessors.size();

    // Threshold sets: one per scale (min, max); categories as used.
    std::vector<ThresholdSet> sets;
    std::vector<std::uint32_t> set_of(nc);
    {
        std::map<std::pair<double, double>, std::uint32_t> by_scale;
        for (std::size_t c = 0; c < nc; ++c) {
            const auto key = std::make_pair(t.scales[c].min, t.scales[c].max);
            auto [it, inserted] =
                by_scale.try_emplace(key, static_cast<std::uint32_t>(sets.size()));
            if (inserted) {
                ThresholdSet ts;
                ts.min = t.scales[c].min;
                sets.push_back(std::move(ts));
            }
            set_of[c] = it->second;
        }
    }
    std::vector<std::map<long, int>> used(sets.size());
    std::size_t rounded = 0;
    for (const auto& r : t.ratings) {
        const double x = r.score - t.scales[r.criterion].min;
        const double k = std::round(x);
        rounded += k != x ? 1 : 0;
        used[set_of[r.criterion]][static_cast<long>(k)] = 0;
    }
    if (rounded > 0)
        e.notes.push_back(std::to_string(rounded) +
                          " fractional ratings were rounded to the nearest scale point for the "
                          "Rasch model");
    for (std::size_t g = 0; g < sets.size(); ++g) {
        int next = 0;
        for (auto& [raw, k] : used[g]) {
            k = next++;
            sets[g].raw.push_back(sets[g].min + static_cast<double>(raw));
        }
        sets[g].tau.assign(sets[g].raw.size(), 0.0);
        sets[g].refresh();
    }
    std::vector<RaschRating> rr;
    rr.reserve(t.ratings.size());
    std::vector<double> total(napp, 0), most(napp, 0);
    std::size_t dropped = 0;
    for (const auto& r : t.ratings) {
        const auto g = set_of[r.criterion];
        if (sets[g].categories() < 2) {
            ++dropped;
            continue;
        }
        const int k =
            used[g].at(static_cast<long>(std::round(r.score - t.scales[r.criterion].min)));
        rr.push_back({r.applicant, r.criterion, r.assessor, g, k});
        total[r.applicant] += k;
        most[r.applicant] += sets[g].categories() - 1;
    }
    if (dropped > 0)
        e.notes.push_back(std::to_string(dropped) +
                          " ratings on a scale only one point of which was used carry no "
                          "information for the Rasch model and were left out");
    std::vector<char> extreme(napp, 0);
    std::size_t n_extreme = 0;
    for (std::size_t a = 0; a < napp; ++a)
        if (most[a] > 0 && (total[a] == 0 || total[a] == most[a])) {
            extreme[a] = 1;
            ++n_extreme;
        }
    if (n_extreme > 0)
        e.notes.push_back(std::to_string(n_extreme) +
                          " applicants with an extreme score (every rating at the minimum or "
                          "the maximum) were left out of the estimation of the other facets; "
                          "their ability is estimated 0.3 points in from the extreme");

    const auto app_comp = applicant_components(t, comp);
    std::vector<double> theta(napp, 0), delta(nc, 0), alpha(na, 0);
    std::vector<Accumulator> acc_a, acc_c, acc_r;
    std::vector<double> p(64);
    std::size_t kmax = 0;
    for (const auto& g : sets)
        kmax = std::max(kmax, g.raw.size());
    p.resize(kmax + 1);
    std::vector<std::vector<double>> obs_ge(sets.size()), exp_ge(sets.size()), info_ge(sets.size());

    e.converged = false;
    for (e.iterations = 1; e.iterations <= max_sweeps; ++e.iterations) {
        double change = 0;
        // Applicants.
        acc_a.assign(napp, {});
        for (const auto& r : rr) {
            probabilities(theta[r.applicant] - delta[r.criterion] - alpha[r.assessor],
                          sets[r.group], p.data());
            acc_a[r.applicant].add(r.k, moments(p.data(), sets[r.group].categories()));
        }
        for (std::size_t a = 0; a < napp; ++a) {
            if (extreme[a] || acc_a[a].n == 0)
                continue;
            const double s = clamp_step(acc_a[a].resid / acc_a[a].info);
            theta[a] += s;
            change = std::max(change, std::abs(s));
        }
        // Criteria, assessors and thresholds, from non-extreme applicants.
        acc_c.assign(nc, {});
        acc_r.assign(na, {});
        for (std::size_t g = 0; g < sets.size(); ++g) {
            obs_ge[g].assign(sets[g].raw.size(), 0.0);
            exp_ge[g].assign(sets[g].raw.size(), 0.0);
            info_ge[g].assign(sets[g].raw.size(), 0.0);
        }
        for (const auto& r : rr) {
            if (extreme[r.applicant])
                continue;
            const auto& g = sets[r.group];
            probabilities(theta[r.applicant] - delta[r.criterion] - alpha[r.assessor], g, p.data());
            const auto m = moments(p.data(), g.categories());
            acc_c[r.criterion].add(r.k, m);
            acc_r[r.assessor].add(r.k, m);
            double ge = 0;  // P(X >= h), from the top down
            for (int h = g.categories() - 1; h >= 1; --h) {
                ge += p[static_cast<std::size_t>(h)];
                const auto hh = static_cast<std::size_t>(h);
                obs_ge[r.group][hh] += r.k >= h ? 1.0 : 0.0;
                exp_ge[r.group][hh] += ge;
                info_ge[r.group][hh] += ge * (1 - ge);
            }
        }
        for (std::size_t c = 0; c < nc; ++c)
            if (acc_c[c].n > 0) {
                const double s = clamp_step(acc_c[c].resid / acc_c[c].info);
                delta[c] -= s;
                change = std::max(change, std::abs(s));
            }
        for (std::size_t j = 0; j < na; ++j)
            if (acc_r[j].n > 0) {
                const double s = clamp_step(acc_r[j].resid / acc_r[j].info);
                alpha[j] -= s;
                change = std::max(change, std::abs(s));
            }
        for (std::size_t g = 0; g < sets.size(); ++g) {
            const std::size_t kk = sets[g].raw.size();
            if (kk < 2)
                continue;
            double mean = 0;
            for (std::size_t h = 1; h < kk; ++h) {
                if (info_ge[g][h] > 0) {
                    const double s = clamp_step((obs_ge[g][h] - exp_ge[g][h]) / info_ge[g][h]);
                    sets[g].tau[h] -= s;
                    change = std::max(change, std::abs(s));
                }
                mean += sets[g].tau[h];
            }
            mean /= static_cast<double>(kk - 1);
            for (std::size_t h = 1; h < kk; ++h)
                sets[g].tau[h] -= mean;
            sets[g].refresh();
            for (std::size_t c = 0; c < nc; ++c)
                if (set_of[c] == g)
                    delta[c] += mean;
        }
        // Centre criteria (over the rated ones) and assessors (per component).
        double mean_c = 0;
        std::size_t rated_c = 0;
        for (std::size_t c = 0; c < nc; ++c)
            if (acc_c[c].n > 0) {
                mean_c += delta[c];
                ++rated_c;
            }
        mean_c = rated_c > 0 ? mean_c / static_cast<double>(rated_c) : 0;
        for (auto& d : delta)
            d -= mean_c;
        std::vector<double> mean_a(comp.count, 0.0);
        std::vector<std::size_t> count_a(comp.count, 0);
        for (std::size_t j = 0; j < na; ++j)
            if (comp.of_assessor[j] != Components::none && acc_r[j].n > 0) {
                mean_a[comp.of_assessor[j]] += alpha[j];
                ++count_a[comp.of_assessor[j]];
            }
        for (std::size_t k = 0; k < comp.count; ++k)
            mean_a[k] = count_a[k] > 0 ? mean_a[k] / static_cast<double>(count_a[k]) : 0;
        for (std::size_t j = 0; j < na; ++j)
            if (comp.of_assessor[j] != Components::none)
                alpha[j] -= mean_a[comp.of_assessor[j]];
        for (std::size_t a = 0; a < napp; ++a) {
            theta[a] -= mean_c;
            if (app_comp[a] != Components::none)
                theta[a] -= mean_a[app_comp[a]];
        }
        if (change < tolerance) {
            e.converged = true;
            break;
        }
    }
    if (!e.converged)
        e.notes.push_back("the Rasch fit did not converge in " + std::to_string(max_sweeps) +
                          " sweeps (an extreme criterion or assessor?): treat its estimates "
                          "with caution");
    e.iterations = std::min(e.iterations, max_sweeps);

    // Extreme applicants: ability at the score 0.3 points in from the extreme.
    std::vector<std::size_t> ext;
    for (std::size_t i = 0; i < rr.size(); ++i)
        if (extreme[rr[i].applicant])
            ext.push_back(i);
    std::stable_sort(ext.begin(), ext.end(), [&](std::size_t x, std::size_t y) {
        return rr[x].applicant < rr[y].applicant;
    });
    for (std::size_t i = 0; i < ext.size();) {
        const auto a = rr[ext[i]].applicant;
        std::size_t j = i;
        while (j < ext.size() && rr[ext[j]].applicant == a)
            ++j;
        const double target = total[a] == 0 ? extreme_offset : most[a] - extreme_offset;
        for (int it = 0; it < 200; ++it) {
            double expect = 0, info = 0;
            for (std::size_t q = i; q < j; ++q) {
                const auto& r = rr[ext[q]];
                probabilities(theta[a] - delta[r.criterion] - alpha[r.assessor], sets[r.group],
                              p.data());
                const auto m = moments(p.data(), sets[r.group].categories());
                expect += m.mean;
                info += m.var;
            }
            const double s = clamp_step((target - expect) / info);
            theta[a] += s;
            if (std::abs(s) < tolerance)
                break;
        }
        i = j;
    }

    // Standard errors, fit and the adjustment in scale points.
    acc_a.assign(napp, {});
    acc_r.assign(na, {});
    std::vector<double> shift(na, 0.0);
    std::vector<std::size_t> shift_n(na, 0);
    std::vector<double> p0(p.size());
    for (const auto& r : rr) {
        const auto& g = sets[r.group];
        const double eta = theta[r.applicant] - delta[r.criterion] - alpha[r.assessor];
        const double with = expected_points(eta, g, p0.data());
        const double without = expected_points(eta + alpha[r.assessor], g, p0.data());
        shift[r.assessor] += without - with;
        ++shift_n[r.assessor];
        probabilities(eta, g, p.data());
        const auto m = moments(p.data(), g.categories());
        if (extreme[r.applicant])
            continue;
        acc_a[r.applicant].add(r.k, m);
        acc_r[r.assessor].add(r.k, m);
    }
    for (std::size_t j = 0; j < na; ++j) {
        auto& out = e.assessors[j];
        if (comp.of_assessor[j] == Components::none)
            continue;
        out.severity = alpha[j] == 0 ? 0.0 : alpha[j];
        if (acc_r[j].n > 0) {
            out.se = 1 / std::sqrt(acc_r[j].info);
            out.fit = acc_r[j].fit();
        }
        out.adjustment = shift_n[j] > 0 ? shift[j] / static_cast<double>(shift_n[j]) : 0.0;
    }
    e.applicant_effects.assign(napp, std::nullopt);
    e.applicant_fit.assign(napp, std::nullopt);
    for (std::size_t a = 0; a < napp; ++a) {
        if (most[a] == 0)
            continue;
        e.applicant_effects[a] = theta[a];
        if (!extreme[a] && acc_a[a].n > 0)
            e.applicant_fit[a] = acc_a[a].fit();
    }
    e.criterion_effects = delta;
    e.thresholds.resize(nc);
    for (std::size_t c = 0; c < nc; ++c) {
        const auto& g = sets[set_of[c]];
        if (g.raw.size() >= 2)
            e.thresholds[c].assign(g.tau.begin() + 1, g.tau.end());
    }
    return e;
}

}  // namespace

AssessorEffects fit_assessor_effects(const RatingTable& table, EffectsModel model) {
    if (table.ratings.empty())
        throw EvidenceError({table.source, 0, 0}, ErrorCode::FailedPrecondition,
                            no_ratings_message(table.source));
    const Components comp = find_components(table);
    AssessorEffects additive = fit_additive(table, comp);
    if (model == EffectsModel::Additive)
        return additive;
    if (!additive.identified) {
        // The Rasch model's facets are identified by the same design: the
        // additive fit's check (an exact rank test) stands for both.
        additive.model = EffectsModel::Rasch;
        additive.residual_sd.reset();
        return additive;
    }
    return fit_rasch(table, comp);
}

}  // namespace shortlist

// The additive assessor-effects model: least squares with the applicant
// effects eliminated (calibration.hpp describes the method).
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <optional>

#include "analysis/calibration/effects_internal.hpp"
#include "analysis/calibration/messages.hpp"
#include "shortlist/error.hpp"

namespace shortlist::detail {

namespace {

constexpr std::int64_t unused = -1;

/// Columns of the reduced system: every rated criterion but the first, and
/// every rated assessor but the first of its component (the references,
/// fixed at 0 and re-centred afterwards). Anchored (docs/calibration.md#anchoring):
/// in a group with an anchor, every assessor not held has a column, and the
/// held ones have columns after the first m (col_x), for their free estimates.
struct Columns {
    std::vector<std::size_t> crit_n;  ///< ratings per criterion
    std::vector<std::int64_t> col_c, col_a, col_x;
    std::int64_t m = 0;      ///< the columns estimated
    std::int64_t m_all = 0;  ///< and the held assessors' after them
    [[nodiscard]] std::int64_t assessor(std::size_t j) const {
        return col_a[j] != unused ? col_a[j] : col_x[j];
    }
};

/// The anchored groups' columns (every assessor not held), then the held
/// assessors' extra columns.
void anchored_columns(const ConnectedComponents& comp, const FixedSeverities& fixed, Columns& k) {
    const std::size_t na = k.col_a.size();
    for (std::size_t j = 0; j < na; ++j)
        if (fixed.anchored(comp.of_assessor[j]) && !fixed.held(j))
            k.col_a[j] = k.m++;
    k.m_all = k.m;
    for (std::size_t j = 0; j < na; ++j)
        if (comp.of_assessor[j] != ConnectedComponents::none && fixed.held(j))
            k.col_x[j] = k.m_all++;
}

Columns reduced_columns(const RatingTable& t, const ConnectedComponents& comp,
                        const FixedSeverities* fixed) {
    const std::size_t nc = t.criteria.size(), na = t.assessors.size();
    Columns k;
    k.crit_n.assign(nc, 0);
    for (const auto& r : t.ratings)
        ++k.crit_n[r.criterion];
    k.col_c.assign(nc, unused);
    k.col_a.assign(na, unused);
    k.col_x.assign(na, unused);
    bool ref_c = false;
    for (std::size_t c = 0; c < nc; ++c) {
        if (k.crit_n[c] == 0)
            continue;
        if (ref_c)
            k.col_c[c] = k.m++;
        ref_c = true;
    }
    std::vector<bool> ref_a(comp.count, false);
    for (std::size_t j = 0; j < na; ++j) {
        const auto g = comp.of_assessor[j];
        if (g == ConnectedComponents::none || (fixed && fixed->anchored(g)))
            continue;
        if (ref_a[g])
            k.col_a[j] = k.m++;
        ref_a[g] = true;
    }
    k.m_all = k.m;
    if (fixed)
        anchored_columns(comp, *fixed, k);
    return k;
}

/// Normal equations with the applicant effects eliminated (Schur
/// complement), and each applicant's sum and count of ratings.
struct NormalEquations {
    Eigen::MatrixXd s;
    Eigen::VectorXd rhs;
    std::vector<double> app_sum, app_n;
};

/// `shift` (by assessor) is added to each rating first: a held assessor's
/// severity, so that its effect is 0 in the system (none when empty).
NormalEquations normal_equations(const RatingTable& t, const Columns& k,
                                 const std::vector<double>& shift) {
    const auto mm = static_cast<Eigen::Index>(k.m_all);
    NormalEquations e{Eigen::MatrixXd::Zero(mm, mm), Eigen::VectorXd::Zero(mm),
                      std::vector<double>(t.applicants.size(), 0.0),
                      std::vector<double>(t.applicants.size(), 0.0)};
    const auto groups = group_by_applicant(t);
    std::vector<double> v(static_cast<std::size_t>(k.m_all), 0.0);
    std::vector<std::int64_t> touched;
    for (std::size_t a = 0; a < t.applicants.size(); ++a) {
        touched.clear();
        double ya = 0;
        const double d = static_cast<double>(groups.start[a + 1] - groups.start[a]);
        if (d == 0)
            continue;
        for (std::size_t i = groups.start[a]; i < groups.start[a + 1]; ++i) {
            const auto& r = t.ratings[groups.order[i]];
            const double y = shift.empty() ? r.score : r.score + shift[r.assessor];
            ya += y;
            const std::int64_t cols[2] = {k.col_c[r.criterion], k.assessor(r.assessor)};
            for (auto p : cols) {
                if (p == unused)
                    continue;
                if (v[static_cast<std::size_t>(p)] == 0)
                    touched.push_back(p);
                v[static_cast<std::size_t>(p)] += 1;
                e.rhs(p) += y;
                for (auto q : cols)
                    if (q != unused)
                        e.s(p, q) += 1;
            }
        }
        e.app_sum[a] = ya;
        e.app_n[a] = d;
        for (auto p : touched) {
            const double vp = v[static_cast<std::size_t>(p)];
            e.rhs(p) -= vp * ya / d;
            for (auto q : touched)
                e.s(p, q) -= vp * v[static_cast<std::size_t>(q)] / d;
        }
        for (auto p : touched)
            v[static_cast<std::size_t>(p)] = 0;
    }
    return e;
}

/// The coefficients and their covariance (up to sigma^2) of the first m
/// columns; false when the design does not identify them.
bool solve(const NormalEquations& e, std::int64_t m, Eigen::LDLT<Eigen::MatrixXd>& ldlt,
           Eigen::VectorXd& b, Eigen::MatrixXd& cov) {
    const auto mm = static_cast<Eigen::Index>(m);
    b = Eigen::VectorXd::Zero(mm);
    if (m == 0)
        return true;
    if (e.s.rows() == mm)
        ldlt.compute(e.s);
    else
        ldlt.compute(e.s.topLeftCorner(mm, mm));
    const auto dvec = ldlt.vectorD().cwiseAbs();
    if (!(ldlt.info() == Eigen::Success && dvec.minCoeff() > 1e-9 * std::max(1.0, dvec.maxCoeff())))
        return false;
    b = ldlt.solve(e.rhs.head(mm));
    cov = ldlt.solve(Eigen::MatrixXd::Identity(mm, mm));
    return true;
}

/// Each held assessor's effect freed, the others held: the extra column's
/// coefficient given the first m by one Schur complement,
/// x = (r_x − s_xᵀ b) / (d_x − s_xᵀ S⁻¹ s_x), var = σ² / (d_x − s_xᵀ S⁻¹ s_x)
/// (docs/calibration.md#anchoring).
void free_estimates(const NormalEquations& e, const Columns& k,
                    const Eigen::LDLT<Eigen::MatrixXd>& ldlt, const Eigen::VectorXd& b,
                    std::optional<double> sigma2, const FixedSeverities& fixed,
                    std::vector<FreeEstimate>& free) {
    const auto mm = static_cast<Eigen::Index>(k.m);
    const auto nx = static_cast<Eigen::Index>(k.m_all - k.m);
    free.assign(k.col_x.size(), {});
    if (nx == 0)
        return;
    const Eigen::MatrixXd sx = e.s.block(0, mm, mm, nx);
    const Eigen::MatrixXd solved = mm > 0 ? Eigen::MatrixXd(ldlt.solve(sx)) : sx;
    for (std::size_t j = 0; j < k.col_x.size(); ++j) {
        const auto p = k.col_x[j];
        if (p == unused)
            continue;
        const auto i = static_cast<Eigen::Index>(p) - mm;
        const double d = e.s(p, p);
        const double schur = d - (mm > 0 ? sx.col(i).dot(solved.col(i)) : 0.0);
        if (!(schur > 1e-9 * std::max(1.0, d)))
            continue;  // the only anchor of its group: freeing it unsets the origin
        const double x = (e.rhs(p) - (mm > 0 ? sx.col(i).dot(b) : 0.0)) / schur;
        free[j].severity = *fixed.severity[j] - x;  // severity = −(effect)
        if (sigma2)
            free[j].se = std::sqrt(*sigma2 / schur);
    }
}

/// The centred criterion and assessor effects (criteria over the rated ones,
/// assessors within each component) and the applicant effects given them.
struct Effects {
    std::vector<double> crit, alpha;
    std::vector<std::vector<std::size_t>> members;  ///< assessors of each component
};

Effects centred_effects(const RatingTable& t, const ConnectedComponents& comp, const Columns& k,
                        const NormalEquations& e, const Eigen::VectorXd& b,
                        const FixedSeverities* fixed, AssessorEffects& out) {
    const std::size_t nc = t.criteria.size(), na = t.assessors.size();
    auto coef = [&](std::int64_t p) { return p == unused ? 0.0 : b(p); };
    Effects f{std::vector<double>(nc), std::vector<double>(na), {}};
    for (std::size_t c = 0; c < nc; ++c)
        f.crit[c] = coef(k.col_c[c]);
    for (std::size_t j = 0; j < na; ++j)
        f.alpha[j] = coef(k.col_a[j]);
    std::vector<double> app(t.applicants.size(), 0.0);
    for (const auto& r : t.ratings)
        app[r.applicant] -= f.crit[r.criterion] + f.alpha[r.assessor];
    for (std::size_t a = 0; a < app.size(); ++a)
        if (e.app_n[a] > 0)
            app[a] = (e.app_sum[a] + app[a]) / e.app_n[a];

    const auto app_comp = applicant_components(t, comp);
    double mean_c = 0;
    std::size_t rated_c = 0;
    for (std::size_t c = 0; c < nc; ++c)
        if (k.crit_n[c] > 0) {
            mean_c += f.crit[c];
            ++rated_c;
        }
    mean_c /= static_cast<double>(rated_c);
    std::vector<double> mean_a(comp.count, 0.0);
    f.members.resize(comp.count);
    for (std::size_t j = 0; j < na; ++j)
        if (comp.of_assessor[j] != ConnectedComponents::none)
            f.members[comp.of_assessor[j]].push_back(j);
    for (std::size_t g = 0; g < comp.count; ++g) {
        if (fixed && fixed->anchored(static_cast<std::uint32_t>(g)))
            continue;  // the anchors set the origin (docs/calibration.md#anchoring)
        for (auto j : f.members[g])
            mean_a[g] += f.alpha[j];
        mean_a[g] /= static_cast<double>(f.members[g].size());
    }
    for (std::size_t c = 0; c < nc; ++c)
        if (k.crit_n[c] > 0)
            f.crit[c] -= mean_c;
    for (std::size_t j = 0; j < na; ++j)
        if (comp.of_assessor[j] != ConnectedComponents::none)
            f.alpha[j] -= mean_a[comp.of_assessor[j]];
    for (std::size_t j = 0; fixed && j < na; ++j)
        if (fixed->held(j))
            f.alpha[j] = -*fixed->severity[j];
    out.applicant_effects.assign(t.applicants.size(), std::nullopt);
    for (std::size_t a = 0; a < app.size(); ++a)
        if (e.app_n[a] > 0)
            out.applicant_effects[a] = app[a] + mean_c + mean_a[app_comp[a]];
    out.criterion_effects = f.crit;
    return f;
}

/// The residual variance, or empty (with a note) without residual df.
std::optional<double> residual_variance(const RatingTable& t, const Effects& f,
                                        const NormalEquations& e, std::int64_t m,
                                        AssessorEffects& out) {
    double rss = 0;
    for (const auto& r : t.ratings) {
        const double fitted =
            *out.applicant_effects[r.applicant] + f.crit[r.criterion] + f.alpha[r.assessor];
        rss += (r.score - fitted) * (r.score - fitted);
    }
    std::size_t rated_app = 0;
    for (auto n : e.app_n)
        rated_app += n > 0 ? 1 : 0;
    const auto params = static_cast<double>(rated_app) + static_cast<double>(m);
    const double dof = static_cast<double>(t.ratings.size()) - params;
    if (!(dof > 0)) {
        out.notes.push_back(calibration_msg::no_residual_df());
        return std::nullopt;
    }
    const double sigma2 = rss / dof;
    out.residual_sd = std::sqrt(sigma2);
    return sigma2;
}

/// Severities, adjustments and their standard errors.
void assessor_severities(const ConnectedComponents& comp, const Columns& k, const Effects& f,
                         const Eigen::MatrixXd& cov, std::optional<double> sigma2,
                         const FixedSeverities* fixed, AssessorEffects& e) {
    for (std::size_t j = 0; j < f.alpha.size(); ++j) {
        auto& out = e.assessors[j];
        if (comp.of_assessor[j] == ConnectedComponents::none)
            continue;
        out.severity = -f.alpha[j];
        if (out.severity == 0)
            out.severity = 0;  // no -0 in reports
        out.adjustment = out.severity;
        out.anchored = fixed && fixed->held(j);
        if (!sigma2 || out.anchored)
            continue;
        if (fixed && fixed->anchored(comp.of_assessor[j])) {
            // Against the anchors' origin: not centred (docs/calibration.md#anchoring).
            out.se = std::sqrt(std::max(0.0, cov(k.col_a[j], k.col_a[j]) * *sigma2));
            continue;
        }
        // Var(α_j − mean over the component) = wᵀ V w, w = e_j − 1/k.
        const auto& mem = f.members[comp.of_assessor[j]];
        const double inv_k = 1.0 / static_cast<double>(mem.size());
        double var = 0;
        for (auto p : mem) {
            const double wp = (p == j ? 1.0 : 0.0) - inv_k;
            if (k.col_a[p] == unused)
                continue;
            for (auto q : mem) {
                const double wq = (q == j ? 1.0 : 0.0) - inv_k;
                if (k.col_a[q] != unused)
                    var += wp * wq * cov(k.col_a[p], k.col_a[q]);
            }
        }
        out.se = std::sqrt(std::max(0.0, var * *sigma2));
    }
}

}  // namespace

AssessorEffects fit_additive(const RatingTable& t, const ConnectedComponents& comp,
                             const FixedSeverities* fixed, std::vector<FreeEstimate>* free) {
    AssessorEffects e;
    e.model = EffectsModel::Additive;
    start_effects(t, comp, e);
    for (const auto& sc : t.scales)
        if (!t.observed_scales && !(sc == t.scales.front())) {
            e.notes.push_back(calibration_msg::mixed_scales());
            break;
        }
    const std::size_t nc = t.criteria.size(), na = t.assessors.size();
    if (nc + na > max_dense_effects)
        throw EvidenceError({t.source, 0, 0}, ErrorCode::FailedPrecondition,
                            calibration_msg::too_many_effects(nc, na));
    const Columns k = reduced_columns(t, comp, fixed);
    std::vector<double> shift;
    if (fixed)
        for (const auto& v : fixed->severity)
            shift.push_back(v.value_or(0.0));
    const NormalEquations normal = normal_equations(t, k, shift);
    Eigen::LDLT<Eigen::MatrixXd> ldlt;
    Eigen::VectorXd b;
    Eigen::MatrixXd cov;
    if (!solve(normal, k.m, ldlt, b, cov)) {
        e.notes.push_back(calibration_msg::not_identified());
        e.identified = false;
        return e;
    }
    const Effects f = centred_effects(t, comp, k, normal, b, fixed, e);
    const auto sigma2 = residual_variance(t, f, normal, k.m, e);
    assessor_severities(comp, k, f, cov, sigma2, fixed, e);
    if (fixed && free)
        free_estimates(normal, k, ldlt, b, sigma2, *fixed, *free);
    return e;
}

}  // namespace shortlist::detail

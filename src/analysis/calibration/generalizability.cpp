// Generalizability theory: the variance components by Henderson's method 1
// (ANOVA when the design is complete), G and Φ and the D study, per
// criterion and for the rulebook's weighted total. The method is described in
// shortlist/analysis/generalizability.hpp and docs/calibration.md; the sums
// are gathered in gtheory_sums.cpp.
#include "shortlist/analysis/generalizability.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "analysis/calibration/gtheory_internal.hpp"
#include "shortlist/error.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

using detail::DesignSums;

/// The estimates of A σ = b, or none when A is singular (the design does not
/// tell the components apart).
template <int K>
std::optional<Eigen::Matrix<double, K, 1>> solve(const Eigen::Matrix<double, K, K>& a,
                                                 const Eigen::Matrix<double, K, 1>& b) {
    Eigen::ColPivHouseholderQR<Eigen::Matrix<double, K, K>> qr(a);
    qr.setThreshold(1e-10);
    if (qr.rank() < K)
        return std::nullopt;
    return Eigen::Matrix<double, K, 1>(qr.solve(b));
}

std::string number(double v) {
    return detail::format_shortest(std::round(v * 1e4) / 1e4);
}

template <std::size_t K>
void set_components(Generalizability& g, const std::array<std::string_view, K>& names,
                    const Eigen::Matrix<double, static_cast<int>(K), 1>& sigma) {
    for (std::size_t k = 0; k < K; ++k) {
        const double v = sigma(static_cast<Eigen::Index>(k));
        g.variance_components.push_back({std::string(names[k]), v});
        if (v < 0)
            g.notes.push_back("the " + std::string(names[k]) + " variance is estimated below 0 (" +
                              number(v) + "): taken as 0 in G and Phi");
    }
}

/// G and Φ from the universe-score, relative- and absolute-error variances
/// of the mean over one assessor (the error terms are divided by k).
struct Variances {
    double universe = 0;
    double relative = 0;  ///< for one assessor
    double absolute = 0;  ///< for one assessor, includes relative
};

std::optional<double> ratio(double universe, double error) {
    const double total = universe + error;
    if (!(total > 0) || !std::isfinite(total))
        return std::nullopt;
    return universe / total;
}

void set_coefficients(Generalizability& g, const Variances& v) {
    if (g.assessors > 0) {
        g.g = ratio(v.universe, v.relative / g.assessors);
        g.phi = ratio(v.universe, v.absolute / g.assessors);
    }
    for (std::size_t k = 1; k <= d_study_max_assessors; ++k) {
        const auto n = static_cast<double>(k);
        g.d_study.push_back(
            {k, ratio(v.universe, v.relative / n), ratio(v.universe, v.absolute / n)});
    }
}

double positive(const Generalizability& g, std::string_view name) {
    return std::max(g.component(name).value_or(0.0), 0.0);
}

std::string design_note(double cells, double n, std::string_view what) {
    return "incomplete design (" + detail::format_fixed(n, 0) + " ratings of " +
           detail::format_fixed(cells, 0) + " " + std::string(what) +
           " cells): Henderson's method 1 (Brennan's analogous ANOVA)";
}

Generalizability criterion_study(const std::string& name, const detail::CriterionSums& c) {
    Generalizability g;
    g.name = name;
    g.n_applicants = static_cast<std::size_t>(c.applicant.levels);
    g.n_assessors = static_cast<std::size_t>(c.assessor.levels);
    g.n_ratings = static_cast<std::size_t>(c.n);
    const double n = c.n, lp = c.applicant.levels, lr = c.assessor.levels;
    const double cells = lp * lr;
    g.estimator = n == cells ? VarianceEstimator::Anova : VarianceEstimator::Henderson1;
    if (g.estimator == VarianceEstimator::Henderson1)
        g.notes.push_back(design_note(cells, n, "applicant x assessor"));
    g.assessors = c.inverse_assessors > 0 ? lp / c.inverse_assessors : 0;
    const double kp = c.applicant.q / n, kr = c.assessor.q / n, tm = c.sum * c.sum / n;
    Eigen::Matrix3d a;
    a << n - kp, lp - kr, lp - 1, lr - kp, n - kr, lr - 1, n - kp, n - kr, n - 1;
    const Eigen::Vector3d b(c.applicant.t - tm, c.assessor.t - tm, c.sumsq - tm);
    const auto sigma = solve<3>(a, b);
    if (!sigma) {
        g.notes.push_back(
            "the design does not separate the applicants' variance from the assessors' and the "
            "residual (every applicant needs two or more assessors, and assessors must share "
            "applicants): not estimated");
        return g;
    }
    set_components(g, criterion_component_names, *sigma);
    const double sp = positive(g, "applicant"), sr = positive(g, "assessor");
    const double se = positive(g, "residual");
    set_coefficients(g, {sp, se, sr + se});
    return g;
}

/// The p × r × i equations: T(X) − T(μ) = Σ_C (k(X, C) − k(μ, C)) σ²(C).
std::optional<Eigen::Matrix<double, 7, 1>> overall_components_of(const DesignSums& d) {
    using Row = std::array<double, 7>;
    const double n = d.n;
    const Row mu{d.p.q / n, d.r.q / n, d.i.q / n, d.pr.q / n, d.pi.q / n, d.ri.q / n, 1};
    const double lp = d.p.levels, lr = d.r.levels, li = d.i.levels;
    const double lpr = d.pr.levels, lpi = d.pi.levels, lri = d.ri.levels;
    const std::array<Row, 7> k{Row{n, d.pr_by_p, d.pi_by_p, d.pr_by_p, d.pi_by_p, lp, lp},
                               Row{d.pr_by_r, n, d.ri_by_r, d.pr_by_r, lr, d.ri_by_r, lr},
                               Row{d.pi_by_i, d.ri_by_i, n, li, d.pi_by_i, d.ri_by_i, li},
                               Row{n, n, lpr, n, lpr, lpr, lpr},
                               Row{n, lpi, n, lpi, n, lpi, lpi},
                               Row{lri, n, n, lri, lri, n, lri},
                               Row{n, n, n, n, n, n, n}};
    const double tm = d.sum * d.sum / n;
    const std::array<double, 7> t{d.p.t, d.r.t, d.i.t, d.pr.t, d.pi.t, d.ri.t, d.sumsq};
    Eigen::Matrix<double, 7, 7> a;
    Eigen::Matrix<double, 7, 1> b;
    for (Eigen::Index x = 0; x < 7; ++x) {
        const auto ux = static_cast<std::size_t>(x);
        b(x) = t[ux] - tm;
        for (Eigen::Index c = 0; c < 7; ++c)
            a(x, c) = k[ux][static_cast<std::size_t>(c)] - mu[static_cast<std::size_t>(c)];
    }
    return solve<7>(a, b);
}

std::vector<double> checked_weights(const RatingTable& t, std::span<const double> weights) {
    if (weights.empty())
        return std::vector<double>(t.criteria.size(), 1.0);
    if (weights.size() != t.criteria.size())
        throw Error({}, ErrorCode::InvalidArgument,
                    "generalizability: " + std::to_string(weights.size()) + " weights for " +
                        std::to_string(t.criteria.size()) + " criteria");
    for (double w : weights)
        if (!(w >= 0) || !std::isfinite(w))
            throw Error({}, ErrorCode::InvalidArgument,
                        "generalizability: a weight is negative or not finite");
    return {weights.begin(), weights.end()};
}

Generalizability overall_study(const RatingTable& t, const DesignSums& d,
                               const std::vector<Generalizability>& criteria,
                               std::vector<double> weights) {
    Generalizability g;
    g.name = "overall";
    g.weights = std::move(weights);
    g.n_applicants = static_cast<std::size_t>(d.p.levels);
    g.n_assessors = static_cast<std::size_t>(d.r.levels);
    g.n_ratings = t.ratings.size();
    g.assessors = d.inverse_assessors > 0 ? d.p.levels / d.inverse_assessors : 0;
    const double cells = d.p.levels * d.r.levels * d.i.levels;
    g.estimator = d.n == cells ? VarianceEstimator::Anova : VarianceEstimator::Henderson1;
    if (g.estimator == VarianceEstimator::Henderson1)
        g.notes.push_back(design_note(cells, d.n, "applicant x assessor x criterion"));
    double w1 = 0, w2 = 0;  // Σ w and Σ w² over the criteria with ratings
    for (std::size_t c = 0; c < d.criteria.size(); ++c)
        if (d.criteria[c].n > 0) {
            w1 += g.weights[c];
            w2 += g.weights[c] * g.weights[c];
        }
    if (t.ratings.empty()) {
        g.notes.push_back("no numeric ratings: not estimated");
        return g;
    }
    if (criteria.size() == 1) {
        g.notes.push_back(
            "one criterion: the weighted total is that criterion's mean, and G, Phi and the D "
            "study are its own");
        g.g = criteria.front().g;
        g.phi = criteria.front().phi;
        g.d_study = criteria.front().d_study;
        return g;
    }
    const auto sigma = overall_components_of(d);
    if (!sigma || !(w1 > 0)) {
        g.notes.push_back(!(w1 > 0) ? "no criterion with ratings has weight: not estimated"
                                    : "the design does not separate the variance components "
                                      "(every applicant needs two or more assessors on two or "
                                      "more criteria, and assessors must share applicants): "
                                      "not estimated");
        return g;
    }
    set_components(g, overall_component_names, *sigma);
    const double universe =
        w1 * w1 * positive(g, "applicant") + w2 * positive(g, "applicant_criterion");
    const double relative =
        w1 * w1 * positive(g, "applicant_assessor") + w2 * positive(g, "residual");
    const double absolute =
        relative + w1 * w1 * positive(g, "assessor") + w2 * positive(g, "assessor_criterion");
    set_coefficients(g, {universe, relative, absolute});
    return g;
}

}  // namespace

std::string_view to_string(VarianceEstimator e) {
    return e == VarianceEstimator::Anova ? "anova" : "henderson1";
}

std::optional<double> Generalizability::component(std::string_view component_name) const {
    for (const auto& c : variance_components)
        if (c.name == component_name)
            return c.value;
    return std::nullopt;
}

std::vector<double> composite_weights(const RatingTable& table, const Rulebook& rulebook) {
    const std::vector<double> effective = effective_weights(rulebook);
    std::vector<double> w(table.criteria.size(), 0.0);
    for (std::size_t c = 0; c < table.criteria.size(); ++c) {
        const std::size_t k = rulebook.find_criterion(table.criteria[c].view());
        const double span = table.scales[c].max - table.scales[c].min;
        if (k != Rulebook::npos && k < effective.size() && span > 0)
            w[c] = effective[k] / span;
    }
    return w;
}

GeneralizabilityStudy generalizability(const RatingTable& table, std::span<const double> weights) {
    std::vector<double> w = checked_weights(table, weights);
    const DesignSums d = detail::design_sums(table);
    GeneralizabilityStudy s;
    for (std::size_t c = 0; c < table.criteria.size(); ++c)
        if (d.criteria[c].n > 0)
            s.criteria.push_back(criterion_study(table.criteria[c].value(), d.criteria[c]));
    s.overall = overall_study(table, d, s.criteria, std::move(w));
    if (d.duplicates > 0) {
        const std::string note = std::to_string(d.duplicates) +
                                 " rating(s) repeat an applicant, criterion and assessor: "
                                 "the estimates take one rating per cell";
        s.overall.notes.push_back(note);
    }
    return s;
}

}  // namespace shortlist

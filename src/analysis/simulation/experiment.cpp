// Calibrating simulated panels (docs/simulate.md, "Experiments"): each
// replicate's files are read back as `calibrate` and `score` read them, the
// design's model is fitted, and the estimates are set against the truth.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/simulation.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/parallel.hpp"

namespace shortlist {
namespace {

/// The agreement statistics' dense matrix past this many cells is not built
/// (as calibrate: 400 MB).
constexpr double max_agreement_cells = 50e6;

/// The applicants on the shortlist, by evidence index.
std::vector<bool> shortlisted(const Shortlist& s) {
    std::vector<bool> on(s.outcomes.size(), false);
    for (const auto& e : s.entries)
        on[e.outcome] = on_shortlist(e.status);
    return on;
}

/// The true shortlist: the N ablest (ties to the earlier applicant) and
/// everyone opted into the guaranteed interview scheme.
std::vector<bool> true_shortlist(const SimulationDesign& d, const SimulatedPanel& p) {
    std::vector<std::size_t> order(p.abilities.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p.abilities[a] > p.abilities[b]; });
    std::vector<bool> on = p.guaranteed;
    for (std::size_t i = 0; i < std::min(d.top, order.size()); ++i)
        on[order[i]] = true;
    return on;
}

double overlap(const std::vector<bool>& truth, const std::vector<bool>& got) {
    std::size_t both = 0, size = 0;
    for (std::size_t a = 0; a < truth.size(); ++a) {
        size += truth[a] ? 1U : 0U;
        both += truth[a] && got[a] ? 1U : 0U;
    }
    return size == 0 ? 1.0 : static_cast<double>(both) / static_cast<double>(size);
}

/// rmse, correlation and slope of estimates on truth over the pairs given.
void compare_severities(const std::vector<double>& truth, const std::vector<double>& est,
                        ReplicateResult& r) {
    const auto n = static_cast<double>(truth.size());
    if (truth.empty())
        return;
    double mt = 0, me = 0, sq = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        mt += truth[i] / n;
        me += est[i] / n;
        sq += (est[i] - truth[i]) * (est[i] - truth[i]);
    }
    r.rmse = std::sqrt(sq / n);
    double stt = 0, see = 0, ste = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        stt += (truth[i] - mt) * (truth[i] - mt);
        see += (est[i] - me) * (est[i] - me);
        ste += (truth[i] - mt) * (est[i] - me);
    }
    if (stt > 0)
        r.slope = ste / stt;
    if (stt > 0 && see > 0)
        r.correlation = ste / std::sqrt(stt * see);
}

/// Each assessor's severity estimate set against the truth, centred as the
/// estimates are: on the panel's mean within each connected component.
void recover_severities(const SimulatedPanel& p, const RatingTable& table,
                        const AssessorEffects& effects, ReplicateResult& r) {
    const std::size_t m = p.assessor_ids.size();
    std::unordered_map<AssessorId, std::size_t> index;
    for (std::size_t j = 0; j < m; ++j)
        index.emplace(p.assessor_ids[j], j);
    r.estimated_severities.assign(m, std::nullopt);
    r.true_severities.assign(m, 0.0);
    std::vector<std::size_t> component(m, 0);
    std::vector<bool> rated(m, false);
    for (std::size_t t = 0; t < table.assessors.size(); ++t) {
        const std::size_t j = index.at(table.assessors[t]);
        const auto& a = effects.assessors[t];
        rated[j] = a.n_ratings > 0;
        component[j] = a.component;
        if (effects.usable() && rated[j])
            r.estimated_severities[j] = a.severity;
    }
    std::vector<double> sum(effects.components + 1, 0.0), count(effects.components + 1, 0.0);
    for (std::size_t j = 0; j < m; ++j)
        if (rated[j]) {
            sum[component[j]] += p.severities[j];
            count[component[j]] += 1;
        }
    std::vector<double> truth, est;
    for (std::size_t j = 0; j < m; ++j) {
        r.true_severities[j] =
            p.severities[j] - (rated[j] ? sum[component[j]] / count[component[j]] : 0.0);
        if (r.estimated_severities[j]) {
            truth.push_back(r.true_severities[j]);
            est.push_back(*r.estimated_severities[j]);
        }
    }
    compare_severities(truth, est, r);
}

void reliability(const RatingTable& table, ReplicateResult& r) {
    const MatrixShape shape = matrix_shape(table, std::nullopt);
    if (static_cast<double>(shape.subjects) * static_cast<double>(shape.raters) >
        max_agreement_cells)
        return;
    const RatingMatrix m = overall_matrix(table);
    AlphaOptions o;
    o.metric = AlphaMetric::Interval;
    o.bootstrap_samples = 0;
    r.alpha = krippendorff_alpha(m, o).alpha;
    if (const auto icc = intraclass_correlation(m).icc2_1)
        r.icc = icc->value;
}

Summary summarise(const std::vector<std::optional<double>>& values) {
    Summary s;
    double sum = 0;
    for (const auto& v : values)
        if (v) {
            ++s.n;
            sum += *v;
            s.min = s.min ? std::min(*s.min, *v) : *v;
            s.max = s.max ? std::max(*s.max, *v) : *v;
        }
    if (s.n == 0)
        return s;
    s.mean = sum / static_cast<double>(s.n);
    if (s.n > 1) {
        double ss = 0;
        for (const auto& v : values)
            if (v)
                ss += (*v - *s.mean) * (*v - *s.mean);
        s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
    }
    return s;
}

template <class Get>
Summary summarise(const std::vector<ReplicateResult>& rs, Get get) {
    std::vector<std::optional<double>> v;
    v.reserve(rs.size());
    for (const auto& r : rs)
        v.push_back(get(r));
    return summarise(v);
}

void recover_assessors(ExperimentResult& x, const std::vector<AssessorId>& ids) {
    for (std::size_t j = 0; j < ids.size(); ++j) {
        AssessorRecovery a;
        a.id = ids[j];
        std::vector<std::optional<double>> est, diff;
        double truth = 0;
        for (const auto& r : x.replicates) {
            truth += r.true_severities[j] / static_cast<double>(x.replicates.size());
            est.push_back(r.estimated_severities[j]);
            diff.push_back(
                r.estimated_severities[j]
                    ? std::optional<double>(*r.estimated_severities[j] - r.true_severities[j])
                    : std::nullopt);
        }
        a.true_severity = truth;
        a.mean_estimate = summarise(est).mean;
        a.bias = summarise(diff).mean;
        double sq = 0;
        std::size_t n = 0;
        for (const auto& d : diff)
            if (d) {
                sq += *d * *d;
                ++n;
            }
        if (n > 0)
            a.rmse = std::sqrt(sq / static_cast<double>(n));
        if (a.bias) {
            const double b = std::abs(*a.bias);
            x.max_abs_bias = std::max(x.max_abs_bias.value_or(0.0), b);
            x.mean_abs_bias = x.mean_abs_bias.value_or(0.0) + b / static_cast<double>(ids.size());
        }
        x.assessors.push_back(std::move(a));
    }
}

}  // namespace

ReplicateResult evaluate_panel(const SimulationDesign& design, const SimulatedPanel& panel) {
    ReplicateResult r;
    r.replicate = panel.replicate;
    r.seed = panel.seed;
    const Rulebook rulebook = parse_rulebook(panel.rulebook_yaml, "rulebook.yaml");
    Evidence evidence = parse_applicants_csv(rulebook, panel.applicants_csv, "applicants.csv");
    parse_ratings_csv(rulebook, evidence, panel.ratings_csv, "ratings.csv");
    const RatingTable table = make_rating_table(evidence, rulebook);
    const AssessorEffects effects = fit_assessor_effects(table, design.fit);
    r.usable = effects.usable();
    r.components = effects.components;
    recover_severities(panel, table, effects, r);
    reliability(table, r);

    const std::vector<bool> truth = true_shortlist(design, panel);
    const Scorer scorer(rulebook);
    r.overlap_raw =
        overlap(truth, shortlisted(select(scorer.rulebook(), scorer.score(evidence, {false}))));
    if (r.usable) {
        const Evidence adjusted = adjust_for_assessors(evidence, rulebook, effects);
        r.overlap_adjusted =
            overlap(truth, shortlisted(select(scorer.rulebook(), scorer.score(adjusted, {false}))));
    }
    return r;
}

ExperimentResult run_experiment(const SimulationDesign& design, const ExperimentOptions& options) {
    if (options.replicates == 0)
        throw UsageError({}, ErrorCode::InvalidArgument, "simulate: replicates must be 1 or more");
    ExperimentResult x;
    x.design = design;
    x.replicates.resize(options.replicates);
    std::vector<AssessorId> assessor_ids;
    std::mutex progress_mutex;
    std::size_t done = 0;
    const unsigned threads = options.threads > 0
                                 ? static_cast<unsigned>(options.threads)
                                 : std::max(1U, std::thread::hardware_concurrency());
    detail::parallel_for(options.replicates, threads,
                         [&](unsigned /*worker*/, std::size_t begin, std::size_t end) {
                             for (std::size_t r = begin; r < end; ++r) {
                                 const SimulatedPanel panel = simulate_panel(design, r);
                                 x.replicates[r] = evaluate_panel(design, panel);
                                 const std::lock_guard<std::mutex> lock(progress_mutex);
                                 if (r == 0)
                                     assessor_ids = panel.assessor_ids;
                                 ++done;
                                 if (options.progress)
                                     options.progress(done, options.replicates);
                             }
                         });
    const auto& rs = x.replicates;
    x.rmse = summarise(rs, [](const ReplicateResult& r) { return r.rmse; });
    x.correlation = summarise(rs, [](const ReplicateResult& r) { return r.correlation; });
    x.slope = summarise(rs, [](const ReplicateResult& r) { return r.slope; });
    x.overlap_raw = summarise(
        rs, [](const ReplicateResult& r) { return std::optional<double>(r.overlap_raw); });
    x.overlap_adjusted = summarise(rs, [](const ReplicateResult& r) { return r.overlap_adjusted; });
    x.alpha = summarise(rs, [](const ReplicateResult& r) { return r.alpha; });
    x.icc = summarise(rs, [](const ReplicateResult& r) { return r.icc; });
    recover_assessors(x, assessor_ids);
    std::size_t split = 0;
    for (const auto& r : rs) {
        x.unusable += r.usable ? 0U : 1U;
        split += r.components > 1 ? 1U : 0U;
    }
    if (x.unusable > 0)
        x.notes.push_back(std::to_string(x.unusable) +
                          " replicate(s) did not identify the assessor effects: no estimates");
    if (split > 0)
        x.notes.push_back(std::to_string(split) +
                          " replicate(s) split the assessors into groups that share no applicant; "
                          "severities are centred within each group, the truth likewise");
    if (design.severities.empty())
        x.notes.push_back("severities are drawn afresh in each replicate");
    return x;
}

}  // namespace shortlist

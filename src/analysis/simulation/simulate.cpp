// One simulated panel (docs/simulate.md): the truth, the linking design and
// the ratings, drawn in a fixed order from the replicate's own stream.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "analysis/simulation/panel.hpp"
#include "analysis/simulation/random.hpp"
#include "shortlist/analysis/simulation.hpp"
#include "shortlist/error.hpp"
#include "util/number.hpp"

namespace shortlist {

std::string_view to_string(SimulationModel m) {
    return m == SimulationModel::Rasch ? "rasch" : "additive";
}

std::string_view to_string(LinkingDesign d) {
    switch (d) {
        case LinkingDesign::Random:
            return "random";
        case LinkingDesign::BalancedBlocks:
            return "balanced_blocks";
        case LinkingDesign::Complete:
            break;
    }
    return "complete";
}

namespace detail {
namespace {

UsageError bad_design(const SimulationDesign& d, const std::string& message) {
    return UsageError({d.source, 0, 0}, ErrorCode::InvalidArgument, message);
}

bool finite_spread(const Spread& s) {
    return std::isfinite(s.mean) && std::isfinite(s.sd) && s.sd >= 0;
}

bool is_rate(double p) {
    return p >= 0 && p <= 1;
}

/// k assessors of m for each applicant, by the linking design.
std::vector<std::vector<std::uint32_t>> link(const SimulationDesign& d, Random& rng) {
    const std::size_t n = d.applicants, m = d.assessors;
    std::vector<std::vector<std::uint32_t>> of(n);
    if (d.linking == LinkingDesign::Complete) {
        std::vector<std::uint32_t> all(m);
        std::iota(all.begin(), all.end(), 0U);
        std::fill(of.begin(), of.end(), all);
        return of;
    }
    const std::size_t k = d.per_applicant;
    if (d.linking == LinkingDesign::Random) {
        std::vector<std::uint32_t> pool(m);
        for (auto& chosen : of) {
            std::iota(pool.begin(), pool.end(), 0U);
            for (std::size_t i = 0; i < k; ++i)  // partial Fisher–Yates
                std::swap(pool[i], pool[i + rng.below(m - i)]);
            chosen.assign(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(k));
            std::sort(chosen.begin(), chosen.end());
        }
        return of;
    }
    // Balanced blocks: every k-subset in lexicographic order, dealt out in a
    // fresh random order each cycle of b applicants.
    std::vector<std::vector<std::uint32_t>> blocks;
    std::vector<std::uint32_t> subset(k);
    std::iota(subset.begin(), subset.end(), 0U);
    while (true) {
        blocks.push_back(subset);
        std::size_t i = k;
        while (i > 0 && subset[i - 1] == m - k + i - 1)
            --i;
        if (i == 0)
            break;
        ++subset[i - 1];
        for (std::size_t j = i; j < k; ++j)
            subset[j] = subset[j - 1] + 1;
    }
    std::vector<std::size_t> order(blocks.size());
    for (std::size_t a = 0; a < n; ++a) {
        const std::size_t at = a % blocks.size();
        if (at == 0) {
            std::iota(order.begin(), order.end(), std::size_t{0});
            for (std::size_t i = order.size(); i > 1; --i)
                std::swap(order[i - 1], order[rng.below(i)]);
        }
        of[a] = blocks[order[at]];
    }
    return of;
}

/// One rating on the criterion's scale.
double rate(const SimulationDesign& d, const SimulatedCriterion& c, const std::vector<double>& tau,
            double ability, double severity, Random& rng) {
    if (d.model == SimulationModel::Additive) {
        const double mid = (c.min + c.max) / 2;
        const double x = mid + ability - c.difficulty - severity + d.noise * rng.normal();
        return std::clamp(std::round(x), c.min, c.max);
    }
    // Rating-scale model: cumulative logits, then the category by inversion.
    const double eta = ability - c.difficulty - severity;
    std::vector<double> logit(tau.size() + 1, 0.0);
    for (std::size_t h = 0; h < tau.size(); ++h)
        logit[h + 1] = logit[h] + eta - tau[h];
    const double top = *std::max_element(logit.begin(), logit.end());
    double total = 0;
    for (double& l : logit) {
        l = std::exp(l - top);
        total += l;
    }
    double u = rng.uniform() * total;
    std::size_t k = 0;
    while (k + 1 < logit.size() && u >= logit[k]) {
        u -= logit[k];
        ++k;
    }
    return c.min + static_cast<double>(k);
}

std::string make_ratings_csv(const SimulationDesign& d, const PanelTruth& t,
                             const std::vector<ApplicantId>& applicants,
                             const std::vector<AssessorId>& assessors, Random& rng,
                             SimulatedPanel& panel) {
    std::string out = "applicant_id,criterion,assessor,score\n";
    for (std::size_t a = 0; a < d.applicants; ++a)
        for (std::size_t c = 0; c < d.criteria.size(); ++c)
            for (const std::uint32_t j : t.assessors_of[a]) {
                // Both draws are made for every cell, so that the missing
                // rate does not shift the other ratings' random numbers.
                const bool missing = rng.chance(d.missing_rate);
                const double x =
                    rate(d, d.criteria[c], t.thresholds[c], t.abilities[a], t.severities[j], rng);
                if (missing) {
                    ++panel.missing;
                    continue;
                }
                ++panel.ratings;
                out += applicants[a].view();
                out += ',';
                out += d.criteria[c].id.view();
                out += ',';
                out += assessors[j].view();
                out += ',';
                out += format_shortest(x);
                out += '\n';
            }
    return out;
}

}  // namespace

void check_design(const SimulationDesign& d) {
    if (d.applicants == 0 || d.assessors == 0 || d.criteria.empty())
        throw bad_design(d, "a design needs applicants, assessors and criteria");
    if (!finite_spread(d.ability) || !finite_spread(d.severity))
        throw bad_design(d, "a spread needs a finite mean and a finite sd, 0 or more");
    if (!d.severities.empty() && d.severities.size() != d.assessors)
        throw bad_design(d, "severities must give one value per assessor");
    if (d.linking != LinkingDesign::Complete &&
        (d.per_applicant < 1 || d.per_applicant > d.assessors))
        throw bad_design(d, "per_applicant must be between 1 and the number of assessors");
    if (d.linking == LinkingDesign::BalancedBlocks &&
        count_blocks(d.assessors, d.per_applicant, max_blocks) > max_blocks)
        throw bad_design(d, "balanced_blocks: more than 100000 blocks");
    if (!is_rate(d.missing_rate) || !is_rate(d.guaranteed_interview_rate))
        throw bad_design(d, "rates must be between 0 and 1");
    if (!(d.noise >= 0) || !std::isfinite(d.noise))
        throw bad_design(d, "noise must be 0 or more");
    for (const auto& c : d.criteria) {
        if (!(c.max > c.min) || std::floor(c.min) != c.min || std::floor(c.max) != c.max ||
            c.max - c.min > 100)
            throw bad_design(d, "criterion '" + c.id.value() +
                                    "': its scale must be whole points, " +
                                    "min below max, at most 101 points");
        if (d.model == SimulationModel::Rasch && !d.thresholds.empty() &&
            d.thresholds.size() != static_cast<std::size_t>(c.max - c.min))
            throw bad_design(d,
                             "criterion '" + c.id.value() + "': the thresholds need one per step");
    }
}

std::vector<double> thresholds_for(const SimulationDesign& d, const SimulatedCriterion& c) {
    if (d.model != SimulationModel::Rasch)
        return {};
    if (!d.thresholds.empty())
        return d.thresholds;
    const auto k = static_cast<std::size_t>(c.max - c.min);
    std::vector<double> tau(k);
    for (std::size_t h = 0; h < k; ++h)
        tau[h] = static_cast<double>(h) - static_cast<double>(k - 1) / 2;
    return tau;
}

std::size_t count_blocks(std::size_t m, std::size_t k, std::size_t max) {
    if (k > m)
        return 0;
    k = std::min(k, m - k);
    double b = 1;
    for (std::size_t i = 1; i <= k; ++i) {
        b = b * static_cast<double>(m - k + i) / static_cast<double>(i);
        if (b > static_cast<double>(max))
            return max + 1;
    }
    return static_cast<std::size_t>(std::llround(b));
}

std::vector<ApplicantId> applicant_ids(std::size_t n) {
    const std::size_t width = std::max<std::size_t>(4, std::to_string(n).size());
    std::vector<ApplicantId> ids(n);
    for (std::size_t a = 0; a < n; ++a) {
        std::string digits = std::to_string(a + 1);
        ids[a] = ApplicantId("A" + std::string(width - digits.size(), '0') + digits);
    }
    return ids;
}

std::vector<AssessorId> assessor_ids(std::size_t m) {
    std::vector<AssessorId> ids(m);
    for (std::size_t j = 0; j < m; ++j)
        ids[j] = AssessorId("R" + std::to_string(j + 1));
    return ids;
}

}  // namespace detail

SimulatedPanel simulate_panel(const SimulationDesign& design, std::size_t replicate) {
    detail::check_design(design);
    SimulatedPanel panel;
    panel.replicate = replicate;
    panel.seed = detail::replicate_seed(design.seed, replicate);
    detail::Random rng(panel.seed);
    detail::PanelTruth t;
    // The order of the draws is part of the format: severities, abilities,
    // guaranteed interviews, linking, then each rating (missing?, value).
    t.severities = design.severities;
    if (t.severities.empty())
        for (std::size_t j = 0; j < design.assessors; ++j)
            t.severities.push_back(rng.normal(design.severity.mean, design.severity.sd));
    for (std::size_t a = 0; a < design.applicants; ++a)
        t.abilities.push_back(rng.normal(design.ability.mean, design.ability.sd));
    for (std::size_t a = 0; a < design.applicants; ++a)
        t.guaranteed.push_back(rng.chance(design.guaranteed_interview_rate));
    t.assessors_of = detail::link(design, rng);
    for (const auto& c : design.criteria)
        t.thresholds.push_back(detail::thresholds_for(design, c));

    panel.applicant_ids = detail::applicant_ids(design.applicants);
    panel.assessor_ids = detail::assessor_ids(design.assessors);
    panel.ratings_csv =
        detail::make_ratings_csv(design, t, panel.applicant_ids, panel.assessor_ids, rng, panel);
    panel.applicants_csv = "applicant_id,guaranteed_interview\n";
    for (std::size_t a = 0; a < design.applicants; ++a)
        panel.applicants_csv +=
            panel.applicant_ids[a].value() + (t.guaranteed[a] ? ",true\n" : ",false\n");
    panel.abilities = std::move(t.abilities);
    panel.guaranteed = std::move(t.guaranteed);
    panel.severities = std::move(t.severities);
    panel.thresholds = std::move(t.thresholds);
    panel.rulebook_yaml = detail::simulation_rulebook_yaml(design, panel);
    return panel;
}

}  // namespace shortlist

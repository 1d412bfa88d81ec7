// The many-facet Rasch fit (src/analysis/calibration/rasch*.cpp): the
// estimates of a plain one-thread JMLE run to full convergence, in far fewer
// sweeps, on a well and a loosely connected design; and the same bits on one
// thread or two, whatever the order of the ratings.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "analysis/calibration/effects_internal.hpp"
#include "analysis/calibration/rasch_internal.hpp"
#include "analysis/calibration/table_internal.hpp"
#include "analysis/simulation/random.hpp"
#include "shortlist/analysis/calibration.hpp"

using namespace shortlist;

namespace {

struct SimRating {
    std::size_t applicant, criterion, assessor;
    int k;  ///< category 0..4
};

/// A random many-facet design: `n` applicants, 5 criteria, each applicant rated
/// on every criterion by 3 assessors of a panel of `panel` on a 1..5 scale:
/// assessors a, a+1, a+2 (mod panel) when `window` is false (6 assessors: well
/// connected), else three in a row from a random place in the panel (a ring
/// of many: loosely connected, as a large panel's sift is).
std::vector<SimRating> simulate(std::size_t n, std::uint64_t seed, std::size_t panel = 6,
                                bool window = false) {
    const double delta[] = {-0.6, -0.2, 0.0, 0.3, 0.5};
    const double tau[] = {0, -1.8, -0.6, 0.7, 1.9};
    std::vector<double> alpha(panel);
    for (std::size_t j = 0; j < panel; ++j)  // -0.8 .. 0.5, as the six of the first design
        alpha[j] = -0.8 + 1.3 * static_cast<double>(j) / static_cast<double>(panel - 1);
    detail::Random rng(seed);
    std::vector<SimRating> out;
    for (std::size_t a = 0; a < n; ++a) {
        const double theta = rng.normal(0.5, 1.2);
        const std::size_t first = window ? rng.below(panel) : a;
        for (std::size_t c = 0; c < 5; ++c)
            for (std::size_t q = 0; q < 3; ++q) {
                const std::size_t j = (first + q) % panel;
                double p[5], sum = 0, l = 0;
                for (int x = 0; x < 5; ++x) {
                    l += x > 0 ? theta - delta[c] - alpha[j] - tau[x] : 0;
                    sum += p[x] = std::exp(l);
                }
                double u = rng.uniform() * sum;
                int x = 0;
                while (x < 4 && u > p[x])
                    u -= p[x++];
                out.push_back({a, c, j, x});
            }
    }
    return out;
}

RatingTable table_of(const std::vector<SimRating>& rs) {
    std::string csv = "applicant_id,criterion,assessor,score\n";
    for (const auto& r : rs)
        csv += "A" + std::to_string(r.applicant) + ",c" + std::to_string(r.criterion) + ",R" +
               std::to_string(r.assessor) + "," + std::to_string(r.k + 1) + "\n";
    return parse_rating_table(csv, "t.csv");
}

/// Joint maximum likelihood in its plainest form: a Newton step for each
/// non-extreme applicant, then for each criterion, assessor and threshold at
/// the new abilities, thresholds centred (their mean moved to the criteria),
/// criteria and assessors centred (moved to the applicants), until no step is
/// 1e-12 logits. Probabilities in log space. The fit under test stops when no
/// step is 1e-7 logits (docs/calibration.md#the-rasch-fit), so its estimates
/// are compared with these, the maximum of the likelihood to ~1e-11 (steps
/// shrink geometrically here), to 1e-6: what its written six decimals claim.
struct Reference {
    std::vector<double> theta, delta, alpha, tau;
    std::vector<char> extreme;
    std::size_t sweeps = 0;
};

constexpr std::size_t reference_sweeps = 100'000;

Reference reference_fit(const std::vector<SimRating>& rs, std::size_t n, std::size_t nj = 6) {
    const std::size_t nc = 5, kk = 5;
    Reference f{std::vector<double>(n),  std::vector<double>(nc), std::vector<double>(nj),
                std::vector<double>(kk), std::vector<char>(n, 1), 0};
    std::vector<int> total(n, 0), count(n, 0);
    for (const auto& r : rs) {
        total[r.applicant] += r.k;
        ++count[r.applicant];
    }
    for (std::size_t a = 0; a < n; ++a)
        f.extreme[a] = total[a] == 0 || total[a] == 4 * count[a];
    auto probs = [&](const SimRating& r, double* p) {
        const double eta = f.theta[r.applicant] - f.delta[r.criterion] - f.alpha[r.assessor];
        double l = 0, top = 0, sum = 0;
        for (std::size_t x = 0; x < kk; ++x) {
            l += x > 0 ? eta - f.tau[x] : 0;
            p[x] = l;
            top = std::max(top, l);
        }
        for (std::size_t x = 0; x < kk; ++x)
            sum += p[x] = std::exp(p[x] - top);
        double mean = 0, sq = 0;
        for (std::size_t x = 0; x < kk; ++x) {
            p[x] /= sum;
            mean += static_cast<double>(x) * p[x];
            sq += static_cast<double>(x * x) * p[x];
        }
        return std::make_pair(mean, sq - mean * mean);
    };
    auto step = [](double g, double i) { return std::clamp(g / i, -1.0, 1.0); };
    for (f.sweeps = 1; f.sweeps <= reference_sweeps; ++f.sweeps) {
        double change = 0, p[5];
        std::vector<double> ra(n), ia(n), rc(nc), ic(nc), rj(nj), ij(nj), obs(kk), ex(kk), inf(kk);
        for (const auto& r : rs) {
            const auto [mean, var] = probs(r, p);
            ra[r.applicant] += r.k - mean;
            ia[r.applicant] += var;
        }
        for (std::size_t a = 0; a < n; ++a)
            if (!f.extreme[a]) {
                f.theta[a] += step(ra[a], ia[a]);
                change = std::max(change, std::abs(step(ra[a], ia[a])));
            }
        for (const auto& r : rs) {
            if (f.extreme[r.applicant])
                continue;
            const auto [mean, var] = probs(r, p);
            rc[r.criterion] += r.k - mean;
            ic[r.criterion] += var;
            rj[r.assessor] += r.k - mean;
            ij[r.assessor] += var;
            double ge = 0;
            for (std::size_t h = kk - 1; h >= 1; --h) {
                ge += p[h];
                obs[h] += r.k >= static_cast<int>(h) ? 1 : 0;
                ex[h] += ge;
                inf[h] += ge * (1 - ge);
            }
        }
        for (std::size_t c = 0; c < nc; ++c) {
            f.delta[c] -= step(rc[c], ic[c]);
            change = std::max(change, std::abs(step(rc[c], ic[c])));
        }
        for (std::size_t j = 0; j < nj; ++j) {
            f.alpha[j] -= step(rj[j], ij[j]);
            change = std::max(change, std::abs(step(rj[j], ij[j])));
        }
        double mean_tau = 0;
        for (std::size_t h = 1; h < kk; ++h) {
            f.tau[h] -= step(obs[h] - ex[h], inf[h]);
            change = std::max(change, std::abs(step(obs[h] - ex[h], inf[h])));
            mean_tau += f.tau[h] / 4;
        }
        for (std::size_t h = 1; h < kk; ++h)
            f.tau[h] -= mean_tau;
        double mean_c = 0, mean_j = 0;
        for (auto& d : f.delta)
            mean_c += (d += mean_tau) / 5;
        for (auto& d : f.delta)
            d -= mean_c;
        for (const auto& a : f.alpha)
            mean_j += a / static_cast<double>(nj);
        for (auto& a : f.alpha)
            a -= mean_j;
        for (auto& t : f.theta)
            t -= mean_c + mean_j;
        if (change < 1e-12)
            break;
    }
    return f;
}

/// Index of "<prefix><i>" among `ids`.
template <class Id>
std::size_t index_of(const std::vector<Id>& ids, const std::string& id) {
    return static_cast<std::size_t>(std::find(ids.begin(), ids.end(), Id(id)) - ids.begin());
}

/// Every number of two fits, bit for bit.
void check_same_bits(const AssessorEffects& x, const AssessorEffects& y) {
    CHECK(x.iterations == y.iterations);
    CHECK(x.assessors == y.assessors);
    CHECK(x.criterion_effects == y.criterion_effects);
    CHECK(x.applicant_effects == y.applicant_effects);
    CHECK(x.applicant_fit == y.applicant_fit);
    CHECK(x.thresholds == y.thresholds);
}

/// The fit of `rs` (`n` applicants, a panel of `nj`) with `limits`, on one
/// thread and two, in applicant order and shuffled: converged in `fewest` to
/// `most` sweeps, and every estimate within 1e-6 logits of the fully
/// converged reference.
void check_against_reference(const std::vector<SimRating>& rs, std::size_t n, std::size_t nj,
                             std::size_t most, const detail::RaschLimits& limits = {},
                             std::size_t fewest = 1) {
    const auto ref = reference_fit(rs, n, nj);
    REQUIRE(ref.sweeps < reference_sweeps);
    auto shuffled = rs;
    detail::Random rng(11);
    for (std::size_t i = shuffled.size(); i > 1; --i)
        std::swap(shuffled[i - 1], shuffled[rng.below(i)]);
    for (const std::vector<SimRating>* order :
         {&rs, static_cast<const std::vector<SimRating>*>(&shuffled)}) {
        const auto t = table_of(*order);
        const auto comp = detail::find_components(t);
        for (unsigned threads : {1U, 2U}) {
            INFO((order == &rs ? "by applicant, " : "shuffled, ")
                 << threads << " threads; the reference took " << ref.sweeps << " sweeps");
            const auto e = detail::fit_rasch(t, comp, limits, nullptr, nullptr, {}, threads);
            REQUIRE(e.converged);
            CHECK(e.iterations >= fewest);
            CHECK(e.iterations <= most);
            for (std::size_t j = 0; j < nj; ++j)
                CHECK(e.assessors[index_of(t.assessors, "R" + std::to_string(j))].severity ==
                      Approx(ref.alpha[j]).margin(1e-6));
            for (std::size_t c = 0; c < 5; ++c)
                CHECK(e.criterion_effects[index_of(t.criteria, "c" + std::to_string(c))] ==
                      Approx(ref.delta[c]).margin(1e-6));
            for (std::size_t h = 0; h < 4; ++h)
                CHECK(e.thresholds[0][h] == Approx(ref.tau[h + 1]).margin(1e-6));
            for (std::size_t a = 0; a < n; ++a)
                if (!ref.extreme[a])
                    CHECK(*e.applicant_effects[index_of(t.applicants, "A" + std::to_string(a))] ==
                          Approx(ref.theta[a]).margin(1e-6));
        }
    }
}

/// Criterion c0 on 1..5 and c1 on 1..3 (two threshold sets), and assessors
/// R0-R2 and R3-R5 who never share an applicant (two groups).
RatingTable two_scales_two_groups() {
    const double tau5[] = {0, -1.5, -0.5, 0.5, 1.5}, tau3[] = {0, -0.7, 0.7};
    const double alpha[] = {-0.5, 0.1, 0.4, -0.3, 0.0, 0.3};
    detail::Random rng(23);
    std::string csv = "applicant_id,criterion,assessor,score\n";
    for (std::size_t a = 0; a < 300; ++a) {
        const double theta = rng.normal(0.3, 1.0);
        for (std::size_t c = 0; c < 2; ++c)
            for (std::size_t q = 0; q < 3; ++q) {
                const std::size_t j = (a < 150 ? 0 : 3) + q;
                const int kk = c == 0 ? 5 : 3;
                const double* tau = c == 0 ? tau5 : tau3;
                double p[5], sum = 0, l = 0;
                for (int x = 0; x < kk; ++x) {
                    l += x > 0 ? theta - (c == 0 ? 0.2 : -0.2) - alpha[j] - tau[x] : 0;
                    sum += p[x] = std::exp(l);
                }
                double u = rng.uniform() * sum;
                int x = 0;
                while (x < kk - 1 && u > p[x])
                    u -= p[x++];
                csv += "A" + std::to_string(a) + ",c" + std::to_string(c) + ",R" +
                       std::to_string(j) + "," + std::to_string(x + 1) + "\n";
            }
    }
    return parse_rating_table(csv, "t.csv");
}

/// The maximum of the joint likelihood is where every element's observed
/// score equals its expected score (Wright & Masters 1982, Rating Scale
/// Analysis, ch. 5; the JMLE estimating equations): for each applicant,
/// criterion and assessor Σ (x − E) = 0 over the ratings of non-extreme
/// applicants, and for each threshold of each scale the count of ratings at
/// or above it equals its expectation. Checked from the fit's estimates `e`
/// of `t` (every category of every scale used), to 1e-6 of each element's
/// information.
void check_estimating_equations(const RatingTable& t, const AssessorEffects& e) {
    // Per applicant: extreme (every rating at an end of its scale)?
    std::vector<int> lowest(t.applicants.size(), 1), highest(t.applicants.size(), 1);
    for (const auto& r : t.ratings) {
        const double top = t.scales[r.criterion].max, bottom = t.scales[r.criterion].min;
        lowest[r.applicant] &= r.score == bottom ? 1 : 0;
        highest[r.applicant] &= r.score == top ? 1 : 0;
    }
    // Each scale's thresholds at [first[scale] ..] of tau_r and tau_i.
    std::map<std::pair<double, double>, std::size_t> first;
    std::size_t thresholds = 0;
    for (std::size_t c = 0; c < t.criteria.size(); ++c)
        if (first.try_emplace({t.scales[c].min, t.scales[c].max}, thresholds).second)
            thresholds += e.thresholds[c].size();
    for (std::size_t c = 0; c < t.criteria.size(); ++c)
        REQUIRE(static_cast<double>(e.thresholds[c].size()) == t.scales[c].max - t.scales[c].min);
    // Residuals and information per applicant, criterion, assessor, threshold.
    std::vector<double> app_r(t.applicants.size()), app_i(t.applicants.size()),
        crit_r(t.criteria.size()), crit_i(t.criteria.size()), rater_r(t.assessors.size()),
        rater_i(t.assessors.size()), tau_r(thresholds), tau_i(thresholds);
    for (const auto& r : t.ratings) {
        if (lowest[r.applicant] || highest[r.applicant])
            continue;
        const auto& tau = e.thresholds[r.criterion];
        const int kk = static_cast<int>(tau.size()) + 1;
        const double eta = *e.applicant_effects[r.applicant] - e.criterion_effects[r.criterion] -
                           e.assessors[r.assessor].severity;
        std::vector<double> p(static_cast<std::size_t>(kk));
        double l = 0, sum = 0;
        for (int x = 0; x < kk; ++x) {
            l += x > 0 ? eta - tau[static_cast<std::size_t>(x - 1)] : 0;
            sum += p[static_cast<std::size_t>(x)] = std::exp(l);
        }
        double mean = 0, sq = 0;
        for (int x = 0; x < kk; ++x) {
            p[static_cast<std::size_t>(x)] /= sum;
            mean += x * p[static_cast<std::size_t>(x)];
            sq += x * x * p[static_cast<std::size_t>(x)];
        }
        const double var = sq - mean * mean;
        const double k = r.score - t.scales[r.criterion].min;
        for (auto [res, inf, at] : {std::tuple(&app_r, &app_i, std::size_t{r.applicant}),
                                    std::tuple(&crit_r, &crit_i, std::size_t{r.criterion}),
                                    std::tuple(&rater_r, &rater_i, std::size_t{r.assessor})}) {
            (*res)[at] += k - mean;
            (*inf)[at] += var;
        }
        const std::size_t at0 = first.at({t.scales[r.criterion].min, t.scales[r.criterion].max});
        double ge = 0;  // P(X >= h), from the top down
        for (int h = kk - 1; h >= 1; --h) {
            ge += p[static_cast<std::size_t>(h)];
            const std::size_t at = at0 + static_cast<std::size_t>(h - 1);
            tau_r[at] += (k >= h ? 1 : 0) - ge;
            tau_i[at] += ge * (1 - ge);
        }
    }
    for (auto [res, inf] : {std::pair(&app_r, &app_i), std::pair(&crit_r, &crit_i),
                            std::pair(&rater_r, &rater_i), std::pair(&tau_r, &tau_i)})
        for (std::size_t x = 0; x < res->size(); ++x)
            if ((*inf)[x] > 0)
                CHECK(std::abs((*res)[x]) <= 1e-6 * (*inf)[x]);
}

/// Limits that switch the fit to each facet's own Newton steps after sweep
/// `sweeps` (0: from the first), however few its parameters.
detail::RaschLimits own_steps_after(std::size_t sweeps) {
    detail::RaschLimits limits;
    limits.joint_sweeps = sweeps;
    return limits;
}

/// Every estimate of two fits of one table within `margin` logits.
void check_same_estimates(const AssessorEffects& x, const AssessorEffects& y, double margin) {
    REQUIRE(x.assessors.size() == y.assessors.size());
    for (std::size_t j = 0; j < x.assessors.size(); ++j)
        CHECK(x.assessors[j].severity == Approx(y.assessors[j].severity).margin(margin));
    REQUIRE(x.criterion_effects.size() == y.criterion_effects.size());
    for (std::size_t c = 0; c < x.criterion_effects.size(); ++c) {
        CHECK(x.criterion_effects[c] == Approx(y.criterion_effects[c]).margin(margin));
        REQUIRE(x.thresholds[c].size() == y.thresholds[c].size());
        for (std::size_t h = 0; h < x.thresholds[c].size(); ++h)
            CHECK(x.thresholds[c][h] == Approx(y.thresholds[c][h]).margin(margin));
    }
    REQUIRE(x.applicant_effects.size() == y.applicant_effects.size());
    for (std::size_t a = 0; a < x.applicant_effects.size(); ++a) {
        REQUIRE(x.applicant_effects[a].has_value() == y.applicant_effects[a].has_value());
        if (x.applicant_effects[a])
            CHECK(*x.applicant_effects[a] == Approx(*y.applicant_effects[a]).margin(margin));
    }
}

}  // namespace

TEST_CASE("Rasch fit: the estimates of a plain JMLE run to convergence", "[rasch]") {
    // Six assessors, each applicant rated by three in turn: the plain sweeps
    // stop at 1e-7 after 43 sweeps (as the fit did before its joint step) and
    // at 1e-12 after 71; the fit takes 7.
    check_against_reference(simulate(400, 7), 400, 6, 15);
}

TEST_CASE("Rasch fit: a loosely connected panel in a few sweeps", "[rasch]") {
    // Thirty assessors in a ring, each applicant rated by three in a row: each
    // plain sweep moves a severity only towards its neighbours', and they take
    // 898 sweeps to 1e-12; the fit takes 7.
    check_against_reference(simulate(600, 5, 30, true), 600, 30, 15);
}

TEST_CASE("Rasch sweeps: one thread and two give the same bits", "[rasch]") {
    std::vector<SimRating> rs = simulate(300, 3);
    auto interleaved = rs;  // every applicant's ratings apart
    std::stable_sort(
        interleaved.begin(), interleaved.end(),
        [](const SimRating& x, const SimRating& y) { return x.assessor < y.assessor; });
    for (const std::vector<SimRating>* order : {&rs, &interleaved}) {
        const auto t = table_of(*order);
        const auto comp = detail::find_components(t);
        const auto one = detail::fit_rasch(t, comp, nullptr, nullptr, {}, 1);
        const auto two = detail::fit_rasch(t, comp, nullptr, nullptr, {}, 2);
        const auto three = detail::fit_rasch(t, comp, nullptr, nullptr, {}, 3);
        check_same_bits(one, two);
        check_same_bits(one, three);
    }
}

TEST_CASE("Rasch fit: two scales and two groups satisfy the likelihood equations", "[rasch]") {
    // The JMLE estimating equations (check_estimating_equations) on a design
    // the other tests lack: two threshold sets and two groups.
    const auto t = two_scales_two_groups();
    const auto comp = detail::find_components(t);
    REQUIRE(comp.count == 2);
    const auto e = detail::fit_rasch(t, comp, nullptr, nullptr, {}, 2);
    REQUIRE(e.converged);
    CHECK(e.iterations <= 15);
    const std::size_t c5 = index_of(t.criteria, "c0");
    REQUIRE(e.thresholds[c5].size() == 4);
    REQUIRE(e.thresholds[1 - c5].size() == 2);
    check_estimating_equations(t, e);
    // Each group's severities are centred on its own panel.
    for (std::size_t first : {0U, 3U}) {
        double mean = 0;
        for (std::size_t q = 0; q < 3; ++q)
            mean += e.assessors[index_of(t.assessors, "R" + std::to_string(first + q))].severity;
        CHECK(mean == Approx(0).margin(1e-9));
    }
}

// Each facet's own Newton steps (rasch.cpp's own_steps), which the fit takes
// after its first 50 sweeps or with more than 2,000 free criteria, assessors
// and thresholds (docs/calibration.md#the-rasch-fit), reached on small designs
// by lowering those limits. The joint step takes at most 15 sweeps on each
// design here; the own steps take more (44, 594 and 33), which shows that
// they ran.

TEST_CASE("Rasch own steps: the estimates of a plain JMLE run to convergence", "[rasch]") {
    // The well connected design takes 44 sweeps; on the ring each step moves
    // a severity only towards its neighbours', and the fit must see that its
    // steps of 1e-7 are still ~3e-6 from the end (it takes 594).
    check_against_reference(simulate(400, 7), 400, 6, 100, own_steps_after(0), 16);
    check_against_reference(simulate(600, 5, 30, true), 600, 30, 1000, own_steps_after(0), 16);
}

TEST_CASE("Rasch own steps: the likelihood equations, and the joint step's estimates", "[rasch]") {
    // check_estimating_equations on the own steps' estimates alone, and the
    // same estimates as the joint step's to 1e-6 logits; the two scales of
    // the last design each have one criterion, whose own step and its
    // thresholds' shift answer the same residuals.
    std::vector<RatingTable> tables{table_of(simulate(400, 7)),
                                    table_of(simulate(600, 5, 30, true)), two_scales_two_groups()};
    for (std::size_t i = 0; i < tables.size(); ++i) {
        INFO("design " << i);
        const auto& t = tables[i];
        const auto comp = detail::find_components(t);
        const auto joint = detail::fit_rasch(t, comp, nullptr, nullptr, {}, 2);
        const auto own = detail::fit_rasch(t, comp, own_steps_after(0), nullptr, nullptr, {}, 2);
        REQUIRE(joint.converged);
        REQUIRE(own.converged);
        CHECK(joint.iterations <= 15);
        CHECK(own.iterations > 15);
        check_estimating_equations(t, own);
        check_same_estimates(own, joint, 1e-6);
    }
}

TEST_CASE("Rasch own steps: past the joint step's limit of free parameters", "[rasch]") {
    // Five criteria, six assessors and four thresholds: 15 free parameters.
    // At a limit of 15 the fit is the default's to the last bit; at 14 it is
    // the own steps' from the first sweep.
    const auto t = table_of(simulate(400, 7));
    const auto comp = detail::find_components(t);
    const auto joint = detail::fit_rasch(t, comp, nullptr, nullptr, {}, 1);
    const auto own = detail::fit_rasch(t, comp, own_steps_after(0), nullptr, nullptr, {}, 1);
    REQUIRE(joint.iterations != own.iterations);
    detail::RaschLimits limits;
    limits.joint_limit = 15;
    check_same_bits(detail::fit_rasch(t, comp, limits, nullptr, nullptr, {}, 1), joint);
    limits.joint_limit = 14;
    check_same_bits(detail::fit_rasch(t, comp, limits, nullptr, nullptr, {}, 1), own);
    // And, as the joint step's, the same bits on two threads as on one.
    check_same_bits(detail::fit_rasch(t, comp, limits, nullptr, nullptr, {}, 2), own);
    // At 14 each sweep still gathers the joint system, which the step then
    // declines; below the 11 criteria and assessors the sweeps gather only
    // its diagonal (docs/calibration.md#the-rasch-fit), and at 11 the four
    // thresholds still put it over: the own steps' bits every time.
    for (const std::size_t limit : {11U, 10U, 0U}) {
        limits.joint_limit = limit;
        check_same_bits(detail::fit_rasch(t, comp, limits, nullptr, nullptr, {}, 1), own);
        check_same_bits(detail::fit_rasch(t, comp, limits, nullptr, nullptr, {}, 2), own);
    }
}

TEST_CASE("Rasch own steps: taking over from the joint step after two sweeps", "[rasch]") {
    // Two joint sweeps leave each design short of convergence (it needs 7);
    // the own steps go on from there to the same maximum, in more sweeps.
    check_against_reference(simulate(400, 7), 400, 6, 100, own_steps_after(2), 16);
    check_against_reference(simulate(600, 5, 30, true), 600, 30, 1000, own_steps_after(2), 16);
    const auto t = two_scales_two_groups();
    const auto comp = detail::find_components(t);
    const auto joint = detail::fit_rasch(t, comp, nullptr, nullptr, {}, 2);
    const auto switched = detail::fit_rasch(t, comp, own_steps_after(2), nullptr, nullptr, {}, 2);
    REQUIRE(switched.converged);
    CHECK(switched.iterations > joint.iterations);
    check_estimating_equations(t, switched);
    check_same_estimates(switched, joint, 1e-6);
}

TEST_CASE("Rasch own steps: anchored, the joint step's estimates", "[rasch]") {
    // R0 held at 0.25 logits (docs/calibration.md#anchoring): its group is no
    // longer centred, the other group still is. The own steps must hold R0,
    // centre only the other group, and reach the joint step's estimates and
    // its free estimate of R0.
    const auto t = two_scales_two_groups();
    const auto comp = detail::find_components(t);
    const std::size_t r0 = index_of(t.assessors, "R0");
    detail::FixedSeverities fixed;
    fixed.severity.assign(t.assessors.size(), std::nullopt);
    fixed.severity[r0] = 0.25;
    fixed.anchored_group.assign(comp.count, 0);
    fixed.anchored_group[comp.of_assessor[r0]] = 1;
    std::vector<detail::FreeEstimate> free_joint, free_own;
    const auto joint = detail::fit_rasch(t, comp, &fixed, &free_joint, {}, 2);
    const auto own = detail::fit_rasch(t, comp, own_steps_after(0), &fixed, &free_own, {}, 2);
    REQUIRE(joint.converged);
    REQUIRE(own.converged);
    CHECK(joint.iterations <= 15);
    CHECK(own.iterations > 15);
    CHECK(own.assessors[r0].anchored);
    CHECK(own.assessors[r0].severity == 0.25);
    check_same_estimates(own, joint, 1e-6);
    REQUIRE(free_joint[r0].severity.has_value());
    REQUIRE(free_own[r0].severity.has_value());
    CHECK(*free_own[r0].severity == Approx(*free_joint[r0].severity).margin(1e-6));
    double mean = 0;
    for (std::size_t q = 3; q < 6; ++q)
        mean += own.assessors[index_of(t.assessors, "R" + std::to_string(q))].severity;
    CHECK(mean == Approx(0).margin(1e-9));
}

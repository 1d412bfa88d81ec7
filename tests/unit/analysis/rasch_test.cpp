// The many-facet Rasch fit's sweeps (src/analysis/calibration/rasch_sweep.cpp):
// the same estimates as a plain one-thread JMLE, and the same bits on one
// thread or two, whatever the order of the ratings.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "analysis/calibration/effects_internal.hpp"
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
/// on every criterion by 3 of 6 assessors, on a 1..5 scale.
std::vector<SimRating> simulate(std::size_t n, std::uint64_t seed) {
    const double delta[] = {-0.6, -0.2, 0.0, 0.3, 0.5};
    const double alpha[] = {-0.8, -0.3, 0.0, 0.2, 0.4, 0.5};
    const double tau[] = {0, -1.8, -0.6, 0.7, 1.9};
    detail::Random rng(seed);
    std::vector<SimRating> out;
    for (std::size_t a = 0; a < n; ++a) {
        const double theta = rng.normal(0.5, 1.2);
        for (std::size_t c = 0; c < 5; ++c)
            for (std::size_t q = 0; q < 3; ++q) {
                const std::size_t j = (a + q) % 6;
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

/// Joint maximum likelihood as the fit is documented (docs/calibration.md): a
/// Newton step for each non-extreme applicant, then for each criterion,
/// assessor and threshold at the new abilities, thresholds centred (their mean
/// moved to the criteria), criteria and assessors centred (moved to the
/// applicants), until no step is 1e-7 logits. Probabilities in log space.
struct Reference {
    std::vector<double> theta, delta, alpha, tau;
    std::vector<char> extreme;
    std::size_t sweeps = 0;
};

Reference reference_fit(const std::vector<SimRating>& rs, std::size_t n) {
    const std::size_t nc = 5, nj = 6, kk = 5;
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
    for (f.sweeps = 1; f.sweeps <= 1000; ++f.sweeps) {
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
            mean_j += a / 6;
        for (auto& a : f.alpha)
            a -= mean_j;
        for (auto& t : f.theta)
            t -= mean_c + mean_j;
        if (change < 1e-7)
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

}  // namespace

TEST_CASE("Rasch sweeps: the estimates of a plain one-thread JMLE", "[rasch]") {
    const std::size_t n = 400;
    std::vector<SimRating> rs = simulate(n, 7);
    const auto ref = reference_fit(rs, n);
    REQUIRE(ref.sweeps < 1000);
    // In applicant order (the sweeps' two passes side by side) and shuffled
    // (the sums after the steps).
    auto shuffled = rs;
    detail::Random rng(11);
    for (std::size_t i = shuffled.size(); i > 1; --i)
        std::swap(shuffled[i - 1], shuffled[rng.below(i)]);
    for (const std::vector<SimRating>* order : {&rs, &shuffled}) {
        const auto t = table_of(*order);
        const auto comp = detail::find_components(t);
        for (unsigned threads : {1U, 2U}) {
            INFO((order == &rs ? "by applicant, " : "shuffled, ") << threads << " threads");
            const auto e = detail::fit_rasch(t, comp, nullptr, nullptr, {}, threads);
            REQUIRE(e.converged);
            CHECK(e.iterations == ref.sweeps);
            for (std::size_t j = 0; j < 6; ++j)
                CHECK(e.assessors[index_of(t.assessors, "R" + std::to_string(j))].severity ==
                      Approx(ref.alpha[j]).margin(1e-9));
            for (std::size_t c = 0; c < 5; ++c)
                CHECK(e.criterion_effects[index_of(t.criteria, "c" + std::to_string(c))] ==
                      Approx(ref.delta[c]).margin(1e-9));
            for (std::size_t h = 0; h < 4; ++h)
                CHECK(e.thresholds[0][h] == Approx(ref.tau[h + 1]).margin(1e-9));
            for (std::size_t a = 0; a < n; ++a)
                if (!ref.extreme[a])
                    CHECK(*e.applicant_effects[index_of(t.applicants, "A" + std::to_string(a))] ==
                          Approx(ref.theta[a]).margin(1e-9));
        }
    }
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

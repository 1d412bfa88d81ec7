// The Rasch fit's category probabilities and its sweeps over the ratings
// (docs/calibration.md describes the method). A sweep's two passes run side
// by side: one thread takes the abilities' Newton steps, applicant by
// applicant; the calling thread follows it through the ratings, adding up the
// criteria's, assessors' and thresholds' sums at the new abilities in the
// ratings' order, so every sum is the one thread's sum, to the last bit.
#include <array>
#include <cmath>
#include <thread>
#include <tuple>
#include <utility>

#include "analysis/calibration/rasch_internal.hpp"
#include "util/parallel.hpp"

namespace shortlist::detail {

namespace {

/// Fewer ratings than this take one thread.
constexpr std::size_t parallel_ratings = 50'000;
constexpr auto none = static_cast<std::size_t>(-1);
/// How many applicants the sums stay behind the steps.
constexpr std::size_t lag = 64;

}  // namespace

void ThresholdSet::refresh() {
    weight.assign(tau.size(), 1.0);
    double cum = 0;
    weights_ok = true;
    for (std::size_t k = 1; k < tau.size(); ++k) {
        cum += tau[k];
        weights_ok = weights_ok && std::abs(cum) < 200;
        weight[k] = std::exp(-cum);
    }
}

namespace {

/// probabilities() away from moderate η and thresholds: in log space, with the
/// largest term factored out. Out of line, so that the common case inlines.
[[gnu::noinline]] void log_space_probabilities(double eta, const ThresholdSet& g, double* p) {
    const int kk = g.categories();
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

/// probabilities() and moments() for K categories, or (K = 0) the set's: with
/// K known the loops unroll, and the operations are the same, in the same
/// order, so the results are the same to the last bit.
template <int K>
void probabilities_of(double eta, const ThresholdSet& g, double* p) {
    if (!(g.weights_ok && std::abs(eta) < 30)) {
        log_space_probabilities(eta, g, p);
        return;
    }
    const int kk = K > 0 ? K : g.categories();
    const double x = std::exp(eta);
    double xk = 1, sum = 0;
    for (int k = 0; k < kk; ++k) {
        p[k] = g.weight[static_cast<std::size_t>(k)] * xk;
        sum += p[k];
        xk *= x;
    }
    for (int k = 0; k < kk; ++k)
        p[k] /= sum;
}

template <int K>
Moments moments_of(const double* p, int categories) {
    const int kk = K > 0 ? K : categories;
    Moments m;
    double sq = 0;
    for (int k = 0; k < kk; ++k) {
        m.mean += k * p[k];
        sq += k * k * p[k];
    }
    m.var = std::max(sq - m.mean * m.mean, 1e-12);
    return m;
}

}  // namespace

void probabilities(double eta, const ThresholdSet& g, double* p) {
    probabilities_of<0>(eta, g, p);
}

Moments moments(const double* p, int kk) {
    return moments_of<0>(p, kk);
}

RaschSweep::RaschSweep(const RaschData& d, std::size_t criteria, std::size_t assessors,
                       unsigned threads) {
    for (const auto& g : d.sets) {
        offset.push_back(obs_ge.size());
        obs_ge.resize(obs_ge.size() + g.raw.size(), 0.0);
        kmax_ = std::max(kmax_, g.raw.size());
        if (g.raw.size() >= 2)
            categories_ = categories_ == 0 || categories_ == g.categories() ? g.categories() : -1;
    }
    categories_ = std::max(categories_, 0);
    crit_n.assign(criteria, 0);
    rater_n.assign(assessors, 0);
    std::vector<std::size_t> index(d.extreme.size(), none), count;
    std::size_t last = none;
    for (const auto& r : d.rr) {
        if (d.extreme[r.applicant])
            continue;
        ++crit_n[r.criterion];
        ++rater_n[r.assessor];
        for (int h = 1; h <= r.k; ++h)
            obs_ge[offset[r.group] + static_cast<std::size_t>(h)] += 1;
        auto& i = index[r.applicant];
        together_ = together_ && (r.applicant == last || i == none);
        last = r.applicant;
        if (i == none) {
            i = count.size();
            count.push_back(0);
        }
        ++count[i];
        if (!together_ && in_order_.empty())
            in_order_.reserve(d.rr.size());
    }
    start_.assign(count.size() + 1, 0);
    for (std::size_t i = 0; i < count.size(); ++i)
        start_[i + 1] = start_[i] + count[i];
    ratings_.resize(start_.back());
    std::vector<std::size_t> at(start_.begin(), start_.end() - 1);
    for (const auto& r : d.rr)
        if (!d.extreme[r.applicant]) {
            const Rating x{r.applicant, r.criterion, r.assessor, r.group, r.k};
            ratings_[at[index[r.applicant]]++] = x;
            if (!together_)
                in_order_.push_back(x);
        }
    threads_ = threads != 0                                         ? threads
               : worth_splitting(ratings_.size(), parallel_ratings) ? 2U
                                                                    : 1U;
}

template <int K>
double RaschSweep::step_applicants(const Facets& f, std::size_t begin, std::size_t end,
                                   std::atomic<std::size_t>* done) const {
    std::vector<double> p(2 * (kmax_ + 1));
    double* p0 = p.data();
    double* p1 = p0 + kmax_ + 1;
    double change = 0;
    for (std::size_t i = begin; i < end; ++i) {
        double resid = 0, info = 0;
        auto add = [&](const Rating& r, const double* pr) {
            const auto m = moments_of<K>(pr, f.d.sets[r.group].categories());
            resid += r.k - m.mean;
            info += m.var;
        };
        const Rating* r = ratings_.data() + start_[i];
        const Rating* last = ratings_.data() + start_[i + 1];
        for (; r + 1 < last; r += 2) {  // two at a time, as in add_ratings
            probabilities_of<K>(f.eta(r[0]), f.d.sets[r[0].group], p0);
            probabilities_of<K>(f.eta(r[1]), f.d.sets[r[1].group], p1);
            add(r[0], p0);
            add(r[1], p1);
        }
        if (r < last) {
            probabilities_of<K>(f.eta(*r), f.d.sets[r->group], p0);
            add(*r, p0);
        }
        const double s = clamp_step(resid / info);
        f.theta[ratings_[start_[i]].applicant] += s;
        change = std::max(change, std::abs(s));
        if (done != nullptr && ((i + 1) % 16 == 0 || i + 1 == end))
            done->store(i + 1, std::memory_order_release);
    }
    return change;
}

template <int K>
void RaschSweep::add_rating(const Facets& f, const Rating& r, const double* p) {
    const auto& g = f.d.sets[r.group];
    const auto m = moments_of<K>(p, g.categories());
    double* sum = sums_[r.criterion].data();
    sum[0] += r.k - m.mean;
    sum[1] += m.var;
    sum = sums_[crit_n.size() + r.assessor].data();
    sum[0] += r.k - m.mean;
    sum[1] += m.var;
    double ge = 0;  // P(X >= h), from the top down
    double* at = ge_sums_.data() + 2 * offset[r.group];
    for (int h = (K > 0 ? K : g.categories()) - 1; h >= 1; --h) {
        ge += p[h];
        at[2 * h] += ge;
        at[2 * h + 1] += ge * (1 - ge);
    }
}

template <int K>
void RaschSweep::add_ratings(const Facets& f, const std::atomic<std::size_t>* done) {
    sums_.assign(crit_n.size() + rater_n.size(), {0.0, 0.0});
    ge_sums_.assign(2 * obs_ge.size(), 0.0);
    std::vector<double> p(2 * (kmax_ + 1));
    // Two ratings' probabilities at a time, for the processor to overlap.
    auto add = [&](const Rating* r, const Rating* last) {
        double* p0 = p.data();
        double* p1 = p0 + kmax_ + 1;
        for (; r + 1 < last; r += 2) {
            probabilities_of<K>(f.eta(r[0]), f.d.sets[r[0].group], p0);
            probabilities_of<K>(f.eta(r[1]), f.d.sets[r[1].group], p1);
            add_rating<K>(f, r[0], p0);
            add_rating<K>(f, r[1], p1);
        }
        if (r < last) {
            probabilities_of<K>(f.eta(*r), f.d.sets[r->group], p0);
            add_rating<K>(f, *r, p0);
        }
    };
    if (!together_) {
        add(in_order_.data(), in_order_.data() + in_order_.size());
    } else {
        const std::size_t n = start_.size() - 1;
        for (std::size_t i = 0; i < n; ++i) {
            // A few applicants behind, so as not to share the abilities'
            // cache lines with the thread writing them.
            while (done != nullptr && done->load(std::memory_order_acquire) < std::min(n, i + lag))
                std::this_thread::yield();
            add(ratings_.data() + start_[i], ratings_.data() + start_[i + 1]);
        }
    }
    sums.crit_resid.resize(crit_n.size());
    sums.crit_info.resize(crit_n.size());
    for (std::size_t c = 0; c < crit_n.size(); ++c)
        std::tie(sums.crit_resid[c], sums.crit_info[c]) = std::pair(sums_[c][0], sums_[c][1]);
    sums.rater_resid.resize(rater_n.size());
    sums.rater_info.resize(rater_n.size());
    for (std::size_t j = 0; j < rater_n.size(); ++j) {
        const auto& x = sums_[crit_n.size() + j];
        std::tie(sums.rater_resid[j], sums.rater_info[j]) = std::pair(x[0], x[1]);
    }
    sums.exp_ge.resize(obs_ge.size());
    sums.info_ge.resize(obs_ge.size());
    for (std::size_t h = 0; h < obs_ge.size(); ++h)
        std::tie(sums.exp_ge[h], sums.info_ge[h]) = std::pair(ge_sums_[2 * h], ge_sums_[2 * h + 1]);
}

template <int K>
double RaschSweep::sweep(const Facets& f) {
    const std::size_t n = start_.size() - 1;
    double change = 0;
    std::atomic<std::size_t> done{0};
    if (threads_ >= 2 && together_ &&
        run_beside(
            true, [&] { change = step_applicants<K>(f, 0, n, &done); },
            [&] { add_ratings<K>(f, &done); }))
        return change;
    std::vector<double> part(std::max(1U, threads_), 0.0);
    parallel_for(n, threads_, [&](unsigned w, std::size_t begin, std::size_t end) {
        part[w] = step_applicants<K>(f, begin, end, nullptr);
    });
    add_ratings<K>(f, nullptr);
    return *std::max_element(part.begin(), part.end());
}

double RaschSweep::run(const RaschData& d, std::vector<double>& theta,
                       const std::vector<double>& delta, const std::vector<double>& alpha) {
    const Facets f{d, theta.data(), delta.data(), alpha.data()};
    switch (categories_) {
        case 2:
            return sweep<2>(f);
        case 3:
            return sweep<3>(f);
        case 4:
            return sweep<4>(f);
        case 5:
            return sweep<5>(f);
        case 6:
            return sweep<6>(f);
        case 7:
            return sweep<7>(f);
        default:
            return sweep<0>(f);
    }
}

}  // namespace shortlist::detail

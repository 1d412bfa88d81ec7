// The Rasch fit's category probabilities and its sweeps over the ratings
// (docs/calibration.md#the-rasch-fit describes the method). A sweep's two
// passes run side by side: one thread takes the abilities' Newton steps,
// applicant by applicant; the calling thread follows it a few applicants
// behind, gathering at the new abilities the joint Newton system of the
// criteria, assessors and thresholds with each applicant's ability
// eliminated (or, when the joint step will not be taken, that system's
// diagonal alone, which is all the facets' own steps read). Every sum is taken applicant by
// applicant in one order, so the result is the same on any number of threads, to the last bit.
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
/// Newton steps an applicant's ability takes in a sweep at most; the second
/// only when the first was larger than `refine_above` logits (two save a
/// sweep or three early on; more cost more than they save on a loaded machine).
constexpr int applicant_steps = 2;
constexpr double refine_above = 1e-3;

/// Empties `v` and gives its memory back.
void release(std::vector<double>& v) {
    std::vector<double>().swap(v);
}

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
    for (const auto& r : d.rr) {
        if (d.extreme[r.applicant])
            continue;
        ++crit_n[r.criterion];
        ++rater_n[r.assessor];
        for (int h = 1; h <= r.k; ++h)
            obs_ge[offset[r.group] + static_cast<std::size_t>(h)] += 1;
        auto& i = index[r.applicant];
        if (i == none) {
            i = count.size();
            count.push_back(0);
        }
        ++count[i];
    }
    start_.assign(count.size() + 1, 0);
    for (std::size_t i = 0; i < count.size(); ++i)
        start_[i + 1] = start_[i] + count[i];
    ratings_.resize(start_.back());
    std::vector<std::size_t> at(start_.begin(), start_.end() - 1);
    for (const auto& r : d.rr)
        if (!d.extreme[r.applicant])
            ratings_[at[index[r.applicant]]++] = {r.applicant, r.criterion, r.assessor, r.group,
                                                  r.k};
    joint.size = criteria + assessors + obs_ge.size();
    threads_ = threads != 0                                         ? threads
               : worth_splitting(ratings_.size(), parallel_ratings) ? 2U
                                                                    : 1U;
}

template <int K>
double RaschSweep::applicant_step(const Facets& f, std::size_t i, double* p0, double* p1) const {
    double resid = 0, info = 0;
    auto add = [&](const Rating& r, const double* pr) {
        const auto m = moments_of<K>(pr, f.d.sets[r.group].categories());
        resid += r.k - m.mean;
        info += m.var;
    };
    const Rating* r = ratings_.data() + start_[i];
    const Rating* last = ratings_.data() + start_[i + 1];
    for (; r + 1 < last; r += 2) {  // two at a time, for the processor to overlap
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
    return s;
}

template <int K>
double RaschSweep::step_applicants(const Facets& f, std::size_t begin, std::size_t end,
                                   std::atomic<std::size_t>* done) const {
    std::vector<double> p(2 * (kmax_ + 1));
    double* p0 = p.data();
    double* p1 = p0 + kmax_ + 1;
    double change = 0;
    for (std::size_t i = begin; i < end; ++i) {
        // The first step is the convergence criterion's measure; a large one
        // is followed by another while the ratings are in the cache.
        double s = applicant_step<K>(f, i, p0, p1);
        change = std::max(change, std::abs(s));
        for (int more = 1; more < applicant_steps && std::abs(s) > refine_above; ++more)
            s = applicant_step<K>(f, i, p0, p1);
        if (done != nullptr && ((i + 1) % 16 == 0 || i + 1 == end))
            done->store(i + 1, std::memory_order_release);
    }
    return change;
}

template <int K, bool Joint>
void RaschSweep::add_rating(const Facets& f, const Rating& r, const double* p, Cross& a) {
    const int kk = K > 0 ? K : f.d.sets[r.group].categories();
    const std::size_t m = joint.size, c = r.criterion, j = crit_n.size() + r.assessor,
                      t = crit_n.size() + rater_n.size() + offset[r.group];
    double* ge = a.ge.data();  // P(X >= h), from the top down
    ge[kk] = 0;
    for (int h = kk - 1; h >= 1; --h)
        ge[h] = ge[h + 1] + p[h];
    double mean = 0;
    for (int h = 1; h < kk; ++h)
        mean += ge[h];
    // Cov(X, [X >= h]) = Σ_l Cov([X >= l], [X >= h]), Cov = P(X >= max) − P P.
    double* cov_x = a.cov.data();
    double var = 0, below = 0;
    for (int h = 1; h < kk; ++h) {
        cov_x[h] = ge[h] * (h - 1 - below) + (1 - ge[h]) * (mean - below);
        var += cov_x[h];
        below += ge[h];
    }
    var = std::max(var, 1e-12);
    const double resid = r.k - mean;
    double* mat = joint.matrix.data();
    if constexpr (Joint) {
        mat[c * m + c] += var;
        mat[j * m + j] += var;
        mat[c * m + j] += var;
    } else {  // the diagonal alone, the same sums in the same order
        diag_[c] += var;
        diag_[j] += var;
    }
    resid_[c] += resid;
    resid_[j] += resid;
    a.add(c, -var);
    a.add(j, -var);
    for (int h = 1; h < kk; ++h) {
        const auto th = t + static_cast<std::size_t>(h);
        if constexpr (Joint) {
            mat[c * m + th] += cov_x[h];
            mat[j * m + th] += cov_x[h];
            double* row = mat + th * m + t;
            for (int l = h; l < kk; ++l)
                row[l] += ge[l] * (1 - ge[h]);
        } else {
            diag_[th] += ge[h] * (1 - ge[h]);
        }
        resid_[th] += ge[h];
        a.add(th, -cov_x[h]);
    }
    a.resid += resid;
    a.info += var;
}

template <int K, bool Joint>
void RaschSweep::add_applicant(const Facets& f, std::size_t i, double* p, Cross& a) {
    const Rating* r = ratings_.data() + start_[i];
    const Rating* last = ratings_.data() + start_[i + 1];
    double* p1 = p + kmax_ + 1;
    for (; r + 1 < last; r += 2) {  // two at a time, for the processor to overlap
        probabilities_of<K>(f.eta(r[0]), f.d.sets[r[0].group], p);
        probabilities_of<K>(f.eta(r[1]), f.d.sets[r[1].group], p1);
        add_rating<K, Joint>(f, r[0], p, a);
        add_rating<K, Joint>(f, r[1], p1, a);
    }
    if (r < last) {
        probabilities_of<K>(f.eta(*r), f.d.sets[r->group], p);
        add_rating<K, Joint>(f, *r, p, a);
    }
    // Eliminate the applicant: matrix −= J_sa J_as / J_aa, cross += J_sa g_a / J_aa
    // (without the joint step, the diagonal alone).
    const std::size_t m = joint.size;
    const double inv = 1 / a.info;
    for (const auto x : a.touched) {
        const double wx = a.w[x] * inv;
        if constexpr (Joint) {
            joint.cross[x] += wx * a.resid;
            for (const auto y : a.touched)
                if (x <= y)
                    joint.matrix[x * m + y] -= wx * a.w[y];
        } else {
            diag_[x] -= wx * a.w[x];
        }
        removed_[x] += wx * a.w[x];
    }
    a.clear();
}

template <int K>
void RaschSweep::add_ratings(const Facets& f, const std::atomic<std::size_t>* done) {
    if (joint_)
        gather<K, true>(f, done);
    else
        gather<K, false>(f, done);
}

template <int K, bool Joint>
void RaschSweep::gather(const Facets& f, const std::atomic<std::size_t>* done) {
    const std::size_t m = joint.size;
    if constexpr (Joint) {
        joint.matrix.assign(m * m, 0.0);
        joint.cross.assign(m, 0.0);
        release(diag_);
    } else {  // m² doubles the own steps do not read
        release(joint.matrix);
        release(joint.cross);
        diag_.assign(m, 0.0);
    }
    resid_.assign(m, 0.0);
    removed_.assign(m, 0.0);
    std::vector<double> p(2 * (kmax_ + 1));
    Cross a;
    a.w.assign(m, 0.0);
    a.on.assign(m, 0);
    a.ge.assign(kmax_ + 1, 0.0);
    a.cov.assign(kmax_ + 1, 0.0);
    const std::size_t n = start_.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
        // A few applicants behind, so as not to share the abilities' cache
        // lines with the thread writing them.
        while (done != nullptr && done->load(std::memory_order_acquire) < std::min(n, i + lag))
            std::this_thread::yield();
        add_applicant<K, Joint>(f, i, p.data(), a);
    }
    finish_sums();
}

void RaschSweep::finish_sums() {
    const std::size_t m = joint.size, nc = crit_n.size(), na = rater_n.size();
    auto diag = [&](std::size_t x) { return joint_ ? joint.matrix[x * m + x] : diag_[x]; };
    sums.crit_resid.assign(resid_.begin(), resid_.begin() + static_cast<std::ptrdiff_t>(nc));
    sums.rater_resid.assign(resid_.begin() + static_cast<std::ptrdiff_t>(nc),
                            resid_.begin() + static_cast<std::ptrdiff_t>(nc + na));
    sums.exp_ge.assign(resid_.begin() + static_cast<std::ptrdiff_t>(nc + na), resid_.end());
    sums.crit_info.resize(nc);
    sums.rater_info.resize(na);
    sums.info_ge.resize(obs_ge.size());
    // The diagonal before the elimination: the information of each facet alone.
    std::vector<double> own(m, 0.0);
    for (std::size_t x = 0; x < m; ++x)
        own[x] = diag(x) + removed_[x];
    for (std::size_t c = 0; c < nc; ++c)
        sums.crit_info[c] = own[c];
    for (std::size_t j = 0; j < na; ++j)
        sums.rater_info[j] = own[nc + j];
    for (std::size_t h = 0; h < obs_ge.size(); ++h)
        sums.info_ge[h] = own[nc + na + h];
}

template <int K>
double RaschSweep::sweep(const Facets& f) {
    const std::size_t n = start_.size() - 1;
    double change = 0;
    std::atomic<std::size_t> done{0};
    if (threads_ >= 2 && run_beside(
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
                       const std::vector<double>& delta, const std::vector<double>& alpha,
                       bool joint_system) {
    const Facets f{d, theta.data(), delta.data(), alpha.data()};
    joint_ = joint_system;
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

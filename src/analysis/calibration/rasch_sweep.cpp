// The Rasch fit's category probabilities and its sweeps over the ratings
// (docs/calibration.md describes the method). A sweep takes each applicant's
// ratings once from memory: the Newton step of its ability, then, at the new
// ability, its ratings' share of the criteria's, assessors' and thresholds'
// sums. e^η is the product of e^θ, e^−δ and e^−α, one exp per applicant and
// none per rating.
#include <cmath>

#include "analysis/calibration/rasch_internal.hpp"
#include "util/parallel.hpp"

namespace shortlist::detail {

namespace {

/// Past this (logits) a facet's exponential is left out of the product form.
constexpr double exp_bound = 200;
/// Ratings per block of applicants, and the most blocks.
constexpr std::size_t block_ratings = 16'384;
constexpr std::size_t max_blocks = 64;
/// Fewer ratings than this take one thread.
constexpr std::size_t parallel_ratings = 50'000;

double bounded_exp(double v) {
    return std::abs(v) < exp_bound ? std::exp(v) : 0.0;
}

/// A rating's category terms t_k (w_k x^k, or its probabilities outside the
/// product form's range) and their sums Σ t, Σ k·t, Σ k²·t.
struct Terms {
    double s0 = 0, s1 = 0, s2 = 0;
    [[nodiscard]] Moments moments() const {
        const double inv = 1 / s0, mean = s1 * inv;
        return {mean, std::max(s2 * inv - mean * mean, 1e-12)};
    }
};

/// e^η within which the product form is used (else log space).
const double x_low = std::exp(-30.0), x_high = std::exp(30.0);

/// The terms of a rating at x = e^η, or (x out of range) at η in log space;
/// K categories, or (K = 0) the set's.
template <int K, class Eta>
Terms category_terms(const RaschSweep::Set& g, double x, Eta eta, double* t) {
    Terms s;
    const int kk = K > 0 ? K : g.categories;
    if (g.fast && x > x_low && x < x_high) {
        double xk = 1, k = 0;
        for (int i = 0; i < kk; ++i, k += 1) {
            const double tk = g.weight[i] * xk;
            t[i] = tk;
            s.s0 += tk;
            s.s1 += k * tk;
            s.s2 += k * k * tk;
            xk *= x;
        }
        return s;
    }
    probabilities(eta(), *g.set, t);
    double k = 0;
    for (int i = 0; i < kk; ++i, k += 1) {
        s.s0 += t[i];
        s.s1 += k * t[i];
        s.s2 += k * k * t[i];
    }
    return s;
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

void FacetSums::assign(std::size_t criteria, std::size_t assessors, std::size_t thresholds) {
    crit_resid.assign(criteria, 0.0);
    crit_info.assign(criteria, 0.0);
    rater_resid.assign(assessors, 0.0);
    rater_info.assign(assessors, 0.0);
    exp_ge.assign(thresholds, 0.0);
    info_ge.assign(thresholds, 0.0);
}

void FacetSums::add(const FacetSums& o) {
    auto plus = [](std::vector<double>& to, const std::vector<double>& from) {
        for (std::size_t i = 0; i < to.size(); ++i)
            to[i] += from[i];
    };
    plus(crit_resid, o.crit_resid);
    plus(crit_info, o.crit_info);
    plus(rater_resid, o.rater_resid);
    plus(rater_info, o.rater_info);
    plus(exp_ge, o.exp_ge);
    plus(info_ge, o.info_ge);
}

RaschSweep::RaschSweep(const RaschData& d, std::size_t criteria, std::size_t assessors,
                       unsigned threads) {
    for (const auto& g : d.sets) {
        offset.push_back(obs_ge.size());
        obs_ge.resize(obs_ge.size() + g.raw.size(), 0.0);
        kmax_ = std::max(kmax_, g.raw.size());
    }
    const std::size_t napp = d.extreme.size();
    std::vector<std::size_t> count(napp, 0);
    crit_n.assign(criteria, 0);
    rater_n.assign(assessors, 0);
    for (const auto& r : d.rr)
        if (!d.extreme[r.applicant]) {
            ++count[r.applicant];
            ++crit_n[r.criterion];
            ++rater_n[r.assessor];
            for (int h = 1; h <= r.k; ++h)
                obs_ge[offset[r.group] + static_cast<std::size_t>(h)] += 1;
        }
    std::vector<std::size_t> at(napp, 0);  // where applicant a's ratings go
    start_.push_back(0);
    for (std::size_t a = 0; a < napp; ++a)
        if (count[a] > 0) {
            at[a] = start_.back();
            apps_.push_back(static_cast<std::uint32_t>(a));
            start_.push_back(start_.back() + count[a]);
        }
    ratings_.resize(start_.back());
    for (const auto& r : d.rr)
        if (!d.extreme[r.applicant])
            ratings_[at[r.applicant]++] = {r.criterion, r.assessor, r.group, r.k};
    const std::size_t total = ratings_.size();
    const std::size_t nb = std::clamp<std::size_t>(total / block_ratings, 1, max_blocks);
    for (std::size_t i = 0; i < apps_.size();) {
        Block b;
        b.begin = i;
        const std::size_t until = total * (blocks_.size() + 1) / nb;
        while (i < apps_.size() && (start_[i] < until || i == b.begin))
            ++i;
        b.end = i;
        blocks_.push_back(std::move(b));
    }
    threads_ = threads != 0 ? threads : worth_splitting(total, parallel_ratings) ? 2U : 1U;
}

double RaschSweep::run(const RaschData& d, std::vector<double>& theta,
                       const std::vector<double>& delta, const std::vector<double>& alpha) {
    exp_delta_.resize(delta.size());
    exp_alpha_.resize(alpha.size());
    for (std::size_t c = 0; c < delta.size(); ++c)
        exp_delta_[c] = bounded_exp(-delta[c]);
    for (std::size_t j = 0; j < alpha.size(); ++j)
        exp_alpha_[j] = bounded_exp(-alpha[j]);
    sets_.clear();
    for (std::size_t g = 0; g < d.sets.size(); ++g)
        sets_.push_back({&d.sets[g], d.sets[g].weight.data(), d.sets[g].categories(),
                         d.sets[g].weights_ok, offset[g]});
    int common = 0;  // the categories of every set with ratings, if one number
    for (const auto& g : sets_)
        if (g.categories >= 2)
            common = common == 0 || common == g.categories ? g.categories : -1;
    parallel_for(blocks_.size(), threads_, [&](unsigned, std::size_t begin, std::size_t end) {
        std::vector<double> p(kmax_ + 1);
        for (std::size_t b = begin; b < end; ++b) {
            blocks_[b].sums.assign(delta.size(), alpha.size(), obs_ge.size());
            auto* block = &blocks_[b];
            switch (common) {  // loops of a fixed length unroll
                case 2:
                    run_block<2>(*block, theta.data(), delta.data(), alpha.data(), p.data());
                    break;
                case 3:
                    run_block<3>(*block, theta.data(), delta.data(), alpha.data(), p.data());
                    break;
                case 4:
                    run_block<4>(*block, theta.data(), delta.data(), alpha.data(), p.data());
                    break;
                case 5:
                    run_block<5>(*block, theta.data(), delta.data(), alpha.data(), p.data());
                    break;
                case 6:
                    run_block<6>(*block, theta.data(), delta.data(), alpha.data(), p.data());
                    break;
                case 7:
                    run_block<7>(*block, theta.data(), delta.data(), alpha.data(), p.data());
                    break;
                default:
                    run_block<0>(*block, theta.data(), delta.data(), alpha.data(), p.data());
            }
        }
    });
    sums.assign(delta.size(), alpha.size(), obs_ge.size());
    double change = 0;
    for (const auto& b : blocks_) {
        sums.add(b.sums);
        change = std::max(change, b.change);
    }
    return change;
}

template <int K>
void RaschSweep::run_block(Block& b, double* theta, const double* delta, const double* alpha,
                           double* p) const {
    const double* ed = exp_delta_.data();
    const double* ea = exp_alpha_.data();
    double* crit_resid = b.sums.crit_resid.data();
    double* crit_info = b.sums.crit_info.data();
    double* rater_resid = b.sums.rater_resid.data();
    double* rater_info = b.sums.rater_info.data();
    double* exp_ge = b.sums.exp_ge.data();
    double* info_ge = b.sums.info_ge.data();
    double change = 0;
    for (std::size_t i = b.begin; i < b.end; ++i) {
        const auto a = apps_[i];
        const Rating* first = ratings_.data() + start_[i];
        const Rating* last = ratings_.data() + start_[i + 1];
        double th = theta[a];
        auto terms = [&](const Rating& r, double ex) {
            return category_terms<K>(
                sets_[r.group], ex * ed[r.criterion] * ea[r.assessor],
                [&] { return th - delta[r.criterion] - alpha[r.assessor]; }, p);
        };
        double resid = 0, info = 0, ex = bounded_exp(th);
        for (const Rating* r = first; r != last; ++r) {
            const auto m = terms(*r, ex).moments();
            resid += r->k - m.mean;
            info += m.var;
        }
        const double step = clamp_step(resid / info);
        theta[a] = th = th + step;
        change = std::max(change, std::abs(step));
        ex = bounded_exp(th);
        for (const Rating* r = first; r != last; ++r) {
            const Terms s = terms(*r, ex);
            const auto m = s.moments();
            crit_resid[r->criterion] += r->k - m.mean;
            crit_info[r->criterion] += m.var;
            rater_resid[r->assessor] += r->k - m.mean;
            rater_info[r->assessor] += m.var;
            const auto& g = sets_[r->group];
            const double inv = 1 / s.s0;
            double ge = 0;  // P(X >= h), from the top down
            for (int h = (K > 0 ? K : g.categories) - 1; h >= 1; --h) {
                ge += p[h] * inv;
                exp_ge[g.offset + static_cast<std::size_t>(h)] += ge;
                info_ge[g.offset + static_cast<std::size_t>(h)] += ge * (1 - ge);
            }
        }
    }
    b.change = change;
}

}  // namespace shortlist::detail

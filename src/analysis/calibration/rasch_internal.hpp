// The many-facet Rasch fit's data and its sweeps: what rasch.cpp (the fit,
// standard errors, fit statistics, anchoring) and rasch_sweep.cpp (the
// abilities' Newton steps and the other facets' sums, on two threads) share.
// Private to src/analysis/calibration/.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace shortlist::detail {

inline constexpr double rasch_max_step = 1.0;  ///< logits per Newton step

[[nodiscard]] inline double clamp_step(double s) {
    return std::clamp(s, -rasch_max_step, rasch_max_step);
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
    void refresh();
};

/// Category probabilities p[0..K] at η: p_k ∝ exp(kη − Σ_{h≤k} τ_h). With
/// moderate η and thresholds as x^k · weight_k, x = e^η (one exp); else in log
/// space with the largest term factored out.
void probabilities(double eta, const ThresholdSet& g, double* p);

struct Moments {
    double mean = 0;
    double var = 0;
};

Moments moments(const double* p, int kk);

/// The ratings as the fit sees them, their threshold sets, and each
/// applicant's total and highest possible total in categories.
struct RaschData {
    std::vector<ThresholdSet> sets;
    std::vector<std::uint32_t> set_of;  ///< per criterion
    std::vector<RaschRating> rr;
    std::vector<double> total, most;
    std::vector<char> extreme;  ///< per applicant: every rating at an end
};

/// What one sweep gathers for the criteria, assessors and thresholds: Σ (x − E)
/// and Σ Var per criterion and assessor, and per threshold set g and category
/// h, at [offset[g] + h], the expected count of ratings at h or above and its
/// variance.
struct FacetSums {
    std::vector<double> crit_resid, crit_info, rater_resid, rater_info;
    std::vector<double> exp_ge, info_ge;
};

/// The sweeps over the ratings of non-extreme applicants (the others have no
/// say in the fit). Every sum is taken in the order of the ratings, as one
/// thread would, so the result does not depend on the thread count: the
/// abilities' steps are each applicant's own; the other facets' sums follow
/// the ratings, on the calling thread, a step behind the abilities when each
/// applicant's ratings are together (else after them).
class RaschSweep {
  public:
    /// `threads` 0: two when the ratings are many and the machine has two cores.
    RaschSweep(const RaschData& d, std::size_t criteria, std::size_t assessors, unsigned threads);
    /// A Newton step for every non-extreme applicant with the other facets
    /// held, then `sums` at the new abilities; returns the largest step.
    double run(const RaschData& d, std::vector<double>& theta, const std::vector<double>& delta,
               const std::vector<double>& alpha);
    FacetSums sums;
    std::vector<std::size_t> crit_n, rater_n;  ///< ratings in the sweeps
    std::vector<std::size_t> offset;           ///< set g's thresholds in FacetSums
    std::vector<double> obs_ge;                ///< ratings at h or above, as FacetSums

  private:
    struct Rating {
        std::uint32_t applicant, criterion, assessor, group;
        int k;
    };
    struct Facets {
        const RaschData& d;
        double* theta;
        const double* delta;
        const double* alpha;
        [[nodiscard]] double eta(const Rating& r) const {
            return theta[r.applicant] - delta[r.criterion] - alpha[r.assessor];
        }
    };
    // K categories in every threshold set (2..7), else 0: loops of a known
    // length unroll.
    template <int K>
    double sweep(const Facets& f);
    template <int K>
    double step_applicants(const Facets& f, std::size_t begin, std::size_t end,
                           std::atomic<std::size_t>* done) const;
    template <int K>
    void add_rating(const Facets& f, const Rating& r, const double* p);
    template <int K>
    void add_ratings(const Facets& f, const std::atomic<std::size_t>* done);
    std::vector<std::size_t> start_;  ///< applicant i's ratings: ratings_[start_[i]..start_[i+1])
    std::vector<Rating> ratings_;     ///< by applicant (first rated first), in rating order
    bool together_ = true;            ///< ratings_ is the ratings' order
    std::vector<Rating> in_order_;    ///< else the ratings in their order
    /// The sums as they are taken: Σ (x − E), Σ Var per criterion then
    /// assessor; expected count and variance per threshold, side by side.
    std::vector<std::array<double, 2>> sums_;
    std::vector<double> ge_sums_;
    std::size_t kmax_ = 0;
    int categories_ = 0;  ///< of every set with ratings, if one number (else 0)
    unsigned threads_ = 1;
};

}  // namespace shortlist::detail

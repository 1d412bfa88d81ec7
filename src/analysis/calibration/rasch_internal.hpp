// The many-facet Rasch fit's data and its sweeps: what rasch.cpp (the fit,
// standard errors, fit statistics, anchoring), rasch_sweep.cpp (the
// abilities' Newton steps and the other facets' sums, on two threads) and
// rasch_joint.cpp (the joint Newton step of the criteria, assessors and
// thresholds) share. Private to src/analysis/calibration/.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/calibration/effects_internal.hpp"

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

/// The joint Newton system of the facets other than the abilities, the
/// abilities eliminated (docs/calibration.md#the-rasch-fit): parameters
/// criteria, then assessors, then thresholds at [offset[g] + h]; `matrix`
/// (size × size, upper triangle) is the information of those facets less
/// Σ_a J_sa J_as / J_aa, `cross` is Σ_a J_sa g_a / J_aa, where g_a and J_aa
/// are applicant a's score residual and information and J_sa its ratings'
/// cross information with the other facets.
struct JointSums {
    std::size_t size = 0;
    std::vector<double> matrix, cross;
};

/// The sweeps over the ratings of non-extreme applicants (the others have no
/// say in the fit). Every sum is taken applicant by applicant (first rated
/// first), as one thread would, so the result does not depend on the thread
/// count: the abilities' steps are each applicant's own; the other facets'
/// sums follow them, on the calling thread, a few applicants behind.
class RaschSweep {
  public:
    /// `threads` 0: two when the ratings are many and the machine has two cores.
    RaschSweep(const RaschData& d, std::size_t criteria, std::size_t assessors, unsigned threads);
    /// A Newton step for every non-extreme applicant with the other facets
    /// held, then `sums` at the new abilities, and `joint` when `joint_system`
    /// (else `joint` is left empty: the own steps read only its diagonal, which
    /// is gathered alone, by the same sums, to the same bits); returns the
    /// largest step.
    double run(const RaschData& d, std::vector<double>& theta, const std::vector<double>& delta,
               const std::vector<double>& alpha, bool joint_system);
    FacetSums sums;
    JointSums joint;
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
    /// A Newton step of applicant i's ability, the other facets held; the step.
    template <int K>
    double applicant_step(const Facets& f, std::size_t i, double* p0, double* p1) const;
    template <int K>
    double step_applicants(const Facets& f, std::size_t begin, std::size_t end,
                           std::atomic<std::size_t>* done) const;
    /// An applicant's cross information J_sa (by parameter, zero but at
    /// `touched`), score residual and information.
    struct Cross {
        std::vector<double> w;
        std::vector<char> on;  ///< w[x] is in `touched`
        std::vector<std::size_t> touched;
        double resid = 0, info = 0;
        std::vector<double> ge, cov;  ///< a rating's P(X ≥ h) and Cov(X, [X ≥ h])
        void add(std::size_t x, double v) {
            if (!on[x]) {
                on[x] = 1;
                touched.push_back(x);
            }
            w[x] += v;
        }
        void clear() {
            for (const auto x : touched) {
                w[x] = 0;
                on[x] = 0;
            }
            touched.clear();
            resid = info = 0;
        }
    };
    /// Applicant i's part of the sums: its ratings', then its elimination.
    /// With `Joint` false only the diagonal of `joint.matrix`, in `diag_`.
    template <int K, bool Joint>
    void add_applicant(const Facets& f, std::size_t i, double* p, Cross& a);
    template <int K, bool Joint>
    void add_rating(const Facets& f, const Rating& r, const double* p, Cross& a);
    template <int K>
    void add_ratings(const Facets& f, const std::atomic<std::size_t>* done);
    /// add_ratings with the joint system (`Joint`) or its diagonal alone.
    template <int K, bool Joint>
    void gather(const Facets& f, const std::atomic<std::size_t>* done);
    void finish_sums();
    std::vector<std::size_t> start_;  ///< applicant i's ratings: ratings_[start_[i]..start_[i+1])
    std::vector<Rating> ratings_;     ///< by applicant (first rated first), in rating order
    /// Σ (x − E) per criterion then assessor, then Σ P(X ≥ h) per threshold:
    /// indexed as JointSums.
    std::vector<double> resid_;
    std::vector<double> removed_;  ///< what the elimination took off the diagonal
    std::vector<double> diag_;     ///< the matrix's diagonal, when `joint` is not gathered
    bool joint_ = true;            ///< this sweep gathers `joint`
    std::size_t kmax_ = 0;
    int categories_ = 0;  ///< of every set with ratings, if one number (else 0)
    unsigned threads_ = 1;
};

/// Each threshold set's thresholds centred on 0, the shift moved to its
/// criteria in `delta` (the same model), or with no `delta` dropped (after the
/// facets' own steps, rasch.cpp).
void centre_thresholds(RaschData& d, std::vector<double>* delta);

/// When the fit takes the joint Newton step (docs/calibration.md#the-rasch-fit)
/// rather than each facet's own: the defaults are the fit's; a test lowers them
/// to reach the own steps on a small design.
struct RaschLimits {
    /// Sweeps that take the joint step; a fit not converged by then goes on
    /// with each facet's own steps, which are slower but never cycle.
    std::size_t joint_sweeps = 50;
    /// More free criteria, assessors and thresholds than this (a panel of
    /// thousands of assessors) take the own steps: the dense solve would cost
    /// more than the sweeps it saves where the assessors mix, though not on a
    /// long ring of them (docs/calibration.md#the-rasch-fit measures both).
    std::size_t joint_limit = 2000;
};

/// fit_rasch (effects_internal.hpp) with the joint step's `limits`.
AssessorEffects fit_rasch(const RatingTable& t, const ConnectedComponents& comp,
                          const RaschLimits& limits, const FixedSeverities* fixed = nullptr,
                          std::vector<FreeEstimate>* free = nullptr,
                          const ProgressCallback& progress = {}, unsigned threads = 0);

/// Whether the joint step can be taken at `limit` (joint_newton_step): not
/// when the free criteria and assessors alone are more, whatever the
/// thresholds, and the sweep need not gather its system.
bool joint_step_fits(const RaschSweep& sw, const FixedSeverities* fixed, std::size_t limit);

/// The joint Newton step of the criteria, assessors (not those `fixed` holds)
/// and thresholds from the system `sw` gathered, the step shortened as a whole
/// to 2 logits; thresholds centred after. Returns the largest change, or
/// nothing (no change made) when the system has more than `limit` free
/// parameters or is not definite, and the facets' own steps should be taken
/// instead (rasch_joint.cpp).
std::optional<double> joint_newton_step(RaschData& d, const RaschSweep& sw,
                                        const ConnectedComponents& comp,
                                        const FixedSeverities* fixed, std::size_t limit,
                                        std::vector<double>& delta, std::vector<double>& alpha);

}  // namespace shortlist::detail

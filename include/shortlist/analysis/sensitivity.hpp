// Weight sensitivity: does the shortlist hinge on the rulebook's weights?
// Draw alternative weight sets around the rulebook's, re-score and re-select
// for each, and report how often each applicant is shortlisted and where they
// rank (docs/sensitivity.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "shortlist/ids.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// How alternative weights are drawn around the base weights e (each
/// criterion's share of the total, effective_weights(); sum 1).
enum class Perturbation {
    /// e' ~ Dirichlet(κ·e): mean e, Var e'_c = e_c(1 − e_c)/(κ + 1).
    Dirichlet,
    /// e'_c ∝ e_c·(1 + u_c), u_c ~ Uniform(−x, x) independently, renormalised.
    Uniform,
};
[[nodiscard]] std::string_view to_string(Perturbation p);  // "dirichlet", "uniform"

struct SensitivityOptions {
    Perturbation method = Perturbation::Dirichlet;
    double concentration = 100;  ///< κ > 0 (Dirichlet): larger = closer to the base weights
    double spread = 0.2;         ///< x in [0, 1) (Uniform): 0.2 = ±20%
    std::size_t draws = 1000;    ///< at least 1
    std::uint64_t seed = 1;
    /// Also the rank quantiles and Kendall's tau-b, which need every
    /// applicant's rank in every draw. false = selection only: the shortlisted
    /// draws, stable core, boundary, overlap and shortlist size (the same as
    /// with ranks, for the same seed), computed on only the applicants who can
    /// reach the shortlist in some draw; no rank quantiles or tau.
    bool ranks = true;
    /// Threads to use; 0 = every core. The result does not depend on it.
    std::size_t threads = 0;
    /// Called after each block of draws with (draws done, draws), never by two
    /// threads at once; may be empty.
    std::function<void(std::size_t, std::size_t)> progress;
};

/// One applicant across the draws.
struct ApplicantSensitivity {
    ApplicantId id;
    std::size_t outcome = 0;  ///< index into the baseline's outcomes
    /// Passes every gate that does not depend on the weights (eligibility,
    /// minimums, evidence): ranked in a draw unless below the pass mark.
    bool rankable = false;
    /// Opted in and meets every essential gate: shortlisted in every draw by
    /// the guaranteed interview scheme, whatever the weights.
    bool guaranteed_interview = false;
    std::optional<std::size_t> baseline_rank;  ///< rank under the rulebook's weights
    bool baseline_shortlisted = false;
    std::size_t shortlisted_draws = 0;
    double p_shortlisted = 0;  ///< shortlisted_draws / draws
    /// Rank percentiles over the draws (competition ranks among the applicants
    /// ranked in that draw; a draw in which the applicant falls below the pass
    /// mark counts as below every rank). Inverted-CDF definition (Hyndman and
    /// Fan's type 1): the q-quantile is the smallest rank r with at least
    /// ⌈q·D⌉ of the D draws at rank r or better. None when not rankable, or
    /// when the quantile falls below the pass mark. With rank_bin > 1 (see
    /// SensitivityResult) lo and hi are the ends of their bins, so that
    /// [lo, hi] contains the exact interval, and the median the middle of its bin.
    std::optional<std::size_t> median_rank;
    std::optional<std::size_t> rank_lo;  ///< 5th percentile (the better end)
    std::optional<std::size_t> rank_hi;  ///< 95th percentile

    friend bool operator==(const ApplicantSensitivity&, const ApplicantSensitivity&) = default;
};

struct SensitivityResult {
    Perturbation method = Perturbation::Dirichlet;
    double parameter = 0;  ///< κ or x
    std::size_t draws = 0;
    std::uint64_t seed = 0;
    std::optional<std::size_t> top;  ///< the shortlist size applied (the baseline's)
    std::vector<CriterionId> criteria;
    std::vector<double> base_weights;  ///< e, each criterion's share of the total
    /// Every applicant, in the baseline's entry order (rank order, then the
    /// ineligible).
    std::vector<ApplicantSensitivity> applicants;
    /// Indices into `applicants`, in that order: shortlisted in ≥ 95% of the
    /// draws (the stable core), and in ≥ 5% but < 95% (the boundary). Both
    /// comparisons are exact on counts (20·k ≥ 19·D, 20·k ≥ D).
    std::vector<std::size_t> stable_core;
    std::vector<std::size_t> boundary;
    std::size_t baseline_shortlisted = 0;  ///< |B|, the baseline shortlist's size
    /// Mean over the draws of |S ∩ B| / |B|, S the draw's shortlist and B the
    /// baseline's: the share of the baseline shortlist a draw keeps. None if B
    /// is empty.
    std::optional<double> mean_overlap;
    double mean_shortlist_size = 0;
    /// Kendall's tau-b between the baseline totals and each draw's totals over
    /// the rankable applicants (the pass mark only cuts the bottom of a
    /// ranking), averaged over the draws where it is defined; and its minimum.
    std::optional<double> kendall_tau;
    std::optional<double> kendall_tau_min;
    /// Ranks are counted in bins of this many ranks (1 = exact; see
    /// ApplicantSensitivity): 1 up to 1,024 rankable applicants, ⌈n/1024⌉ up
    /// to 16,384, coarser beyond, so that a thread has at most 2^24 counters
    /// and memory stays linear in n.
    std::size_t rank_bin = 1;
    /// SensitivityOptions::ranks: false when selection only (no rank
    /// quantiles, no Kendall's tau-b, rank_bin not meaningful).
    bool ranks = true;

    friend bool operator==(const SensitivityResult&, const SensitivityResult&) = default;
};

/// The weights of draw `draw` (0-based) around `base` (non-negative, summing
/// to 1; criteria of weight 0 stay 0). Each draw has its own random stream,
/// seeded from (seed, draw) by SplitMix64, a Mersenne Twister (mt19937_64)
/// and Boost.Random's gamma and uniform distributions (the same code on every
/// platform, unlike std::'s): the same weights whatever the thread count.
/// Throws UsageError for bad options.
[[nodiscard]] std::vector<double> draw_weights(std::span<const double> base,
                                               const SensitivityOptions& options, std::size_t draw);

/// Re-score and re-select `baseline` (select() of outcomes scored with the
/// per-criterion breakdown, ScoreOptions::explain) under options.draws weight
/// sets. In each draw the weight-independent gates (eligibility, minimums,
/// missing evidence) stand as scored, the pass mark is applied to the new
/// total, and the shortlist is the top `baseline.top` plus everyone tied with
/// the last place, and the guaranteed-interview applicants, as select() does.
///
/// A draw gives each criterion a share e'_c of the total. An applicant's total
/// is the Scorer's with group weights W'_g = Σ_{c in g} e'_c and criterion
/// weights e'_c inside their group: not_applicable criteria drop out of their
/// group, and the group's other criteria share its weight, exactly as with the
/// rulebook's weights (e' = e gives the Scorer's totals). With
/// weighted_geometric_mean the same weights are exponents. Totals are rounded
/// to 6 decimals; ties with ties: break_by are broken by the baseline's
/// tie-break values (criterion keys do not depend on the weights; a group key
/// compares the group's score under the rulebook's weights).
///
/// O(D·(n·m + n log n)) time on `threads` threads; memory O(n·m + n·bins)
/// per thread. Selection only (options.ranks false): O(n·m) once, then
/// O(D·k·m) for the k applicants who can reach the shortlist, no sort.
/// Throws UsageError for bad options, Error (InvalidArgument) if the outcomes
/// lack the per-criterion breakdown.
[[nodiscard]] SensitivityResult sensitivity(const Rulebook& rulebook, const Shortlist& baseline,
                                            const SensitivityOptions& options);

/// Kendall's tau-b of the pairs (x[i], y[i]), with ties, in O(n log n)
/// (Knight, 1966). None when n < 2 or every pair is tied in x or in y.
/// Throws Error (InvalidArgument) if the lengths differ or a value is NaN.
[[nodiscard]] std::optional<double> kendall_tau_b(std::span<const double> x,
                                                  std::span<const double> y);

}  // namespace shortlist

// Inter-rater agreement statistics for panel calibration: how far a panel of
// assessors agree on the applicants they rated.
//
// Every statistic takes a RatingMatrix (subjects = applicants, raters =
// assessors, missing cells allowed) and returns its value(s) together with a
// `notes` list. A value that cannot be computed is left empty (std::nullopt)
// and a note says why; whenever data are left out (incomplete subjects,
// raters without ratings, non-pairable units) a note says exactly what was
// left out and how much remains. Nothing is ever reported as a silent number.
//
// The functions never throw on bad data: a matrix of the wrong size or with
// infinite values gives empty results with a note. Subjects and raters are
// named in notes by their labels when the matrix carries them, otherwise as
// "subject #i" / "rater #j" with 0-based indices.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace shortlist {

/// Ratings of `subjects` subjects by `raters` raters, row-major: the rating of
/// subject s by rater r is values[s * raters + r]; NaN marks a missing cell.
/// Labels are optional (empty, or one per subject / rater) and only used in notes.
struct RatingMatrix {
    std::size_t subjects = 0;
    std::size_t raters = 0;
    std::vector<double> values;
    std::vector<std::string> subject_labels;
    std::vector<std::string> rater_labels;

    /// A subjects x raters matrix with every cell missing.
    [[nodiscard]] static RatingMatrix all_missing(std::size_t subjects, std::size_t raters);

    /// The cell (s, r); NaN when missing. Precondition: s < subjects, r < raters.
    [[nodiscard]] double at(std::size_t s, std::size_t r) const { return values[s * raters + r]; }
    /// Sets the cell (s, r). Precondition: s < subjects, r < raters.
    void set(std::size_t s, std::size_t r, double v) { values[s * raters + r] = v; }

    friend bool operator==(const RatingMatrix&, const RatingMatrix&) = default;
};

/// A two-sided confidence interval.
struct Interval {
    double lower = 0.0;
    double upper = 0.0;
    friend bool operator==(const Interval&, const Interval&) = default;
};

/// A chance-corrected agreement coefficient with its standard error and
/// two-sided interval, as Gwet (2014) and R's irrCAC give them: the interval
/// is value -/+ t(n - 1) x se, n the subjects, its upper end capped at 1.
/// `se` and `ci` are empty for a single subject (no spread to estimate).
struct Coefficient {
    double value = 0.0;
    std::optional<double> se;
    std::optional<Interval> ci;
    friend bool operator==(const Coefficient&, const Coefficient&) = default;
};

/// An F test: statistic, degrees of freedom (df2 may be fractional) and p-value.
struct FTest {
    double f = 0.0;
    double df1 = 0.0;
    double df2 = 0.0;
    double p_value = 0.0;
    friend bool operator==(const FTest&, const FTest&) = default;
};

/// The subjects x raters block without missing cells that ICC and Kendall's W
/// are computed on, and what was left out to get it. Indices are 0-based
/// into the input matrix, in increasing order.
///
/// Found greedily (cost O(raters x subjects)): raters are taken in decreasing
/// order of how many subjects they rated (ties: lower index first); for each
/// prefix of k >= 2 raters the block is the subjects rated by all k; the block
/// with the most cells (k x subjects) is kept, ties going to more subjects.
/// This is the largest block of that form, not necessarily the largest
/// complete block of all (finding that is NP-hard).
struct CompleteBlock {
    std::vector<std::size_t> subjects;          ///< kept
    std::vector<std::size_t> raters;            ///< kept
    std::vector<std::size_t> dropped_subjects;  ///< left out (a missing cell)
    std::vector<std::size_t> dropped_raters;    ///< left out
    friend bool operator==(const CompleteBlock&, const CompleteBlock&) = default;
};

// ---------------------------------------------------------------------------
// Intraclass correlation (Shrout & Fleiss 1979; McGraw & Wong 1996)

/// One ICC form: the estimate, its F test against ICC = 0 and its confidence
/// interval. `test` or `ci` is empty (with a note) when the error mean square
/// is 0 (the F ratio is infinite), e.g. under perfect agreement.
struct IccEstimate {
    double value = 0.0;
    std::optional<FTest> test;
    std::optional<Interval> ci;
    friend bool operator==(const IccEstimate&, const IccEstimate&) = default;
};

/// The six Shrout & Fleiss forms on the complete block (n subjects, k raters).
/// ICC(1,*): one-way random (each subject rated by different raters);
/// ICC(2,*): two-way random, absolute agreement; ICC(3,*): two-way mixed,
/// consistency. "_1" is the reliability of one rater, "_k" of the mean of k.
/// F tests: ICC(1,*) F = BMS/WMS on (n-1, n(k-1)) df; ICC(2,*) and ICC(3,*)
/// F = BMS/EMS on (n-1, (n-1)(k-1)) df. ICC(2,*) intervals use Satterthwaite's
/// approximate df, as in Shrout & Fleiss (1979) and McGraw & Wong (1996).
struct IccResult {
    std::optional<IccEstimate> icc1_1, icc2_1, icc3_1, icc1_k, icc2_k, icc3_k;
    /// Two-way ANOVA mean squares: between subjects (BMS), within subjects
    /// (WMS), between raters (JMS), residual (EMS). Empty when no block.
    std::optional<double> bms, wms, jms, ems;
    CompleteBlock block;
    std::vector<std::string> notes;
    friend bool operator==(const IccResult&, const IccResult&) = default;
};

/// ICC on the complete block of `ratings`; `confidence` is the two-sided level
/// of the intervals (default 95%; outside (0, 1): no intervals, with a note).
/// Everything is empty when no block with >= 2 subjects and >= 2 raters
/// exists; a single form is empty when its denominator is not positive (e.g.
/// every rating the same), each with a note.
[[nodiscard]] IccResult intraclass_correlation(const RatingMatrix& ratings,
                                               double confidence = 0.95);

// ---------------------------------------------------------------------------
// Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's
// alpha-reliability")

/// The difference function: nominal (same or not), ordinal (ranks of the
/// observed values, weighted by their frequencies), interval (squared
/// difference), ratio (squared difference over squared sum; values must be
/// >= 0, and at most 1000 distinct values, as its expected disagreement
/// compares every pair of them). The order of the enumerators is stable.
enum class AlphaMetric { Nominal, Ordinal, Interval, Ratio };

struct AlphaOptions {
    AlphaMetric metric = AlphaMetric::Interval;
    /// Bootstrap resamples for the interval; 0 = no interval.
    std::size_t bootstrap_samples = 2000;
    /// Seeds the resamples (resample b: seed_seq of the four 32-bit halves
    /// {seed low, seed high, b low, b high}).
    std::uint64_t seed = 20260101;
    /// Two-sided level of the interval, in (0, 1).
    double confidence = 0.95;
    /// Most threads for the resamples (at most the hardware's); the interval
    /// is the same on any number.
    unsigned threads = 2;
    /// Called as resamples finish with (resamples done, resamples), never by
    /// two threads at once, ending at (resamples, resamples) when there is an
    /// interval to compute; may be empty. The interval does not depend on it.
    std::function<void(std::size_t, std::size_t)> progress = {};
};

/// Alpha = 1 - D_o / D_e over the observed values, as from Krippendorff's
/// coincidence matrix (computed without forming it: O(values) per pass, the
/// ratio metric excepted). Units (subjects) with fewer than 2 ratings are not
/// pairable and are skipped (noted). Values are compared exactly.
///
/// Bootstrap: the pairable units are resampled with replacement (same count),
/// alpha is recomputed from the resampled units (the expected
/// disagreement included, so ordinal distances follow the resample), and the
/// interval is the percentile interval of the resampled alphas; resamples with
/// undefined alpha (no expected disagreement) are dropped and counted in a
/// note. Alpha depends on a resample only through how many of its units hold
/// each pattern of values, so a resample is drawn as those counts: with few
/// patterns (scales of a few points) one multinomial draw, as a binomial per
/// pattern; with many, a uniform draw per unit, as before. Resample b has its
/// own engine, boost::random::mt19937 seeded with boost::random::seed_seq of
/// the 32-bit halves of the seed and of b (low, high, low, high), with
/// Boost.Random's distributions, so a seed gives the same interval on every
/// platform and any number of threads.
struct AlphaResult {
    std::optional<double> alpha;
    std::optional<Interval> ci;
    double observed_disagreement = 0.0;  ///< D_o
    double expected_disagreement = 0.0;  ///< D_e
    std::size_t pairable_units = 0;
    std::size_t pairable_values = 0;  ///< n, the values in pairable units
    std::vector<std::string> notes;
    friend bool operator==(const AlphaResult&, const AlphaResult&) = default;
};

[[nodiscard]] AlphaResult krippendorff_alpha(const RatingMatrix& ratings,
                                             const AlphaOptions& options = {});

// ---------------------------------------------------------------------------
// Fleiss' kappa (Fleiss 1971)

/// Categories are the distinct observed values. Fleiss' kappa needs the same
/// number of ratings m per subject: subjects with exactly the modal number of
/// ratings (ties: the larger count) are used and the others are noted.
/// `z` and `p_value` test kappa = 0 with the standard error of Fleiss, Nee &
/// Landis (1979) under the null hypothesis (Fleiss's null variance), as R's
/// irr::kappam.fleiss; they are empty (with a note) when that standard error
/// is 0. `se` and `ci` are the non-null ones of Gwet (2014), as R's irrCAC
/// fleiss.kappa.raw gives them on these subjects (see Coefficient; the
/// interval's level is `confidence`).
struct FleissKappaResult {
    std::optional<double> kappa;
    std::optional<double> z;
    std::optional<double> p_value;
    std::optional<double> se;
    std::optional<Interval> ci;
    std::size_t ratings_per_subject = 0;        ///< m
    std::vector<std::size_t> subjects;          ///< used
    std::vector<std::size_t> dropped_subjects;  ///< not m ratings
    std::vector<std::string> notes;
    friend bool operator==(const FleissKappaResult&, const FleissKappaResult&) = default;
};

[[nodiscard]] FleissKappaResult fleiss_kappa(const RatingMatrix& ratings, double confidence = 0.95);

// ---------------------------------------------------------------------------
// Cohen's kappa (Cohen 1960, weighted: Cohen 1968)

/// Categories for Cohen's kappa: by default the distinct values the two raters
/// gave; with `scale_min`/`scale_max` set, the integer points of that scale
/// (every shared rating must then be one of them, and the scale has at most
/// 1000 points). Weights use category positions i, j (0-based, in increasing
/// value) among C categories: linear 1 - |i-j|/(C-1), quadratic
/// 1 - (i-j)^2/(C-1)^2, as R's irr::kappa2 weights "equal" and "squared".
/// Cost O(shared subjects + C): no C x C table.
///
/// Each kappa's standard error is the non-null one of Gwet (2014) for two
/// raters (R's irrCAC kappa2.table), and its interval as on Coefficient at
/// level `confidence` (outside (0, 1): no intervals).
struct CohenOptions {
    std::optional<double> scale_min;
    std::optional<double> scale_max;
    double confidence = 0.95;
};

struct CohenKappaResult {
    std::size_t rater_a = 0;
    std::size_t rater_b = 0;
    std::size_t shared_subjects = 0;  ///< rated by both
    std::optional<double> unweighted, linear, quadratic;
    /// The same kappas with their standard errors and intervals.
    std::optional<Coefficient> unweighted_se, linear_se, quadratic_se;
    std::vector<std::string> notes;
    friend bool operator==(const CohenKappaResult&, const CohenKappaResult&) = default;
};

/// Kappa of raters a and b on the subjects both rated. Empty with a note when
/// they share fewer than 2 subjects or chance agreement is 1 (one category).
[[nodiscard]] CohenKappaResult cohen_kappa(const RatingMatrix& ratings, std::size_t rater_a,
                                           std::size_t rater_b, const CohenOptions& options = {});

/// cohen_kappa for every pair a < b sharing at least 2 subjects, in (a, b)
/// order; O(cells + the pairs of raters sharing each subject). Empty when the matrix itself is
/// unusable (cohen_kappa on any pair says why).
[[nodiscard]] std::vector<CohenKappaResult> pairwise_cohen_kappa(const RatingMatrix& ratings,
                                                                 const CohenOptions& options = {});

// ---------------------------------------------------------------------------
// Gwet's AC1/AC2 (Gwet 2008; Gwet 2014) and Brennan & Prediger (1981)

/// Chance-corrected agreement that stays stable on skewed ratings (where
/// kappa collapses), each unweighted and with linear and quadratic weights,
/// with standard errors and intervals (Coefficient), as Gwet (2014) gives
/// them and R's irrCAC (gwet.ac1.raw, bp.coeff.raw) computes them.
///
/// Categories as for Cohen's kappa (CohenOptions: the scale's integer points,
/// or the distinct values given), q of them. Weights on the category values
/// x: linear 1 - |x_k - x_l| / (x_max - x_min), quadratic 1 - (x_k - x_l)^2 /
/// (x_max - x_min)^2. Missing ratings as in the published formulas: every
/// subject with a rating counts in the category proportions pi_k (mean over
/// subjects of the share of its ratings in k), so a subject rated once still
/// counts there; the observed agreement is over the subjects rated twice or
/// more. Chance agreement: AC1/AC2 T_w sum_k pi_k (1 - pi_k) / (q (q - 1)),
/// Brennan-Prediger T_w / q^2, T_w the sum of the weights. The variances are
/// Gwet's linearised ones (no finite-population correction). Four passes over
/// the subjects (their ratings, the proportions, the observed agreement and
/// the variances), each serving all three weightings: O(cells + sum of
/// squared distinct ratings per subject + q).
struct ChanceCorrectedResult {
    std::size_t subjects = 0;             ///< n: subjects with a rating
    std::size_t rated_twice = 0;          ///< subjects with 2 or more ratings
    std::size_t categories = 0;           ///< q
    std::optional<Coefficient> gwet_ac1;  ///< AC1 (unweighted)
    std::optional<Coefficient> gwet_ac2_linear, gwet_ac2_quadratic;
    std::optional<Coefficient> brennan_prediger;  ///< unweighted
    std::optional<Coefficient> brennan_prediger_linear, brennan_prediger_quadratic;
    std::vector<std::string> notes;
    friend bool operator==(const ChanceCorrectedResult&, const ChanceCorrectedResult&) = default;
};

/// Empty coefficients with a note when no subject has 2 ratings, there is a
/// single category (q < 2), or the categories are not valid (CohenOptions);
/// an interval level outside (0, 1) gives no intervals, with a note.
[[nodiscard]] ChanceCorrectedResult chance_corrected_agreement(const RatingMatrix& ratings,
                                                               const CohenOptions& options = {});

// ---------------------------------------------------------------------------
// Kendall's W (Kendall & Babington Smith 1939), with the tie correction

/// Each rater's ratings are ranked across the subjects of the complete block
/// (exactly equal values tie and get average ranks). W = 12 S / (m^2 (n^3 - n)
/// - m sum T), T = sum (t^3 - t) over each rater's ties, S the sum of squared
/// deviations of the subjects' rank sums from their mean; chi-squared =
/// m (n - 1) W on n - 1 df (large-sample test). m raters, n subjects.
struct KendallWResult {
    std::optional<double> w;
    std::optional<double> chi_squared;
    std::optional<double> df;
    std::optional<double> p_value;
    CompleteBlock block;
    std::vector<std::string> notes;
    friend bool operator==(const KendallWResult&, const KendallWResult&) = default;
};

[[nodiscard]] KendallWResult kendall_w(const RatingMatrix& ratings);

// ---------------------------------------------------------------------------
// Every statistic of one matrix

/// What agreement_set passes to each statistic.
struct AgreementSetOptions {
    /// Resamples for each alpha's interval (AlphaOptions::bootstrap_samples;
    /// its seed and threads are AlphaOptions' defaults).
    std::size_t bootstrap_samples = 1000;
    /// Two-sided level of every interval.
    double confidence = 0.95;
    /// The scale, if known: when both ends and every rating are whole numbers,
    /// its points are the categories of Cohen's kappas and AC/BP (CohenOptions),
    /// so that unused points count; otherwise the values given are.
    std::optional<double> scale_min, scale_max;
    /// The four alphas' resamples as one count, (done, 4 x bootstrap_samples)
    /// (AlphaOptions::progress); may be empty.
    std::function<void(std::size_t, std::size_t)> progress = {};
};

/// Every statistic above of one matrix, each the same as its own function
/// gives (pairwise_cohen_kappa for the kappas): the matrix is checked and
/// scanned once, the complete block found once for ICC and Kendall's W, and
/// alpha's units made once for its four metrics.
struct AgreementSet {
    std::size_t subjects = 0, raters = 0;
    std::size_t ratings = 0;                ///< the cells present
    std::vector<std::string> rater_labels;  ///< the matrix's (Cohen's rater indices)
    IccResult icc;
    std::array<AlphaResult, 4> alpha;  ///< by AlphaMetric: nominal, ordinal, interval, ratio
    FleissKappaResult fleiss;
    KendallWResult kendall;
    std::vector<CohenKappaResult> cohen;  ///< every pair of raters sharing 2 subjects or more
    ChanceCorrectedResult chance;
    friend bool operator==(const AgreementSet&, const AgreementSet&) = default;
};

[[nodiscard]] AgreementSet agreement_set(const RatingMatrix& ratings,
                                         const AgreementSetOptions& options = {});

}  // namespace shortlist

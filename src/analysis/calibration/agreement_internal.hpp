// Agreement statistics: what agreement.cpp, kappa.cpp, alpha.cpp and the
// kernels share. Private to src/analysis/calibration/.
#pragma once

#include <Eigen/Dense>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/analysis/agreement.hpp"

namespace shortlist::detail {

inline double as_double(std::size_t n) {
    return static_cast<double>(n);
}

/// Boost.Math reports domain errors and overflow as NaN / infinity instead of
/// throwing; callers check for finite results.
using NoThrow = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;
using FisherF = boost::math::fisher_f_distribution<double, NoThrow>;
using ChiSquared = boost::math::chi_squared_distribution<double, NoThrow>;
using Normal = boost::math::normal_distribution<double, NoThrow>;
using StudentT = boost::math::students_t_distribution<double, NoThrow>;

/// A coefficient from its value and (linearised) variance over n subjects:
/// se = sqrt(max(variance, 0)) and the interval value -/+ t(n - 1) se with
/// its upper end capped at 1 (Gwet 2014; R's irrCAC). Without se and ci for
/// n < 2; without ci for a level outside (0, 1).
Coefficient coefficient(double value, double variance, std::size_t n, double confidence);

/// Whether `confidence` is a usable interval level, in (0, 1).
inline bool good_confidence(double confidence) {
    return confidence > 0 && confidence < 1;
}

/// The integer points of the scale in `o` (both ends set) into `categories`;
/// an empty string, or the note why the scale cannot be used.
std::string scale_categories(const CohenOptions& o, std::vector<double>& categories);

inline bool present(const RatingMatrix& m, std::size_t s, std::size_t r) {
    return !std::isnan(m.at(s, r));
}

/// Why the matrix cannot be used at all, or an empty string.
std::string matrix_problem(const RatingMatrix& m);

/// A matrix's present cells, row by row: subject s's are [offsets[s],
/// offsets[s + 1]), raters ascending, as a row-major scan of the matrix meets
/// them. The statistics read these instead of the dense cells (a sift's
/// matrix is mostly missing), in the same order, so their sums are the same.
struct SparseRows {
    std::vector<std::size_t> offsets{0};
    std::vector<std::size_t> rater;
    std::vector<double> value;

    [[nodiscard]] std::size_t subjects() const { return offsets.size() - 1; }
};

/// The present (not NaN) cells of m.
SparseRows sparse_rows(const RatingMatrix& m);

/// matrix_problem's check of the values (a magnitude over 1e100), on rows of
/// a matrix shaped as `shape` (whose values are not read); empty if none.
std::string rows_problem(const RatingMatrix& shape, const SparseRows& rows);

/// The complete block every block statistic (ICC, Kendall's W) shares: the
/// block, the notes on what it left out and its dense ratings (empty when
/// there is no block).
struct SharedBlock {
    CompleteBlock block;
    std::vector<std::string> notes;
    std::optional<Eigen::MatrixXd> y;
};

/// The greedy complete block documented on CompleteBlock, of a matrix shaped
/// as `shape` with these rows.
CompleteBlock find_complete_block(const RatingMatrix& shape, const SparseRows& rows);

/// The block of a usable matrix shaped as `shape`, from its rows.
SharedBlock shared_block(const RatingMatrix& shape, const SparseRows& rows);

// The statistics on the rows of a usable matrix shaped as `shape` (its labels
// name subjects and raters in notes; its values are not read): what the public
// functions compute once they have checked the matrix.
IccResult intraclass_correlation(const SharedBlock& block, double confidence);
KendallWResult kendall_w(const SharedBlock& block);
FleissKappaResult fleiss_kappa(const RatingMatrix& shape, const SparseRows& rows,
                               double confidence);
std::vector<CohenKappaResult> pairwise_cohen_kappa(const RatingMatrix& shape,
                                                   const SparseRows& rows,
                                                   const CohenOptions& options);
ChanceCorrectedResult chance_corrected_agreement(const RatingMatrix& shape, const SparseRows& rows,
                                                 const CohenOptions& options);

/// Notes describing what the block left out; false when there is no block.
bool describe_block(const RatingMatrix& m, const CompleteBlock& b, std::vector<std::string>& out);

/// Average ranks (1-based) of v; adds sum(t^3 - t) over its ties to `ties`.
Eigen::VectorXd average_ranks(const Eigen::VectorXd& v, double& ties);

/// Cohen's kappas of two raters from the category positions (0 .. c-1) they
/// gave the same subjects, each written 1 - D_o / D_e (observed over chance
/// disagreement) with disagreement [i != j], |i - j| or (i - j)^2; the weighted
/// forms equal Cohen's (1968) kappa with weights 1 - |i-j|/(c-1) and
/// 1 - (i-j)^2/(c-1)^2. O(subjects + c): no c x c table. A kappa whose chance
/// disagreement is 0 is empty.
struct CohenKappas {
    std::optional<double> unweighted, linear, quadratic;
};

/// One rater's category proportions v_k (summing to 1) with their moments on
/// the category positions, mean = sum_k v_k k and square = sum_k v_k k^2,
/// and, where computed, distance[k] = sum_l v_l |k - l|.
struct CohenMarginal {
    std::vector<double> share;
    double mean = 0, square = 0;
    std::vector<double> distance;
};

/// The kappas with what the variances reuse: each rater's marginal (the
/// second's distances filled).
struct CohenFit {
    CohenKappas kappas;
    CohenMarginal first, second;
};

CohenFit cohen_kappas(const std::vector<std::size_t>& first, const std::vector<std::size_t>& second,
                      std::size_t c);

/// The kappas' variances (Gwet 2014, two raters; R's irrCAC kappa2.table):
/// (sum_kl p_kl (w_kl - (1 - k)(wbar_k. + wbar_.l))^2 - (p_a - 2 (1 - k) p_e)^2)
/// / (n (1 - p_e)^2), wbar_k. = sum_l w_kl p_.l and wbar_.l = sum_k w_kl p_k.,
/// with the weights of cohen_kappas; O(subjects + c), c >= 2 categories.
/// `fit` is cohen_kappas of the same ratings. Empty where the kappa is.
CohenKappas cohen_variances(const std::vector<std::size_t>& first,
                            const std::vector<std::size_t>& second, const CohenFit& fit);

/// The pairable units in compact form: unit u holds entries [offsets[u],
/// offsets[u+1]), each a value (index into `values`) and how often it occurs.
struct PairableUnits {
    std::vector<double> values;  // sorted distinct observed values
    std::vector<std::size_t> offsets{0};
    std::vector<std::size_t> category;
    std::vector<double> count;
    std::vector<double> weight;  // 1 / (m_u - 1)

    [[nodiscard]] std::size_t size() const { return weight.size(); }
};

struct AlphaParts {
    double alpha = 0, observed = 0, expected = 0;
};

/// Alpha over the units, unit u taken times[u] times (Krippendorff 2011,
/// section C, without forming the values x values coincidence matrix):
/// D_o sums delta^2 over the ordered pairs of values within each unit,
/// weighted 1 / (m_u - 1); D_e over all pairs of the pooled values. The
/// ordinal delta between values c < k, sum_{g=c..k} n_g - (n_c + n_k) / 2, is
/// the difference of their mid-positions a_c = sum_{g<c} n_g + n_c / 2, so
/// ordinal is interval on a. Cost O(entries + values), except ratio, whose
/// D_e is O(values^2). Empty when there is no expected disagreement.
std::optional<AlphaParts> alpha_parts(const PairableUnits& u, const std::vector<double>& times,
                                      AlphaMetric metric);

/// Each unit's within-unit disagreement, the sum over the ordered pairs of its
/// entries of n_e n_f delta^2, for a metric whose delta does not depend on the
/// counts: every one but ordinal, for which it is empty.
std::vector<double> within_disagreements(const PairableUnits& u, AlphaMetric metric);

/// Working space alpha_parts reuses from call to call.
struct AlphaBuffers {
    std::vector<double> n_c, x;
};

/// alpha_parts with the units' within_disagreements (empty: computed here)
/// and reused buffers, for the many resamples of one set of units.
std::optional<AlphaParts> alpha_parts(const PairableUnits& u, const std::vector<double>& times,
                                      AlphaMetric metric, const std::vector<double>& within,
                                      AlphaBuffers& buffers);

/// The pairable units grouped by pattern (the values a unit holds and how
/// often): alpha depends on a resample only through how many of its units
/// have each pattern. `of_unit[u]` is unit u's pattern.
struct Patterns {
    PairableUnits units;               ///< one per pattern, in order of first unit
    std::vector<std::uint64_t> count;  ///< units with the pattern
    std::vector<std::size_t> of_unit;
};

Patterns group_patterns(const PairableUnits& u);

/// Bootstrap resample b: how many of the n units drawn with replacement have
/// each pattern (into `times`), from its own engine (mt19937 seeded with
/// seed_seq{seed, b}). Either one multinomial draw (a binomial per pattern)
/// or n uniform draws of a unit: the same distribution. By default the first
/// when there are few patterns (8 per pattern or more), the second otherwise.
void resample(const Patterns& p, std::uint64_t seed, std::size_t b, std::vector<double>& times,
              std::optional<bool> per_unit = std::nullopt);

/// The distinct values, ascending: counted in a presence table when they
/// are whole numbers in a range of fewer than 65,536 (scale points), else
/// sorted. Values must be finite (no NaN); -0 and 0 are one value.
std::vector<double> distinct_sorted(std::vector<double> values);

/// Finds values in a sorted list of distinct values: through a table when
/// they are whole numbers in a range of fewer than 65,536 (scale points),
/// else by binary search.
class ValueIndex {
  public:
    explicit ValueIndex(const std::vector<double>& sorted);
    /// The position of v in the list, or npos when it is not there.
    [[nodiscard]] std::size_t find(double v) const;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  private:
    const std::vector<double>* sorted_;
    double lo_ = 0;
    std::vector<std::uint32_t> table_;  ///< position + 1 of lo + i, or 0
};

/// Sorts one unit's category positions and appends each distinct one with
/// how often it occurs (a unit's entries in PairableUnits' compact form).
void append_counts(std::vector<std::size_t>& row, std::vector<std::size_t>& category,
                   std::vector<double>& count);

/// R's quantile type 7 of sorted data.
double quantile7(const std::vector<double>& sorted, double p);

/// What Krippendorff's alpha needs of a matrix whatever the metric: the
/// pairable subjects as units, the note on the others, and the first negative
/// rating (in row-major order), which the ratio metric refuses.
struct AlphaInput {
    PairableUnits units;  ///< with its values, when pairable_units > 0
    std::size_t pairable_units = 0, pairable_values = 0;
    std::optional<std::string> unpairable_note;
    std::optional<std::string> negative_note;
    /// The values of the pairable subjects before the first negative rating's.
    std::size_t values_before_negative = 0;
};

AlphaInput alpha_input(const RatingMatrix& shape, const SparseRows& rows);
AlphaResult krippendorff_alpha(const AlphaInput& input, const AlphaOptions& options);

}  // namespace shortlist::detail

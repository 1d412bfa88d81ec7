// Inter-rater agreement statistics (see include/shortlist/analysis/agreement.hpp for
// definitions and sources). Dense work is on Eigen matrices; nothing here is
// quadratic in the number of subjects.
#include "shortlist/analysis/agreement.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/calibration/agreement_kernels.hpp"
#include "analysis/calibration/agreement_notes.hpp"

namespace shortlist {

namespace notes = detail::agreement_notes;
using detail::as_double;

RatingMatrix RatingMatrix::all_missing(std::size_t subjects, std::size_t raters) {
    RatingMatrix m;
    m.subjects = subjects;
    m.raters = raters;
    m.values.assign(subjects * raters, std::numeric_limits<double>::quiet_NaN());
    return m;
}

namespace {

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

/// The ratio metric compares every pair of distinct values; beyond this many it
/// is refused rather than left to run for minutes.
constexpr std::size_t kMaxRatioValues = 1000;

/// Ratings beyond this size would overflow the sums of squares; refused.
constexpr double kMaxMagnitude = 1e100;

bool present(const RatingMatrix& m, std::size_t s, std::size_t r) {
    return !std::isnan(m.at(s, r));
}

/// Why the matrix cannot be used at all, or an empty string.
std::string matrix_problem(const RatingMatrix& m) {
    if (m.raters != 0 && m.subjects > std::numeric_limits<std::size_t>::max() / m.raters)
        return notes::wrong_size(m.subjects, m.raters, m.values.size());
    if (m.values.size() != m.subjects * m.raters)
        return notes::wrong_size(m.subjects, m.raters, m.values.size());
    if (!m.subject_labels.empty() && m.subject_labels.size() != m.subjects)
        return notes::wrong_labels("subject", m.subject_labels.size(), m.subjects);
    if (!m.rater_labels.empty() && m.rater_labels.size() != m.raters)
        return notes::wrong_labels("rater", m.rater_labels.size(), m.raters);
    for (std::size_t s = 0; s < m.subjects; ++s)
        for (std::size_t r = 0; r < m.raters; ++r)
            if (std::abs(m.at(s, r)) > kMaxMagnitude)  // false for NaN (missing)
                return notes::out_of_range(m, s, r, m.at(s, r));
    return {};
}

/// Notes describing what the block left out; false when there is no block.
bool describe_block(const RatingMatrix& m, const CompleteBlock& b, std::vector<std::string>& out) {
    if (b.subjects.empty()) {
        out.push_back(notes::no_complete_block());
        return false;
    }
    if (!b.dropped_raters.empty())
        out.push_back(notes::dropped_raters(m, b.dropped_raters));
    if (!b.dropped_subjects.empty())
        out.push_back(notes::dropped_subjects(m, b.dropped_subjects));
    if (!b.dropped_raters.empty() || !b.dropped_subjects.empty())
        out.push_back(notes::block_used(b.subjects.size(), m.subjects, b.raters.size(), m.raters));
    return true;
}

Eigen::MatrixXd block_matrix(const RatingMatrix& m, const CompleteBlock& b) {
    Eigen::MatrixXd y(static_cast<Eigen::Index>(b.subjects.size()),
                      static_cast<Eigen::Index>(b.raters.size()));
    for (std::size_t i = 0; i < b.subjects.size(); ++i)
        for (std::size_t j = 0; j < b.raters.size(); ++j)
            y(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                m.at(b.subjects[i], b.raters[j]);
    return y;
}

/// Upper 1 - a quantile of F(df1, df2).
double f_upper(double a, double df1, double df2) {
    return boost::math::quantile(boost::math::complement(FisherF(df1, df2), a));
}

double f_p_value(double f, double df1, double df2) {
    return boost::math::cdf(boost::math::complement(FisherF(df1, df2), f));
}

// ICC(1,*) and ICC(3,*) share one pattern: F = BMS / X on (df1, df2), exact
// F intervals (Shrout & Fleiss 1979, eqs. for cases 1 and 3).
// Returns false when an interval was asked for but its F quantiles are not finite.
bool exact_f_forms(double f, double df1, double df2, double k, std::optional<double> tail,
                   IccEstimate& single, IccEstimate& average) {
    const FTest test{f, df1, df2, f_p_value(f, df1, df2)};
    single.test = test;
    average.test = test;
    if (!tail)
        return true;
    const double fl = f / f_upper(*tail, df1, df2);
    const double fu = f * f_upper(*tail, df2, df1);
    if (!(std::isfinite(fl) && std::isfinite(fu) && fl > 0))
        return false;
    single.ci = Interval{(fl - 1) / (fl + k - 1), (fu - 1) / (fu + k - 1)};
    average.ci = Interval{1 - 1 / fl, 1 - 1 / fu};
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------
// ICC

IccResult intraclass_correlation(const RatingMatrix& ratings, double confidence) {
    IccResult out;
    if (auto problem = matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    out.block = detail::find_complete_block(ratings);
    if (!describe_block(ratings, out.block, out.notes))
        return out;

    const Eigen::MatrixXd y = block_matrix(ratings, out.block);
    const double n = as_double(out.block.subjects.size());
    const double k = as_double(out.block.raters.size());
    const double grand = y.mean();
    const Eigen::VectorXd row = y.rowwise().mean();
    const Eigen::RowVectorXd col = y.colwise().mean();
    const double ss_rows = k * (row.array() - grand).square().sum();
    const double ss_cols = n * (col.array() - grand).square().sum();
    const double ss_within = (y.colwise() - row).array().square().sum();
    const Eigen::MatrixXd resid = (y.colwise() - row).rowwise() - (col.array() - grand).matrix();
    const double ss_error = resid.array().square().sum();

    const double bms = ss_rows / (n - 1);
    const double wms = ss_within / (n * (k - 1));
    const double jms = ss_cols / (k - 1);
    const double ems = ss_error / ((n - 1) * (k - 1));
    out.bms = bms;
    out.wms = wms;
    out.jms = jms;
    out.ems = ems;

    // Point estimates (Shrout & Fleiss 1979); a form whose
    // denominator is not positive is undefined.
    auto estimate = [&](std::string_view form, double num, double den,
                        std::optional<IccEstimate>& slot) {
        if (!(den > 0)) {
            out.notes.push_back(notes::icc_undefined(
                form, "its denominator is not positive (the subjects' ratings do not vary)"));
            return;
        }
        slot = IccEstimate{num / den, std::nullopt, std::nullopt};
    };
    estimate("ICC(1,1)", bms - wms, bms + (k - 1) * wms, out.icc1_1);
    estimate("ICC(2,1)", bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n, out.icc2_1);
    estimate("ICC(3,1)", bms - ems, bms + (k - 1) * ems, out.icc3_1);
    estimate("ICC(1,k)", bms - wms, bms, out.icc1_k);
    estimate("ICC(2,k)", bms - ems, bms + (jms - ems) / n, out.icc2_k);
    estimate("ICC(3,k)", bms - ems, bms, out.icc3_k);

    std::optional<double> tail;
    if (confidence > 0 && confidence < 1)
        tail = (1 - confidence) / 2;
    else
        out.notes.push_back(notes::bad_confidence(confidence));

    // F tests and intervals (Shrout & Fleiss 1979; McGraw & Wong 1996).
    IccEstimate scratch1, scratch2;
    if (out.icc1_1 || out.icc1_k) {
        if (!(wms > 0)) {
            out.notes.push_back(notes::icc_no_test("ICC(1,1) and ICC(1,k)", "WMS"));
        } else if (!exact_f_forms(bms / wms, n - 1, n * (k - 1), k, tail,
                                  out.icc1_1 ? *out.icc1_1 : scratch1,
                                  out.icc1_k ? *out.icc1_k : scratch2)) {
            out.notes.push_back(notes::icc_no_interval("ICC(1,1) and ICC(1,k)"));
        }
    }
    if (out.icc2_1 || out.icc2_k || out.icc3_1 || out.icc3_k) {
        if (ems > 0) {
            const double df2 = (n - 1) * (k - 1);
            if (!exact_f_forms(bms / ems, n - 1, df2, k, tail, out.icc3_1 ? *out.icc3_1 : scratch1,
                               out.icc3_k ? *out.icc3_k : scratch2))
                out.notes.push_back(notes::icc_no_interval("ICC(3,1) and ICC(3,k)"));
            const FTest test{bms / ems, n - 1, df2, f_p_value(bms / ems, n - 1, df2)};
            if (out.icc2_1)
                out.icc2_1->test = test;
            if (out.icc2_k)
                out.icc2_k->test = test;
            if (tail && out.icc2_1) {
                // Satterthwaite's approximate df (Shrout & Fleiss 1979), in the
                // form of R's psych::ICC, which stays finite at r = 1.
                const double r = out.icc2_1->value;
                const double fj = jms / ems;
                const double b = n * (1 + (k - 1) * r) - k * r;
                const double v = (k - 1) * (n - 1) * std::pow(k * r * fj + b, 2) /
                                 ((n - 1) * k * k * r * r * fj * fj + b * b);
                const double fs_upper = f_upper(*tail, n - 1, v);
                const double fs_lower = f_upper(*tail, v, n - 1);
                const double c = k * jms + (k * n - k - n) * ems;
                const double lo = n * (bms - fs_upper * ems) / (fs_upper * c + n * bms);
                const double hi = n * (fs_lower * bms - ems) / (c + n * fs_lower * bms);
                if (v > 0 && std::isfinite(lo) && std::isfinite(hi)) {
                    out.icc2_1->ci = Interval{lo, hi};
                    if (out.icc2_k)
                        out.icc2_k->ci =
                            Interval{lo * k / (1 + lo * (k - 1)), hi * k / (1 + hi * (k - 1))};
                } else {
                    out.notes.push_back(notes::icc_no_interval("ICC(2,1) and ICC(2,k)"));
                }
            }
        } else {
            out.notes.push_back(
                notes::icc_no_test("ICC(2,1), ICC(2,k), ICC(3,1) and ICC(3,k)", "EMS"));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Kendall's W

KendallWResult kendall_w(const RatingMatrix& ratings) {
    KendallWResult out;
    if (auto problem = matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    out.block = detail::find_complete_block(ratings);
    if (!describe_block(ratings, out.block, out.notes))
        return out;
    const Eigen::MatrixXd y = block_matrix(ratings, out.block);
    const double n = as_double(out.block.subjects.size());
    const double m = as_double(out.block.raters.size());
    double ties = 0;
    Eigen::VectorXd rank_sums = Eigen::VectorXd::Zero(y.rows());
    for (Eigen::Index j = 0; j < y.cols(); ++j)
        rank_sums += detail::average_ranks(y.col(j), ties);
    const double s = (rank_sums.array() - m * (n + 1) / 2).square().sum();
    const double den = m * m * (n * n * n - n) - m * ties;
    if (!(den > 0)) {
        out.notes.push_back(notes::kendall_all_tied());
        return out;
    }
    const double w = 12 * s / den;
    out.w = w;
    out.df = n - 1;
    out.chi_squared = m * (n - 1) * w;
    out.p_value = boost::math::cdf(boost::math::complement(ChiSquared(n - 1), *out.chi_squared));
    return out;
}

// ---------------------------------------------------------------------------
// Fleiss' kappa

FleissKappaResult fleiss_kappa(const RatingMatrix& ratings) {
    FleissKappaResult out;
    if (auto problem = matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    std::vector<std::size_t> per_subject(ratings.subjects, 0), frequency(ratings.raters + 1, 0);
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        for (std::size_t r = 0; r < ratings.raters; ++r)
            per_subject[s] += present(ratings, s, r) ? 1U : 0U;
        ++frequency[per_subject[s]];
    }
    std::size_t modal = 0, modal_frequency = 0;  // ties go to the larger count
    for (std::size_t c = 2; c < frequency.size(); ++c)
        if (frequency[c] > 0 && frequency[c] >= modal_frequency) {
            modal = c;
            modal_frequency = frequency[c];
        }
    if (modal_frequency < 2) {
        out.notes.push_back(notes::fleiss_too_few());
        return out;
    }
    out.ratings_per_subject = modal;
    for (std::size_t s = 0; s < ratings.subjects; ++s)
        (per_subject[s] == modal ? out.subjects : out.dropped_subjects).push_back(s);
    if (!out.dropped_subjects.empty())
        out.notes.push_back(notes::fleiss_dropped(ratings, modal, out.dropped_subjects));

    // Categories: the distinct values given to the subjects used.
    std::vector<double> categories;
    for (std::size_t s : out.subjects)
        for (std::size_t r = 0; r < ratings.raters; ++r)
            if (present(ratings, s, r))
                categories.push_back(ratings.at(s, r));
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());

    const double m = as_double(modal);
    const double big_n = as_double(out.subjects.size());
    Eigen::VectorXd totals = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(categories.size()));
    double agreement = 0;  // sum over subjects of P_i
    std::vector<double> row;
    for (std::size_t s : out.subjects) {
        row.clear();
        for (std::size_t r = 0; r < ratings.raters; ++r)
            if (present(ratings, s, r))
                row.push_back(ratings.at(s, r));
        std::sort(row.begin(), row.end());
        double squares = 0;
        for (std::size_t i = 0; i < row.size();) {
            std::size_t j = i;
            while (j < row.size() && row[j] == row[i])
                ++j;
            const double count = as_double(j - i);
            squares += count * count;
            const auto c =
                std::lower_bound(categories.begin(), categories.end(), row[i]) - categories.begin();
            totals(static_cast<Eigen::Index>(c)) += count;
            i = j;
        }
        agreement += (squares - m) / (m * (m - 1));
    }
    const Eigen::ArrayXd p = totals.array() / (big_n * m);
    const double p_bar = agreement / big_n;
    const double p_e = p.square().sum();
    if (!(1 - p_e > 0)) {
        out.notes.push_back(notes::one_category());
        return out;
    }
    out.kappa = (p_bar - p_e) / (1 - p_e);
    // Fleiss, Nee & Landis (1979) standard error under kappa = 0.
    const Eigen::ArrayXd pq = p * (1 - p);
    const double spq = pq.sum();
    const double var =
        2 / (spq * spq * big_n * m * (m - 1)) * (spq * spq - (pq * ((1 - p) - p)).sum());
    if (var > 0) {
        out.z = *out.kappa / std::sqrt(var);
        out.p_value = 2 * boost::math::cdf(boost::math::complement(Normal(), std::abs(*out.z)));
    } else {
        out.notes.push_back(notes::fleiss_no_test());
    }
    return out;
}

// ---------------------------------------------------------------------------
// Cohen's kappa

namespace {

/// Cohen's kappas of raters a and b (valid indices of a usable matrix) on
/// `shared`, the subjects both rated, in ascending order.
CohenKappaResult cohen_on_shared(const RatingMatrix& ratings, std::size_t rater_a,
                                 std::size_t rater_b, const std::vector<std::size_t>& shared,
                                 const CohenOptions& options) {
    CohenKappaResult out;
    out.rater_a = rater_a;
    out.rater_b = rater_b;
    out.shared_subjects = shared.size();
    if (shared.size() < 2) {
        out.notes.push_back(notes::too_few_shared(ratings, rater_a, rater_b, shared.size()));
        return out;
    }

    std::vector<double> categories;
    if (options.scale_min.has_value() != options.scale_max.has_value()) {
        out.notes.push_back(notes::half_scale());
        return out;
    }
    if (options.scale_min) {
        const double lo = *options.scale_min, hi = *options.scale_max;
        if (!(std::isfinite(lo) && std::isfinite(hi) && std::floor(lo) == lo &&
              std::floor(hi) == hi && lo < hi && hi - lo < 1000)) {
            out.notes.push_back(notes::bad_scale(lo, hi));
            return out;
        }
        const auto points = static_cast<std::size_t>(hi - lo) + 1;
        for (std::size_t i = 0; i < points; ++i)
            categories.push_back(lo + as_double(i));
        for (std::size_t s : shared)
            for (std::size_t r : {rater_a, rater_b}) {
                const double v = ratings.at(s, r);
                if (!(v >= lo && v <= hi && std::floor(v) == v)) {
                    out.notes.push_back(notes::off_scale(ratings, s, r, v));
                    return out;
                }
            }
    } else {
        for (std::size_t s : shared) {
            categories.push_back(ratings.at(s, rater_a));
            categories.push_back(ratings.at(s, rater_b));
        }
        std::sort(categories.begin(), categories.end());
        categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    }

    auto index = [&](double v) {
        return static_cast<std::size_t>(std::lower_bound(categories.begin(), categories.end(), v) -
                                        categories.begin());
    };
    std::vector<std::size_t> first, second;
    first.reserve(shared.size());
    second.reserve(shared.size());
    for (std::size_t s : shared) {
        first.push_back(index(ratings.at(s, rater_a)));
        second.push_back(index(ratings.at(s, rater_b)));
    }
    const auto kappas = detail::cohen_kappas(first, second, categories.size());
    out.unweighted = kappas.unweighted;
    if (categories.size() < 2) {
        out.notes.push_back(notes::one_category());
        out.notes.push_back(notes::weighted_needs_two());
        return out;
    }
    out.linear = kappas.linear;
    out.quadratic = kappas.quadratic;
    if (!out.unweighted || !out.linear || !out.quadratic)
        out.notes.push_back(notes::one_category());
    return out;
}

}  // namespace

CohenKappaResult cohen_kappa(const RatingMatrix& ratings, std::size_t rater_a, std::size_t rater_b,
                             const CohenOptions& options) {
    CohenKappaResult out;
    out.rater_a = rater_a;
    out.rater_b = rater_b;
    if (auto problem = matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    for (std::size_t r : {rater_a, rater_b})
        if (r >= ratings.raters) {
            out.notes.push_back(notes::bad_rater(r, ratings.raters));
            return out;
        }
    std::vector<std::size_t> shared;
    for (std::size_t s = 0; s < ratings.subjects; ++s)
        if (present(ratings, s, rater_a) && present(ratings, s, rater_b))
            shared.push_back(s);
    return cohen_on_shared(ratings, rater_a, rater_b, shared, options);
}

std::vector<CohenKappaResult> pairwise_cohen_kappa(const RatingMatrix& ratings,
                                                   const CohenOptions& options) {
    std::vector<CohenKappaResult> out;
    if (!matrix_problem(ratings).empty())
        return out;
    // One pass over the matrix lists, for each subject, the pairs of raters
    // who both rated it; sorted by (pair, subject), each pair's shared subjects
    // are then a run. A sift gives each applicant a few of many assessors, so
    // this is O(cells + pairs actually sharing a subject), not O(raters^2 x
    // subjects) as a scan per pair would be.
    struct Shared {
        std::size_t a, b, subject;
        bool operator<(const Shared& o) const {
            return a != o.a ? a < o.a : b != o.b ? b < o.b : subject < o.subject;
        }
    };
    std::vector<Shared> pairs;
    std::vector<std::size_t> present_raters;
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        present_raters.clear();
        for (std::size_t r = 0; r < ratings.raters; ++r)
            if (present(ratings, s, r))
                present_raters.push_back(r);
        for (std::size_t i = 0; i < present_raters.size(); ++i)
            for (std::size_t j = i + 1; j < present_raters.size(); ++j)
                pairs.push_back({present_raters[i], present_raters[j], s});
    }
    std::sort(pairs.begin(), pairs.end());
    std::vector<std::size_t> shared;
    for (std::size_t i = 0; i < pairs.size();) {
        std::size_t j = i;
        shared.clear();
        for (; j < pairs.size() && pairs[j].a == pairs[i].a && pairs[j].b == pairs[i].b; ++j)
            shared.push_back(pairs[j].subject);
        if (shared.size() >= 2)
            out.push_back(cohen_on_shared(ratings, pairs[i].a, pairs[i].b, shared, options));
        i = j;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Krippendorff's alpha

AlphaResult krippendorff_alpha(const RatingMatrix& ratings, const AlphaOptions& options) {
    AlphaResult out;
    if (auto problem = matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    detail::PairableUnits units;
    std::vector<std::size_t> skipped, pairable;
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        std::size_t m = 0;
        for (std::size_t r = 0; r < ratings.raters; ++r) {
            if (!present(ratings, s, r))
                continue;
            ++m;
            const double v = ratings.at(s, r);
            if (options.metric == AlphaMetric::Ratio && v < 0) {
                out.notes.push_back(notes::ratio_negative(ratings, s, r, v));
                return out;
            }
        }
        (m >= 2 ? pairable : skipped).push_back(s);
        if (m >= 2) {
            for (std::size_t r = 0; r < ratings.raters; ++r)
                if (present(ratings, s, r))
                    units.values.push_back(ratings.at(s, r));
            out.pairable_values += m;
        }
    }
    if (!skipped.empty())
        out.notes.push_back(notes::unpairable_units(ratings, skipped));
    out.pairable_units = pairable.size();
    if (pairable.empty()) {
        out.notes.push_back(notes::too_few_pairable());
        return out;
    }
    std::sort(units.values.begin(), units.values.end());
    units.values.erase(std::unique(units.values.begin(), units.values.end()), units.values.end());

    if (options.metric == AlphaMetric::Ratio && units.values.size() > kMaxRatioValues) {
        out.notes.push_back(notes::too_many_ratio_values(units.values.size(), kMaxRatioValues));
        return out;
    }
    std::vector<std::size_t> row;
    for (std::size_t s : pairable) {
        row.clear();
        for (std::size_t r = 0; r < ratings.raters; ++r)
            if (present(ratings, s, r))
                row.push_back(static_cast<std::size_t>(
                    std::lower_bound(units.values.begin(), units.values.end(), ratings.at(s, r)) -
                    units.values.begin()));
        std::sort(row.begin(), row.end());
        for (std::size_t i = 0; i < row.size();) {
            std::size_t j = i;
            while (j < row.size() && row[j] == row[i])
                ++j;
            units.category.push_back(row[i]);
            units.count.push_back(as_double(j - i));
            i = j;
        }
        units.offsets.push_back(units.category.size());
        units.weight.push_back(1 / (as_double(row.size()) - 1));
    }

    std::vector<double> times(units.size(), 1.0);
    const auto parts = detail::alpha_parts(units, times, options.metric);
    if (!parts) {
        out.notes.push_back(notes::no_expected_disagreement());
        return out;
    }
    out.alpha = parts->alpha;
    out.observed_disagreement = parts->observed;
    out.expected_disagreement = parts->expected;

    if (options.bootstrap_samples == 0)
        return out;
    if (!(options.confidence > 0 && options.confidence < 1)) {
        out.notes.push_back(notes::bad_confidence(options.confidence));
        return out;
    }
    // Both halves of the 64-bit seed reach the 32-bit engine.
    boost::random::mt19937 engine(static_cast<std::uint32_t>(options.seed ^ (options.seed >> 32)));
    boost::random::uniform_int_distribution<std::size_t> pick(0, units.size() - 1);
    std::vector<double> alphas;
    alphas.reserve(options.bootstrap_samples);
    for (std::size_t b = 0; b < options.bootstrap_samples; ++b) {
        std::fill(times.begin(), times.end(), 0.0);
        for (std::size_t i = 0; i < units.size(); ++i)
            times[pick(engine)] += 1;
        if (const auto resampled = detail::alpha_parts(units, times, options.metric))
            alphas.push_back(resampled->alpha);
    }
    if (alphas.size() < options.bootstrap_samples)
        out.notes.push_back(notes::bootstrap_undefined(options.bootstrap_samples - alphas.size(),
                                                       options.bootstrap_samples));
    if (alphas.size() < 2) {
        out.notes.push_back(notes::bootstrap_failed());
        return out;
    }
    std::sort(alphas.begin(), alphas.end());
    const double tail = (1 - options.confidence) / 2;
    out.ci = Interval{detail::quantile7(alphas, tail), detail::quantile7(alphas, 1 - tail)};
    return out;
}

}  // namespace shortlist

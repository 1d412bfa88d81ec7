// Inter-rater agreement statistics (see include/shortlist/analysis/agreement.hpp for
// definitions and sources): the matrix checks and complete blocks every
// statistic shares, ICC and Kendall's W. The kappas are in kappa.cpp,
// Krippendorff's alpha in alpha.cpp. Dense work is on Eigen matrices;
// nothing here is quadratic in the number of subjects.
#include "shortlist/analysis/agreement.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "analysis/calibration/agreement_internal.hpp"
#include "analysis/calibration/messages.hpp"

namespace shortlist {

namespace notes = detail::calibration_msg;
using detail::as_double;

RatingMatrix RatingMatrix::all_missing(std::size_t subjects, std::size_t raters) {
    RatingMatrix m;
    m.subjects = subjects;
    m.raters = raters;
    m.values.assign(subjects * raters, std::numeric_limits<double>::quiet_NaN());
    return m;
}

namespace detail {

/// Ratings beyond this size would overflow the sums of squares; refused.
constexpr double kMaxMagnitude = 1e100;

std::string matrix_problem(const RatingMatrix& m) {
    if (m.raters != 0 && m.subjects > std::numeric_limits<std::size_t>::max() / m.raters)
        return notes::wrong_size(m.subjects, m.raters, m.values.size());
    if (m.values.size() != m.subjects * m.raters)
        return notes::wrong_size(m.subjects, m.raters, m.values.size());
    if (!m.subject_labels.empty() && m.subject_labels.size() != m.subjects)
        return notes::wrong_labels("subject", m.subject_labels.size(), m.subjects);
    if (!m.rater_labels.empty() && m.rater_labels.size() != m.raters)
        return notes::wrong_labels("rater", m.rater_labels.size(), m.raters);
    // A branch-free scan first (false for NaN, missing); then find the cell.
    bool bad = false;
    for (double v : m.values)
        bad |= std::abs(v) > kMaxMagnitude;
    if (bad)
        for (std::size_t s = 0; s < m.subjects; ++s)
            for (std::size_t r = 0; r < m.raters; ++r)
                if (std::abs(m.at(s, r)) > kMaxMagnitude)
                    return notes::out_of_range(m, s, r, m.at(s, r));
    return {};
}

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

SparseRows sparse_rows(const RatingMatrix& m) {
    SparseRows rows;
    rows.offsets.reserve(m.subjects + 1);
    for (std::size_t s = 0; s < m.subjects; ++s) {
        for (std::size_t r = 0; r < m.raters; ++r) {
            const double v = m.at(s, r);
            if (std::isnan(v))
                continue;
            rows.rater.push_back(r);
            rows.value.push_back(v);
        }
        rows.offsets.push_back(rows.value.size());
    }
    return rows;
}

std::string rows_problem(const RatingMatrix& shape, const SparseRows& rows) {
    bool bad = false;
    for (double v : rows.value)
        bad |= std::abs(v) > kMaxMagnitude;
    if (bad)
        for (std::size_t s = 0; s < rows.subjects(); ++s)
            for (std::size_t e = rows.offsets[s]; e < rows.offsets[s + 1]; ++e)
                if (std::abs(rows.value[e]) > kMaxMagnitude)
                    return notes::out_of_range(shape, s, rows.rater[e], rows.value[e]);
    return {};
}

SharedBlock shared_block(const RatingMatrix& shape, const SparseRows& rows) {
    SharedBlock out;
    out.block = find_complete_block(shape, rows);
    if (!describe_block(shape, out.block, out.notes))
        return out;
    const CompleteBlock& b = out.block;
    std::vector<Eigen::Index> column(shape.raters, -1);
    for (std::size_t j = 0; j < b.raters.size(); ++j)
        column[b.raters[j]] = static_cast<Eigen::Index>(j);
    Eigen::MatrixXd y(static_cast<Eigen::Index>(b.subjects.size()),
                      static_cast<Eigen::Index>(b.raters.size()));
    for (std::size_t i = 0; i < b.subjects.size(); ++i)
        for (std::size_t e = rows.offsets[b.subjects[i]]; e < rows.offsets[b.subjects[i] + 1]; ++e)
            if (column[rows.rater[e]] >= 0)
                y(static_cast<Eigen::Index>(i), column[rows.rater[e]]) = rows.value[e];
    out.y = std::move(y);
    return out;
}

Coefficient coefficient(double value, double variance, std::size_t n, double confidence) {
    Coefficient c;
    c.value = value;
    if (n < 2)
        return c;
    c.se = std::sqrt(std::max(variance, 0.0));
    if (!good_confidence(confidence))
        return c;
    const double t = boost::math::quantile(
        boost::math::complement(StudentT(as_double(n - 1)), (1 - confidence) / 2));
    c.ci = Interval{value - t * *c.se, std::min(1.0, value + t * *c.se)};
    return c;
}

std::string scale_categories(const CohenOptions& o, std::vector<double>& categories) {
    if (o.scale_min.has_value() != o.scale_max.has_value())
        return notes::half_scale();
    const double lo = *o.scale_min, hi = *o.scale_max;
    if (!(std::isfinite(lo) && std::isfinite(hi) && std::floor(lo) == lo && std::floor(hi) == hi &&
          lo < hi && hi - lo < 1000))
        return notes::bad_scale(lo, hi);
    const auto points = static_cast<std::size_t>(hi - lo) + 1;
    for (std::size_t i = 0; i < points; ++i)
        categories.push_back(lo + as_double(i));
    return {};
}

}  // namespace detail

namespace {

/// The shared block of `ratings`, or, when the matrix cannot be used, none
/// with the note why.
detail::SharedBlock checked_block(const RatingMatrix& ratings) {
    if (auto problem = detail::matrix_problem(ratings); !problem.empty()) {
        detail::SharedBlock out;
        out.notes.push_back(std::move(problem));
        return out;
    }
    return detail::shared_block(ratings, detail::sparse_rows(ratings));
}

/// Upper 1 - a quantile of F(df1, df2).
double f_upper(double a, double df1, double df2) {
    return boost::math::quantile(boost::math::complement(detail::FisherF(df1, df2), a));
}

double f_p_value(double f, double df1, double df2) {
    return boost::math::cdf(boost::math::complement(detail::FisherF(df1, df2), f));
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

/// The two-way ANOVA mean squares of the block y (n subjects x k raters).
void icc_mean_squares(const Eigen::MatrixXd& y, IccResult& out) {
    const auto n = static_cast<double>(y.rows());
    const auto k = static_cast<double>(y.cols());
    const double grand = y.mean();
    const Eigen::VectorXd row = y.rowwise().mean();
    const Eigen::RowVectorXd col = y.colwise().mean();
    const double ss_rows = k * (row.array() - grand).square().sum();
    const double ss_cols = n * (col.array() - grand).square().sum();
    const double ss_within = (y.colwise() - row).array().square().sum();
    const Eigen::MatrixXd resid = (y.colwise() - row).rowwise() - (col.array() - grand).matrix();
    const double ss_error = resid.array().square().sum();
    out.bms = ss_rows / (n - 1);
    out.wms = ss_within / (n * (k - 1));
    out.jms = ss_cols / (k - 1);
    out.ems = ss_error / ((n - 1) * (k - 1));
}

/// Point estimates (Shrout & Fleiss 1979); a form whose denominator is not
/// positive is undefined.
void icc_estimates(double n, double k, IccResult& out) {
    const double bms = *out.bms, wms = *out.wms, jms = *out.jms, ems = *out.ems;
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
}

/// ICC(2,*) intervals: Satterthwaite's approximate df (Shrout & Fleiss 1979),
/// in the form of R's psych::ICC, which stays finite at r = 1.
void icc2_interval(double n, double k, double tail, IccResult& out) {
    const double bms = *out.bms, jms = *out.jms, ems = *out.ems;
    const double r = out.icc2_1->value;
    const double fj = jms / ems;
    const double b = n * (1 + (k - 1) * r) - k * r;
    const double v = (k - 1) * (n - 1) * std::pow(k * r * fj + b, 2) /
                     ((n - 1) * k * k * r * r * fj * fj + b * b);
    const double fs_upper = f_upper(tail, n - 1, v);
    const double fs_lower = f_upper(tail, v, n - 1);
    const double c = k * jms + (k * n - k - n) * ems;
    const double lo = n * (bms - fs_upper * ems) / (fs_upper * c + n * bms);
    const double hi = n * (fs_lower * bms - ems) / (c + n * fs_lower * bms);
    if (v > 0 && std::isfinite(lo) && std::isfinite(hi)) {
        out.icc2_1->ci = Interval{lo, hi};
        if (out.icc2_k)
            out.icc2_k->ci = Interval{lo * k / (1 + lo * (k - 1)), hi * k / (1 + hi * (k - 1))};
    } else {
        out.notes.push_back(notes::icc_no_interval("ICC(2,1) and ICC(2,k)"));
    }
}

/// F tests and intervals (Shrout & Fleiss 1979; McGraw & Wong 1996).
void icc_tests(double n, double k, std::optional<double> tail, IccResult& out) {
    const double bms = *out.bms, wms = *out.wms, ems = *out.ems;
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
    if (!(out.icc2_1 || out.icc2_k || out.icc3_1 || out.icc3_k))
        return;
    if (!(ems > 0)) {
        out.notes.push_back(notes::icc_no_test("ICC(2,1), ICC(2,k), ICC(3,1) and ICC(3,k)", "EMS"));
        return;
    }
    const double df2 = (n - 1) * (k - 1);
    if (!exact_f_forms(bms / ems, n - 1, df2, k, tail, out.icc3_1 ? *out.icc3_1 : scratch1,
                       out.icc3_k ? *out.icc3_k : scratch2))
        out.notes.push_back(notes::icc_no_interval("ICC(3,1) and ICC(3,k)"));
    const FTest test{bms / ems, n - 1, df2, f_p_value(bms / ems, n - 1, df2)};
    if (out.icc2_1)
        out.icc2_1->test = test;
    if (out.icc2_k)
        out.icc2_k->test = test;
    if (tail && out.icc2_1)
        icc2_interval(n, k, *tail, out);
}

}  // namespace

// ---------------------------------------------------------------------------
// ICC

IccResult intraclass_correlation(const RatingMatrix& ratings, double confidence) {
    return detail::intraclass_correlation(checked_block(ratings), confidence);
}

IccResult detail::intraclass_correlation(const SharedBlock& block, double confidence) {
    IccResult out;
    out.block = block.block;
    out.notes = block.notes;
    if (!block.y)
        return out;
    icc_mean_squares(*block.y, out);
    const double n = as_double(out.block.subjects.size()), k = as_double(out.block.raters.size());
    icc_estimates(n, k, out);
    std::optional<double> tail;
    if (confidence > 0 && confidence < 1)
        tail = (1 - confidence) / 2;
    else
        out.notes.push_back(notes::bad_confidence(confidence));
    icc_tests(n, k, tail, out);
    return out;
}

// ---------------------------------------------------------------------------
// Kendall's W

KendallWResult kendall_w(const RatingMatrix& ratings) {
    return detail::kendall_w(checked_block(ratings));
}

KendallWResult detail::kendall_w(const SharedBlock& block) {
    KendallWResult out;
    out.block = block.block;
    out.notes = block.notes;
    if (!block.y)
        return out;
    const Eigen::MatrixXd& y = *block.y;
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
    out.p_value =
        boost::math::cdf(boost::math::complement(detail::ChiSquared(n - 1), *out.chi_squared));
    return out;
}

}  // namespace shortlist

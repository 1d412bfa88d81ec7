// Every agreement statistic of one matrix with the work they share done once
// (include/shortlist/analysis/agreement.hpp), and the same straight from a
// rating table, without its dense matrix (include/shortlist/analysis/calibration.hpp).
#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>

#include "analysis/calibration/agreement_internal.hpp"
#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"

namespace shortlist {

namespace {

/// Cohen's categories: the scale's points when every rating is one of them
/// (so unused points still count), else the values given.
CohenOptions cohen_options(const detail::SparseRows& rows, const AgreementSetOptions& options) {
    CohenOptions cohen;
    cohen.confidence = options.confidence;
    if (!options.scale_min || !options.scale_max)
        return cohen;
    const double lo = *options.scale_min, hi = *options.scale_max;
    bool whole = std::floor(lo) == lo && std::floor(hi) == hi && hi > lo;
    for (double v : rows.value)
        whole = whole && std::floor(v) == v;
    if (whole) {
        cohen.scale_min = lo;
        cohen.scale_max = hi;
    }
    return cohen;
}

/// The set of a matrix shaped as `shape` with these rows; `problem` (when not
/// empty) is why it cannot be used, the note each statistic then carries.
AgreementSet set_of(const RatingMatrix& shape, const detail::SparseRows& rows,
                    const AgreementSetOptions& options, const std::string& problem) {
    AgreementSet out;
    out.subjects = shape.subjects;
    out.raters = shape.raters;
    out.ratings = rows.value.size();
    out.rater_labels = shape.rater_labels;
    if (!problem.empty()) {
        out.icc.notes.push_back(problem);
        for (auto& a : out.alpha)
            a.notes.push_back(problem);
        out.fleiss.notes.push_back(problem);
        out.kendall.notes.push_back(problem);
        out.chance.notes.push_back(problem);
        return out;
    }
    const detail::SharedBlock block = detail::shared_block(shape, rows);
    out.icc = detail::intraclass_correlation(block, options.confidence);
    const detail::AlphaInput alpha = detail::alpha_input(shape, rows);
    for (std::size_t i = 0; i < out.alpha.size(); ++i) {
        AlphaOptions o;
        o.metric = static_cast<AlphaMetric>(i);
        o.bootstrap_samples = options.bootstrap_samples;
        o.confidence = options.confidence;
        if (options.progress) {
            const std::size_t before = i * options.bootstrap_samples;
            const std::size_t all = out.alpha.size() * options.bootstrap_samples;
            o.progress = [&options, before, all](std::size_t done, std::size_t) {
                options.progress(before + done, all);
            };
        }
        out.alpha[i] = detail::krippendorff_alpha(alpha, o);
    }
    out.fleiss = detail::fleiss_kappa(shape, rows, options.confidence);
    out.kendall = detail::kendall_w(block);
    const CohenOptions cohen = cohen_options(rows, options);
    out.cohen = detail::pairwise_cohen_kappa(shape, rows, cohen);
    out.chance = detail::chance_corrected_agreement(shape, rows, cohen);
    return out;
}

/// Ratings taken into the matrix, by applicant: `order` lists them grouped by
/// applicant (applicants ascending, table order within one), applicant a's
/// in [start[a], start[a + 1]).
struct ByApplicant {
    std::vector<std::size_t> start, order;
};

ByApplicant by_applicant(const RatingTable& t, std::optional<std::uint32_t> criterion) {
    ByApplicant b;
    b.start.assign(t.applicants.size() + 1, 0);
    for (const auto& r : t.ratings)
        if (!criterion || r.criterion == *criterion)
            ++b.start[r.applicant + 1];
    for (std::size_t a = 0; a < t.applicants.size(); ++a)
        b.start[a + 1] += b.start[a];
    b.order.resize(b.start.back());
    std::vector<std::size_t> next(b.start.begin(), b.start.end() - 1);
    for (std::size_t i = 0; i < t.ratings.size(); ++i)
        if (!criterion || t.ratings[i].criterion == *criterion)
            b.order[next[t.ratings[i].applicant]++] = i;
    return b;
}

/// The matrix's raters: the assessors with a rating taken, numbered in table
/// order of the assessors (as criterion_matrix and overall_matrix number them).
std::vector<std::size_t> number_raters(const RatingTable& t, const ByApplicant& b,
                                       RatingMatrix& shape) {
    std::vector<std::size_t> column(t.assessors.size(), Evidence::npos);
    for (std::size_t i : b.order)
        column[t.ratings[i].assessor] = 0;
    for (std::size_t j = 0; j < column.size(); ++j)
        if (column[j] != Evidence::npos) {
            column[j] = shape.rater_labels.size();
            shape.rater_labels.push_back(t.assessors[j].value());
        }
    shape.raters = shape.rater_labels.size();
    return column;
}

/// The rows criterion_matrix or overall_matrix would hold, and the shape
/// (labels, no values) of that matrix. A cell rated twice holds the later
/// rating, as the dense matrix does; a NaN rating is a missing cell.
detail::SparseRows table_rows(const RatingTable& t, std::optional<std::uint32_t> criterion,
                              RatingMatrix& shape) {
    const ByApplicant b = by_applicant(t, criterion);
    const std::vector<std::size_t> column = number_raters(t, b, shape);
    detail::SparseRows rows;
    std::vector<std::size_t> cell;
    for (std::size_t a = 0; a < t.applicants.size(); ++a) {
        cell.assign(b.order.begin() + static_cast<std::ptrdiff_t>(b.start[a]),
                    b.order.begin() + static_cast<std::ptrdiff_t>(b.start[a + 1]));
        std::sort(cell.begin(), cell.end(), [&](std::size_t x, std::size_t y) {
            const auto& rx = t.ratings[x];
            const auto& ry = t.ratings[y];
            return std::tie(rx.criterion, rx.assessor, x) < std::tie(ry.criterion, ry.assessor, y);
        });
        for (std::size_t k = 0; k < cell.size(); ++k) {
            const auto& r = t.ratings[cell[k]];
            if (k == 0 || t.ratings[cell[k - 1]].criterion != r.criterion) {
                if (k > 0)
                    rows.offsets.push_back(rows.value.size());
                shape.subject_labels.push_back(criterion ? t.applicants[a].value()
                                                         : t.applicants[a].value() + "/" +
                                                               t.criteria[r.criterion].value());
            }
            const bool later = k + 1 < cell.size() &&
                               t.ratings[cell[k + 1]].criterion == r.criterion &&
                               t.ratings[cell[k + 1]].assessor == r.assessor;
            if (!later && !std::isnan(r.score)) {
                rows.rater.push_back(column[r.assessor]);
                rows.value.push_back(r.score);
            }
        }
        if (!cell.empty())
            rows.offsets.push_back(rows.value.size());
    }
    shape.subjects = shape.subject_labels.size();
    return rows;
}

}  // namespace

AgreementSet agreement_set(const RatingMatrix& ratings, const AgreementSetOptions& options) {
    const std::string problem = detail::matrix_problem(ratings);
    if (problem.empty())
        return set_of(ratings, detail::sparse_rows(ratings), options, problem);
    AgreementSet out = set_of(ratings, {}, options, problem);
    out.ratings = static_cast<std::size_t>(std::count_if(
        ratings.values.begin(), ratings.values.end(), [](double v) { return !std::isnan(v); }));
    return out;
}

AgreementSet table_agreement_set(const RatingTable& table, std::optional<std::uint32_t> criterion,
                                 const AgreementSetOptions& options) {
    RatingMatrix shape;
    const detail::SparseRows rows = table_rows(table, criterion, shape);
    return set_of(shape, rows, options, detail::rows_problem(shape, rows));
}

}  // namespace shortlist

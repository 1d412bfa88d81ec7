// Fleiss' and Cohen's kappas (include/shortlist/analysis/agreement.hpp).
#include <algorithm>
#include <cmath>
#include <string_view>

#include "analysis/calibration/agreement_internal.hpp"
#include "analysis/calibration/messages.hpp"
#include "shortlist/analysis/agreement.hpp"

namespace shortlist {

namespace notes = detail::calibration_msg;
using detail::as_double;

// ---------------------------------------------------------------------------
// Fleiss' kappa

namespace {

/// Picks the subjects with the modal number of ratings (ties: the larger
/// count) into out.subjects, the others into out.dropped_subjects; false
/// (with a note) when fewer than 2 subjects share a number of 2 or more.
bool fleiss_subjects(const RatingMatrix& ratings, const detail::SparseRows& rows,
                     FleissKappaResult& out) {
    std::vector<std::size_t> per_subject(ratings.subjects, 0), frequency(ratings.raters + 1, 0);
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        per_subject[s] = rows.offsets[s + 1] - rows.offsets[s];
        ++frequency[per_subject[s]];
    }
    std::size_t modal = 0, modal_frequency = 0;
    for (std::size_t c = 2; c < frequency.size(); ++c)
        if (frequency[c] > 0 && frequency[c] >= modal_frequency) {
            modal = c;
            modal_frequency = frequency[c];
        }
    if (modal_frequency < 2) {
        out.notes.push_back(notes::fleiss_too_few());
        return false;
    }
    out.ratings_per_subject = modal;
    for (std::size_t s = 0; s < ratings.subjects; ++s)
        (per_subject[s] == modal ? out.subjects : out.dropped_subjects).push_back(s);
    if (!out.dropped_subjects.empty())
        out.notes.push_back(notes::fleiss_dropped(ratings, modal, out.dropped_subjects));
    return true;
}

/// The distinct values given to `subjects`, ascending.
std::vector<double> distinct_values(const detail::SparseRows& rows,
                                    const std::vector<std::size_t>& subjects) {
    std::vector<double> categories;
    for (std::size_t s : subjects)
        for (std::size_t e = rows.offsets[s]; e < rows.offsets[s + 1]; ++e)
            categories.push_back(rows.value[e]);
    return detail::distinct_sorted(std::move(categories));
}

/// Each category's count over the subjects used, each subject's agreement
/// P_i = (sum_j n_ij^2 - m) / (m (m - 1)) and their sum.
struct FleissTallies {
    Eigen::VectorXd totals;
    double agreement = 0;
    std::vector<double> agree;  ///< P_i per subject used
    /// Per subject used: (category, count) entries [offsets[i], offsets[i+1]).
    std::vector<std::size_t> offsets{0}, category;
    std::vector<double> count;
};

FleissTallies fleiss_tallies(const detail::SparseRows& rows, const FleissKappaResult& out,
                             const std::vector<double>& categories) {
    const double m = as_double(out.ratings_per_subject);
    FleissTallies t;
    t.totals = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(categories.size()));
    t.agree.reserve(out.subjects.size());
    const detail::ValueIndex index(categories);
    std::vector<std::size_t> row;
    for (std::size_t s : out.subjects) {
        row.clear();
        for (std::size_t e = rows.offsets[s]; e < rows.offsets[s + 1]; ++e)
            row.push_back(index.find(rows.value[e]));
        const std::size_t first = t.category.size();
        detail::append_counts(row, t.category, t.count);
        double squares = 0;
        for (std::size_t e = first; e < t.category.size(); ++e) {
            squares += t.count[e] * t.count[e];
            t.totals(static_cast<Eigen::Index>(t.category[e])) += t.count[e];
        }
        t.agree.push_back((squares - m) / (m * (m - 1)));
        t.agreement += t.agree.back();
        t.offsets.push_back(t.category.size());
    }
    return t;
}

/// Gwet's (2014) non-null variance of Fleiss' kappa (R's irrCAC
/// fleiss.kappa.raw, unweighted, every subject rated m times): the variance
/// of kappa_i* = (P_i - p_e) / (1 - p_e) - 2 (1 - kappa) (p_e,i - p_e) /
/// (1 - p_e) over the subjects, over n, with p_e,i = sum_k n_ik p_k / m.
double fleiss_variance(const FleissTallies& t, const Eigen::ArrayXd& p, double m, double p_e,
                       double kappa) {
    const std::size_t n = t.offsets.size() - 1;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        double chance = 0;
        for (std::size_t e = t.offsets[i]; e < t.offsets[i + 1]; ++e)
            chance += t.count[e] * p(static_cast<Eigen::Index>(t.category[e])) / m;
        const double x =
            (t.agree[i] - p_e) / (1 - p_e) - 2 * (1 - kappa) * (chance - p_e) / (1 - p_e) - kappa;
        sum += x * x;
    }
    return sum / (as_double(n) * (as_double(n) - 1));
}

/// The test of kappa = 0 with Fleiss, Nee & Landis's (1979) standard error
/// under the null hypothesis (Fleiss's null variance; not the one of `se`).
void fleiss_null_test(const Eigen::ArrayXd& p, double big_n, double m, FleissKappaResult& out) {
    const Eigen::ArrayXd pq = p * (1 - p);
    const double spq = pq.sum();
    const double var =
        2 / (spq * spq * big_n * m * (m - 1)) * (spq * spq - (pq * ((1 - p) - p)).sum());
    if (var > 0) {
        out.z = *out.kappa / std::sqrt(var);
        out.p_value =
            2 * boost::math::cdf(boost::math::complement(detail::Normal(), std::abs(*out.z)));
    } else {
        out.notes.push_back(notes::fleiss_no_test());
    }
}

}  // namespace

FleissKappaResult fleiss_kappa(const RatingMatrix& ratings, double confidence) {
    if (auto problem = detail::matrix_problem(ratings); !problem.empty()) {
        FleissKappaResult out;
        out.notes.push_back(std::move(problem));
        return out;
    }
    return detail::fleiss_kappa(ratings, detail::sparse_rows(ratings), confidence);
}

FleissKappaResult detail::fleiss_kappa(const RatingMatrix& ratings, const SparseRows& rows,
                                       double confidence) {
    FleissKappaResult out;
    if (!fleiss_subjects(ratings, rows, out))
        return out;
    const auto categories = distinct_values(rows, out.subjects);
    const auto tallies = fleiss_tallies(rows, out, categories);
    const double m = as_double(out.ratings_per_subject);
    const double big_n = as_double(out.subjects.size());
    const Eigen::ArrayXd p = tallies.totals.array() / (big_n * m);
    const double p_bar = tallies.agreement / big_n;
    const double p_e = p.square().sum();
    if (!(1 - p_e > 0)) {
        out.notes.push_back(notes::one_category());
        return out;
    }
    out.kappa = (p_bar - p_e) / (1 - p_e);
    const auto with_error =
        detail::coefficient(*out.kappa, fleiss_variance(tallies, p, m, p_e, *out.kappa),
                            out.subjects.size(), confidence);
    out.se = with_error.se;
    out.ci = with_error.ci;
    if (!detail::good_confidence(confidence))
        out.notes.push_back(notes::bad_confidence(confidence));
    fleiss_null_test(p, big_n, m, out);
    return out;
}

// ---------------------------------------------------------------------------
// Cohen's kappa

namespace {

/// The subjects two raters both rated, ascending, and the ratings each gave.
struct SharedRatings {
    std::vector<std::size_t> subject;
    std::vector<double> a, b;
};

/// The categories of raters a and b on `shared`: the scale's points (every
/// rating must be one) or the values they gave; false, with a note, if none.
bool cohen_categories(const RatingMatrix& ratings, std::size_t rater_a, std::size_t rater_b,
                      const SharedRatings& shared, const CohenOptions& options,
                      std::vector<double>& categories, std::vector<std::string>& out) {
    if (!options.scale_min && !options.scale_max) {
        categories = shared.a;
        categories.insert(categories.end(), shared.b.begin(), shared.b.end());
        categories = detail::distinct_sorted(std::move(categories));
        return true;
    }
    if (auto why = detail::scale_categories(options, categories); !why.empty()) {
        out.push_back(std::move(why));
        return false;
    }
    const detail::ValueIndex index(categories);
    for (std::size_t i = 0; i < shared.subject.size(); ++i)
        for (const auto& [r, v] :
             {std::pair{rater_a, shared.a[i]}, std::pair{rater_b, shared.b[i]}})
            if (index.find(v) == detail::ValueIndex::npos) {
                out.push_back(notes::off_scale(ratings, shared.subject[i], r, v));
                return false;
            }
    return true;
}

/// Each kappa with its standard error and interval.
void cohen_errors(const std::vector<std::size_t>& first, const std::vector<std::size_t>& second,
                  const detail::CohenFit& fit, const CohenOptions& options, CohenKappaResult& out) {
    const auto variances = detail::cohen_variances(first, second, fit);
    auto with_error = [&](const std::optional<double>& k, const std::optional<double>& var) {
        return k && var ? std::optional<Coefficient>(
                              detail::coefficient(*k, *var, first.size(), options.confidence))
                        : std::nullopt;
    };
    out.unweighted_se = with_error(out.unweighted, variances.unweighted);
    out.linear_se = with_error(out.linear, variances.linear);
    out.quadratic_se = with_error(out.quadratic, variances.quadratic);
    if (!detail::good_confidence(options.confidence))
        out.notes.push_back(notes::bad_confidence(options.confidence));
}

/// Cohen's kappas of raters a and b (valid indices of a usable matrix) on
/// `shared`, the subjects both rated, in ascending order.
CohenKappaResult cohen_on_shared(const RatingMatrix& ratings, std::size_t rater_a,
                                 std::size_t rater_b, const SharedRatings& shared,
                                 const CohenOptions& options) {
    CohenKappaResult out;
    out.rater_a = rater_a;
    out.rater_b = rater_b;
    const std::size_t n = shared.subject.size();
    out.shared_subjects = n;
    if (n < 2) {
        out.notes.push_back(notes::too_few_shared(ratings, rater_a, rater_b, n));
        return out;
    }
    std::vector<double> categories;
    if (!cohen_categories(ratings, rater_a, rater_b, shared, options, categories, out.notes))
        return out;
    const detail::ValueIndex position(categories);
    auto index = [&](double v) { return position.find(v); };
    std::vector<std::size_t> first(n), second(n);
    for (std::size_t i = 0; i < n; ++i) {
        first[i] = index(shared.a[i]);
        second[i] = index(shared.b[i]);
    }
    const auto fit = detail::cohen_kappas(first, second, categories.size());
    const auto& kappas = fit.kappas;
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
    cohen_errors(first, second, fit, options, out);
    return out;
}

/// Calls `pair(a, b, subject, va, vb)` for every two raters a < b who both
/// rated a subject, in subject order.
template <class Pair>
void each_pair(const detail::SparseRows& rows, Pair&& pair) {
    for (std::size_t s = 0; s < rows.subjects(); ++s)
        for (std::size_t i = rows.offsets[s]; i < rows.offsets[s + 1]; ++i)
            for (std::size_t j = i + 1; j < rows.offsets[s + 1]; ++j)
                pair(rows.rater[i], rows.rater[j], s, rows.value[i], rows.value[j]);
}

/// The kappas of each pair (a, b) in order, when the raters^2 table of pairs
/// is small: a counting sort by pair places each shared subject straight into
/// its pair's run (subject order kept), with no list of pairs to sort.
std::vector<CohenKappaResult> pairs_by_counting(const RatingMatrix& ratings,
                                                const detail::SparseRows& rows,
                                                const CohenOptions& options, std::size_t total) {
    const std::size_t raters = ratings.raters;
    std::vector<std::size_t> start(raters * raters + 1, 0);
    each_pair(rows, [&](std::size_t a, std::size_t b, std::size_t, double, double) {
        ++start[a * raters + b + 1];
    });
    for (std::size_t k = 0; k + 1 < start.size(); ++k)
        start[k + 1] += start[k];
    SharedRatings all;
    all.subject.resize(total);
    all.a.resize(total);
    all.b.resize(total);
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    each_pair(rows, [&](std::size_t a, std::size_t b, std::size_t s, double va, double vb) {
        const std::size_t at = next[a * raters + b]++;
        all.subject[at] = s;
        all.a[at] = va;
        all.b[at] = vb;
    });
    std::vector<CohenKappaResult> out;
    SharedRatings shared;
    for (std::size_t k = 0; k + 1 < start.size(); ++k) {
        if (start[k + 1] - start[k] < 2)
            continue;
        const auto first = static_cast<std::ptrdiff_t>(start[k]);
        const auto last = static_cast<std::ptrdiff_t>(start[k + 1]);
        shared.subject.assign(all.subject.begin() + first, all.subject.begin() + last);
        shared.a.assign(all.a.begin() + first, all.a.begin() + last);
        shared.b.assign(all.b.begin() + first, all.b.begin() + last);
        out.push_back(cohen_on_shared(ratings, k / raters, k % raters, shared, options));
    }
    return out;
}

/// The same for many raters: the list of pairs, sorted by (pair, subject).
std::vector<CohenKappaResult> pairs_by_sorting(const RatingMatrix& ratings,
                                               const detail::SparseRows& rows,
                                               const CohenOptions& options, std::size_t total) {
    struct Shared {
        std::size_t a, b, subject;
        double va, vb;
        bool operator<(const Shared& o) const {
            return a != o.a ? a < o.a : b != o.b ? b < o.b : subject < o.subject;
        }
    };
    std::vector<Shared> pairs;
    pairs.reserve(total);
    each_pair(rows, [&](std::size_t a, std::size_t b, std::size_t s, double va, double vb) {
        pairs.push_back({a, b, s, va, vb});
    });
    std::sort(pairs.begin(), pairs.end());
    std::vector<CohenKappaResult> out;
    SharedRatings shared;
    for (std::size_t i = 0; i < pairs.size();) {
        std::size_t j = i;
        shared.subject.clear();
        shared.a.clear();
        shared.b.clear();
        for (; j < pairs.size() && pairs[j].a == pairs[i].a && pairs[j].b == pairs[i].b; ++j) {
            shared.subject.push_back(pairs[j].subject);
            shared.a.push_back(pairs[j].va);
            shared.b.push_back(pairs[j].vb);
        }
        if (shared.subject.size() >= 2)
            out.push_back(cohen_on_shared(ratings, pairs[i].a, pairs[i].b, shared, options));
        i = j;
    }
    return out;
}

}  // namespace

CohenKappaResult cohen_kappa(const RatingMatrix& ratings, std::size_t rater_a, std::size_t rater_b,
                             const CohenOptions& options) {
    CohenKappaResult out;
    out.rater_a = rater_a;
    out.rater_b = rater_b;
    if (auto problem = detail::matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    for (std::size_t r : {rater_a, rater_b})
        if (r >= ratings.raters) {
            out.notes.push_back(notes::bad_rater(r, ratings.raters));
            return out;
        }
    SharedRatings shared;
    for (std::size_t s = 0; s < ratings.subjects; ++s)
        if (detail::present(ratings, s, rater_a) && detail::present(ratings, s, rater_b)) {
            shared.subject.push_back(s);
            shared.a.push_back(ratings.at(s, rater_a));
            shared.b.push_back(ratings.at(s, rater_b));
        }
    return cohen_on_shared(ratings, rater_a, rater_b, shared, options);
}

std::vector<CohenKappaResult> pairwise_cohen_kappa(const RatingMatrix& ratings,
                                                   const CohenOptions& options) {
    if (!detail::matrix_problem(ratings).empty())
        return {};
    return detail::pairwise_cohen_kappa(ratings, detail::sparse_rows(ratings), options);
}

std::vector<CohenKappaResult> detail::pairwise_cohen_kappa(const RatingMatrix& ratings,
                                                           const SparseRows& rows,
                                                           const CohenOptions& options) {
    // Each subject gives the pairs of raters who both rated it; grouped by
    // pair (in subject order within one), each pair's shared subjects are a
    // run. A sift gives each applicant a few of many assessors, so this is
    // O(cells + pairs actually sharing a subject), not O(raters^2 x subjects)
    // as a scan per pair would be.
    std::size_t total = 0;
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        const std::size_t m = rows.offsets[s + 1] - rows.offsets[s];
        total += m < 2 ? 0 : m * (m - 1) / 2;
    }
    const std::size_t keys = ratings.raters * ratings.raters;
    if (ratings.raters < 65536 && keys <= 4 * total + 4096)
        return pairs_by_counting(ratings, rows, options, total);
    return pairs_by_sorting(ratings, rows, options, total);
}

}  // namespace shortlist

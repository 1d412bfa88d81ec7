// Gwet's AC1/AC2 and the Brennan-Prediger coefficient, unweighted and with
// linear and quadratic weights, with Gwet's (2014) linearised variances
// (include/shortlist/analysis/agreement.hpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "analysis/calibration/agreement_internal.hpp"
#include "analysis/calibration/messages.hpp"
#include "shortlist/analysis/agreement.hpp"

namespace shortlist {

namespace notes = detail::calibration_msg;
using detail::as_double;

namespace {

enum Weighting : std::size_t { unweighted, linear, quadratic, weightings };

/// Every rated subject's ratings as (category, count) entries, in
/// [offsets[i], offsets[i+1]), and its number of ratings r_i.
struct Units {
    std::vector<double> categories;  ///< sorted category values
    std::vector<std::size_t> offsets{0}, category;
    std::vector<double> count, total;

    [[nodiscard]] std::size_t size() const { return total.size(); }
};

/// The categories (CohenOptions) and the units; false, with a note, when a
/// rating is off the scale or the scale cannot be used.
bool make_units(const RatingMatrix& ratings, const detail::SparseRows& rows,
                const CohenOptions& options, Units& u, std::vector<std::string>& out) {
    if (options.scale_min || options.scale_max) {
        if (auto why = detail::scale_categories(options, u.categories); !why.empty()) {
            out.push_back(std::move(why));
            return false;
        }
    } else {
        u.categories = detail::distinct_sorted(rows.value);
    }
    const detail::ValueIndex index(u.categories);
    std::vector<std::size_t> row;
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        row.clear();
        for (std::size_t e = rows.offsets[s]; e < rows.offsets[s + 1]; ++e) {
            const std::size_t k = index.find(rows.value[e]);
            if (k == detail::ValueIndex::npos) {
                out.push_back(notes::off_scale(ratings, s, rows.rater[e], rows.value[e]));
                return false;
            }
            row.push_back(k);
        }
        if (row.empty())
            continue;
        detail::append_counts(row, u.category, u.count);
        u.offsets.push_back(u.category.size());
        u.total.push_back(as_double(row.size()));
    }
    return true;
}

/// T_w, the sum of the q x q weights, in O(q) from the sorted values.
double weight_sum(const Units& u, Weighting w) {
    const auto& x = u.categories;
    const double q = as_double(x.size());
    if (w == unweighted)
        return q;
    const double span = x.back() - x.front();
    double sum = 0, sum_sq = 0, absolute = 0;  // absolute: sum over k < l of x_l - x_k
    for (std::size_t k = 0; k < x.size(); ++k) {
        absolute += x[k] * (2 * as_double(k) - q + 1);
        sum += x[k];
        sum_sq += x[k] * x[k];
    }
    if (w == linear)
        return q * q - 2 * absolute / span;
    return q * q - (2 * q * sum_sq - 2 * sum * sum) / (span * span);
}

using PerWeighting = std::array<double, weightings>;

/// Subject i's weighted agreement sum_kl r_ik r_il w_kl - r_i, over the
/// pairs of its own entries, for the three weightings at once: w_kl = [k ==
/// l], 1 - |x_k - x_l| / span or 1 - (x_k - x_l)^2 / span^2 on the category
/// values (irrCAC's identity, linear and quadratic weights), span = x_max - x_min.
PerWeighting unit_agreement(const Units& u, std::size_t i, double span) {
    PerWeighting sum{};
    for (std::size_t e = u.offsets[i]; e < u.offsets[i + 1]; ++e)
        for (std::size_t f = u.offsets[i]; f < u.offsets[i + 1]; ++f) {
            const std::size_t k = u.category[e], l = u.category[f];
            const double pair = u.count[e] * u.count[f];
            const double d = std::abs(u.categories[k] - u.categories[l]) / span;
            sum[unweighted] += pair * (k == l ? 1.0 : 0.0);
            sum[linear] += pair * (1 - d);
            sum[quadratic] += pair * (1 - d * d);
        }
    for (double& s : sum)
        s -= u.total[i];
    return sum;
}

/// One weighting's AC and BP.
struct Pair {
    std::optional<Coefficient> ac, bp;
};

/// The observed agreement of every subject rated twice (pa_i, n x 3, zero
/// for the others), its mean pa per weighting, and how many were rated twice.
struct Observed {
    std::vector<PerWeighting> pa_i;
    PerWeighting pa{};
    double rated_twice = 0;
};

Observed observed_agreement(const Units& u) {
    const double span = u.categories.back() - u.categories.front();
    Observed o;
    o.pa_i.assign(u.size(), PerWeighting{});
    for (std::size_t i = 0; i < u.size(); ++i)
        if (u.total[i] >= 2) {
            const PerWeighting sum = unit_agreement(u, i, span);
            for (std::size_t w = 0; w < weightings; ++w) {
                o.pa_i[i][w] = sum[w] / (u.total[i] * (u.total[i] - 1));
                o.pa[w] += o.pa_i[i][w];
            }
            ++o.rated_twice;
        }
    for (double& p : o.pa)
        p /= o.rated_twice;
    return o;
}

/// AC and BP for the three weightings from the units and the proportions pi:
/// the observed agreement in one pass over the subjects, and the variances in
/// another, where each subject's chance term sum_k r_ik (1 - pi_k) / r_i
/// depends only on pi and serves all three weightings.
std::array<Pair, weightings> coefficients(const Units& u, const std::vector<double>& pi,
                                          double confidence, std::vector<std::string>& out) {
    const std::size_t n = u.size();
    const double q = as_double(u.categories.size());
    const Observed o = observed_agreement(u);
    double spread = 0;
    for (double p : pi)
        spread += p * (1 - p);
    PerWeighting tw{}, pe_ac{}, pe_bp{}, ac{}, bp{}, var_ac{}, var_bp{};
    for (std::size_t w = 0; w < weightings; ++w) {
        tw[w] = weight_sum(u, static_cast<Weighting>(w));
        pe_ac[w] = tw[w] * spread / (q * (q - 1));
        pe_bp[w] = tw[w] / (q * q);
        ac[w] = (o.pa[w] - pe_ac[w]) / (1 - pe_ac[w]);
        bp[w] = (o.pa[w] - pe_bp[w]) / (1 - pe_bp[w]);
    }
    const double scale = as_double(n) / o.rated_twice;
    for (std::size_t i = 0; i < n; ++i) {
        const double twice = u.total[i] >= 2 ? 1.0 : 0.0;
        double chance = 0;  // sum_k r_ik (1 - pi_k) / r_i
        for (std::size_t e = u.offsets[i]; e < u.offsets[i + 1]; ++e)
            chance += u.count[e] * (1 - pi[u.category[e]]) / u.total[i];
        for (std::size_t w = 0; w < weightings; ++w) {
            const double pe_i = tw[w] * chance / (q * (q - 1));
            const double ac_i = scale * (o.pa_i[i][w] - pe_ac[w] * twice) / (1 - pe_ac[w]) -
                                2 * (1 - ac[w]) * (pe_i - pe_ac[w]) / (1 - pe_ac[w]);
            const double bp_i = scale * (o.pa_i[i][w] - pe_bp[w] * twice) / (1 - pe_bp[w]);
            var_ac[w] += (ac_i - ac[w]) * (ac_i - ac[w]);
            var_bp[w] += (bp_i - bp[w]) * (bp_i - bp[w]);
        }
    }
    const std::array<std::string_view, 3> ac_name{"AC1", "AC2 (linear)", "AC2 (quadratic)"};
    const std::array<std::string_view, 3> bp_name{"Brennan-Prediger", "Brennan-Prediger (linear)",
                                                  "Brennan-Prediger (quadratic)"};
    const double dn = as_double(n) * (as_double(n) - 1);
    std::array<Pair, weightings> result;
    for (std::size_t w = 0; w < weightings; ++w) {
        if (1 - pe_ac[w] > 1e-12)
            result[w].ac = detail::coefficient(ac[w], var_ac[w] / dn, n, confidence);
        else
            out.push_back(notes::chance_undefined(ac_name[w]));
        if (1 - pe_bp[w] > 1e-12)
            result[w].bp = detail::coefficient(bp[w], var_bp[w] / dn, n, confidence);
        else
            out.push_back(notes::chance_undefined(bp_name[w]));
    }
    return result;
}

}  // namespace

ChanceCorrectedResult chance_corrected_agreement(const RatingMatrix& ratings,
                                                 const CohenOptions& options) {
    if (auto problem = detail::matrix_problem(ratings); !problem.empty()) {
        ChanceCorrectedResult out;
        out.notes.push_back(std::move(problem));
        return out;
    }
    return detail::chance_corrected_agreement(ratings, detail::sparse_rows(ratings), options);
}

ChanceCorrectedResult detail::chance_corrected_agreement(const RatingMatrix& ratings,
                                                         const SparseRows& rows,
                                                         const CohenOptions& options) {
    ChanceCorrectedResult out;
    Units u;
    if (!make_units(ratings, rows, options, u, out.notes))
        return out;
    out.subjects = u.size();
    out.categories = u.categories.size();
    for (double r : u.total)
        out.rated_twice += r >= 2 ? 1U : 0U;
    if (out.rated_twice == 0) {
        out.notes.push_back(notes::chance_no_pairs());
        return out;
    }
    if (out.categories < 2) {
        out.notes.push_back(notes::chance_one_category());
        return out;
    }
    // pi_k: the mean over the rated subjects of the share of their ratings in k.
    std::vector<double> pi(u.categories.size(), 0.0);
    for (std::size_t i = 0; i < u.size(); ++i)
        for (std::size_t e = u.offsets[i]; e < u.offsets[i + 1]; ++e)
            pi[u.category[e]] += u.count[e] / u.total[i] / as_double(u.size());
    const std::array<Pair, weightings> by = coefficients(u, pi, options.confidence, out.notes);
    out.gwet_ac1 = by[unweighted].ac;
    out.gwet_ac2_linear = by[linear].ac;
    out.gwet_ac2_quadratic = by[quadratic].ac;
    out.brennan_prediger = by[unweighted].bp;
    out.brennan_prediger_linear = by[linear].bp;
    out.brennan_prediger_quadratic = by[quadratic].bp;
    if (!detail::good_confidence(options.confidence))
        out.notes.push_back(notes::bad_confidence(options.confidence));
    return out;
}

}  // namespace shortlist

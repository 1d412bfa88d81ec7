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
bool make_units(const RatingMatrix& ratings, const CohenOptions& options, Units& u,
                std::vector<std::string>& out) {
    if (options.scale_min || options.scale_max) {
        if (auto why = detail::scale_categories(options, u.categories); !why.empty()) {
            out.push_back(std::move(why));
            return false;
        }
    } else {
        for (double v : ratings.values)
            if (!std::isnan(v))
                u.categories.push_back(v);
        std::sort(u.categories.begin(), u.categories.end());
        u.categories.erase(std::unique(u.categories.begin(), u.categories.end()),
                           u.categories.end());
    }
    std::vector<std::size_t> row;
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        row.clear();
        for (std::size_t r = 0; r < ratings.raters; ++r) {
            const double v = ratings.at(s, r);
            if (std::isnan(v))
                continue;
            const auto it = std::lower_bound(u.categories.begin(), u.categories.end(), v);
            if (it == u.categories.end() || *it != v) {
                out.push_back(notes::off_scale(ratings, s, r, v));
                return false;
            }
            row.push_back(static_cast<std::size_t>(it - u.categories.begin()));
        }
        if (row.empty())
            continue;
        std::sort(row.begin(), row.end());
        for (std::size_t i = 0; i < row.size();) {
            std::size_t j = i;
            while (j < row.size() && row[j] == row[i])
                ++j;
            u.category.push_back(row[i]);
            u.count.push_back(as_double(j - i));
            i = j;
        }
        u.offsets.push_back(u.category.size());
        u.total.push_back(as_double(row.size()));
    }
    return true;
}

/// The weight of categories k and l: [k == l], 1 - |x_k - x_l| / span or
/// 1 - (x_k - x_l)^2 / span^2 on the category values (irrCAC's
/// identity, linear and quadratic weights).
double weight(const Units& u, Weighting w, std::size_t k, std::size_t l) {
    if (w == unweighted)
        return k == l ? 1.0 : 0.0;
    const double span = u.categories.back() - u.categories.front();
    const double d = std::abs(u.categories[k] - u.categories[l]) / span;
    return w == linear ? 1 - d : 1 - d * d;
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

/// Subject i's weighted agreement sum_kl r_ik r_il w_kl - r_i, over the
/// pairs of its own entries.
double unit_agreement(const Units& u, std::size_t i, Weighting w) {
    double sum = 0;
    for (std::size_t e = u.offsets[i]; e < u.offsets[i + 1]; ++e)
        for (std::size_t f = u.offsets[i]; f < u.offsets[i + 1]; ++f)
            sum += u.count[e] * u.count[f] * weight(u, w, u.category[e], u.category[f]);
    return sum - u.total[i];
}

/// One weighting's AC and BP, from the units and the proportions pi.
struct Pair {
    std::optional<Coefficient> ac, bp;
};

Pair coefficients(const Units& u, const std::vector<double>& pi, Weighting w, double confidence,
                  std::vector<std::string>& out) {
    const std::size_t n = u.size();
    const double q = as_double(u.categories.size());
    const double tw = weight_sum(u, w);
    std::vector<double> pa_i(n, 0.0);
    double pa = 0, rated_twice = 0, spread = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (u.total[i] >= 2) {
            pa_i[i] = unit_agreement(u, i, w) / (u.total[i] * (u.total[i] - 1));
            pa += pa_i[i];
            ++rated_twice;
        }
    pa /= rated_twice;
    for (double p : pi)
        spread += p * (1 - p);
    const double pe_ac = tw * spread / (q * (q - 1)), pe_bp = tw / (q * q);
    const std::array<std::string_view, 3> ac_name{"AC1", "AC2 (linear)", "AC2 (quadratic)"};
    const std::array<std::string_view, 3> bp_name{"Brennan-Prediger", "Brennan-Prediger (linear)",
                                                  "Brennan-Prediger (quadratic)"};
    Pair result;
    const double ac = (pa - pe_ac) / (1 - pe_ac), bp = (pa - pe_bp) / (1 - pe_bp);
    double var_ac = 0, var_bp = 0;
    const double scale = as_double(n) / rated_twice;
    for (std::size_t i = 0; i < n; ++i) {
        const double twice = u.total[i] >= 2 ? 1.0 : 0.0;
        double chance = 0;  // sum_k r_ik (1 - pi_k) / r_i
        for (std::size_t e = u.offsets[i]; e < u.offsets[i + 1]; ++e)
            chance += u.count[e] * (1 - pi[u.category[e]]) / u.total[i];
        const double pe_i = tw * chance / (q * (q - 1));
        const double ac_i = scale * (pa_i[i] - pe_ac * twice) / (1 - pe_ac) -
                            2 * (1 - ac) * (pe_i - pe_ac) / (1 - pe_ac);
        const double bp_i = scale * (pa_i[i] - pe_bp * twice) / (1 - pe_bp);
        var_ac += (ac_i - ac) * (ac_i - ac);
        var_bp += (bp_i - bp) * (bp_i - bp);
    }
    const double dn = as_double(n) * (as_double(n) - 1);
    if (1 - pe_ac > 1e-12)
        result.ac = detail::coefficient(ac, var_ac / dn, n, confidence);
    else
        out.push_back(notes::chance_undefined(ac_name[w]));
    if (1 - pe_bp > 1e-12)
        result.bp = detail::coefficient(bp, var_bp / dn, n, confidence);
    else
        out.push_back(notes::chance_undefined(bp_name[w]));
    return result;
}

}  // namespace

ChanceCorrectedResult chance_corrected_agreement(const RatingMatrix& ratings,
                                                 const CohenOptions& options) {
    ChanceCorrectedResult out;
    if (auto problem = detail::matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    Units u;
    if (!make_units(ratings, options, u, out.notes))
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
    std::array<Pair, weightings> by;
    for (std::size_t w = 0; w < weightings; ++w)
        by[w] = coefficients(u, pi, static_cast<Weighting>(w), options.confidence, out.notes);
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

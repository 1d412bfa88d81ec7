// Krippendorff's alpha and its bootstrap interval
// (include/shortlist/analysis/agreement.hpp).
#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

#include "analysis/calibration/agreement_internal.hpp"
#include "analysis/calibration/messages.hpp"
#include "shortlist/analysis/agreement.hpp"

namespace shortlist {

namespace notes = detail::calibration_msg;
using detail::as_double;

namespace {

/// The ratio metric compares every pair of distinct values; beyond this many it
/// is refused rather than left to run for minutes.
constexpr std::size_t kMaxRatioValues = 1000;

/// The pairable subjects (2 or more ratings) and the distinct values they
/// hold (into units.values); false, with a note, when alpha cannot be had.
bool pairable_subjects(const RatingMatrix& ratings, AlphaMetric metric, AlphaResult& out,
                       detail::PairableUnits& units, std::vector<std::size_t>& pairable) {
    std::vector<std::size_t> skipped;
    for (std::size_t s = 0; s < ratings.subjects; ++s) {
        std::size_t m = 0;
        for (std::size_t r = 0; r < ratings.raters; ++r) {
            if (!detail::present(ratings, s, r))
                continue;
            ++m;
            const double v = ratings.at(s, r);
            if (metric == AlphaMetric::Ratio && v < 0) {
                out.notes.push_back(notes::ratio_negative(ratings, s, r, v));
                return false;
            }
        }
        (m >= 2 ? pairable : skipped).push_back(s);
        if (m >= 2) {
            for (std::size_t r = 0; r < ratings.raters; ++r)
                if (detail::present(ratings, s, r))
                    units.values.push_back(ratings.at(s, r));
            out.pairable_values += m;
        }
    }
    if (!skipped.empty())
        out.notes.push_back(notes::unpairable_units(ratings, skipped));
    out.pairable_units = pairable.size();
    if (pairable.empty()) {
        out.notes.push_back(notes::too_few_pairable());
        return false;
    }
    std::sort(units.values.begin(), units.values.end());
    units.values.erase(std::unique(units.values.begin(), units.values.end()), units.values.end());
    if (metric == AlphaMetric::Ratio && units.values.size() > kMaxRatioValues) {
        out.notes.push_back(notes::too_many_ratio_values(units.values.size(), kMaxRatioValues));
        return false;
    }
    return true;
}

/// Each pairable subject's values and their counts, in compact form.
void fill_units(const RatingMatrix& ratings, const std::vector<std::size_t>& pairable,
                detail::PairableUnits& units) {
    std::vector<std::size_t> row;
    for (std::size_t s : pairable) {
        row.clear();
        for (std::size_t r = 0; r < ratings.raters; ++r)
            if (detail::present(ratings, s, r))
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
}

/// The percentile bootstrap interval described on AlphaResult.
void bootstrap_interval(const detail::PairableUnits& units, const AlphaOptions& options,
                        AlphaResult& out) {
    if (!(options.confidence > 0 && options.confidence < 1)) {
        out.notes.push_back(notes::bad_confidence(options.confidence));
        return;
    }
    // Both halves of the 64-bit seed reach the 32-bit engine.
    boost::random::mt19937 engine(static_cast<std::uint32_t>(options.seed ^ (options.seed >> 32)));
    boost::random::uniform_int_distribution<std::size_t> pick(0, units.size() - 1);
    std::vector<double> alphas, times(units.size(), 0.0);
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
        return;
    }
    std::sort(alphas.begin(), alphas.end());
    const double tail = (1 - options.confidence) / 2;
    out.ci = Interval{detail::quantile7(alphas, tail), detail::quantile7(alphas, 1 - tail)};
}

}  // namespace

AlphaResult krippendorff_alpha(const RatingMatrix& ratings, const AlphaOptions& options) {
    AlphaResult out;
    if (auto problem = detail::matrix_problem(ratings); !problem.empty()) {
        out.notes.push_back(std::move(problem));
        return out;
    }
    detail::PairableUnits units;
    std::vector<std::size_t> pairable;
    if (!pairable_subjects(ratings, options.metric, out, units, pairable))
        return out;
    fill_units(ratings, pairable, units);
    const std::vector<double> times(units.size(), 1.0);
    const auto parts = detail::alpha_parts(units, times, options.metric);
    if (!parts) {
        out.notes.push_back(notes::no_expected_disagreement());
        return out;
    }
    out.alpha = parts->alpha;
    out.observed_disagreement = parts->observed;
    out.expected_disagreement = parts->expected;
    if (options.bootstrap_samples > 0)
        bootstrap_interval(units, options, out);
    return out;
}

}  // namespace shortlist

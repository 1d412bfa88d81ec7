// Krippendorff's alpha and its bootstrap interval
// (include/shortlist/analysis/agreement.hpp).
#include <algorithm>
#include <array>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/seed_seq.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <unordered_map>

#include "analysis/calibration/agreement_internal.hpp"
#include "analysis/calibration/messages.hpp"
#include "shortlist/analysis/agreement.hpp"
#include "util/parallel.hpp"
#include "util/progress.hpp"

namespace shortlist {

namespace notes = detail::calibration_msg;
using detail::as_double;

namespace detail {

Patterns group_patterns(const PairableUnits& u) {
    Patterns p;
    p.units.values = u.values;
    std::unordered_map<std::string, std::size_t> index;
    std::string key;
    for (std::size_t k = 0; k < u.size(); ++k) {
        key.clear();
        for (std::size_t e = u.offsets[k]; e < u.offsets[k + 1]; ++e) {
            const auto entry = std::array<std::uint64_t, 2>{
                static_cast<std::uint64_t>(u.category[e]), static_cast<std::uint64_t>(u.count[e])};
            key.append(reinterpret_cast<const char*>(entry.data()), sizeof entry);
        }
        const auto [it, inserted] = index.try_emplace(key, p.count.size());
        if (inserted) {
            for (std::size_t e = u.offsets[k]; e < u.offsets[k + 1]; ++e) {
                p.units.category.push_back(u.category[e]);
                p.units.count.push_back(u.count[e]);
            }
            p.units.offsets.push_back(p.units.category.size());
            p.units.weight.push_back(u.weight[k]);
            p.count.push_back(0);
        }
        ++p.count[it->second];
        p.of_unit.push_back(it->second);
    }
    return p;
}

void resample(const Patterns& p, std::uint64_t seed, std::size_t b, std::vector<double>& times,
              std::optional<bool> per_unit) {
    const auto n = static_cast<std::uint64_t>(p.of_unit.size());
    boost::random::seed_seq sequence{
        static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
        static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(std::uint64_t{b} >> 32)};
    boost::random::mt19937 engine(sequence);
    std::fill(times.begin(), times.end(), 0.0);
    if (per_unit.value_or(8 * p.count.size() > n)) {
        boost::random::uniform_int_distribution<std::size_t> pick(0, p.of_unit.size() - 1);
        for (std::uint64_t i = 0; i < n; ++i)
            times[p.of_unit[pick(engine)]] += 1;
        return;
    }
    std::uint64_t left = n, left_units = n;
    for (std::size_t k = 0; k < p.count.size() && left > 0; ++k) {
        std::uint64_t drawn = left;
        if (p.count[k] < left_units) {
            boost::random::binomial_distribution<std::int64_t, double> binomial(
                static_cast<std::int64_t>(left),
                static_cast<double>(p.count[k]) / static_cast<double>(left_units));
            drawn = static_cast<std::uint64_t>(binomial(engine));
        }
        times[k] = static_cast<double>(drawn);
        left -= drawn;
        left_units -= p.count[k];
    }
}

}  // namespace detail

namespace {

/// The ratio metric compares every pair of distinct values; beyond this many it
/// is refused rather than left to run for minutes.
constexpr std::size_t kMaxRatioValues = 1000;

/// The pairable subjects' (2 or more ratings) values, row by row: row i is
/// values[offsets[i] .. offsets[i+1]).
struct Rows {
    std::vector<double> values;
    std::vector<std::size_t> offsets{0};
};

/// Each pairable subject's values and their counts, in compact form.
void fill_units(const Rows& rows, detail::PairableUnits& units) {
    const detail::ValueIndex index(units.values);
    std::vector<std::size_t> row;
    for (std::size_t i = 0; i + 1 < rows.offsets.size(); ++i) {
        row.clear();
        for (std::size_t e = rows.offsets[i]; e < rows.offsets[i + 1]; ++e)
            row.push_back(index.find(rows.values[e]));
        detail::append_counts(row, units.category, units.count);
        units.offsets.push_back(units.category.size());
        units.weight.push_back(1 / (as_double(row.size()) - 1));
    }
}

/// The percentile bootstrap interval described on AlphaResult: resamples
/// split over threads (util/parallel.hpp), each from its own seed, so the
/// interval does not depend on the thread count.
void bootstrap_interval(const detail::PairableUnits& units, const AlphaOptions& options,
                        AlphaResult& out) {
    if (!(options.confidence > 0 && options.confidence < 1)) {
        out.notes.push_back(notes::bad_confidence(options.confidence));
        return;
    }
    const detail::Patterns patterns = detail::group_patterns(units);
    const std::size_t samples = options.bootstrap_samples;
    std::vector<double> all(samples, std::numeric_limits<double>::quiet_NaN());
    const unsigned threads =
        detail::worth_splitting(samples * patterns.count.size(), 4096)
            ? std::max(1U, std::min(options.threads, std::thread::hardware_concurrency()))
            : 1U;
    const std::vector<double> within = detail::within_disagreements(patterns.units, options.metric);
    detail::ProgressTally tally(options.progress, samples);
    detail::parallel_for(samples, threads, [&](unsigned, std::size_t begin, std::size_t end) {
        std::vector<double> times(patterns.count.size());
        detail::AlphaBuffers buffers;
        for (std::size_t b = begin; b < end; ++b) {
            if (tally && (b - begin) % 64 == 63)
                tally.add(64);
            detail::resample(patterns, options.seed, b, times);
            if (const auto parts =
                    detail::alpha_parts(patterns.units, times, options.metric, within, buffers))
                all[b] = parts->alpha;
        }
    });
    tally.finish();
    std::vector<double> alphas;
    alphas.reserve(samples);
    for (double a : all)
        if (!std::isnan(a))
            alphas.push_back(a);
    if (alphas.size() < samples)
        out.notes.push_back(notes::bootstrap_undefined(samples - alphas.size(), samples));
    if (alphas.size() < 2) {
        out.notes.push_back(notes::bootstrap_failed());
        return;
    }
    std::sort(alphas.begin(), alphas.end());
    const double tail = (1 - options.confidence) / 2;
    out.ci = Interval{detail::quantile7(alphas, tail), detail::quantile7(alphas, 1 - tail)};
}

}  // namespace

namespace detail {

AlphaInput alpha_input(const RatingMatrix& shape, const SparseRows& rows) {
    AlphaInput in;
    Rows pairable;
    std::vector<std::size_t> skipped;
    for (std::size_t s = 0; s < rows.subjects(); ++s) {
        const std::size_t first = rows.offsets[s], m = rows.offsets[s + 1] - first;
        for (std::size_t e = first; e < first + m && !in.negative_note; ++e)
            if (rows.value[e] < 0) {
                in.negative_note = notes::ratio_negative(shape, s, rows.rater[e], rows.value[e]);
                in.values_before_negative = in.pairable_values;
            }
        if (m < 2) {
            skipped.push_back(s);
            continue;
        }
        pairable.values.insert(pairable.values.end(),
                               rows.value.begin() + static_cast<std::ptrdiff_t>(first),
                               rows.value.begin() + static_cast<std::ptrdiff_t>(first + m));
        pairable.offsets.push_back(pairable.values.size());
        in.pairable_values += m;
        ++in.pairable_units;
    }
    if (!skipped.empty())
        in.unpairable_note = notes::unpairable_units(shape, skipped);
    if (in.pairable_units > 0) {
        in.units.values = distinct_sorted(pairable.values);
        fill_units(pairable, in.units);
    }
    return in;
}

AlphaResult krippendorff_alpha(const AlphaInput& in, const AlphaOptions& options) {
    AlphaResult out;
    if (options.metric == AlphaMetric::Ratio && in.negative_note) {
        out.pairable_values = in.values_before_negative;
        out.notes.push_back(*in.negative_note);
        return out;
    }
    out.pairable_values = in.pairable_values;
    if (in.unpairable_note)
        out.notes.push_back(*in.unpairable_note);
    out.pairable_units = in.pairable_units;
    if (in.pairable_units == 0) {
        out.notes.push_back(notes::too_few_pairable());
        return out;
    }
    const PairableUnits& units = in.units;
    if (options.metric == AlphaMetric::Ratio && units.values.size() > kMaxRatioValues) {
        out.notes.push_back(notes::too_many_ratio_values(units.values.size(), kMaxRatioValues));
        return out;
    }
    const std::vector<double> times(units.size(), 1.0);
    const auto parts = alpha_parts(units, times, options.metric);
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

}  // namespace detail

AlphaResult krippendorff_alpha(const RatingMatrix& ratings, const AlphaOptions& options) {
    if (auto problem = detail::matrix_problem(ratings); !problem.empty()) {
        AlphaResult out;
        out.notes.push_back(std::move(problem));
        return out;
    }
    return detail::krippendorff_alpha(detail::alpha_input(ratings, detail::sparse_rows(ratings)),
                                      options);
}

}  // namespace shortlist

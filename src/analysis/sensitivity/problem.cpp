// Weight sensitivity: the compiled problem, built once from the baseline
// (problem.hpp).
#include "analysis/sensitivity/problem.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

#include "analysis/sensitivity/layout.hpp"

namespace shortlist::detail::sensitivity {

namespace {

// ---- tie-break keys, as select() reads them ---------------------------------

constexpr double lowest = -std::numeric_limits<double>::infinity();

/// The baseline's tie-break values, one vector per outcome (empty without
/// ties: break_by), compared as select() compares them.
std::vector<std::vector<double>> tie_values(const Rulebook& rulebook,
                                            const std::vector<Outcome>& outcomes) {
    std::vector<std::vector<double>> values(outcomes.size());
    if (rulebook.shortlist.ties != TiePolicy::BreakBy || rulebook.shortlist.tie_break.empty())
        return values;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const Outcome& o = outcomes[i];
        for (const std::string& key : rulebook.shortlist.tie_break) {
            double v = lowest;
            if (const auto g = parse_group(key)) {
                if (const auto& s = o.groups[static_cast<std::size_t>(*g)])
                    v = std::round(*s * 1e8) / 1e6;
            } else if (const std::size_t c = rulebook.find_criterion(key);
                       c != Rulebook::npos && c < o.criteria.size() &&
                       o.criteria[c].status != CriterionStatus::NotApplicable) {
                v = std::round(o.criteria[c].normalised * 1e8) / 1e6;
            }
            values[i].push_back(std::isnan(v) ? lowest : v);
        }
    }
    return values;
}

}  // namespace

double odd_total(const Problem& p, std::size_t r, const double* w) {
    const double* s = &p.odd_s[r * p.m];
    const std::uint8_t* applies = &p.odd_applies[r * p.m];
    double sum = 0, weight_sum = 0;
    int zero_groups = 0;
    for (std::size_t g = 0; g < group_count; ++g) {
        double group_weight = 0, denom = 0, numer = 0;
        int zeros = 0;
        for (const std::size_t c : p.group_criteria[g]) {
            group_weight += w[c];
            if (!applies[c])
                continue;
            denom += w[c];
            if (!p.geometric)
                numer += w[c] * s[c];
            else if (s[c] > 0)
                numer += w[c] * std::log(s[c]);
            else if (w[c] > 0)
                ++zeros;
        }
        if (!(denom > 0))
            continue;  // no score in this group
        const double gs = !p.geometric ? numer / denom : zeros == 0 ? std::exp(numer / denom) : 0.0;
        weight_sum += group_weight;
        if (!p.geometric)
            sum += group_weight * gs;
        else if (gs > 0)
            sum += group_weight * std::log(gs);
        else if (group_weight > 0)
            ++zero_groups;
    }
    if (!(weight_sum > 0))
        return 0;
    if (!p.geometric)
        return 100.0 * sum / weight_sum;
    return zero_groups == 0 ? 100.0 * std::exp(sum / weight_sum) : 0.0;
}

Baseline baseline_order(const Rulebook& rulebook, const Shortlist& baseline) {
    const std::vector<Outcome>& outcomes = baseline.outcomes;
    Baseline b;
    const auto ties = tie_values(rulebook, outcomes);
    b.shortlisted.assign(outcomes.size(), false);
    for (const ShortlistEntry& e : baseline.entries) {
        const Outcome& o = outcomes[e.outcome];
        b.shortlisted[e.outcome] = e.status == ShortlistStatus::Shortlisted ||
                                   e.status == ShortlistStatus::GuaranteedInterview;
        const bool gated = std::any_of(o.failed_gates.begin(), o.failed_gates.end(), [](auto& g) {
            return g.kind != GateFailure::Kind::PassMark;
        });
        if (!gated)
            b.rankable.push_back(e.outcome);
    }
    auto tie_less = [&](std::size_t x, std::size_t y) { return ties[x] < ties[y]; };
    std::vector<std::size_t> by_tie = b.rankable;
    std::stable_sort(by_tie.begin(), by_tie.end(), tie_less);
    b.tie_order.assign(outcomes.size(), 0);
    for (std::size_t k = 1; k < by_tie.size(); ++k)
        b.tie_order[by_tie[k]] =
            b.tie_order[by_tie[k - 1]] + (tie_less(by_tie[k - 1], by_tie[k]) ? 1U : 0U);
    std::stable_sort(b.rankable.begin(), b.rankable.end(), [&](std::size_t x, std::size_t y) {
        return b.key(outcomes, x) < b.key(outcomes, y);
    });
    b.place_of.assign(outcomes.size(), static_cast<std::size_t>(-1));
    return b;
}

void fill_places(const std::vector<Outcome>& outcomes, Baseline& b, Problem& p) {
    const std::size_t n = b.rankable.size(), m = p.m;
    p.n = n;
    p.outcome = b.rankable;
    p.tie.resize(n);
    p.flags.resize(n);
    p.row.assign(n, -1);
    p.odd_index.assign(n, -1);
    std::vector<std::size_t> plain;
    std::size_t odd_rows = 0;
    for (std::size_t q = 0; q < n; ++q) {
        const std::size_t i = b.rankable[q];
        const Outcome& o = outcomes[i];
        b.place_of[i] = q;
        p.tie[q] = b.tie_order[i];
        if (q == 0 || b.key(outcomes, b.rankable[q - 1]) != b.key(outcomes, i))
            p.runs.push_back(static_cast<std::uint32_t>(q));
        p.run_of.push_back(static_cast<std::uint32_t>(p.runs.size() - 1));
        bool odd = false;
        for (std::size_t c = 0; c < m; ++c) {
            odd = odd || o.criteria[c].status == CriterionStatus::NotApplicable ||
                  (p.geometric && p.base[c] > 0 && !(o.criteria[c].normalised > 0));
        }
        if (odd) {
            p.odd_index[q] = static_cast<std::int64_t>(odd_rows++);
            for (std::size_t c = 0; c < m; ++c) {
                p.odd_s.push_back(o.criteria[c].normalised);
                p.odd_applies.push_back(o.criteria[c].status == CriterionStatus::NotApplicable ? 0
                                                                                               : 1);
            }
        } else {
            p.row[q] = static_cast<std::int64_t>(plain.size());
            plain.push_back(i);
        }
    }
    p.runs.push_back(static_cast<std::uint32_t>(n));
    for (std::size_t r = 0; r + 1 < p.runs.size(); ++r) {
        const std::uint64_t len = p.runs[r + 1] - p.runs[r];
        p.tied_baseline += len * (len - (len > 0 ? 1 : 0)) / 2;
    }
    p.s.resize(static_cast<Eigen::Index>(plain.size()), static_cast<Eigen::Index>(m));
    for (std::size_t r = 0; r < plain.size(); ++r) {
        const Outcome& o = outcomes[plain[r]];
        for (std::size_t c = 0; c < m; ++c) {
            const double s = o.criteria[c].normalised;
            p.s(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = !p.geometric ? s
                                                                              : p.base[c] > 0
                                                                                  ? std::log(s)
                                                                                  : 0.0;
        }
    }
}

void flags_layout_bins(const std::vector<Outcome>& outcomes, const Baseline& b, Problem& p) {
    const std::size_t n = p.n;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const bool guaranteed = outcomes[i].opted_in && outcomes[i].passes_essential_gates;
        p.guaranteed += guaranteed ? 1U : 0U;
        if (b.place_of[i] != static_cast<std::size_t>(-1))
            p.flags[b.place_of[i]] = static_cast<std::uint8_t>(
                (b.shortlisted[i] ? in_baseline : 0) | (guaranteed ? is_guaranteed : 0));
    }
    // Values and places in one word when they fit: a total in millionths
    // (at most 10^8 < 2^27), the tie-break order, the place.
    const std::uint32_t max_tie = n == 0 ? 0 : *std::max_element(p.tie.begin(), p.tie.end());
    const auto tie_bits = static_cast<unsigned>(std::bit_width(max_tie));
    const auto place_bits = static_cast<unsigned>(std::bit_width(n));
    if (27 + tie_bits + place_bits <= 64 && !sensitivity_force_wide_layout()) {
        p.tie_shift = tie_bits;
        p.packed = PackedLayout{place_bits};
    }
    // Rank bins: exact up to 1024 rankable applicants; beyond, at most 1024
    // bins and 2^24 counters per thread.
    if (n > 0) {
        p.bins = std::min<std::size_t>(
            n, std::max<std::size_t>(64, std::min<std::size_t>(1024, (std::size_t{1} << 24) / n)));
        p.bin = (n + p.bins - 1) / p.bins;
        p.bins = (n + p.bin - 1) / p.bin;
    }
    p.bin_of.resize(n + 1);
    p.bin_of[0] = static_cast<std::uint16_t>(p.bins);
    for (std::size_t r = 1; r <= n; ++r)
        p.bin_of[r] = static_cast<std::uint16_t>((r - 1) / p.bin);
}

Problem compile_problem(const Rulebook& rulebook, const Shortlist& baseline, Baseline& b) {
    Problem p;
    p.m = rulebook.criteria.size();
    p.geometric = rulebook.aggregation == Aggregation::WeightedGeometricMean;
    p.base = effective_weights(rulebook);
    for (std::size_t c = 0; c < p.m; ++c)
        p.group_criteria[static_cast<std::size_t>(rulebook.criteria[c].group)].push_back(c);
    p.pass_mark = rulebook.shortlist.pass_mark;
    p.top = baseline.top;
    b = baseline_order(rulebook, baseline);
    fill_places(baseline.outcomes, b, p);
    flags_layout_bins(baseline.outcomes, b, p);
    return p;
}

}  // namespace shortlist::detail::sensitivity

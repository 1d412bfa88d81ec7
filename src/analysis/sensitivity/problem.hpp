// Weight sensitivity: the compiled problem (problem.cpp builds it from the
// baseline, sensitivity.cpp runs the draws on it). Private to
// src/analysis/sensitivity/.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail::sensitivity {

/// A total rounded to 6 decimals as an integer count of millionths: what
/// std::llround gives (halves away from zero), without the library call below
/// 2^52, where the fraction x - floor(x) is exact.
inline std::uint64_t micro(double total) {
    if (!(total > 0))
        return 0;
    const double x = total * 1e6;
    if (x < 4503599627370496.0) {  // 2^52
        const auto whole = static_cast<std::int64_t>(x);
        return static_cast<std::uint64_t>(whole) +
               (x - static_cast<double>(whole) >= 0.5 ? 1U : 0U);
    }
    return static_cast<std::uint64_t>(std::llround(x));
}

// ---- the compiled problem ----------------------------------------------------

/// A rankable applicant in one draw: the draw's value (total in millionths,
/// then the tie-break order) and its place in the baseline order.
struct Item {
    std::uint64_t key;
    std::uint32_t place;
};

/// Items as 16-byte records: any number of applicants and tie-break orders.
struct WideLayout {
    using T = Item;
    [[nodiscard]] T make(std::uint64_t value, std::size_t place) const {
        return {value, static_cast<std::uint32_t>(place)};
    }
    [[nodiscard]] std::uint64_t value(const T& t) const { return t.key; }
    [[nodiscard]] std::size_t place(const T& t) const { return t.place; }
};

/// Items packed into one word, value then place, when both fit: the sort
/// moves half the bytes. Ordering whole words orders equal values by place,
/// the order they start in and the order the stable radix sort of
/// order_items() keeps, so both layouts give the same order and counts.
struct PackedLayout {
    using T = std::uint64_t;
    unsigned place_bits = 0;
    [[nodiscard]] T make(std::uint64_t value, std::size_t place) const {
        return (value << place_bits) | place;
    }
    [[nodiscard]] std::uint64_t value(T t) const { return t >> place_bits; }
    [[nodiscard]] std::size_t place(T t) const {
        return static_cast<std::size_t>(t & ((std::uint64_t{1} << place_bits) - 1));
    }
};

struct Problem {
    std::size_t m = 0;  ///< criteria
    std::size_t n = 0;  ///< rankable applicants
    bool geometric = false;
    std::vector<double> base;  ///< e
    std::array<std::vector<std::size_t>, group_count> group_criteria;
    std::optional<double> pass_mark;
    std::optional<std::size_t> top;

    // Per rankable applicant, by place in the baseline order (ascending key).
    std::vector<std::size_t> outcome;  ///< index into the outcomes
    std::vector<std::uint32_t> tie;    ///< tie-break order (higher is better)
    std::vector<std::uint8_t> flags;   ///< in_baseline, guaranteed
    std::vector<std::int64_t> row;     ///< row of S, or −1: scored one by one
    /// The places where a run of equal baseline keys starts, and n at the end.
    std::vector<std::uint32_t> runs;
    std::vector<std::uint32_t> run_of;  ///< per place: the index of its run in `runs`
    std::uint64_t tied_baseline = 0;    ///< n1: pairs tied in the baseline

    Eigen::MatrixXd s;  ///< plain rows: s (or ln s, geometric) of every criterion

    // Applicants scored one by one (some criterion not applicable, or,
    // geometric, a zero score): per such applicant m scores and applies.
    std::vector<double> odd_s;
    std::vector<std::uint8_t> odd_applies;
    std::vector<std::int64_t> odd_index;  ///< by place: index into the odd rows, or −1

    std::size_t guaranteed = 0;  ///< guaranteed-interview applicants (any, rankable or not)
    /// A draw's value is (total in millionths << tie_shift) | tie-break order.
    unsigned tie_shift = 32;
    std::optional<PackedLayout> packed;  ///< when values and places fit in a word
    std::size_t bins = 1;
    std::size_t bin = 1;
    /// Rank r's histogram bin, (r − 1) / bin; at 0 (below the pass mark), `bins`.
    std::vector<std::uint16_t> bin_of;
};

enum : std::uint8_t { in_baseline = 1, is_guaranteed = 2 };

/// The total of odd row r under weights w (README, "Scoring", with W'_g the
/// group's sum of w), not rounded.
double odd_total(const Problem& p, std::size_t r, const double* w);

/// The rankable applicants (not gated) in ascending baseline order, and each
/// outcome's tie-break order (higher is better) and baseline membership.
struct Baseline {
    std::vector<std::size_t> rankable;
    std::vector<std::uint32_t> tie_order;  ///< per outcome
    std::vector<bool> shortlisted;         ///< per outcome
    std::vector<std::size_t> place_of;     ///< per outcome: place, or -1 (not rankable)

    [[nodiscard]] std::uint64_t key(const std::vector<Outcome>& outcomes, std::size_t i) const {
        return (micro(outcomes[i].total) << 32) | tie_order[i];
    }
};

/// Rankable applicants in ascending baseline order: total, then the
/// tie-break values, then (for a stable order) their entry order.
Baseline baseline_order(const Rulebook& rulebook, const Shortlist& baseline);

/// Per place: the tie order, the runs of equal baseline keys, and whether the
/// applicant is a plain row of S or scored one by one (odd).
void fill_places(const std::vector<Outcome>& outcomes, Baseline& b, Problem& p);

/// Baseline and guaranteed-interview flags, the word layout and the rank bins.
void flags_layout_bins(const std::vector<Outcome>& outcomes, const Baseline& b, Problem& p);

/// The whole problem of `baseline` (outcomes with the per-criterion
/// breakdown): the rulebook's weights, pass mark and shortlist size, and the
/// three steps above; `b` is set to the baseline order.
Problem compile_problem(const Rulebook& rulebook, const Shortlist& baseline, Baseline& b);

}  // namespace shortlist::detail::sensitivity

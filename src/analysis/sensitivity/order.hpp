// Weight sensitivity: one draw's order (a stable radix sort of the items by
// value) and the pair counts Kendall's tau-b needs from it, without a
// comparison sort (docs/sensitivity.md, "How it is computed"). Private to
// src/analysis/sensitivity/; order.cpp defines them for both item layouts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace shortlist::detail::sensitivity {

/// Scratch for order_items() and pair_counts(), reused from draw to draw.
struct OrderScratch {
    std::vector<std::uint32_t> counts;  ///< radix digit counts
    std::vector<std::uint64_t> bits;    ///< the places counted so far
    std::vector<std::uint32_t> tree;    ///< counts of `bits` in groups of words, per level
    std::vector<std::uint16_t> tree16;  ///< the same, 16 bits wide (below 65,535 places)
    /// The width of the last draw's values, when sorting by the values
    /// themselves took no more passes than by their excess over the lowest;
    /// else 0 (order.cpp).
    unsigned value_bits = 0;
};

/// Sorts items[0, n) ascending by layout.value(), stably (equal values keep
/// their order), by least-significant-digit radix sort of the bits in which
/// the values differ; buffer (n items) is scratch. Returns the sorted items:
/// `items` or `buffer`.
template <class Layout>
typename Layout::T* order_items(const Layout& layout, typename Layout::T* items,
                                typename Layout::T* buffer, std::size_t n, OrderScratch& scratch);

/// Knight's counts for one draw against the baseline ranking.
struct PairCounts {
    std::uint64_t discordant = 0;  ///< pairs in different baseline runs, ordered oppositely
    std::uint64_t tied_draw = 0;   ///< pairs with equal values in the draw
    std::uint64_t tied_both = 0;   ///< pairs equal in the draw and in the same baseline run
};

/// The counts of `sorted` (n items in ascending (value, place) order, as
/// order_items() leaves items that started in place order). `runs` are the
/// places where a run of equal baseline keys starts, then n; `run_of` gives
/// each place's run. Discordant pairs are counted in sorted order as the
/// earlier items past the end of each item's baseline run, with a bitset of
/// the places seen and counts of it in groups of 16 words, 16 groups, ...:
/// O(n log16(n/64)) without a comparison sort.
template <class Layout>
PairCounts pair_counts(const Layout& layout, const typename Layout::T* sorted, std::size_t n,
                       const std::vector<std::uint32_t>& runs,
                       const std::vector<std::uint32_t>& run_of, OrderScratch& scratch);

}  // namespace shortlist::detail::sensitivity

// Weight sensitivity: one draw's order and its pair counts (order.hpp).
#include "analysis/sensitivity/order.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <utility>

#include "analysis/sensitivity/problem.hpp"

namespace shortlist::detail::sensitivity {

namespace {

constexpr unsigned max_digit_bits = 11;  // 2,048 counters a pass: they stay in L1

/// The inversions of seq[0, n), a permutation of 0..n-1: for each element,
/// the earlier ones above it. The elements seen so far are a bitset; above a
/// word, counts of the words' set bits in aligned blocks of 2^l words, one
/// array per level l (slot j + 1 counts block j), so that a prefix is one
/// masked counter a level and an insert one increment a level: no branch that
/// depends on the data. `Levels` fixed unrolls the loop (0: any number).
template <unsigned Levels>
[[gnu::always_inline]] inline std::uint64_t inversions_in(const std::uint32_t* seq, std::size_t n,
                                                          unsigned levels, OrderScratch& scratch) {
    if constexpr (Levels != 0)
        levels = Levels;
    const std::size_t words = (n + 63) / 64;
    std::array<std::size_t, 64> offset{};
    std::size_t size = 0;
    for (unsigned l = 0; l < levels; ++l) {
        offset[l] = size;
        size += (words >> l) + 2;
    }
    scratch.bits.assign(words, 0);
    scratch.tree.assign(size, 0);
    std::uint64_t* bits = scratch.bits.data();
    std::uint32_t* counts = scratch.tree.data();
    std::uint64_t inversions = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t x = seq[i], w = x >> 6;
        const std::uint64_t bit = std::uint64_t{1} << (x & 63);
        std::uint64_t below = static_cast<unsigned>(std::popcount(bits[w] & (bit - 1)));
        bits[w] |= bit;
        for (unsigned l = 0; l < levels; ++l) {
            std::uint32_t* level = counts + offset[l] + (w >> l);
            below += level[0] & (0U - static_cast<std::uint32_t>((w >> l) & 1));
            ++level[1];
        }
        inversions += i - below;
    }
    return inversions;
}

/// inversions_in() with the loop over levels unrolled for the usual sizes
/// (5 to 15 levels: about 1,000 to 2 million applicants).
[[gnu::always_inline]] inline std::uint64_t inversions_any(const std::uint32_t* seq, std::size_t n,
                                                           OrderScratch& scratch) {
    const auto levels = static_cast<unsigned>(std::bit_width((n + 63) / 64));
    switch (levels) {
        case 5:
            return inversions_in<5>(seq, n, levels, scratch);
        case 6:
            return inversions_in<6>(seq, n, levels, scratch);
        case 7:
            return inversions_in<7>(seq, n, levels, scratch);
        case 8:
            return inversions_in<8>(seq, n, levels, scratch);
        case 9:
            return inversions_in<9>(seq, n, levels, scratch);
        case 10:
            return inversions_in<10>(seq, n, levels, scratch);
        case 11:
            return inversions_in<11>(seq, n, levels, scratch);
        case 12:
            return inversions_in<12>(seq, n, levels, scratch);
        case 13:
            return inversions_in<13>(seq, n, levels, scratch);
        case 14:
            return inversions_in<14>(seq, n, levels, scratch);
        case 15:
            return inversions_in<15>(seq, n, levels, scratch);
        default:
            return inversions_in<0>(seq, n, levels, scratch);
    }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/// The same, compiled with the POPCNT instruction (every x86-64 CPU since
/// 2008; the build targets the baseline x86-64, which lacks it).
[[gnu::target("popcnt")]] std::uint64_t inversions_popcnt(const std::uint32_t* seq, std::size_t n,
                                                          OrderScratch& scratch) {
    return inversions_any(seq, n, scratch);
}
#endif

std::uint64_t inversions(const std::uint32_t* seq, std::size_t n, OrderScratch& scratch) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    static const bool has_popcnt = __builtin_cpu_supports("popcnt");
    if (has_popcnt)
        return inversions_popcnt(seq, n, scratch);
#endif
    return inversions_any(seq, n, scratch);
}

}  // namespace

template <class Layout>
typename Layout::T* order_items(const Layout& layout, typename Layout::T* items,
                                typename Layout::T* buffer, std::size_t n, OrderScratch& scratch) {
    using T = typename Layout::T;
    if (n < 2)
        return items;
    std::uint64_t lo = std::numeric_limits<std::uint64_t>::max(), hi = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t v = layout.value(items[i]);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    const auto bits = static_cast<unsigned>(std::bit_width(hi - lo));
    if (bits == 0)
        return items;  // every value equal: already in order
    const unsigned passes = (bits + max_digit_bits - 1) / max_digit_bits;
    const unsigned width = (bits + passes - 1) / passes;
    const std::size_t buckets = std::size_t{1} << width;
    const std::uint64_t mask = buckets - 1;
    scratch.counts.assign(passes * buckets, 0);
    std::uint32_t* counts = scratch.counts.data();
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t v = layout.value(items[i]) - lo;
        for (unsigned d = 0; d < passes; ++d)
            ++counts[d * buckets + ((v >> (d * width)) & mask)];
    }
    T* src = items;
    T* dst = buffer;
    for (unsigned d = 0; d < passes; ++d) {
        std::uint32_t* count = counts + d * buckets;
        const unsigned shift = d * width;
        if (count[((layout.value(src[0]) - lo) >> shift) & mask] == n)
            continue;  // one digit for all: this pass would not move anything
        std::uint32_t start = 0;
        for (std::size_t b = 0; b < buckets; ++b)
            start += std::exchange(count[b], start);
        for (std::size_t i = 0; i < n; ++i)
            dst[count[((layout.value(src[i]) - lo) >> shift) & mask]++] = src[i];
        std::swap(src, dst);
    }
    return src;
}

template <class Layout>
PairCounts pair_counts(const Layout& layout, const typename Layout::T* sorted, std::size_t n,
                       const std::vector<std::uint32_t>& runs,
                       const std::vector<std::uint32_t>& run_of, OrderScratch& scratch) {
    PairCounts c;
    if (n == 0)
        return c;
    // Ties: within a run of equal values the places ascend, and a baseline
    // run is a range of places, so its members in the run are adjacent.
    // Meanwhile the sorted positions are laid out by baseline run, ascending
    // inside each (Knight's order: baseline ties sorted by the draw), so that
    // the discordant pairs are the inversions of that sequence.
    scratch.next.assign(runs.begin(), runs.end() - 1);
    scratch.sequence.resize(n);
    std::uint32_t* next = scratch.next.data();
    std::uint32_t* sequence = scratch.sequence.data();
    std::uint64_t same_value = 1, same_both = 1;
    std::size_t previous = layout.place(sorted[0]);
    sequence[next[run_of[previous]]++] = 0;
    for (std::size_t k = 1; k < n; ++k) {
        const std::size_t q = layout.place(sorted[k]);
        sequence[next[run_of[q]]++] = static_cast<std::uint32_t>(k);
        if (layout.value(sorted[k]) == layout.value(sorted[k - 1])) {
            c.tied_draw += same_value++;
            if (run_of[q] == run_of[previous])
                c.tied_both += same_both++;
            else
                same_both = 1;
        } else {
            same_value = 1;
            same_both = 1;
        }
        previous = q;
    }
    c.discordant = inversions(sequence, n, scratch);
    return c;
}

template PackedLayout::T* order_items(const PackedLayout&, PackedLayout::T*, PackedLayout::T*,
                                      std::size_t, OrderScratch&);
template WideLayout::T* order_items(const WideLayout&, WideLayout::T*, WideLayout::T*, std::size_t,
                                    OrderScratch&);
template PairCounts pair_counts(const PackedLayout&, const PackedLayout::T*, std::size_t,
                                const std::vector<std::uint32_t>&,
                                const std::vector<std::uint32_t>&, OrderScratch&);
template PairCounts pair_counts(const WideLayout&, const WideLayout::T*, std::size_t,
                                const std::vector<std::uint32_t>&,
                                const std::vector<std::uint32_t>&, OrderScratch&);

}  // namespace shortlist::detail::sensitivity

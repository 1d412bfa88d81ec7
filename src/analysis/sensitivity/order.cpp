// Weight sensitivity: one draw's order and its pair counts (order.hpp).
#include "analysis/sensitivity/order.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <utility>

#include "analysis/sensitivity/problem.hpp"

namespace shortlist::detail::sensitivity {

namespace {

constexpr unsigned max_digit_bits = 11;  // 2,048 counters a pass: they stay in L1

constexpr std::size_t fan = 16;  // lanes, and units per group at every level

/// 16 counters, added to as one vector: 16-bit counters (below 65,536
/// places) in one AVX2 instruction or two SSE2, 32-bit ones in two or four.
template <class Count>
struct LanesOf;
template <>
struct LanesOf<std::uint16_t> {
    using type = std::uint16_t __attribute__((vector_size(32)));
};
template <>
struct LanesOf<std::uint32_t> {
    using type = std::uint32_t __attribute__((vector_size(64)));
};

/// From [16 - u], 16 lanes that add 1 to the units after unit u of a group.
template <class Count>
constexpr std::array<Count, 2 * fan> ones_after = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                   0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

inline std::vector<std::uint16_t>& tree_of(OrderScratch& s, std::uint16_t /*tag*/) {
    return s.tree16;
}
inline std::vector<std::uint32_t>& tree_of(OrderScratch& s, std::uint32_t /*tag*/) {
    return s.tree;
}

/// How many of the places inserted so far lie below a place, for places
/// 0..n: a bitset of words, and above it one array of counters a level
/// (`Levels` of them, 0: any number): at level l, for each unit (a word at
/// level 0; an aligned group of 16 units of the level below above that), the
/// places in the units before it in its group of 16. below() is a masked
/// popcount and one counter a level; insert() adds 1 to the counters after
/// its unit, one 16-lane vector a level: no branch on the data, and about a
/// quarter of the instructions of a binary tree of block counts.
template <unsigned Levels, class Count>
class PlaceCounts {
  public:
    PlaceCounts(std::size_t n, unsigned levels, OrderScratch& scratch)
        : levels_(Levels != 0 ? Levels : levels) {
        const std::size_t words = n / 64 + 1;
        std::size_t size = 0, units = words;
        for (unsigned l = 0; l < levels_; ++l) {
            offset_[l] = size;
            units = (units + fan - 1) / fan;
            size += units * fan;
        }
        scratch.bits.assign(words, 0);
        std::vector<Count>& tree = tree_of(scratch, Count{});
        tree.assign(size, 0);
        bits_ = scratch.bits.data();
        counts_ = tree.data();
    }

    /// The levels above the bitset for places 0..n.
    static unsigned levels_for(std::size_t n) {
        unsigned levels = 0;
        for (std::size_t units = n / 64 + 1; units > 1; units = (units + fan - 1) / fan)
            ++levels;
        return levels;
    }

    [[gnu::always_inline]] std::uint64_t below(std::size_t x) const {
        const std::size_t w = x >> 6;
        std::uint64_t count =
            static_cast<unsigned>(std::popcount(bits_[w] & ((std::uint64_t{1} << (x & 63)) - 1)));
        for (unsigned l = 0; l < levels_; ++l)
            count += counts_[offset_[l] + (w >> (4 * l))];
        return count;
    }

    [[gnu::always_inline]] void insert(std::size_t x) {
        const std::size_t w = x >> 6;
        bits_[w] |= std::uint64_t{1} << (x & 63);
        for (unsigned l = 0; l < levels_; ++l) {
            const std::size_t unit = w >> (4 * l);
            Count* group = counts_ + offset_[l] + (unit & ~(fan - 1));
            typename LanesOf<Count>::type v, after;
            std::memcpy(&v, group, sizeof v);
            std::memcpy(&after, &ones_after<Count>[fan - (unit & (fan - 1))], sizeof after);
            v += after;
            std::memcpy(group, &v, sizeof v);
        }
    }

  private:
    unsigned levels_;
    std::array<std::size_t, 16> offset_{};
    std::uint64_t* bits_ = nullptr;
    Count* counts_ = nullptr;
};

/// pair_counts() with `Levels` levels of counters (0: any number). In
/// sorted order each value's items are in place order (a stable sort of
/// items that started so), and a baseline run is a range of places, so ties
/// are adjacent. An earlier item is discordant with this one when its value
/// is lower and its baseline run higher: its place is at or past the end of
/// this item's run, and an earlier item of equal value has a lower place.
template <unsigned Levels, class Count, class Layout>
[[gnu::always_inline]] inline PairCounts count_pairs(const Layout& layout,
                                                     const typename Layout::T* sorted,
                                                     std::size_t n, const std::uint32_t* runs,
                                                     const std::uint32_t* run_of, unsigned levels,
                                                     OrderScratch& scratch) {
    PairCounts c;
    PlaceCounts<Levels, Count> seen(n, levels, scratch);
    std::uint64_t same_value = 1, same_both = 1;
    std::size_t previous = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t q = layout.place(sorted[k]);
        const std::uint32_t run = run_of[q];
        if (k > 0 && layout.value(sorted[k]) == layout.value(sorted[k - 1])) {
            c.tied_draw += same_value++;
            if (run == run_of[previous])
                c.tied_both += same_both++;
            else
                same_both = 1;
        } else {
            same_value = 1;
            same_both = 1;
        }
        c.discordant += k - seen.below(runs[run + 1]);
        seen.insert(q);
        previous = q;
    }
    return c;
}

/// count_pairs() with the loop over levels unrolled for the usual sizes:
/// 16-bit counters up to 65,534 places (every count is at most n), 1 to 3
/// levels; 32-bit ones beyond, 3 or 4 levels up to 4 million.
template <class Layout>
[[gnu::always_inline]] inline PairCounts count_pairs_any(const Layout& layout,
                                                         const typename Layout::T* sorted,
                                                         std::size_t n, const std::uint32_t* runs,
                                                         const std::uint32_t* run_of,
                                                         OrderScratch& scratch) {
    using Narrow = std::uint16_t;
    using Wide = std::uint32_t;
    const unsigned levels = PlaceCounts<0, Wide>::levels_for(n);
    if (n < std::numeric_limits<Narrow>::max()) {
        switch (levels) {
            case 1:
                return count_pairs<1, Narrow>(layout, sorted, n, runs, run_of, levels, scratch);
            case 2:
                return count_pairs<2, Narrow>(layout, sorted, n, runs, run_of, levels, scratch);
            case 3:
                return count_pairs<3, Narrow>(layout, sorted, n, runs, run_of, levels, scratch);
            default:
                return count_pairs<0, Narrow>(layout, sorted, n, runs, run_of, levels, scratch);
        }
    }
    switch (levels) {
        case 3:
            return count_pairs<3, Wide>(layout, sorted, n, runs, run_of, levels, scratch);
        case 4:
            return count_pairs<4, Wide>(layout, sorted, n, runs, run_of, levels, scratch);
        default:
            return count_pairs<0, Wide>(layout, sorted, n, runs, run_of, levels, scratch);
    }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/// The same, compiled with the POPCNT instruction (every x86-64 CPU since
/// 2008; the build targets the baseline x86-64, which lacks it), and with
/// AVX2 where the CPU has it (a level's counters: two instructions, not four).
template <class Layout>
[[gnu::target("popcnt")]] PairCounts count_pairs_popcnt(const Layout& layout,
                                                        const typename Layout::T* sorted,
                                                        std::size_t n, const std::uint32_t* runs,
                                                        const std::uint32_t* run_of,
                                                        OrderScratch& scratch) {
    return count_pairs_any(layout, sorted, n, runs, run_of, scratch);
}
template <class Layout>
[[gnu::target("avx2,popcnt")]] PairCounts count_pairs_avx2(const Layout& layout,
                                                           const typename Layout::T* sorted,
                                                           std::size_t n, const std::uint32_t* runs,
                                                           const std::uint32_t* run_of,
                                                           OrderScratch& scratch) {
    return count_pairs_any(layout, sorted, n, runs, run_of, scratch);
}
#endif

/// Copies of the top digit's counts in count_digits().
constexpr std::size_t top_copies = 4;

/// The digit counts of every pass in one sweep; `Passes` fixed unrolls the
/// loop over passes (0: any number). Items come in baseline order, so
/// neighbours' values are close and their top digits mostly the same: the
/// top digit is counted in `top_copies` copies (item i in copy i mod 4, the
/// extra copies after the passes' counts), so that increments of one counter
/// do not wait on each other, and the copies are added up after.
/// Returns the bitwise or of every value - lo: a value wider than the
/// passes' digits is counted by its low digits only, and the caller sees it.
template <unsigned Passes, class Layout>
std::uint64_t count_digits(const Layout& layout, const typename Layout::T* items, std::size_t n,
                           std::uint64_t lo, unsigned passes, unsigned width,
                           std::uint32_t* counts) {
    if constexpr (Passes != 0)
        passes = Passes;
    const std::size_t buckets = std::size_t{1} << width;
    const std::uint64_t mask = buckets - 1;
    const unsigned top = passes - 1;
    std::array<std::uint32_t*, top_copies> top_counts{};
    top_counts[0] = counts + top * buckets;
    for (std::size_t c = 1; c < top_copies; ++c)
        top_counts[c] = counts + (passes + c - 1) * buckets;
    std::uint64_t all = 0;
    auto count = [&](std::size_t i, std::uint32_t* top_count) {
        const std::uint64_t v = layout.value(items[i]) - lo;
        all |= v;
        for (unsigned d = 0; d < top; ++d)
            ++counts[d * buckets + ((v >> (d * width)) & mask)];
        ++top_count[(v >> (top * width)) & mask];
    };
    std::size_t i = 0;
    for (; i + top_copies <= n; i += top_copies) {
        for (std::size_t c = 0; c < top_copies; ++c)
            count(i + c, top_counts[c]);
    }
    for (; i < n; ++i)
        count(i, top_counts[0]);
    for (std::size_t b = 0; b < buckets; ++b) {
        for (std::size_t c = 1; c < top_copies; ++c)
            top_counts[0][b] += top_counts[c][b];
    }
    return all;
}

/// The lowest and highest value of items[0, n), with four of each kept so
/// that the comparisons do not wait on each other.
template <class Layout>
std::pair<std::uint64_t, std::uint64_t> value_range(const Layout& layout,
                                                    const typename Layout::T* items,
                                                    std::size_t n) {
    std::array<std::uint64_t, 4> lo, hi{};
    lo.fill(std::numeric_limits<std::uint64_t>::max());
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        for (std::size_t c = 0; c < 4; ++c) {
            const std::uint64_t v = layout.value(items[i + c]);
            lo[c] = std::min(lo[c], v);
            hi[c] = std::max(hi[c], v);
        }
    }
    for (; i < n; ++i) {
        const std::uint64_t v = layout.value(items[i]);
        lo[0] = std::min(lo[0], v);
        hi[0] = std::max(hi[0], v);
    }
    return {std::min(std::min(lo[0], lo[1]), std::min(lo[2], lo[3])),
            std::max(std::max(hi[0], hi[1]), std::max(hi[2], hi[3]))};
}

/// The passes for values of `bits` bits.
unsigned passes_for(unsigned bits) {
    return (bits + max_digit_bits - 1) / max_digit_bits;
}

/// order_items() by least-significant-digit radix sort of value - lo, of
/// `bits` bits. `Guess`: lo is 0 and `bits` a guess; if some value is wider,
/// returns nullptr, having moved nothing.
template <bool Guess, class Layout>
typename Layout::T* radix_order(const Layout& layout, typename Layout::T* items,
                                typename Layout::T* buffer, std::size_t n, std::uint64_t lo,
                                unsigned bits, OrderScratch& scratch) {
    using T = typename Layout::T;
    if constexpr (Guess)
        lo = 0;  // a constant: no subtraction below
    const unsigned passes = passes_for(bits);
    const unsigned width = (bits + passes - 1) / passes;
    const std::size_t buckets = std::size_t{1} << width;
    const std::uint64_t mask = buckets - 1;
    scratch.counts.assign((passes + top_copies - 1) * buckets, 0);
    std::uint32_t* counts = scratch.counts.data();
    std::uint64_t all = 0;
    switch (passes) {  // totals in millionths: 3 passes, with a tie-break order 3 or 4
        case 3:
            all = count_digits<3>(layout, items, n, lo, passes, width, counts);
            break;
        case 4:
            all = count_digits<4>(layout, items, n, lo, passes, width, counts);
            break;
        default:
            all = count_digits<0>(layout, items, n, lo, passes, width, counts);
    }
    if (Guess && std::bit_width(all) > passes * width)
        return nullptr;
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

}  // namespace

/// Draws of one problem have values of much the same range: when the
/// values' own width takes no more passes than their width above the lowest,
/// the next draw is sorted by the values themselves, without first finding
/// the lowest and highest (a pass over the items), and with a check that no
/// value is wider. Every way gives the same order: values then places.
template <class Layout>
typename Layout::T* order_items(const Layout& layout, typename Layout::T* items,
                                typename Layout::T* buffer, std::size_t n, OrderScratch& scratch) {
    if (n < 2)
        return items;
    if (scratch.value_bits != 0) {
        if (auto* sorted =
                radix_order<true>(layout, items, buffer, n, 0, scratch.value_bits, scratch))
            return sorted;
    }
    const auto [lo, hi] = value_range(layout, items, n);
    const auto bits = static_cast<unsigned>(std::bit_width(hi - lo));
    const auto own_bits = static_cast<unsigned>(std::bit_width(hi));
    scratch.value_bits = bits != 0 && passes_for(own_bits) == passes_for(bits) ? own_bits : 0;
    if (bits == 0)
        return items;  // every value equal: already in order
    return radix_order<false>(layout, items, buffer, n, lo, bits, scratch);
}

template <class Layout>
PairCounts pair_counts(const Layout& layout, const typename Layout::T* sorted, std::size_t n,
                       const std::vector<std::uint32_t>& runs,
                       const std::vector<std::uint32_t>& run_of, OrderScratch& scratch) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    static const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    static const bool has_popcnt = __builtin_cpu_supports("popcnt");
    if (has_avx2)
        return count_pairs_avx2(layout, sorted, n, runs.data(), run_of.data(), scratch);
    if (has_popcnt)
        return count_pairs_popcnt(layout, sorted, n, runs.data(), run_of.data(), scratch);
#endif
    return count_pairs_any(layout, sorted, n, runs.data(), run_of.data(), scratch);
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

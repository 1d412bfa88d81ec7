// Weight sensitivity: one draw's order and its pair counts (order.hpp).
#include "analysis/sensitivity/order.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <utility>

#include "analysis/sensitivity/problem.hpp"

namespace shortlist::detail::sensitivity {

namespace {

constexpr unsigned max_digit_bits = 11;  // 2,048 counters a pass: they stay in L1

/// For each place, the applicants of earlier baseline runs whose position is
/// above its own (positions are distinct, ties ordered by place, so a tie is
/// never counted); a run is queried whole before it is inserted. The inserted
/// positions are a bitset, counted word by word with a Fenwick tree over the
/// words' counts and a popcount inside the word: log2(n / 64) steps a place.
[[gnu::always_inline]] inline std::uint64_t discordant_in(const std::vector<std::uint32_t>& runs,
                                                          const std::uint32_t* position,
                                                          std::size_t n, OrderScratch& scratch) {
    const std::size_t words = (n + 63) / 64;
    scratch.bits.assign(words, 0);
    scratch.tree.assign(words + 1, 0);
    std::uint64_t* bits = scratch.bits.data();
    std::uint32_t* tree = scratch.tree.data();
    std::uint64_t discordant = 0, inserted = 0;
    for (std::size_t r = 0; r + 1 < runs.size(); ++r) {
        const std::size_t a = runs[r], b = runs[r + 1];
        for (std::size_t q = a; q < b; ++q) {
            const std::size_t w = position[q] >> 6;
            const std::uint64_t below = bits[w] & ((std::uint64_t{1} << (position[q] & 63)) - 1);
            std::uint64_t before = static_cast<unsigned>(std::popcount(below));
            for (std::size_t t = w; t > 0; t &= t - 1)
                before += tree[t];
            discordant += inserted - before;
        }
        for (std::size_t q = a; q < b; ++q) {
            const std::size_t w = position[q] >> 6;
            bits[w] |= std::uint64_t{1} << (position[q] & 63);
            for (std::size_t t = w + 1; t <= words; t += t & (~t + 1))
                ++tree[t];
        }
        inserted += b - a;
    }
    return discordant;
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/// The same, compiled with the POPCNT instruction (every x86-64 CPU since
/// 2008; the build targets the baseline x86-64, which lacks it).
[[gnu::target("popcnt")]] std::uint64_t discordant_popcnt(const std::vector<std::uint32_t>& runs,
                                                          const std::uint32_t* position,
                                                          std::size_t n, OrderScratch& scratch) {
    return discordant_in(runs, position, n, scratch);
}
#endif

std::uint64_t discordant(const std::vector<std::uint32_t>& runs, const std::uint32_t* position,
                         std::size_t n, OrderScratch& scratch) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    static const bool has_popcnt = __builtin_cpu_supports("popcnt");
    if (has_popcnt)
        return discordant_popcnt(runs, position, n, scratch);
#endif
    return discordant_in(runs, position, n, scratch);
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
    scratch.position.resize(n);
    std::uint32_t* position = scratch.position.data();
    std::uint64_t same_value = 1, same_both = 1;
    position[layout.place(sorted[0])] = 0;
    for (std::size_t k = 1; k < n; ++k) {
        const std::size_t q = layout.place(sorted[k]);
        position[q] = static_cast<std::uint32_t>(k);
        if (layout.value(sorted[k]) == layout.value(sorted[k - 1])) {
            c.tied_draw += same_value++;
            if (run_of[q] == run_of[layout.place(sorted[k - 1])])
                c.tied_both += same_both++;
            else
                same_both = 1;
        } else {
            same_value = 1;
            same_both = 1;
        }
    }
    c.discordant = discordant(runs, position, n, scratch);
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

// Kendall's tau-b in O(n log n) (Knight, 1966, "A computer method for
// calculating Kendall's tau with ungrouped data", JASA 61(314), 436-439): sort
// the pairs by x, ties in x by y; a merge sort of the y sequence then counts
// the discordant pairs as the exchanges it makes. Shared by kendall_tau_b
// (sensitivity.hpp), the per-draw correlation in sensitivity.cpp, and compare.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace shortlist::detail {

/// Sort a[0, n) ascending by `less`, stably, with `buf` (n elements) as
/// scratch, and return the number of inversions: pairs i < j with
/// less(a[j], a[i]). Insertion sort of blocks of 16 (each shift is one
/// inversion; the rankings it sorts are close to sorted), then bottom-up
/// merges, O(n log n). (A merge that picks its source without a branch
/// measured no faster here.)
template <class T, class Less>
std::uint64_t merge_sort_inversions(T* a, T* buf, std::size_t n, Less less) {
    constexpr std::size_t run = 16;
    std::uint64_t inversions = 0;
    for (std::size_t lo = 0; lo < n; lo += run) {
        const std::size_t hi = std::min(lo + run, n);
        for (std::size_t i = lo + 1; i < hi; ++i) {
            const T x = a[i];
            std::size_t j = i;
            for (; j > lo && less(x, a[j - 1]); --j)
                a[j] = a[j - 1];
            a[j] = x;
            inversions += i - j;
        }
    }
    T* src = a;
    T* dst = buf;
    for (std::size_t width = run; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, n);
            const std::size_t hi = std::min(lo + 2 * width, n);
            std::size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (less(src[j], src[i])) {
                    inversions += mid - i;  // src[j] jumps what is left of the left run
                    dst[k++] = src[j++];
                } else {
                    dst[k++] = src[i++];
                }
            }
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        std::swap(src, dst);
    }
    if (src != a) {
        for (std::size_t i = 0; i < n; ++i)
            a[i] = src[i];
    }
    return inversions;
}

/// Σ t(t − 1)/2 over the runs of equal elements of a sorted sequence.
template <class T, class Equal>
std::uint64_t tied_pairs(const T* a, std::size_t n, Equal equal) {
    std::uint64_t pairs = 0;
    std::size_t run = 1;
    for (std::size_t i = 1; i <= n; ++i) {
        if (i < n && equal(a[i - 1], a[i])) {
            ++run;
        } else {
            pairs += std::uint64_t{run} * (run - 1) / 2;
            run = 1;
        }
    }
    return n == 0 ? 0 : pairs;
}

/// tau-b from Knight's counts: n0 = n(n−1)/2 pairs, n1 pairs tied in x, n2
/// tied in y, n3 tied in both, `discordant` the exchanges of the merge sort:
///   S = n0 − n1 − n2 + n3 − 2·discordant,  tau-b = S / √((n0 − n1)(n0 − n2)).
/// None when every pair is tied in x or in y (the denominator is 0).
inline std::optional<double> tau_b_from_counts(std::uint64_t n, std::uint64_t n1, std::uint64_t n2,
                                               std::uint64_t n3, std::uint64_t discordant) {
    const std::uint64_t n0 = n * (n - (n > 0 ? 1 : 0)) / 2;
    if (n0 == n1 || n0 == n2)
        return std::nullopt;
    const double s = static_cast<double>(n0) - static_cast<double>(n1) - static_cast<double>(n2) +
                     static_cast<double>(n3) - 2.0 * static_cast<double>(discordant);
    return s / std::sqrt(static_cast<double>(n0 - n1) * static_cast<double>(n0 - n2));
}

/// tau-b of the pairs (x[i], y[i]); any totally ordered key type.
template <class K>
std::optional<double> kendall_tau_b(const std::vector<K>& x, const std::vector<K>& y) {
    const std::size_t n = x.size();
    struct Pair {
        K x, y;
    };
    std::vector<Pair> p(n);
    for (std::size_t i = 0; i < n; ++i)
        p[i] = {x[i], y[i]};
    std::vector<Pair> buf(n);
    // By x, ties by y (the first sort's exchanges are not needed).
    merge_sort_inversions(p.data(), buf.data(), n, [](const Pair& a, const Pair& b) {
        return a.x < b.x || (!(b.x < a.x) && a.y < b.y);
    });
    const std::uint64_t n1 =
        tied_pairs(p.data(), n, [](const Pair& a, const Pair& b) { return a.x == b.x; });
    const std::uint64_t n3 = tied_pairs(
        p.data(), n, [](const Pair& a, const Pair& b) { return a.x == b.x && a.y == b.y; });
    const std::uint64_t discordant = merge_sort_inversions(
        p.data(), buf.data(), n, [](const Pair& a, const Pair& b) { return a.y < b.y; });
    const std::uint64_t n2 =
        tied_pairs(p.data(), n, [](const Pair& a, const Pair& b) { return a.y == b.y; });
    return tau_b_from_counts(n, n1, n2, n3, discordant);
}

}  // namespace shortlist::detail

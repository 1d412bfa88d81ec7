// Weight sensitivity: a draw's items as words from its totals, four at a
// time where the CPU allows (items.cpp). Private to src/analysis/sensitivity/.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shortlist::detail::sensitivity {

/// items[q] = ((micro(100 · totals[q]) << shift | tie[q]) << place_bits) |
/// (first + q) for q in [0, n): PackedLayout's word of each place whose total
/// is a row of S (problem.hpp), bit for bit what micro() gives one at a time;
/// `first` is the place of totals[0] (a slice of the places).
void plain_words(const double* totals, const std::uint32_t* tie, std::size_t n, unsigned shift,
                 unsigned place_bits, std::uint64_t first, std::uint64_t* items);

/// The most criteria plain_product() takes: Eigen sums so few in one pass.
constexpr std::size_t max_plain_criteria = 64;

/// totals (rows x count, column-major) = S[0, rows) · W, where S has leading
/// dimension `ld` and W is m x count, column-major, bit for bit as Eigen's
/// product built for SSE2 computes it, on a CPU with AVX-512 (unless
/// `avx512` is false: the tests') or AVX2, for whole tiles of 16 or 8 rows and
/// 4 draws; returns false (nothing written) where it cannot.
bool plain_product(const double* s, std::size_t ld, std::size_t rows, const double* w,
                   std::size_t m, std::size_t count, double* totals, bool avx512 = true);

}  // namespace shortlist::detail::sensitivity

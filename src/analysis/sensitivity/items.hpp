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

}  // namespace shortlist::detail::sensitivity

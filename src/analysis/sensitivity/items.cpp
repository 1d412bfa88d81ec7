// Weight sensitivity: a draw's items as words (items.hpp).
#include "analysis/sensitivity/items.hpp"

#include "analysis/sensitivity/problem.hpp"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif

namespace shortlist::detail::sensitivity {

namespace {

#if defined(__GNUC__) && defined(__x86_64__)
/// Plain items as words, four at a time: micro() as the scalar code computes
/// it (the same products; the truncation as a rounding toward zero, which is
/// exact, and then an integer below 2^52 read from the bits of itself plus
/// 2^52), for each four totals above 0 whose millionths lie below 2^52;
/// others one by one. Returns how many places it did (a multiple of 4).
[[gnu::target("avx2")]] std::size_t words_avx2(const double* totals, const std::uint32_t* tie,
                                               std::size_t n, unsigned shift, unsigned place_bits,
                                               std::uint64_t first, std::uint64_t* items) {
    const __m256d hundred = _mm256_set1_pd(100.0), million = _mm256_set1_pd(1e6);
    const __m256d zero = _mm256_setzero_pd(), half = _mm256_set1_pd(0.5);
    const __m256d two52 = _mm256_set1_pd(4503599627370496.0);
    const __m256i two52_bits = _mm256_castpd_si256(two52);
    const __m128i tie_shift = _mm_cvtsi32_si128(static_cast<int>(shift));
    const __m128i place_shift = _mm_cvtsi32_si128(static_cast<int>(place_bits));
    const auto f = static_cast<long long>(first);
    __m256i place = _mm256_set_epi64x(f + 3, f + 2, f + 1, f);
    const __m256i four = _mm256_set1_epi64x(4);
    std::size_t q = 0;
    for (; q + 4 <= n; q += 4) {
        const __m256d total = _mm256_mul_pd(_mm256_loadu_pd(totals + q), hundred);
        const __m256d x = _mm256_mul_pd(total, million);
        const __m256d ok = _mm256_and_pd(_mm256_cmp_pd(total, zero, _CMP_GT_OQ),
                                         _mm256_cmp_pd(x, two52, _CMP_LT_OQ));
        if (_mm256_movemask_pd(ok) == 0xF) {
            const __m256d whole = _mm256_round_pd(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
            const __m256i up = _mm256_castpd_si256(
                _mm256_cmp_pd(_mm256_sub_pd(x, whole), half, _CMP_GE_OQ));  // -1 or 0
            const __m256i millionths = _mm256_sub_epi64(
                _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(whole, two52)), two52_bits), up);
            const __m256i ties =
                _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tie + q)));
            const __m256i value = _mm256_or_si256(_mm256_sll_epi64(millionths, tie_shift), ties);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(items + q),
                                _mm256_or_si256(_mm256_sll_epi64(value, place_shift), place));
        } else {
            for (std::size_t k = q; k < q + 4; ++k)
                items[k] =
                    (((micro(100.0 * totals[k]) << shift) | tie[k]) << place_bits) | (first + k);
        }
        place = _mm256_add_epi64(place, four);
    }
    return q;
}

/// totals = S[first, first + rows) · W as Eigen's SSE2 kernel sums each (8
/// rows x 4 draws a tile; rows and count multiples of those): from +0, adding
/// each product in criterion order, multiplied and added apart (no fused
/// multiply-add: "avx2" alone has none), then added to the zeroed result.
[[gnu::target("avx2")]] void product_avx2(const double* s, std::size_t ld, std::size_t rows,
                                          const double* w, std::size_t m, std::size_t count,
                                          double* totals) {
    const __m256d zero = _mm256_setzero_pd();
    for (std::size_t j = 0; j < count; j += 4) {
        const double* wj = w + j * m;
        for (std::size_t i = 0; i < rows; i += 8) {
            __m256d acc[8];
            for (__m256d& a : acc)
                a = zero;
            for (std::size_t k = 0; k < m; ++k) {
                const __m256d a0 = _mm256_loadu_pd(s + k * ld + i);
                const __m256d a1 = _mm256_loadu_pd(s + k * ld + i + 4);
                for (std::size_t c = 0; c < 4; ++c) {
                    const __m256d b = _mm256_broadcast_sd(wj + c * m + k);
                    acc[2 * c] = _mm256_add_pd(acc[2 * c], _mm256_mul_pd(a0, b));
                    acc[2 * c + 1] = _mm256_add_pd(acc[2 * c + 1], _mm256_mul_pd(a1, b));
                }
            }
            for (std::size_t c = 0; c < 4; ++c) {
                double* out = totals + (j + c) * rows + i;
                _mm256_storeu_pd(out, _mm256_add_pd(acc[2 * c], zero));
                _mm256_storeu_pd(out + 4, _mm256_add_pd(acc[2 * c + 1], zero));
            }
        }
    }
}

/// product_avx2() with vectors of eight: 16 rows x 4 draws a tile. AVX-512
/// has fused multiply-adds, which the compiler may contract a product and a
/// sum into: the product is taken with its rounding stated (round to
/// nearest, as without), an operation it does not fuse. (Unoptimised, GCC's
/// _mm512_mul_round_pd is a macro that passes -1 as an unsigned mask.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
[[gnu::target("avx512f")]] void product_avx512(const double* s, std::size_t ld, std::size_t rows,
                                               const double* w, std::size_t m, std::size_t count,
                                               double* totals) {
    const __m512d zero = _mm512_setzero_pd();
    constexpr int nearest = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    for (std::size_t j = 0; j < count; j += 4) {
        const double* wj = w + j * m;
        for (std::size_t i = 0; i < rows; i += 16) {
            __m512d acc[8];
            for (__m512d& a : acc)
                a = zero;
            for (std::size_t k = 0; k < m; ++k) {
                const __m512d a0 = _mm512_loadu_pd(s + k * ld + i);
                const __m512d a1 = _mm512_loadu_pd(s + k * ld + i + 8);
                for (std::size_t c = 0; c < 4; ++c) {
                    const __m512d b = _mm512_set1_pd(wj[c * m + k]);
                    acc[2 * c] = _mm512_add_pd(acc[2 * c], _mm512_mul_round_pd(a0, b, nearest));
                    acc[2 * c + 1] =
                        _mm512_add_pd(acc[2 * c + 1], _mm512_mul_round_pd(a1, b, nearest));
                }
            }
            for (std::size_t c = 0; c < 4; ++c) {
                double* out = totals + (j + c) * rows + i;
                _mm512_storeu_pd(out, _mm512_add_pd(acc[2 * c], zero));
                _mm512_storeu_pd(out + 8, _mm512_add_pd(acc[2 * c + 1], zero));
            }
        }
    }
}
#pragma GCC diagnostic pop
#endif

}  // namespace

bool plain_product(const double* s, std::size_t ld, std::size_t rows, const double* w,
                   std::size_t m, std::size_t count, double* totals, bool avx512) {
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX__) && !defined(__FMA__)
    static const bool has_avx512 = __builtin_cpu_supports("avx512f");
    static const bool has_avx2 = __builtin_cpu_supports("avx2");
    if (avx512 && has_avx512 && rows % 16 == 0 && count % 4 == 0 && m <= max_plain_criteria) {
        product_avx512(s, ld, rows, w, m, count, totals);
        return true;
    }
    if (has_avx2 && rows % 8 == 0 && count % 4 == 0 && m <= max_plain_criteria) {
        product_avx2(s, ld, rows, w, m, count, totals);
        return true;
    }
#else
    (void)s, (void)ld, (void)rows, (void)w, (void)m, (void)count, (void)totals, (void)avx512;
#endif
    return false;
}

void plain_words(const double* totals, const std::uint32_t* tie, std::size_t n, unsigned shift,
                 unsigned place_bits, std::uint64_t first, std::uint64_t* items) {
    std::size_t q = 0;
#if defined(__GNUC__) && defined(__x86_64__)
    static const bool has_avx2 = __builtin_cpu_supports("avx2");
    if (has_avx2)
        q = words_avx2(totals, tie, n, shift, place_bits, first, items);
#endif
    for (; q < n; ++q)
        items[q] = (((micro(100.0 * totals[q]) << shift) | tie[q]) << place_bits) | (first + q);
}

}  // namespace shortlist::detail::sensitivity

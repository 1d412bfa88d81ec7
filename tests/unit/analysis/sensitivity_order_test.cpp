// Weight sensitivity's per-draw machinery (src/analysis/sensitivity/): a
// draw's order and Knight's pair counts against every pair counted and
// against merge_sort_inversions, totals in millionths against
// std::llround, a draw's words made four at a time against micro(), and a
// slice of S·W by tiles against Eigen's product.
#include <Eigen/Core>
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "analysis/sensitivity/items.hpp"
#include "analysis/sensitivity/order.hpp"
#include "analysis/sensitivity/problem.hpp"
#include "util/kendall.hpp"

using namespace shortlist;
using namespace shortlist::detail::sensitivity;

namespace {

/// values[q] and place q as PackedLayout words, sorted by order_items().
const std::uint64_t* sorted_words(const PackedLayout& packed,
                                  const std::vector<std::uint64_t>& values,
                                  std::vector<std::uint64_t>& words,
                                  std::vector<std::uint64_t>& buffer, OrderScratch& scratch) {
    const std::size_t n = values.size();
    words.resize(n);
    buffer.resize(n);
    for (std::size_t q = 0; q < n; ++q)
        words[q] = packed.make(values[q], q);
    return order_items(packed, words.data(), buffer.data(), n, scratch);
}

}  // namespace

TEST_CASE("sensitivity: a draw's order and pair counts against every pair counted",
          "[sensitivity]") {
    // Values with many ties (few distinct), in baseline runs of 1 to 6
    // places; both item layouts. Knight's counts by brute force: discordant
    // pairs lie in different runs and are ordered oppositely, tied pairs
    // have equal values, and tied_both also share a run.
    std::mt19937_64 rng(7);
    for (const std::size_t n : std::vector<std::size_t>{1, 2, 5, 64, 65, 300, 4097}) {
        for (const std::uint64_t spread : {1ULL, 3ULL, 1000ULL, 1ULL << 40}) {
            std::uniform_int_distribution<std::uint64_t> value(0, spread);
            std::uniform_int_distribution<std::uint32_t> run_length(1, 6);
            std::vector<std::uint64_t> values(n);
            std::vector<std::uint32_t> runs, run_of;
            std::size_t run_end = 0;
            for (std::size_t q = 0; q < n; ++q) {
                values[q] = value(rng) + 5;
                if (q == run_end) {
                    runs.push_back(static_cast<std::uint32_t>(q));
                    run_end = q + run_length(rng);
                }
                run_of.push_back(static_cast<std::uint32_t>(runs.size() - 1));
            }
            runs.push_back(static_cast<std::uint32_t>(n));
            PairCounts expected;
            for (std::size_t a = 0; a < n; ++a) {
                for (std::size_t b = a + 1; b < n; ++b) {
                    expected.discordant += run_of[a] != run_of[b] && values[a] > values[b];
                    expected.tied_draw += values[a] == values[b];
                    expected.tied_both += values[a] == values[b] && run_of[a] == run_of[b];
                }
            }
            INFO("n " << n << ", spread " << spread);
            OrderScratch scratch;
            const WideLayout wide;
            std::vector<Item> items(n), buffer(n);
            for (std::size_t q = 0; q < n; ++q)
                items[q] = wide.make(values[q], q);
            const Item* sorted = order_items(wide, items.data(), buffer.data(), n, scratch);
            for (std::size_t k = 1; k < n; ++k) {
                REQUIRE(sorted[k - 1].key <= sorted[k].key);
                if (sorted[k - 1].key == sorted[k].key)
                    REQUIRE(sorted[k - 1].place < sorted[k].place);  // stable
            }
            const PairCounts c = pair_counts(wide, sorted, n, runs, run_of, scratch);
            CHECK(c.discordant == expected.discordant);
            CHECK(c.tied_draw == expected.tied_draw);
            CHECK(c.tied_both == expected.tied_both);
            if (spread < (1ULL << 40)) {  // values and places fit in one word
                const PackedLayout packed{13};
                std::vector<std::uint64_t> words, word_buffer;
                const std::uint64_t* in_order =
                    sorted_words(packed, values, words, word_buffer, scratch);
                CHECK(std::is_sorted(in_order, in_order + n));
                const PairCounts p = pair_counts(packed, in_order, n, runs, run_of, scratch);
                CHECK(p.discordant == c.discordant);
                CHECK(p.tied_draw == c.tied_draw);
                CHECK(p.tied_both == c.tied_both);
            }
        }
    }
}

TEST_CASE("sensitivity: a draw's order with the scratch of earlier draws", "[sensitivity]") {
    // order_items() sorts a draw by its values themselves when the draw
    // before it showed that this takes no more passes, and checks that no
    // value is wider than that draw's; here draws of one scratch change
    // width (wider, narrower, a narrow range far from 0, all equal, n = 1)
    // and each is checked against std::sort of (value, place), both layouts.
    std::mt19937_64 rng(5);
    struct Draw {
        std::size_t n;
        std::uint64_t base, spread;
    };
    const std::vector<Draw> draws = {{300, 0, 100'000'000}, {300, 0, 100'000'000},
                                     {301, 0, 1ULL << 30},  {299, 0, 1ULL << 26},
                                     {64, 0, 1ULL << 33},   {65, 1ULL << 40, 1000},
                                     {300, 0, 100'000'000}, {17, 7, 0},
                                     {1, 0, 1ULL << 20},    {300, 1ULL << 20, 1ULL << 20},
                                     {300, 0, 3},           {300, 0, (1ULL << 27) - 1}};
    OrderScratch wide_scratch, packed_scratch;
    const WideLayout wide;
    const PackedLayout packed{9};
    for (std::size_t d = 0; d < draws.size(); ++d) {
        const Draw& draw = draws[d];
        std::uniform_int_distribution<std::uint64_t> value(0, draw.spread);
        std::vector<std::pair<std::uint64_t, std::uint32_t>> expected(draw.n);
        std::vector<Item> items(draw.n), buffer(draw.n);
        std::vector<std::uint64_t> words(draw.n), word_buffer(draw.n);
        for (std::size_t q = 0; q < draw.n; ++q) {
            const std::uint64_t v = draw.base + value(rng);
            expected[q] = {v, static_cast<std::uint32_t>(q)};
            items[q] = wide.make(v, q);
            words[q] = packed.make(v, q);
        }
        std::sort(expected.begin(), expected.end());
        INFO("draw " << d);
        const Item* sorted = order_items(wide, items.data(), buffer.data(), draw.n, wide_scratch);
        const std::uint64_t* in_order =
            order_items(packed, words.data(), word_buffer.data(), draw.n, packed_scratch);
        for (std::size_t k = 0; k < draw.n; ++k) {
            REQUIRE(sorted[k].key == expected[k].first);
            REQUIRE(sorted[k].place == expected[k].second);
            REQUIRE(packed.value(in_order[k]) == expected[k].first);
            REQUIRE(packed.place(in_order[k]) == expected[k].second);
        }
    }
}

TEST_CASE("sensitivity: pair counts with three and four levels of counters", "[sensitivity]") {
    // Past 16,384 and 262,144 places the counters of pair_counts() take a
    // third and a fourth level, and from 65,535 places they are 32 bits wide. Knight's counts here
    // come from merge_sort_inversions (checked against every pair above): sorted by (run, value),
    // the inversions by value are the discordant pairs.
    std::mt19937_64 rng(11);
    for (const std::size_t n :
         std::vector<std::size_t>{16384, 20000, 65534, 70000, 262144, 300000}) {
        std::uniform_int_distribution<std::uint64_t> value(0, n / 3);
        std::uniform_int_distribution<std::uint32_t> run_length(1, 4);
        std::vector<std::uint64_t> values(n);
        std::vector<std::uint32_t> runs, run_of;
        std::size_t run_end = 0;
        for (std::size_t q = 0; q < n; ++q) {
            // Mostly in baseline order, as draws are, with many ties.
            values[q] = q / 3 + value(rng) / 8;
            if (q == run_end) {
                runs.push_back(static_cast<std::uint32_t>(q));
                run_end = q + run_length(rng);
            }
            run_of.push_back(static_cast<std::uint32_t>(runs.size() - 1));
        }
        runs.push_back(static_cast<std::uint32_t>(n));
        std::vector<std::pair<std::uint32_t, std::uint64_t>> by_run(n), buffer(n);
        for (std::size_t q = 0; q < n; ++q)
            by_run[q] = {run_of[q], values[q]};
        std::sort(by_run.begin(), by_run.end());
        const std::uint64_t tied_both = detail::tied_pairs(
            by_run.data(), n, [](const auto& a, const auto& b) { return a == b; });
        const std::uint64_t discordant = detail::merge_sort_inversions(
            by_run.data(), buffer.data(), n,
            [](const auto& a, const auto& b) { return a.second < b.second; });
        std::vector<std::uint64_t> sorted_values = values;
        std::sort(sorted_values.begin(), sorted_values.end());
        const std::uint64_t tied_draw = detail::tied_pairs(
            sorted_values.data(), n, [](std::uint64_t a, std::uint64_t b) { return a == b; });

        INFO("n " << n);
        OrderScratch scratch;
        const PackedLayout packed{20};
        std::vector<std::uint64_t> words, word_buffer;
        const std::uint64_t* sorted = sorted_words(packed, values, words, word_buffer, scratch);
        const PairCounts c = pair_counts(packed, sorted, n, runs, run_of, scratch);
        CHECK(c.discordant == discordant);
        CHECK(c.tied_draw == tied_draw);
        CHECK(c.tied_both == tied_both);
        CHECK(c.discordant > 0);
        CHECK(c.tied_both > 0);
    }
}

TEST_CASE("sensitivity: totals in millionths round as std::llround does", "[sensitivity]") {
    using detail::sensitivity::micro;
    // Halves away from zero, the largest double below a half, and values
    // around 2^52 (where the fast path stops) and beyond.
    const double below_half = std::nextafter(0.5, 0.0);
    for (const double x : {0.0, -1.0, 1e-7, 4e-7, 5e-7, 6e-7, below_half / 1e6, 1.5e-6, 2.5e-6,
                           12.3456785, 99.9999995, 100.0, 4503599627.370495, 4503599627.370496,
                           4503599627.370497, 1e12, std::nan("")}) {
        INFO(x);
        const std::uint64_t expected =
            x > 0 ? static_cast<std::uint64_t>(std::llround(x * 1e6)) : 0;
        CHECK(micro(x) == expected);
    }
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> total(0, 100);
    for (int i = 0; i < 100000; ++i) {
        const double x = i % 2 ? total(rng) : std::round(total(rng) * 2e6) / 2e6;  // halves too
        REQUIRE(micro(x) == static_cast<std::uint64_t>(std::llround(x * 1e6)));
    }
}

TEST_CASE("sensitivity: a draw's words, four at a time, as micro() makes them one by one",
          "[sensitivity]") {
    // Totals of S's rows (fractions of 1) whose millionths fall on and
    // beside halves, zero, negative, NaN and too large for the fast path,
    // each in every lane of a four and in the tail.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> share(0, 1);
    std::uniform_int_distribution<std::uint32_t> tie(0, 7);
    std::vector<double> totals;
    for (int i = 0; i < 4000; ++i) {
        const double t = share(rng);
        totals.push_back(i % 3 == 0 ? (std::floor(t * 1e8) + 0.5) / 1e8 : t);
    }
    for (const double odd : {0.0, -0.25, std::nan(""), 1e8, 4503599627.370497, 1e-9, 1.0})
        for (std::size_t lane = 0; lane < 5; ++lane)
            totals.insert(totals.begin() + static_cast<std::ptrdiff_t>(97 * lane + 13), odd);
    std::vector<std::uint32_t> ties(totals.size());
    for (auto& t : ties)
        t = tie(rng);
    const unsigned shift = 3, place_bits = 13;
    for (const std::size_t n : {totals.size(), totals.size() - 1, std::size_t{3}, std::size_t{0}}) {
        for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{1001}}) {
            std::vector<std::uint64_t> words(n);
            plain_words(totals.data(), ties.data(), n, shift, place_bits, first, words.data());
            for (std::size_t q = 0; q < n; ++q) {
                INFO("place " << q << ", total " << totals[q] << ", first " << first);
                const std::uint64_t millionths =
                    totals[q] > 0
                        ? static_cast<std::uint64_t>(std::llround(100.0 * totals[q] * 1e6))
                        : 0;
                REQUIRE(words[q] ==
                        ((((millionths << shift) | ties[q]) << place_bits) | (first + q)));
            }
        }
    }
}

TEST_CASE("sensitivity: a slice of S·W by tiles, bit for bit as Eigen's product", "[sensitivity]") {
    std::mt19937_64 rng(11);
    // Magnitudes a billion apart: a sum in any other order rounds differently.
    std::uniform_real_distribution<double> mantissa(0.0, 1.0);
    std::uniform_int_distribution<int> scale(-30, 30);
    auto value = [&] { return std::ldexp(mantissa(rng), scale(rng)); };
    const std::size_t ld = 800, first = 16;
    for (const std::size_t m : {std::size_t{1}, std::size_t{3}, std::size_t{20}, std::size_t{64}}) {
        for (const auto& [count, avx512] :
             {std::pair<std::size_t, bool>{4, true}, {64, true}, {4, false}, {64, false}}) {
            Eigen::MatrixXd s(static_cast<Eigen::Index>(ld), static_cast<Eigen::Index>(m));
            Eigen::MatrixXd w(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(count));
            for (double& x : s.reshaped())
                x = value();
            for (double& x : w.reshaped())
                x = value();
            const std::size_t rows = 384;
            const Eigen::MatrixXd expected =
                s.middleRows(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(rows)) * w;
            std::vector<double> totals(rows * count, -1.0);
            if (!plain_product(s.data() + first, ld, rows, w.data(), m, count, totals.data(),
                               avx512))
                continue;  // no AVX2, or an Eigen built for wider vectors: Eigen's own product
            std::size_t reordered_differs = 0;
            for (std::size_t j = 0; j < count; ++j) {
                for (std::size_t i = 0; i < rows; ++i) {
                    INFO("m " << m << ", draw " << j << ", row " << i << ", avx512 " << avx512);
                    const auto r = static_cast<Eigen::Index>(first + i),
                               e = static_cast<Eigen::Index>(i);
                    const auto c = static_cast<Eigen::Index>(j);
                    REQUIRE(std::bit_cast<std::uint64_t>(totals[j * rows + i]) ==
                            std::bit_cast<std::uint64_t>(expected(e, c)));
                    double backwards = 0;  // the same products summed last first
                    for (std::size_t k = m; k-- > 0;)
                        backwards +=
                            s(r, static_cast<Eigen::Index>(k)) * w(static_cast<Eigen::Index>(k), c);
                    reordered_differs += backwards != expected(e, c) ? 1U : 0U;
                }
            }
            if (m >= 3)  // the comparison above can tell one order of summing from another
                REQUIRE(reordered_differs > 0);
        }
    }
    std::vector<double> out(8 * 4);
    const std::vector<double> s(8 * 3, 1.0), w(3 * 3, 1.0);
    REQUIRE_FALSE(plain_product(s.data(), 8, 8, w.data(), 3, 3, out.data()));  // 3 draws: no tile
    REQUIRE_FALSE(plain_product(s.data(), 8, 6, w.data(), 3, 0, out.data()));  // 6 rows: no tile
}

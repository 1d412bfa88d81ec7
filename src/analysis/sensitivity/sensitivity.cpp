// Weight sensitivity: the applicants' normalised scores as one dense matrix S
// (rankable applicants x criteria), built once; per block of draws a
// criteria x draws weight matrix W and the totals S·W (Eigen); per draw a
// radix sort that gives the draw's ranking, and from it the discordant pairs
// for Kendall's tau-b against the baseline (Knight, 1966; order.hpp,
// docs/sensitivity.md). Draws are split into
// fixed blocks handed to threads; every count is an integer summed per thread,
// and the per-draw correlations are averaged in draw order, so the result is
// the same on any number of threads.
#include "shortlist/analysis/sensitivity.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>

#include "analysis/sensitivity/draws.hpp"
#include "analysis/sensitivity/items.hpp"
#include "analysis/sensitivity/order.hpp"
#include "analysis/sensitivity/problem.hpp"
#include "analysis/sensitivity/prune.hpp"
#include "util/io.hpp"
#include "util/kendall.hpp"
#include "util/parallel.hpp"

namespace shortlist {

using namespace detail::sensitivity;

namespace {

// ---- messages (the only place their text is written) ----------------------

Error err_no_breakdown(const Outcome& o) {
    return Error({}, ErrorCode::InvalidArgument,
                 "sensitivity: the outcome of applicant '" + o.id.value() +
                     "' has no per-criterion breakdown (score with ScoreOptions::explain)");
}

/// What one thread adds up over its draws: integers only, so that the sum
/// over threads does not depend on how the draws were shared out.
struct Tally {
    std::vector<std::uint64_t> shortlisted;  ///< per place
    /// Per place, bins + 1 counts (the last: below the pass mark), 16 bits
    /// wide: half the memory of the histograms to fetch. They count the
    /// `pending` draws since the last flush(), never more than 65,535.
    std::vector<std::uint16_t> recent;
    std::size_t pending = 0;
    std::vector<std::uint32_t> hist;  ///< the flushed counts, if any (else empty)
    std::uint64_t overlap = 0;        ///< Σ |S ∩ B|
    std::uint64_t size = 0;           ///< Σ |S|
};

/// Per-thread scratch, reused from block to block.
struct Work {
    Eigen::MatrixXd w;       ///< m x block weights
    Eigen::MatrixXd totals;  ///< plain rows x block
    std::vector<Item> items, buffer;
    std::vector<std::uint64_t> words, word_buffer;
    /// The block's rank bins, draw-major (`bins`: below the pass mark), added
    /// to the histograms applicant by applicant after the block, so that each
    /// applicant's histogram is fetched once per block, not once per draw.
    std::vector<std::uint16_t> bins;
    OrderScratch order;
    std::vector<std::uint64_t> values;  ///< selection only: a draw's ranked values
};

constexpr std::size_t block_size = 64;

/// v.resize(size), new storage backed by huge pages where the system allows
/// (util/io.hpp prepare_pages): the histograms and the block's words are
/// megabytes, first touched here, and a fault and a clear per 4 KiB page are
/// dear. New elements are zero, as with resize().
template <class T>
void grow(std::vector<T>& v, std::size_t size) {
    if (v.capacity() < size) {
        std::vector<T> larger;
        larger.reserve(size);
        detail::prepare_pages(larger.data(), size * sizeof(T), false);
        larger = v;  // keeps the capacity: a copy assignment into a larger vector
        v.swap(larger);
    }
    v.resize(size);
}

/// Adds a block's rank bins (draw-major, n per draw) to the per-place
/// histograms. Four places at a time: an applicant's rank often falls in the
/// same bin draw after draw, and four independent counters keep four
/// increments in flight instead of one waiting on the last.
constexpr std::size_t prefetch_ahead = 16;

void add_bins(const Problem& p, const std::uint16_t* bins, std::size_t n, std::size_t count,
              std::uint16_t* hist) {
    const std::size_t row = p.bins + 1;
    std::size_t q = 0;
    for (; q + 4 <= n; q += 4) {
        std::uint16_t* h = hist + q * row;
        if (q + prefetch_ahead + 4 <= n) {
            // The rows a few applicants on, at their first draw's bins (an
            // applicant's ranks cluster): fetched while these are counted.
            for (std::size_t k = q + prefetch_ahead; k < q + prefetch_ahead + 4; ++k)
                __builtin_prefetch(hist + k * row + bins[k], 1);
        }
        for (std::size_t j = 0; j < count; ++j) {
            const std::uint16_t* b = bins + j * n + q;
            ++h[b[0]];
            ++h[row + b[1]];
            ++h[2 * row + b[2]];
            ++h[3 * row + b[3]];
        }
    }
    for (; q < n; ++q) {
        for (std::size_t j = 0; j < count; ++j)
            ++hist[q * row + bins[j * n + q]];
    }
}

/// One draw's items in place order: the total (from the draw's column of S·W,
/// or scored one by one) in millionths, the tie-break order, the place.
template <class Layout>
void make_items(const Problem& p, const Layout& layout, const double* totals, const double* w,
                typename Layout::T* items) {
    const std::size_t n = p.n;
    const unsigned shift = p.tie_shift;  // locals: the stores below cannot change them
    const std::uint32_t* tie = p.tie.data();
    if (p.odd_s.empty() && !p.geometric) {  // every place a row of S, in order
        if constexpr (std::is_same_v<Layout, PackedLayout>) {
            plain_words(totals, tie, n, shift, layout.place_bits, 0, items);
        } else {
            for (std::size_t q = 0; q < n; ++q)
                items[q] = layout.make((micro(100.0 * totals[q]) << shift) | tie[q], q);
        }
        return;
    }
    for (std::size_t q = 0; q < n; ++q) {
        double total = 0;
        if (p.row[q] >= 0) {
            const double v = totals[p.row[q]];
            total = p.geometric ? 100.0 * std::exp(v) : 100.0 * v;
        } else {
            total = odd_total(p, static_cast<std::size_t>(p.odd_index[q]), w);
        }
        items[q] = layout.make((micro(total) << shift) | tie[q], q);
    }
}

/// Whether a draw value (total in millionths, then the tie-break order) is
/// at or above the pass mark.
bool passes(const Problem& p, std::uint64_t value) {
    return !p.pass_mark || static_cast<double>(value >> p.tie_shift) / 1e6 >= *p.pass_mark;
}

/// A draw's shortlist, added up applicant by applicant.
struct DrawCount {
    std::uint64_t overlap = 0, size = 0, guaranteed_in = 0;

    void add(const Problem& p, std::size_t q, Tally& tally) {
        ++tally.shortlisted[q];
        ++size;
        overlap += (p.flags[q] & in_baseline) != 0 ? 1U : 0U;
        guaranteed_in += (p.flags[q] & is_guaranteed) != 0 ? 1U : 0U;
    }

    /// Guaranteed-interview applicants not shortlisted on rank are on it
    /// anyway, and all of them are on the baseline's.
    void finish(const Problem& p, Tally& tally) const {
        const std::uint64_t extra = p.guaranteed - guaranteed_in;
        tally.overlap += overlap + extra;
        tally.size += size + extra;
    }
};

/// One draw's shortlist and rank bins (n per draw, every one set) from its sorted items: the
/// ranked ones (at or above the pass mark, a suffix: items are ascending by
/// key), the first `top` of them and everyone tied with the last, and the
/// guaranteed-interview applicants. Competition ranks.
template <class Layout>
void select_draw(const Problem& p, const Layout& layout, const typename Layout::T* sorted,
                 std::uint16_t* bins, Tally& tally) {
    using T = typename Layout::T;
    const std::size_t n = p.n;
    // passes() does not fall as the value rises: the ranked are found by bisection.
    const auto below = static_cast<std::size_t>(
        std::partition_point(sorted, sorted + n,
                             [&](const T& t) { return !passes(p, layout.value(t)); }) -
        sorted);
    const std::size_t ranked = n - below;
    // Shortlisted on rank: the first `listed` ranked from the top (values
    // fall from there, so those at or above the cut are a prefix).
    std::size_t listed = ranked;
    if (p.top && *p.top < ranked) {
        listed = *p.top;
        if (listed > 0) {
            const std::uint64_t cut_key = layout.value(sorted[n - listed]);
            while (listed < ranked && layout.value(sorted[n - 1 - listed]) >= cut_key)
                ++listed;
        }
    }
    for (std::size_t k = ranked; k < n; ++k)  // below the pass mark
        bins[layout.place(sorted[n - 1 - k])] = static_cast<std::uint16_t>(p.bins);
    std::uint64_t rank = 0;
    DrawCount count;
    for (std::size_t k = 0; k < ranked; ++k) {
        const std::uint64_t value = layout.value(sorted[n - 1 - k]);
        if (k == 0 || value != layout.value(sorted[n - k]))
            rank = k + 1;
        const std::size_t q = layout.place(sorted[n - 1 - k]);
        bins[q] = p.bin_of[rank];
        if (k < listed)
            count.add(p, q, tally);
    }
    count.finish(p, tally);
}

/// Selection only: select_draw()'s shortlist from the items in place order,
/// unsorted. The top-th largest ranked value is the cut (as the top-th from
/// the end of the sorted items is, the ranked ones being the largest), found
/// by std::nth_element in O(n); then one pass.
template <class Layout>
void select_unsorted(const Problem& p, const Layout& layout, const typename Layout::T* items,
                     std::vector<std::uint64_t>& values, Tally& tally) {
    values.clear();
    for (std::size_t q = 0; q < p.n; ++q) {
        const std::uint64_t value = layout.value(items[q]);
        if (passes(p, value))
            values.push_back(value);
    }
    DrawCount count;
    std::uint64_t cut_key = 0;
    if (p.top && *p.top < values.size()) {
        if (*p.top == 0) {
            count.finish(p, tally);
            return;
        }
        const auto nth = values.begin() + static_cast<std::ptrdiff_t>(*p.top - 1);
        std::nth_element(values.begin(), nth, values.end(), std::greater<>());
        cut_key = *nth;
    }
    for (std::size_t q = 0; q < p.n; ++q) {
        const std::uint64_t value = layout.value(items[q]);
        if (value >= cut_key && passes(p, value))
            count.add(p, q, tally);
    }
    count.finish(p, tally);
}

/// Rows of S·W computed at a time when every place is a row of S: a slice
/// of the totals (rows x 64 draws, 192 KiB) that stays in the core's cache
/// while it is turned into words. A multiple of 12, Eigen's row step, so that
/// each total is summed as in the whole product.
constexpr std::size_t row_slice = 384;

/// Every draw's words (n per draw, draw-major, in `words`) when every place is
/// a row of S: S·W a slice of rows at a time, each slice's totals turned into
/// words while in cache, so that the block's totals never go to memory. The
/// last slice takes the rest when fewer than half a slice would be left.
void plain_block(const Problem& p, const PackedLayout& layout, std::size_t count, Work& work,
                 std::vector<std::uint64_t>& words) {
    const std::size_t n = p.n;
    grow(words, n * count);
    for (std::size_t r = 0; r < n;) {
        const std::size_t rows = n - r < row_slice + row_slice / 2 ? n - r : row_slice;
        work.totals.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(count));
        if (rows != row_slice ||
            !plain_product(p.s.data() + r, static_cast<std::size_t>(p.s.rows()), rows,
                           work.w.data(), p.m, count, work.totals.data()))
            work.totals.noalias() =
                p.s.middleRows(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(rows)) *
                work.w;
        for (std::size_t j = 0; j < count; ++j)
            plain_words(work.totals.col(static_cast<Eigen::Index>(j)).data(), p.tie.data() + r,
                        rows, p.tie_shift, layout.place_bits, r, words.data() + j * n + r);
        r += rows;
    }
}

/// The block's totals from its weights (work.w). Every place a row of S, in
/// order, and packed items: every draw's words, in `item_store` (plain_block()),
/// and true. Else S·W in work.totals, for make_items() draw by draw, and false.
template <class Layout>
bool block_totals(const Problem& p, const Layout& layout, std::size_t count, Work& work,
                  std::vector<typename Layout::T>& item_store) {
    if constexpr (std::is_same_v<Layout, PackedLayout>) {
        if (p.odd_s.empty() && !p.geometric && p.s.rows() > 0) {
            plain_block(p, layout, count, work, item_store);
            return true;
        }
    }
    if (p.s.rows() > 0)
        work.totals.noalias() = p.s * work.w;
    else  // no rankable applicant: a column per draw all the same, of no rows
        work.totals.resize(0, static_cast<Eigen::Index>(count));
    item_store.resize(p.n);
    return false;
}

/// Draws [first, first + count): the weights, the totals, and each draw's
/// shortlist, and with o.ranks its ranking and tau-b.
template <class Layout>
void run_block(const Problem& p, const Layout& layout, const SensitivityOptions& o,
               std::size_t first, std::size_t count, Work& work,
               std::vector<typename Layout::T>& item_store, std::vector<typename Layout::T>& buffer,
               Tally& tally, std::vector<double>& tau) {
    using T = typename Layout::T;
    const std::size_t n = p.n;
    work.w.resize(static_cast<Eigen::Index>(p.m), static_cast<Eigen::Index>(count));
    for (std::size_t j = 0; j < count; ++j)
        detail::draw_weights_into(p.base, o, first + j,
                                  work.w.col(static_cast<Eigen::Index>(j)).data());
    const bool by_rows = block_totals(p, layout, count, work, item_store);
    if (o.ranks)
        buffer.resize(n);
    if (o.ranks)
        grow(work.bins, n * count);  // select_draw() sets every applicant's bin
    for (std::size_t j = 0; j < count; ++j) {
        const auto col = static_cast<Eigen::Index>(j);
        const double* w = work.w.col(col).data();
        T* items = item_store.data() + (by_rows ? j * n : 0);
        if (!by_rows)
            make_items(p, layout, work.totals.col(col).data(), w, items);
        if (!o.ranks) {
            select_unsorted(p, layout, items, work.values, tally);
            continue;
        }
        const T* sorted = order_items(layout, items, buffer.data(), n, work.order);
        // Knight: the draw's pairs against the baseline's.
        const PairCounts c = pair_counts(layout, sorted, n, p.runs, p.run_of, work.order);
        const auto t =
            detail::tau_b_from_counts(n, p.tied_baseline, c.tied_draw, c.tied_both, c.discordant);
        tau[first + j] = t ? *t : std::numeric_limits<double>::quiet_NaN();
        select_draw(p, layout, sorted, work.bins.data() + j * n, tally);
    }
    if (o.ranks)
        add_bins(p, work.bins.data(), n, count, tally.recent.data());
}

/// The bins (inverted CDF) of the need[i]-th draw's rank in one applicant's
/// rank histogram, in one pass (`need` ascending), or `bins` (below the pass
/// mark).
std::array<std::size_t, 3> quantile_bins(const std::uint32_t* hist, std::size_t bins,
                                         const std::array<std::uint64_t, 3>& need) {
    std::array<std::size_t, 3> at{bins, bins, bins};
    std::uint64_t seen = 0;
    std::size_t i = 0;
    for (std::size_t b = 0; b < bins && i < need.size(); ++b) {
        seen += hist[b];
        while (i < need.size() && seen >= need[i])
            at[i++] = b;
    }
    return at;
}

/// Applicant q's rank histogram (`width` counts), summed over the threads'
/// tallies into `row`: one row at a time, not a copy of every histogram.
void histogram_of(const std::vector<Tally>& tallies, std::size_t q, std::size_t width,
                  std::vector<std::uint32_t>& row) {
    row.assign(width, 0);
    for (const Tally& t : tallies) {
        if (t.shortlisted.empty())
            continue;  // a range that was empty
        const std::uint16_t* recent = &t.recent[q * width];
        for (std::size_t k = 0; k < width; ++k)
            row[k] += recent[k];
        if (!t.hist.empty()) {
            const std::uint32_t* flushed = &t.hist[q * width];
            for (std::size_t k = 0; k < width; ++k)
                row[k] += flushed[k];
        }
    }
}

/// Adds a tally's recent counts to its flushed ones and starts them again.
void flush(Tally& tally) {
    if (tally.hist.empty())
        tally.hist.assign(tally.recent.size(), 0);
    for (std::size_t k = 0; k < tally.recent.size(); ++k)
        tally.hist[k] += tally.recent[k];
    std::fill(tally.recent.begin(), tally.recent.end(), std::uint16_t{0});
    tally.pending = 0;
}

/// Runs every draw, in fixed blocks split into contiguous ranges over the
/// threads (util/parallel.hpp); the tallies, summed, are integers and tau is
/// kept per draw, so the result is the same on any number of threads. The
/// sum has no histograms: with ranks, `threads` gets the threads' tallies,
/// whose histograms histogram_of() adds up an applicant at a time.
Tally run_draws(const Problem& p, const SensitivityOptions& options, std::vector<double>& tau,
                std::vector<Tally>* threads_tallies) {
    const std::size_t n = p.n;
    const std::size_t blocks = (options.draws + block_size - 1) / block_size;
    std::size_t threads =
        options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    threads = std::max<std::size_t>(1, std::min(threads, blocks));
    tau.assign(options.ranks ? options.draws : 0, 0.0);
    std::vector<Tally> tallies(threads);
    std::atomic<bool> stop{false};
    std::mutex progress_mutex;
    std::size_t done = 0;
    detail::parallel_for(
        blocks, static_cast<unsigned>(threads),
        [&](unsigned t, std::size_t begin, std::size_t end) {
            Tally& tally = tallies[t];
            tally.shortlisted.assign(n, 0);
            grow(tally.recent, options.ranks ? n * (p.bins + 1) : 0);
            Work work;
            try {
                for (std::size_t b = begin; b < end && !stop; ++b) {
                    const std::size_t first = b * block_size;
                    const std::size_t count = std::min(block_size, options.draws - first);
                    if (tally.pending + count > std::numeric_limits<std::uint16_t>::max())
                        flush(tally);
                    tally.pending += count;
                    if (p.packed)
                        run_block(p, *p.packed, options, first, count, work, work.words,
                                  work.word_buffer, tally, tau);
                    else
                        run_block(p, WideLayout{}, options, first, count, work, work.items,
                                  work.buffer, tally, tau);
                    if (options.progress) {
                        const std::lock_guard<std::mutex> lock(progress_mutex);
                        done += count;
                        options.progress(done, options.draws);
                    }
                }
            } catch (...) {  // bad_alloc, or the progress callback's: the others stop too
                stop = true;
                throw;
            }
        });
    // Sum the tallies (integers: the order does not matter).
    Tally all;
    all.shortlisted.assign(n, 0);
    for (const Tally& t : tallies) {
        if (t.shortlisted.empty())
            continue;  // a range that was empty
        for (std::size_t q = 0; q < n; ++q)
            all.shortlisted[q] += t.shortlisted[q];
        all.overlap += t.overlap;
        all.size += t.size;
    }
    if (threads_tallies != nullptr)
        *threads_tallies = std::move(tallies);
    return all;
}

/// run_draws() without ranks on only the applicants who can be selected
/// (prune.hpp): their shortlisted counts at their places in `p`, the same
/// overlap and sizes.
Tally run_selection(const Problem& p, const SensitivityOptions& options) {
    const std::vector<std::uint32_t> keep = selectable_places(p);
    std::vector<double> no_tau;
    Tally some = run_draws(restrict_problem(p, keep), options, no_tau, nullptr);
    Tally all;
    all.shortlisted.assign(p.n, 0);
    for (std::size_t k = 0; k < keep.size(); ++k)
        all.shortlisted[keep[k]] = some.shortlisted[k];
    all.overlap = some.overlap;
    all.size = some.size;
    return all;
}

/// One applicant's shortlisted draws and rank quantiles (from its rank
/// histogram `hist`, with ranks).
ApplicantSensitivity applicant_result(const Problem& p, const Baseline& b, const Tally& all,
                                      const std::uint32_t* hist, const Outcome& o,
                                      const ShortlistEntry& e, const SensitivityOptions& options) {
    const std::uint64_t d = options.draws;
    const std::uint64_t need_lo = std::max<std::uint64_t>(1, (5 * d + 99) / 100);
    const std::uint64_t need_median = (d + 1) / 2;
    const std::uint64_t need_hi = (95 * d + 99) / 100;
    const std::size_t n = p.n;
    ApplicantSensitivity a;
    a.id = o.id;
    a.outcome = e.outcome;
    a.guaranteed_interview = o.opted_in && o.passes_essential_gates;
    a.baseline_rank = e.rank;
    a.baseline_shortlisted = b.shortlisted[e.outcome];
    const std::size_t q = b.place_of[e.outcome];
    a.rankable = q != static_cast<std::size_t>(-1);
    if (a.rankable)
        a.shortlisted_draws = all.shortlisted[q];
    if (a.rankable && options.ranks) {
        const std::array<std::size_t, 3> at =
            quantile_bins(hist, p.bins, {need_lo, need_median, need_hi});
        auto first_rank = [&](std::size_t k) { return k * p.bin + 1; };
        auto last_rank = [&](std::size_t k) { return std::min((k + 1) * p.bin, n); };
        if (const std::size_t k = at[0]; k < p.bins)
            a.rank_lo = first_rank(k);
        if (const std::size_t k = at[1]; k < p.bins)
            a.median_rank = first_rank(k) + (last_rank(k) - first_rank(k)) / 2;
        if (const std::size_t k = at[2]; k < p.bins)
            a.rank_hi = last_rank(k);
    }
    if (a.guaranteed_interview)
        a.shortlisted_draws = options.draws;  // on rank or by the scheme
    a.p_shortlisted = static_cast<double>(a.shortlisted_draws) / static_cast<double>(d);
    return a;
}

/// The per-applicant results, stable core and boundary, overlap and tau.
void summarise(const Shortlist& baseline, const Problem& p, const Baseline& b, const Tally& all,
               const std::vector<Tally>& tallies, const std::vector<double>& tau,
               const SensitivityOptions& options, SensitivityResult& result) {
    const std::uint64_t d = options.draws;
    std::vector<std::uint32_t> row;
    for (const ShortlistEntry& e : baseline.entries) {
        const std::size_t q = b.place_of[e.outcome];
        const bool ranked = options.ranks && q != static_cast<std::size_t>(-1);
        if (ranked)
            histogram_of(tallies, q, p.bins + 1, row);
        ApplicantSensitivity a = applicant_result(p, b, all, ranked ? row.data() : nullptr,
                                                  baseline.outcomes[e.outcome], e, options);
        const std::uint64_t k = a.shortlisted_draws;
        const std::size_t index = result.applicants.size();
        if (20 * k >= 19 * d)
            result.stable_core.push_back(index);
        else if (20 * k >= d)
            result.boundary.push_back(index);
        result.baseline_shortlisted += a.baseline_shortlisted ? 1U : 0U;
        result.applicants.push_back(std::move(a));
    }
    if (result.baseline_shortlisted > 0)
        result.mean_overlap = static_cast<double>(all.overlap) / static_cast<double>(d) /
                              static_cast<double>(result.baseline_shortlisted);
    result.mean_shortlist_size = static_cast<double>(all.size) / static_cast<double>(d);
    double tau_sum = 0;
    std::size_t tau_count = 0;
    for (const double t : tau) {  // in draw order
        if (std::isnan(t))
            continue;
        tau_sum += t;
        ++tau_count;
        result.kendall_tau_min = result.kendall_tau_min ? std::min(*result.kendall_tau_min, t) : t;
    }
    if (tau_count > 0)
        result.kendall_tau = tau_sum / static_cast<double>(tau_count);
}

}  // namespace

SensitivityResult sensitivity(const Rulebook& rulebook, const Shortlist& baseline,
                              const SensitivityOptions& options) {
    detail::check_sensitivity_options(options);
    const std::vector<Outcome>& outcomes = baseline.outcomes;
    const std::size_t m = rulebook.criteria.size();
    for (const Outcome& o : outcomes) {
        if (o.criteria.size() != m)
            throw err_no_breakdown(o);
    }
    Baseline b;
    const Problem p = compile_problem(rulebook, baseline, b);

    SensitivityResult result;
    result.method = options.method;
    result.parameter =
        options.method == Perturbation::Dirichlet ? options.concentration : options.spread;
    result.draws = options.draws;
    result.seed = options.seed;
    result.top = baseline.top;
    for (const Criterion& c : rulebook.criteria)
        result.criteria.push_back(c.id);
    result.base_weights = p.base;

    result.rank_bin = p.bin;
    result.ranks = options.ranks;
    std::vector<double> tau;
    std::vector<Tally> tallies;  // with ranks, the threads' (their histograms)
    const Tally all =
        options.ranks ? run_draws(p, options, tau, &tallies) : run_selection(p, options);
    summarise(baseline, p, b, all, tallies, tau, options, result);
    return result;
}

}  // namespace shortlist

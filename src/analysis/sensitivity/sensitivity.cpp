// Weight sensitivity: the applicants' normalised scores as one dense matrix S
// (rankable applicants x criteria), built once; per block of draws a
// criteria x draws weight matrix W and the totals S·W (Eigen); per draw one
// merge sort that gives both the draw's ranking and the discordant pairs for
// Kendall's tau-b against the baseline (Knight, 1966). Draws are split into
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
#include <utility>

#include "analysis/sensitivity/draws.hpp"
#include "analysis/sensitivity/layout.hpp"
#include "util/kendall.hpp"

namespace shortlist {

namespace {

// ---- messages (the only place their text is written) ----------------------

Error err_no_breakdown(const Outcome& o) {
    return Error({}, ErrorCode::InvalidArgument,
                 "sensitivity: the outcome of applicant '" + o.id.value() +
                     "' has no per-criterion breakdown (score with ScoreOptions::explain)");
}

// ---- tie-break keys, as select() reads them ---------------------------------

constexpr double lowest = -std::numeric_limits<double>::infinity();

/// The baseline's tie-break values, one vector per outcome (empty without
/// ties: break_by), compared as select() compares them.
std::vector<std::vector<double>> tie_values(const Rulebook& rulebook,
                                            const std::vector<Outcome>& outcomes) {
    std::vector<std::vector<double>> values(outcomes.size());
    if (rulebook.shortlist.ties != TiePolicy::BreakBy || rulebook.shortlist.tie_break.empty())
        return values;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const Outcome& o = outcomes[i];
        for (const std::string& key : rulebook.shortlist.tie_break) {
            double v = lowest;
            if (const auto g = parse_group(key)) {
                if (const auto& s = o.groups[static_cast<std::size_t>(*g)])
                    v = std::round(*s * 1e8) / 1e6;
            } else if (const std::size_t c = rulebook.find_criterion(key);
                       c != Rulebook::npos && c < o.criteria.size() &&
                       o.criteria[c].status != CriterionStatus::NotApplicable) {
                v = std::round(o.criteria[c].normalised * 1e8) / 1e6;
            }
            values[i].push_back(std::isnan(v) ? lowest : v);
        }
    }
    return values;
}

/// A total rounded to 6 decimals as an integer count of millionths.
std::uint64_t micro(double total) {
    return total > 0 ? static_cast<std::uint64_t>(std::llround(total * 1e6)) : 0;
}

// ---- the compiled problem ----------------------------------------------------

/// A rankable applicant in one draw: the draw's value (total in millionths,
/// then the tie-break order) and its place in the baseline order.
struct Item {
    std::uint64_t key;
    std::uint32_t place;
};

/// Items as 16-byte records: any number of applicants and tie-break orders.
struct WideLayout {
    using T = Item;
    [[nodiscard]] T make(std::uint64_t value, std::size_t place) const {
        return {value, static_cast<std::uint32_t>(place)};
    }
    [[nodiscard]] std::uint64_t value(const T& t) const { return t.key; }
    [[nodiscard]] std::size_t place(const T& t) const { return t.place; }
    [[nodiscard]] bool less(const T& a, const T& b) const { return a.key < b.key; }
};

/// Items packed into one word, value then place, when both fit: the sorts
/// move half the bytes. Ordering whole words orders equal values by place,
/// which is the order they start in (baseline order, and baseline ties sorted
/// by the word too), so a merge sort counts the same exchanges as with
/// WideLayout and ties stay ties.
struct PackedLayout {
    using T = std::uint64_t;
    unsigned place_bits = 0;
    [[nodiscard]] T make(std::uint64_t value, std::size_t place) const {
        return (value << place_bits) | place;
    }
    [[nodiscard]] std::uint64_t value(T t) const { return t >> place_bits; }
    [[nodiscard]] std::size_t place(T t) const {
        return static_cast<std::size_t>(t & ((std::uint64_t{1} << place_bits) - 1));
    }
    [[nodiscard]] bool less(T a, T b) const { return a < b; }
};

struct Problem {
    std::size_t m = 0;  ///< criteria
    std::size_t n = 0;  ///< rankable applicants
    bool geometric = false;
    std::vector<double> base;  ///< e
    std::array<std::vector<std::size_t>, group_count> group_criteria;
    std::optional<double> pass_mark;
    std::optional<std::size_t> top;

    // Per rankable applicant, by place in the baseline order (ascending key).
    std::vector<std::size_t> outcome;  ///< index into the outcomes
    std::vector<std::uint32_t> tie;    ///< tie-break order (higher is better)
    std::vector<std::uint8_t> flags;   ///< in_baseline, guaranteed
    std::vector<std::int64_t> row;     ///< row of S, or −1: scored one by one
    /// The places where a run of equal baseline keys starts, and n at the end.
    std::vector<std::uint32_t> runs;
    std::uint64_t tied_baseline = 0;  ///< n1: pairs tied in the baseline

    Eigen::MatrixXd s;  ///< plain rows: s (or ln s, geometric) of every criterion

    // Applicants scored one by one (some criterion not applicable, or,
    // geometric, a zero score): per such applicant m scores and applies.
    std::vector<double> odd_s;
    std::vector<std::uint8_t> odd_applies;
    std::vector<std::int64_t> odd_index;  ///< by place: index into the odd rows, or −1

    std::size_t guaranteed = 0;  ///< guaranteed-interview applicants (any, rankable or not)
    /// A draw's value is (total in millionths << tie_shift) | tie-break order.
    unsigned tie_shift = 32;
    std::optional<PackedLayout> packed;  ///< when values and places fit in a word
    std::size_t bins = 1;
    std::size_t bin = 1;
    /// Rank r's histogram bin, (r − 1) / bin; at 0 (below the pass mark), `bins`.
    std::vector<std::uint32_t> bin_of;
};

enum : std::uint8_t { in_baseline = 1, is_guaranteed = 2 };

/// The total of odd row r under weights w (docs/scoring.md, with W'_g the
/// group's sum of w), not rounded.
double odd_total(const Problem& p, std::size_t r, const double* w) {
    const double* s = &p.odd_s[r * p.m];
    const std::uint8_t* applies = &p.odd_applies[r * p.m];
    double sum = 0, weight_sum = 0;
    int zero_groups = 0;
    for (std::size_t g = 0; g < group_count; ++g) {
        double group_weight = 0, denom = 0, numer = 0;
        int zeros = 0;
        for (const std::size_t c : p.group_criteria[g]) {
            group_weight += w[c];
            if (!applies[c])
                continue;
            denom += w[c];
            if (!p.geometric)
                numer += w[c] * s[c];
            else if (s[c] > 0)
                numer += w[c] * std::log(s[c]);
            else if (w[c] > 0)
                ++zeros;
        }
        if (!(denom > 0))
            continue;  // no score in this group
        const double gs = !p.geometric ? numer / denom : zeros == 0 ? std::exp(numer / denom) : 0.0;
        weight_sum += group_weight;
        if (!p.geometric)
            sum += group_weight * gs;
        else if (gs > 0)
            sum += group_weight * std::log(gs);
        else if (group_weight > 0)
            ++zero_groups;
    }
    if (!(weight_sum > 0))
        return 0;
    if (!p.geometric)
        return 100.0 * sum / weight_sum;
    return zero_groups == 0 ? 100.0 * std::exp(sum / weight_sum) : 0.0;
}

/// What one thread adds up over its draws: integers only, so that the sum
/// over threads does not depend on how the draws were shared out.
struct Tally {
    std::vector<std::uint64_t> shortlisted;  ///< per place
    std::vector<std::uint32_t> hist;  ///< per place, bins + 1 (the last: below the pass mark)
    std::uint64_t overlap = 0;        ///< Σ |S ∩ B|
    std::uint64_t size = 0;           ///< Σ |S|
};

/// Per-thread scratch, reused from block to block.
struct Work {
    Eigen::MatrixXd w;       ///< m x block weights
    Eigen::MatrixXd totals;  ///< plain rows x block
    std::vector<Item> items, buffer;
    std::vector<std::uint64_t> words, word_buffer;
    /// The block's ranks, draw-major (0: below the pass mark), added to the
    /// histograms applicant by applicant after the block, so that each
    /// applicant's histogram is fetched once per block, not once per draw.
    std::vector<std::uint32_t> ranks;
};

constexpr std::size_t block_size = 64;

/// Draws [first, first + count): the weights, the totals, and each draw's
/// ranking, shortlist and tau-b.
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
    if (p.s.rows() > 0)
        work.totals.noalias() = p.s * work.w;
    item_store.resize(n);
    buffer.resize(n);
    work.ranks.assign(n * count, 0);
    for (std::size_t j = 0; j < count; ++j) {
        const auto col = static_cast<Eigen::Index>(j);
        const double* w = work.w.col(col).data();
        T* items = item_store.data();
        for (std::size_t q = 0; q < n; ++q) {
            double total = 0;
            if (p.row[q] >= 0) {
                const double v = work.totals(p.row[q], col);
                total = p.geometric ? 100.0 * std::exp(v) : 100.0 * v;
            } else {
                total = odd_total(p, static_cast<std::size_t>(p.odd_index[q]), w);
            }
            items[q] = layout.make((micro(total) << p.tie_shift) | p.tie[q], q);
        }
        // Knight: in baseline order with baseline ties ordered by the draw's
        // key; then the merge sort's exchanges are the discordant pairs.
        auto by_key = [&](const T& a, const T& b) { return layout.less(a, b); };
        auto same_key = [&](const T& a, const T& b) { return layout.value(a) == layout.value(b); };
        std::uint64_t tied_both = 0;
        for (std::size_t r = 0; r + 1 < p.runs.size(); ++r) {
            const std::size_t a = p.runs[r], b = p.runs[r + 1];
            if (b - a < 2)
                continue;
            std::sort(items + a, items + b, by_key);
            tied_both += detail::tied_pairs(items + a, b - a, same_key);
        }
        const std::uint64_t discordant =
            detail::merge_sort_inversions(items, buffer.data(), n, by_key);
        const std::uint64_t tied_draw = detail::tied_pairs(items, n, same_key);
        const auto t =
            detail::tau_b_from_counts(n, p.tied_baseline, tied_draw, tied_both, discordant);
        tau[first + j] = t ? *t : std::numeric_limits<double>::quiet_NaN();

        // The ranking, best first: items are ascending by key. Competition
        // ranks; the ranked ones (at or above the pass mark) are a suffix.
        std::size_t ranked = n;
        if (p.pass_mark) {
            ranked = 0;
            while (ranked < n &&
                   static_cast<double>(layout.value(items[n - 1 - ranked]) >> p.tie_shift) / 1e6 >=
                       *p.pass_mark)
                ++ranked;
        }
        // The shortlist: the first `top`, and everyone tied with the last.
        std::uint64_t cut_key = 0;
        bool everyone = true, nobody = false;
        if (p.top && *p.top < ranked) {
            everyone = false;
            if (*p.top == 0)
                nobody = true;
            else
                cut_key = layout.value(items[n - *p.top]);
        }
        std::uint64_t rank = 0, overlap = 0, size = 0, guaranteed_in = 0;
        for (std::size_t k = 0; k < ranked; ++k) {
            const std::uint64_t value = layout.value(items[n - 1 - k]);
            if (k == 0 || value != layout.value(items[n - k]))
                rank = k + 1;
            const std::size_t q = layout.place(items[n - 1 - k]);
            work.ranks[j * n + q] = static_cast<std::uint32_t>(rank);
            if (!nobody && (everyone || value >= cut_key)) {
                ++tally.shortlisted[q];
                ++size;
                overlap += (p.flags[q] & in_baseline) != 0 ? 1U : 0U;
                guaranteed_in += (p.flags[q] & is_guaranteed) != 0 ? 1U : 0U;
            }
        }
        // Guaranteed-interview applicants not shortlisted on rank are on it
        // anyway, and all of them are on the baseline's.
        const std::uint64_t extra = p.guaranteed - guaranteed_in;
        tally.overlap += overlap + extra;
        tally.size += size + extra;
    }
    for (std::size_t q = 0; q < n; ++q) {
        std::uint32_t* hist = &tally.hist[q * (p.bins + 1)];
        for (std::size_t j = 0; j < count; ++j)
            ++hist[p.bin_of[work.ranks[j * n + q]]];
    }
}

/// The q-quantile bin (inverted CDF) of one applicant's rank histogram, or
/// `bins` (below the pass mark).
std::size_t quantile_bin(const std::uint32_t* hist, std::size_t bins, std::uint64_t need) {
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        seen += hist[b];
        if (seen >= need)
            return b;
    }
    return bins;
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

    Problem p;
    p.m = m;
    p.geometric = rulebook.aggregation == Aggregation::WeightedGeometricMean;
    p.base = effective_weights(rulebook);
    for (std::size_t c = 0; c < m; ++c)
        p.group_criteria[static_cast<std::size_t>(rulebook.criteria[c].group)].push_back(c);
    p.pass_mark = rulebook.shortlist.pass_mark;
    p.top = baseline.top;

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

    // Rankable applicants in ascending baseline order: total, then the
    // tie-break values, then (for a stable order) their entry order.
    const auto ties = tie_values(rulebook, outcomes);
    std::vector<std::size_t> rankable;
    std::vector<bool> shortlisted(outcomes.size(), false);
    for (const Entry& e : baseline.entries) {
        const Outcome& o = outcomes[e.outcome];
        shortlisted[e.outcome] =
            e.status == Status::Shortlisted || e.status == Status::GuaranteedInterview;
        const bool gated = std::any_of(o.failed_gates.begin(), o.failed_gates.end(), [](auto& g) {
            return g.kind != GateFailure::Kind::PassMark;
        });
        if (!gated)
            rankable.push_back(e.outcome);
    }
    auto tie_less = [&](std::size_t a, std::size_t b) { return ties[a] < ties[b]; };
    std::vector<std::size_t> by_tie = rankable;
    std::stable_sort(by_tie.begin(), by_tie.end(), tie_less);
    std::vector<std::uint32_t> tie_order(outcomes.size(), 0);
    for (std::size_t k = 1; k < by_tie.size(); ++k)
        tie_order[by_tie[k]] =
            tie_order[by_tie[k - 1]] + (tie_less(by_tie[k - 1], by_tie[k]) ? 1U : 0U);
    auto base_key = [&](std::size_t i) { return (micro(outcomes[i].total) << 32) | tie_order[i]; };
    std::stable_sort(rankable.begin(), rankable.end(),
                     [&](std::size_t a, std::size_t b) { return base_key(a) < base_key(b); });

    const std::size_t n = rankable.size();
    p.n = n;
    std::vector<std::size_t> place_of(outcomes.size(), static_cast<std::size_t>(-1));
    p.outcome = rankable;
    p.tie.resize(n);
    p.flags.resize(n);
    p.row.assign(n, -1);
    p.odd_index.assign(n, -1);
    std::vector<std::size_t> plain;
    std::size_t odd_rows = 0;
    for (std::size_t q = 0; q < n; ++q) {
        const std::size_t i = rankable[q];
        const Outcome& o = outcomes[i];
        place_of[i] = q;
        p.tie[q] = tie_order[i];
        if (q == 0 || base_key(rankable[q - 1]) != base_key(i))
            p.runs.push_back(static_cast<std::uint32_t>(q));
        bool odd = false;
        for (std::size_t c = 0; c < m; ++c) {
            odd = odd || o.criteria[c].status == CriterionStatus::NotApplicable ||
                  (p.geometric && p.base[c] > 0 && !(o.criteria[c].normalised > 0));
        }
        if (odd) {
            p.odd_index[q] = static_cast<std::int64_t>(odd_rows++);
            for (std::size_t c = 0; c < m; ++c) {
                p.odd_s.push_back(o.criteria[c].normalised);
                p.odd_applies.push_back(o.criteria[c].status == CriterionStatus::NotApplicable ? 0
                                                                                               : 1);
            }
        } else {
            p.row[q] = static_cast<std::int64_t>(plain.size());
            plain.push_back(i);
        }
    }
    p.runs.push_back(static_cast<std::uint32_t>(n));
    for (std::size_t r = 0; r + 1 < p.runs.size(); ++r) {
        const std::uint64_t len = p.runs[r + 1] - p.runs[r];
        p.tied_baseline += len * (len - (len > 0 ? 1 : 0)) / 2;
    }
    p.s.resize(static_cast<Eigen::Index>(plain.size()), static_cast<Eigen::Index>(m));
    for (std::size_t r = 0; r < plain.size(); ++r) {
        const Outcome& o = outcomes[plain[r]];
        for (std::size_t c = 0; c < m; ++c) {
            const double s = o.criteria[c].normalised;
            p.s(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = !p.geometric ? s
                                                                              : p.base[c] > 0
                                                                                  ? std::log(s)
                                                                                  : 0.0;
        }
    }
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const bool guaranteed = outcomes[i].opted_in && outcomes[i].passes_essential_gates;
        p.guaranteed += guaranteed ? 1U : 0U;
        if (place_of[i] != static_cast<std::size_t>(-1))
            p.flags[place_of[i]] = static_cast<std::uint8_t>((shortlisted[i] ? in_baseline : 0) |
                                                             (guaranteed ? is_guaranteed : 0));
    }
    // Values and places in one word when they fit: a total in millionths
    // (at most 10^8 < 2^27), the tie-break order, the place.
    {
        const std::uint32_t max_tie = n == 0 ? 0 : *std::max_element(p.tie.begin(), p.tie.end());
        const auto tie_bits = static_cast<unsigned>(std::bit_width(max_tie));
        const auto place_bits = static_cast<unsigned>(std::bit_width(n));
        if (27 + tie_bits + place_bits <= 64 && !detail::sensitivity_force_wide_layout()) {
            p.tie_shift = tie_bits;
            p.packed = PackedLayout{place_bits};
        }
    }
    // Rank bins: exact up to 1024 rankable applicants; beyond, at most 1024
    // bins and 2^24 counters per thread.
    if (n > 0) {
        p.bins = std::min<std::size_t>(
            n, std::max<std::size_t>(64, std::min<std::size_t>(1024, (std::size_t{1} << 24) / n)));
        p.bin = (n + p.bins - 1) / p.bins;
        p.bins = (n + p.bin - 1) / p.bin;
    }
    p.bin_of.resize(n + 1);
    p.bin_of[0] = static_cast<std::uint32_t>(p.bins);
    for (std::size_t r = 1; r <= n; ++r)
        p.bin_of[r] = static_cast<std::uint32_t>((r - 1) / p.bin);
    result.rank_bin = p.bin;

    // The draws, in blocks handed out in order to the threads.
    const std::size_t blocks = (options.draws + block_size - 1) / block_size;
    std::size_t threads =
        options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    threads = std::max<std::size_t>(1, std::min(threads, blocks));
    std::vector<double> tau(options.draws, 0.0);
    std::vector<Tally> tallies(threads);
    std::atomic<std::size_t> next{0};
    std::mutex progress_mutex;
    std::size_t done = 0;
    auto worker = [&](std::size_t t) {
        Tally& tally = tallies[t];
        tally.shortlisted.assign(n, 0);
        tally.hist.assign(n * (p.bins + 1), 0);
        Work work;
        for (std::size_t b = next++; b < blocks; b = next++) {
            const std::size_t first = b * block_size;
            const std::size_t count = std::min(block_size, options.draws - first);
            if (p.packed)
                run_block(p, *p.packed, options, first, count, work, work.words, work.word_buffer,
                          tally, tau);
            else
                run_block(p, WideLayout{}, options, first, count, work, work.items, work.buffer,
                          tally, tau);
            if (options.progress) {
                const std::lock_guard<std::mutex> lock(progress_mutex);
                done += count;
                options.progress(done, options.draws);
            }
        }
    };
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> failed(threads);
    auto guarded = [&](std::size_t t) {
        try {
            worker(t);
        } catch (...) {  // bad_alloc, or the progress callback's: rethrown below
            failed[t] = std::current_exception();
            next = blocks;
        }
    };
    for (std::size_t t = 1; t < threads; ++t) {
        try {
            pool.emplace_back(guarded, t);
        } catch (const std::system_error&) {  // no more threads to be had: fewer do it all
            break;
        }
    }
    guarded(0);
    for (auto& th : pool)
        th.join();
    for (const auto& f : failed) {
        if (f)
            std::rethrow_exception(f);
    }

    // Sum the tallies (integers: the order does not matter).
    Tally all;
    all.shortlisted.assign(n, 0);
    all.hist.assign(n * (p.bins + 1), 0);
    for (const Tally& t : tallies) {
        if (t.shortlisted.empty())
            continue;  // a thread that never started
        for (std::size_t q = 0; q < n; ++q)
            all.shortlisted[q] += t.shortlisted[q];
        for (std::size_t k = 0; k < all.hist.size(); ++k)
            all.hist[k] += t.hist[k];
        all.overlap += t.overlap;
        all.size += t.size;
    }

    const std::uint64_t d = options.draws;
    const std::uint64_t need_lo = std::max<std::uint64_t>(1, (5 * d + 99) / 100);
    const std::uint64_t need_median = (d + 1) / 2;
    const std::uint64_t need_hi = (95 * d + 99) / 100;
    for (const Entry& e : baseline.entries) {
        const Outcome& o = outcomes[e.outcome];
        ApplicantSensitivity a;
        a.id = o.id;
        a.outcome = e.outcome;
        a.guaranteed_interview = o.opted_in && o.passes_essential_gates;
        a.baseline_rank = e.rank;
        a.baseline_shortlisted = shortlisted[e.outcome];
        const std::size_t q = place_of[e.outcome];
        a.rankable = q != static_cast<std::size_t>(-1);
        if (a.rankable) {
            a.shortlisted_draws = all.shortlisted[q];
            const std::uint32_t* hist = &all.hist[q * (p.bins + 1)];
            auto first_rank = [&](std::size_t b) { return b * p.bin + 1; };
            auto last_rank = [&](std::size_t b) { return std::min((b + 1) * p.bin, n); };
            if (const std::size_t b = quantile_bin(hist, p.bins, need_lo); b < p.bins)
                a.rank_lo = first_rank(b);
            if (const std::size_t b = quantile_bin(hist, p.bins, need_median); b < p.bins)
                a.median_rank = first_rank(b) + (last_rank(b) - first_rank(b)) / 2;
            if (const std::size_t b = quantile_bin(hist, p.bins, need_hi); b < p.bins)
                a.rank_hi = last_rank(b);
        }
        if (a.guaranteed_interview)
            a.shortlisted_draws = options.draws;  // on rank or by the scheme
        a.p_shortlisted = static_cast<double>(a.shortlisted_draws) / static_cast<double>(d);
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
    return result;
}

}  // namespace shortlist

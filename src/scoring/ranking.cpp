// Ranking and selection: sort once (O(n log n)), then one pass to assign
// ranks, statuses and reasons.
#include "shortlist/ranking.hpp"

#include "scoring/ranking_internal.hpp"
#include "util/parallel.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

namespace shortlist {

std::string_view to_string(ShortlistStatus s) {
    switch (s) {
        case ShortlistStatus::Shortlisted:
            return "shortlisted";
        case ShortlistStatus::GuaranteedInterview:
            return "guaranteed_interview";
        case ShortlistStatus::NotShortlisted:
            return "not_shortlisted";
        case ShortlistStatus::NotEligible:
            return "not_eligible";
    }
    return "unknown";
}

bool on_shortlist(ShortlistStatus s) noexcept {
    return s == ShortlistStatus::Shortlisted || s == ShortlistStatus::GuaranteedInterview;
}

ShortlistMove shortlist_move(const Shortlist& before, const ShortlistEntry& in_before,
                             const Shortlist& after, const ShortlistEntry& in_after) {
    const Outcome& ob = before.outcomes[in_before.outcome];
    const Outcome& oa = after.outcomes[in_after.outcome];
    ShortlistMove m;
    m.id = ob.id;
    m.applicant = in_before.outcome;
    m.enters = on_shortlist(in_after.status) && !on_shortlist(in_before.status);
    m.rank_before = in_before.rank;
    m.rank_after = in_after.rank;
    m.status_before = in_before.status;
    m.status_after = in_after.status;
    m.total_before = ob.total;
    m.total_after = oa.total;
    if (!ob.failed_gates.empty())
        m.gate_before = ob.failed_gates.front().message;
    if (!oa.failed_gates.empty())
        m.gate_after = oa.failed_gates.front().message;
    return m;
}

namespace {

// ---- messages (the only place their text is written) ----------------------

void append_count(std::string& s, std::size_t n) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    s.append(buf, end);
}

// The ranking sentences are built with one allocation each: there is one per
// applicant.
std::string msg_ranked(std::size_t rank, std::size_t eligible, std::size_t room = 32) {
    std::string s;
    s.reserve(40 + room);
    s += "ranked ";
    append_count(s, rank);
    s += " of ";
    append_count(s, eligible);
    s += " eligible";
    return s;
}

std::string msg_within_top(std::size_t rank, std::size_t eligible, std::size_t top) {
    std::string s = msg_ranked(rank, eligible);
    s += "; within the top ";
    append_count(s, top);
    return s;
}

std::string msg_tied_at_boundary(std::size_t rank, std::size_t eligible) {
    std::string s = msg_ranked(rank, eligible, 56);
    s += "; tied with rank ";
    append_count(s, rank);
    s += ": ties are included";
    return s;
}

std::string msg_no_top(std::size_t rank, std::size_t eligible) {
    std::string s = msg_ranked(rank, eligible, 72);
    s += "; no shortlist size is set: every eligible applicant is shortlisted";
    return s;
}

std::string msg_outside_top(std::size_t rank, std::size_t eligible, std::size_t top) {
    std::string s = msg_ranked(rank, eligible);
    s += "; outside the top ";
    append_count(s, top);
    return s;
}

std::string msg_tie_broken(std::size_t above, const std::vector<std::string>& keys) {
    std::string s =
        "same total as rank " + std::to_string(above) + "; placed after it by the tie-break on ";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i > 0)
            s += ", ";
        s += keys[i];
    }
    return s;
}

std::string msg_guaranteed() {
    return "opted into the guaranteed interview scheme and meets every essential criterion";
}

std::string msg_opted_in_but_fails() {
    return "opted into the guaranteed interview scheme but does not meet every essential "
           "criterion";
}

RulebookError err_unknown_tie_break(const Rulebook& r, const std::string& key) {
    return RulebookError({r.path.string()}, ErrorCode::NotFound,
                         "shortlist.tie_break: '" + key +
                             "' is neither a group (essential, desirable, competency) nor a "
                             "criterion id");
}

// ---- tie-break keys --------------------------------------------------------

/// A tie_break key resolved once: a group or a criterion, by index (and id,
/// for outcomes scored without the full breakdown).
struct TieKey {
    bool is_group = false;
    std::size_t index = 0;
    std::string_view id;
};

std::vector<TieKey> resolve_tie_keys(const Rulebook& rulebook) {
    std::vector<TieKey> keys;
    if (rulebook.shortlist.ties != TiePolicy::BreakBy)
        return keys;
    for (const std::string& name : rulebook.shortlist.tie_break) {
        if (const auto g = parse_group(name)) {
            keys.push_back({true, static_cast<std::size_t>(*g), name});
        } else if (const std::size_t c = rulebook.find_criterion(name); c != Rulebook::npos) {
            keys.push_back({false, c, name});
        } else {
            throw err_unknown_tie_break(rulebook, name);
        }
    }
    return keys;
}

constexpr double lowest = -std::numeric_limits<double>::infinity();

/// Batches of at least this many outcomes get their entries on two threads.
constexpr std::size_t parallel_from = 8192;

/// The outcome's result for a criterion key: by position when the outcome
/// has every criterion of the rulebook, else (scored without the breakdown,
/// holding only the tie-break's criteria) by id; nullptr if it has none.
const CriterionResult* find_result(const Outcome& o, const TieKey& k, std::size_t criteria) {
    if (o.criteria.size() == criteria)
        return &o.criteria[k.index];
    for (const CriterionResult& c : o.criteria) {
        if (c.id.view() == k.id)
            return &c;
    }
    return nullptr;
}

/// Keys are compared on the 0..100 scale at the 6 decimals the reports print,
/// so that two scores shown equal are equal. A group without a score, or a
/// criterion that was not applicable, counts lowest.
double key_value(const Outcome& o, const TieKey& k, std::size_t criteria) {
    if (k.is_group) {
        const auto& g = o.groups[k.index];
        return g ? std::round(*g * 1e8) / 1e6 : lowest;
    }
    const CriterionResult* c = find_result(o, k, criteria);
    if (c == nullptr || c->status == CriterionStatus::NotApplicable)
        return lowest;
    return std::round(c->normalised * 1e8) / 1e6;
}

/// NaN (possible only in outcomes built by hand) sorts lowest, so that the
/// comparison stays a strict weak order.
double orderable(double v) {
    return std::isnan(v) ? lowest : v;
}

/// Each outcome's place when ordered by applicant id (bytewise), then by
/// position: the last tie-break. Empty when that is the outcomes' own order,
/// as with evidence from an export sorted by id.
std::vector<std::size_t> id_order(const std::vector<Outcome>& outcomes) {
    const std::size_t n = outcomes.size();
    bool sorted = true;
    for (std::size_t i = 1; i < n && sorted; ++i)
        sorted = outcomes[i - 1].id.view() <= outcomes[i].id.view();
    if (sorted)
        return {};
    std::vector<std::size_t> by_id(n);
    std::iota(by_id.begin(), by_id.end(), std::size_t{0});
    std::sort(by_id.begin(), by_id.end(), [&](std::size_t a, std::size_t b) {
        const std::string_view x = outcomes[a].id.view();
        const std::string_view y = outcomes[b].id.view();
        return x != y ? x < y : a < b;
    });
    std::vector<std::size_t> place(n);
    for (std::size_t p = 0; p < n; ++p)
        place[by_id[p]] = p;
    return place;
}

/// What an entry needs of its outcome besides the total, as bits.
enum : std::uint8_t { opted_in = 1, passes = 2, has_notes = 4, is_eligible = 8 };

/// An outcome to be ordered: its total, its place in id order, its index.
struct Place {
    double total = 0;
    std::size_t id_order = 0;
    std::size_t index = 0;
};

}  // namespace

detail::RankKeys::RankKeys(const Rulebook& rulebook) : rulebook_(&rulebook) {
    for (const TieKey& k : resolve_tie_keys(rulebook)) {
        index_.push_back(k.index);
        is_group_.push_back(k.is_group);
        id_.emplace_back(k.id);
    }
}

std::size_t detail::RankKeys::size() const noexcept {
    return 1 + index_.size();
}

void detail::RankKeys::fill(const Outcome& o, double* out) const {
    out[0] = orderable(o.total);
    for (std::size_t j = 0; j < index_.size(); ++j)
        out[j + 1] = o.eligible() ? orderable(key_value(o, {is_group_[j], index_[j], id_[j]},
                                                        rulebook_->criteria.size()))
                                  : lowest;
}

Shortlist select(const Rulebook& rulebook, std::vector<Outcome> outcomes,
                 std::optional<std::size_t> top) {
    return detail::select_part(rulebook, std::move(outcomes), top, nullptr);
}

namespace {

/// One selection: the outcomes' totals, flags and tie-break keys in dense
/// tables, sorted once into places; then each entry is filled from its place
/// alone, so that entries can be filled on two threads.
class Selection {
  public:
    Selection(const Rulebook& rulebook, const std::vector<Outcome>& outcomes,
              std::optional<std::size_t> top, const detail::WholeBatch* whole)
        : rulebook_(rulebook),
          outcomes_(outcomes),
          whole_(whole),
          tie_keys_(resolve_tie_keys(rulebook)),
          k_(tie_keys_.size()),
          top_(top) {
        tabulate();
        order();
        assign_ranks();
    }

    /// Fills entry p (eligible ones first, in rank order); returns whether it
    /// is on the shortlist.
    bool fill(std::size_t p, ShortlistEntry& entry) const;

  private:
    void tabulate();
    void order();
    void assign_ranks();
    /// -1, 0, 1: outcome a ranks above, level with, below b (totals, then
    /// the tie-break keys).
    [[nodiscard]] int rank_order(std::size_t a, std::size_t b) const;
    [[nodiscard]] const detail::WholeBatch::Place* place_of(std::size_t i) const;
    void rank_reasons(std::size_t p, const detail::WholeBatch::Place* batch_place,
                      ShortlistEntry& entry) const;

    const Rulebook& rulebook_;
    const std::vector<Outcome>& outcomes_;
    const detail::WholeBatch* whole_;
    const std::vector<TieKey> tie_keys_;
    const std::size_t k_;
    const std::optional<std::size_t> top_;

    /// Each outcome's total; what the entries need of it besides the total,
    /// read here in memory order (the entries are filled in rank order, and
    /// most need nothing more); keys_[i * k + j], its j-th tie-break key.
    std::vector<double> totals_;
    std::vector<std::uint8_t> flags_;
    std::vector<double> keys_;
    std::vector<Place> eligible_;
    std::vector<Place> ineligible_;
    /// Competition ranks (1, 2, 2, 4) of the eligible places.
    std::vector<std::size_t> rank_;
    /// The eligible applicants of the whole batch (more than the part's when
    /// select_part is given a part).
    std::size_t batch_eligible_ = 0;
    bool limited_ = false;
    std::size_t boundary_ = 0;
};

void Selection::tabulate() {
    const std::size_t n = outcomes_.size();
    totals_.resize(n);
    flags_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Outcome& o = outcomes_[i];
        totals_[i] = orderable(o.total);
        flags_[i] = static_cast<std::uint8_t>(
            (o.opted_in ? opted_in : 0) | (o.passes_essential_gates ? passes : 0) |
            (o.notes.empty() ? 0 : has_notes) | (o.eligible() ? is_eligible : 0));
    }
    if (k_ == 0)
        return;
    keys_.assign(n * k_, lowest);
    for (std::size_t i = 0; i < n; ++i) {
        if ((flags_[i] & is_eligible) == 0)
            continue;
        for (std::size_t j = 0; j < k_; ++j)
            keys_[i * k_ + j] =
                orderable(key_value(outcomes_[i], tie_keys_[j], rulebook_.criteria.size()));
    }
}

int Selection::rank_order(std::size_t a, std::size_t b) const {
    if (totals_[a] != totals_[b])
        return totals_[a] > totals_[b] ? -1 : 1;
    for (std::size_t j = 0; j < k_; ++j) {
        const double x = keys_[a * k_ + j];
        const double y = keys_[b * k_ + j];
        if (x != y)
            return x > y ? -1 : 1;
    }
    return 0;
}

// Sorted as (total, place in id order, index) records, so that the many ties
// compare numbers, not ids scattered over the outcomes.
void Selection::order() {
    const std::size_t n = outcomes_.size();
    const std::vector<std::size_t> by_id = id_order(outcomes_);
    for (std::size_t i = 0; i < n; ++i) {
        const Place place{totals_[i], by_id.empty() ? i : by_id[i], i};
        ((flags_[i] & is_eligible) != 0 ? eligible_ : ineligible_).push_back(place);
    }
    const auto above = [&](const Place& a, const Place& b) {
        if (a.total != b.total)
            return a.total > b.total;
        const int r = k_ == 0 ? 0 : rank_order(a.index, b.index);
        return r != 0 ? r < 0 : a.id_order < b.id_order;
    };
    const auto by_total_then_id = [](const Place& a, const Place& b) {
        return a.total != b.total ? a.total > b.total : a.id_order < b.id_order;
    };
    // Both orders are total (places in id order are distinct), so sorting
    // the two halves of a large batch on two threads and merging them gives
    // the one sorted order a single sort gives.
    const auto mid = eligible_.begin() + static_cast<std::ptrdiff_t>(eligible_.size() / 2);
    if (detail::run_beside(
            detail::worth_splitting(eligible_.size(), parallel_from),
            [&] {
                std::sort(mid, eligible_.end(), above);
                std::sort(ineligible_.begin(), ineligible_.end(), by_total_then_id);
            },
            [&] { std::sort(eligible_.begin(), mid, above); })) {
        std::inplace_merge(eligible_.begin(), mid, eligible_.end(), above);
        return;
    }
    std::sort(eligible_.begin(), eligible_.end(), above);
    std::sort(ineligible_.begin(), ineligible_.end(), by_total_then_id);
}

void Selection::assign_ranks() {
    const std::size_t in_part = eligible_.size();
    batch_eligible_ = whole_ != nullptr ? std::max(whole_->eligible, in_part) : in_part;
    rank_.resize(in_part);
    for (std::size_t p = 0; p < in_part; ++p) {
        rank_[p] = p > 0 && rank_order(eligible_[p - 1].index, eligible_[p].index) == 0
                       ? rank_[p - 1]
                       : p + 1;
    }
    // Everyone ranked at or above the rank at place N is shortlisted: ties at
    // the boundary are never cut.
    limited_ = top_ && *top_ < batch_eligible_;
    boundary_ = !limited_ ? batch_eligible_ : *top_ == 0 ? 0 : rank_[std::min(*top_, in_part) - 1];
}

const detail::WholeBatch::Place* Selection::place_of(std::size_t i) const {
    if (whole_ == nullptr || i >= whole_->places.size() || !whole_->places[i])
        return nullptr;
    return &*whole_->places[i];
}

// The status and reasons of eligible entry p: its rank against the top N,
// and how a tie was broken.
void Selection::rank_reasons(std::size_t p, const detail::WholeBatch::Place* batch_place,
                             ShortlistEntry& entry) const {
    const std::size_t e = batch_eligible_;
    const std::size_t r = batch_place != nullptr ? batch_place->rank : rank_[p];
    entry.rank = r;
    if (!limited_) {
        entry.status = ShortlistStatus::Shortlisted;
        entry.reasons.push_back(top_ ? msg_within_top(r, e, *top_) : msg_no_top(r, e));
    } else if (p < *top_ && batch_place == nullptr) {
        entry.status = ShortlistStatus::Shortlisted;
        entry.reasons.push_back(msg_within_top(r, e, *top_));
    } else if (r <= boundary_) {
        entry.status = ShortlistStatus::Shortlisted;
        entry.reasons.push_back(msg_tied_at_boundary(r, e));
    } else {
        entry.status = ShortlistStatus::NotShortlisted;
        entry.reasons.push_back(msg_outside_top(r, e, *top_));
    }
    if (batch_place != nullptr) {
        if (batch_place->tie_broken_after)
            entry.reasons.push_back(
                msg_tie_broken(*batch_place->tie_broken_after, rulebook_.shortlist.tie_break));
    } else if (k_ > 0 && p > 0 && rank_[p] != rank_[p - 1] &&
               eligible_[p - 1].total == eligible_[p].total) {
        entry.reasons.push_back(msg_tie_broken(rank_[p - 1], rulebook_.shortlist.tie_break));
    }
}

bool Selection::fill(std::size_t p, ShortlistEntry& entry) const {
    const std::size_t in_part = eligible_.size();
    const bool ranked = p < in_part;
    const std::size_t i = ranked ? eligible_[p].index : ineligible_[p - in_part].index;
    const std::uint8_t f = flags_[i];
    const bool opted = (f & opted_in) != 0;
    // The outcome itself only for its gates or notes (in memory it is far
    // from the last one).
    const Outcome* o = !ranked || (f & has_notes) != 0 ? &outcomes_[i] : nullptr;
    entry.outcome = i;
    // Room for every reason, so that the vector is allocated once.
    entry.reasons.reserve((ranked ? 2 : o->failed_gates.size()) + (opted ? 1 : 0) +
                          (o != nullptr ? o->notes.size() : 0));
    if (ranked) {
        rank_reasons(p, place_of(i), entry);
    } else {
        entry.status = ShortlistStatus::NotEligible;
        for (const GateFailure& g : o->failed_gates)
            entry.reasons.push_back(g.message);
    }
    if (opted && entry.status != ShortlistStatus::Shortlisted) {
        if ((f & passes) != 0) {
            entry.status = ShortlistStatus::GuaranteedInterview;
            entry.reasons.push_back(msg_guaranteed());
        } else {
            entry.reasons.push_back(msg_opted_in_but_fails());
        }
    }
    if (o != nullptr)
        entry.reasons.insert(entry.reasons.end(), o->notes.begin(), o->notes.end());
    return on_shortlist(entry.status);
}

}  // namespace

Shortlist detail::select_part(const Rulebook& rulebook, std::vector<Outcome> outcomes,
                              std::optional<std::size_t> top, const WholeBatch* whole) {
    Shortlist result;
    result.top = top ? top : rulebook.shortlist.top;
    const std::size_t n = outcomes.size();
    const Selection selection(rulebook, outcomes, result.top, whole);

    result.entries.resize(n);
    // Entries are independent: a large batch is filled on two threads, each
    // counting its own shortlisted. They cost more towards the end (the
    // ineligible copy their gates' messages), so the threads take alternate
    // blocks of places, not halves, and finish together.
    const unsigned threads = detail::worth_splitting(n, parallel_from) ? 2U : 1U;
    constexpr std::size_t block = 1024;
    const std::size_t blocks = (n + block - 1) / block;
    std::vector<std::size_t> shortlisted(threads, 0);
    detail::parallel_for(threads, threads, [&](unsigned w, std::size_t, std::size_t) {
        std::size_t count = 0;
        for (std::size_t b = w; b < blocks; b += threads) {
            for (std::size_t p = b * block; p < std::min(n, (b + 1) * block); ++p)
                count += selection.fill(p, result.entries[p]) ? 1U : 0U;
        }
        shortlisted[w] = count;
    });
    result.shortlisted = std::accumulate(shortlisted.begin(), shortlisted.end(), std::size_t{0});
    result.outcomes = std::move(outcomes);
    return result;
}

}  // namespace shortlist

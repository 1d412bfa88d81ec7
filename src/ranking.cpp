// Ranking and selection: sort once (O(n log n)), then one pass to assign
// ranks, statuses and reasons.
#include "shortlist/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

namespace shortlist {

std::string_view to_string(Status s) {
    switch (s) {
        case Status::Shortlisted:
            return "shortlisted";
        case Status::GuaranteedInterview:
            return "guaranteed_interview";
        case Status::NotShortlisted:
            return "not_shortlisted";
        case Status::NotEligible:
            return "not_eligible";
    }
    return "unknown";
}

namespace {

// ---- messages (the only place their text is written) ----------------------

std::string msg_ranked(std::size_t rank, std::size_t eligible) {
    return "ranked " + std::to_string(rank) + " of " + std::to_string(eligible) + " eligible";
}

std::string msg_within_top(std::size_t rank, std::size_t eligible, std::size_t top) {
    return msg_ranked(rank, eligible) + "; within the top " + std::to_string(top);
}

std::string msg_tied_at_boundary(std::size_t rank, std::size_t eligible) {
    return msg_ranked(rank, eligible) + "; tied with rank " + std::to_string(rank) +
           ": ties are included";
}

std::string msg_no_top(std::size_t rank, std::size_t eligible) {
    return msg_ranked(rank, eligible) +
           "; no shortlist size is set: every eligible applicant "
           "is shortlisted";
}

std::string msg_outside_top(std::size_t rank, std::size_t eligible, std::size_t top) {
    return msg_ranked(rank, eligible) + "; outside the top " + std::to_string(top);
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

}  // namespace

Shortlist select(const Rulebook& rulebook, std::vector<Outcome> outcomes,
                 std::optional<std::size_t> top) {
    Shortlist result;
    result.top = top ? top : rulebook.shortlist.top;
    const std::vector<TieKey> tie_keys = resolve_tie_keys(rulebook);
    const std::size_t k = tie_keys.size();
    const std::size_t n = outcomes.size();

    std::vector<std::size_t> eligible;
    std::vector<std::size_t> ineligible;
    for (std::size_t i = 0; i < n; ++i)
        (outcomes[i].eligible() ? eligible : ineligible).push_back(i);

    // Dense tables: each outcome's total, and keys[i * k + j], its j-th
    // tie-break key.
    std::vector<double> totals(n);
    for (std::size_t i = 0; i < n; ++i)
        totals[i] = orderable(outcomes[i].total);
    std::vector<double> keys(n * k, lowest);
    for (const std::size_t i : eligible) {
        for (std::size_t j = 0; j < k; ++j)
            keys[i * k + j] =
                orderable(key_value(outcomes[i], tie_keys[j], rulebook.criteria.size()));
    }
    // -1, 0, 1: a ranks above, level with, below b (totals, then the keys).
    auto rank_order = [&](std::size_t a, std::size_t b) {
        if (totals[a] != totals[b])
            return totals[a] > totals[b] ? -1 : 1;
        for (std::size_t j = 0; j < k; ++j) {
            const double x = keys[a * k + j];
            const double y = keys[b * k + j];
            if (x != y)
                return x > y ? -1 : 1;
        }
        return 0;
    };
    // Within a tie: applicant id ascending (bytewise), then evidence order.
    auto by_id = [&](std::size_t a, std::size_t b) {
        const std::string& x = outcomes[a].id.value();
        const std::string& y = outcomes[b].id.value();
        return x != y ? x < y : a < b;
    };
    std::sort(eligible.begin(), eligible.end(), [&](std::size_t a, std::size_t b) {
        const int r = rank_order(a, b);
        return r != 0 ? r < 0 : by_id(a, b);
    });
    std::sort(ineligible.begin(), ineligible.end(), [&](std::size_t a, std::size_t b) {
        return totals[a] != totals[b] ? totals[a] > totals[b] : by_id(a, b);
    });

    // Competition ranking: 1, 2, 2, 4.
    const std::size_t e = eligible.size();
    std::vector<std::size_t> rank(e);
    for (std::size_t p = 0; p < e; ++p) {
        rank[p] = p > 0 && rank_order(eligible[p - 1], eligible[p]) == 0 ? rank[p - 1] : p + 1;
    }
    // Everyone ranked at or above the rank at place N is shortlisted: ties at
    // the boundary are never cut.
    const bool limited = result.top && *result.top < e;
    const std::size_t boundary = !limited ? e : *result.top == 0 ? 0 : rank[*result.top - 1];

    auto guaranteed = [&](const Outcome& o) { return o.opted_in && o.passes_essential_gates; };
    auto finish = [&](Entry& entry, const Outcome& o) {
        if (o.opted_in && entry.status != Status::Shortlisted) {
            if (guaranteed(o)) {
                entry.status = Status::GuaranteedInterview;
                entry.reasons.push_back(msg_guaranteed());
            } else {
                entry.reasons.push_back(msg_opted_in_but_fails());
            }
        }
        entry.reasons.insert(entry.reasons.end(), o.notes.begin(), o.notes.end());
        if (entry.status == Status::Shortlisted || entry.status == Status::GuaranteedInterview)
            ++result.shortlisted;
    };

    result.entries.reserve(n);
    for (std::size_t p = 0; p < e; ++p) {
        const Outcome& o = outcomes[eligible[p]];
        Entry entry;
        entry.outcome = eligible[p];
        entry.rank = rank[p];
        if (!limited) {
            entry.status = Status::Shortlisted;
            entry.reasons.push_back(result.top ? msg_within_top(rank[p], e, *result.top)
                                               : msg_no_top(rank[p], e));
        } else if (p < *result.top) {
            entry.status = Status::Shortlisted;
            entry.reasons.push_back(msg_within_top(rank[p], e, *result.top));
        } else if (rank[p] <= boundary) {
            entry.status = Status::Shortlisted;
            entry.reasons.push_back(msg_tied_at_boundary(rank[p], e));
        } else {
            entry.status = Status::NotShortlisted;
            entry.reasons.push_back(msg_outside_top(rank[p], e, *result.top));
        }
        if (k > 0 && p > 0 && rank[p] != rank[p - 1] &&
            totals[eligible[p - 1]] == totals[eligible[p]]) {
            entry.reasons.push_back(msg_tie_broken(rank[p - 1], rulebook.shortlist.tie_break));
        }
        finish(entry, o);
        result.entries.push_back(std::move(entry));
    }
    for (const std::size_t i : ineligible) {
        const Outcome& o = outcomes[i];
        Entry entry;
        entry.outcome = i;
        entry.status = Status::NotEligible;
        for (const GateFailure& g : o.failed_gates)
            entry.reasons.push_back(g.message);
        finish(entry, o);
        result.entries.push_back(std::move(entry));
    }
    result.outcomes = std::move(outcomes);
    return result;
}

}  // namespace shortlist

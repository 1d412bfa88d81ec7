// The ranks of guaranteed-interview applicants below a stream's top part (below.hpp).
#include "scoring/stream/below.hpp"

#include <algorithm>

namespace shortlist::detail {

namespace {

bool keys_greater(const std::vector<double>& a, const std::vector<double>& b) {
    return std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end());
}

}  // namespace

void BelowRanks::find(const Kept& kept) {
    const auto threshold = kept.threshold();
    const auto& outcomes = kept.outcomes();
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i].eligible() && threshold && keys_less(kept.key(i), threshold->data(), m_))
            below_.push_back({i, outcomes[i].total});
    }
    for (const auto& b : below_)
        totals_.push_back(b.total);
    std::sort(totals_.begin(), totals_.end());
    totals_.erase(std::unique(totals_.begin(), totals_.end()), totals_.end());
    greater_.assign(totals_.size() + 1, 0);
}

void BelowRanks::count(const Outcome& o, std::size_t global) {
    if (!o.eligible())
        return;
    const auto lower = std::lower_bound(totals_.begin(), totals_.end(), o.total);
    const auto n = static_cast<std::size_t>(lower - totals_.begin());
    if (n > 0) {
        ++greater_[0];
        --greater_[n];
    }
    if (m_ > 1 && lower != totals_.end() && *lower == o.total) {
        std::vector<double> k(m_);
        ranking_.fill(o, k.data());
        tied_[o.total].push_back(
            {std::vector<double>(k.begin() + 1, k.end()), o.id.value(), global});
    }
}

void BelowRanks::place(const Kept& kept, WholeBatch& whole) {
    std::vector<std::size_t> greater(totals_.size());
    std::size_t running = 0;
    for (std::size_t j = 0; j < totals_.size(); ++j) {
        running += greater_[j];
        greater[j] = running;
    }
    for (auto& [total, group] : tied_)
        std::sort(group.begin(), group.end(), [](const Tied& a, const Tied& b) {
            if (a.keys != b.keys)
                return keys_greater(a.keys, b.keys);
            return a.id != b.id ? a.id < b.id : a.index < b.index;
        });
    const auto& outcomes = kept.outcomes();
    for (const auto& b : below_) {
        const auto j = static_cast<std::size_t>(
            std::lower_bound(totals_.begin(), totals_.end(), b.total) - totals_.begin());
        WholeBatch::Place place;
        place.rank = greater[j] + 1;
        if (m_ > 1)
            break_tie(tied_[b.total], outcomes[b.kept].index, greater[j], place);
        whole.places[b.kept] = place;
    }
}

/// Within its total, the applicant `self` ranks after those of `group`
/// (sorted) with greater tie-break keys.
void BelowRanks::break_tie(const std::vector<Tied>& group, std::size_t self, std::size_t greater,
                           WholeBatch::Place& place) {
    std::size_t pos = 0;
    while (pos < group.size() && group[pos].index != self)
        ++pos;
    auto strictly_above = [&](const std::vector<double>& k) {
        std::size_t n = 0;
        while (n < group.size() && keys_greater(group[n].keys, k))
            ++n;
        return n;
    };
    if (pos < group.size()) {
        place.rank += strictly_above(group[pos].keys);
        if (pos > 0 && group[pos - 1].keys != group[pos].keys)
            place.tie_broken_after = greater + strictly_above(group[pos - 1].keys) + 1;
    }
}

}  // namespace shortlist::detail

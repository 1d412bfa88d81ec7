// What a stream keeps of the outcomes it scores (kept.hpp).
#include "scoring/stream/kept.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace shortlist::detail {

bool keys_less(const double* a, const double* b, std::size_t m) {
    return std::lexicographical_compare(a, a + m, b, b + m);
}

Kept::Kept(const RankKeys& ranking, std::optional<std::size_t> top)
    : m_(ranking.size()),
      top_(top),
      ranking_(ranking),
      limit_(top ? std::max<std::size_t>(2 * *top, *top + 4096) : 4096) {}

void Kept::offer(Outcome o) {
    const bool candidate = o.opted_in && o.passes_essential_gates;
    if (!o.eligible() && !candidate)
        return;
    const std::size_t at = outcomes_.size();
    keys_.resize((at + 1) * m_);
    ranking_.fill(o, &keys_[at * m_]);
    if (!candidate && !floor_.empty() && keys_less(&keys_[at * m_], floor_.data(), m_)) {
        keys_.resize(at * m_);  // below the N-th best so far: the next prune would drop it
        return;
    }
    candidate_.push_back(candidate);
    outcomes_.push_back(std::move(o));
    if (outcomes_.size() >= limit_)
        prune();
}

void Kept::prune() {
    if (auto t = threshold()) {
        std::size_t w = 0;
        for (std::size_t i = 0; i < outcomes_.size(); ++i) {
            if (!candidate_[i] && keys_less(&keys_[i * m_], t->data(), m_))
                continue;
            if (w != i) {
                outcomes_[w] = std::move(outcomes_[i]);
                std::copy_n(&keys_[i * m_], m_, &keys_[w * m_]);
                candidate_[w] = candidate_[i];
            }
            ++w;
        }
        outcomes_.resize(w);
        keys_.resize(w * m_);
        candidate_.resize(w);
        floor_ = std::move(*t);
    }
    limit_ = std::max(limit_, 2 * outcomes_.size());
}

std::optional<std::vector<double>> Kept::threshold() const {
    if (!top_)
        return std::nullopt;
    std::vector<std::size_t> eligible;
    for (std::size_t i = 0; i < outcomes_.size(); ++i)
        if (outcomes_[i].eligible())
            eligible.push_back(i);
    if (*top_ == 0)
        return std::vector<double>(m_, std::numeric_limits<double>::infinity());
    if (eligible.size() < *top_)
        return std::nullopt;
    const auto nth = eligible.begin() + static_cast<std::ptrdiff_t>(*top_ - 1);
    std::nth_element(eligible.begin(), nth, eligible.end(), [&](std::size_t a, std::size_t b) {
        return keys_less(&keys_[b * m_], &keys_[a * m_], m_);
    });
    return std::vector<double>(&keys_[*nth * m_], &keys_[*nth * m_] + m_);
}

}  // namespace shortlist::detail

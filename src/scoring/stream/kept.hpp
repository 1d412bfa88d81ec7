// What a stream keeps of the outcomes it scores: those that can still reach
// the shortlist, with their ranking keys (docs/streaming.md).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "scoring/ranking_internal.hpp"
#include "shortlist/outcome.hpp"

namespace shortlist::detail {

/// a before b by the ranking keys (m of them), as std::lexicographical_compare.
[[nodiscard]] bool keys_less(const double* a, const double* b, std::size_t m);

/// The N best eligible outcomes so far, plus any tied with the N-th, plus
/// every guaranteed-interview candidate (opted in, meets the essential
/// criteria), pruned whenever the kept set doubles.
class Kept {
  public:
    Kept(const RankKeys& ranking, std::optional<std::size_t> top);

    void offer(Outcome o);
    /// Drop every eligible outcome below the N-th best (ties with it stay),
    /// unless it is a guaranteed-interview candidate.
    void prune();
    /// The key of the N-th best eligible outcome kept, if N are kept (for
    /// N = 0, one above every key).
    [[nodiscard]] std::optional<std::vector<double>> threshold() const;

    std::vector<Outcome>& outcomes() { return outcomes_; }
    [[nodiscard]] const std::vector<Outcome>& outcomes() const { return outcomes_; }
    [[nodiscard]] const double* key(std::size_t i) const { return &keys_[i * m_]; }

  private:
    std::size_t m_;
    std::optional<std::size_t> top_;
    const RankKeys& ranking_;
    std::vector<Outcome> outcomes_;
    std::vector<double> keys_;
    std::vector<bool> candidate_;
    std::vector<double> floor_;  ///< the last prune's threshold (none yet: empty)
    std::size_t limit_;
};

}  // namespace shortlist::detail

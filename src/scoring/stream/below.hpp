// The ranks of guaranteed-interview applicants below a stream's top part:
// counted in a second pass over the file (docs/streaming.md).
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "scoring/ranking_internal.hpp"
#include "scoring/stream/kept.hpp"
#include "shortlist/outcome.hpp"

namespace shortlist::detail {

class BelowRanks {
  public:
    explicit BelowRanks(const RankKeys& ranking) : ranking_(ranking), m_(ranking.size()) {}

    /// The kept guaranteed-interview applicants below the N-th best (after a prune).
    void find(const Kept& kept);
    [[nodiscard]] bool empty() const noexcept { return below_.empty(); }
    /// An outcome of the second pass (`global`: its index in the file): an
    /// eligible one ranks above every Below applicant with a lower total, and
    /// ties on the total are kept to be ranked by their tie-break keys.
    void count(const Outcome& o, std::size_t global);
    /// Each Below applicant's rank (and where its tie was broken) in `whole`.
    void place(const Kept& kept, WholeBatch& whole);

  private:
    /// A guaranteed-interview applicant below the top.
    struct Below {
        std::size_t kept = 0;  ///< index in Kept
        double total = 0;
    };
    /// An eligible applicant whose total is a Below applicant's (tie_break
    /// keys only): what ranks them within the total.
    struct Tied {
        std::vector<double> keys;  ///< the tie_break keys
        std::string id;
        std::size_t index = 0;
    };
    static void break_tie(const std::vector<Tied>& group, std::size_t self, std::size_t greater,
                          WholeBatch::Place& place);

    const RankKeys& ranking_;
    std::size_t m_;
    std::vector<Below> below_;
    std::vector<double> totals_;        ///< distinct, ascending
    std::vector<std::size_t> greater_;  ///< differences, over totals_
    std::unordered_map<double, std::vector<Tied>> tied_;
};

}  // namespace shortlist::detail

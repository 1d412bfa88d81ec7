// select() on a part of a batch (the streaming path keeps only the outcomes
// that can reach the shortlist), told what it cannot see in the part.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "shortlist/ranking.hpp"

namespace shortlist::detail {

/// Facts of the whole batch for select_part.
struct WholeBatch {
    std::size_t eligible = 0;  ///< eligible applicants in the whole batch
    /// The batch place of an outcome whose place in the part is not its own
    /// (a guaranteed-interview applicant far below the top).
    struct Place {
        std::size_t rank = 0;
        /// Set when the applicant just above has the same total and a better
        /// rank by the tie-break: that applicant's rank.
        std::optional<std::size_t> tie_broken_after;
    };
    std::vector<std::optional<Place>> places;  ///< per outcome of the part; may be shorter
};

/// select(), with `whole` (if given) supplying the eligible count and the
/// places it overrides. The part must hold every outcome of the batch that
/// ranks at or above the shortlist's last place.
[[nodiscard]] Shortlist select_part(const Rulebook& rulebook, std::vector<Outcome> outcomes,
                                    std::optional<std::size_t> top, const WholeBatch* whole);

/// The ranking keys of outcomes, as select() compares them: the total, then
/// each tie_break key (higher ranks first; NaN and "none" lowest).
class RankKeys {
  public:
    explicit RankKeys(const Rulebook& rulebook);
    /// 1 + the number of tie_break keys.
    [[nodiscard]] std::size_t size() const noexcept;
    /// Write size() values for `o` to out.
    void fill(const Outcome& o, double* out) const;

  private:
    const Rulebook* rulebook_;
    std::vector<std::size_t> index_;
    std::vector<bool> is_group_;
    std::vector<std::string> id_;
};

}  // namespace shortlist::detail

// Rulebook comparison: two rulebooks (two forces' profiles, or two weightings
// of one) on the same applicants: the two shortlists, who enters and leaves,
// how far the rankings agree, and which criteria move the movers
// (docs/comparison.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/ids.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// One criterion's part in the moves (see Comparison::drivers).
struct MoveDriver {
    CriterionId id;
    std::optional<double> weight_a, weight_b;  ///< share of the total (0..1); none if absent
    /// The change in the entered group's lead over the left group that this
    /// criterion brings, in points of the 100-point total, and its split
    /// into the part from the weights and the part from the scores.
    double points = 0;
    double weight_part = 0;
    double score_part = 0;
    /// Mean normalised score (0..1) of the entered minus the left (under b,
    /// or under a for a criterion only a has).
    double score_gap = 0;

    friend bool operator==(const MoveDriver&, const MoveDriver&) = default;
};

struct Comparison {
    std::vector<ApplicantId> shortlist_a, shortlist_b;  ///< in rank order
    std::size_t common = 0;  ///< applicants in both (matched by applicant_id)
    std::size_t only_a = 0, only_b = 0;
    std::size_t overlap = 0;        ///< |A ∩ B|
    std::optional<double> jaccard;  ///< |A ∩ B| / |A ∪ B|; none if both are empty
    /// Each mover's place under a (before) and under b (after).
    std::vector<ShortlistMove> entered;  ///< on b's shortlist, not on a's, by rank under b
    std::vector<ShortlistMove> left;     ///< on a's, not on b's, by rank under a
    /// Kendall's tau-b between the totals under a and under b of the
    /// applicants eligible under both (tau_n of them).
    std::optional<double> kendall_tau;
    std::size_t tau_n = 0;
    /// Per criterion (the union of both rulebooks' criteria, by id), ordered by
    /// |points| descending then id: over the movers eligible under both (E
    /// entered, L left), with c_R(i) criterion c's points in applicant i's
    /// total under rulebook R (100 × effective weight × s; 0 if R lacks c),
    ///   points_c = [mean_E c_b − mean_L c_b] − [mean_E c_a − mean_L c_a],
    /// which add up over the criteria to the change in E's mean lead over L
    /// (before totals are rounded). Each applicant's c_b − c_a splits exactly
    /// as 100·[(e_b − e_a)·(s_a + s_b)/2 + (s_b − s_a)·(e_a + e_b)/2], the
    /// weight part and the score part (a criterion one rulebook lacks has
    /// weight 0 there and the other's score). Empty when E or L is empty, or
    /// when a rulebook aggregates by geometric mean (its points do not add).
    std::vector<MoveDriver> drivers;
    std::optional<double> lead_change;                ///< Σ points
    std::size_t movers_entered = 0, movers_left = 0;  ///< |E|, |L|
    std::vector<std::string> notes;

    friend bool operator==(const Comparison&, const Comparison&) = default;
};

/// Compare two shortlists of the same applicants (select() of outcomes scored
/// with the per-criterion breakdown, for the drivers). Applicants are matched
/// by id; those in one only are counted and left out of everything else.
[[nodiscard]] Comparison compare(const Rulebook& a, const Shortlist& shortlist_a, const Rulebook& b,
                                 const Shortlist& shortlist_b);

}  // namespace shortlist

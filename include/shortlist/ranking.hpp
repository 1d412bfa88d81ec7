// From outcomes to a ranked shortlist in which every entry carries its reasons.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/ids.hpp"
#include "shortlist/outcome.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

enum class ShortlistStatus { Shortlisted, GuaranteedInterview, NotShortlisted, NotEligible };
[[nodiscard]] std::string_view to_string(
    ShortlistStatus s);  // "shortlisted", "guaranteed_interview", ...
/// On the shortlist: Shortlisted or GuaranteedInterview.
[[nodiscard]] bool on_shortlist(ShortlistStatus s) noexcept;

struct ShortlistEntry {
    std::size_t outcome = 0;  ///< index into Shortlist::outcomes
    std::optional<std::size_t>
        rank;  ///< 1-based among eligible applicants; equal for ties left unbroken
    ShortlistStatus status = ShortlistStatus::NotEligible;
    std::vector<std::string> reasons;

    friend bool operator==(const ShortlistEntry&, const ShortlistEntry&) = default;
};

struct Shortlist {
    std::vector<Outcome> outcomes;  ///< as scored, in evidence order
    /// Every applicant: ranked eligible applicants first (rank order), then the
    /// ineligible ones (total descending, then applicant id).
    std::vector<ShortlistEntry> entries;
    std::size_t shortlisted = 0;     ///< status Shortlisted or GuaranteedInterview
    std::optional<std::size_t> top;  ///< the N applied, if any

    friend bool operator==(const Shortlist&, const Shortlist&) = default;
};

/// One applicant's place in two shortlists of the same applicants, `before`
/// and `after`: the shortlist diff both the calibration's adjusted shortlist
/// (compare_shortlists, analysis/calibration.hpp) and the rulebook
/// comparison (compare, analysis/compare.hpp: before = under rulebook a,
/// after = under b) report.
struct ShortlistMove {
    ApplicantId id;
    std::size_t applicant = 0;  ///< index into before's outcomes (evidence order)
    bool enters = false;        ///< on after's shortlist, not on before's (else leaves)
    std::optional<std::size_t> rank_before, rank_after;  ///< none when not eligible
    ShortlistStatus status_before = ShortlistStatus::NotEligible;
    ShortlistStatus status_after = ShortlistStatus::NotEligible;
    double total_before = 0, total_after = 0;
    /// The first failed gate's message in each, when not eligible.
    std::string gate_before, gate_after;

    friend bool operator==(const ShortlistMove&, const ShortlistMove&) = default;
};

/// The move of the applicant at `in_before` (an entry of `before`) and
/// `in_after` (the same applicant's entry of `after`).
[[nodiscard]] ShortlistMove shortlist_move(const Shortlist& before, const ShortlistEntry& in_before,
                                           const Shortlist& after, const ShortlistEntry& in_after);

/// Rank and select. `top` overrides the rulebook's shortlist.top when given
/// (0 shortlists nobody on rank; none shortlists every eligible applicant).
///
/// Eligible = no failed gate. They are ranked by total descending, then with
/// TiePolicy::BreakBy by each tie_break key descending (a group's score, or a
/// criterion's normalised score, both compared at the 6 decimals reports print
/// on the 0..100 scale; a group without a score or a not_applicable criterion
/// counts lowest). Applicants still equal share a rank (1, 2, 2, 4) and are
/// listed by applicant id, bytewise ascending. The first `top` are shortlisted,
/// plus everyone tied with the last of them. An applicant who opted in and
/// passes_essential_gates but is not otherwise shortlisted gets
/// GuaranteedInterview, eligible or not. Each entry's reasons: its ranking
/// sentence (or each failed gate's message), the tie-break that placed it, if
/// any, the guaranteed-interview outcome if opted in, then the outcome's notes.
///
/// O(n log n): one sort of indices over dense key arrays. Throws RulebookError
/// if a tie_break key is neither a group nor a criterion id.
[[nodiscard]] Shortlist select(const Rulebook& rulebook, std::vector<Outcome> outcomes,
                               std::optional<std::size_t> top = std::nullopt);

}  // namespace shortlist

// From outcomes to a ranked shortlist in which every entry carries its reasons.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/outcome.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

enum class Status { Shortlisted, GuaranteedInterview, NotShortlisted, NotEligible };
[[nodiscard]] std::string_view to_string(Status s);  // "shortlisted", "guaranteed_interview", ...

struct Entry {
    std::size_t outcome = 0;         ///< index into Shortlist::outcomes
    std::optional<std::size_t> rank; ///< 1-based among eligible applicants; equal for ties left unbroken
    Status status = Status::NotEligible;
    std::vector<std::string> reasons;

    friend bool operator==(const Entry&, const Entry&) = default;
};

struct Shortlist {
    std::vector<Outcome> outcomes;  ///< as scored, in evidence order
    /// Every applicant: ranked eligible applicants first (rank order), then the
    /// ineligible ones (total descending, then applicant id).
    std::vector<Entry> entries;
    std::size_t shortlisted = 0;          ///< status Shortlisted or GuaranteedInterview
    std::optional<std::size_t> top;       ///< the N applied, if any

    friend bool operator==(const Shortlist&, const Shortlist&) = default;
};

/// Rank and select. `top` overrides the rulebook's shortlist.top when given.
[[nodiscard]] Shortlist select(const Rulebook& rulebook, std::vector<Outcome> outcomes,
                               std::optional<std::size_t> top = std::nullopt);

}  // namespace shortlist

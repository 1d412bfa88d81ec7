// The result of scoring one applicant, with everything needed to explain it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/ids.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// How a criterion was scored for one applicant.
enum class CriterionStatus {
    Scored,         ///< at least one assessor scored it (a number, indicators or not_evidenced)
    Missing,        ///< no rating, or only not_assessed
    NotApplicable,  ///< every rating said not_applicable: left out of the weights
};
[[nodiscard]] std::string_view to_string(CriterionStatus s);

/// One criterion's part in an applicant's total.
struct CriterionResult {
    CriterionId id;
    Group group = Group::Essential;
    CriterionStatus status = CriterionStatus::Missing;
    /// Mean of the assessors' scores, on the scale; none when missing or not
    /// applicable. Not rounded; the minimum gate compares it rounded to 6
    /// decimal places, as reports print it.
    std::optional<double> raw;
    double normalised = 0;  ///< s = (raw - min) / (max - min); 0 when missing or not applicable
    double weight = 0;      ///< w, the rulebook weight inside its group
    /// This applicant's share of the total after not_applicable criteria and
    /// groups without a score are left out: w / Σw (the group's criteria that
    /// apply) × W / ΣW (the groups with a score). Sums to 1 over the criteria
    /// (0 when left out or when nothing applies). With the geometric mean it is
    /// the exponent of s in the total.
    double effective_weight = 0;
    /// Weighted mean: the points of the 100-point total it brings,
    /// 100 × effective_weight × s (they add up to the total before rounding).
    /// Weighted geometric mean, where points do not add up: the factor
    /// s^effective_weight it multiplies the total by (1 = no effect, 0 = it
    /// zeroes the total; total = 100 × the product of the factors).
    double contribution = 0;
    std::size_t assessors = 0;  ///< ratings that counted (scores and not_evidenced)
    std::vector<std::string> indicators_ticked;  ///< ids ticked by any assessor, in rulebook order

    friend bool operator==(const CriterionResult&, const CriterionResult&) = default;
};

/// A gate that was not passed.
struct GateFailure {
    enum class Kind {
        Eligibility,  ///< an eligibility condition is false, or unknown for want of a fact
        Minimum,      ///< a criterion's raw score is below its minimum
        NoEvidence,   ///< an essential or competency criterion (or one with a minimum) is missing
        PassMark,     ///< the total is below the pass mark
    };
    Kind kind = Kind::Eligibility;
    std::string id;       ///< condition or criterion id ("pass_mark" for the pass mark)
    std::string message;  ///< a sentence an applicant can read

    friend bool operator==(const GateFailure&, const GateFailure&) = default;
};
/// "eligibility", "minimum", "no_evidence", "pass_mark" (as reports write them).
[[nodiscard]] std::string_view to_string(GateFailure::Kind k);

struct Outcome {
    ApplicantId id;
    std::size_t index = 0;  ///< position in the evidence
    double total = 0;       ///< 0..100, rounded to 6 decimal places
    /// Group scores 0..1 (essential, desirable, competency); none when the group
    /// has no criteria, all were not applicable, or the weights of those that
    /// apply sum to 0. A group without a score is left out of the total.
    std::array<std::optional<double>, group_count> groups{};
    /// Every gate failed, not just the first: eligibility conditions in
    /// rulebook order, then criteria in rulebook order, then the pass mark.
    std::vector<GateFailure> failed_gates;
    /// No eligibility condition failed and no essential criterion failed its
    /// minimum or lacks evidence (competency gates and the pass mark do not
    /// count): the test for a guaranteed interview.
    bool passes_essential_gates = true;
    bool opted_in = false;  ///< the guaranteed-interview fact is true
    /// Conditions of an offer: criteria to be met after appointment, then the
    /// gates of later stages (docs/rulebook.md, "Stages").
    std::vector<std::string> conditions;
    /// The stage scored, when the rulebook uses stages (Rulebook::stage).
    std::optional<Stage> stage;
    std::vector<std::string> notes;  ///< e.g. criteria left out as not applicable
    /// The per-criterion breakdown, in rulebook order: every criterion, or
    /// when scored with ScoreOptions::explain off only those the rulebook's
    /// tie_break names.
    std::vector<CriterionResult> criteria;

    [[nodiscard]] bool eligible() const noexcept { return failed_gates.empty(); }
    friend bool operator==(const Outcome&, const Outcome&) = default;
};

}  // namespace shortlist

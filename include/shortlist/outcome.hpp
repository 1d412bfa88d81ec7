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
    std::optional<double> raw;      ///< mean of the assessors' scores, on the scale
    double normalised = 0;          ///< (raw - min) / (max - min); 0 when missing
    double weight = 0;              ///< the rulebook weight inside its group
    double effective_weight = 0;    ///< share of this applicant's total (0 when left out)
    double contribution = 0;        ///< points of the 100-point total it brings (weighted mean)
    std::size_t assessors = 0;      ///< ratings that counted
    std::vector<std::string> indicators_ticked;  ///< ids ticked by any assessor

    friend bool operator==(const CriterionResult&, const CriterionResult&) = default;
};

/// A gate that was not passed.
struct GateFailure {
    enum class Kind { Eligibility, Minimum, NoEvidence, PassMark };
    Kind kind = Kind::Eligibility;
    std::string id;       ///< condition or criterion id ("pass_mark" for the pass mark)
    std::string message;  ///< a sentence an applicant can read

    friend bool operator==(const GateFailure&, const GateFailure&) = default;
};

struct Outcome {
    ApplicantId id;
    std::size_t index = 0;  ///< position in the evidence
    double total = 0;       ///< 0..100, rounded to 6 decimal places
    /// Group scores 0..1 (essential, desirable, competency); none when the group
    /// has no criteria or all were not applicable.
    std::array<std::optional<double>, group_count> groups{};
    std::vector<GateFailure> failed_gates;     ///< every gate failed, not just the first
    bool passes_essential_gates = true;        ///< eligibility and essential criteria
    bool opted_in = false;                     ///< the guaranteed-interview fact is true
    std::vector<std::string> conditions;       ///< criteria to be met after appointment
    std::vector<std::string> notes;            ///< e.g. criteria left out as not applicable
    std::vector<CriterionResult> criteria;     ///< in rulebook order

    [[nodiscard]] bool eligible() const noexcept { return failed_gates.empty(); }
    friend bool operator==(const Outcome&, const Outcome&) = default;
};

}  // namespace shortlist

// The scorer's sentences and errors, the only place their text is written: what
// an applicant's outcome says (docs/scoring.md) and what a rulebook or evidence
// the scorer cannot use is told. Private to src/scoring/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

/// "communication: scored 2, below the minimum 3 on scale sift5 (1..5)"; for
/// a criterion rated on its framework's levels, the levels by name
/// ("valuing_diversity: shows level 1a, below the required level 1b of
/// framework bcf").
[[nodiscard]] std::string msg_below_minimum(const Criterion& c, double raw, std::string_view scale);

[[nodiscard]] std::string msg_no_evidence(const Criterion& c);
[[nodiscard]] std::string msg_scale(const Scale& s);
[[nodiscard]] std::string msg_below_pass_mark(double total, double pass_mark);
/// A later stage's gate, as a condition of an offer at this stage.
[[nodiscard]] std::string msg_check_to_come(const Condition& c);
[[nodiscard]] std::string msg_later_stage(const Criterion& c);
[[nodiscard]] std::string msg_not_applicable(const Criterion& c);
[[nodiscard]] RulebookError err_invalid(std::vector<Diagnostic> diagnostics);
[[nodiscard]] RulebookError err_unknown_scale(const Criterion& c);
[[nodiscard]] RulebookError err_bad_number(const SourceLocation& where, std::string_view what);
[[nodiscard]] RulebookError err_empty_scale(const Scale& s);
[[nodiscard]] RulebookError err_unknown_opt_in_fact(const Rulebook& r, const std::string& fact);
[[nodiscard]] EvidenceError err_fact_columns(const Evidence& e, std::size_t columns,
                                             std::size_t declared);
[[nodiscard]] EvidenceError err_tallied_criteria(const Evidence& e);
[[nodiscard]] EvidenceError err_fact_rows(const Evidence& e, const FactSpec& f, std::size_t rows);
[[nodiscard]] EvidenceError err_rating_index(const Evidence& e, const Rating& r,
                                             std::string_view what, std::size_t index,
                                             std::size_t count);
[[nodiscard]] EvidenceError err_indicators_index(const Evidence& e, std::size_t index);
[[nodiscard]] EvidenceError err_off_scale(const Evidence& e, const Rating& r, const Criterion& c,
                                          std::string_view scale);
[[nodiscard]] EvidenceError err_not_one_application(std::size_t applicants);

}  // namespace shortlist::detail

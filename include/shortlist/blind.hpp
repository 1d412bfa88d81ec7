// Blind sifting: protected characteristics (Equality Act 2010, s.4) and fields
// that identify an applicant never enter scoring. The list of names lives
// here, in one place; the rulebook checker refuses a fact, condition or
// criterion that names one, and score refuses an applicants file that carries
// one unless the rulebook declares it monitoring_only (it is then dropped on
// load).
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/rulebook.hpp"

namespace shortlist {

/// What a sensitive field name stands for.
struct SensitiveField {
    bool identifying = false;  ///< false: a protected characteristic
    std::string_view what;     ///< "sex", "race", "name", "date of birth", ...
    std::string_view law;      ///< "Equality Act 2010 s.11"; empty for identifying fields
};

/// A name as it is matched: camelCase split, ASCII lower case, every run of
/// other characters one '_', no '_' at either end ("Date-Of Birth" and
/// "dateOfBirth" are "date_of_birth").
[[nodiscard]] std::string normalise_field_name(std::string_view name);

/// The protected characteristic or identifying field a column, fact or
/// criterion name stands for, if any: the normalised name, with at most one
/// leading "applicant_"/"candidate_" and one trailing "_band", "_group",
/// "_category", "_code", "_status" or "_number" taken off, is one of the
/// listed terms (docs/fairness.md, "Blind sifting"), or holds one of the terms that
/// cannot mean anything else ("ethnicity", "surname", "postcode", ...) as a
/// word.
[[nodiscard]] std::optional<SensitiveField> sensitive_field(std::string_view name);

/// "a protected characteristic (sex; Equality Act 2010 s.11)" or "an
/// identifying field (name)".
[[nodiscard]] std::string describe(const SensitiveField& field);

/// What score does with an applicants file's columns before it reads them.
struct BlindColumns {
    /// Columns dropped because the rulebook declares them monitoring_only, in
    /// file order (for JSON Lines, in order of first appearance).
    std::vector<std::string> dropped;
};

/// Check the columns of an applicants file (CSV header, or the fact keys of
/// every JSON Lines record) against the blind-sifting list. A column that
/// names a protected characteristic or identifies the applicant, is not a
/// declared fact (the rulebook checker has refused sensitive facts, except
/// the guaranteed-interview opt-in) and is not declared monitoring_only is an
/// EvidenceError at file:line:column. Monitoring-only columns are reported in
/// `dropped`: the evidence loaders read only declared facts, so they never
/// reach the Evidence.
[[nodiscard]] BlindColumns check_blind_columns(const Rulebook& rulebook,
                                               const std::filesystem::path& applicants);
[[nodiscard]] BlindColumns check_blind_columns(const Rulebook& rulebook, std::string_view text,
                                               std::string_view name, bool jsonl);

}  // namespace shortlist

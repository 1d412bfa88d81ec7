// Applicant evidence: facts and assessors' ratings, held in dense columns so
// that scoring never looks a string up. Loaders check everything against the
// rulebook and report file:line on the first bad record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/ids.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/value.hpp"

namespace shortlist {

/// What a rating row says about a criterion.
enum class RatingKind : std::uint8_t {
    Score,          ///< a number on the criterion's scale, or derived from ticked indicators
    NotEvidenced,   ///< "not_evidenced": looked, found nothing; counts as the scale minimum
    NotAssessed,    ///< "not_assessed": nobody rated it yet; the evidence is missing
    NotApplicable,  ///< "not_applicable": left out of this applicant's weights
};
[[nodiscard]] std::string_view to_string(RatingKind k);

/// One assessor's rating of one criterion for one applicant, by dense index.
struct Rating {
    std::uint32_t applicant = 0;  ///< index into Evidence::applicants
    std::uint32_t criterion = 0;  ///< index into Rulebook::criteria
    std::uint32_t assessor = 0;   ///< index into Evidence::assessors
    RatingKind kind = RatingKind::Score;
    bool from_indicators = false;  ///< score derived from ticked indicators (no number given)
    double score = 0;              ///< on the criterion's scale; meaningful for Score and NotEvidenced
    std::uint64_t indicators = 0;  ///< bit i set = the criterion's indicator i ticked
    std::uint32_t line = 0;        ///< line in its file, for messages

    friend bool operator==(const Rating&, const Rating&) = default;
};

/// Everything known about a batch of applicants.
struct Evidence {
    std::vector<ApplicantId> applicants;  ///< in file order
    std::vector<AssessorId> assessors;    ///< in order of first appearance
    /// One column per declared rulebook fact (same order as Rulebook::facts);
    /// facts[f][a] is applicant a's value (std::monostate when the cell is empty
    /// or the column absent).
    std::vector<std::vector<Value>> facts;
    std::vector<Rating> ratings;  ///< in file order
    /// Free-text comments, only for rows that have one (index into ratings).
    std::vector<std::pair<std::size_t, std::string>> comments;
    std::vector<std::string> sources;  ///< files read, in order
    std::string ratings_source;        ///< the file the ratings came from (for messages)

    [[nodiscard]] std::size_t find_applicant(std::string_view id) const noexcept;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    friend bool operator==(const Evidence&, const Evidence&) = default;
};

/// Read an applicants file (CSV, or JSON Lines when it ends in .jsonl/.ndjson)
/// and, if given, a ratings CSV. Throws EvidenceError naming file:line.
[[nodiscard]] Evidence load_evidence(const Rulebook& rulebook,
                                     const std::filesystem::path& applicants,
                                     const std::optional<std::filesystem::path>& ratings = {});

/// The same from text already in memory (names are used in messages).
[[nodiscard]] Evidence parse_applicants_csv(const Rulebook& rulebook, std::string_view text,
                                            std::string_view name);
void parse_ratings_csv(const Rulebook& rulebook, Evidence& evidence, std::string_view text,
                       std::string_view name);
[[nodiscard]] Evidence parse_jsonl(const Rulebook& rulebook, std::string_view text,
                                   std::string_view name);

/// A rating as a recruitment system would hand it over for one application.
struct RatingInput {
    std::string criterion;
    std::string assessor;
    /// A number, or one of "not_evidenced", "not_assessed", "not_applicable";
    /// empty when only indicators are given.
    std::string score;
    std::vector<std::string> indicators;
    std::string comment;
};

/// One application, for scoring as it arrives.
struct Application {
    ApplicantId id;
    std::vector<std::pair<std::string, std::string>> facts;  ///< name, value as text
    std::vector<RatingInput> ratings;
};

/// Check an application against the rulebook and make it a one-applicant
/// batch. Throws EvidenceError (file "<application>", line = rating number).
[[nodiscard]] Evidence make_evidence(const Rulebook& rulebook, const Application& application);

}  // namespace shortlist

// Applicant evidence: facts and assessors' ratings, held in dense columns so
// that scoring never looks a string up. Loaders check everything against the
// rulebook and report file:line on the first bad record.
//
// Files
// -----
// Applicants CSV: a header row with `applicant_id` and one column for every
// fact the rulebook declares (in any order; other columns are ignored), then
// one row per applicant.
//
// Ratings CSV: a header row with `applicant_id`, `criterion`, `assessor`,
// `score` and optionally `indicators` and `comment` (in any order; other
// columns are ignored), then one row per rating. `score` is a number on the
// criterion's scale (fractions allowed), or not_evidenced / not_assessed /
// not_applicable (any case), or empty when indicators are given.
// `indicators` lists the criterion's indicator ids separated by ';'. A batch
// names at most 65,535 different assessors (max_assessors).
//
// JSON Lines (.jsonl, .ndjson, any case): one applicant per line,
//   {"applicant_id": "A1", "facts": {"age": 30, ...},
//    "ratings": [{"criterion": "communication", "assessor": "R1",
//                 "score": 4, "indicators": ["listens"], "comment": "..."}]}
// with `facts` and `ratings` optional and `score` a number, a word as above,
// or null/absent when indicators are given. Other keys are errors (a typo must
// not drop ratings); facts the rulebook does not declare are ignored, as CSV
// columns are. Blank lines are skipped.
//
// CSV is read as RFC 4180: UTF-8 with or without a byte order mark, LF or
// CRLF, quoted fields with "" and line breaks; empty lines are skipped
// anywhere. Unquoted fields are trimmed of spaces and tabs, except comments;
// quoted fields, JSON strings and Application values are taken as written.
//
// Values: booleans are true/false/yes/no/y/n in any case; numbers are finite
// decimals ("1e309", "nan", "3,5", "1,000" are refused; -0 is 0); levels are
// dotted whole numbers ("5.4", "10"); ordinals and strings with `values` must
// be one of them, exactly. An empty value is absent.
//
// Errors are EvidenceError at file:line:column: for a bad value the column is
// the field's number (1 = the first field: the spreadsheet column), in JSON
// the value's character column; for a CSV syntax error it is the character's
// column on its line. A record that spans lines is reported at the line where
// it starts. Duplicate ratings (same applicant, criterion and assessor) and
// conflicting ones (a score, indicators or not_evidenced from one assessor,
// not_applicable from another) name both lines. The error reported is always
// the one on the lowest line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/ids.hpp"
#include "shortlist/progress.hpp"
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

/// The most assessors one batch may name: Rating::assessor has 16 bits. (A
/// panel has tens; more than this means the column holds something else.)
inline constexpr std::size_t max_assessors = 65535;

/// One assessor's rating of one criterion for one applicant, by dense index:
/// 24 bytes, as there are millions. The indicators a rating ticks, which most
/// do not, are in Evidence::indicators.
struct Rating {
    std::uint32_t applicant = 0;  ///< index into Evidence::applicants
    std::uint32_t criterion = 0;  ///< index into Rulebook::criteria
    std::uint16_t assessor = 0;   ///< index into Evidence::assessors
    RatingKind kind = RatingKind::Score;
    bool from_indicators = false;  ///< score derived from ticked indicators (no number given)
    std::uint32_t line = 0;        ///< line in its file, for messages
    double score = 0;  ///< on the criterion's scale; meaningful for Score and NotEvidenced

    friend bool operator==(const Rating&, const Rating&) = default;
};

/// The indicators ticked in one rating.
struct RatingIndicators {
    std::size_t rating = 0;    ///< index into Evidence::ratings
    std::uint64_t ticked = 0;  ///< bit i set = the rating's criterion's indicator i ticked

    friend bool operator==(const RatingIndicators&, const RatingIndicators&) = default;
};

/// Everything known about a batch of applicants.
struct Evidence {
    std::vector<ApplicantId> applicants;  ///< in file order
    std::vector<AssessorId> assessors;    ///< in order of first appearance
    /// One column per declared rulebook fact (same order as Rulebook::facts);
    /// facts[f][a] is applicant a's value (std::monostate when not known: an
    /// empty cell, or a fact missing from a JSON line or an Application; a
    /// CSV file must have the column).
    std::vector<std::vector<Value>> facts;
    std::vector<Rating> ratings;  ///< in file order
    /// Ticked indicators, only for ratings that tick some, in rating order.
    std::vector<RatingIndicators> indicators;
    /// Free-text comments, only for rows that have one (index into ratings).
    std::vector<std::pair<std::size_t, std::string>> comments;
    std::vector<std::string> sources;  ///< files read, in order
    std::string ratings_source;        ///< the file the ratings came from (for messages)

    /// Index of the applicant with this id, or npos. A linear search, for a
    /// lookup now and then (the loaders index applicants themselves).
    [[nodiscard]] std::size_t find_applicant(std::string_view id) const noexcept;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    friend bool operator==(const Evidence&, const Evidence&) = default;
};

/// Read an applicants file (CSV, or JSON Lines when it ends in .jsonl/.ndjson)
/// and, if given, a ratings CSV (an error if the JSON Lines file has ratings
/// too: ratings come from one file). Fills `sources` and `ratings_source`.
/// Throws EvidenceError naming file:line, UsageError if a file cannot be read,
/// RulebookError if the rulebook names a scale it lacks.
[[nodiscard]] Evidence load_evidence(const Rulebook& rulebook,
                                     const std::filesystem::path& applicants,
                                     const std::optional<std::filesystem::path>& ratings = {});
/// The same, reporting each file's parse as a step ("reading applicants.csv",
/// in bytes; an .xlsx sheet's bytes as CSV text) to `progress` (may be
/// empty). The evidence is the same with or without it.
[[nodiscard]] Evidence load_evidence(const Rulebook& rulebook,
                                     const std::filesystem::path& applicants,
                                     const std::optional<std::filesystem::path>& ratings,
                                     const ProgressSteps& progress);

/// Receives a file's bytes as a loader reads them: consecutive parts of the
/// whole file, in order, each byte once, possibly on another thread than the
/// caller's (never on two at once). The audit hashes its inputs this way, in
/// the pass that reads them (docs/audit.md).
using ByteSink = std::function<void(std::string_view bytes)>;

/// What load_evidence reports as it reads, besides the evidence.
struct LoadOptions {
    ProgressSteps progress;  ///< as in the overload above
    /// Given every byte of the applicants file, and of the ratings file, as it
    /// is read. A file the loader reads otherwise (an .xlsx workbook) is not
    /// passed: its sink is never called.
    ByteSink applicants_bytes, ratings_bytes;
};
/// The same, passing each file's bytes to `options`' sinks.
[[nodiscard]] Evidence load_evidence(const Rulebook& rulebook,
                                     const std::filesystem::path& applicants,
                                     const std::optional<std::filesystem::path>& ratings,
                                     const LoadOptions& options);

/// A batch's evidence read for scoring only (docs/evidence.md, "Reading for
/// scoring only"): the applicants and their facts, with each rating added,
/// as it is read, to the sums Scorer reads, not kept. Made by
/// load_tallied_evidence; scored, once, by Scorer::score. Movable, not
/// copyable.
class TalliedEvidence {
  public:
    TalliedEvidence();
    ~TalliedEvidence();
    TalliedEvidence(TalliedEvidence&&) noexcept;
    TalliedEvidence& operator=(TalliedEvidence&&) noexcept;
    TalliedEvidence(const TalliedEvidence&) = delete;
    TalliedEvidence& operator=(const TalliedEvidence&) = delete;

    /// The applicants, facts, assessors and sources, as load_evidence reads
    /// them; `ratings`, `indicators` and `comments` are empty when the
    /// ratings were tallied (tallied()).
    [[nodiscard]] const Evidence& evidence() const noexcept;
    /// True when the ratings were tallied as read; false when the file was
    /// read into evidence().ratings instead (a quoted field, ratings in a
    /// JSON Lines or .xlsx file, no ratings file): Scorer::score gives the
    /// same outcomes either way.
    [[nodiscard]] bool tallied() const noexcept;

    struct Impl;  ///< private to the library

  private:
    friend class Scorer;
    friend TalliedEvidence load_tallied_evidence(const Rulebook&, const std::filesystem::path&,
                                                 const std::optional<std::filesystem::path>&,
                                                 const LoadOptions&);
    std::unique_ptr<Impl> impl_;
};

/// Load the evidence as load_evidence does, with the same errors (the same
/// file:line:column) and each file's bytes passed to `options`' sinks once,
/// in order, but with the ratings tallied for `rulebook`'s criteria instead
/// of kept: a ratings file of millions of rows costs its sums, not its rows.
[[nodiscard]] TalliedEvidence load_tallied_evidence(
    const Rulebook& rulebook, const std::filesystem::path& applicants,
    const std::optional<std::filesystem::path>& ratings, const LoadOptions& options);

/// The same from text already in memory (names are used in messages and
/// recorded in `sources`). parse_ratings_csv adds the ratings to evidence
/// read by parse_applicants_csv (which must have no ratings yet); on error the
/// evidence is left as it was. A large ratings text is parsed on two threads,
/// with the same result and the same error as on one.
[[nodiscard]] Evidence parse_applicants_csv(const Rulebook& rulebook, std::string_view text,
                                            std::string_view name);
void parse_ratings_csv(const Rulebook& rulebook, Evidence& evidence, std::string_view text,
                       std::string_view name);
[[nodiscard]] Evidence parse_jsonl(const Rulebook& rulebook, std::string_view text,
                                   std::string_view name);

/// A rating as a recruitment system would hand it over for one application.
struct RatingInput {
    CriterionId criterion;
    AssessorId assessor;
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
/// batch. Facts not given are absent; facts the rulebook does not declare are
/// ignored. Throws EvidenceError (file "<application>", line = the rating's
/// number from 1, or none for the id and facts).
[[nodiscard]] Evidence make_evidence(const Rulebook& rulebook, const Application& application);

}  // namespace shortlist

// Adverse impact: selection rates of the groups in an equality-monitoring
// file at each stage of a shortlist, the four-fifths rule, Fisher's exact test
// and the two-proportion z-test, with small groups suppressed so that a report
// cannot identify anyone; and which gate removes the largest share of each
// group.
//
// The monitoring file is kept apart from the evidence: it is read here, after
// scoring, and joined to the score output by applicant_id only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/ids.hpp"

namespace shortlist {

// ------------------------------------------------------------------ statistics

/// The four-fifths rule (Uniform Guidelines on Employee Selection Procedures,
/// 29 CFR 1607.4(D)): true when the rate selected/n is less than four fifths
/// of the reference rate, compared exactly in integers
/// (selected × n_ref × 5 < 4 × selected_ref × n), so a ratio of exactly 0.8 is
/// not flagged. False when either group is empty or the reference rate is 0.
[[nodiscard]] bool four_fifths_flag(std::uint64_t selected, std::uint64_t n,
                                    std::uint64_t selected_ref, std::uint64_t n_ref) noexcept;

/// Fisher's exact test, two-sided, for the 2×2 table [[a, b], [c, d]]: the sum
/// of the hypergeometric probabilities (margins fixed) of every table no more
/// probable than the one observed, with a relative tolerance of 1e-7 as R's
/// fisher.test uses. 1 for a table with an empty margin.
[[nodiscard]] double fisher_exact_two_sided(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                                            std::uint64_t d);

/// Two-proportion z statistic with the pooled proportion p = (x1 + x2) /
/// (n1 + n2): (x1/n1 − x2/n2) / sqrt(p (1 − p) (1/n1 + 1/n2)). None when a
/// group is empty or p is 0 or 1 (no variance).
[[nodiscard]] std::optional<double> two_proportion_z(std::uint64_t x1, std::uint64_t n1,
                                                     std::uint64_t x2, std::uint64_t n2);

// ------------------------------------------------------------------ inputs

/// One applicant as the score output reports them.
struct ResultRecord {
    ApplicantId applicant_id;
    /// "shortlisted", "guaranteed_interview", "not_shortlisted" or "not_eligible".
    std::string status;
    bool passed_gates = false;  ///< no gate failed (CSV: rank given; JSON: failed_gates empty)
    /// With gates_known: each failed gate as "kind:id" ("eligibility:fitness",
    /// "minimum:communication", "no_evidence:teamwork", "pass_mark").
    std::vector<std::string> failed_gates;
    std::size_t line = 0;
};

/// The score output read back.
struct ScoreResults {
    std::vector<ResultRecord> records;
    /// True for the JSON output, which lists each applicant's failed gates:
    /// the eligible stage and the attribution need them.
    bool gates_known = false;
    /// False for a CSV without the rank column: who passed every gate is not
    /// known, and only the shortlisted stage is reported.
    bool passed_known = true;
    std::string source;
};

/// Read the CSV or JSON output of `shortlist score`: JSON when the name ends
/// in .json or the text starts with '{', else CSV. From CSV only the
/// applicant_id, status and (if present) rank columns are read (a leading ' that the
/// writer added against CSV injection is removed); from JSON each applicant's
/// applicant_id, status and failed_gates (kind and id). Throws EvidenceError
/// at file:line:column for a missing column or key, an unknown status or a
/// duplicate applicant, UsageError if the file cannot be read.
[[nodiscard]] ScoreResults load_results(const std::filesystem::path& file);
[[nodiscard]] ScoreResults parse_results(std::string_view text, std::string_view name);

/// The value shown for a blank monitoring cell (and for an applicant in the
/// results who has no monitoring row).
inline constexpr std::string_view not_stated = "(not stated)";

/// An equality-monitoring file: applicant_id plus one column per
/// characteristic (sex, ethnicity, age_band, ...), each cell the applicant's
/// group as written (trimmed; blank = not stated).
struct Monitoring {
    std::vector<std::string> columns;              ///< the group columns, in file order
    std::vector<ApplicantId> applicant_ids;        ///< in file order
    std::vector<std::vector<std::string>> values;  ///< values[column][row]
    std::string source;
};

/// Read a monitoring CSV (RFC 4180, UTF-8, as the applicants file). Throws
/// EvidenceError at file:line:column for a missing applicant_id column, no
/// group column, a duplicate column or applicant, an empty applicant_id or a
/// row of the wrong length; UsageError if the file cannot be read.
[[nodiscard]] Monitoring load_monitoring(const std::filesystem::path& file);
[[nodiscard]] Monitoring parse_monitoring(std::string_view text, std::string_view name);

// ------------------------------------------------------------------ the report

struct FairnessOptions {
    /// Groups with fewer applicants than this are suppressed (0 or 1: none).
    std::size_t disclosure = 5;
    /// A group is marked small when an expected count of its 2×2 table against
    /// the reference group is below this: the z-test's normal approximation is
    /// not to be trusted there, and one applicant more or less can move the
    /// four-fifths flag.
    double min_expected = 5;
};

/// One group at one stage.
struct GroupImpact {
    std::string group;
    std::size_t n = 0;
    std::size_t selected = 0;
    bool suppressed = false;  ///< nothing below is reported: n and selected too
    bool reference = false;
    std::optional<double> rate;          ///< selected / n
    std::optional<double> impact_ratio;  ///< rate / the reference group's rate
    bool four_fifths_flag = false;
    std::optional<double> fisher_p;  ///< against the reference group
    std::optional<double> z;         ///< against the reference group (negative: lower rate)
    bool small = false;              ///< an expected count below min_expected
    /// Flagged, but selecting one different person (one more of this group,
    /// one fewer of the reference group) would give this group the higher
    /// rate: the difference rests on one decision.
    bool one_person_shift = false;
};

/// One monitoring column at one stage; groups by name (bytewise).
struct ColumnImpact {
    std::string column;
    std::optional<std::string> reference_group;
    std::vector<GroupImpact> groups;
};

struct StageImpact {
    /// "eligible", "passed_pass_mark", "shortlisted", "shortlisted_on_rank"
    std::string stage;
    std::string definition;
    std::size_t selected = 0;  ///< over all applicants
    std::vector<ColumnImpact> columns;
};

/// How many of a group one gate removes.
struct GateShare {
    std::string gate;  ///< "kind:id", or "rank" (passed every gate, not shortlisted)
    std::size_t failed = 0;
    double share = 0;  ///< failed / n
    /// share minus the reference group's share of the same gate; none for the
    /// reference group itself.
    std::optional<double> excess;
};

struct GroupAttribution {
    std::string group;
    std::size_t n = 0;
    bool suppressed = false;
    std::vector<GateShare> gates;               ///< most removed first, then by gate name
    std::optional<std::string> largest;         ///< the gate that removes most of the group
    std::optional<std::string> largest_excess;  ///< the gate with the largest positive excess
};

struct ColumnAttribution {
    std::string column;
    std::optional<std::string> reference_group;  ///< the shortlisted stage's
    std::vector<GroupAttribution> groups;
};

struct FairnessReport {
    std::size_t applicants = 0;          ///< in the results
    std::size_t without_monitoring = 0;  ///< in the results, not in the monitoring file
    std::size_t monitoring_not_in_results = 0;
    FairnessOptions options;
    std::vector<StageImpact> stages;
    std::vector<ColumnAttribution> attribution;  ///< empty unless the gates are known
    std::vector<std::string> notes;
};

/// Join the results and the monitoring file by applicant_id and compute, for
/// each stage the results let us tell apart and each monitoring column, each
/// group's rate, its impact ratio against the highest-rate group, the
/// four-fifths flag, Fisher's exact p and the z statistic against that group.
/// Rates are cumulative: the share of the group's applicants who reached the
/// stage. Suppression is per column and the same at every stage: a group with
/// fewer than `disclosure` applicants, and when exactly one group of a column
/// is so suppressed, also the next smallest (so that no suppressed group can be
/// recovered from the totals). The reference group is the unsuppressed group
/// with the highest rate (then the larger, then by name), never
/// `not_stated`. Deterministic; linear in the applicants.
[[nodiscard]] FairnessReport assess_fairness(const ScoreResults& results,
                                             const Monitoring& monitoring,
                                             const FairnessOptions& options = {});

}  // namespace shortlist

// The rulebook: a role profile made into rules. Plain value types; loading is in
// src/rulebook/yaml/ (the only folder that sees yaml-cpp).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/ids.hpp"
#include "shortlist/value.hpp"

namespace shortlist {

/// The three groups of criteria. Order matters: it is the order of group
/// columns in every output.
enum class Group { Essential, Desirable, Competency };
inline constexpr std::size_t group_count = 3;

[[nodiscard]] std::string_view to_string(Group g);  // "essential", "desirable", "competency"
[[nodiscard]] std::optional<Group> parse_group(std::string_view s);

enum class Aggregation { WeightedMean, WeightedGeometricMean };
[[nodiscard]] std::string_view to_string(Aggregation a);  // "weighted_mean", ...
[[nodiscard]] std::optional<Aggregation> parse_aggregation(std::string_view s);

enum class TiePolicy {
    IncludeAll,  ///< everyone tied with the last place is shortlisted
    BreakBy,     ///< ties are broken by the `tie_break` keys in order
};
[[nodiscard]] std::string_view to_string(TiePolicy t);  // "include_all", "break_by"
[[nodiscard]] std::optional<TiePolicy> parse_tie_policy(std::string_view s);

/// The stages of a selection, in order (docs/rulebook.md, "Stages"):
/// the sift of written applications, an assessment (centre or online test),
/// the interview, and the pre-employment checks made after a conditional
/// offer (vetting, medical, fitness test, references). A gate or criterion
/// without `stage:` belongs to the sift.
enum class Stage { Sift, Assessment, Interview, PreEmployment };
[[nodiscard]] std::string_view to_string(Stage s);  // "sift", ..., "pre_employment"
[[nodiscard]] std::optional<Stage> parse_stage(std::string_view s);

/// Score bands (Cascio et al. 1991): see shortlist/analysis/bands.hpp.
enum class BandMethod {
    Fixed,    ///< each band starts at the highest total not in an earlier band
    Sliding,  ///< the band starts at the highest total not yet selected
};
[[nodiscard]] std::string_view to_string(BandMethod m);  // "fixed", "sliding"
[[nodiscard]] std::optional<BandMethod> parse_band_method(std::string_view s);

/// shortlist.bands: how `score --bands` bands the totals (each key optional;
/// the command line wins).
struct BandPolicy {
    std::optional<double> reliability;  ///< r_xx of the totals, 0..1
    std::optional<double> confidence;   ///< two-sided, strictly between 0 and 1
    std::optional<BandMethod> method;

    friend bool operator==(const BandPolicy&, const BandPolicy&) = default;
};

/// A named rating scale: integer points min..max, each with a label.
struct Scale {
    std::string id;
    double min = 1;
    double max = 5;
    std::vector<std::string> labels;  ///< labels[i] names point min + i (may be empty)
    SourceLocation location;

    friend bool operator==(const Scale&, const Scale&) = default;
};

struct Indicator {
    std::string id;
    std::string text;
    /// Where the rulebook's choice or wording of a framework indicator comes
    /// from (`indicators:` of a competency criterion); empty for a framework's
    /// own indicators and a criterion's own list (docs/rulebook.md,
    /// "Choosing and rewording a framework's indicators").
    std::string source;

    friend bool operator==(const Indicator&, const Indicator&) = default;
};

/// A declared applicant fact (one column of the applicants file).
struct FactSpec {
    std::string name;
    FactType type = FactType::String;
    std::vector<std::string>
        values;  ///< Ordinal: the words, lowest first. String: allowed values (empty = any)
    std::string text;
    SourceLocation location;

    friend bool operator==(const FactSpec&, const FactSpec&) = default;
};

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, In, Exists };
[[nodiscard]] std::string_view to_string(Op op);  // "eq", "ne", ...
[[nodiscard]] std::optional<Op> parse_op(std::string_view s);

// FactType is in value.hpp.
[[nodiscard]] std::string_view to_string(FactType t);  // "boolean", "number", ...
[[nodiscard]] std::optional<FactType> parse_fact_type(std::string_view s);

/// An eligibility condition: a leaf test on one fact, or all/any/not of others.
struct Condition {
    enum class Kind { Leaf, All, Any, Not };
    Kind kind = Kind::Leaf;
    std::string id;      ///< optional; top-level conditions get "eligibility[i]" if none
    std::string text;    ///< what the condition means, for reasons
    std::string source;  ///< where in the role profile it comes from
    // Leaf
    std::string fact;
    Op op = Op::Eq;
    std::vector<Value> values;  ///< one value, or the list for `in`; `exists` holds one bool
    // All / Any / Not
    std::vector<Condition> children;
    /// Top-level conditions only: the stage whose gate it is (none: the sift).
    std::optional<Stage> stage;
    SourceLocation location;

    friend bool operator==(const Condition&, const Condition&) = default;
};
/// The key that introduces a condition of this kind: "fact", "all", "any", "not".
[[nodiscard]] std::string_view to_string(Condition::Kind k);

/// How a competency criterion is rated (docs/rulebook.md, "Competency levels").
enum class RatedOn {
    Scale,  ///< a score on the criterion's scale against the required level's indicators
    Level,  ///< the framework level the evidence shows; the required level is the minimum
};
[[nodiscard]] std::string_view to_string(RatedOn r);  // "scale", "level"
[[nodiscard]] std::optional<RatedOn> parse_rated_on(std::string_view s);

/// A competency criterion's reference into a framework.
struct CompetencyRef {
    std::string framework;
    std::string competency;
    std::string level;
    /// The framework's levels, lowest first (the order `levels:` lists them).
    std::vector<std::string> levels;
    /// The competency's `parent` in its framework file: the framework id
    /// (its own, or its `parent_framework`'s) and the competency id; both
    /// empty when it has none.
    std::string parent_framework;
    std::string parent;
    RatedOn rated_on = RatedOn::Scale;
    /// The indicators of the levels below the required one are expected too
    /// (`include_lower_levels: true`).
    bool include_lower_levels = false;

    friend bool operator==(const CompetencyRef&, const CompetencyRef&) = default;
};

/// A criterion scored from an applicant fact instead of assessors
/// (`from_fact:` and `fact_scores:`): each of the fact's values, as text
/// ("true"/"false" for a boolean, the word for an ordinal or string fact),
/// scores a point on the criterion's scale. An absent fact is missing evidence.
struct FactScores {
    std::string fact;
    std::vector<std::pair<std::string, double>> scores;  ///< value -> point, as written

    friend bool operator==(const FactScores&, const FactScores&) = default;
};

struct Criterion {
    CriterionId id;
    Group group = Group::Essential;
    std::string text;
    std::string source;             ///< the role-profile section it came from
    std::string scale;              ///< id of a Scale in the rulebook
    double weight = 1;              ///< relative weight inside its group (>= 0)
    std::optional<double> minimum;  ///< a gate: the raw score must reach it
    std::vector<Indicator> indicators;
    /// Set when the criterion may be met after appointment: not a gate; when
    /// unmet it becomes this condition on the applicant's result.
    std::optional<std::string> may_be_met_later;
    std::optional<CompetencyRef> competency;  ///< competency criteria only
    std::optional<Stage> stage;               ///< the stage that rates it (none: the sift)
    std::optional<FactScores> from_fact;      ///< scored from a fact, not rated
    SourceLocation location;

    friend bool operator==(const Criterion&, const Criterion&) = default;
};

struct GroupWeights {
    double essential = 1;
    double desirable = 1;
    double competency = 1;

    [[nodiscard]] double operator[](Group g) const noexcept {
        return g == Group::Essential ? essential : g == Group::Desirable ? desirable : competency;
    }
    friend bool operator==(const GroupWeights&, const GroupWeights&) = default;
};

struct ShortlistPolicy {
    std::optional<double> pass_mark;  ///< 0..100 on the total, a gate
    std::optional<std::size_t> top;   ///< shortlist size; none = everyone who passes
    TiePolicy ties = TiePolicy::IncludeAll;
    /// With BreakBy: group names ("competency") or criterion ids, compared
    /// descending in order. Ties that remain are all included.
    std::vector<std::string> tie_break;
    /// A boolean fact that opts an applicant into a guaranteed interview scheme.
    std::optional<std::string> guaranteed_interview_fact;
    /// shortlist.bands, if given.
    std::optional<BandPolicy> bands;

    friend bool operator==(const ShortlistPolicy&, const ShortlistPolicy&) = default;
};

/// How `shortlist calibrate` builds its moderation worklist for this role
/// (docs/calibration.md); the command line overrides either.
struct ModerationPolicy {
    /// Ratings of one applicant on one criterion further apart than this many
    /// scale points go to moderation (none: the default, 1 point).
    std::optional<double> threshold;
    /// An assessor is flagged only if removing their effect moves their
    /// ratings by at least this many scale points (none: the default, 0.25).
    std::optional<double> min_severity;

    friend bool operator==(const ModerationPolicy&, const ModerationPolicy&) = default;
};

/// A note recorded from the role profile that is not scored (working pattern,
/// values that apply to all roles, ...), kept so that the rulebook represents
/// the whole profile and says what it leaves out.
struct RulebookNote {
    std::string text;
    std::string source;

    friend bool operator==(const RulebookNote&, const RulebookNote&) = default;
};

/// A reading of the role profile where its words allow more than one
/// (docs/rulebook.md, "Interpretations"): the rulebook takes the less
/// exclusionary reading and records the one it did not take, so that the
/// force can confirm or change it. `about` names the parts of the rulebook
/// the reading decides, each "<kind>:<id>" with kind one of fact,
/// eligibility, criterion, group, scale (may be empty: a reading that made
/// something a note, say).
struct Interpretation {
    std::string id;
    std::vector<std::string> about;
    std::string seed_text;    ///< the profile's words, quoted
    std::string reading;      ///< the reading the rulebook takes
    std::string alternative;  ///< the reading it does not take
    std::string source;       ///< where in the profile the words are
    SourceLocation location;  ///< the entry (for a rulebook built in code: empty)
    std::vector<SourceLocation> about_locations;  ///< per `about` item, when read from a file

    friend bool operator==(const Interpretation&, const Interpretation&) = default;
};

/// A framework level's content, resolved into the rulebook for the record.
struct FrameworkRef {
    std::string id;
    std::string title;
    std::string path;  ///< as written in the rulebook
    std::filesystem::path resolved_path;

    friend bool operator==(const FrameworkRef&, const FrameworkRef&) = default;
};

struct Rulebook {
    // metadata
    std::string id;
    std::string title;
    std::string organisation;
    std::string grade;
    std::string version;
    std::string source;

    std::vector<FrameworkRef> frameworks;
    std::vector<Scale> scales;
    std::vector<FactSpec> facts;
    std::vector<Condition> eligibility;  ///< all must hold
    std::vector<Criterion> criteria;     ///< essential, then desirable, then competency, as written
    GroupWeights group_weights;
    Aggregation aggregation = Aggregation::WeightedMean;
    ShortlistPolicy shortlist;
    ModerationPolicy moderation;
    std::vector<RulebookNote> notes;
    /// Readings of an ambiguous profile, each with the alternative not taken.
    std::vector<Interpretation> interpretations;
    /// Columns an applicants file may carry for equality monitoring only
    /// (sex, ethnicity, ...): score drops them on load, and they may not be
    /// facts. See blind.hpp.
    std::vector<std::string> monitoring_only;

    /// The stage scored (`stage:`; `score --stage` sets it; none: the sift).
    /// Eligibility conditions of later stages are not gates but conditions of
    /// an offer; criteria of later stages are left out of the total.
    std::optional<Stage> stage;

    std::filesystem::path path;  ///< the file it was loaded from (empty if built in code)

    [[nodiscard]] const Scale* find_scale(std::string_view id) const noexcept;
    [[nodiscard]] const FactSpec* find_fact(std::string_view name) const noexcept;
    /// Index into `criteria`, or npos.
    [[nodiscard]] std::size_t find_criterion(std::string_view id) const noexcept;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    friend bool operator==(const Rulebook&, const Rulebook&) = default;
};

/// Load and validate a rulebook file, resolving its framework files relative
/// to it. Throws RulebookError listing every problem found (file:line:col).
[[nodiscard]] Rulebook load_rulebook(const std::filesystem::path& file);

/// Parse rulebook text. `name` is used in error locations; framework paths are
/// resolved against `base_dir`.
[[nodiscard]] Rulebook parse_rulebook(std::string_view yaml, std::string_view name,
                                      const std::filesystem::path& base_dir = {});

/// Check a rulebook or framework file (told apart by its `kind:` key) and return
/// every problem found; empty means valid. Never throws for bad content.
[[nodiscard]] std::vector<Diagnostic> validate_file(const std::filesystem::path& file);

/// The same for text already in memory (`name` is used in error locations;
/// framework paths are resolved against `base_dir`).
[[nodiscard]] std::vector<Diagnostic> validate_text(std::string_view yaml, std::string_view name,
                                                    const std::filesystem::path& base_dir = {});

/// Check a rulebook built in code (weights, references, scales).
[[nodiscard]] std::vector<Diagnostic> validate(const Rulebook& rulebook);

/// The stage of a criterion or top-level condition (the sift when not given).
[[nodiscard]] Stage stage_of(const Criterion& c) noexcept;
[[nodiscard]] Stage stage_of(const Condition& c) noexcept;

/// The stage the rulebook is scored at: its `stage`, else the sift.
[[nodiscard]] Stage scoring_stage(const Rulebook& rulebook) noexcept;
/// True if `stage` comes after the rulebook's scoring stage: its gates are
/// conditions of an offer and its criteria not yet applicable.
[[nodiscard]] bool after_scoring_stage(const Rulebook& rulebook, Stage stage) noexcept;
/// True if the rulebook says `stage:` anywhere.
[[nodiscard]] bool uses_stages(const Rulebook& rulebook) noexcept;
/// Per fact (as Rulebook::facts): true if only eligibility conditions of
/// stages after the scoring stage read it, so an applicants file may leave
/// its column out (docs/rulebook.md, "Stages").
[[nodiscard]] std::vector<bool> later_stage_facts(const Rulebook& rulebook);

/// Each criterion's share of the total score (sums to 1 over all criteria
/// whose group has weight): W_g / ΣW × w_c / Σ_{group} w.
[[nodiscard]] std::vector<double> effective_weights(const Rulebook& rulebook);

/// The compiled rulebook as a JSON document (docs/cli.md, "shortlist rules").
[[nodiscard]] std::string to_json(const Rulebook& rulebook);

}  // namespace shortlist

// The semantic checks of a rulebook, shared by validate() (a rulebook built in
// code) and the YAML loader (which knows where each value was written).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

inline constexpr std::size_t max_condition_depth = 64;
inline constexpr std::size_t max_indicators = 64;
/// Scale bounds are integers within +-this (keeps point counts small and exact).
inline constexpr double max_scale_magnitude = 1e6;

/// What a checked value belongs to. Indices (i, j) per section:
/// Rulebook (-, monitoring_only index); Framework (framework, -); Scale (scale, -); Fact (fact, -);
/// Condition (preorder number over all conditions, value index); Criterion
/// (criterion, -); Indicator (criterion, indicator); Group (group, -);
/// Shortlist (-, tie_break index); FactScore (criterion, fact_scores entry).
enum class Section {
    Rulebook,
    Framework,
    Scale,
    Fact,
    Condition,
    Criterion,
    Indicator,
    Group,
    Shortlist,
    FactScore,
};

/// Which part of it.
enum class Field {
    Item,
    Id,
    Min,
    Max,
    Labels,
    Type,
    Values,
    Fact,
    Op,
    Value,
    Children,
    Text,
    Scale,
    Weight,
    Minimum,
    Indicators,
    Framework,
    Criteria,
    Groups,
    PassMark,
    Top,
    Ties,
    TieBreak,
    GuaranteedInterviewFact,
    ModerationThreshold,
    MinSeverity,
    MonitoringOnly,
    BandReliability,
    BandConfidence,
    FromFact,
    FactScores,
};

/// Tells the checker where a value was written. nullopt means "this value is
/// missing or malformed and has already been reported: do not check it (nor
/// anything that depends on it)", which keeps one mistake to one message.
class Locator {
  public:
    virtual ~Locator() = default;
    /// `fallback` is the item's own location (or the rulebook file).
    [[nodiscard]] virtual std::optional<SourceLocation> at(
        Section section, std::size_t i, std::size_t j, Field field,
        const SourceLocation& fallback) const = 0;
};

/// Run every semantic check on `rulebook`, appending to `out`.
void check_rulebook(const Rulebook& rulebook, const Locator& where, std::vector<Diagnostic>& out);

/// [a-z0-9_-]+: rulebook, scale, fact, framework, competency, level and condition ids.
[[nodiscard]] bool is_id(std::string_view s) noexcept;
/// [a-z0-9_]+: criterion and indicator ids (they become column names).
[[nodiscard]] bool is_criterion_id(std::string_view s) noexcept;
/// Whole numbers joined by dots: "5", "5.4", "10.2.1".
[[nodiscard]] bool is_level_text(std::string_view s) noexcept;

/// The name a condition goes by in messages: its id, or else its path
/// ("eligibility[2]", "education.any[0]", "eligibility[3].not").
[[nodiscard]] inline std::string condition_name(const Condition& c, std::string_view path) {
    return c.id.empty() ? std::string(path) : c.id;
}
[[nodiscard]] inline std::string top_condition_path(std::size_t i) {
    return "eligibility[" + std::to_string(i) + "]";
}
/// `parent` is the parent's condition_name; `kind` "all", "any" or "not".
[[nodiscard]] inline std::string child_condition_path(std::string_view parent,
                                                      std::string_view kind, std::size_t i) {
    std::string p(parent);
    p += '.';
    p += kind;
    if (kind != "not")
        p += "[" + std::to_string(i) + "]";
    return p;
}

}  // namespace shortlist::detail

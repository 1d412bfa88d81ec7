// Eligibility conditions compiled against the rulebook's facts, and evaluated
// in three-valued (Kleene) logic over a batch's fact columns.
//
// Compiling resolves every fact name to its index in Rulebook::facts (which is
// also its column in Evidence::facts) and converts every rule value to the
// form its fact type compares by, so that evaluating a condition for an
// applicant never looks a name up or parses a rule value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/evidence.hpp"
#include "shortlist/outcome.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/value.hpp"

namespace shortlist::detail {

/// Kleene's three truth values. A missing fact is Unknown; `not` keeps
/// Unknown; `all` is False if any part is False, else Unknown if any part is;
/// `any` is True if any part is True, else Unknown if any part is.
enum class Truth : std::uint8_t { False, Unknown, True };

/// A dotted level ("5.10" -> {5, 10}). Parts are compared as integers, left to
/// right; a missing part counts as 0, so "5" equals "5.0".
using LevelParts = std::vector<std::uint64_t>;

/// "5.10" -> {5, 10}; nullopt unless the text is one or more groups of 1 to 18
/// ASCII digits separated by single dots.
[[nodiscard]] std::optional<LevelParts> parse_level(std::string_view text);

/// -1, 0 or 1 as a is below, equal to or above b.
[[nodiscard]] int compare_levels(const LevelParts& a, const LevelParts& b) noexcept;

/// A value in the form its fact type compares by: Boolean as 0/1, Number as
/// itself and Ordinal as its position in `number`; Level in `level`; String in
/// `text`.
struct KeyValue {
    double number = 0;
    LevelParts level;
    std::string text;
};

/// One compiled condition: a leaf test on a fact, or all/any/not of others.
struct CompiledCondition {
    Condition::Kind kind = Condition::Kind::Leaf;
    // Leaf
    std::size_t fact = 0;  ///< index into Rulebook::facts and Evidence::facts
    FactType type = FactType::String;
    Op op = Op::Eq;
    std::vector<KeyValue> values;  ///< one, or the list for `in`
    bool exists_wanted = true;     ///< `exists`: true = the fact must be present
    // All / Any / Not
    std::vector<CompiledCondition> children;
};

/// One fact column of a batch, converted once to the form its type compares
/// by (so an ordinal word is looked up once per applicant, not once per test).
struct FactColumn {
    enum class State : std::uint8_t { Absent, Present, Unusable };
    FactType type = FactType::String;
    std::vector<State> state;
    std::vector<double> number;                ///< Boolean, Number, Ordinal
    std::vector<LevelParts> level;             ///< Level
    const std::vector<Value>* text = nullptr;  ///< String: the evidence column itself
};

/// The rulebook's eligibility list, compiled.
class Eligibility {
  public:
    Eligibility() = default;
    /// Throws RulebookError (at the condition's location) if a condition names
    /// an undeclared fact, uses an operator its fact type cannot take, or
    /// gives a value that is not of the fact's type.
    explicit Eligibility(const Rulebook& rulebook);

    /// Convert the columns the conditions use. `evidence` must outlive the
    /// result (string columns are read in place).
    [[nodiscard]] std::vector<FactColumn> prepare(const Rulebook& rulebook,
                                                  const Evidence& evidence) const;

    /// Append one GateFailure (kind Eligibility) for every top-level condition
    /// that is not True for `applicant`, in rulebook order.
    void check(const std::vector<FactColumn>& columns, std::size_t applicant,
               std::vector<GateFailure>& failures) const;

    [[nodiscard]] std::size_t size() const noexcept { return top_.size(); }

  private:
    struct TopLevel {
        CompiledCondition condition;
        std::string id;             ///< the condition's id, or "eligibility[i]"
        std::string false_message;  ///< "not met: <text or description>"
    };
    std::vector<TopLevel> top_;
    std::vector<bool> used_;  ///< per fact: some condition reads it
    std::vector<std::string> fact_names_;
};

/// A generated description of a condition, for when it has no text:
/// "full_driving_licence eq true", "vetting in [CTC, SC]",
/// "any of (a eq true, b eq true)", "not (x eq 1)".
[[nodiscard]] std::string describe(const Condition& condition);

}  // namespace shortlist::detail

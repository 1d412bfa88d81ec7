// The names of the rulebook's enums, one table each, in enum order. The
// to_string() and parse functions (names.cpp) read them, the YAML reader lists
// them in its "must be one of" messages, and nothing else spells them out.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

inline constexpr std::array<std::string_view, group_count> group_names = {"essential", "desirable",
                                                                          "competency"};
inline constexpr std::array<std::string_view, 2> aggregation_names = {"weighted_mean",
                                                                      "weighted_geometric_mean"};
inline constexpr std::array<std::string_view, 2> tie_policy_names = {"include_all", "break_by"};
inline constexpr std::array<std::string_view, 2> band_method_names = {"fixed", "sliding"};
inline constexpr std::array<std::string_view, 8> op_names = {"eq", "ne", "lt", "le",
                                                             "gt", "ge", "in", "exists"};
inline constexpr std::array<std::string_view, 5> fact_type_names = {"boolean", "number", "string",
                                                                    "level", "ordinal"};
inline constexpr std::array<std::string_view, 4> stage_names = {"sift", "assessment", "interview",
                                                                "pre_employment"};
inline constexpr std::array<std::string_view, 2> rated_on_names = {"scale", "level"};
/// The key that introduces each Condition::Kind in YAML and JSON.
inline constexpr std::array<std::string_view, 4> condition_kind_names = {"fact", "all", "any",
                                                                         "not"};

static_assert(static_cast<std::size_t>(Aggregation::WeightedGeometricMean) + 1 ==
              aggregation_names.size());
static_assert(static_cast<std::size_t>(TiePolicy::BreakBy) + 1 == tie_policy_names.size());
static_assert(static_cast<std::size_t>(BandMethod::Sliding) + 1 == band_method_names.size());
static_assert(static_cast<std::size_t>(Stage::PreEmployment) + 1 == stage_names.size());
static_assert(static_cast<std::size_t>(RatedOn::Level) + 1 == rated_on_names.size());
static_assert(static_cast<std::size_t>(Op::Exists) + 1 == op_names.size());
static_assert(static_cast<std::size_t>(FactType::Ordinal) + 1 == fact_type_names.size());
static_assert(static_cast<std::size_t>(Condition::Kind::Not) + 1 == condition_kind_names.size());

/// names[e], or "?" for a value outside the enum.
template <class E, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const std::array<std::string_view, N>& names,
                                                 E e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < N ? names[i] : std::string_view("?");
}

/// The enumerator named `s`, if any.
template <class E, std::size_t N>
[[nodiscard]] constexpr std::optional<E> parse_name(const std::array<std::string_view, N>& names,
                                                    std::string_view s) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s)
            return static_cast<E>(i);
    return std::nullopt;
}

}  // namespace shortlist::detail

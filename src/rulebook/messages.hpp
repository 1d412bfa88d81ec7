// Every message the rulebook loader and validator can give, in one place, so
// that tests can assert them exactly and the wording stays consistent.
//
// Conventions: `where` names the thing the problem is in ("criterion
// 'communication'", "rulebook", "condition 'eligibility[2].any[0]'"); user
// text is quoted with q(), which shortens very long text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/error.hpp"
#include "util/number.hpp"

namespace shortlist::detail::rulebook_msg {

/// A message and the canonical code that goes with it.
struct Message {
    ErrorCode code = ErrorCode::InvalidArgument;
    std::string text;
};

/// 'text', cut short (with "...") past 60 bytes so hostile input cannot make
/// a message huge.
inline std::string q(std::string_view s) {
    constexpr std::size_t limit = 60;
    std::string out(1, '\'');
    if (s.size() > limit) {
        out.append(s.substr(0, limit));
        out += "...";
    } else {
        out.append(s);
    }
    out += '\'';
    return out;
}

/// "a, b, c" (each shortened), or "none" when empty; at most 20 items.
inline std::string list(std::span<const std::string> items) {
    if (items.empty())
        return "none";
    std::string out;
    std::size_t n = 0;
    for (const auto& item : items) {
        if (n == 20) {
            out += ", ...";
            break;
        }
        if (n++ > 0)
            out += ", ";
        out += item.size() > 60 ? item.substr(0, 60) + "..." : item;
    }
    return out;
}

inline std::string num(double v) {
    return format_shortest(v);
}

inline std::string first_at(const SourceLocation& first) {
    if (first.line == 0)
        return {};
    return " (first at line " + std::to_string(first.line) + ", column " +
           std::to_string(first.column) + ")";
}

// --- files and YAML ----------------------------------------------------------

inline Message file_too_large(std::uintmax_t bytes) {
    return {ErrorCode::InvalidArgument,
            "file is too large (" + std::to_string(bytes) + " bytes; the limit is 16 MiB)"};
}
inline Message nul_byte() {
    return {ErrorCode::InvalidArgument,
            "NUL byte: this is not UTF-8 text (UTF-16? save the file as UTF-8)"};
}
inline Message invalid_utf8(unsigned char byte) {
    static constexpr char hex[] = "0123456789ABCDEF";
    return {ErrorCode::InvalidArgument, std::string("invalid UTF-8 (byte 0x") + hex[byte >> 4] +
                                            hex[byte & 0xF] + "): save the file as UTF-8"};
}
inline Message control_character(unsigned char byte) {
    static constexpr char hex[] = "0123456789ABCDEF";
    return {ErrorCode::InvalidArgument, std::string("control character 0x") + hex[byte >> 4] +
                                            hex[byte & 0xF] + " is not allowed in YAML"};
}
inline Message yaml_syntax(std::string_view what) {
    return {ErrorCode::InvalidArgument, "YAML syntax error: " + std::string(what)};
}
inline Message unterminated_quote() {
    return {ErrorCode::InvalidArgument,
            "YAML syntax error: quoted text with no closing quote before the end of the file"};
}
inline Message yaml_too_deep() {
    return {ErrorCode::InvalidArgument, "YAML nesting is too deep"};
}
inline Message too_many_nodes(std::size_t limit) {
    return {ErrorCode::InvalidArgument, "document has more than " + std::to_string(limit) +
                                            " nodes once aliases are expanded; refused"};
}
inline Message too_many_errors(std::size_t limit) {
    return {ErrorCode::InvalidArgument, "too many errors; stopped after " + std::to_string(limit)};
}
inline Message several_documents() {
    return {ErrorCode::InvalidArgument, "the file must hold exactly one YAML document"};
}
inline Message not_a_document() {
    return {ErrorCode::InvalidArgument,
            "the file must be a YAML map with 'kind: rulebook' or 'kind: framework'"};
}
inline Message unknown_kind(std::string_view got) {
    return {ErrorCode::InvalidArgument, "kind must be 'rulebook' or 'framework', not " + q(got)};
}
inline Message wrong_kind(std::string_view expected, std::string_view got) {
    return {ErrorCode::InvalidArgument, "kind must be " + q(expected) + " here, not " + q(got)};
}
inline Message cannot_read_framework(std::string_view name, std::string_view file,
                                     std::string_view why) {
    // The path is not shortened: it is the point of the message.
    return {ErrorCode::NotFound, "cannot read framework " + q(name) + " from '" +
                                     std::string(file) + "': " + std::string(why)};
}

// --- structure -----------------------------------------------------------------

inline Message unknown_key(std::string_view key, std::string_view where,
                           std::span<const std::string_view> allowed) {
    std::string text = "unknown key " + q(key) + " in " + std::string(where) + " (allowed: ";
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += allowed[i];
    }
    return {ErrorCode::InvalidArgument, text + ")"};
}
inline Message duplicate_key(std::string_view key, std::string_view where,
                             const SourceLocation& first) {
    return {ErrorCode::AlreadyExists,
            "duplicate key " + q(key) + " in " + std::string(where) + first_at(first)};
}
inline Message key_not_text(std::string_view where) {
    return {ErrorCode::InvalidArgument, "keys in " + std::string(where) + " must be text"};
}
inline Message missing_key(std::string_view key, std::string_view where) {
    return {ErrorCode::InvalidArgument,
            "missing required key " + q(key) + " in " + std::string(where)};
}
/// `expected` is "a number", "text", "a list", ...; `got` from describe().
inline Message wrong_type(std::string_view key, std::string_view where, std::string_view expected,
                          std::string_view got) {
    return {ErrorCode::InvalidArgument, std::string(key) + " in " + std::string(where) +
                                            " must be " + std::string(expected) + ", not " +
                                            std::string(got)};
}
inline Message not_one_of(std::string_view key, std::string_view where, std::string_view got,
                          std::span<const std::string_view> allowed) {
    std::string text = std::string(key) + " in " + std::string(where) + " must be one of ";
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += allowed[i];
    }
    return {ErrorCode::InvalidArgument, text + ", not " + q(got)};
}
inline Message empty_list(std::string_view key, std::string_view where) {
    return {ErrorCode::InvalidArgument,
            std::string(key) + " in " + std::string(where) + " must not be empty"};
}
/// `what` is "criterion id", "scale id", ...; `pattern` the allowed form.
inline Message bad_id(std::string_view what, std::string_view id, std::string_view pattern) {
    return {ErrorCode::InvalidArgument,
            std::string(what) + " " + q(id) + " must match " + std::string(pattern)};
}
inline Message duplicate_id(std::string_view what, std::string_view id,
                            const SourceLocation& first) {
    return {ErrorCode::AlreadyExists,
            "duplicate " + std::string(what) + " " + q(id) + first_at(first)};
}

// --- interpretations (docs/rulebook.md, "Interpretations") --------------------

inline Message interpretation_needs(std::string_view key, std::string_view id) {
    return {ErrorCode::InvalidArgument,
            "interpretation " + q(id) + " needs a non-empty " + std::string(key) +
                " (an interpretation quotes the profile, states the reading taken and the "
                "alternative not taken)"};
}
inline Message interpretation_same_reading(std::string_view id) {
    return {ErrorCode::InvalidArgument,
            "interpretation " + q(id) + " gives the same text as reading and alternative"};
}
inline Message about_bad_form(std::string_view about, std::string_view id) {
    return {ErrorCode::InvalidArgument,
            "about " + q(about) + " in interpretation " + q(id) +
                " must be <kind>:<id>, kind one of fact, eligibility, criterion, group, scale"};
}
inline Message about_not_found(std::string_view kind, std::string_view target, std::string_view id,
                               std::span<const std::string> known) {
    return {ErrorCode::NotFound, "about in interpretation " + q(id) + " names undefined " +
                                     std::string(kind) + " " + q(target) + " (" +
                                     std::string(kind) + " ids: " + list(known) + ")"};
}

// --- scales --------------------------------------------------------------------

inline Message scale_bound_not_integer(std::string_view bound, double v, std::string_view scale) {
    return {ErrorCode::InvalidArgument,
            std::string(bound) + " " + num(v) + " of scale " + q(scale) + " must be an integer"};
}
inline Message scale_bound_too_large(std::string_view bound, double v, std::string_view scale) {
    return {ErrorCode::OutOfRange, std::string(bound) + " " + num(v) + " of scale " + q(scale) +
                                       " is too large (at most 1000000 either side of 0)"};
}
inline Message scale_min_not_below_max(std::string_view scale, double min, double max) {
    return {ErrorCode::InvalidArgument,
            "min " + num(min) + " of scale " + q(scale) + " must be less than its max " + num(max)};
}
inline Message label_not_point(std::string_view key, std::string_view scale) {
    return {ErrorCode::InvalidArgument,
            "label key " + q(key) + " of scale " + q(scale) + " must be an integer point"};
}
inline Message label_outside(double point, std::string_view scale, double min, double max) {
    return {ErrorCode::OutOfRange, "label for point " + num(point) + " of scale " + q(scale) +
                                       " is outside the scale (" + num(min) + ".." + num(max) +
                                       ")"};
}
inline Message labels_missing(std::string_view scale, std::span<const std::string> points) {
    return {ErrorCode::InvalidArgument,
            "labels of scale " + q(scale) + " must name every point; missing: " + list(points)};
}
inline Message labels_count(std::string_view scale, std::size_t labels, double min, double max) {
    return {ErrorCode::InvalidArgument, "scale " + q(scale) + " has " + std::to_string(labels) +
                                            " labels for points " + num(min) + ".." + num(max) +
                                            " (give one label per point, or none)"};
}

// --- facts -----------------------------------------------------------------------

inline Message fact_values_not_allowed(std::string_view fact, std::string_view type) {
    return {ErrorCode::InvalidArgument, "values are only for ordinal and string facts (fact " +
                                            q(fact) + " has type " + std::string(type) + ")"};
}
inline Message ordinal_needs_values(std::string_view fact) {
    return {ErrorCode::InvalidArgument,
            "ordinal fact " + q(fact) + " needs values (its words, lowest first)"};
}
inline Message duplicate_fact_value(std::string_view fact, std::string_view value) {
    return {ErrorCode::AlreadyExists, "duplicate value " + q(value) + " in fact " + q(fact)};
}

// --- conditions ---------------------------------------------------------------------

inline Message condition_shape(std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            "condition " + q(cond) + " must have exactly one of fact, all, any, not"};
}
inline Message leaf_key_in_group(std::string_view key, std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            "key " + q(key) + " in condition " + q(cond) + " is only for a condition on a fact"};
}
inline Message stage_in_nested_condition(std::string_view cond) {
    return {ErrorCode::InvalidArgument, "key 'stage' in condition " + q(cond) +
                                            " is only for a top-level eligibility item (a part "
                                            "takes the stage of the item it is in)"};
}
inline Message conditions_too_deep(std::string_view cond, std::size_t limit) {
    return {ErrorCode::InvalidArgument,
            "condition " + q(cond) + " is nested deeper than " + std::to_string(limit) + " levels"};
}
inline Message empty_group(std::string_view kind, std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            std::string(kind) + " in condition " + q(cond) + " must be a non-empty list"};
}
inline Message not_needs_one(std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            "not in condition " + q(cond) + " must hold exactly one condition"};
}
inline Message undefined_fact(std::string_view fact, std::string_view cond,
                              std::span<const std::string> declared) {
    return {ErrorCode::NotFound, "undefined fact " + q(fact) + " in condition " + q(cond) +
                                     " (declared facts: " + list(declared) + ")"};
}
inline Message op_not_for_type(std::string_view op, std::string_view cond, std::string_view fact,
                               std::string_view type) {
    return {ErrorCode::InvalidArgument,
            "op " + q(op) + " in condition " + q(cond) + " does not apply to " + std::string(type) +
                " fact " + q(fact) + " (lt, le, gt, ge need a number, level or ordinal fact)"};
}
inline Message in_needs_values(std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            "op 'in' in condition " + q(cond) + " needs values: a non-empty list"};
}
inline Message value_needs_op_in(std::string_view cond, std::string_view op) {
    return {
        ErrorCode::InvalidArgument,
        "values in condition " + q(cond) + " is only for op 'in' (op is " + q(op) + "; use value)"};
}
inline Message in_takes_values(std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            "op 'in' in condition " + q(cond) + " takes values (a list), not value"};
}
inline Message exists_value(std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            "value of op 'exists' in condition " + q(cond) + " must be true or false"};
}
/// `expected` is "true or false", "a number" or "text"; `got` as for wrong_type.
inline Message value_wrong_type(std::string_view got, std::string_view cond,
                                std::string_view expected, std::string_view fact,
                                std::string_view type) {
    return {ErrorCode::InvalidArgument,
            "value in condition " + q(cond) + " must be " + std::string(expected) + ", not " +
                std::string(got) + " (fact " + q(fact) + " has type " + std::string(type) + ")"};
}
inline Message not_a_level(std::string_view value, std::string_view cond) {
    return {ErrorCode::InvalidArgument,
            "value " + q(value) + " in condition " + q(cond) +
                " is not a level (whole numbers joined by dots, such as 5.4)"};
}
inline Message value_not_allowed(std::string_view value, std::string_view cond,
                                 std::string_view fact, std::span<const std::string> allowed) {
    return {ErrorCode::OutOfRange, "value " + q(value) + " in condition " + q(cond) +
                                       " is not one of the values of fact " + q(fact) + " (" +
                                       list(allowed) + ")"};
}

// --- criteria and groups ------------------------------------------------------------

inline Message no_criteria() {
    return {ErrorCode::InvalidArgument, "the rulebook has no criteria"};
}
inline Message criteria_out_of_order(std::string_view crit) {
    return {ErrorCode::InvalidArgument,
            "criterion " + q(crit) + " is out of order (essential, desirable, then competency)"};
}
inline Message undefined_scale(std::string_view scale, std::string_view crit,
                               std::span<const std::string> declared) {
    return {ErrorCode::NotFound, "undefined scale " + q(scale) + " in criterion " + q(crit) +
                                     " (declared scales: " + list(declared) + ")"};
}
/// `whose` is "criterion 'x'" or "group 'y'".
inline Message negative_weight(double w, std::string_view whose) {
    return {ErrorCode::OutOfRange,
            "weight " + num(w) + " of " + std::string(whose) + " is negative"};
}
inline Message weight_not_finite(std::string_view whose) {
    return {ErrorCode::InvalidArgument,
            "weight of " + std::string(whose) + " is not a finite number"};
}
inline Message weights_overflow(std::string_view group) {
    return {ErrorCode::OutOfRange,
            "criterion weights in group " + q(group) + " are too large to add up"};
}
inline Message zero_criterion_weights(std::string_view group) {
    return {ErrorCode::InvalidArgument, "criterion weights in group " + q(group) + " are all zero"};
}
inline Message zero_group_weights() {
    return {ErrorCode::InvalidArgument,
            "group weights are all zero for the groups that have criteria"};
}
inline Message group_without_weight(std::string_view group) {
    return {ErrorCode::InvalidArgument,
            "group " + q(group) + " has criteria but no weight in groups"};
}
inline Message minimum_off_scale(double minimum, std::string_view crit, std::string_view scale,
                                 double min, double max) {
    return {ErrorCode::OutOfRange, "minimum " + num(minimum) + " of criterion " + q(crit) +
                                       " is outside scale " + q(scale) + " (" + num(min) + ".." +
                                       num(max) + ")"};
}
// --- criteria that score a fact (from_fact) ------------------------------------

inline Message from_fact_pair(std::string_view crit, std::string_view given,
                              std::string_view missing) {
    return {ErrorCode::InvalidArgument, "criterion " + q(crit) + " has " + std::string(given) +
                                            " but no " + std::string(missing) +
                                            " (from_fact and fact_scores go together)"};
}
inline Message from_fact_undefined(std::string_view fact, std::string_view crit,
                                   std::span<const std::string> declared) {
    return {ErrorCode::NotFound, "undefined fact " + q(fact) + " in from_fact of criterion " +
                                     q(crit) + " (declared facts: " + list(declared) + ")"};
}
inline Message from_fact_type(std::string_view fact, std::string_view crit, std::string_view type) {
    return {ErrorCode::InvalidArgument,
            "from_fact of criterion " + q(crit) + " names " + std::string(type) + " fact " +
                q(fact) +
                " (a criterion scores a boolean fact, or an ordinal or string fact "
                "with declared values)"};
}
inline Message from_fact_rated(std::string_view crit) {
    return {ErrorCode::InvalidArgument, "criterion " + q(crit) +
                                            " takes its value from a fact: it has no "
                                            "indicators and no framework"};
}
inline Message fact_score_unknown(std::string_view value, std::string_view crit,
                                  std::string_view fact, std::span<const std::string> values) {
    return {ErrorCode::OutOfRange, "fact_scores of criterion " + q(crit) + " scores " + q(value) +
                                       ", which is not a value of fact " + q(fact) + " (" +
                                       list(values) + ")"};
}
inline Message fact_scores_missing(std::string_view crit, std::string_view fact,
                                   std::span<const std::string> missing) {
    return {ErrorCode::InvalidArgument, "fact_scores of criterion " + q(crit) +
                                            " gives no score for value(s) of fact " + q(fact) +
                                            ": " + list(missing)};
}
inline Message fact_score_off_scale(double point, std::string_view value, std::string_view crit,
                                    std::string_view scale, double min, double max) {
    return {ErrorCode::OutOfRange,
            "score " + num(point) + " for " + q(value) + " in fact_scores of criterion " + q(crit) +
                " is outside scale " + q(scale) + " (" + num(min) + ".." + num(max) + ")"};
}

inline Message too_many_indicators(std::string_view whose, std::size_t n, std::size_t limit) {
    return {ErrorCode::OutOfRange, std::string(whose) + " has " + std::to_string(n) +
                                       " indicators (at most " + std::to_string(limit) + ")"};
}
inline Message competency_key_outside_group(std::string_view key, std::string_view crit,
                                            std::string_view group) {
    return {ErrorCode::InvalidArgument, "key " + q(key) + " in criterion " + q(crit) +
                                            " is only for competency criteria (this one is " +
                                            std::string(group) + ")"};
}
inline Message undefined_framework(std::string_view fw, std::string_view crit,
                                   std::span<const std::string> declared) {
    return {ErrorCode::NotFound, "undefined framework " + q(fw) + " in criterion " + q(crit) +
                                     " (declared frameworks: " + list(declared) + ")"};
}
inline Message undefined_competency(std::string_view comp, std::string_view crit,
                                    std::string_view fw) {
    return {ErrorCode::NotFound, "undefined competency " + q(comp) + " in criterion " + q(crit) +
                                     " (framework " + q(fw) + " has no such competency)"};
}
inline Message undefined_level(std::string_view level, std::string_view crit, std::string_view comp,
                               std::span<const std::string> levels) {
    return {ErrorCode::NotFound, "undefined level " + q(level) + " in criterion " + q(crit) +
                                     " (competency " + q(comp) + " has levels: " + list(levels) +
                                     ")"};
}

// --- frameworks --------------------------------------------------------------------------

inline Message undefined_framework_level(std::string_view level, std::string_view comp,
                                         std::span<const std::string> levels) {
    return {ErrorCode::NotFound, "undefined level " + q(level) + " in competency " + q(comp) +
                                     " (framework levels: " + list(levels) + ")"};
}

inline Message undefined_parent(std::string_view parent, std::string_view comp,
                                std::string_view framework) {
    return {ErrorCode::NotFound, "undefined parent " + q(parent) + " of competency " + q(comp) +
                                     " (framework " + q(framework) + " has no such competency)"};
}
inline Message parent_loop(std::string_view comp) {
    return {ErrorCode::InvalidArgument, "the parents of competency " + q(comp) +
                                            " lead back to it (a parent is a broader "
                                            "competency, not a narrower one)"};
}
inline Message cannot_read_parent_framework(std::string_view file, std::string_view why) {
    return {ErrorCode::NotFound,
            "cannot read parent_framework '" + std::string(file) + "': " + std::string(why)};
}

// --- competency levels and indicator choice ----------------------------------------------

inline Message rated_on_level_key(std::string_view key, std::string_view crit,
                                  std::string_view scale) {
    return {ErrorCode::InvalidArgument,
            "key " + q(key) + " in criterion " + q(crit) +
                " does not go with 'rated_on: level' (the criterion is rated on scale " + q(scale) +
                " of the framework's levels, and its minimum is its level)"};
}
inline Message level_scale_taken(std::string_view scale, std::string_view fw) {
    return {ErrorCode::AlreadyExists, "scale id " + q(scale) +
                                          " is taken by the level scale of framework " + q(fw) +
                                          "; give the rulebook's scale another id"};
}
inline Message not_an_indicator(std::string_view id, std::string_view crit, std::string_view comp,
                                std::span<const std::string> ids) {
    return {ErrorCode::NotFound, "indicator " + q(id) + " in criterion " + q(crit) +
                                     " is not an indicator of competency " + q(comp) +
                                     " at this level (its indicators: " + list(ids) + ")"};
}
inline Message indicator_at_two_levels(std::string_view id, std::string_view comp,
                                       std::string_view lower, std::string_view upper) {
    return {ErrorCode::AlreadyExists, "include_lower_levels: indicator " + q(id) +
                                          " of competency " + q(comp) + " is at level " + q(lower) +
                                          " and again at level " + q(upper)};
}
inline Message no_indicators_chosen(std::string_view crit) {
    return {ErrorCode::InvalidArgument,
            "indicators in criterion " + q(crit) + " must list at least one indicator"};
}

// --- moderation --------------------------------------------------------------------------

inline Message moderation_negative(std::string_view key, double v) {
    return {ErrorCode::OutOfRange,
            "moderation " + std::string(key) + " " + num(v) + " must be 0 or more scale points"};
}

// --- shortlist ---------------------------------------------------------------------------

inline Message pass_mark_range(double v) {
    return {ErrorCode::OutOfRange, "pass_mark " + num(v) + " is outside 0..100"};
}
inline Message top_not_positive() {
    return {ErrorCode::OutOfRange, "top must be a positive integer"};
}
inline Message bad_tie_break(std::string_view key) {
    return {ErrorCode::NotFound,
            "tie_break key " + q(key) + " is neither a group name nor a criterion id"};
}
inline Message tie_break_empty() {
    return {ErrorCode::InvalidArgument, "ties is break_by but tie_break is empty"};
}
// --- blind sifting ----------------------------------------------------------

inline Message sensitive_fact(std::string_view fact, std::string_view what) {
    return {ErrorCode::FailedPrecondition,
            "fact " + q(fact) + " is " + std::string(what) +
                ": it may not enter scoring (a blind sift); leave it to the monitoring file, or "
                "list the column under monitoring_only"};
}
inline Message sensitive_in_condition(std::string_view fact, std::string_view cond,
                                      std::string_view what) {
    return {ErrorCode::FailedPrecondition, "condition " + q(cond) + " tests " + q(fact) + ", " +
                                               std::string(what) +
                                               ": it may not enter scoring (a blind sift)"};
}
inline Message sensitive_criterion(std::string_view id, std::string_view what) {
    return {ErrorCode::FailedPrecondition, "criterion " + q(id) + " names " + std::string(what) +
                                               ": it may not be scored (a blind sift)"};
}
inline Message guaranteed_in_condition(std::string_view fact, std::string_view cond) {
    return {ErrorCode::FailedPrecondition,
            "condition " + q(cond) + " tests " + q(fact) +
                ", the guaranteed-interview opt-in: it is used only after scoring, never in a "
                "condition"};
}
inline Message monitoring_only_is_fact(std::string_view column) {
    return {ErrorCode::InvalidArgument, "monitoring_only column " + q(column) +
                                            " is also a declared fact: a column is scored or "
                                            "monitored, not both"};
}
inline Message monitoring_only_bad(std::string_view column) {
    return {ErrorCode::InvalidArgument, "monitoring_only column " + q(column) +
                                            " must be a column name other than applicant_id"};
}

inline Message guaranteed_not_declared(std::string_view fact) {
    return {ErrorCode::NotFound,
            "guaranteed_interview_fact " + q(fact) + " is not a declared fact"};
}
inline Message guaranteed_not_boolean(std::string_view fact, std::string_view type) {
    return {ErrorCode::InvalidArgument, "guaranteed_interview_fact " + q(fact) +
                                            " must be a boolean fact (it has type " +
                                            std::string(type) + ")"};
}

inline Message band_reliability_range(double v) {
    return {ErrorCode::OutOfRange, "bands.reliability " + num(v) + " is outside 0..1"};
}
inline Message band_confidence_range(double v) {
    return {ErrorCode::OutOfRange,
            "bands.confidence " + num(v) + " must be strictly between 0 and 1"};
}

}  // namespace shortlist::detail::rulebook_msg

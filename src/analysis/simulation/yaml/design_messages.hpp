// The design reader's own messages (the structural ones — unknown, missing
// and duplicate keys, wrong types — are the rulebook reader's), in one place
// so that tests can assert them exactly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rulebook/messages.hpp"

namespace shortlist::detail::design_msg {

using rulebook_msg::Message;
using rulebook_msg::q;

inline Message not_a_count(std::string_view key, std::string_view where, double v, std::size_t min,
                           std::size_t max) {
    return {ErrorCode::OutOfRange, std::string(key) + " in " + std::string(where) +
                                       " must be a whole number from " + std::to_string(min) +
                                       " to " + std::to_string(max) + ", not " +
                                       rulebook_msg::num(v)};
}
inline Message not_a_rate(std::string_view key, std::string_view where, double v) {
    return {ErrorCode::OutOfRange, std::string(key) + " in " + std::string(where) +
                                       " must be between 0 and 1, not " + rulebook_msg::num(v)};
}
inline Message negative(std::string_view key, std::string_view where, double v) {
    return {ErrorCode::OutOfRange, std::string(key) + " in " + std::string(where) +
                                       " must be 0 or more, not " + rulebook_msg::num(v)};
}
inline Message not_a_seed(std::string_view got) {
    return {ErrorCode::InvalidArgument,
            "seed in design must be a whole number from 0 to 18446744073709551615, not " + q(got)};
}
inline Message severities_count(std::size_t given, std::size_t assessors) {
    return {ErrorCode::InvalidArgument, "severities in assessors gives " + std::to_string(given) +
                                            " values for " + std::to_string(assessors) +
                                            " assessors (one each)"};
}
inline Message severities_and_spread() {
    return {ErrorCode::InvalidArgument,
            "assessors: give severities or severity (a spread to draw them from), not both"};
}
inline Message criteria_and_rulebook() {
    return {ErrorCode::InvalidArgument,
            "design: give criteria or a rulebook to take them from, not both"};
}
inline Message no_criteria() {
    return {ErrorCode::InvalidArgument,
            "missing required key 'criteria' in design (or 'rulebook' to take them from)"};
}
inline Message difficulties_without_rulebook() {
    return {ErrorCode::InvalidArgument,
            "difficulties in design name the criteria of a rulebook: give 'rulebook', or a "
            "difficulty in each of the criteria"};
}
inline Message unknown_criterion(std::string_view id) {
    return {ErrorCode::NotFound, "difficulties in design: the rulebook has no criterion " + q(id)};
}
inline Message cannot_read_rulebook(std::string_view file, std::string_view why) {
    return {ErrorCode::NotFound,
            "cannot read rulebook '" + std::string(file) + "': " + std::string(why)};
}
inline Message bad_scale(std::string_view where, double min, double max) {
    return {ErrorCode::InvalidArgument,
            "scale of " + std::string(where) + " must run over whole points with min below max " +
                "and at most 101 points, not " + rulebook_msg::num(min) + " to " +
                rulebook_msg::num(max)};
}
inline Message per_applicant_needed(std::string_view design) {
    return {ErrorCode::InvalidArgument,
            "missing required key 'per_applicant' in linking (design " + q(design) + ")"};
}
inline Message per_applicant_complete() {
    return {ErrorCode::InvalidArgument,
            "per_applicant in linking: a complete design has every assessor rate every applicant"};
}
inline Message per_applicant_too_many(std::size_t k, std::size_t m) {
    return {ErrorCode::OutOfRange, "per_applicant in linking is " + std::to_string(k) +
                                       ", more than the " + std::to_string(m) + " assessors"};
}
inline Message too_many_blocks(std::size_t m, std::size_t k, std::size_t max) {
    return {ErrorCode::OutOfRange, "balanced_blocks: choosing " + std::to_string(k) + " of " +
                                       std::to_string(m) + " assessors makes more than " +
                                       std::to_string(max) + " blocks; use design: random"};
}
inline Message noise_with_rasch() {
    return {ErrorCode::InvalidArgument,
            "noise in model applies to the additive model only (the Rasch model draws each "
            "rating from its own probabilities)"};
}
inline Message thresholds_with_additive() {
    return {ErrorCode::InvalidArgument,
            "thresholds in model apply to the Rasch model only (type: rasch)"};
}
inline Message thresholds_count(std::size_t given, std::string_view criterion, std::size_t steps) {
    return {ErrorCode::InvalidArgument, "thresholds in model gives " + std::to_string(given) +
                                            " values, but criterion " + q(criterion) + " has " +
                                            std::to_string(steps) + " steps on its scale"};
}
inline Message thresholds_not_increasing() {
    return {ErrorCode::InvalidArgument, "thresholds in model must be in increasing order"};
}

}  // namespace shortlist::detail::design_msg

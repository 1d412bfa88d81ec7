// The scorer's sentences and errors (see messages.hpp).
#include "scoring/messages.hpp"

#include <cmath>
#include <cstddef>

#include "scoring/conditions.hpp"
#include "util/number.hpp"

namespace shortlist::detail {

namespace {

/// A criterion rated on its framework's levels (docs/rulebook.md, "Competency
/// levels"): the level shown and the level required, by name. `raw` is the
/// mean of the assessors' points, so it may fall between two levels; it is
/// named by the highest level it reaches.
std::string msg_below_level(const Criterion& c, double raw) {
    const CompetencyRef& ref = *c.competency;
    std::string shown = "below " + (ref.levels.empty() ? std::string("?") : ref.levels.front());
    for (std::size_t i = 0; i < ref.levels.size(); ++i)
        if (raw >= static_cast<double>(i + 1))
            shown = ref.levels[i];
    const std::string mean = raw != std::floor(raw) ? " (mean " + format_trimmed(raw) + ")" : "";
    return c.id.value() + ": shows level " + shown + mean + ", below the required level " +
           ref.level + " of framework " + ref.framework;
}

}  // namespace

std::string msg_below_minimum(const Criterion& c, double raw, std::string_view scale) {
    if (c.competency && c.competency->rated_on == RatedOn::Level)
        return msg_below_level(c, raw);
    return c.id.value() + ": scored " + format_trimmed(raw) + ", below the minimum " +
           format_shortest(*c.minimum) + " on scale " + std::string(scale);
}

std::string msg_no_evidence(const Criterion& c) {
    std::string s = "no evidence for criterion '" + c.id.value() + "'";
    if (!c.text.empty())
        s += " (" + c.text + ')';
    return s;
}

std::string msg_scale(const Scale& s) {
    return s.id + " (" + detail::format_shortest(s.min) + ".." + detail::format_shortest(s.max) +
           ')';
}

std::string msg_below_pass_mark(double total, double pass_mark) {
    return "total " + format_trimmed(total) + " below the pass mark " +
           detail::format_shortest(pass_mark);
}

std::string msg_check_to_come(const Condition& c) {
    return std::string(to_string(stage_of(c))) +
           " check: " + (c.text.empty() ? detail::describe(c) : c.text);
}

std::string msg_later_stage(const Criterion& c) {
    return std::string(to_string(stage_of(c))) + ": criterion '" + c.id.value() +
           "' is scored at that stage, not this one";
}

std::string msg_not_applicable(const Criterion& c) {
    return "not_applicable: criterion '" + c.id.value() + "' left out of the weights";
}

RulebookError err_invalid(std::vector<Diagnostic> diagnostics) {
    return RulebookError(std::move(diagnostics));
}

RulebookError err_unknown_scale(const Criterion& c) {
    return RulebookError(
        c.location, ErrorCode::NotFound,
        "criterion '" + c.id.value() + "': scale '" + c.scale + "' is not declared under scales");
}

RulebookError err_bad_number(const SourceLocation& where, std::string_view what) {
    return RulebookError(where, ErrorCode::OutOfRange,
                         std::string(what) + " must be a finite number of at least 0");
}

RulebookError err_empty_scale(const Scale& s) {
    return RulebookError(s.location, ErrorCode::InvalidArgument,
                         "scale '" + s.id + "': min must be below max");
}

RulebookError err_unknown_opt_in_fact(const Rulebook& r, const std::string& fact) {
    return RulebookError(
        {r.path.string()}, ErrorCode::NotFound,
        "shortlist.guaranteed_interview_fact: fact '" + fact + "' is not declared under facts");
}

EvidenceError err_fact_columns(const Evidence& e, std::size_t columns, std::size_t declared) {
    return EvidenceError(
        {e.sources.empty() ? std::string() : e.sources.front()}, ErrorCode::FailedPrecondition,
        "the evidence has " + std::to_string(columns) + " fact columns but the rulebook declares " +
            std::to_string(declared) + " facts");
}

EvidenceError err_tallied_criteria(const Evidence& e) {
    return EvidenceError({e.ratings_source}, ErrorCode::FailedPrecondition,
                         "the ratings were tallied for a rulebook with other criteria than the "
                         "scorer's");
}

EvidenceError err_fact_rows(const Evidence& e, const FactSpec& f, std::size_t rows) {
    return EvidenceError({e.sources.empty() ? std::string() : e.sources.front()},
                         ErrorCode::FailedPrecondition,
                         "fact '" + f.name + "' has " + std::to_string(rows) + " values for " +
                             std::to_string(e.applicants.size()) + " applicants");
}

EvidenceError err_rating_index(const Evidence& e, const Rating& r, std::string_view what,
                               std::size_t index, std::size_t count) {
    return EvidenceError({e.ratings_source, r.line}, ErrorCode::OutOfRange,
                         "rating refers to " + std::string(what) + " index " +
                             std::to_string(index) + " of " + std::to_string(count));
}

EvidenceError err_indicators_index(const Evidence& e, std::size_t index) {
    return EvidenceError({e.ratings_source}, ErrorCode::OutOfRange,
                         "ticked indicators refer to rating index " + std::to_string(index) +
                             " of " + std::to_string(e.ratings.size()));
}

EvidenceError err_off_scale(const Evidence& e, const Rating& r, const Criterion& c,
                            std::string_view scale) {
    return EvidenceError({e.ratings_source, r.line}, ErrorCode::OutOfRange,
                         "score " + detail::format_shortest(r.score) + " for criterion '" +
                             c.id.value() + "' is off its scale " + std::string(scale));
}

EvidenceError err_not_one_application(std::size_t applicants) {
    return EvidenceError(
        {"<application>"}, ErrorCode::FailedPrecondition,
        "an application must make exactly one applicant, not " + std::to_string(applicants));
}

}  // namespace shortlist::detail

// Every evidence error message, in one place (tests assert them exactly).
#include <string>
#include <string_view>
#include <vector>

#include "evidence/internal.hpp"
#include "util/csv.hpp"  // quote()
#include "util/number.hpp"

namespace shortlist::detail {

void throw_evidence_error(const Place& where, ErrorCode code, std::string message) {
    throw EvidenceError({std::string(where.file), where.line, where.column}, code,
                        std::move(message));
}

namespace {

// "a, b, c, d, e, f and 3 more"
template <class Range, class Get>
std::string first_few(const Range& items, Get get, std::size_t shown = 6) {
    std::string s;
    std::size_t i = 0;
    for (const auto& item : items) {
        if (i == shown) {
            s += " and " + std::to_string(items.size() - shown) + " more";
            break;
        }
        if (i > 0)
            s += ", ";
        s += get(item);
        ++i;
    }
    return s;
}

}  // namespace

namespace msg {

std::string empty_file() {
    return "empty file: no header";
}

std::string no_applicants() {
    return "no applicants: the file has a header and no rows";
}

std::string no_applicant_lines() {
    return "no applicants in the file";
}

std::string missing_column(std::string_view column, const std::vector<std::string_view>& header) {
    std::string s = "missing column " + quote(column) + " (the header has: " +
                    first_few(
                        header, [](std::string_view h) { return quote(h); }, 12) +
                    ")";
    // One column holding separators of another kind: a European-locale export.
    if (header.size() == 1) {
        if (header[0].find(';') != std::string_view::npos)
            s += "; the fields seem to be separated by ';': save the file as CSV with commas";
        else if (header[0].find('\t') != std::string_view::npos)
            s += "; the fields seem to be separated by tabs: save the file as CSV with commas";
    }
    return s;
}

std::string missing_fact_column(std::string_view fact, std::string_view rulebook) {
    return "missing column " + quote(fact) + ": rulebook " + quote(rulebook) +
           " declares this fact (leave its cells empty if it is not known)";
}

std::string duplicate_column(std::string_view column, std::size_t first_column) {
    return "duplicate column " + quote(column) + " (also column " + std::to_string(first_column) +
           ")";
}

std::string ragged_row(std::size_t fields, std::size_t header_fields) {
    return "this row has " + std::to_string(fields) + (fields == 1 ? " field" : " fields") +
           " but the header has " + std::to_string(header_fields);
}

std::string empty_value(std::string_view what) {
    return "empty " + std::string(what);
}

std::string duplicate_applicant(std::string_view id, std::size_t first_line,
                                const RecordNames& records) {
    return "duplicate applicant_id " + quote(id) + " (first at " + records(first_line) + ")";
}

std::string bad_boolean(std::string_view what, std::string_view text) {
    return std::string(what) + ": " + quote(text) +
           " is not a boolean (expected true, false, yes, no, y or n)";
}

std::string bad_number(std::string_view what, std::string_view text) {
    return std::string(what) + ": " + quote(text) +
           " is not a number (expected a decimal such as 42 or 3.5)";
}

std::string bad_level(std::string_view what, std::string_view text) {
    return std::string(what) + ": " + quote(text) +
           " is not a level (expected whole numbers separated by dots, such as 5.4)";
}

std::string bad_choice(std::string_view what, std::string_view text,
                       const std::vector<std::string>& values) {
    return std::string(what) + ": " + quote(text) + " is not one of " +
           first_few(
               values, [](const std::string& v) { return v; }, 12);
}

std::string wrong_type(std::string_view what, std::string_view expected, std::string_view got) {
    return std::string(what) + ": expected " + std::string(expected) + ", got " + std::string(got);
}

std::string ratings_out_of_order(std::string_view id, std::string_view after) {
    return "ratings for " + quote(id) + " appear after those of " + quote(after) +
           ": --shortlist-only streams CSV only when the ratings are grouped by applicant in the "
           "applicants file's order; sort the ratings file, or run without --shortlist-only";
}

std::string unknown_applicant(std::string_view id, std::string_view applicants_file) {
    return "unknown applicant " + quote(id) + " (not in " + std::string(applicants_file) + ")";
}

std::string unknown_criterion(std::string_view id, const Rulebook& rulebook) {
    return "unknown criterion " + quote(id) + " (rulebook " + quote(rulebook.id) + " has: " +
           first_few(rulebook.criteria, [](const Criterion& c) { return c.id.value(); }) + ")";
}

std::string unknown_indicator(std::string_view id, const Criterion& criterion) {
    return "unknown indicator " + quote(id) + " for criterion " + quote(criterion.id.view()) +
           " (it has: " +
           first_few(
               criterion.indicators, [](const Indicator& i) { return i.id; }, 8) +
           ")";
}

std::string no_indicators(std::string_view given, std::string_view criterion) {
    return "indicators " + quote(given) + " given for criterion " + quote(criterion) +
           ", which has none";
}

std::string duplicate_indicator(std::string_view id) {
    return "indicator " + quote(id) + " is listed twice";
}

std::string off_scale(std::string_view score, std::string_view criterion, double min, double max) {
    return "score " + std::string(score) + " for criterion " + quote(criterion) +
           " is off its scale (" + format_shortest(min) + " to " + format_shortest(max) + ")";
}

std::string bad_score(std::string_view score) {
    return "score " + quote(score) +
           " is not a number or one of not_evidenced, not_assessed, not_applicable";
}

std::string no_score(std::string_view criterion) {
    return "no score and no indicators for criterion " + quote(criterion);
}

std::string indicators_with_word(std::string_view word) {
    return "indicators given with score " + quote(word) +
           " (indicators go with a number, or alone)";
}

std::string duplicate_rating(std::string_view applicant, std::string_view criterion,
                             std::string_view assessor, const RecordNames& records,
                             std::size_t first_line) {
    return "duplicate rating of criterion " + quote(criterion) + " for applicant " +
           quote(applicant) + " by assessor " + quote(assessor) + " (first at " +
           records(first_line) + ")";
}

std::string conflicting_ratings(std::string_view applicant, std::string_view criterion,
                                std::string_view first, std::string_view first_assessor,
                                std::size_t first_line, std::string_view second,
                                std::string_view second_assessor, std::size_t second_line,
                                const RecordNames& records) {
    return "conflicting ratings of criterion " + quote(criterion) + " for applicant " +
           quote(applicant) + ": " + std::string(first) + " from assessor " +
           quote(first_assessor) + " (" + records(first_line) + ") but " + std::string(second) +
           " from assessor " + quote(second_assessor) + " (" + records(second_line) + ")";
}

std::string ratings_twice(std::string_view first_source) {
    return "ratings were already read from " + std::string(first_source) +
           "; give all ratings in one file";
}

std::string unknown_key(std::string_view key, std::string_view expected) {
    return "unknown key " + quote(key) + " (expected " + std::string(expected) + ")";
}

std::string missing_key(std::string_view key) {
    return "missing key " + quote(key);
}

std::string duplicate_fact(std::string_view fact) {
    return "fact " + quote(fact) + " is given twice";
}

std::string unknown_scale(std::string_view criterion, std::string_view scale) {
    return "criterion " + quote(criterion) + " uses unknown scale " + quote(scale);
}

std::string too_many_indicators(std::string_view criterion, std::size_t count) {
    return "criterion " + quote(criterion) + " has " + std::to_string(count) +
           " indicators; at most 64 are supported";
}

std::string too_many_assessors(std::string_view id) {
    return "assessor " + quote(id) + " would be assessor number " +
           std::to_string(max_assessors + 1) + ": at most " + std::to_string(max_assessors) +
           " different assessors are supported";
}

}  // namespace msg
}  // namespace shortlist::detail

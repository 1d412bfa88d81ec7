// The text of every calibration message and note (messages.hpp).
#include "analysis/calibration/messages.hpp"

#include <string>
#include <utility>

#include "shortlist/error.hpp"
#include "util/csv.hpp"
#include "util/number.hpp"

namespace shortlist::detail::calibration_msg {

namespace {

std::string count(std::size_t n) {
    return std::to_string(n);
}

std::string num(double v) {
    return format_shortest(v);
}

template <class Name>
std::string join(const std::vector<std::size_t>& items, Name name) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0)
            out += ", ";
        out += name(items[i]);
    }
    return out;
}

std::string subjects_list(const RatingMatrix& m, const std::vector<std::size_t>& s) {
    return join(s, [&](std::size_t i) { return subject_name(m, i); });
}

std::string raters_list(const RatingMatrix& m, const std::vector<std::size_t>& r) {
    return join(r, [&](std::size_t i) { return rater_name(m, i); });
}

}  // namespace

// === rating tables ============================================================

[[noreturn]] void fail(std::string_view file, std::size_t line, std::size_t column,
                       std::string message) {
    throw EvidenceError({std::string(file), line, column}, ErrorCode::InvalidArgument,
                        std::move(message));
}

std::string missing_column(std::string_view column) {
    return "missing column " + detail::quote(column) +
           " (a ratings file needs applicant_id, criterion, assessor and score)";
}

std::string empty_field(std::string_view column) {
    return "empty " + std::string(column);
}

std::string not_a_score(std::string_view value) {
    return "score " + detail::quote(value) +
           " is not a number or one of not_evidenced, not_assessed, not_applicable";
}

std::string duplicate_rating(std::string_view applicant, std::string_view criterion,
                             std::string_view assessor, std::size_t first_line) {
    return "duplicate rating: assessor " + detail::quote(assessor) + " already rated " +
           detail::quote(criterion) + " for applicant " + detail::quote(applicant) + " on line " +
           std::to_string(first_line);
}

std::string effects_not_usable(const AssessorEffects& e) {
    return std::string("assessor effects cannot be removed: the ") +
           (e.identified ? "Rasch fit did not converge" : "design does not identify them");
}

std::string unknown_criterion(std::string_view criterion, std::string_view rulebook) {
    return "criterion " + detail::quote(criterion) + " is not in rulebook " +
           detail::quote(rulebook);
}

std::string score_off_scale(double score, std::string_view criterion, const ScaleRange& s) {
    return "score " + detail::format_shortest(score) + " is off the scale of criterion " +
           detail::quote(criterion) + " (" + detail::format_shortest(s.min) + ".." +
           detail::format_shortest(s.max) + ")";
}

std::string bad_rating_index(std::size_t rating) {
    return "rating " + std::to_string(rating + 1) +
           " names an applicant, criterion or assessor the evidence does not have";
}

std::string different_shortlists(std::size_t before, std::size_t after) {
    return "cannot compare shortlists of " + std::to_string(before) + " and " +
           std::to_string(after) + " applicants";
}

std::string shortlist_without_entry(std::string_view applicant) {
    return "cannot compare shortlists: applicant " + detail::quote(applicant) +
           " has no entry in one of them";
}

std::string no_ratings(std::string_view file) {
    return "no numeric ratings in " + std::string(file) + ": nothing to calibrate";
}

std::string disconnected_group(std::size_t group, const std::vector<std::string>& members) {
    std::string list;
    for (const auto& m : members)
        list += (list.empty() ? "" : ", ") + m;
    return "assessor group " + std::to_string(group) + " (" + list +
           ") shares no applicant with the other assessors: its severities "
           "are relative to its own members only and cannot be compared "
           "with the other groups'";
}

// === assessor effects =========================================================

std::string no_numeric_ratings(std::string_view source) {
    return "no numeric ratings" + (source.empty() ? std::string() : " in " + std::string(source)) +
           ": nothing to calibrate";
}

std::string too_many_effects(std::size_t criteria, std::size_t assessors) {
    return std::to_string(criteria) + " criteria and " + std::to_string(assessors) +
           " assessors: more than the " + std::to_string(max_dense_effects) +
           " effects calibration estimates together (does the assessor column hold assessor "
           "ids?)";
}

std::string mixed_scales() {
    return "the criteria are on different scales: additive severities are in raw points of "
           "whichever scale each rating used (the Rasch model, --model rasch, has thresholds "
           "per scale)";
}

std::string not_identified() {
    return "the design does not identify the assessor effects (some criterion or assessor is "
           "confounded with the applicants it rated); severities are not reported";
}

std::string assessor_without_ratings(std::string_view assessor) {
    return "assessor " + std::string(assessor) + " gave no numeric rating: no severity";
}

std::string no_residual_df() {
    return "no residual degrees of freedom (every rating is fitted exactly): "
           "no standard errors";
}

std::string rasch_rounded(std::size_t ratings) {
    return std::to_string(ratings) +
           " fractional ratings were rounded to the nearest scale point for the Rasch model";
}

std::string rasch_one_point(std::size_t ratings) {
    return std::to_string(ratings) +
           " ratings on a scale only one point of which was used carry no "
           "information for the Rasch model and were left out";
}

std::string rasch_extreme(std::size_t applicants) {
    return std::to_string(applicants) +
           " applicants with an extreme score (every rating at the minimum or "
           "the maximum) were left out of the estimation of the other facets; "
           "their ability is estimated 0.3 points in from the extreme";
}

std::string rasch_not_converged(std::size_t sweeps) {
    return "the Rasch fit did not converge in " + std::to_string(sweeps) +
           " sweeps (an extreme criterion or assessor?): treat its estimates with caution";
}

// === agreement statistics =====================================================
/// A subject's label, or "subject #i" (0-based) when the matrix has no labels.
std::string subject_name(const RatingMatrix& m, std::size_t s) {
    if (m.subject_labels.size() == m.subjects && !m.subject_labels[s].empty())
        return m.subject_labels[s];
    return "subject #" + count(s);
}

std::string rater_name(const RatingMatrix& m, std::size_t r) {
    if (m.rater_labels.size() == m.raters && !m.rater_labels[r].empty())
        return m.rater_labels[r];
    return "rater #" + count(r);
}

// --- the matrix itself ---------------------------------------------------

std::string wrong_size(std::size_t subjects, std::size_t raters, std::size_t values) {
    return "the rating matrix is " + count(subjects) + " x " + count(raters) + " but holds " +
           count(values) + " values; nothing was computed";
}

std::string wrong_labels(std::string_view what, std::size_t labels, std::size_t expected) {
    return "the rating matrix has " + count(labels) + " " + std::string(what) + " labels for " +
           count(expected) + " " + std::string(what) + "s; nothing was computed";
}

std::string out_of_range(const RatingMatrix& m, std::size_t s, std::size_t r, double v) {
    return "the rating of " + subject_name(m, s) + " by " + rater_name(m, r) + " is " + num(v) +
           ", outside [-1e100, 1e100]; nothing was computed";
}

// --- complete blocks (ICC, Kendall's W) ----------------------------------

std::string no_complete_block() {
    return "no complete block of at least 2 subjects rated by the same 2 or more raters; "
           "nothing was computed";
}

std::string dropped_raters(const RatingMatrix& m, const std::vector<std::size_t>& r) {
    return "dropped " + count(r.size()) + " rater(s) to get a complete block: " + raters_list(m, r);
}

std::string dropped_subjects(const RatingMatrix& m, const std::vector<std::size_t>& s) {
    return "dropped " + count(s.size()) +
           " subject(s) missing a rating from a kept rater: " + subjects_list(m, s);
}

std::string block_used(std::size_t subjects, std::size_t of_subjects, std::size_t raters,
                       std::size_t of_raters) {
    return "computed on " + count(subjects) + " of " + count(of_subjects) + " subjects and " +
           count(raters) + " of " + count(of_raters) + " raters";
}

// --- ICC -------------------------------------------------------------------

std::string icc_undefined(std::string_view form, std::string_view why) {
    return std::string(form) + " is undefined: " + std::string(why);
}

std::string icc_no_test(std::string_view forms, std::string_view mean_square) {
    return "no F test or interval for " + std::string(forms) + ": " + std::string(mean_square) +
           " = 0, so the F ratio is infinite";
}

std::string icc_no_interval(std::string_view forms) {
    return "no interval for " + std::string(forms) +
           ": its F quantiles are not finite (degrees of freedom too small)";
}

std::string bad_confidence(double c) {
    return "confidence level " + num(c) + " is not between 0 and 1; no intervals computed";
}

// --- Krippendorff's alpha --------------------------------------------------

std::string unpairable_units(const RatingMatrix& m, const std::vector<std::size_t>& s) {
    return "skipped " + count(s.size()) +
           " unit(s) with fewer than 2 ratings (not pairable): " + subjects_list(m, s);
}

std::string too_few_pairable() {
    return "no unit has 2 or more ratings, so there is nothing to pair; alpha is undefined";
}

std::string ratio_negative(const RatingMatrix& m, std::size_t s, std::size_t r, double v) {
    return "the ratio metric needs values >= 0, but " + subject_name(m, s) + " has " + num(v) +
           " from " + rater_name(m, r) + "; alpha is undefined";
}

std::string too_many_ratio_values(std::size_t values, std::size_t limit) {
    return "the ratio metric compares every pair of distinct values, and there are " +
           count(values) + " (more than " + count(limit) +
           "); alpha is not computed: round the ratings or use the interval metric";
}

std::string no_expected_disagreement() {
    return "every pairable value is the same, so there is no expected disagreement; "
           "alpha is undefined";
}

std::string bootstrap_undefined(std::size_t dropped, std::size_t samples) {
    return "bootstrap: " + count(dropped) + " of " + count(samples) +
           " resamples had no expected disagreement and were left out of the interval";
}

std::string bootstrap_failed() {
    return "bootstrap: fewer than 2 resamples gave a defined alpha; no interval";
}

// --- kappas ----------------------------------------------------------------

std::string fleiss_dropped(const RatingMatrix& m, std::size_t ratings,
                           const std::vector<std::size_t>& s) {
    return "used the subjects with the modal number of ratings (" + count(ratings) + "); dropped " +
           count(s.size()) + " subject(s) with another number: " + subjects_list(m, s);
}

std::string fleiss_too_few() {
    return "fewer than 2 subjects have the same number (2 or more) of ratings; kappa is "
           "undefined";
}

std::string fleiss_no_test() {
    return "the standard error of kappa under kappa = 0 is not positive; no z test";
}

std::string one_category() {
    return "every rating falls in one category, so chance agreement is 1; kappa is undefined";
}

std::string bad_rater(std::size_t r, std::size_t raters) {
    return "rater index " + count(r) + " is out of range (the matrix has " + count(raters) +
           " raters); kappa is undefined";
}

std::string too_few_shared(const RatingMatrix& m, std::size_t a, std::size_t b,
                           std::size_t shared) {
    return rater_name(m, a) + " and " + rater_name(m, b) + " share " + count(shared) +
           " subject(s), fewer than 2; kappa is undefined";
}

std::string bad_scale(double lo, double hi) {
    return "the scale [" + num(lo) + ", " + num(hi) +
           "] must have integer ends, min < max and at most 1000 points; kappa is undefined";
}

std::string half_scale() {
    return "give both scale_min and scale_max, or neither; kappa is undefined";
}

std::string off_scale(const RatingMatrix& m, std::size_t s, std::size_t r, double v) {
    return "the rating " + num(v) + " of " + subject_name(m, s) + " by " + rater_name(m, r) +
           " is not a point of the scale; kappa is undefined";
}

std::string weighted_needs_two() {
    return "weighted kappas need at least 2 categories";
}

// --- Kendall's W -----------------------------------------------------------

std::string chance_no_pairs() {
    return "no subject has 2 or more ratings, so there is no observed agreement; AC1/AC2 and "
           "Brennan-Prediger are undefined";
}

std::string chance_one_category() {
    return "there is only one category, so chance agreement is 1; AC1/AC2 and Brennan-Prediger "
           "are undefined";
}

std::string chance_undefined(std::string_view coefficient) {
    return std::string(coefficient) + " is undefined: its chance agreement is 1";
}

std::string kendall_all_tied() {
    return "every rater gave every subject of the block the same rating; W is undefined";
}

}  // namespace shortlist::detail::calibration_msg

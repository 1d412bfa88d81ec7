// Agreement statistics: the text of every note, in one place, and the helpers
// that name subjects and raters in them. Private to calibration_agreement.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "util/number.hpp"

namespace shortlist::detail::agreement_notes {

inline std::string count(std::size_t n) {
    return std::to_string(n);
}

inline std::string num(double v) {
    return format_shortest(v);
}

/// A subject's label, or "subject #i" (0-based) when the matrix has no labels.
inline std::string subject_name(const RatingMatrix& m, std::size_t s) {
    if (m.subject_labels.size() == m.subjects && !m.subject_labels[s].empty())
        return m.subject_labels[s];
    return "subject #" + count(s);
}

inline std::string rater_name(const RatingMatrix& m, std::size_t r) {
    if (m.rater_labels.size() == m.raters && !m.rater_labels[r].empty())
        return m.rater_labels[r];
    return "rater #" + count(r);
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

inline std::string subjects_list(const RatingMatrix& m, const std::vector<std::size_t>& s) {
    return join(s, [&](std::size_t i) { return subject_name(m, i); });
}

inline std::string raters_list(const RatingMatrix& m, const std::vector<std::size_t>& r) {
    return join(r, [&](std::size_t i) { return rater_name(m, i); });
}

// --- the matrix itself ---------------------------------------------------

inline std::string wrong_size(std::size_t subjects, std::size_t raters, std::size_t values) {
    return "the rating matrix is " + count(subjects) + " x " + count(raters) + " but holds " +
           count(values) + " values; nothing was computed";
}

inline std::string wrong_labels(std::string_view what, std::size_t labels, std::size_t expected) {
    return "the rating matrix has " + count(labels) + " " + std::string(what) + " labels for " +
           count(expected) + " " + std::string(what) + "s; nothing was computed";
}

inline std::string out_of_range(const RatingMatrix& m, std::size_t s, std::size_t r, double v) {
    return "the rating of " + subject_name(m, s) + " by " + rater_name(m, r) + " is " + num(v) +
           ", outside [-1e100, 1e100]; nothing was computed";
}

// --- complete blocks (ICC, Kendall's W) ----------------------------------

inline std::string no_complete_block() {
    return "no complete block of at least 2 subjects rated by the same 2 or more raters; "
           "nothing was computed";
}

inline std::string dropped_raters(const RatingMatrix& m, const std::vector<std::size_t>& r) {
    return "dropped " + count(r.size()) + " rater(s) to get a complete block: " + raters_list(m, r);
}

inline std::string dropped_subjects(const RatingMatrix& m, const std::vector<std::size_t>& s) {
    return "dropped " + count(s.size()) +
           " subject(s) missing a rating from a kept rater: " + subjects_list(m, s);
}

inline std::string block_used(std::size_t subjects, std::size_t of_subjects, std::size_t raters,
                              std::size_t of_raters) {
    return "computed on " + count(subjects) + " of " + count(of_subjects) + " subjects and " +
           count(raters) + " of " + count(of_raters) + " raters";
}

// --- ICC -------------------------------------------------------------------

inline std::string icc_undefined(std::string_view form, std::string_view why) {
    return std::string(form) + " is undefined: " + std::string(why);
}

inline std::string icc_no_test(std::string_view forms, std::string_view mean_square) {
    return "no F test or interval for " + std::string(forms) + ": " + std::string(mean_square) +
           " = 0, so the F ratio is infinite";
}

inline std::string icc_no_interval(std::string_view forms) {
    return "no interval for " + std::string(forms) +
           ": its F quantiles are not finite (degrees of freedom too small)";
}

inline std::string bad_confidence(double c) {
    return "confidence level " + num(c) + " is not between 0 and 1; no intervals computed";
}

// --- Krippendorff's alpha --------------------------------------------------

inline std::string unpairable_units(const RatingMatrix& m, const std::vector<std::size_t>& s) {
    return "skipped " + count(s.size()) +
           " unit(s) with fewer than 2 ratings (not pairable): " + subjects_list(m, s);
}

inline std::string too_few_pairable() {
    return "no unit has 2 or more ratings, so there is nothing to pair; alpha is undefined";
}

inline std::string ratio_negative(const RatingMatrix& m, std::size_t s, std::size_t r, double v) {
    return "the ratio metric needs values >= 0, but " + subject_name(m, s) + " has " + num(v) +
           " from " + rater_name(m, r) + "; alpha is undefined";
}

inline std::string too_many_ratio_values(std::size_t values, std::size_t limit) {
    return "the ratio metric compares every pair of distinct values, and there are " +
           count(values) + " (more than " + count(limit) +
           "); alpha is not computed: round the ratings or use the interval metric";
}

inline std::string no_expected_disagreement() {
    return "every pairable value is the same, so there is no expected disagreement; "
           "alpha is undefined";
}

inline std::string bootstrap_undefined(std::size_t dropped, std::size_t samples) {
    return "bootstrap: " + count(dropped) + " of " + count(samples) +
           " resamples had no expected disagreement and were left out of the interval";
}

inline std::string bootstrap_failed() {
    return "bootstrap: fewer than 2 resamples gave a defined alpha; no interval";
}

// --- kappas ----------------------------------------------------------------

inline std::string fleiss_dropped(const RatingMatrix& m, std::size_t ratings,
                                  const std::vector<std::size_t>& s) {
    return "used the subjects with the modal number of ratings (" + count(ratings) + "); dropped " +
           count(s.size()) + " subject(s) with another number: " + subjects_list(m, s);
}

inline std::string fleiss_too_few() {
    return "fewer than 2 subjects have the same number (2 or more) of ratings; kappa is "
           "undefined";
}

inline std::string fleiss_no_test() {
    return "the standard error of kappa under kappa = 0 is not positive; no z test";
}

inline std::string one_category() {
    return "every rating falls in one category, so chance agreement is 1; kappa is undefined";
}

inline std::string bad_rater(std::size_t r, std::size_t raters) {
    return "rater index " + count(r) + " is out of range (the matrix has " + count(raters) +
           " raters); kappa is undefined";
}

inline std::string too_few_shared(const RatingMatrix& m, std::size_t a, std::size_t b,
                                  std::size_t shared) {
    return rater_name(m, a) + " and " + rater_name(m, b) + " share " + count(shared) +
           " subject(s), fewer than 2; kappa is undefined";
}

inline std::string bad_scale(double lo, double hi) {
    return "the scale [" + num(lo) + ", " + num(hi) +
           "] must have integer ends, min < max and at most 1000 points; kappa is undefined";
}

inline std::string half_scale() {
    return "give both scale_min and scale_max, or neither; kappa is undefined";
}

inline std::string off_scale(const RatingMatrix& m, std::size_t s, std::size_t r, double v) {
    return "the rating " + num(v) + " of " + subject_name(m, s) + " by " + rater_name(m, r) +
           " is not a point of the scale; kappa is undefined";
}

inline std::string weighted_needs_two() {
    return "weighted kappas need at least 2 categories";
}

// --- Kendall's W -----------------------------------------------------------

inline std::string kendall_all_tied() {
    return "every rater gave every subject of the block the same rating; W is undefined";
}

}  // namespace shortlist::detail::agreement_notes

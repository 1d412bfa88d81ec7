// Every message and note of calibration (rating tables, assessor effects and
// the agreement statistics), in one place so that tests can assert them
// exactly: each is a function returning the text. Private to
// src/analysis/calibration/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"

namespace shortlist::detail::calibration_msg {

// === rating tables ============================================================

/// Throws EvidenceError (InvalidArgument) at file:line:column.
[[noreturn]] void fail(std::string_view file, std::size_t line, std::size_t column,
                       std::string message);
std::string missing_column(std::string_view column);
std::string empty_field(std::string_view column);
std::string not_a_score(std::string_view value);
std::string duplicate_rating(std::string_view applicant, std::string_view criterion,
                             std::string_view assessor, std::size_t first_line);
std::string effects_not_usable(const AssessorEffects& e);
std::string unknown_criterion(std::string_view criterion, std::string_view rulebook);
std::string score_off_scale(double score, std::string_view criterion, const ScaleRange& s);
std::string bad_rating_index(std::size_t rating);
std::string different_shortlists(std::size_t before, std::size_t after);
std::string shortlist_without_entry(std::string_view applicant);
std::string no_ratings(std::string_view file);
std::string disconnected_group(std::size_t group, const std::vector<std::string>& members);

// === assessor effects =========================================================

std::string no_numeric_ratings(std::string_view source);
std::string too_many_effects(std::size_t criteria, std::size_t assessors);
std::string mixed_scales();
std::string not_identified();
std::string assessor_without_ratings(std::string_view assessor);
std::string no_residual_df();
std::string rasch_rounded(std::size_t ratings);
std::string rasch_one_point(std::size_t ratings);
std::string rasch_extreme(std::size_t applicants);
std::string rasch_not_converged(std::size_t sweeps);

// === agreement statistics =====================================================

/// A subject's label, or "subject #i" (0-based) when the matrix has no labels.
std::string subject_name(const RatingMatrix& m, std::size_t s);
/// A rater's label, or "rater #j" (0-based).
std::string rater_name(const RatingMatrix& m, std::size_t r);

// --- the rating matrix ---
std::string wrong_size(std::size_t subjects, std::size_t raters, std::size_t values);
std::string wrong_labels(std::string_view what, std::size_t labels, std::size_t expected);
std::string out_of_range(const RatingMatrix& m, std::size_t s, std::size_t r, double v);

// --- complete blocks (ICC, Kendall's W) ---
std::string no_complete_block();
std::string dropped_raters(const RatingMatrix& m, const std::vector<std::size_t>& r);
std::string dropped_subjects(const RatingMatrix& m, const std::vector<std::size_t>& s);
std::string block_used(std::size_t subjects, std::size_t of_subjects, std::size_t raters,
                       std::size_t of_raters);

// --- ICC ---
std::string icc_undefined(std::string_view form, std::string_view why);
std::string icc_no_test(std::string_view forms, std::string_view mean_square);
std::string icc_no_interval(std::string_view forms);
std::string bad_confidence(double c);

// --- Krippendorff's alpha ---
std::string unpairable_units(const RatingMatrix& m, const std::vector<std::size_t>& s);
std::string too_few_pairable();
std::string ratio_negative(const RatingMatrix& m, std::size_t s, std::size_t r, double v);
std::string too_many_ratio_values(std::size_t values, std::size_t limit);
std::string no_expected_disagreement();
std::string bootstrap_undefined(std::size_t dropped, std::size_t samples);
std::string bootstrap_failed();

// --- kappas ---
std::string fleiss_dropped(const RatingMatrix& m, std::size_t ratings,
                           const std::vector<std::size_t>& s);
std::string fleiss_too_few();
std::string fleiss_no_test();
std::string one_category();
std::string bad_rater(std::size_t r, std::size_t raters);
std::string too_few_shared(const RatingMatrix& m, std::size_t a, std::size_t b, std::size_t shared);
std::string bad_scale(double lo, double hi);
std::string half_scale();
std::string off_scale(const RatingMatrix& m, std::size_t s, std::size_t r, double v);
std::string weighted_needs_two();

// --- Gwet's AC1/AC2 and Brennan-Prediger ---
std::string chance_no_pairs();
std::string chance_one_category();
std::string chance_undefined(std::string_view coefficient);

// --- Kendall's W ---
std::string kendall_all_tied();

}  // namespace shortlist::detail::calibration_msg

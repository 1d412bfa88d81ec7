// Generalizability theory for a panel (docs/calibration.md, "Generalizability"):
// how much of the spread in ratings is the applicants', how much the
// assessors', and how dependable a mark is with k assessors per applicant.
//
// Designs
// -------
// Per criterion, applicants × assessors (p × r): components `applicant`,
// `assessor` and `residual` (the p × r interaction confounded with error, one
// rating per cell). Over the rulebook, applicants × assessors × criteria
// (p × r × i): `applicant`, `assessor`, `criterion`, `applicant_assessor`,
// `applicant_criterion`, `assessor_criterion`, `residual` (p × r × i, error).
//
// Estimator
// ---------
// Henderson's (1953) method 1, which Brennan (2001, ch. 7) calls the
// analogous-ANOVA procedure: for every effect X the uncorrected sum of squares
// T(X) = Σ_levels (sum of the level's ratings)² / (its count), set equal to its
// expectation N μ² + Σ_C k(X, C) σ²(C), with k(X, C) = Σ_levels of X∪C
// n(X∪C)² / n(X); differences T(X) − T(μ) give one linear equation per
// component. When every applicant is rated by every assessor (on every
// criterion) the equations are the ANOVA expected mean squares and the
// estimates are the ANOVA ones ("anova"); otherwise "henderson1". Counts and
// sums take one pass over the ratings plus one over each applicant's own
// ratings (a counting sort): O(ratings + assessors × criteria), no dense
// applicants × assessors matrix.
//
// Coefficients
// ------------
// Negative estimates are reported as they are and taken as 0 in G and Φ
// (Brennan 2001; Cronbach et al. 1972). Per criterion, for the mean of the assessors
// an applicant has, ñ the harmonic mean of their number over applicants
// (exact for the error variance averaged over applicants):
//   G = σ²(p) / (σ²(p) + σ²(res)/ñ),  Φ = σ²(p) / (σ²(p) + (σ²(r) + σ²(res))/ñ).
// Overall, for the weighted total Σ_i w_i X̄_pi with the criteria fixed
// (Brennan 2001, the p × I × O design with I fixed), W = Σ w_i, V = Σ w_i²:
//   τ = W² σ²(p) + V σ²(pi)
//   δ = (W² σ²(pr) + V σ²(res)) / ñ
//   Δ = δ + (W² σ²(r) + V σ²(ri)) / ñ
//   G = τ / (τ + δ),  Φ = τ / (τ + Δ).
// The D study replaces ñ by k = 1..6.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/calibration.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

enum class VarianceEstimator { Anova, Henderson1 };
/// "anova" or "henderson1".
[[nodiscard]] std::string_view to_string(VarianceEstimator e);

/// One estimated variance component, in squared scale points.
struct VarianceComponent {
    std::string name;  ///< applicant, assessor, criterion, applicant_assessor, ...
    double value = 0;

    friend bool operator==(const VarianceComponent&, const VarianceComponent&) = default;
};

/// The components of the per-criterion (p × r) and overall (p × r × i)
/// studies, in the order Generalizability::variance_components holds them.
inline constexpr std::array<std::string_view, 3> criterion_component_names{"applicant", "assessor",
                                                                           "residual"};
inline constexpr std::array<std::string_view, 7> overall_component_names{
    "applicant",           "assessor",           "criterion", "applicant_assessor",
    "applicant_criterion", "assessor_criterion", "residual"};

/// G and Φ for k assessors per applicant.
struct DStudyRow {
    std::size_t assessors = 0;
    std::optional<double> g;
    std::optional<double> phi;

    friend bool operator==(const DStudyRow&, const DStudyRow&) = default;
};

/// The largest number of assessors in the D study table.
inline constexpr std::size_t d_study_max_assessors = 6;

/// The G study of one criterion (p × r) or of all of them (p × r × i).
struct Generalizability {
    std::string name;  ///< criterion id, or "overall"
    VarianceEstimator estimator = VarianceEstimator::Anova;
    /// In the order named in this header; empty when the design does not
    /// identify them (see notes).
    std::vector<VarianceComponent> variance_components;
    std::optional<double> g;    ///< relative (rank-order) coefficient, Eρ²
    std::optional<double> phi;  ///< absolute (dependability) coefficient, Φ
    /// ñ: harmonic mean, over applicants, of their number of assessors (on
    /// the criterion; overall, distinct assessors over all criteria).
    double assessors = 0;
    /// Overall: the composite's weight of each criterion (table order);
    /// empty per criterion.
    std::vector<double> weights;
    std::vector<DStudyRow> d_study;  ///< k = 1..d_study_max_assessors
    std::size_t n_applicants = 0;
    std::size_t n_assessors = 0;
    std::size_t n_ratings = 0;
    std::vector<std::string> notes;

    /// The component named `name`, if estimated.
    [[nodiscard]] std::optional<double> component(std::string_view name) const;

    friend bool operator==(const Generalizability&, const Generalizability&) = default;
};

struct GeneralizabilityStudy {
    std::vector<Generalizability> criteria;  ///< criteria with ratings, in table order
    Generalizability overall;

    friend bool operator==(const GeneralizabilityStudy&, const GeneralizabilityStudy&) = default;
};

/// The composite weights of the rulebook's weighted total, per table
/// criterion: effective_weights(rulebook) divided by the criterion's scale
/// span (the total normalises each criterion to 0..1), 0 for a criterion the
/// rulebook lacks. Any positive multiple gives the same G and Φ.
[[nodiscard]] std::vector<double> composite_weights(const RatingTable& table,
                                                    const Rulebook& rulebook);

/// The G studies of `table`. `weights` (one per table criterion, else equal
/// weights) define the overall composite. Never throws on data: what cannot
/// be estimated is empty with a note.
[[nodiscard]] GeneralizabilityStudy generalizability(const RatingTable& table,
                                                     std::span<const double> weights = {});

}  // namespace shortlist

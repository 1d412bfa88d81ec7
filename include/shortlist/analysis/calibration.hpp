// Panel calibration (docs/calibration.md): who marks harshly or leniently, which ratings
// need moderation, and whether the shortlist would change without assessor
// effects. The agreement statistics (ICC, alpha, kappas, W) are in
// agreement.hpp; this header holds the rating table both modules read, the
// assessor-effect models, the moderation worklist and the adjusted shortlist.
//
// Methods
// -------
// Additive model (EffectsModel::Additive, the default): score = applicant +
// criterion + assessor + error, by least squares. The applicant effects are
// eliminated exactly (each applicant's normal equation involves only its own
// ratings), leaving a dense system in the criterion and assessor effects
// (its size is criteria + assessors, never applicants) solved by LDLT: O(ratings
// + applicants × k² + (criteria + assessors)³) where k is the number of
// criteria and assessors one applicant meets. Criterion effects sum to zero;
// assessor effects sum to zero within each connected component of the design
// (below). severity = −(assessor effect), in scale points: positive for an
// assessor who gives lower scores than the panel for the same applicant and
// criterion. Its standard error is sqrt(σ² · v) where σ² = RSS / (N − p) is
// the residual variance and v the diagonal of the inverse information for the
// centred assessor effects.
//
// Many-facet Rasch model (EffectsModel::Rasch; Linacre 1989, rating-scale
// form): P(X = k) ∝ exp(Σ_{h≤k} (θ_applicant − δ_criterion − α_assessor −
// τ_h)), k = 0..K the score's category (score − scale minimum, rounded to a
// whole point; categories nobody used are closed up). Fitted by joint maximum
// likelihood (docs/calibration.md#the-rasch-fit): from thresholds at the
// category counts and abilities at the scores, each sweep takes a Newton step
// for each applicant (limited to 1 logit) and then one joint Newton step for
// the criteria, assessors and thresholds with the abilities eliminated,
// until no facet's own Newton step is 1e-7 logits (at most 1000 sweeps); the
// estimates are written to six decimals. Criteria and thresholds are centred
// on 0, assessors on 0 within
// each component. Applicants with an extreme score (all ratings at the
// minimum or maximum) take no part in estimating the other facets; their
// ability is estimated at the score 0.3 points in from the extreme (as
// Winsteps does). severity = α in logits (positive = harsher). Standard errors
// are the model's 1/sqrt(Σ information); infit = Σ(x−E)² / ΣVar and outfit =
// mean of (x−E)²/Var over the element's ratings (both 1 expected). JMLE is
// biased outward when each applicant has few ratings (roughly by L / (L − 1)
// for L ratings per applicant): in the tests 18 ratings per applicant gave
// severities about 9% too wide, 9 ratings about 20%. Use the Rasch model for
// its fit statistics and logit scale; the additive model has no such bias.
//
// Disconnected designs: assessors are compared through the applicants they
// share. The connected components of the assessor–applicant graph are found
// (union-find); assessor effects are comparable only within a component, so
// each component's are centred on its own panel and a note names the
// components.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ids.hpp"
#include "shortlist/progress.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// One numeric rating, by dense index into its RatingTable.
struct TableRating {
    std::uint32_t applicant = 0;
    std::uint32_t criterion = 0;
    std::uint32_t assessor = 0;
    std::uint32_t line = 0;  ///< in the ratings file, for messages
    double score = 0;

    friend bool operator==(const TableRating&, const TableRating&) = default;
};

/// The scale of one criterion.
struct ScaleRange {
    double min = 0;
    double max = 0;

    friend bool operator==(const ScaleRange&, const ScaleRange&) = default;
};

/// The ratings calibration works on: numbers only (a score, or not_evidenced
/// as the scale minimum); not_assessed and not_applicable carry no rating.
struct RatingTable {
    std::vector<ApplicantId> applicants;  ///< ids, by index
    std::vector<CriterionId> criteria;
    std::vector<AssessorId> assessors;
    std::vector<ScaleRange> scales;  ///< one per criterion
    std::vector<TableRating> ratings;
    std::string source;  ///< the ratings file, for messages
    /// How many rows were skipped because they carry no number (words).
    std::size_t skipped = 0;
    /// The scales are the ranges of the scores given (no rulebook).
    bool observed_scales = false;

    friend bool operator==(const RatingTable&, const RatingTable&) = default;
};

/// The table from loaded evidence and its rulebook (scales from the rulebook).
[[nodiscard]] RatingTable make_rating_table(const Evidence& evidence, const Rulebook& rulebook);

/// The table from a ratings CSV alone (no rulebook): columns applicant_id,
/// criterion, assessor, score (any order; others ignored). A number counts;
/// not_evidenced, not_assessed, not_applicable and an empty score are skipped;
/// anything else is an error. Each criterion's scale is the range of the scores
/// it was given. Throws EvidenceError at file:line:column.
[[nodiscard]] RatingTable parse_rating_table(std::string_view text, std::string_view name);
/// load_rating_table reports the file's bytes read to `progress` (may be
/// empty); the table is the same with or without it.
[[nodiscard]] RatingTable load_rating_table(const std::filesystem::path& ratings,
                                            const ProgressCallback& progress = {});
/// The same with each criterion's scale taken from the rulebook instead of the
/// data. Throws EvidenceError at the ratings file's line for the first rating
/// (in file order) whose criterion the rulebook lacks or whose score is off
/// its scale.
[[nodiscard]] RatingTable load_rating_table(const std::filesystem::path& ratings,
                                            const Rulebook& rulebook,
                                            const ProgressCallback& progress = {});

/// The ratings of one criterion as an applicants x assessors matrix for the
/// agreement statistics: subjects are the applicants with a rating of it,
/// raters the assessors who rated it (both in table order, labelled by id).
[[nodiscard]] RatingMatrix criterion_matrix(const RatingTable& table, std::uint32_t criterion);

/// Every criterion at once: subjects are the (applicant, criterion) cells with
/// a rating, raters every assessor with a rating. Scales should agree for the
/// statistics over it to mean anything (the caller checks).
[[nodiscard]] RatingMatrix overall_matrix(const RatingTable& table);

/// agreement_set of criterion_matrix(table, criterion), or of
/// overall_matrix(table) without a criterion, without building that dense
/// matrix: the same results, in the memory of the ratings.
[[nodiscard]] AgreementSet table_agreement_set(const RatingTable& table,
                                               std::optional<std::uint32_t> criterion,
                                               const AgreementSetOptions& options = {});

/// The size of the matrix criterion_matrix (a criterion) or overall_matrix
/// (none) would build, without building it (they are dense: subjects x raters).
struct MatrixShape {
    std::size_t subjects = 0;
    std::size_t raters = 0;
    std::size_t ratings = 0;
};
[[nodiscard]] MatrixShape matrix_shape(const RatingTable& table,
                                       std::optional<std::uint32_t> criterion);

enum class EffectsModel { Additive, Rasch };
[[nodiscard]] std::string_view to_string(EffectsModel m);  // "additive", "rasch"
/// The model named by to_string's text; nullopt for any other.
[[nodiscard]] std::optional<EffectsModel> parse_effects_model(std::string_view s);

/// Fit statistics of one element (Rasch only).
struct RaschFit {
    double infit = 0;
    double outfit = 0;

    friend bool operator==(const RaschFit&, const RaschFit&) = default;
};

struct AssessorEffect {
    AssessorId id;
    double severity = 0;          ///< scale points (additive) or logits (Rasch); + = harsher
    std::optional<double> se;     ///< none when it cannot be estimated (see notes)
    std::optional<RaschFit> fit;  ///< Rasch only
    std::size_t n_ratings = 0;
    std::uint32_t component = 0;
    /// Scale points to add to this assessor's ratings to remove the effect:
    /// the severity for the additive model; for Rasch the mean, over the
    /// assessor's ratings, of the expected score without minus with it.
    double adjustment = 0;
    /// Held at an earlier calibration's severity (anchoring.hpp); se is none.
    bool anchored = false;

    friend bool operator==(const AssessorEffect&, const AssessorEffect&) = default;
};

struct AssessorEffects {
    EffectsModel model = EffectsModel::Additive;
    std::vector<AssessorEffect> assessors;  ///< in table order
    std::vector<double> criterion_effects;  ///< additive: mean offset; Rasch: difficulty
    std::vector<std::optional<double>> applicant_effects;  ///< none: no ratings
    std::vector<std::optional<RaschFit>> applicant_fit;    ///< Rasch only (none if extreme)
    /// Rasch: thresholds τ_1..τ_K of each criterion's scale (same order as
    /// criteria; criteria on one scale share them).
    std::vector<std::vector<double>> thresholds;
    std::optional<double> residual_sd;  ///< additive: sqrt(σ²)
    std::size_t iterations = 0;         ///< Rasch sweeps
    bool converged = true;              ///< Rasch: the fit converged
    /// The design identifies the effects (else severities are meaningless;
    /// see notes): a criterion or assessor confounded with others is not.
    bool identified = true;
    /// Severities, standard errors, fit and adjustments mean something.
    [[nodiscard]] bool usable() const noexcept { return converged && identified; }
    std::size_t components = 1;
    std::vector<std::string> notes;
};

/// The most criteria + assessors the models estimate together (the additive
/// model's reduced system is dense in them: 5,000 is 200 MB and a few seconds).
inline constexpr std::size_t max_dense_effects = 5000;

/// Fit the model. Throws EvidenceError (FailedPrecondition) when the table has
/// no ratings, or more than max_dense_effects criteria and assessors. The
/// Rasch fit reports its sweeps to `progress` as a share of the way to
/// convergence, out of rasch_progress_total: log(first change / change) over
/// log(first change / tolerance), never going back, and (total, total) when
/// the fit ends. The effects are the same with or without it.
[[nodiscard]] AssessorEffects fit_assessor_effects(const RatingTable& table,
                                                   EffectsModel model = EffectsModel::Additive,
                                                   const ProgressCallback& progress = {});
/// The total the Rasch fit's progress counts to (a share in thousandths).
inline constexpr std::size_t rasch_progress_total = 1000;

/// One applicant and criterion whose ratings differ by more than the threshold.
struct ModerationCase {
    std::uint32_t applicant = 0;
    std::uint32_t criterion = 0;
    std::vector<std::uint32_t> assessors;  ///< in table order of their ratings
    std::vector<double> scores;            ///< same order
    double spread = 0;                     ///< max − min

    friend bool operator==(const ModerationCase&, const ModerationCase&) = default;
};

/// An assessor whose severity differs from the panel, both statistically and
/// in practice:
///  - |z| = |severity / se| is above the two-sided 5% critical value with
///    Bonferroni's correction for the number k of assessors with a standard
///    error (p < 0.05 / k). The test is against the panel's mean, which
///    includes the assessor; against the mean of the others it gives the same
///    z (both the estimate and its standard error scale by k / (k − 1));
///  - and the assessor's adjustment is at least `min_severity` scale points
///    (default 0.25, a quarter of the usual one-point moderation rule): with
///    thousands of ratings a twentieth of a point is "significant", and one
///    harsh assessor makes every other one significantly lenient by a little.
struct FlaggedAssessor {
    std::uint32_t assessor = 0;
    double z = 0;
    double p = 0;  ///< two-sided, before the correction

    friend bool operator==(const FlaggedAssessor&, const FlaggedAssessor&) = default;
};

struct Moderation {
    double threshold = 1;
    std::vector<ModerationCase> cases;  ///< by applicant, then criterion (table order)
    std::vector<FlaggedAssessor> assessors;
    double alpha = 0.05;         ///< family-wise level; each assessor is tested at alpha / k
    double min_severity = 0.25;  ///< scale points (the adjustment), see FlaggedAssessor
};

/// The default threshold: ratings more than 1 scale point apart.
inline constexpr double default_moderation_threshold = 1.0;
/// The default practical size for flagging an assessor, in scale points.
inline constexpr double default_min_severity = 0.25;

[[nodiscard]] Moderation moderate(const RatingTable& table, const AssessorEffects& effects,
                                  double threshold = default_moderation_threshold,
                                  double min_severity = default_min_severity);

/// The evidence with each assessor's effect removed: every Score rating of an
/// assessor in `effects` (matched by id) gets the assessor's adjustment added,
/// clamped to the criterion's scale. not_evidenced stays as it is (finding no
/// evidence is not a matter of severity), as do the other kinds. Throws
/// EvidenceError (FailedPrecondition, at the ratings file) if the effects are
/// not usable().
[[nodiscard]] Evidence adjust_for_assessors(const Evidence& evidence, const Rulebook& rulebook,
                                            const AssessorEffects& effects);

/// Who enters and who leaves between two shortlists of the same applicants
/// in the same order, such as before and after assessor effects are removed
/// (entrants first by new rank, then leavers by old rank; without a rank, in
/// evidence order). GuaranteedInterview counts as shortlisted. Throws Error
/// (InvalidArgument) if the two have different numbers of applicants, or an
/// applicant has no entry in one of them.
[[nodiscard]] std::vector<ShortlistMove> compare_shortlists(const Shortlist& before,
                                                            const Shortlist& after);

}  // namespace shortlist

// Simulated panels (docs/simulate.md): applicants of known ability rated by
// assessors of known severity under a chosen linking design, written in the
// formats `score` and `calibrate` read, and experiments that calibrate many
// such panels and report how well the truth is recovered.
//
// Randomness
// ----------
// Every replicate has its own stream: std::mt19937_64 (whose output the C++
// standard fixes) seeded with SplitMix64 of (design seed, replicate). Uniform
// numbers are the engine's top 53 bits; normal numbers come from Marsaglia's
// polar method and integers in [0, n) from rejection sampling, written here
// (std::normal_distribution and std::uniform_int_distribution differ between
// standard libraries). The same seed gives the same panel, byte for byte,
// whatever the thread count (up to the last bit of the C library's log and
// exp, which the polar method and the Rasch probabilities use).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/calibration.hpp"
#include "shortlist/ids.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// How a rating arises from the truth.
enum class SimulationModel {
    /// rating = mid + ability − difficulty − severity + N(0, noise²), rounded
    /// to a whole point and clipped to the scale (mid = the scale's middle).
    Additive,
    /// Rating-scale model: P(category k) ∝ exp(Σ_{h≤k} (ability − difficulty −
    /// severity − τ_h)), k = 0..K; the rating is min + k.
    Rasch,
};
[[nodiscard]] std::string_view to_string(SimulationModel m);  // "additive", "rasch"

/// Which assessors rate which applicant (every assessor an applicant has
/// rates every criterion).
enum class LinkingDesign {
    Complete,        ///< every assessor rates every applicant
    Random,          ///< k of the m assessors, drawn at random for each applicant
    BalancedBlocks,  ///< the k-subsets of the m assessors in turn (docs/simulate.md)
};
[[nodiscard]] std::string_view to_string(
    LinkingDesign d);  // "complete", "random", "balanced_blocks"

/// A normal distribution.
struct Spread {
    double mean = 0;
    double sd = 1;

    friend bool operator==(const Spread&, const Spread&) = default;
};

struct SimulatedCriterion {
    CriterionId id;
    std::string text;  ///< for the rulebook written beside the panel
    Group group = Group::Essential;
    double weight = 1;
    double min = 1;  ///< the scale's whole points min..max
    double max = 5;
    double difficulty = 0;  ///< scale points (additive) or logits (Rasch); + = lower ratings

    friend bool operator==(const SimulatedCriterion&, const SimulatedCriterion&) = default;
};

/// A design file, read (docs/simulate.md lists its keys).
struct SimulationDesign {
    std::string source;              ///< the design file, for messages
    std::filesystem::path rulebook;  ///< the rulebook the criteria came from, if any
    std::uint64_t seed = 1;
    std::size_t applicants = 100;
    Spread ability{0, 1};
    double guaranteed_interview_rate = 0;
    std::size_t assessors = 6;
    /// One per assessor when given; else each replicate draws them from `severity`.
    std::vector<double> severities;
    Spread severity{0, 0.5};
    std::vector<SimulatedCriterion> criteria;
    /// Group weights of the rulebook written beside the panel (taken from
    /// the design's `rulebook:` when there is one).
    GroupWeights group_weights;
    Aggregation aggregation = Aggregation::WeightedMean;
    LinkingDesign linking = LinkingDesign::Complete;
    std::size_t per_applicant = 0;  ///< k (Random, BalancedBlocks); m for Complete
    SimulationModel model = SimulationModel::Additive;
    double noise = 0.5;  ///< additive only: the sd of the error, in scale points
    /// Rasch only: τ_1..τ_K, shared by every criterion (their scales must have
    /// K + 1 points); empty = K evenly spaced from −(K−1)/2 to (K−1)/2 logits.
    std::vector<double> thresholds;
    double missing_rate = 0;                    ///< each rating is left out with this probability
    std::size_t top = 10;                       ///< the shortlist size N
    EffectsModel fit = EffectsModel::Additive;  ///< the calibration model (default: the model's)

    friend bool operator==(const SimulationDesign&, const SimulationDesign&) = default;
};

/// Read a design file. Throws Error listing every problem at
/// file:line:column (a `rulebook:` it names is loaded relative to it; its own
/// problems are a RulebookError at its lines), UsageError if the design
/// cannot be read.
[[nodiscard]] SimulationDesign load_design(const std::filesystem::path& file);
[[nodiscard]] SimulationDesign parse_design(std::string_view yaml, std::string_view name,
                                            const std::filesystem::path& base_dir = {});

/// One simulated panel: the truth and the files made from it.
struct SimulatedPanel {
    std::size_t replicate = 0;
    std::uint64_t seed = 0;  ///< the replicate's own seed
    std::vector<ApplicantId> applicant_ids;
    std::vector<AssessorId> assessor_ids;
    std::vector<double> abilities;                ///< by applicant
    std::vector<bool> guaranteed;                 ///< opted into the guaranteed interview scheme
    std::vector<double> severities;               ///< by assessor, as drawn (not centred)
    std::vector<std::vector<double>> thresholds;  ///< Rasch: τ of each criterion
    /// The files, as text: the rulebook (criteria, scales, weights, shortlist
    /// size; no eligibility, minimums or pass mark), applicants and ratings.
    std::string rulebook_yaml;
    std::string applicants_csv;
    std::string ratings_csv;
    std::size_t ratings = 0;
    std::size_t missing = 0;  ///< ratings the design made and then left out
};

/// Replicate `replicate` of the design (replicate 0 is the panel `simulate`
/// writes). Deterministic in (design, replicate).
[[nodiscard]] SimulatedPanel simulate_panel(const SimulationDesign& design,
                                            std::size_t replicate = 0);

/// What one replicate's calibration recovered. Severities are compared
/// after centring the true ones on the panel's mean, as the estimates are.
struct ReplicateResult {
    std::size_t replicate = 0;
    std::uint64_t seed = 0;
    bool usable = false;  ///< the effects could be estimated (AssessorEffects::usable)
    std::size_t components = 1;
    std::optional<double> rmse;         ///< root mean square of (estimate − truth)
    std::optional<double> correlation;  ///< Pearson, estimates with the truth
    std::optional<double> slope;        ///< least-squares slope of estimates on truth
    /// Share of the true shortlist (the N ablest, plus those opted into the
    /// guaranteed interview scheme) that the scored shortlist holds, before
    /// and after removing the estimated assessor effects.
    double overlap_raw = 0;
    std::optional<double> overlap_adjusted;
    std::optional<double> alpha;          ///< Krippendorff's alpha (interval), all criteria
    std::optional<double> icc;            ///< ICC(2,1) on the largest complete block
    std::vector<double> true_severities;  ///< centred, by assessor
    std::vector<std::optional<double>> estimated_severities;

    friend bool operator==(const ReplicateResult&, const ReplicateResult&) = default;
};

/// Over the replicates where it is defined.
struct Summary {
    std::size_t n = 0;
    std::optional<double> mean, sd, min, max;

    friend bool operator==(const Summary&, const Summary&) = default;
};

/// One assessor across the replicates.
struct AssessorRecovery {
    AssessorId id;
    double true_severity = 0;  ///< mean over replicates (centred)
    std::optional<double> mean_estimate;
    std::optional<double> bias;  ///< mean of (estimate − truth)
    std::optional<double> rmse;

    friend bool operator==(const AssessorRecovery&, const AssessorRecovery&) = default;
};

struct ExperimentOptions {
    std::size_t replicates = 1;
    /// Threads to use; 0 = every core. The result does not depend on it.
    std::size_t threads = 0;
    /// Called after each replicate with (done, replicates), never by two
    /// threads at once; may be empty.
    std::function<void(std::size_t, std::size_t)> progress;
};

struct ExperimentResult {
    SimulationDesign design;
    std::vector<ReplicateResult> replicates;
    std::vector<AssessorRecovery> assessors;
    Summary rmse, correlation, slope, overlap_raw, overlap_adjusted, alpha, icc;
    /// Over the assessors: the mean and the largest |bias| (AssessorRecovery).
    /// (Within one replicate the mean of estimate − truth is 0 by the
    /// centring; bias shows across replicates, assessor by assessor.)
    std::optional<double> mean_abs_bias, max_abs_bias;
    std::size_t unusable = 0;  ///< replicates whose effects could not be estimated
    std::vector<std::string> notes;
};

/// Calibrate one simulated panel: its files are read back as `calibrate`
/// reads them, the design's model is fitted, and the applicants are scored
/// and shortlisted as `score` would, raw and adjusted.
[[nodiscard]] ReplicateResult evaluate_panel(const SimulationDesign& design,
                                             const SimulatedPanel& panel);

/// Run options.replicates replicates (each simulate_panel then
/// evaluate_panel) on options.threads threads. Throws UsageError when there
/// are no replicates.
[[nodiscard]] ExperimentResult run_experiment(const SimulationDesign& design,
                                              const ExperimentOptions& options);

}  // namespace shortlist

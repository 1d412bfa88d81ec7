// Pieces of the simulation shared between its translation units.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "shortlist/analysis/simulation.hpp"

namespace shortlist::detail {

/// The truth of one replicate and who rates whom, before it becomes text.
struct PanelTruth {
    std::vector<double> abilities;
    std::vector<bool> guaranteed;
    std::vector<double> severities;
    std::vector<std::vector<double>> thresholds;           ///< Rasch, per criterion
    std::vector<std::vector<std::uint32_t>> assessors_of;  ///< per applicant, ascending
};

/// Throws UsageError if a design built in code cannot be simulated (the
/// design reader reports the same problems at their place in the file).
void check_design(const SimulationDesign& design);

/// The thresholds τ_1..τ_K a criterion with K + 1 points uses.
[[nodiscard]] std::vector<double> thresholds_for(const SimulationDesign& design,
                                                 const SimulatedCriterion& criterion);

/// C(m, k), or max + 1 when it is above `max`.
[[nodiscard]] std::size_t count_blocks(std::size_t m, std::size_t k, std::size_t max);
/// The most blocks a balanced_blocks design may enumerate.
inline constexpr std::size_t max_blocks = 100000;

/// "A0001": ids padded to the width of the largest.
[[nodiscard]] std::vector<ApplicantId> applicant_ids(std::size_t n);
[[nodiscard]] std::vector<AssessorId> assessor_ids(std::size_t m);

/// The rulebook written beside the panel (docs/simulate.md, "Output files").
[[nodiscard]] std::string simulation_rulebook_yaml(const SimulationDesign& design,
                                                   const SimulatedPanel& panel);

}  // namespace shortlist::detail

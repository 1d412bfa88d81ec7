// The weight draws of sensitivity(), shared by sensitivity.cpp and
// draws.cpp (which defines them).
#pragma once

#include <cstddef>
#include <span>

#include "shortlist/analysis/sensitivity.hpp"

namespace shortlist::detail {

/// Throws UsageError if the options cannot be used (no draws, κ not above 0,
/// a perturbation outside [0, 1)).
void check_sensitivity_options(const SensitivityOptions& o);

/// Draw `draw`'s weights into out[0, m) (m = base.size()): see draw_weights().
void draw_weights_into(std::span<const double> base, const SensitivityOptions& o, std::size_t draw,
                       double* out);

}  // namespace shortlist::detail

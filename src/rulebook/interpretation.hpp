// The checks of a rulebook's interpretations (docs/rulebook.md,
// "Interpretations"), run with the other semantic checks by check_rulebook().
// Private to src/rulebook/.
#pragma once

#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

/// Each interpretation has an id ([a-z0-9_-]+, unique), a quotation, a
/// reading, an alternative that differs from it and a source (none blank); each `about`
/// item is "<kind>:<id>" naming a fact, top-level eligibility item,
/// criterion, group with criteria or scale of the rulebook. Problems are
/// reported at the entry or at the `about` item.
void check_interpretations(const Rulebook& rulebook, std::vector<Diagnostic>& out);

}  // namespace shortlist::detail

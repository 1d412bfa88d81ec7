// Evidence from files or from DataFrames' CSV text, as the CLI reads it.
#pragma once

#include <optional>

#include "python/common.hpp"
#include "shortlist/evidence.hpp"

namespace shortlist::python {

/// Load applicants (and ratings, if given) as `shortlist score` does, blind
/// sifting included unless `blind` is false (sensitivity and compare read
/// the evidence without it, as their commands do). Throws the library's errors.
[[nodiscard]] Evidence load(const Rulebook& rb, const Input& applicants,
                            const std::optional<Input>& ratings, bool blind = true);

}  // namespace shortlist::python

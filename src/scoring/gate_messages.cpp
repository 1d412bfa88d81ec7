// The sentence a failed criterion minimum gives an applicant (see
// gate_messages.hpp).
#include "scoring/gate_messages.hpp"

#include <cmath>
#include <cstddef>

#include "util/number.hpp"

namespace shortlist::detail {

namespace {

/// A criterion rated on its framework's levels (docs/rulebook.md, "Competency
/// levels"): the level shown and the level required, by name. `raw` is the
/// mean of the assessors' points, so it may fall between two levels; it is
/// named by the highest level it reaches.
std::string msg_below_level(const Criterion& c, double raw) {
    const CompetencyRef& ref = *c.competency;
    std::string shown = "below " + (ref.levels.empty() ? std::string("?") : ref.levels.front());
    for (std::size_t i = 0; i < ref.levels.size(); ++i)
        if (raw >= static_cast<double>(i + 1))
            shown = ref.levels[i];
    const std::string mean = raw != std::floor(raw) ? " (mean " + format_trimmed(raw) + ")" : "";
    return c.id.value() + ": shows level " + shown + mean + ", below the required level " +
           ref.level + " of framework " + ref.framework;
}

}  // namespace

std::string msg_below_minimum(const Criterion& c, double raw, std::string_view scale) {
    if (c.competency && c.competency->rated_on == RatedOn::Level)
        return msg_below_level(c, raw);
    return c.id.value() + ": scored " + format_trimmed(raw) + ", below the minimum " +
           format_shortest(*c.minimum) + " on scale " + std::string(scale);
}

}  // namespace shortlist::detail

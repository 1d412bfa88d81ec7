// The rules command's report (docs/rulebook.md): a rulebook as it will be
// applied, for people (write_text) or for tools (write_json, to_json()).
#pragma once

#include <iosfwd>

#include "shortlist/rulebook.hpp"

namespace shortlist {

/// The summary `shortlist rules` prints: id, title, aggregation, pass mark and
/// size, eligibility conditions, each criterion's share of the total, and the
/// monitoring-only columns.
void write_text(std::ostream& os, const Rulebook& rulebook);
/// The compiled rulebook as JSON (to_json()).
void write_json(std::ostream& os, const Rulebook& rulebook);

}  // namespace shortlist

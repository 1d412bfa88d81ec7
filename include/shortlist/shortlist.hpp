// Umbrella header: everything a recruitment system needs to score and report.
// The analyses have their own headers in shortlist/analysis/ (calibration,
// agreement, sensitivity, compare, simulation), each command's report and
// writers theirs in shortlist/report/, the audit record shortlist/audit.hpp;
// shortlist/fwd.hpp declares the main types (docs/architecture.md).
#pragma once

#include "shortlist/analysis/bands.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/fwd.hpp"
#include "shortlist/ids.hpp"
#include "shortlist/outcome.hpp"
#include "shortlist/progress.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"
#include "shortlist/value.hpp"
#include "shortlist/version.hpp"

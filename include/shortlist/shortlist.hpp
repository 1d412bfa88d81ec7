// Umbrella header: everything a recruitment system needs to score and report.
// The analysis modules have their own headers: calibration.hpp (and
// agreement.hpp), sensitivity.hpp, compare.hpp, blind.hpp.
#pragma once

#include "shortlist/analysis/bands.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ids.hpp"
#include "shortlist/outcome.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"
#include "shortlist/value.hpp"
#include "shortlist/version.hpp"

// Forward declarations of the library's main types, for headers that only
// pass them by reference (the way spdlog's fwd.hpp serves its users). Include
// the type's own header to use it.
#pragma once

#include <string>

namespace shortlist {

template <class Tag, class Rep>
class StrongId;
using ApplicantId = StrongId<struct ApplicantTag, std::string>;
using CriterionId = StrongId<struct CriterionTag, std::string>;
using AssessorId = StrongId<struct AssessorTag, std::string>;

// Errors (error.hpp).
struct SourceLocation;
struct Diagnostic;
class Error;
class RulebookError;
class EvidenceError;
class UsageError;

// The pipeline: rulebook -> evidence -> scoring -> ranking (rulebook.hpp,
// evidence.hpp, scorer.hpp, outcome.hpp, ranking.hpp, stream.hpp).
struct Rulebook;
struct Criterion;
struct Evidence;
struct Application;
class Scorer;
struct ScoreOptions;
struct Outcome;
struct Shortlist;
struct StreamOptions;
struct StreamResult;

// Analyses (analysis/*.hpp).
struct RatingTable;
struct RatingMatrix;
struct AssessorEffects;
struct Moderation;
struct SensitivityOptions;
struct SensitivityResult;
struct Comparison;
struct FairnessReport;

// Each command's report and its writers (report/*.hpp), and the audit
// record (audit.hpp).
struct ScoreRequest;
struct ScoreReport;
struct CalibrationRequest;
struct CalibrationReport;
struct SensitivityRequest;
struct SensitivityReport;
struct ComparisonRequest;
struct ComparisonReport;
struct FairnessRequest;
struct AdverseImpactReport;
struct PanelRequest;
struct PanelReport;
class RunRecorder;
class Audit;
struct AuditRecord;

}  // namespace shortlist

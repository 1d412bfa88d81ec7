// The calibrate command's report (docs/calibration.md): how far the assessors
// agree (per criterion and over all of them), who marks harder or softer than
// the panel, which ratings need moderation, and who enters or leaves the
// shortlist when assessor effects are removed; built from files or from a
// rating table, and written as text, JSON or CSV tables.
//
// Each report of a command has a header here, named as its analysis in
// shortlist/analysis/: the analysis computes the numbers, the report gathers
// what the command shows and writes it (write_text, write_json, csv_tables).
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/anchoring.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/generalizability.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/progress.hpp"
#include "shortlist/report/csv_table.hpp"
#include "shortlist/report/recorder.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// The agreement statistics of one criterion, or of all of them ("overall").
struct CriterionAgreement {
    std::string name;  ///< criterion id, or "overall"
    std::size_t n_applicants = 0;
    std::size_t n_assessors = 0;
    std::size_t n_ratings = 0;
    IccResult icc;
    std::array<AlphaResult, 4> alpha;  ///< nominal, ordinal, interval, ratio
    FleissKappaResult fleiss;
    KendallWResult kendall;
    std::vector<CohenKappaResult> cohen;  ///< every pair of assessors sharing applicants
    ChanceCorrectedResult chance;         ///< Gwet's AC1/AC2, Brennan-Prediger
    std::vector<std::string> labels;      ///< the matrix's assessors (Cohen's indices)
    /// Each statistic's notes, prefixed with its name ("ICC: ...").
    std::vector<std::string> notes;
};

/// The alpha metrics in CriterionAgreement::alpha order.
inline constexpr std::array<std::string_view, 4> alpha_metric_names{"nominal", "ordinal",
                                                                    "interval", "ratio"};

struct CalibrationOptions {
    EffectsModel model = EffectsModel::Additive;
    double threshold = default_moderation_threshold;  ///< moderation, scale points
    double min_severity = default_min_severity;       ///< flagging, scale points
    std::optional<std::size_t> top;                   ///< shortlist size (else the rulebook's)
    std::size_t bootstrap = 1000;                     ///< resamples for alpha's interval (0: none)
    /// Hold these assessors' severities (docs/calibration.md#anchoring).
    std::optional<Anchors> anchors;
    double drift_threshold = default_drift_threshold;  ///< with anchors
    /// The long steps' progress: "Rasch fit" (the Rasch model only) and
    /// "alpha bootstrap" (every alpha's resamples together); may be empty.
    ProgressSteps progress = {};
};

struct CalibrationReport {
    RatingTable table;
    AssessorEffects effects;
    Moderation moderation;
    std::vector<CriterionAgreement> criteria;  ///< criteria with ratings, in table order
    std::optional<CriterionAgreement> overall;
    /// Variance components, G, Phi and the D study per criterion and for the
    /// weighted total (the rulebook's weights, else equal).
    GeneralizabilityStudy generalizability;
    /// Who enters or leaves the shortlist without assessor effects; none
    /// without the rulebook and evidence (or when the effects are not usable).
    std::optional<std::vector<ShortlistMove>> moves;
    std::vector<std::string> notes;
    /// With anchors: who was anchored, who is new, and the anchors' drift.
    std::optional<Anchoring> anchoring;
};

/// The report of `table`. With `rulebook`, the weighted total's weights for
/// generalizability; with `rulebook` and `evidence` (the ones the table was
/// made from, make_rating_table), also the shortlist moves. A matrix of
/// more than 50 million cells (applicants × assessors) is not given to the
/// agreement statistics: its CriterionAgreement holds the counts and a note.
[[nodiscard]] CalibrationReport calibration_report(RatingTable table,
                                                   const CalibrationOptions& options,
                                                   const Rulebook* rulebook = nullptr,
                                                   const Evidence* evidence = nullptr);

/// What `shortlist calibrate` reads: the ratings CSV, or the applicants (JSON
/// Lines holding the ratings, or CSV with the ratings CSV) scored under the
/// rulebook; the rulebook's scales and moderation policy unless the request
/// sets them.
struct CalibrationRequest {
    std::optional<std::filesystem::path> rules;
    std::optional<std::filesystem::path> applicants;  ///< needs rules
    std::optional<std::filesystem::path> ratings;     ///< required without applicants
    EffectsModel model = EffectsModel::Additive;
    std::optional<double> threshold;     ///< else the rulebook's, else the default
    std::optional<double> min_severity;  ///< else the rulebook's, else the default
    std::optional<std::size_t> top;
    std::size_t bootstrap = 1000;
    /// The --csv directory the report will be written to: refused before
    /// anything is read if a table would overwrite an input.
    std::optional<std::filesystem::path> csv_dir;
    /// An earlier `calibrate --json` whose severities anchor this run.
    std::optional<std::filesystem::path> anchor;
    double drift_threshold = default_drift_threshold;
    /// Each file read ("reading ratings.csv", in bytes), then the options'
    /// steps (CalibrationOptions::progress); may be empty.
    ProgressSteps progress = {};
};

/// The anchors in an earlier `calibrate --json` document: its "model", each
/// assessor's "severity" (assessors with null are left out) and, if it has
/// one, its "wright_map"'s criteria scales. Throws EvidenceError at
/// name:line:column for malformed JSON or a document of another shape.
[[nodiscard]] Anchors parse_anchors(std::string_view json, std::string_view name);
[[nodiscard]] Anchors load_anchors(const std::filesystem::path& file);

/// Load the request's files (each recorded in `recorder` before it is read:
/// rulebook, applicants, ratings, and the bootstrap's seed) and build the
/// report. Throws the loaders' errors; UsageError for a request without
/// ratings, or with applicants and no rulebook.
[[nodiscard]] CalibrationReport calibration_report(const CalibrationRequest& request,
                                                   RunRecorder& recorder);

/// The text summary `shortlist calibrate` prints.
void write_text(std::ostream& os, const CalibrationReport& report);
/// The JSON document (docs/calibration.md lists the keys).
void write_json(std::ostream& os, const CalibrationReport& report);
/// The CSV tables (each fill reads `report`, which must outlive them):
/// agreement.csv, generalizability.csv, assessors.csv, moderation.csv,
/// shortlist_changes.csv (with moves), rasch_criteria.csv and
/// rasch_applicants.csv (Rasch), notes.csv.
[[nodiscard]] std::vector<CsvTable> csv_tables(const CalibrationReport& report);

}  // namespace shortlist

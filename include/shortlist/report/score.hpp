// The score command's report (docs/scoring.md): the ranked shortlist with its
// reasons, and what the command adds to it (assessor adjustment, what it
// takes, score bands, the columns dropped for a blind sift); built from files
// and written as CSV or JSON (shortlist/report.hpp holds the writers of a
// bare Shortlist).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/bands.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/progress.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/csv_table.hpp"
#include "shortlist/report/recorder.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// Score bands as asked for: each setting the request leaves out comes from
/// the rulebook's shortlist.bands. Without a reliability in either, it is the
/// panel's G of the weighted total from the same ratings (generalizability.hpp;
/// the band's reliability_source says so).
struct BandRequest {
    std::optional<double> reliability;  ///< 0..1
    std::optional<double> confidence;   ///< strictly between 0 and 1
    std::optional<BandMethod> method;
};

/// A whole field as a finite decimal number, read as the rulebook and
/// evidence loaders read numbers (locale-free; no "nan", "inf", hex or
/// surrounding space): for band settings given as text.
[[nodiscard]] std::optional<double> parse_decimal(std::string_view text);

/// The result's form: Json carries its record inside the document; Csv, and
/// Xlsx (score_workbook in shortlist/xlsx.hpp, written as CSV is; docs/excel.md),
/// have theirs beside them.
enum class ScoreFormat { Csv, Json, Xlsx };

/// What `shortlist score` reads and adds.
struct ScoreRequest {
    std::filesystem::path rules;
    std::filesystem::path applicants;
    std::optional<std::filesystem::path> ratings;
    std::optional<std::size_t> top;  ///< else the rulebook's shortlist.top
    /// Score at this stage (docs/rulebook.md, "Stages"); else the rulebook's,
    /// else the sift.
    std::optional<Stage> stage;
    /// Remove each assessor's severity (this model, as calibrate fits it)
    /// before scoring; each applicant adjusted gets a note.
    std::optional<EffectsModel> adjust_assessors;
    bool explain = false;        ///< JSON: the per-criterion breakdown
    bool what_it_takes = false;  ///< what_it_takes() for each applicant
    std::optional<BandRequest> bands;
    /// Only the shortlisted rows; streamed (bounded memory) when the files
    /// can be and there is a shortlist size and no assessor adjustment.
    bool shortlist_only = false;
    ScoreFormat format = ScoreFormat::Csv;
    /// Where the result and its record will be written: refused if either is
    /// an input; a JSON result file is the record's "result".
    ResultDestination destination;
    /// Told, before scoring, what a person should know about the run: the
    /// monitoring-only columns dropped from the applicants file ("monitoring-
    /// only columns dropped from FILE on load, never scored: sex ethnicity").
    /// May be empty.
    std::function<void(const std::string&)> note;
    /// The long steps' progress: each file read ("reading applicants.csv"),
    /// or each pass of the stream, and the Rasch fit of an adjustment; may be
    /// empty (shortlist/progress.hpp).
    ProgressSteps progress = {};
};

struct ScoreReport {
    Rulebook rulebook;  ///< as applied (the Scorer's)
    Shortlist shortlist;
    bool explain = false;
    std::optional<std::vector<WhatItTakes>> what_it_takes;  ///< one per entry
    std::optional<Bands> bands;
    /// Monitoring-only columns dropped from the applicants file on load
    /// (blind.hpp), never scored.
    std::vector<std::string> dropped_columns;
};

/// Load the rulebook (refusing protected or identifying columns in the
/// applicants file), record the inputs in `recorder`, load or stream the
/// evidence, score, select and add what the request asks for. Throws the
/// loaders' errors; UsageError for bands without a reliability whose ratings
/// give no G either, or shortlist_only with what_it_takes or bands.
[[nodiscard]] ScoreReport score_report(const ScoreRequest& request, RunRecorder& recorder);

/// The shortlist CSV (report.hpp's write_csv with the report's additions).
void write_csv(std::ostream& os, const ScoreReport& report);
/// The shortlist JSON (report.hpp's write_json with the report's additions).
void write_json(std::ostream& os, const ScoreReport& report);

}  // namespace shortlist

// Writing a shortlist: CSV for spreadsheets, JSON for other tools. Each
// command's whole report, with its writers, is in shortlist/report/<name>.hpp
// (score.hpp for this one with its additions).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/analysis/bands.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

struct ReportOptions {
    bool explain = false;  ///< JSON: add the per-criterion breakdown
    /// JSON: monitoring-only columns dropped from the applicants file on load
    /// (blind.hpp), written as "dropped_columns" when there are any.
    std::vector<std::string> dropped_columns{};
    /// what_it_takes(), one per entry: adds "what_it_takes" to each applicant
    /// (JSON) and the columns margin, improve_criterion, improve_points,
    /// improve_to, what_it_takes (CSV). None: left out.
    std::optional<std::vector<WhatItTakes>> what_it_takes{};
    /// band(): adds "band" to each applicant and a top-level "bands" (JSON),
    /// and the columns band, band_boundary (CSV). None: left out.
    std::optional<Bands> bands{};

    friend bool operator==(const ReportOptions&, const ReportOptions&) = default;
};

/// Columns: rank, applicant_id, status, total, essential, desirable,
/// competency, conditions, reasons; one row per entry in Shortlist order, rows
/// ending in "\n". rank is empty when not eligible; the total and the group
/// scores (0..100) have 6 decimals, and a group without a score is empty;
/// conditions and reasons are joined with "; ". Numbers are locale-free. Text
/// a spreadsheet would run as a formula (starting = + - @, tab or CR) gets a
/// leading ' (CSV injection); cells with a comma, quote or line break are
/// quoted as RFC 4180 says.
/// With options.bands or options.what_it_takes, their columns follow
/// (docs/explanations.md, "What it takes", "Score bands").
void write_csv(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
               const ReportOptions& options = {});

/// {"rulebook": {"id", "version", "aggregation"}, "top" (or null),
/// "shortlisted", "dropped_columns" (only when there are any), "applicants": [{"rank" (or null),
/// "applicant_id", "status", "total", "groups": {"essential", "desirable", "competency"} (0..100 or
/// null), "conditions", "reasons", "failed_gates": [{"kind", "id",
/// "message"}], and with explain "criteria": [{"id", "group", "status", "raw"
/// (or null), "normalised", "weight", "effective_weight", "contribution",
/// "assessors", "indicators_ticked"}]}]}. Computed numbers have 6 decimals;
/// rulebook weights are written as given. Byte-deterministic.
void write_json(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                const ReportOptions& options = {});

/// The shortlist entry `entry` alone: the object write_json writes for it in
/// "applicants" (the same keys and numbers, indented from the left margin),
/// then a newline. For a recruitment system scoring one application at a time
/// (the C interface, shortlist.h). Precondition: entry < shortlist.entries.size().
void write_json_applicant(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                          std::size_t entry, const ReportOptions& options = {});

}  // namespace shortlist

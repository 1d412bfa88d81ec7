// The pieces every report writer shares (private): CSV cells, optional numbers
// in JSON and CSV, padded text columns, and the notes every report ends with.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/report/csv_table.hpp"
#include "util/csv_cell.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist::report {

/// One text cell: a leading ' on text a spreadsheet would run as a formula,
/// then RFC 4180 quoting (util/csv_cell.hpp).
inline std::string csv_text(std::string_view s) {
    return detail::csv_cell(s);
}

/// A number, shortest form; empty when there is none.
inline std::string csv_number(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? detail::format_shortest(*v) : "";
}

/// A count; empty when there is none.
inline std::string csv_count(const std::optional<std::size_t>& v) {
    return v ? std::to_string(*v) : std::string();
}

inline void json_count(detail::JsonWriter& json, std::size_t v) {
    json.value(static_cast<std::uint64_t>(v));
}

/// A count, or null.
inline void json_count(detail::JsonWriter& json, const std::optional<std::size_t>& v) {
    if (v)
        json_count(json, *v);
    else
        json.null();
}

/// A number (shortest round-trip text), or null (also when not finite).
inline void json_number(detail::JsonWriter& json, const std::optional<double>& v) {
    if (v)
        json.value(*v);
    else
        json.null();
}

/// s and then spaces up to `width` (at least one).
inline std::string pad(std::string s, std::size_t width) {
    s.append(s.size() < width ? width - s.size() : 1, ' ');
    return s;
}

/// A rank, or "-" when there is none.
inline std::string rank_text(const std::optional<std::size_t>& r) {
    return r ? std::to_string(*r) : std::string("-");
}

/// "\nnotes:\n  - ...\n" when there are any.
inline void write_notes(std::ostream& os, const std::vector<std::string>& notes) {
    if (notes.empty())
        return;
    os << "\nnotes:\n";
    for (const auto& n : notes)
        os << "  - " << n << '\n';
}

/// "notes": [...].
inline void write_notes(detail::JsonWriter& json, const std::vector<std::string>& notes) {
    json.key("notes").begin_array();
    for (const auto& n : notes)
        json.value(n);
    json.end_array();
}

/// The note for monitoring-only columns dropped from the applicants file on
/// load (shortlist/blind.hpp): "monitoring-only columns dropped from FILE on
/// load, never scored: sex ethnicity".
inline std::string dropped_columns_note(const std::filesystem::path& applicants,
                                        const std::vector<std::string>& columns) {
    std::string note =
        "monitoring-only columns dropped from " + applicants.string() + " on load, never scored:";
    for (const auto& c : columns)
        note += ' ' + c;
    return note;
}

/// notes.csv: one column, "note".
inline CsvTable notes_table(const std::vector<std::string>& notes) {
    return {"notes.csv", [&notes](std::ostream& os) {
                os << "note\n";
                for (const auto& n : notes)
                    os << csv_text(n) << '\n';
            }};
}

}  // namespace shortlist::report

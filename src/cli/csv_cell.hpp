// Cells of the tables the subcommands write with --csv DIR.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "util/csv_cell.hpp"
#include "util/number.hpp"

namespace shortlist::cli {

/// One text cell, as the shortlist CSV writes it (util/csv_cell.hpp): text
/// a spreadsheet would run as a formula gets a leading single quote, then
/// RFC 4180 quoting.
inline std::string csv_field(std::string_view s) {
    return detail::csv_cell(s);
}

/// A number, shortest form; empty when there is none.
inline std::string csv_number(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? detail::format_shortest(*v) : "";
}

}  // namespace shortlist::cli

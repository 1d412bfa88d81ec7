// Cells of the tables the subcommands write with --csv DIR.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "detail/number.hpp"

namespace shortlist::cli {

/// One text cell, as the shortlist CSV writes it (report.cpp): text a
/// spreadsheet would run as a formula (starting with = + - @, tab or CR) gets
/// a leading single quote (OWASP, "CSV injection"), then RFC 4180 quoting.
inline std::string csv_field(std::string_view s) {
    const bool formula = !s.empty() && (s.front() == '=' || s.front() == '+' || s.front() == '-' ||
                                        s.front() == '@' || s.front() == '\t' || s.front() == '\r');
    std::string cell = formula ? "'" : "";
    cell += s;
    if (cell.find_first_of(",\"\r\n") == std::string::npos)
        return cell;
    std::string q = "\"";
    for (char c : cell) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

/// A number, shortest form; empty when there is none.
inline std::string csv_number(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? detail::format_shortest(*v) : "";
}

}  // namespace shortlist::cli

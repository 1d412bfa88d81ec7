// Writing one CSV cell safely: the one place every CSV the tool writes (the
// shortlist, calibrate --csv) gets its text cells from.
#pragma once

#include <string>
#include <string_view>

namespace shortlist::detail {

/// The text holds a comma, a double quote or a line break. (A loop without
/// an early exit, which the compiler vectorises: find_first_of would call
/// memchr once per character.)
inline bool csv_needs_quotes(std::string_view text) noexcept {
    bool found = false;
    for (const char c : text)
        found |= (c == ',') | (c == '"') | (c == '\r') | (c == '\n');
    return found;
}

/// A spreadsheet would run the text as a formula: it starts with = + - @, tab
/// or carriage return (OWASP, "CSV Injection").
inline bool csv_is_formula(std::string_view text) noexcept {
    if (text.empty())
        return false;
    const char c = text.front();
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/// Append one text cell: a leading single quote if a spreadsheet would run it
/// as a formula (applicant ids, assessor ids and comments come from users),
/// then RFC 4180 quoting if it holds a comma, a double quote or a line break.
/// Numbers the tool formats itself are written as they are, not through this.
inline void append_csv_cell(std::string& out, std::string_view text) {
    const bool formula = csv_is_formula(text);
    if (!csv_needs_quotes(text)) {
        if (formula)
            out += '\'';
        out += text;
        return;
    }
    out += '"';
    if (formula)
        out += '\'';
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

/// The same, as a string.
[[nodiscard]] inline std::string csv_cell(std::string_view text) {
    std::string cell;
    append_csv_cell(cell, text);
    return cell;
}

}  // namespace shortlist::detail

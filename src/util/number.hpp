// Locale-free number formatting and parsing (std::to_chars / from_chars).
#pragma once

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace shortlist::detail {

/// Fixed notation with `decimals` places, e.g. format_fixed(2.5, 2) == "2.50".
/// -0 is written as 0.
inline std::string format_fixed(double v, int decimals) {
    char buf[64];
    if (v == 0)
        v = 0;  // fold -0
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    if (ec != std::errc{})
        return "nan";
    std::string s(buf, end);
    if (s.find_first_not_of("-0.") == std::string::npos && s.front() == '-')
        s.erase(0, 1);
    return s;
}

/// Totals, raw scores and group scores are compared at this precision, the
/// precision every report prints.
inline double round6(double v) {
    return std::round(v * 1e6) / 1e6;
}

/// Six decimals without trailing zeros: 2.333333, 2.5, 2.
inline std::string format_trimmed(double v) {
    std::string s = format_fixed(v, 6);
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.')
            s.pop_back();
    }
    return s;
}

/// Shortest text that reads back as the same double ("0.1", "2", "1e+300").
inline std::string format_shortest(double v) {
    char buf[64];
    if (v == 0)
        v = 0;
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc{})
        return "nan";
    return std::string(buf, end);
}

/// Parse a whole field as a finite decimal number: optional sign, digits, at
/// most one '.', optional exponent. Rejects "", " 1", "1,5", "nan", "inf",
/// "0x10", "1e309" (overflow). Leading '+' is accepted.
inline std::optional<double> parse_number(std::string_view s) {
    if (s.empty())
        return std::nullopt;
    if (s.front() == '+') {
        s.remove_prefix(1);
        if (s.empty() || s.front() == '-' || s.front() == '+')
            return std::nullopt;
    }
    // from_chars accepts "inf", "nan" and hex only in some formats; refuse letters
    // other than an exponent marker up front.
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return std::nullopt;
    }
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v == 0 ? 0.0 : v;  // -0 is 0
}

}  // namespace shortlist::detail

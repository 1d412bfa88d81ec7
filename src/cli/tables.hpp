// Small formatting helpers shared by the report-writing subcommands
// (sensitivity, compare): padded text columns, optional numbers in JSON and
// CSV, and the --csv directory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include "shortlist/error.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist::cli {

/// s and then spaces up to `width` (at least one).
inline std::string pad(std::string s, std::size_t width) {
    s.append(s.size() < width ? width - s.size() : 1, ' ');
    return s;
}

/// A rank, or "-" when there is none.
inline std::string rank_text(const std::optional<std::size_t>& r) {
    return r ? std::to_string(*r) : std::string("-");
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

/// A number (shortest round-trip text), or null.
inline void json_number(detail::JsonWriter& json, const std::optional<double>& v) {
    if (v)
        json.value(*v);
    else
        json.null();
}

/// CSV cells: the number, or empty.
inline std::string csv_count(const std::optional<std::size_t>& v) {
    return v ? std::to_string(*v) : std::string();
}

inline std::string csv_number(const std::optional<double>& v) {
    return v ? detail::format_shortest(*v) : std::string();
}

/// Create the --csv directory; UsageError (named for `command`) if it cannot be.
inline void make_csv_dir(const std::filesystem::path& dir, const std::string& command) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw UsageError(
            {}, ErrorCode::InvalidArgument,
            command + ": cannot create --csv directory " + dir.string() + ": " + ec.message());
}

}  // namespace shortlist::cli

// UTF-8 checks shared by the CSV and JSON readers (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace shortlist::detail {

/// Length of the well-formed UTF-8 sequence starting at p (1..4), or 0 if the
/// bytes at p are not one. p < end.
[[nodiscard]] inline std::size_t utf8_sequence_length(const char* p, const char* end) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    const unsigned char c = byte(0);
    if (c < 0x80)
        return 1;
    const auto avail = static_cast<std::size_t>(end - p);
    const auto cont = [&](std::size_t i) { return i < avail && (byte(i) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2))
            return 0;
        if (c == 0xE0 && byte(1) < 0xA0)
            return 0;  // overlong
        if (c == 0xED && byte(1) >= 0xA0)
            return 0;  // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        if (c == 0xF0 && byte(1) < 0x90)
            return 0;  // overlong
        if (c == 0xF4 && byte(1) >= 0x90)
            return 0;  // above U+10FFFF
        return 4;
    }
    return 0;  // a continuation byte, C0/C1 (overlong) or F5..FF
}

/// Number of characters (code points) in text that is valid UTF-8; for other
/// bytes, each byte that is not a continuation byte counts as one.
[[nodiscard]] inline std::size_t utf8_length(std::string_view text) noexcept {
    std::size_t n = 0;
    for (char ch : text)
        n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

/// Append code point cp (<= U+10FFFF, not a surrogate) as UTF-8.
inline void append_utf8(std::string& out, std::uint32_t cp) {
    const auto put = [&](std::uint32_t b) {
        out += static_cast<char>(static_cast<unsigned char>(b));
    };
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    } else {
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    }
}

}  // namespace shortlist::detail

// Text from the inputs (applicant ids, rulebook text, file names) made safe to
// put in HTML and inline SVG, as text or inside a quoted attribute.
#pragma once

#include <string>
#include <string_view>

namespace shortlist::detail {

/// & < > " ' as character references; C0 control characters other than tab,
/// line feed and carriage return (which no HTML parser reads as text) as
/// U+FFFD. The result is safe as element text and as a double- or
/// single-quoted attribute value.
inline void append_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                    c == '\x7f')
                    out += "\xEF\xBF\xBD";
                else
                    out += c;
        }
    }
}

[[nodiscard]] inline std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_escaped(out, text);
    return out;
}

}  // namespace shortlist::detail

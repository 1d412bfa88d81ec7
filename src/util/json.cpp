#include "util/json.hpp"

#include "util/number.hpp"

namespace shortlist::detail {

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    static constexpr char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xF];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
    return out;
}

void JsonWriter::newline() {
    if (!pretty_)
        return;
    buf_ += '\n';
    buf_.append(2 * stack_.size(), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!stack_.empty()) {
        if (!stack_.back().empty)
            buf_ += ',';
        stack_.back().empty = false;
        newline();
    }
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    buf_ += '{';
    stack_.push_back({false, true});
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty)
        newline();
    buf_ += '}';
    maybe_flush();
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    buf_ += '[';
    stack_.push_back({true, true});
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty)
        newline();
    buf_ += ']';
    maybe_flush();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
    before_value();
    buf_ += json_quote(k);
    buf_ += pretty_ ? ": " : ":";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    before_value();
    buf_ += json_quote(s);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    before_value();
    buf_ += (b ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::value(double d) {
    before_value();
    if (std::isfinite(d))
        buf_ += format_shortest(d);
    else
        buf_ += "null";
    return *this;
}

JsonWriter& JsonWriter::value(double d, int decimals) {
    before_value();
    if (std::isfinite(d))
        buf_ += format_fixed(d, decimals);
    else
        buf_ += "null";
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t i) {
    before_value();
    buf_ += std::to_string(i);
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t u) {
    before_value();
    buf_ += std::to_string(u);
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    buf_ += "null";
    return *this;
}

void JsonWriter::finish() {
    buf_ += '\n';
    flush();
}

void JsonWriter::flush() {
    if (buf_.empty())
        return;
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
}

}  // namespace shortlist::detail

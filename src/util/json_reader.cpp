// The strict JSON reader (RFC 8259) behind detail::parse_json.
//
// Choices where the RFC leaves room: duplicate keys are an error; nesting
// deeper than max_depth is an error; a byte order mark is an error (strip it
// first); numbers too large for a double are an error, numbers too small
// become 0; strings must be valid UTF-8 and \u escapes must pair surrogates.
// Columns count characters (code points) from 1.
#include <charconv>
#include <cstring>
#include <string>
#include <system_error>
#include <unordered_set>

#include "util/csv.hpp"  // quote()
#include "util/json.hpp"
#include "util/utf8.hpp"

namespace shortlist::detail {

const JsonValue* JsonValue::find(std::string_view k) const {
    const Object* members = object();
    if (members == nullptr)
        return nullptr;
    for (const Member& m : *members) {
        if (m.key == k)
            return &m.value;
    }
    return nullptr;
}

namespace {

struct Failure {
    std::size_t offset;
    std::string message;
};

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// What stands at p, for a message: a word ('NaN'), or one character.
std::string describe(const char* p, const char* end) {
    if (p == end)
        return "end of input";
    const char* q = p;
    while (q != end && is_letter(*q))
        ++q;
    if (q == p) {
        const std::size_t n = utf8_sequence_length(p, end);
        q = p + (n == 0 ? 1 : n);
    }
    return quote(std::string_view(p, static_cast<std::size_t>(q - p)));
}

// Exact decimal exponent test for a JSON number that from_chars reported out
// of range: is its magnitude below 1 (an underflow, read as 0)?
bool underflows(std::string_view number) {
    long long point = 0;  // decimal exponent of the first significant digit
    bool seen_digit = false, after_point = false;
    long long position = 0;
    std::size_t i = 0;
    if (i < number.size() && number[i] == '-')
        ++i;
    for (; i < number.size() && number[i] != 'e' && number[i] != 'E'; ++i) {
        if (number[i] == '.') {
            after_point = true;
            continue;
        }
        if (!seen_digit && number[i] != '0') {
            seen_digit = true;
            point = after_point ? -(position + 1) : 0;
        }
        if (after_point)
            ++position;
        else if (seen_digit)
            ++point;
    }
    if (!seen_digit)
        return true;
    long long exponent = 0;
    if (i < number.size()) {
        ++i;
        bool negative = false;
        if (number[i] == '-' || number[i] == '+')
            negative = number[i++] == '-';
        for (; i < number.size() && exponent < 1'000'000'000; ++i)
            exponent = exponent * 10 + (number[i] - '0');
        if (negative)
            exponent = -exponent;
    }
    return point + exponent < 0;
}

class Parser {
  public:
    Parser(std::string_view text, std::size_t first_line, std::size_t max_depth)
        : begin_(text.data()),
          end_(text.data() + text.size()),
          p_(begin_),
          max_depth_(max_depth),
          line_(first_line) {}

    JsonValue parse_document() {
        skip_space();
        JsonValue v = parse_value(0);
        skip_space();
        if (p_ != end_)
            fail(p_, "unexpected " + describe(p_, end_) + " after the JSON value");
        return v;
    }

    // Line and column of a byte offset, for the error.
    void locate(std::size_t offset, std::size_t first_line, std::size_t& line,
                std::size_t& column) const {
        line = first_line;
        const char* line_start = begin_;
        const char* at = begin_ + offset;
        for (const char* q = begin_; q != at; ++q) {
            if (*q == '\n') {
                ++line;
                line_start = q + 1;
            }
        }
        column =
            utf8_length(std::string_view(line_start, static_cast<std::size_t>(at - line_start))) +
            1;
    }

  private:
    [[noreturn]] void fail(const char* at, std::string message) const {
        throw Failure{static_cast<std::size_t>(at - begin_), std::move(message)};
    }

    void skip_space() {
        while (p_ != end_) {
            const char c = *p_;
            if (c == '\n') {
                ++line_;
                line_start_ = p_ + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
            ++p_;
        }
    }

    // Position of p_ (on the current line), counted incrementally: values are
    // placed in increasing order, so each byte is counted once.
    void place(std::size_t& line, std::size_t& column) {
        if (column_line_start_ != line_start_ || column_at_ > p_) {
            column_line_start_ = line_start_;
            column_at_ = line_start_;
            column_ = 1;
        }
        column_ +=
            utf8_length(std::string_view(column_at_, static_cast<std::size_t>(p_ - column_at_)));
        column_at_ = p_;
        line = line_;
        column = column_;
    }

    JsonValue parse_value(std::size_t depth) {
        JsonValue v;
        place(v.line, v.column);
        if (p_ == end_)
            fail(p_, "expected a value, found the end of input");
        switch (*p_) {
            case '{':
                parse_object(v, depth + 1);
                break;
            case '[':
                parse_array(v, depth + 1);
                break;
            case '"':
                v.data = parse_string();
                break;
            case 't':
                literal("true");
                v.data = true;
                break;
            case 'f':
                literal("false");
                v.data = false;
                break;
            case 'n':
                literal("null");
                v.data = nullptr;
                break;
            default:
                if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) {
                    parse_number(v);
                    break;
                }
                fail(p_, "expected a value, found " + describe(p_, end_));
        }
        return v;
    }

    void literal(std::string_view word) {
        const auto left = static_cast<std::size_t>(end_ - p_);
        if (left < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
            fail(p_, "expected a value, found " + describe(p_, end_));
        p_ += word.size();
    }

    void enter(std::size_t depth) {
        if (depth > max_depth_)
            fail(p_, "nesting deeper than " + std::to_string(max_depth_) + " levels");
    }

    void parse_array(JsonValue& v, std::size_t depth) {
        enter(depth);
        ++p_;  // [
        JsonValue::Array items;
        skip_space();
        if (p_ != end_ && *p_ == ']') {
            ++p_;
            v.data = std::move(items);
            return;
        }
        for (;;) {
            skip_space();
            if (p_ != end_ && *p_ == ']')
                fail(p_, "trailing comma before ']'");
            items.push_back(parse_value(depth));
            skip_space();
            if (p_ != end_ && *p_ == ',') {
                ++p_;
                continue;
            }
            if (p_ != end_ && *p_ == ']') {
                ++p_;
                break;
            }
            fail(p_, "expected ',' or ']' in an array, found " + describe(p_, end_));
        }
        v.data = std::move(items);
    }

    void parse_object(JsonValue& v, std::size_t depth) {
        enter(depth);
        ++p_;  // {
        JsonValue::Object members;
        skip_space();
        if (p_ != end_ && *p_ == '}') {
            ++p_;
            v.data = std::move(members);
            return;
        }
        // Duplicate keys: a linear check for small objects, a hash set of
        // member indices beyond that (so that a hostile object stays linear).
        struct KeyHash {
            const JsonValue::Object* m;
            std::size_t operator()(std::size_t i) const noexcept {
                return std::hash<std::string_view>{}((*m)[i].key);
            }
        };
        struct KeyEq {
            const JsonValue::Object* m;
            bool operator()(std::size_t a, std::size_t b) const noexcept {
                return (*m)[a].key == (*m)[b].key;
            }
        };
        constexpr std::size_t linear_limit = 8;
        std::unordered_set<std::size_t, KeyHash, KeyEq> seen(0, KeyHash{&members}, KeyEq{&members});
        for (;;) {
            skip_space();
            if (p_ == end_ || *p_ != '"') {
                if (p_ != end_ && *p_ == '}')
                    fail(p_, "trailing comma before '}'");
                fail(p_, "expected a key in double quotes, found " + describe(p_, end_));
            }
            JsonValue::Member m;
            place(m.line, m.column);
            const char* key_at = p_;
            m.key = parse_string();
            bool duplicate = false;
            if (members.size() < linear_limit) {
                for (const auto& other : members)
                    duplicate = duplicate || other.key == m.key;
            }
            members.push_back(std::move(m));
            if (members.size() == linear_limit) {
                for (std::size_t i = 0; i + 1 < members.size(); ++i)
                    seen.insert(i);
            }
            if (members.size() >= linear_limit)
                duplicate = !seen.insert(members.size() - 1).second;
            if (duplicate)
                fail(key_at, "duplicate key " + quote(members.back().key));
            skip_space();
            if (p_ == end_ || *p_ != ':')
                fail(p_, "expected ':' after the key, found " + describe(p_, end_));
            ++p_;
            skip_space();
            members.back().value = parse_value(depth);
            skip_space();
            if (p_ != end_ && *p_ == ',') {
                ++p_;
                continue;
            }
            if (p_ != end_ && *p_ == '}') {
                ++p_;
                break;
            }
            fail(p_, "expected ',' or '}' in an object, found " + describe(p_, end_));
        }
        v.data = std::move(members);
    }

    unsigned hex4(const char* at) {
        if (end_ - at < 4)
            fail(at, "\\u must be followed by four hex digits");
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = at[i];
            unsigned d = 0;
            if (c >= '0' && c <= '9')
                d = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                d = static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                d = static_cast<unsigned>(c - 'A' + 10);
            else
                fail(at, "\\u must be followed by four hex digits");
            value = value * 16 + d;
        }
        return value;
    }

    std::string parse_string() {
        const char* open = p_;
        ++p_;  // "
        std::string out;
        for (;;) {
            const char* run = p_;
            while (p_ != end_) {
                const auto c = static_cast<unsigned char>(*p_);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
                    break;
                ++p_;
            }
            out.append(run, static_cast<std::size_t>(p_ - run));
            if (p_ == end_)
                fail(open, "unterminated string");
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return out;
            }
            if (c < 0x20) {
                if (c == '\n')
                    fail(p_, "line break in a string (write it as \\n)");
                fail(p_, "control character " + quote(std::string_view(p_, 1)) +
                             " in a string (escape it as \\u00XX)");
            }
            if (c >= 0x80) {
                const std::size_t n = utf8_sequence_length(p_, end_);
                if (n == 0)
                    fail(p_, "invalid UTF-8 in a string");
                out.append(p_, n);
                p_ += n;
                continue;
            }
            parse_escape(open, out);
        }
    }

    /// The escape at p_ (a backslash) appended to `out` as UTF-8; `open` is
    /// where the string began.
    void parse_escape(const char* open, std::string& out) {
        const char* esc = p_;
        if (end_ - p_ < 2)
            fail(open, "unterminated string");
        const char e = p_[1];
        p_ += 2;
        switch (e) {
            case '"':
                out += '"';
                return;
            case '\\':
                out += '\\';
                return;
            case '/':
                out += '/';
                return;
            case 'b':
                out += '\b';
                return;
            case 'f':
                out += '\f';
                return;
            case 'n':
                out += '\n';
                return;
            case 'r':
                out += '\r';
                return;
            case 't':
                out += '\t';
                return;
            case 'u':
                append_utf8(out, parse_code_point(esc));
                return;
            default: {
                const std::size_t n = utf8_sequence_length(esc + 1, end_);
                fail(esc, "invalid escape " + quote(std::string_view(esc, 1 + (n == 0 ? 1 : n))));
            }
        }
    }

    /// The code point of the backslash-u escape at `esc` (p_ just after its u),
    /// a surrogate pair read whole.
    unsigned parse_code_point(const char* esc) {
        unsigned cp = hex4(p_);
        p_ += 4;
        if (cp == 0)  // valid JSON, but C strings end there: not text
            fail(esc, "\\u0000 (a NUL character) in a string");
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            fail(esc, "lone low surrogate " + std::string(esc, 6));
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u')
                fail(esc,
                     "high surrogate " + std::string(esc, 6) + " not followed by a low surrogate");
            const unsigned low = hex4(p_ + 2);
            if (low < 0xDC00 || low > 0xDFFF)
                fail(esc,
                     "high surrogate " + std::string(esc, 6) + " not followed by a low surrogate");
            p_ += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        return cp;
    }

    void parse_number(JsonValue& v) {
        const char* start = p_;
        const auto digit = [&] { return p_ != end_ && *p_ >= '0' && *p_ <= '9'; };
        if (*p_ == '-')
            ++p_;
        if (!digit())
            fail(p_, "expected a digit after '-'");
        if (*p_ == '0') {
            ++p_;
            if (digit())
                fail(start, "leading zeros are not allowed in numbers");
        } else {
            while (digit())
                ++p_;
        }
        if (p_ != end_ && *p_ == '.') {
            ++p_;
            if (!digit())
                fail(p_, "expected a digit after the decimal point");
            while (digit())
                ++p_;
        }
        if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ != end_ && (*p_ == '+' || *p_ == '-'))
                ++p_;
            if (!digit())
                fail(p_, "expected a digit in the exponent");
            while (digit())
                ++p_;
        }
        const std::string_view text(start, static_cast<std::size_t>(p_ - start));
        double d = 0;
        const auto [ptr, ec] = std::from_chars(start, p_, d);
        if (ec == std::errc::result_out_of_range) {
            if (!underflows(text))
                fail(start, "number " + quote(text) + " is too large");
            d = *start == '-' ? -0.0 : 0.0;
        } else if (ec != std::errc{} || ptr != p_) {
            fail(start, "invalid number " + quote(text));
        }
        v.data = d;
        v.number_text = std::string(text);
    }

    const char* begin_;
    const char* end_;
    const char* p_;
    std::size_t max_depth_;
    std::size_t line_;
    const char* line_start_ = begin_;
    const char* column_line_start_ = nullptr;
    const char* column_at_ = nullptr;
    std::size_t column_ = 1;
};

}  // namespace

std::variant<JsonValue, JsonParseError> parse_json(std::string_view text, std::size_t first_line,
                                                   std::size_t max_depth) {
    Parser parser(text, first_line, max_depth);
    try {
        return parser.parse_document();
    } catch (const Failure& f) {
        JsonParseError e;
        parser.locate(f.offset, first_line, e.line, e.column);
        e.message = f.message;
        return e;
    }
}

}  // namespace shortlist::detail

#include "util/csv.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "shortlist/error.hpp"
#include "util/utf8.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace shortlist::detail {

namespace {

// Bytes that end a run of ordinary field text: everything else is skipped
// over in bulk.
enum : unsigned char { Plain = 0, Special = 1 };

constexpr std::array<unsigned char, 256> make_class(bool quoted) {
    std::array<unsigned char, 256> t{};
    for (std::size_t i = 0x80; i < 256; ++i)
        t[i] = Special;  // UTF-8 lead or continuation byte: check the sequence
    t['"'] = Special;
    t['\0'] = Special;
    t['\n'] = Special;
    if (!quoted) {
        t[','] = Special;
        t['\r'] = Special;
    }
    return t;
}

constexpr auto unquoted_class = make_class(false);
constexpr auto quoted_class = make_class(true);

// The first byte at or after p that is special (per `table`), or end. Sixteen
// bytes at a time where SSE2 is there (every x86-64): fields are short, and a
// byte loop pays a mispredicted branch at the end of each.
template <bool Quoted>
const char* skip_plain(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i zero = _mm_setzero_si128();
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, lf));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, zero));
        if constexpr (!Quoted)
            hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, cr)));
        // movemask of v itself marks bytes >= 0x80.
        const auto bits = static_cast<unsigned>(_mm_movemask_epi8(hit) | _mm_movemask_epi8(v));
        if (bits != 0)
            return p + std::countr_zero(bits);
        p += 16;
    }
#endif
    const auto& table = Quoted ? quoted_class : unquoted_class;
    while (p != end && table[static_cast<unsigned char>(*p)] == Plain)
        ++p;
    return p;
}

std::string hex_byte(unsigned char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string s = "0x";
    s += digits[c >> 4];
    s += digits[c & 0xF];
    return s;
}

// Messages, one place for each (tests assert them exactly).
std::string unterminated_quote() {
    return "unterminated quoted field: no closing '\"' before the end of the file";
}
std::string quote_in_unquoted_field() {
    return "'\"' inside an unquoted field (quote the whole field and write a quote as \"\")";
}
std::string after_closing_quote(std::string_view what) {
    return "unexpected " + std::string(what) +
           " after a closing quote (expected ',' or a line end)";
}
std::string bare_carriage_return() {
    return "carriage return without a line feed: lines must end with LF or CRLF";
}
std::string nul_byte() {
    return "NUL byte: this is not UTF-8 text (UTF-16? save the file as \"CSV UTF-8\")";
}
std::string invalid_utf8(unsigned char c) {
    return "invalid UTF-8 (byte " + hex_byte(c) + "): save the file as \"CSV UTF-8\"";
}

}  // namespace

std::string record_too_long(std::string_view what) {
    return std::string(what) + " is longer than " + std::to_string(max_record_bytes) +
           " bytes, the limit (is this the right file?)";
}

void CsvReader::fail_too_long() const {
    throw EvidenceError({std::string(name_), record_line_, 1}, ErrorCode::OutOfRange,
                        record_too_long("this record"));
}

std::string quote(std::string_view value) {
    constexpr std::size_t limit = 60;
    std::string s = "'";
    const char* p = value.data();
    const char* end = p + value.size();
    std::size_t chars = 0;
    while (p != end) {
        if (chars == limit) {
            s += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(*p);
        const std::size_t n = utf8_sequence_length(p, end);
        if (n == 0 || c < 0x20 || c == 0x7F) {
            s += "\\x";
            s += hex_byte(c).substr(2);
            ++p;
        } else {
            s.append(p, n);
            p += n;
        }
        ++chars;
    }
    s += '\'';
    return s;
}

CsvReader::CsvReader(std::string_view text, std::string_view name, std::size_t first_line)
    : text_(text), name_(name), line_(first_line) {}

void CsvReader::fail(const char* at, std::string message) const {
    const auto offset = static_cast<std::size_t>(at - text_.data());
    const std::size_t column = utf8_length(text_.substr(line_start_, offset - line_start_)) + 1;
    throw EvidenceError({std::string(name_), line_, column}, ErrorCode::InvalidArgument,
                        std::move(message));
}

// p is just after the opening quote at `open`. Returns the position just after
// the closing quote; records the field.
const char* CsvReader::read_quoted(const char* p, const char* open) {
    const char* end = text_.data() + text_.size();
    const std::size_t open_line = line_;
    const std::size_t open_line_start = line_start_;
    const char* content = p;
    bool escaped = false;
    for (;;) {
        p = skip_plain<true>(p, end);
        if (p == end) {
            line_ = open_line;
            line_start_ = open_line_start;
            fail(open, unterminated_quote());
        }
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            if (p + 1 != end && p[1] == '"') {
                escaped = true;
                p += 2;
                continue;
            }
            break;
        }
        if (c == '\n') {
            ++p;
            ++line_;
            line_start_ = static_cast<std::size_t>(p - text_.data());
        } else if (c == '\0') {
            fail(p, nul_byte());
        } else {
            const std::size_t n = utf8_sequence_length(p, end);
            if (n == 0)
                fail(p, invalid_utf8(c));
            p += n;
        }
    }
    const std::string_view raw(content, static_cast<std::size_t>(p - content));
    ++quoted_fields_;
    if (!escaped) {
        fields_.push_back({raw, true});
    } else {
        const std::size_t offset = unescaped_.size();
        for (std::size_t i = 0; i < raw.size(); ++i) {
            unescaped_ += raw[i];
            if (raw[i] == '"')
                ++i;  // the second quote of ""
        }
        pending_.push_back({fields_.size(), offset, unescaped_.size() - offset});
        fields_.push_back({{}, true});
    }
    return p + 1;
}

#if defined(__SSE2__)
// The length of the line break at `at` (LF 1, CRLF 2), or 0 where a stop
// byte is anything else (a quote, a bare CR, NUL, a byte >= 0x80).
namespace {
std::size_t line_break_length(const char* at, const char* end) {
    if (*at == '\n')
        return 1;
    return *at == '\r' && at + 1 != end && at[1] == '\n' ? 2 : 0;
}
}  // namespace
#endif

// A record of plain ASCII fields ended by LF or CRLF, taken 16 bytes at a
// time: the common case in a large ratings file. Returns the position after
// the line break, or nullptr if the record holds anything else (a quote, a
// byte >= 0x80, NUL, a bare CR) or ends within 16 bytes of the end of the
// text; next() then reads it the careful way.
const char* CsvReader::read_plain_record(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i zero = _mm_setzero_si128();
    const auto mask = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
    const auto stops_in = [&](__m128i v) {
        return mask(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, quote)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, zero)))) |
               mask(v);  // bytes >= 0x80
    };
    const char* field = p;
    // Most records fit in 32 bytes: both halves at once, so that the loop
    // over the commas runs once per field, not once per field per block
    // (its count then changes from row to row, and mispredicts).
    if (end - p >= 32) {
        const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
        const unsigned stops = stops_in(v0) | stops_in(v1) << 16;
        if (stops != 0) {
            const int stop = std::countr_zero(stops);
            unsigned commas =
                (mask(_mm_cmpeq_epi8(v0, comma)) | mask(_mm_cmpeq_epi8(v1, comma)) << 16) &
                ((1u << stop) - 1);
            const char* at = p + stop;
            const std::size_t ending = line_break_length(at, end);
            if (ending == 0)
                return nullptr;
            for (; commas != 0; commas &= commas - 1) {
                const char* comma_at = p + std::countr_zero(commas);
                fields_.push_back(
                    {std::string_view(field, static_cast<std::size_t>(comma_at - field)), false});
                field = comma_at + 1;
            }
            fields_.push_back(
                {std::string_view(field, static_cast<std::size_t>(at - field)), false});
            return at + ending;
        }
    }
    for (const char* q = p; end - q >= 16; q += 16) {
        if (static_cast<std::size_t>(q - p) >= max_record_bytes)
            return nullptr;  // next_record() reports it
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        unsigned commas = mask(_mm_cmpeq_epi8(v, comma));
        const unsigned stops = stops_in(v);
        const int stop = stops != 0 ? std::countr_zero(stops) : 16;
        if (stop < 16)
            commas &= (1u << stop) - 1;
        for (; commas != 0; commas &= commas - 1) {
            const char* at = q + std::countr_zero(commas);
            fields_.push_back(
                {std::string_view(field, static_cast<std::size_t>(at - field)), false});
            field = at + 1;
        }
        if (stop < 16) {
            const char* at = q + stop;
            const std::size_t ending = line_break_length(at, end);
            if (ending == 0)
                return nullptr;
            fields_.push_back(
                {std::string_view(field, static_cast<std::size_t>(at - field)), false});
            return at + ending;
        }
    }
#else
    (void)p;
    (void)end;
#endif
    return nullptr;
}

const char* CsvReader::skip_empty_lines(const char* p, const char* end) {
    for (;;) {
        if (p != end && *p == '\n') {
            ++p;
        } else if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            p += 2;
        } else {
            return p;
        }
        ++line_;
        line_start_ = static_cast<std::size_t>(p - text_.data());
    }
}

void CsvReader::check_after_quote(const char* p, const char* end) const {
    if (p == end || *p == ',' || *p == '\n' || (*p == '\r' && p + 1 != end && p[1] == '\n'))
        return;
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"')
        fail(p, after_closing_quote("'\"'"));
    if (c == '\0')
        fail(p, nul_byte());
    if (c == '\r')
        fail(p, bare_carriage_return());
    const std::size_t n = utf8_sequence_length(p, end);
    if (n == 0)
        fail(p, invalid_utf8(c));
    fail(p, after_closing_quote(quote(std::string_view(p, n))));
}

const char* CsvReader::read_field(const char* p, const char* end) {
    const char* start = p;
    for (;;) {  // unquoted text, up to a special byte
        p = skip_plain<false>(p, end);
        if (p == end || static_cast<unsigned char>(*p) < 0x80)
            break;
        const std::size_t n = utf8_sequence_length(p, end);
        if (n == 0)
            fail(p, invalid_utf8(static_cast<unsigned char>(*p)));
        p += n;
    }
    if (p == end || *p != '"') {
        fields_.push_back({std::string_view(start, static_cast<std::size_t>(p - start)), false});
        return p;
    }
    for (const char* q = start; q != p; ++q) {
        if (!is_blank(*q))
            fail(p, quote_in_unquoted_field());
    }
    p = read_quoted(p + 1, p);
    while (p != end && is_blank(*p))
        ++p;
    check_after_quote(p, end);
    return p;
}

// next() in general: empty lines, quoted fields, UTF-8, errors.
bool CsvReader::next_record() {
    fields_.clear();
    pending_.clear();
    unescaped_.clear();
    const char* const begin = text_.data();
    const char* const end = begin + text_.size();
    const char* p = skip_empty_lines(begin + pos_, end);
    if (p == end) {
        pos_ = text_.size();
        return false;
    }
    record_line_ = line_;

    if (const char* after = read_plain_record(p, end)) {
        ++line_;
        pos_ = line_start_ = static_cast<std::size_t>(after - begin);
        return true;
    }
    fields_.clear();

    const char* const record_start = p;
    for (;;) {  // one field per turn
        if (static_cast<std::size_t>(p - record_start) > max_record_bytes)
            fail_too_long();
        p = read_field(p, end);
        if (p == end)
            break;
        const char c = *p;
        if (c == ',') {
            ++p;
            continue;
        }
        if (c == '\n') {
            ++p;
            break;
        }
        if (c == '\r') {
            if (p + 1 != end && p[1] == '\n') {
                p += 2;
                break;
            }
            fail(p, bare_carriage_return());
        }
        fail(p, nul_byte());  // the only special byte left
    }
    if (static_cast<std::size_t>(p - record_start) > max_record_bytes)
        fail_too_long();
    if (p[-1] == '\n') {  // ended by a line break (not the end of the text)
        ++line_;
        line_start_ = static_cast<std::size_t>(p - begin);
    }
    for (const Pending& f : pending_)
        fields_[f.field].text = std::string_view(unescaped_).substr(f.offset, f.length);
    pos_ = static_cast<std::size_t>(p - begin);
    return true;
}

}  // namespace shortlist::detail

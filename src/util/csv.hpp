// A CSV reader (RFC 4180) that works in place over a text buffer.
//
// What it accepts: fields separated by ',', records ended by LF or CRLF (the
// last one may lack it), fields in double quotes holding ',', '"' (written
// "") and line breaks, spaces or tabs around a quoted field, UTF-8 text. Empty
// lines are skipped anywhere (spreadsheets leave them at the end; one in the
// middle carries no data). A leading byte order mark is the caller's to strip
// (detail::strip_bom).
//
// What it refuses, as EvidenceError at file:line:column (the column counts
// characters on that physical line, from 1): an unterminated quoted field
// (reported where its quote opens), a quote inside an unquoted field, a
// character after a closing quote, a carriage return without a line feed
// outside quotes, a NUL byte, invalid UTF-8; and a record longer than
// max_record_bytes (reported at its first line, column 1).
//
// Fields are returned as they are written, untrimmed: the caller decides which
// columns to trim (every column but free-text comments).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shortlist::detail {

/// The most bytes one CSV record (all its lines, when a quoted field holds
/// line breaks) or one JSON Lines line may hold: 1 MiB, far beyond a
/// spreadsheet row (Excel: 16,384 columns, 32,767 characters a cell, in
/// practice a few KiB). It bounds what one record costs in memory (a
/// field per comma) whatever the file holds.
inline constexpr std::size_t max_record_bytes = std::size_t{1} << 20;

/// The message for a record or line over max_record_bytes.
[[nodiscard]] std::string record_too_long(std::string_view what);

/// One field of a record: its text with quotes removed and "" made ", and
/// whether it was quoted.
struct CsvField {
    std::string_view text;
    bool quoted = false;
};

class CsvReader {
  public:
    /// Read `text`, naming it `name` in errors; its first line is line
    /// `first_line`. The text must outlive the reader.
    CsvReader(std::string_view text, std::string_view name, std::size_t first_line = 1);

    /// Read the next record, skipping empty lines. Returns false at the end of
    /// the text. Throws EvidenceError on a syntax error.
    bool next() {
        // The common case inline: a plain record where the last one ended.
        const char* const begin = text_.data();
        const char* const end = begin + text_.size();
        const char* const p = begin + pos_;
        if (p != end && *p != '\n' && *p != '\r') {
            fields_.clear();
            if (!pending_.empty()) {
                pending_.clear();
                unescaped_.clear();
            }
            if (const char* after = read_plain_record(p, end)) {
                record_line_ = line_++;
                pos_ = line_start_ = static_cast<std::size_t>(after - begin);
                return true;
            }
        }
        return next_record();
    }

    /// The fields of the record just read. They view the text (or a buffer in
    /// the reader for quoted fields with "" escapes) and stay valid until the
    /// next call to next().
    [[nodiscard]] std::span<const CsvField> fields() const noexcept { return fields_; }
    /// The line on which the record just read starts.
    [[nodiscard]] std::size_t line() const noexcept { return record_line_; }
    /// Byte offset in the text just after the record just read.
    [[nodiscard]] std::size_t position() const noexcept { return pos_; }
    /// How many quoted fields the records read so far held.
    [[nodiscard]] std::size_t quoted_fields() const noexcept { return quoted_fields_; }
    /// The line the next record would start on (counting skipped empty lines
    /// only once they are read).
    [[nodiscard]] std::size_t next_line() const noexcept { return line_; }

  private:
    bool next_record();
    [[noreturn]] void fail(const char* at, std::string message) const;
    const char* read_plain_record(const char* p, const char* end);
    const char* read_quoted(const char* p, const char* open);
    /// Past any empty lines (which carry no record), counting them.
    const char* skip_empty_lines(const char* p, const char* end);
    /// One field from `p`: its text to fields_ (or pending_, quoted), and
    /// where it ends (a separator, a line break or the end).
    const char* read_field(const char* p, const char* end);
    /// A quoted field's closing quote may be followed by blanks, then a
    /// separator or a line break only: the error for anything else.
    void check_after_quote(const char* p, const char* end) const;

    std::string_view text_;
    std::string_view name_;
    std::size_t pos_ = 0;
    std::size_t line_;            // line of the byte at pos_ (during a record: current line)
    std::size_t line_start_ = 0;  // byte offset where that line starts
    std::size_t record_line_ = 0;
    std::size_t quoted_fields_ = 0;
    [[noreturn]] void fail_too_long() const;
    std::vector<CsvField> fields_;
    std::string unescaped_;  // "" escapes made ", for the current record
    struct Pending {
        std::size_t field;
        std::size_t offset;
        std::size_t length;
    };
    std::vector<Pending> pending_;  // fields whose text lives in unescaped_
};

/// `value` in single quotes for a message: control characters and bytes that
/// are not UTF-8 shown as \xNN, cut to about 60 characters ("..." added).
[[nodiscard]] std::string quote(std::string_view value);

/// True for a space or a tab.
[[nodiscard]] constexpr bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t';
}

/// `s` without leading and trailing spaces and tabs.
[[nodiscard]] constexpr std::string_view trim(std::string_view s) noexcept {
    // The common case first: no blank at either end (both are above ' ').
    if (!s.empty() && static_cast<unsigned char>(s.front()) > ' ' &&
        static_cast<unsigned char>(s.back()) > ' ')
        return s;
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

}  // namespace shortlist::detail

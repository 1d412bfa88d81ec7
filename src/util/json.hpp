// A small JSON writer and a strict JSON reader.
//
// Why our own: the design card's packages have no JSON library (Boost.JSON
// arrived in Boost 1.75; Debian bookworm ships 1.74), and we need line:column in
// every reader error and byte-stable, locale-free output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace shortlist::detail {

/// Escape s as a JSON string, with the quotes.
std::string json_quote(std::string_view s);

/// Streaming writer with two-space indentation. Keys are written in the order
/// given (callers choose a stable order). Numbers use format_shortest unless a
/// fixed number of decimals is asked for. Output is gathered in a buffer and
/// handed to the stream in large blocks (per-token stream writes dominated the
/// cost of large documents); finish() or destruction flushes it.
class JsonWriter {
  public:
    explicit JsonWriter(std::ostream& out, bool pretty = true) : out_(out), pretty_(pretty) {}
    ~JsonWriter() { flush(); }
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b);
    JsonWriter& value(double d);
    JsonWriter& value(double d, int decimals);
    JsonWriter& value(std::int64_t i);
    JsonWriter& value(std::uint64_t u);
    JsonWriter& value(int i) { return value(static_cast<std::int64_t>(i)); }
    JsonWriter& null();
    /// The text, or null when there is none.
    JsonWriter& value(const std::optional<std::string>& s) { return s ? value(*s) : null(); }
    /// Finish the document with a newline.
    void finish();

  private:
    void before_value();
    void newline();
    void flush();
    void maybe_flush() {
        if (buf_.size() >= 1 << 16)
            flush();
    }
    std::ostream& out_;
    std::string buf_;
    bool pretty_;
    struct Level {
        bool array;
        bool empty;
    };
    std::vector<Level> stack_;
    bool after_key_ = false;
};

/// An object member: the key, its place, and the value. A template so that
/// JsonValue can hold a vector of them before either is complete (a nested
/// struct defined after JsonValue is still incomplete where JsonValue's
/// implicit destructor is instantiated, which clang rejects).
template <class Value>
struct BasicJsonMember {
    std::string key;
    std::size_t line = 0;
    std::size_t column = 0;
    Value value;
};

/// A parsed JSON value. Objects keep their members in document order, with
/// the line and column of each key for messages.
struct JsonValue {
    using Member = BasicJsonMember<JsonValue>;
    using Object = std::vector<Member>;
    using Array = std::vector<JsonValue>;
    std::variant<std::nullptr_t, bool, double, std::string, Array, Object> data{nullptr};
    std::size_t line = 0;    ///< 1-based
    std::size_t column = 0;  ///< 1-based
    /// The number's text as written (numbers only), so callers can re-parse.
    std::string number_text;

    [[nodiscard]] bool is_null() const { return std::holds_alternative<std::nullptr_t>(data); }
    [[nodiscard]] const Object* object() const { return std::get_if<Object>(&data); }
    [[nodiscard]] const Array* array() const { return std::get_if<Array>(&data); }
    [[nodiscard]] const std::string* string() const { return std::get_if<std::string>(&data); }
    [[nodiscard]] const double* number() const { return std::get_if<double>(&data); }
    [[nodiscard]] const bool* boolean() const { return std::get_if<bool>(&data); }
    /// The member named k, or nullptr.
    [[nodiscard]] const JsonValue* find(std::string_view k) const;
};

/// Why a parse failed, and where (1-based, relative to the text given plus
/// first_line - 1).
struct JsonParseError {
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message;
};

/// Parse exactly one JSON value (RFC 8259), with surrounding whitespace.
/// Duplicate keys are an error. Nesting deeper than max_depth is an error.
std::variant<JsonValue, JsonParseError> parse_json(std::string_view text,
                                                   std::size_t first_line = 1,
                                                   std::size_t max_depth = 64);

}  // namespace shortlist::detail

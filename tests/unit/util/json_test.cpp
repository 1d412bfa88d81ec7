// The strict JSON reader (detail::parse_json): RFC 8259 values, positions,
// and JSONTestSuite-style cases that must be accepted or refused.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "util/json.hpp"

using shortlist::detail::JsonParseError;
using shortlist::detail::JsonValue;
using shortlist::detail::parse_json;

namespace {

JsonValue parse_ok(std::string_view text) {
    auto result = parse_json(text);
    if (const auto* e = std::get_if<JsonParseError>(&result))
        FAIL("unexpected error at " << e->line << ":" << e->column << ": " << e->message);
    return std::get<JsonValue>(std::move(result));
}

/// "line:column: message" of the parse error, or "no error".
std::string error_of(std::string_view text, std::size_t first_line = 1,
                     std::size_t max_depth = 64) {
    const auto result = parse_json(text, first_line, max_depth);
    if (const auto* e = std::get_if<JsonParseError>(&result))
        return std::to_string(e->line) + ":" + std::to_string(e->column) + ": " + e->message;
    return "no error";
}

}  // namespace

TEST_CASE("scalars", "[json]") {
    CHECK(parse_ok("null").is_null());
    CHECK(*parse_ok("true").boolean());
    CHECK_FALSE(*parse_ok(" false ").boolean());
    CHECK(*parse_ok("\"hi\"").string() == "hi");
    CHECK(*parse_ok("42").number() == 42);
    CHECK(*parse_ok("\t\r\n -3.25e2 \n").number() == -325);
}

TEST_CASE("numbers keep their text and read as doubles", "[json]") {
    const auto v = parse_ok("[0, -0, 1.50, 1E+2, 2e-3, 123456789012345678901234567890, 1e-400]");
    const auto& a = *v.array();
    REQUIRE(a.size() == 7);
    CHECK(a[0].number_text == "0");
    CHECK(*a[1].number() == 0);
    CHECK(std::signbit(*a[1].number()));
    CHECK(a[2].number_text == "1.50");
    CHECK(*a[2].number() == 1.5);
    CHECK(*a[3].number() == 100);
    CHECK(*a[4].number() == Approx(0.002).epsilon(1e-15));
    CHECK(*a[5].number() == Approx(1.2345678901234568e29).epsilon(1e-15));
    CHECK(*a[6].number() == 0);  // too small for a double: 0
    CHECK(a[6].number_text == "1e-400");
}

TEST_CASE("objects keep members in order with the place of each key", "[json]") {
    const auto v = parse_ok("{\"b\": 1,\n  \"a\": {\"x\": [true, null]}}");
    const auto* members = v.object();
    REQUIRE(members != nullptr);
    REQUIRE(members->size() == 2);
    CHECK((*members)[0].key == "b");
    CHECK((*members)[0].line == 1);
    CHECK((*members)[0].column == 2);
    CHECK((*members)[1].key == "a");
    CHECK((*members)[1].line == 2);
    CHECK((*members)[1].column == 3);
    const JsonValue* a = v.find("a");
    REQUIRE(a != nullptr);
    CHECK(a->line == 2);
    CHECK(a->column == 8);
    const JsonValue* x = a->find("x");
    REQUIRE(x != nullptr);
    REQUIRE(x->array()->size() == 2);
    CHECK((*x->array())[1].is_null());
    CHECK((*x->array())[1].column == 21);
    CHECK(v.find("c") == nullptr);
    CHECK(x->find("a") == nullptr);  // not an object
}

TEST_CASE("columns count characters, and first_line shifts lines", "[json]") {
    const auto result = parse_json("{\"caf\xC3\xA9\": \"\xF0\x9F\x98\x80\", \"n\": 1}", 7);
    const auto& v = std::get<JsonValue>(result);
    CHECK(v.line == 7);
    const JsonValue* n = v.find("n");
    REQUIRE(n != nullptr);
    CHECK(n->line == 7);
    CHECK(n->column == 20);
    CHECK(error_of("{\"\xC3\xA9\": tru}", 3) == "3:7: expected a value, found 'tru'");
}

TEST_CASE("escapes, including surrogate pairs, become UTF-8", "[json]") {
    CHECK(*parse_ok(R"("\"\\\/\b\f\n\r\t")").string() == "\"\\/\b\f\n\r\t");
    CHECK(*parse_ok(R"("\u0041\u00e9\u20AC")").string() == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(*parse_ok(R"("\ud83d\ude00")").string() == "\xF0\x9F\x98\x80");
    CHECK(*parse_ok(R"("\uDBFF\uDFFF")").string() == "\xF4\x8F\xBF\xBF");
    CHECK(*parse_ok(R"("\u0001")").string() == std::string(1, '\1'));
    // NUL is valid JSON but no text holds it (an id "A\0" prints as "A"): refused.
    CHECK(error_of(R"(["ok", "A\u0000B"])") == "1:10: \\u0000 (a NUL character) in a string");
    CHECK(*parse_ok("\"caf\xC3\xA9 \xF0\x9F\x98\x80\"").string() == "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST_CASE("nesting up to the depth limit is accepted, deeper is refused", "[json]") {
    const std::string ok = std::string(64, '[') + std::string(64, ']');
    CHECK(error_of(ok) == "no error");
    const std::string deep = std::string(65, '[') + std::string(65, ']');
    CHECK(error_of(deep) == "1:65: nesting deeper than 64 levels");
    CHECK(error_of("{\"a\":{\"b\":[1]}}", 1, 2) == "1:11: nesting deeper than 2 levels");
    CHECK(error_of("{\"a\":{\"b\":1}}", 1, 2) == "no error");
    // A hostile depth is refused without exhausting the stack.
    CHECK(error_of(std::string(100000, '[')) == "1:65: nesting deeper than 64 levels");
}

TEST_CASE("duplicate keys are refused, in small and large objects", "[json]") {
    CHECK(error_of(R"({"a": 1, "b": 2, "a": 3})") == "1:18: duplicate key 'a'");
    std::string big = "{";
    for (int i = 0; i < 20; ++i)
        big += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    CHECK(error_of(big + "\"k19\": 0}") ==
          "1:" + std::to_string(big.size() + 1) + ": duplicate key 'k19'");
    CHECK(error_of(big + "\"k3\": 0}") ==
          "1:" + std::to_string(big.size() + 1) + ": duplicate key 'k3'");
    CHECK(error_of(big + "\"k20\": 0}") == "no error");
}

TEST_CASE("numbers: JSONTestSuite cases that must be refused", "[json]") {
    CHECK(error_of("01") == "1:1: leading zeros are not allowed in numbers");
    CHECK(error_of("-012") == "1:1: leading zeros are not allowed in numbers");
    CHECK(error_of("[1.]") == "1:4: expected a digit after the decimal point");
    CHECK(error_of(".5") == "1:1: expected a value, found '.'");
    CHECK(error_of("+1") == "1:1: expected a value, found '+'");
    CHECK(error_of("-") == "1:2: expected a digit after '-'");
    CHECK(error_of("-a") == "1:2: expected a digit after '-'");
    CHECK(error_of("1e") == "1:3: expected a digit in the exponent");
    CHECK(error_of("1e+") == "1:4: expected a digit in the exponent");
    CHECK(error_of("0x10") == "1:2: unexpected 'x' after the JSON value");
    CHECK(error_of("NaN") == "1:1: expected a value, found 'NaN'");
    CHECK(error_of("-Infinity") == "1:2: expected a digit after '-'");
    CHECK(error_of("1e309") == "1:1: number '1e309' is too large");
    CHECK(error_of("-1e309") == "1:1: number '-1e309' is too large");
    CHECK(error_of("1,5") == "1:2: unexpected ',' after the JSON value");
}

TEST_CASE("structure: JSONTestSuite cases that must be refused", "[json]") {
    CHECK(error_of("") == "1:1: expected a value, found the end of input");
    CHECK(error_of(" \n ") == "2:2: expected a value, found the end of input");
    CHECK(error_of("[1,]") == "1:4: trailing comma before ']'");
    CHECK(error_of("{\"a\":1,}") == "1:8: trailing comma before '}'");
    CHECK(error_of("[1 2]") == "1:4: expected ',' or ']' in an array, found '2'");
    CHECK(error_of("{\"a\" 1}") == "1:6: expected ':' after the key, found '1'");
    CHECK(error_of("{\"a\":1 \"b\":2}") == "1:8: expected ',' or '}' in an object, found '\"'");
    CHECK(error_of("{'a':1}") == "1:2: expected a key in double quotes, found '''");
    CHECK(error_of("{a:1}") == "1:2: expected a key in double quotes, found 'a'");
    CHECK(error_of("[") == "1:2: expected a value, found the end of input");
    CHECK(error_of("[1") == "1:3: expected ',' or ']' in an array, found end of input");
    CHECK(error_of("{") == "1:2: expected a key in double quotes, found end of input");
    CHECK(error_of("{} x") == "1:4: unexpected 'x' after the JSON value");
    CHECK(error_of("1 2") == "1:3: unexpected '2' after the JSON value");
    CHECK(error_of("tru") == "1:1: expected a value, found 'tru'");
    CHECK(error_of("True") == "1:1: expected a value, found 'True'");
    CHECK(error_of("nul") == "1:1: expected a value, found 'nul'");
    CHECK(error_of("\xEF\xBB\xBF{}") == "1:1: expected a value, found '\xEF\xBB\xBF'");
}

TEST_CASE("strings: JSONTestSuite cases that must be refused", "[json]") {
    CHECK(error_of("\"abc") == "1:1: unterminated string");
    CHECK(error_of("\"a\\") == "1:1: unterminated string");
    CHECK(error_of("\"a\tb\"") ==
          "1:3: control character '\\x09' in a string (escape it as \\u00XX)");
    CHECK(error_of("\"a\nb\"") == "1:3: line break in a string (write it as \\n)");
    CHECK(error_of(R"("\x41")") == "1:2: invalid escape '\\x'");
    CHECK(error_of(R"("\a")") == "1:2: invalid escape '\\a'");
    CHECK(error_of(R"("\u12G4")") == "1:4: \\u must be followed by four hex digits");
    CHECK(error_of(R"("\u12")") == "1:4: \\u must be followed by four hex digits");
    CHECK(error_of(R"(["\ud800"])") ==
          "1:3: high surrogate \\ud800 not followed by a low surrogate");
    CHECK(error_of(R"("\ud800\u0041")") ==
          "1:2: high surrogate \\ud800 not followed by a low surrogate");
    CHECK(error_of(R"("\uDC00")") == "1:2: lone low surrogate \\uDC00");
    CHECK(error_of("\"caf\xE9\"") == "1:5: invalid UTF-8 in a string");
    CHECK(error_of("\"\xC0\xAF\"") == "1:2: invalid UTF-8 in a string");      // overlong '/'
    CHECK(error_of("\"\xED\xA0\x80\"") == "1:2: invalid UTF-8 in a string");  // encoded surrogate
    CHECK(error_of("\"\xE2\x82\"") == "1:2: invalid UTF-8 in a string");      // truncated
    CHECK(error_of("\"\xF5\x80\x80\x80\"") == "1:2: invalid UTF-8 in a string");
}

TEST_CASE("errors are placed on the right line of a multi-line document", "[json]") {
    CHECK(error_of("{\n  \"a\": 1,\n  \"a\": 2\n}") == "3:3: duplicate key 'a'");
    CHECK(error_of("[\n1,\n\n  x]", 10) == "13:3: expected a value, found 'x'");
}

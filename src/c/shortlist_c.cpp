// The C interface (include/shortlist/shortlist.h): a thin shell over the
// library. Every entry point catches everything, so no C++ exception crosses
// into C; errors become the library's messages in malloc'd strings.
#include "shortlist/shortlist.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "c/json_path.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/version.hpp"
#include "util/json.hpp"

struct shortlist_scorer {
    explicit shortlist_scorer(shortlist::Rulebook rulebook) : scorer(std::move(rulebook)) {}
    const shortlist::Scorer scorer;  // const: score() keeps no state, so threads may share it
};

namespace {

/// The name an application's errors carry in place of a file.
constexpr std::string_view application_name = "<application>";

/// An error whose text names its places already (as JSON paths).
class PlacedError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A copy of `text` the caller frees with shortlist_free (std::free), or
/// nullptr when there is no memory for it.
char* copy_out(std::string_view text) noexcept {
    auto* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out != nullptr) {
        std::memcpy(out, text.data(), text.size());
        out[text.size()] = '\0';
    }
    return out;
}

/// Set *err (when asked for) to `message`. A message that cannot be
/// allocated leaves *err NULL; the NULL result still says that it failed.
void set_error(char** err, std::string_view message) noexcept {
    if (err != nullptr)
        *err = copy_out(message);
}

/// The library's message with each place named by its JSON path instead of
/// line:column in the flattened text (every value and key is in `paths`).
/// The checks across ratings (duplicates, conflicts) have no column: they
/// name "$.ratings", and the line their message cites is the record's.
std::string with_paths(const shortlist::Error& e, const shortlist::capi::JsonPaths& paths) {
    std::string text;
    for (const shortlist::Diagnostic& d : e.diagnostics()) {
        if (!text.empty())
            text += '\n';
        const std::string* path = paths.find(d.location.line, d.location.column);
        text += std::string(application_name) + ":" +
                (path != nullptr          ? *path
                 : d.location.column == 0 ? "$.ratings"
                                          : "$") +
                ": error: " + d.message;
    }
    return text;
}

/// `json` as one JSON Lines line: each line break outside a string becomes a
/// space. In well-formed JSON line breaks come only between tokens, so every
/// value keeps its offset. One inside a string (never well-formed) is kept,
/// so a malformed document stays malformed.
std::string one_line(std::string_view json) {
    std::string line(json);
    bool in_string = false;
    bool escaped = false;
    for (char& c : line) {
        if (escaped)
            escaped = false;
        else if (in_string && c == '\\')
            escaped = true;
        else if (c == '"')
            in_string = !in_string;
        else if (!in_string && (c == '\n' || c == '\r'))
            c = ' ';
    }
    return line;
}

/// Throw the parse error of `json`, placed by line and column in the text as
/// given, when it is malformed.
void throw_if_malformed(std::string_view json) {
    auto parsed = shortlist::detail::parse_json(json);
    if (const auto* e = std::get_if<shortlist::detail::JsonParseError>(&parsed))
        throw shortlist::EvidenceError({std::string(application_name), e->line, e->column},
                                       shortlist::ErrorCode::InvalidArgument, e->message);
}

/// The one-applicant shortlist of `json`, written as score --format json
/// writes an entry of "applicants". Throws the library's errors.
std::string score(const shortlist::Scorer& scorer, std::string_view json) {
    const shortlist::Rulebook& rulebook = scorer.rulebook();
    // The loader skips a byte order mark, which a JSON document may not have.
    if (json.starts_with("\xEF\xBB\xBF"))
        throw_if_malformed(json);
    const std::string line = one_line(json);
    shortlist::Evidence evidence;
    try {
        // Blind sifting, as `shortlist score` does: a fact naming a protected
        // characteristic or identifying the applicant is refused.
        (void)shortlist::check_blind_columns(rulebook, line, application_name, true);
        evidence = shortlist::parse_jsonl(rulebook, line, application_name);
    } catch (const shortlist::EvidenceError& e) {
        auto flat = shortlist::detail::parse_json(line);
        if (const auto* document = std::get_if<shortlist::detail::JsonValue>(&flat))
            throw PlacedError(with_paths(e, shortlist::capi::JsonPaths(*document)));
        // A malformed document is reported where it is, by line and column.
        throw_if_malformed(json);
        throw;  // not reached: the line is malformed only when the text is
    }
    shortlist::ScoreOptions options;
    options.explain = false;  // the entry has no breakdown, as without --explain
    const shortlist::Shortlist result =
        shortlist::select(rulebook, scorer.score(evidence, options));
    std::ostringstream out;
    shortlist::write_json_applicant(out, rulebook, result, 0);
    return std::move(out).str();
}

/// Run `body` (which returns a pointer) with *err cleared first; turn any
/// exception into NULL and its message in *err, so none reaches C.
template <class Body>
auto guarded(char** err, Body body) noexcept -> decltype(body()) {
    if (err != nullptr)
        *err = nullptr;
    try {
        return body();
    } catch (const std::bad_alloc&) {
        set_error(err, "out of memory");
    } catch (const std::exception& e) {
        set_error(err, e.what());
    } catch (...) {
        set_error(err, "unknown error");
    }
    return nullptr;
}

}  // namespace

extern "C" {

shortlist_scorer* shortlist_scorer_load(const char* path, char** err) {
    return guarded(err, [&]() -> shortlist_scorer* {
        if (path == nullptr) {
            set_error(err, "shortlist_scorer_load: the path is NULL");
            return nullptr;
        }
        return new shortlist_scorer(shortlist::load_rulebook(path));
    });
}

char* shortlist_score_json(const shortlist_scorer* scorer, const char* application_json,
                           char** err) {
    return guarded(err, [&]() -> char* {
        if (scorer == nullptr || application_json == nullptr) {
            set_error(err, scorer == nullptr ? "shortlist_score_json: the scorer is NULL"
                                             : "shortlist_score_json: the application is NULL");
            return nullptr;
        }
        char* out = copy_out(score(scorer->scorer, application_json));
        if (out == nullptr)
            set_error(err, "out of memory");
        return out;
    });
}

void shortlist_free(char* text) {
    std::free(text);
}

void shortlist_scorer_free(shortlist_scorer* scorer) {
    delete scorer;
}

const char* shortlist_version(void) {
    return shortlist::version_string;
}

}  // extern "C"

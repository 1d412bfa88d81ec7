// Loading rulebooks from YAML (docs/rulebook.md is the schema): the
// public entry points. src/rulebook/yaml/ is the only folder that includes
// yaml-cpp: reader.* (typed reading with positions and guard rails),
// framework.* (framework files), condition.* (eligibility), rulebook_reader.*
// and read_*.cpp (the rulebook's sections).
//
// Choices made here, beyond the schema document:
// - Identifiers: rulebook, framework, scale, fact, condition, competency and
//   level ids match [a-z0-9_-]+. Criterion and indicator ids match [a-z0-9_]+:
//   they become column names in ratings files and reports, where '-' reads as
//   a minus sign.
// - A null value (`key:`, `key: ~`, `key: null`) of an optional key means "not
//   given". A required key must have a value.
// - Numbers are plain decimal scalars (`5`, `2.5`, `-1e3`); `"5"` in quotes is
//   text. Booleans are plain true/false (YAML 1.2: yes/no/on/off are text).
// - In a condition the value is typed by the declared fact: boolean -> bool,
//   number -> double, string/level/ordinal -> the scalar's text (so a level
//   written 5.4 is the text "5.4").
// - `groups` is optional (every group then weighs 1); when given, every group
//   that has criteria must be listed, and groups not listed weigh 0.
// - A competency criterion names framework, competency and level together, or
//   none of them (then it needs its own text). Its indicators come from the
//   framework level; its own `indicators:` only chooses among them (each with
//   a source, optionally reworded); its text and minimum default to the
//   competency's title and the level's minimum. With `rated_on: level` its
//   scale is made from the framework's levels (read_levels.cpp).
// - Framework files are read once each, relative to the rulebook's directory;
//   a framework's parent_framework is read on its own to check `parent` ids,
//   and is not followed further.
//
// Every problem in a file is reported (up to 1000). Structural problems
// (keys, types) are found while reading; then the semantic checks shared with
// validate() run with the positions recorded here. A value that could not be
// read is marked "skip" so that one mistake gives one message.
#include <algorithm>
#include <tuple>

#include "rulebook/yaml/framework.hpp"
#include "rulebook/yaml/reader.hpp"
#include "rulebook/yaml/rulebook_reader.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {
namespace {

namespace fs = std::filesystem;
namespace msg = detail::rulebook_msg;
using detail::KeyList;
using detail::YamlContext;
using detail::YamlReader;

constexpr std::string_view rulebook_keys[] = {
    "kind",       "id",     "title",      "organisation",    "grade",  "version",        "source",
    "frameworks", "scales", "facts",      "eligibility",     "groups", "aggregation",    "criteria",
    "shortlist",  "notes",  "moderation", "monitoring_only", "stage",  "interpretations"};

/// Read one file's text as a rulebook or, when `framework_ok`, a framework,
/// then run the semantic checks. Problems go to the reader's context.
void read_document(YamlReader& r, const std::optional<std::string>& text, const fs::path& base_dir,
                   bool framework_ok, Rulebook& rb) {
    YamlContext& ctx = r.context();
    try {
        if (!text)
            return;
        auto root = r.load(*text);
        if (!root)
            return;
        if (framework_ok && detail::peek_scalar(*root, "kind") == "framework") {
            (void)detail::read_framework_document(r, *root);
            return;
        }
        if (!detail::check_kind(r, *root, "rulebook"))
            return;
        auto m = r.map({"document", "file", {}, *root}, "rulebook", KeyList(rulebook_keys));
        if (!m)
            return;
        detail::RulebookReader(r, rb, base_dir).read(*m);
        detail::check_rulebook(rb, ctx.marks, ctx.diagnostics);
    } catch (const detail::ReadAborted&) {
        return;  // the reason is the last diagnostic
    } catch (const YAML::Exception& e) {
        ctx.diagnostics.push_back(
            {r.loc(e.mark), ErrorCode::InvalidArgument, msg::yaml_syntax(e.msg).text});
    }
}

/// The diagnostics in file order (the rulebook first, then each framework as
/// read), keeping a final "stopped" message last.
std::vector<Diagnostic> sorted(YamlContext& ctx, bool keep_last) {
    auto& ds = ctx.diagnostics;
    const auto& files = ctx.marks.files();
    auto rank = [&](const Diagnostic& d) {
        const auto file = std::find(files.begin(), files.end(), d.location.file) - files.begin();
        return std::tuple(file, d.location.line, d.location.column);
    };
    const auto end = keep_last && !ds.empty() ? ds.end() - 1 : ds.end();
    std::stable_sort(ds.begin(), end,
                     [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
    return std::move(ds);
}

std::vector<Diagnostic> run(const fs::path& file, std::optional<std::string_view> text,
                            std::string_view name, const fs::path& base_dir, bool framework_ok,
                            Rulebook& rb) {
    YamlContext ctx;
    YamlReader r(ctx, std::string(name));
    const std::optional<std::string> content =
        text ? std::optional<std::string>(std::string(*text)) : read_limited(file, r);
    rb.path = file.empty() ? fs::path(name) : file;
    read_document(r, content, base_dir, framework_ok, rb);
    const bool aborted = ctx.visits > detail::max_yaml_nodes ||
                         ctx.diagnostics.size() > detail::max_rulebook_diagnostics;
    return sorted(ctx, aborted);
}

}  // namespace

Rulebook parse_rulebook(std::string_view yaml, std::string_view name, const fs::path& base_dir) {
    Rulebook rb;
    auto diagnostics = run({}, yaml, name, base_dir, false, rb);
    if (!diagnostics.empty())
        throw RulebookError(std::move(diagnostics));
    return rb;
}

Rulebook load_rulebook(const fs::path& file) {
    Rulebook rb;
    auto diagnostics = run(file, std::nullopt, file.string(), file.parent_path(), false, rb);
    if (!diagnostics.empty())
        throw RulebookError(std::move(diagnostics));
    return rb;
}

std::vector<Diagnostic> validate_file(const fs::path& file) {
    Rulebook rb;
    return run(file, std::nullopt, file.string(), file.parent_path(), true, rb);
}

std::vector<Diagnostic> validate_text(std::string_view yaml, std::string_view name,
                                      const fs::path& base_dir) {
    Rulebook rb;
    return run({}, yaml, name, base_dir, true, rb);
}

}  // namespace shortlist

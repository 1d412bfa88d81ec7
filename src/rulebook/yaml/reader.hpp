// Typed, position-aware reading of a yaml-cpp node tree, with the guard rails
// the rulebook loader needs. Included only by src/rulebook/yaml/rulebook_yaml.cpp, the one
// translation unit that sees yaml-cpp.
//
// yaml-cpp 0.7 facts this relies on: a Mark is 0-based; a key's position is
// only available by iterating its map; duplicate keys are accepted silently
// (iteration sees both); quoted scalars carry the tag "!" and plain ones "?";
// aliases share the anchored node, so a "billion laughs" file loads in
// microseconds but would take forever to walk: every node looked at here is
// counted, and the walk stops past max_nodes.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rulebook/check.hpp"
#include "rulebook/messages.hpp"
#include "shortlist/error.hpp"

namespace shortlist::detail {

inline constexpr std::uintmax_t max_rulebook_bytes = 16u * 1024 * 1024;
inline constexpr std::size_t max_yaml_nodes = 1'000'000;
inline constexpr std::size_t max_rulebook_diagnostics = 1000;

/// Thrown to stop reading a hostile document; the reason is already reported.
struct ReadAborted {};

using KeyList = std::span<const std::string_view>;

/// Where each checked value was written, for check_rulebook(). Positions are
/// kept compactly (file index, line, column) and widened on demand.
class YamlMarks final : public Locator {
  public:
    std::uint32_t add_file(std::string name) {
        files_.push_back(std::move(name));
        return static_cast<std::uint32_t>(files_.size() - 1);
    }
    [[nodiscard]] const std::vector<std::string>& files() const noexcept { return files_; }

    struct Pos {
        std::uint32_t file = 0;
        std::size_t line = 0;  ///< 1-based
        std::size_t column = 0;
    };
    [[nodiscard]] SourceLocation location(const Pos& p) const {
        return {files_[p.file], p.line, p.column};
    }

    void set(Section s, std::size_t i, std::size_t j, Field f, Pos p) {
        marks_[key(s, i, j, f)] = p;
    }
    void skip(Section s, std::size_t i, std::size_t j, Field f) {
        marks_[key(s, i, j, f)] = std::nullopt;
    }

    [[nodiscard]] std::optional<SourceLocation> at(Section s, std::size_t i, std::size_t j, Field f,
                                                   const SourceLocation& fallback) const override {
        auto it = marks_.find(key(s, i, j, f));
        if (it == marks_.end())
            return fallback;
        if (!it->second)
            return std::nullopt;
        return location(*it->second);
    }

  private:
    /// One word per mark: section (4 bits), field (5), i (27), j (28). Indices
    /// count things read from one document, which max_yaml_nodes keeps far
    /// below 2^27.
    static_assert(static_cast<int>(Section::FactScore) < 16);
    static_assert(static_cast<int>(Field::FactScores) < 32);
    static std::uint64_t key(Section s, std::size_t i, std::size_t j, Field f) noexcept {
        return std::uint64_t{static_cast<std::uint8_t>(s)} << 60 |
               std::uint64_t{static_cast<std::uint8_t>(f)} << 55 |
               (std::uint64_t{i} & ((std::uint64_t{1} << 27) - 1)) << 28 |
               (std::uint64_t{j} & ((std::uint64_t{1} << 28) - 1));
    }

    std::vector<std::string> files_;
    struct Mix {  // splitmix64's finaliser: the keys differ mostly in their high bits
        std::size_t operator()(std::uint64_t x) const noexcept {
            x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
            x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
            return static_cast<std::size_t>(x ^ (x >> 31));
        }
    };
    std::unordered_map<std::uint64_t, std::optional<Pos>, Mix> marks_;
};

/// State shared by a rulebook and the framework files it reads.
struct YamlContext {
    std::vector<Diagnostic> diagnostics;
    YamlMarks marks;
    std::size_t visits = 0;
};

/// A value together with what to call it in messages: `key` in `where`
/// ("weight" in "criterion 'communication'", "notes[2]" in "rulebook").
struct Entry {
    std::string key;
    std::string where;
    YAML::Mark key_mark;
    YAML::Node value;

    /// The value's position; a null value (`key:`) has none of its own.
    [[nodiscard]] YAML::Mark mark() const { return value.IsNull() ? key_mark : value.Mark(); }
};

/// A map's entries in document order, with duplicate and unknown keys removed
/// (and reported).
struct Map {
    std::string where;
    YAML::Mark mark;
    std::vector<Entry> entries;

    /// The entry for `key`, or nullptr when absent or null (null = not given).
    [[nodiscard]] const Entry* get(std::string_view key) const {
        const Entry* e = find(key);
        return e != nullptr && !e->value.IsNull() ? e : nullptr;
    }
    /// The entry for `key` even when null, or nullptr when absent.
    [[nodiscard]] const Entry* find(std::string_view key) const {
        for (const auto& e : entries)
            if (e.key == key)
                return &e;
        return nullptr;
    }
};

/// Reads one file's nodes, reporting into the shared context.
class YamlReader {
  public:
    YamlReader(YamlContext& ctx, std::string file)
        : ctx_(ctx), file_(ctx.marks.add_file(std::move(file))) {}

    [[nodiscard]] YamlContext& context() noexcept { return ctx_; }
    [[nodiscard]] const std::string& file() const { return ctx_.marks.files()[file_]; }

    [[nodiscard]] YamlMarks::Pos pos(const YAML::Mark& m) const;
    [[nodiscard]] SourceLocation loc(const YAML::Mark& m) const {
        return ctx_.marks.location(pos(m));
    }

    /// Record a problem; past max_rulebook_diagnostics, stop the read.
    void report(const SourceLocation& where, rulebook_msg::Message m);
    void report(const YAML::Mark& where, rulebook_msg::Message m) {
        report(loc(where), std::move(m));
    }
    void report_file(rulebook_msg::Message m) {
        report(SourceLocation{file(), 0, 0}, std::move(m));
    }

    /// Count one node looked at; stop the whole read past the limit.
    void visit(const YAML::Mark& where);

    /// Report the first byte YAML text may not hold (YAML 1.2, 5.1: UTF-8
    /// here, printable characters; tab, LF and CR the only C0 controls) at its
    /// line and character column. yaml-cpp would take them, or guess UTF-16.
    bool check_text(std::string_view text);

    /// Parse the file's text: exactly one document. Reports and returns nullopt
    /// on a syntax error.
    std::optional<YAML::Node> load(std::string_view text);

    /// "'text'" for a scalar, else "a list", "a map" or "null".
    [[nodiscard]] static std::string describe(const YAML::Node& n);

    void type_error(const Entry& e, std::string_view expected);

    /// The entry's value as a map named `where`; `allowed` empty = any key.
    std::optional<Map> map(const Entry& e, std::string where, KeyList allowed);

    /// The entry for a required key; reports it missing.
    const Entry* need(const Map& m, std::string_view key);

    /// The items of a list, each named "key[i]".
    std::optional<std::vector<Entry>> list(const Entry& e);

    std::optional<std::string> text(const Entry& e);

    /// A plain (unquoted) decimal number; "5" in quotes is text, not a number.
    std::optional<double> number(const Entry& e);

    [[nodiscard]] static std::optional<double> as_number(const YAML::Node& n);

    /// Plain true or false (YAML 1.2: not yes/no/on/off).
    [[nodiscard]] static std::optional<bool> as_boolean(const YAML::Node& n);

    /// One of `names`, turned into T by `parse`.
    template <class Parse>
    auto choice(const Entry& e, KeyList names, Parse parse) -> decltype(parse(std::string_view{})) {
        auto s = text(e);
        if (!s)
            return std::nullopt;
        if (auto v = parse(*s))
            return v;
        report(e.mark(), rulebook_msg::not_one_of(e.key, e.where, *s, names));
        return std::nullopt;
    }

  private:
    YamlContext& ctx_;
    std::uint32_t file_;
};

/// The text of `key` in `map`, looked at before the map is read (the root's
/// `kind` decides which keys are allowed; an item's `id` names it in messages).
[[nodiscard]] std::optional<std::string> peek_scalar(const YAML::Node& map, std::string_view key);

/// "criterion 'communication'".
[[nodiscard]] std::string quoted(std::string_view what, std::string_view name);

/// The file's text, or nullopt (reported) when it is over the size limit.
/// Throws UsageError when it cannot be read at all. Pipes and devices are read
/// only up to the limit, so /dev/zero cannot hang us.
std::optional<std::string> read_limited(const std::filesystem::path& file, YamlReader& r);

}  // namespace shortlist::detail

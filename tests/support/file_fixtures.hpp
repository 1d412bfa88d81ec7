// Files for the tests that load them from disk (the streamed and the tallied
// readers): a fresh folder in the build tree, a text written byte for byte,
// a text damaged once, as a careless edit or a bad copy would, and the
// shortlist as the files a run writes, to compare.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"

namespace file_test {

namespace fs = std::filesystem;

/// An empty folder tests/<area>_tmp/<name> in the build tree.
inline fs::path temp_dir(const std::string& area, const std::string& name) {
    fs::path dir = fs::path(SHORTLIST_BINARY_DIR) / "tests" / (area + "_tmp") / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

inline void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

/// A test rulebook's YAML: `id` and `title`, the `scales` and the `facts`
/// besides the licence (each a line, indented), the licence as a gate, the
/// three groups (essential weighed twice), then the `criteria` and the rest
/// (from the first group's name on).
inline std::string rulebook_yaml(std::string_view id, std::string_view title,
                                 std::string_view scales, std::string_view facts,
                                 std::string_view criteria) {
    std::string y = "kind: rulebook\nid: ";
    y.append(id).append("\ntitle: ").append(title);
    y += "\norganisation: Test\ngrade: \"1\"\nversion: \"1\"\nsource: tests\nscales:\n";
    y.append(scales).append("facts:\n  licence: {type: boolean}\n").append(facts);
    y += "eligibility:\n  - {id: licence, fact: licence, op: eq, value: true}\n"
         "groups:\n  essential: {weight: 2}\n  desirable: {weight: 1}\n"
         "  competency: {weight: 1}\ncriteria:\n";
    return y.append(criteria);
}

/// The shortlist as CSV, then as JSON with each applicant's outcome explained.
inline std::string shortlist_files(const shortlist::Rulebook& rulebook,
                                   const shortlist::Shortlist& s) {
    std::ostringstream out;
    shortlist::write_csv(out, rulebook, s);
    shortlist::write_json(out, rulebook, s, {true});
    return out.str();
}

/// The row holding the byte at `at`: where it starts, and where its line
/// break is.
inline std::pair<std::size_t, std::size_t> row_around(const std::string& text, std::size_t at) {
    const std::size_t begin = text.rfind('\n', at) + 1;
    return {begin, text.find('\n', begin)};
}

/// A place in `text` drawn from `rng`, at `from` or after it (past the header).
inline std::size_t somewhere_after(const std::string& text, std::size_t from, std::mt19937& rng) {
    return from + rng() % (text.size() - from);
}

enum class Damage {
    Drop,         ///< a byte dropped
    Change,       ///< a byte changed to one of damage_bytes
    Add,          ///< one of damage_bytes added
    Double,       ///< the row doubled, just after itself
    DoubleLater,  ///< the row doubled after the next one
};

/// What a changed or added byte is: a separator, a line end, a quote, a
/// letter, a digit, a blank.
inline constexpr std::string_view damage_bytes = ",\n\r\"x9 A\t";

/// Damage `text` (which ends with a line break) once at `at`, as `how`
/// says; a changed or added byte is drawn from `rng`.
inline void damage(std::string& text, std::size_t at, Damage how, std::mt19937& rng) {
    const auto [row, end] = row_around(text, at);
    const std::string line = text.substr(row, end - row) + "\n";
    switch (how) {
        case Damage::Drop:
            text.erase(at, 1);
            break;
        case Damage::Change:
            text[at] = damage_bytes[rng() % damage_bytes.size()];
            break;
        case Damage::Add:
            text.insert(at, 1, damage_bytes[rng() % damage_bytes.size()]);
            break;
        case Damage::Double:
            text.insert(row, line);
            break;
        case Damage::DoubleLater:
            text.insert(text.find('\n', end + 1) + 1, line);
            break;
    }
}

}  // namespace file_test

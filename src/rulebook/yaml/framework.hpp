// Reading framework files (kind: framework) and indicator lists
// (framework.cpp). Private to src/rulebook/yaml/.
//
// A framework's own problems (ids, duplicates, more than 64 indicators on a
// level) are reported here, once, in the framework file, however many
// criteria use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rulebook/yaml/reader.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

struct IndicatorRead {
    Indicator indicator;
    YAML::Mark id_mark;
};

/// A list of {id, text}; items without a usable id are left out (reported).
std::optional<std::vector<IndicatorRead>> read_indicators(YamlReader& r, const Entry& e,
                                                          std::string_view owner);

struct LevelDoc {
    std::optional<double> minimum;
    YamlMarks::Pos minimum_at;
    std::vector<Indicator> indicators;
};

struct CompetencyDoc {
    std::string id;
    std::string title;
    std::vector<std::pair<std::string, LevelDoc>> levels;
};

struct FrameworkDoc {
    std::string id;
    std::string title;
    std::vector<std::string> levels;
    std::vector<CompetencyDoc> competencies;

    [[nodiscard]] const CompetencyDoc* find(std::string_view id_) const {
        for (const auto& c : competencies)
            if (c.id == id_)
                return &c;
        return nullptr;
    }
};

/// Checks the document's `kind` against `expected` before its keys are read
/// (a file of the other kind would otherwise give a screenful of unknown
/// keys). False (reported) if it is another kind; a missing kind is reported
/// and the rest read as `expected`.
bool check_kind(YamlReader& r, const YAML::Node& root, std::string_view expected);

/// A whole framework document (its own file).
std::optional<FrameworkDoc> read_framework_document(YamlReader& r, const YAML::Node& root);

}  // namespace shortlist::detail

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
    std::string parent;  ///< a competency id, checked (when has_parent)
    bool has_parent = false;
    YAML::Mark parent_mark;
    std::vector<std::pair<std::string, LevelDoc>> levels;
};

struct FrameworkDoc {
    std::string id;
    std::string title;
    std::vector<std::string> levels;  ///< lowest first
    /// The id of the framework `parent_framework:` names (whose competencies
    /// the parents are); empty: parents are competencies of this framework.
    std::string parent_framework;
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

/// A whole framework document (its own file). A framework read as another's
/// parent_framework is read with `follow_parent` false, so that its own
/// parent_framework is not followed (a chain of files cannot loop).
std::optional<FrameworkDoc> read_framework_document(YamlReader& r, const YAML::Node& root,
                                                    bool follow_parent = true);

/// Check each competency's `parent` (framework_parents.cpp): a competency of
/// this framework, or of the framework file `parent_framework` names
/// (relative to this file), and no loop.
void check_parents(YamlReader& r, const Entry* parent_framework, FrameworkDoc& doc,
                   bool follow_parent);

}  // namespace shortlist::detail

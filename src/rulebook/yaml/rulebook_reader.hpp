// Reads the root map of a rulebook into a Rulebook, recording where each value
// was written for the semantic checks. One class, its sections in their own
// files: rulebook_reader.cpp (the root, frameworks), read_scales.cpp (scales
// and facts), read_criteria.cpp (criteria, competencies, groups),
// read_policy.cpp (shortlist, bands, moderation, notes, monitoring_only),
// read_interpretations.cpp (interpretations).
// Private to src/rulebook/yaml/.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "rulebook/yaml/framework.hpp"
#include "rulebook/yaml/reader.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

class RulebookReader {
  public:
    RulebookReader(YamlReader& r, Rulebook& rb, std::filesystem::path base_dir)
        : r_(r), rb_(rb), marks_(r.context().marks), base_dir_(std::move(base_dir)) {}

    /// Read the rulebook's root map (its keys already checked).
    void read(const Map& root);

  private:
    void mark(Section s, std::size_t i, std::size_t j, Field f, const YAML::Mark& m) {
        marks_.set(s, i, j, f, r_.pos(m));
    }
    void skip(Section s, std::size_t i, std::size_t j, Field f) { marks_.skip(s, i, j, f); }

    // rulebook_reader.cpp
    void read_metadata(const Map& root);
    void read_frameworks(const Entry& e);
    const FrameworkDoc* load_framework(const Entry& fe, const std::filesystem::path& file);

    // read_scales.cpp
    void read_scales(const Entry& e);
    void read_scale(const Entry& se);
    void read_labels(const Entry& l, Scale& s, std::size_t i, std::optional<double> min,
                     std::optional<double> max);
    void read_facts(const Entry& e);
    void read_fact(const Entry& fe);

    // read_criteria.cpp
    void read_criteria(const Entry& e);
    void read_criterion(const Entry& e, Group g, std::size_t i);
    void read_criterion_numbers(const Map& m, std::size_t n, Criterion& c);
    void read_criterion_indicators(const Map& m, std::size_t n, const std::string& name,
                                   Criterion& c);
    void read_from_fact(const Map& m, std::size_t n, const std::string& name, Criterion& c);
    /// framework/competency/level: true if the criterion takes (or tries to
    /// take) its content from a framework, so needs no text of its own.
    bool read_competency(const Map& m, std::size_t n, const std::string& name, Criterion& c);
    void read_groups(const Entry* e);

    // read_levels.cpp: a competency criterion's level, indicators and rating
    // (docs/rulebook.md, "Competency levels")
    void take_level(const Map& m, std::size_t n, const std::string& name, const FrameworkDoc& fw,
                    const CompetencyDoc& comp, const LevelDoc& level, Criterion& c);
    std::vector<Indicator> level_indicators(const Map& m, const FrameworkDoc& fw,
                                            const CompetencyDoc& comp, const LevelDoc& level,
                                            bool include_lower);
    std::vector<Indicator> choose_indicators(const Entry& e, const std::string& name,
                                             const CompetencyDoc& comp,
                                             const std::vector<Indicator>& offered);
    void rate_on_levels(const Map& m, std::size_t n, const std::string& name,
                        const FrameworkDoc& fw, Criterion& c);

    // read_policy.cpp
    void read_shortlist(const Entry& e);
    void read_bands(const Entry& e);
    void read_moderation(const Entry& e);
    void read_monitoring_only(const Entry& e);
    void read_notes(const Entry& e);

    // read_interpretations.cpp
    void read_interpretations(const Entry& e);

    YamlReader& r_;
    Rulebook& rb_;
    YamlMarks& marks_;
    std::filesystem::path base_dir_;
    std::map<std::string, std::optional<FrameworkDoc>> cache_;   ///< by resolved path
    std::unordered_map<std::string, const FrameworkDoc*> docs_;  ///< by name; null if unreadable
    std::unordered_map<std::string, std::size_t> facts_;         ///< name -> index (or untyped)
    std::vector<std::string> level_scales_;  ///< scales made for `rated_on: level`
};

/// True for a finite whole number.
[[nodiscard]] bool is_whole(double v) noexcept;

}  // namespace shortlist::detail

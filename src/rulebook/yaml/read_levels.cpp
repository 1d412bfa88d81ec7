// A competency criterion's framework level: which indicators it is rated
// against (the level's, with the levels below it, or the rulebook's choice and
// wording of them) and whether it is rated on a scale or on the framework's
// levels (see rulebook_reader.hpp and docs/rulebook.md, "Competency levels").
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "rulebook/names.hpp"
#include "rulebook/yaml/rulebook_reader.hpp"

namespace shortlist::detail {

namespace {

namespace msg = rulebook_msg;

constexpr std::string_view chosen_indicator_keys[] = {"id", "text", "source"};

/// The level's place in the framework's order, or npos.
std::size_t rank_of(const FrameworkDoc& fw, std::string_view level) {
    const auto it = std::find(fw.levels.begin(), fw.levels.end(), level);
    return it == fw.levels.end() ? std::string::npos
                                 : static_cast<std::size_t>(it - fw.levels.begin());
}

}  // namespace

void RulebookReader::take_level(const Map& m, std::size_t n, const std::string& name,
                                const FrameworkDoc& fw, const CompetencyDoc& comp,
                                const LevelDoc& level, Criterion& c) {
    CompetencyRef& ref = *c.competency;
    ref.levels = fw.levels;
    if (comp.has_parent) {
        ref.parent_framework = fw.parent_framework.empty() ? fw.id : fw.parent_framework;
        ref.parent = comp.parent;
    }
    if (const Entry* e = m.get("rated_on"))
        ref.rated_on =
            r_.choice(*e, KeyList(rated_on_names), parse_rated_on).value_or(RatedOn::Scale);
    if (ref.rated_on == RatedOn::Level) {
        rate_on_levels(m, n, name, fw, c);
        return;
    }
    if (const Entry* e = m.get("include_lower_levels")) {
        if (auto b = YamlReader::as_boolean(e->value))
            ref.include_lower_levels = *b;
        else
            r_.type_error(*e, "true or false");
    }
    const auto offered = level_indicators(m, fw, comp, level, ref.include_lower_levels);
    const Entry* chosen = m.get("indicators");
    c.indicators = chosen ? choose_indicators(*chosen, name, comp, offered) : offered;
    // The framework's own indicators were checked when it was read, the
    // rulebook's choice just now.
    for (std::size_t j = 0; j < c.indicators.size(); ++j)
        skip(Section::Indicator, n, j, Field::Id);
    if (m.get("minimum") == nullptr && level.minimum) {
        c.minimum = level.minimum;
        marks_.set(Section::Criterion, n, 0, Field::Minimum, level.minimum_at);
    }
}

/// The level's indicators; with `include_lower`, those of every level of the
/// competency up to it, lowest level first (the framework's order).
std::vector<Indicator> RulebookReader::level_indicators(const Map& m, const FrameworkDoc& fw,
                                                        const CompetencyDoc& comp,
                                                        const LevelDoc& level, bool include_lower) {
    if (!include_lower)
        return level.indicators;
    std::vector<Indicator> out;
    std::unordered_map<std::string, std::string> at_level;  // indicator id -> level
    const auto it = std::find_if(comp.levels.begin(), comp.levels.end(),
                                 [&](const auto& l) { return &l.second == &level; });
    const std::size_t top = rank_of(fw, it->first);
    for (std::size_t k = 0; k <= top && k < fw.levels.size(); ++k) {
        const auto l = std::find_if(comp.levels.begin(), comp.levels.end(),
                                    [&](const auto& x) { return x.first == fw.levels[k]; });
        if (l == comp.levels.end())
            continue;
        for (const Indicator& i : l->second.indicators) {
            if (auto [seen, fresh] = at_level.try_emplace(i.id, l->first); !fresh) {
                r_.report(m.find("include_lower_levels")->key_mark,
                          msg::indicator_at_two_levels(i.id, comp.id, seen->second, l->first));
                continue;
            }
            out.push_back(i);
        }
    }
    return out;
}

/// `indicators:` of a competency criterion: the framework indicators it is
/// rated against, in its own order, each with a `source` and optionally its
/// own `text` (else the framework's wording).
std::vector<Indicator> RulebookReader::choose_indicators(const Entry& e, const std::string& name,
                                                         const CompetencyDoc& comp,
                                                         const std::vector<Indicator>& offered) {
    std::vector<Indicator> out;
    auto items = r_.list(e);
    if (!items)
        return offered;  // reported: rate on the level's own list
    if (items->empty())
        r_.report(e.mark(), msg::no_indicators_chosen(name));
    std::vector<std::string> ids;
    for (const Indicator& i : offered)
        ids.push_back(i.id);
    std::unordered_map<std::string, YAML::Mark> seen;
    for (const Entry& item : *items) {
        auto im = r_.map(item, item.key + " of " + quoted("criterion", name),
                         KeyList(chosen_indicator_keys));
        if (!im)
            continue;
        const Entry* id = r_.need(*im, "id");
        const Entry* source = r_.need(*im, "source");
        auto id_text = id ? r_.text(*id) : std::nullopt;
        if (!id_text)
            continue;
        const auto found = std::find(ids.begin(), ids.end(), *id_text);
        if (found == ids.end()) {
            r_.report(id->mark(), msg::not_an_indicator(*id_text, name, comp.id, ids));
            continue;
        }
        if (auto [first, fresh] = seen.try_emplace(*id_text, id->mark()); !fresh) {
            r_.report(id->mark(),
                      msg::duplicate_id("indicator id", *id_text, r_.loc(first->second)));
            continue;
        }
        Indicator chosen = offered[static_cast<std::size_t>(found - ids.begin())];
        if (const Entry* t = im->get("text"))
            chosen.text = r_.text(*t).value_or(chosen.text);
        if (source != nullptr)
            chosen.source = r_.text(*source).value_or("");
        out.push_back(std::move(chosen));
    }
    return out;
}

/// `rated_on: level`: the criterion's scale is the framework's levels (point
/// 0 below the lowest, then one point per level, lowest first) and its
/// minimum the required level's point.
void RulebookReader::rate_on_levels(const Map& m, std::size_t n, const std::string& name,
                                    const FrameworkDoc& fw, Criterion& c) {
    const Entry* rated = m.get("rated_on");
    const std::string id = c.competency->framework + "-levels";
    for (std::string_view key : {"scale", "minimum", "indicators", "include_lower_levels"})
        if (const Entry* e = m.find(key))
            r_.report(e->key_mark, msg::rated_on_level_key(key, name, id));
    const std::size_t rank = rank_of(fw, c.competency->level);
    if (fw.levels.empty() || rank == std::string::npos)
        return;  // reported with the framework
    c.indicators.clear();
    c.scale = id;
    c.minimum = static_cast<double>(rank + 1);
    mark(Section::Criterion, n, 0, Field::Scale, rated->mark());
    mark(Section::Criterion, n, 0, Field::Minimum, rated->mark());
    if (std::find(level_scales_.begin(), level_scales_.end(), id) != level_scales_.end())
        return;
    if (rb_.find_scale(id) != nullptr) {
        r_.report(rated->mark(), msg::level_scale_taken(id, c.competency->framework));
        return;
    }
    Scale s;
    s.id = id;
    s.min = 0;
    s.max = static_cast<double>(fw.levels.size());
    s.labels.push_back("below " + fw.levels.front());
    s.labels.insert(s.labels.end(), fw.levels.begin(), fw.levels.end());
    s.location = r_.loc(rated->mark());
    rb_.scales.push_back(std::move(s));
    level_scales_.push_back(id);
}

}  // namespace shortlist::detail

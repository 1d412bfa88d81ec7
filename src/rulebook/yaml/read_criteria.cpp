// Criteria, their competency references and the group weights (see
// rulebook_reader.hpp).
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "rulebook/names.hpp"
#include "rulebook/yaml/rulebook_reader.hpp"

namespace shortlist::detail {

namespace {

namespace msg = rulebook_msg;

constexpr std::string_view group_keys[] = {"weight"};
constexpr std::string_view criterion_keys[] = {
    "id",        "text",        "source",     "scale",
    "weight",    "minimum",     "indicators", "may_be_met_later",
    "framework", "competency",  "level",      "stage",
    "from_fact", "fact_scores", "rated_on",   "include_lower_levels"};

/// `rated_on: level`, looked at before it is read (such a criterion has no
/// `scale:` of its own).
bool rated_on_level(const Map& m) {
    const Entry* e = m.get("rated_on");
    return e != nullptr && e->value.IsScalar() && e->value.Scalar() == "level";
}

}  // namespace

void RulebookReader::read_criteria(const Entry& e) {
    auto m = r_.map(e, "criteria", KeyList(group_names));
    if (!m) {
        skip(Section::Rulebook, 0, 0, Field::Criteria);
        return;
    }
    mark(Section::Rulebook, 0, 0, Field::Criteria, e.key_mark);
    for (std::size_t g = 0; g < group_count; ++g) {
        const Entry* ge = m->get(group_names[g]);
        if (ge == nullptr)
            continue;
        mark(Section::Group, g, 0, Field::Criteria, ge->key_mark);
        auto items = r_.list(*ge);
        if (!items) {
            skip(Section::Group, g, 0, Field::Criteria);
            continue;
        }
        for (std::size_t i = 0; i < items->size(); ++i)
            read_criterion((*items)[i], static_cast<Group>(g), i);
    }
}

void RulebookReader::read_criterion(const Entry& e, Group g, std::size_t i) {
    const std::string path =
        "criteria." + std::string(to_string(g)) + "[" + std::to_string(i) + "]";
    const auto peeked = peek_scalar(e.value, "id");
    const std::string name = peeked && !peeked->empty() ? *peeked : path;
    auto m = r_.map(e, quoted("criterion", name), KeyList(criterion_keys));
    if (!m)
        return;
    const std::size_t n = rb_.criteria.size();
    Criterion c;
    c.group = g;
    c.location = r_.loc(m->mark);
    c.id = CriterionId(name);
    const Entry* id = r_.need(*m, "id");
    if (auto s = id ? r_.text(*id) : std::nullopt) {
        c.id = CriterionId(*s);
        mark(Section::Criterion, n, 0, Field::Id, id->mark());
    } else {
        skip(Section::Criterion, n, 0, Field::Id);
    }
    const Entry* text = m->get("text");
    if (text)
        c.text = r_.text(*text).value_or("");
    if (const Entry* s = m->get("source"))
        c.source = r_.text(*s).value_or("");
    if (const Entry* s = m->get("may_be_met_later"))
        c.may_be_met_later = r_.text(*s);
    if (const Entry* s = m->get("stage"))
        c.stage = r_.choice(*s, KeyList(stage_names), parse_stage);
    const Entry* scale = rated_on_level(*m) ? m->get("scale") : r_.need(*m, "scale");
    if (auto s = scale ? r_.text(*scale) : std::nullopt) {
        c.scale = *s;
        mark(Section::Criterion, n, 0, Field::Scale, scale->mark());
    } else {
        skip(Section::Criterion, n, 0, Field::Scale);
    }
    read_criterion_numbers(*m, n, c);
    if (g != Group::Competency || m->find("framework") == nullptr)
        read_criterion_indicators(*m, n, name, c);  // else chosen from the framework's
    else
        skip(Section::Criterion, n, 0, Field::Indicators);
    read_from_fact(*m, n, name, c);
    const bool from_framework = read_competency(*m, n, name, c);
    if (!text && !from_framework)
        r_.report(m->mark, msg::missing_key("text", m->where));
    rb_.criteria.push_back(std::move(c));
}

void RulebookReader::read_criterion_numbers(const Map& m, std::size_t n, Criterion& c) {
    if (const Entry* w = m.get("weight")) {
        if (auto v = r_.number(*w)) {
            c.weight = *v;
            mark(Section::Criterion, n, 0, Field::Weight, w->mark());
        } else {
            skip(Section::Criterion, n, 0, Field::Weight);
        }
    }
    if (const Entry* x = m.get("minimum")) {
        c.minimum = r_.number(*x);
        if (c.minimum)
            mark(Section::Criterion, n, 0, Field::Minimum, x->mark());
        else
            skip(Section::Criterion, n, 0, Field::Minimum);
    }
}

void RulebookReader::read_criterion_indicators(const Map& m, std::size_t n, const std::string& name,
                                               Criterion& c) {
    if (const Entry* ind = m.get("indicators")) {
        if (auto read = read_indicators(r_, *ind, quoted("criterion", name))) {
            mark(Section::Criterion, n, 0, Field::Indicators, ind->key_mark);
            for (auto& [indicator, at] : *read) {
                mark(Section::Indicator, n, c.indicators.size(), Field::Id, at);
                c.indicators.push_back(std::move(indicator));
            }
        } else {
            skip(Section::Criterion, n, 0, Field::Indicators);
        }
    }
}

void RulebookReader::read_from_fact(const Map& m, std::size_t n, const std::string& name,
                                    Criterion& c) {
    const Entry* fact = m.get("from_fact");
    const Entry* scores = m.get("fact_scores");
    if (fact == nullptr && scores == nullptr)
        return;
    if (fact == nullptr || scores == nullptr) {
        const Entry* given = fact != nullptr ? fact : scores;
        r_.report(
            given->key_mark,
            msg::from_fact_pair(name, given->key, fact != nullptr ? "fact_scores" : "from_fact"));
        return;
    }
    auto id = r_.text(*fact);
    auto points = r_.map(*scores, "fact_scores of " + quoted("criterion", name), {});
    if (!id || !points)
        return;
    FactScores f{*id, {}};
    mark(Section::Criterion, n, 0, Field::FromFact, fact->mark());
    mark(Section::Criterion, n, 0, Field::FactScores, scores->key_mark);
    for (const Entry& e : points->entries) {
        auto point = r_.number(e);
        if (!point) {
            skip(Section::Criterion, n, 0, Field::FactScores);  // reported: check no more
            continue;
        }
        mark(Section::FactScore, n, f.scores.size(), Field::Value, e.mark());
        f.scores.emplace_back(e.key, *point);
    }
    c.from_fact = std::move(f);
}

bool RulebookReader::read_competency(const Map& m, std::size_t n, const std::string& name,
                                     Criterion& c) {
    // The first three are required together; the others need them.
    constexpr std::array<std::string_view, 5> keys = {"framework", "competency", "level",
                                                      "rated_on", "include_lower_levels"};
    std::array<const Entry*, 5> given{};
    for (std::size_t x = 0; x < keys.size(); ++x)
        given[x] = m.find(keys[x]);
    if (std::none_of(given.begin(), given.end(), [](const Entry* e) { return e != nullptr; }))
        return false;
    if (c.group != Group::Competency) {
        for (const Entry* e : given)
            if (e)
                r_.report(e->key_mark,
                          msg::competency_key_outside_group(e->key, name, to_string(c.group)));
        return false;
    }
    std::array<std::string, 3> value;
    bool ok = true;
    for (std::size_t x = 0; x < value.size(); ++x) {
        const Entry* e = given[x] ? given[x] : r_.need(m, keys[x]);
        auto s = e ? r_.text(*e) : std::nullopt;
        ok = ok && s.has_value();
        if (s)
            value[x] = *s;
    }
    if (!ok)
        return true;
    c.competency = CompetencyRef{};
    c.competency->framework = value[0];
    c.competency->competency = value[1];
    c.competency->level = value[2];
    mark(Section::Criterion, n, 0, Field::Framework, given[0]->mark());
    auto it = docs_.find(value[0]);
    if (it == docs_.end() || it->second == nullptr)
        return true;  // reported elsewhere
    const CompetencyDoc* comp = it->second->find(value[1]);
    if (comp == nullptr) {
        r_.report(given[1]->mark(), msg::undefined_competency(value[1], name, value[0]));
        return true;
    }
    auto level = std::find_if(comp->levels.begin(), comp->levels.end(),
                              [&](const auto& l) { return l.first == value[2]; });
    if (level == comp->levels.end()) {
        std::vector<std::string> names;
        for (const auto& l : comp->levels)
            names.push_back(l.first);
        r_.report(given[2]->mark(), msg::undefined_level(value[2], name, value[1], names));
        return true;
    }
    if (m.get("text") == nullptr)
        c.text = comp->title;
    take_level(m, n, name, *it->second, *comp, level->second, c);
    return true;
}

void RulebookReader::read_groups(const Entry* e) {
    if (e == nullptr)
        return;  // every group weighs 1
    std::array<bool, group_count> has{};
    for (const auto& c : rb_.criteria)
        has[static_cast<std::size_t>(c.group)] = true;
    std::array<double*, group_count> weight = {
        &rb_.group_weights.essential, &rb_.group_weights.desirable, &rb_.group_weights.competency};
    mark(Section::Rulebook, 0, 0, Field::Groups, e->key_mark);
    auto m = r_.map(*e, "groups", KeyList(group_names));
    for (std::size_t g = 0; g < group_count; ++g) {
        skip(Section::Group, g, 0, Field::Weight);  // until read
        if (!m)
            continue;
        const Entry* ge = m->find(group_names[g]);
        if (ge == nullptr) {
            *weight[g] = 0;
            if (has[g])
                r_.report(e->key_mark, msg::group_without_weight(group_names[g]));
            else
                mark(Section::Group, g, 0, Field::Weight, e->key_mark);
            continue;
        }
        auto gm = r_.map(*ge, quoted("group", group_names[g]), KeyList(group_keys));
        const Entry* we = gm ? r_.need(*gm, "weight") : nullptr;
        if (auto w = we ? r_.number(*we) : std::nullopt) {
            *weight[g] = *w;
            mark(Section::Group, g, 0, Field::Weight, we->mark());
        }
    }
}

}  // namespace shortlist::detail

// Reading framework files and indicator lists (see framework.hpp).
#include "rulebook/yaml/framework.hpp"

#include <algorithm>

namespace shortlist::detail {

namespace {

constexpr std::string_view framework_keys[] = {
    "kind", "id", "title", "source", "levels", "competencies", "parent_framework"};
constexpr std::string_view competency_keys[] = {"id", "title", "cluster", "parent", "levels"};
constexpr std::string_view level_keys[] = {"minimum", "indicators"};
constexpr std::string_view indicator_keys[] = {"id", "text"};

/// Problems with indicators read from a framework are reported here, once,
/// however many criteria use them.
void check_framework_indicators(YamlReader& r, const std::vector<IndicatorRead>& read,
                                const Entry& list, const std::string& owner,
                                std::vector<Indicator>& out) {
    if (read.size() > max_indicators)
        r.report(list.key_mark,
                 rulebook_msg::too_many_indicators(owner, read.size(), max_indicators));
    std::unordered_map<std::string, YAML::Mark> seen;
    for (const auto& [indicator, mark] : read) {
        if (!is_criterion_id(indicator.id))
            r.report(mark, rulebook_msg::bad_id("indicator id", indicator.id, "[a-z0-9_]+"));
        if (auto [it, fresh] = seen.try_emplace(indicator.id, mark); !fresh)
            r.report(mark,
                     rulebook_msg::duplicate_id("indicator id", indicator.id, r.loc(it->second)));
        out.push_back(indicator);
    }
}

std::optional<CompetencyDoc> read_competency(YamlReader& r, const Entry& e,
                                             const std::vector<std::string>& levels) {
    const auto peeked = peek_scalar(e.value, "id");
    auto m = r.map(e, quoted("competency", peeked.value_or(e.key)), KeyList(competency_keys));
    if (!m)
        return std::nullopt;
    CompetencyDoc c;
    const Entry* id = r.need(*m, "id");
    auto id_text = id ? r.text(*id) : std::nullopt;
    if (!id_text)
        return std::nullopt;
    c.id = *id_text;
    if (!is_id(c.id))
        r.report(id->mark(), rulebook_msg::bad_id("competency id", c.id, "[a-z0-9_-]+"));
    if (const Entry* t = r.need(*m, "title"))
        c.title = r.text(*t).value_or("");
    if (const Entry* x = m->get("cluster"))
        (void)r.text(*x);
    if (const Entry* x = m->get("parent"))
        if (auto p = r.text(*x)) {
            c.parent = *p;
            c.has_parent = true;
            c.parent_mark = x->mark();
        }
    const Entry* lv = r.need(*m, "levels");
    auto level_map = lv ? r.map(*lv, "levels of " + m->where, {}) : std::nullopt;
    if (!level_map)
        return c;
    for (const Entry& le : level_map->entries) {
        if (std::find(levels.begin(), levels.end(), le.key) == levels.end()) {
            r.report(le.key_mark, rulebook_msg::undefined_framework_level(le.key, c.id, levels));
            continue;
        }
        LevelDoc level;
        const std::string owner = "level " + rulebook_msg::q(le.key) + " of " + m->where;
        if (!le.value.IsNull()) {
            auto lm = r.map(le, owner, KeyList(level_keys));
            if (!lm)
                continue;
            if (const Entry* min = lm->get("minimum")) {
                level.minimum = r.number(*min);
                level.minimum_at = r.pos(min->mark());
            }
            if (const Entry* ind = lm->get("indicators"))
                if (auto read = read_indicators(r, *ind, owner))
                    check_framework_indicators(r, *read, *ind, owner, level.indicators);
        }
        c.levels.emplace_back(le.key, std::move(level));
    }
    return c;
}

FrameworkDoc read_framework_root(YamlReader& r, const Map& m, bool follow_parent) {
    FrameworkDoc doc;
    if (const Entry* id = r.need(m, "id"))
        if (auto s = r.text(*id)) {
            doc.id = *s;
            if (!is_id(doc.id))
                r.report(id->mark(), rulebook_msg::bad_id("framework id", doc.id, "[a-z0-9_-]+"));
        }
    if (const Entry* t = m.get("title"))
        doc.title = r.text(*t).value_or("");
    if (const Entry* s = m.get("source"))
        (void)r.text(*s);
    if (const Entry* lv = r.need(m, "levels"))
        if (auto items = r.list(*lv)) {
            if (items->empty())
                r.report(lv->mark(), rulebook_msg::empty_list("levels", "framework"));
            std::unordered_map<std::string, YAML::Mark> seen;
            for (const auto& item : *items) {
                auto s = r.text(item);
                if (!s)
                    continue;
                if (!is_id(*s))
                    r.report(item.mark(), rulebook_msg::bad_id("level id", *s, "[a-z0-9_-]+"));
                if (auto [it, fresh] = seen.try_emplace(*s, item.mark()); !fresh)
                    r.report(item.mark(),
                             rulebook_msg::duplicate_id("level id", *s, r.loc(it->second)));
                else
                    doc.levels.push_back(*s);
            }
        }
    if (const Entry* cs = r.need(m, "competencies"))
        if (auto items = r.list(*cs)) {
            std::unordered_map<std::string, YAML::Mark> seen;
            for (const auto& item : *items) {
                auto c = read_competency(r, item, doc.levels);
                if (!c)
                    continue;
                const YAML::Mark mark = item.value.Mark();
                if (auto [it, fresh] = seen.try_emplace(c->id, mark); !fresh)
                    r.report(mark,
                             rulebook_msg::duplicate_id("competency id", c->id, r.loc(it->second)));
                else
                    doc.competencies.push_back(std::move(*c));
            }
        }
    check_parents(r, m.get("parent_framework"), doc, follow_parent);
    return doc;
}

}  // namespace

/// A list of {id, text}; items without a usable id are left out (reported).
std::optional<std::vector<IndicatorRead>> read_indicators(YamlReader& r, const Entry& e,
                                                          std::string_view owner) {
    auto items = r.list(e);
    if (!items)
        return std::nullopt;
    std::vector<IndicatorRead> out;
    for (const auto& item : *items) {
        const std::string where = item.key + " of " + std::string(owner);
        auto m = r.map(item, where, KeyList(indicator_keys));
        if (!m)
            continue;
        const Entry* id = r.need(*m, "id");
        const Entry* text = r.need(*m, "text");
        auto id_text = id ? r.text(*id) : std::nullopt;
        auto text_text = text ? r.text(*text) : std::nullopt;
        if (id_text)
            out.push_back({{*id_text, text_text.value_or(""), {}}, id->mark()});
    }
    return out;
}

/// Checks the document's `kind` against `expected` before its keys are read
/// (a file of the other kind would otherwise give a screenful of unknown
/// keys). False (reported) if it is another kind; a missing kind is reported
/// and the rest read as `expected`.
bool check_kind(YamlReader& r, const YAML::Node& root, std::string_view expected) {
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!it->first.IsScalar() || it->first.Scalar() != "kind")
            continue;
        const Entry kind{"kind", std::string(expected), it->first.Mark(), it->second};
        auto s = r.text(kind);
        if (!s)
            return false;
        if (*s == expected)
            return true;
        if (*s == "rulebook" || *s == "framework")
            r.report(kind.mark(), rulebook_msg::wrong_kind(expected, *s));
        else
            r.report(kind.mark(), rulebook_msg::unknown_kind(*s));
        return false;
    }
    r.report(root.Mark(), rulebook_msg::missing_key("kind", expected));
    return true;
}

/// A whole framework document (its own file).
std::optional<FrameworkDoc> read_framework_document(YamlReader& r, const YAML::Node& root,
                                                    bool follow_parent) {
    if (!check_kind(r, root, "framework"))
        return std::nullopt;
    auto m = r.map({"document", "file", {}, root}, "framework", KeyList(framework_keys));
    if (!m)
        return std::nullopt;
    return read_framework_root(r, *m, follow_parent);
}

}  // namespace shortlist::detail

// Loading rulebooks from YAML (docs/rulebook.md is the schema). The only
// translation unit that includes yaml-cpp, through two private headers:
// rulebook/yaml/reader.hpp (typed reading with positions and guard
// rails) and rulebook/yaml/framework.hpp (framework files).
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
//   framework level and may not be listed again; its text and minimum default
//   to the competency's title and the level's minimum.
// - Framework files are read once each, relative to the rulebook's directory.
//
// Every problem in a file is reported (up to 1000). Structural problems
// (keys, types) are found while reading; then the semantic checks shared with
// validate() run with the positions recorded here. A value that could not be
// read is marked "skip" so that one mistake gives one message.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "rulebook/yaml/condition.hpp"
#include "rulebook/yaml/framework.hpp"
#include "rulebook/yaml/reader.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {
namespace {

namespace fs = std::filesystem;
namespace msg = detail::rulebook_msg;
using detail::Entry;
using detail::Field;
using detail::FrameworkDoc;
using detail::KeyList;
using detail::Map;
using detail::quoted;
using detail::Section;
using detail::YamlContext;
using detail::YamlReader;

constexpr std::string_view rulebook_keys[] = {
    "kind",        "id",         "title",     "organisation", "grade",       "version",
    "source",      "frameworks", "scales",    "facts",        "eligibility", "groups",
    "aggregation", "criteria",   "shortlist", "notes",        "moderation",  "monitoring_only"};
constexpr std::string_view scale_keys[] = {"min", "max", "labels"};
constexpr std::string_view fact_keys[] = {"type", "values", "text"};
constexpr std::string_view fact_types[] = {"boolean", "number", "string", "level", "ordinal"};
constexpr std::string_view group_names[] = {"essential", "desirable", "competency"};
constexpr std::string_view group_keys[] = {"weight"};
constexpr std::string_view aggregations[] = {"weighted_mean", "weighted_geometric_mean"};
constexpr std::string_view criterion_keys[] = {
    "id",        "text",       "source",     "scale",
    "weight",    "minimum",    "indicators", "may_be_met_later",
    "framework", "competency", "level"};
constexpr std::string_view shortlist_keys[] = {
    "pass_mark", "top", "ties", "tie_break", "guaranteed_interview_fact", "bands"};
constexpr std::string_view band_keys[] = {"reliability", "confidence", "method"};
constexpr std::string_view band_methods[] = {"fixed", "sliding"};
constexpr std::string_view moderation_keys[] = {"threshold", "min_severity"};
constexpr std::string_view tie_policies[] = {"include_all", "break_by"};
constexpr std::string_view note_keys[] = {"text", "source"};

bool is_whole(double v) {
    return std::isfinite(v) && std::floor(v) == v;
}

class RulebookReader {
  public:
    RulebookReader(YamlReader& r, Rulebook& rb, fs::path base_dir)
        : r_(r), rb_(rb), marks_(r.context().marks), base_dir_(std::move(base_dir)) {}

    void read(const Map& root) {
        if (const Entry* id = r_.need(root, "id"))
            if (auto s = r_.text(*id)) {
                rb_.id = *s;
                mark(Section::Rulebook, 0, 0, Field::Id, id->mark());
            }
        for (auto [key, dest] : {std::pair{"title", &rb_.title},
                                 {"organisation", &rb_.organisation},
                                 {"grade", &rb_.grade},
                                 {"version", &rb_.version},
                                 {"source", &rb_.source}})
            if (const Entry* e = root.get(key))
                *dest = r_.text(*e).value_or("");
        if (const Entry* e = root.get("frameworks"))
            read_frameworks(*e);
        if (const Entry* e = r_.need(root, "scales"))
            read_scales(*e);
        if (const Entry* e = root.get("facts"))
            read_facts(*e);
        if (const Entry* e = root.get("eligibility"))
            detail::ConditionReader(r_, rb_.facts, facts_).read_eligibility(*e, rb_.eligibility);
        if (const Entry* e = root.get("aggregation"))
            rb_.aggregation = r_.choice(*e, KeyList(aggregations), parse_aggregation)
                                  .value_or(Aggregation::WeightedMean);
        if (const Entry* e = r_.need(root, "criteria"))
            read_criteria(*e);
        else
            skip(Section::Rulebook, 0, 0, Field::Criteria);  // reported missing
        read_groups(root.get("groups"));
        if (const Entry* e = root.get("shortlist"))
            read_shortlist(*e);
        if (const Entry* e = root.get("moderation"))
            read_moderation(*e);
        if (const Entry* e = root.get("notes"))
            read_notes(*e);
        if (const Entry* e = root.get("monitoring_only"))
            read_monitoring_only(*e);
    }

  private:
    void mark(Section s, std::size_t i, std::size_t j, Field f, const YAML::Mark& m) {
        marks_.set(s, i, j, f, r_.pos(m));
    }
    void skip(Section s, std::size_t i, std::size_t j, Field f) { marks_.skip(s, i, j, f); }

    // --- frameworks ---------------------------------------------------------------------

    void read_frameworks(const Entry& e) {
        auto m = r_.map(e, "frameworks", {});
        if (!m)
            return;
        for (const Entry& fe : m->entries) {
            FrameworkRef ref;
            ref.id = fe.key;
            mark(Section::Framework, rb_.frameworks.size(), 0, Field::Id, fe.key_mark);
            const FrameworkDoc* doc = nullptr;
            if (auto path = r_.text(fe)) {
                ref.path = *path;
                ref.resolved_path = (base_dir_ / *path).lexically_normal();
                doc = load_framework(fe, ref.resolved_path);
                if (doc != nullptr)
                    ref.title = doc->title;
            }
            docs_.try_emplace(ref.id, doc);
            rb_.frameworks.push_back(std::move(ref));
        }
    }

    const FrameworkDoc* load_framework(const Entry& fe, const fs::path& file) {
        const std::string name = file.string();
        if (auto it = cache_.find(name); it != cache_.end())
            return it->second ? &*it->second : nullptr;
        auto& slot = cache_[name];
        // A rulebook may come from anyone: it must not make us wait on a pipe
        // or read a device, so a framework must be a plain file.
        std::error_code ec;
        if (fs::exists(file, ec) && !fs::is_regular_file(file, ec)) {
            r_.report(fe.mark(), msg::cannot_read_framework(fe.key, name, "not a regular file"));
            return nullptr;
        }
        YamlReader fr(r_.context(), name);
        try {
            if (auto text = read_limited(file, fr))
                if (auto root = fr.load(*text))
                    slot = detail::read_framework_document(fr, *root);
        } catch (const Error& err) {
            r_.report(fe.mark(), msg::cannot_read_framework(fe.key, name, err.message()));
        }
        return slot ? &*slot : nullptr;
    }

    // --- scales and facts ------------------------------------------------------------------

    void read_scales(const Entry& e) {
        auto m = r_.map(e, "scales", {});
        if (!m)
            return;
        if (m->entries.empty())
            r_.report(e.mark(), msg::empty_list("scales", "rulebook"));
        for (const Entry& se : m->entries)
            read_scale(se);
    }

    void read_scale(const Entry& se) {
        const std::size_t i = rb_.scales.size();
        Scale s;
        s.id = se.key;
        s.location = r_.loc(se.key_mark);
        mark(Section::Scale, i, 0, Field::Id, se.key_mark);
        auto m = r_.map(se, quoted("scale", s.id), KeyList(scale_keys));
        std::optional<double> min, max;
        if (m) {
            if (const Entry* x = r_.need(*m, "min"))
                if ((min = r_.number(*x)))
                    mark(Section::Scale, i, 0, Field::Min, x->mark());
            if (const Entry* x = r_.need(*m, "max"))
                if ((max = r_.number(*x)))
                    mark(Section::Scale, i, 0, Field::Max, x->mark());
        }
        if (min)
            s.min = *min;
        else
            skip(Section::Scale, i, 0, Field::Min);
        if (max)
            s.max = *max;
        else
            skip(Section::Scale, i, 0, Field::Max);
        if (m)
            if (const Entry* l = m->get("labels"))
                read_labels(*l, s, i, min, max);
        rb_.scales.push_back(std::move(s));
    }

    void read_labels(const Entry& l, Scale& s, std::size_t i, std::optional<double> min,
                     std::optional<double> max) {
        skip(Section::Scale, i, 0, Field::Labels);  // until they prove complete
        auto m = r_.map(l, "labels of " + quoted("scale", s.id), {});
        if (!m)
            return;
        const bool range_ok = min && max && is_whole(*min) && is_whole(*max) &&
                              std::fabs(*min) <= detail::max_scale_magnitude &&
                              std::fabs(*max) <= detail::max_scale_magnitude && *min < *max;
        std::map<long long, std::string> labels;
        std::map<long long, YAML::Mark> first;
        bool ok = range_ok;
        for (const Entry& le : m->entries) {
            auto label = r_.text(le);
            if (!range_ok)
                continue;  // the bounds are reported already
            auto point = detail::parse_number(le.key);
            if (!point || !is_whole(*point)) {
                r_.report(le.key_mark, msg::label_not_point(le.key, s.id));
                ok = false;
            } else if (*point < *min || *point > *max) {
                r_.report(le.key_mark, msg::label_outside(*point, s.id, *min, *max));
                ok = false;
            } else if (auto [it, fresh] =
                           first.try_emplace(static_cast<long long>(*point), le.key_mark);
                       !fresh) {
                r_.report(le.key_mark, msg::duplicate_key(le.key, m->where, r_.loc(it->second)));
                ok = false;
            } else if (label) {
                labels[static_cast<long long>(*point)] = std::move(*label);
            } else {
                ok = false;
            }
        }
        if (!ok)
            return;
        std::vector<std::string> missing;
        for (auto p = static_cast<long long>(*min); p <= static_cast<long long>(*max); ++p) {
            if (labels.count(p) > 0)
                continue;
            missing.push_back(std::to_string(p));
            if (missing.size() > 20)
                break;
        }
        if (!missing.empty()) {
            r_.report(l.key_mark, msg::labels_missing(s.id, missing));
            return;
        }
        for (auto& [point, label] : labels)
            s.labels.push_back(std::move(label));
        mark(Section::Scale, i, 0, Field::Labels, l.key_mark);
    }

    void read_facts(const Entry& e) {
        auto m = r_.map(e, "facts", {});
        if (!m)
            return;
        for (const Entry& fe : m->entries)
            read_fact(fe);
    }

    void read_fact(const Entry& fe) {
        const std::size_t i = rb_.facts.size();
        FactSpec f;
        f.name = fe.key;
        f.location = r_.loc(fe.key_mark);
        mark(Section::Fact, i, 0, Field::Id, fe.key_mark);
        bool typed = false;
        if (auto m = r_.map(fe, quoted("fact", f.name), KeyList(fact_keys))) {
            if (const Entry* t = r_.need(*m, "type"))
                if (auto type = r_.choice(*t, KeyList(fact_types), detail::parse_fact_type)) {
                    f.type = *type;
                    typed = true;
                    mark(Section::Fact, i, 0, Field::Type, t->mark());
                }
            if (const Entry* v = m->get("values")) {
                auto items = r_.list(*v);
                bool ok = items.has_value();
                for (const auto& item : items.value_or(std::vector<Entry>{})) {
                    if (auto s = r_.text(item))
                        f.values.push_back(*s);
                    else
                        ok = false;
                }
                if (ok)
                    mark(Section::Fact, i, 0, Field::Values, v->mark());
                else
                    skip(Section::Fact, i, 0, Field::Values);
            }
            if (const Entry* t = m->get("text"))
                f.text = r_.text(*t).value_or("");
        }
        if (!typed)
            skip(Section::Fact, i, 0, Field::Type);
        facts_.try_emplace(f.name, typed ? i : detail::ConditionReader::untyped);
        rb_.facts.push_back(std::move(f));
    }

    // --- criteria and groups -------------------------------------------------------------

    void read_criteria(const Entry& e) {
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

    void read_criterion(const Entry& e, Group g, std::size_t i) {
        const std::string path =
            "criteria." + std::string(to_string(g)) + "[" + std::to_string(i) + "]";
        const auto peeked = detail::peek_scalar(e.value, "id");
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
        const Entry* scale = r_.need(*m, "scale");
        if (auto s = scale ? r_.text(*scale) : std::nullopt) {
            c.scale = *s;
            mark(Section::Criterion, n, 0, Field::Scale, scale->mark());
        } else {
            skip(Section::Criterion, n, 0, Field::Scale);
        }
        if (const Entry* w = m->get("weight")) {
            if (auto v = r_.number(*w)) {
                c.weight = *v;
                mark(Section::Criterion, n, 0, Field::Weight, w->mark());
            } else {
                skip(Section::Criterion, n, 0, Field::Weight);
            }
        }
        if (const Entry* x = m->get("minimum")) {
            c.minimum = r_.number(*x);
            if (c.minimum)
                mark(Section::Criterion, n, 0, Field::Minimum, x->mark());
            else
                skip(Section::Criterion, n, 0, Field::Minimum);
        }
        if (const Entry* ind = m->get("indicators")) {
            if (auto read = detail::read_indicators(r_, *ind, quoted("criterion", name))) {
                mark(Section::Criterion, n, 0, Field::Indicators, ind->key_mark);
                for (auto& [indicator, at] : *read) {
                    mark(Section::Indicator, n, c.indicators.size(), Field::Id, at);
                    c.indicators.push_back(std::move(indicator));
                }
            } else {
                skip(Section::Criterion, n, 0, Field::Indicators);
            }
        }
        const bool from_framework = read_competency(*m, n, name, c);
        if (!text && !from_framework)
            r_.report(m->mark, msg::missing_key("text", m->where));
        rb_.criteria.push_back(std::move(c));
    }

    /// framework/competency/level: true if the criterion takes (or tries to
    /// take) its content from a framework, so needs no text of its own.
    bool read_competency(const Map& m, std::size_t n, const std::string& name, Criterion& c) {
        constexpr std::array<std::string_view, 3> keys = {"framework", "competency", "level"};
        std::array<const Entry*, 3> given{};
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
        for (std::size_t x = 0; x < keys.size(); ++x) {
            const Entry* e = given[x] ? given[x] : r_.need(m, keys[x]);
            auto s = e ? r_.text(*e) : std::nullopt;
            ok = ok && s.has_value();
            if (s)
                value[x] = *s;
        }
        if (!ok)
            return true;
        c.competency = CompetencyRef{value[0], value[1], value[2]};
        mark(Section::Criterion, n, 0, Field::Framework, given[0]->mark());
        auto it = docs_.find(value[0]);
        if (it == docs_.end() || it->second == nullptr)
            return true;  // reported elsewhere
        const detail::CompetencyDoc* comp = it->second->find(value[1]);
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
        if (const Entry* ind = m.find("indicators"))
            r_.report(ind->key_mark, msg::framework_indicators(name, value[0]));
        // The framework's own indicators were checked when it was read.
        skip(Section::Criterion, n, 0, Field::Indicators);
        for (std::size_t j = 0; j < std::max(c.indicators.size(), level->second.indicators.size());
             ++j)
            skip(Section::Indicator, n, j, Field::Id);
        c.indicators = level->second.indicators;
        if (m.get("minimum") == nullptr && level->second.minimum) {
            c.minimum = level->second.minimum;
            marks_.set(Section::Criterion, n, 0, Field::Minimum, level->second.minimum_at);
        }
        return true;
    }

    void read_groups(const Entry* e) {
        if (e == nullptr)
            return;  // every group weighs 1
        std::array<bool, group_count> has{};
        for (const auto& c : rb_.criteria)
            has[static_cast<std::size_t>(c.group)] = true;
        std::array<double*, group_count> weight = {&rb_.group_weights.essential,
                                                   &rb_.group_weights.desirable,
                                                   &rb_.group_weights.competency};
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

    // --- shortlist and notes -----------------------------------------------------------------

    void read_shortlist(const Entry& e) {
        auto m = r_.map(e, "shortlist", KeyList(shortlist_keys));
        if (!m)
            return;
        ShortlistPolicy& s = rb_.shortlist;
        if (const Entry* p = m->get("pass_mark"))
            if ((s.pass_mark = r_.number(*p)))
                mark(Section::Shortlist, 0, 0, Field::PassMark, p->mark());
        if (const Entry* t = m->get("top")) {
            r_.visit(t->mark());
            auto v = YamlReader::as_number(t->value);
            if (v && is_whole(*v) && *v >= 1 && *v <= 1e9) {
                s.top = static_cast<std::size_t>(*v);
                mark(Section::Shortlist, 0, 0, Field::Top, t->mark());
            } else {
                r_.type_error(*t, "a positive integer");
            }
        }
        if (const Entry* t = m->get("ties")) {
            if (auto p = r_.choice(*t, KeyList(tie_policies), parse_tie_policy)) {
                s.ties = *p;
                mark(Section::Shortlist, 0, 0, Field::Ties, t->mark());
            } else {
                skip(Section::Shortlist, 0, 0, Field::Ties);
            }
        }
        if (const Entry* tb = m->get("tie_break")) {
            auto items = r_.list(*tb);
            if (!items)
                skip(Section::Shortlist, 0, 0, Field::Ties);
            for (const auto& item : items.value_or(std::vector<Entry>{}))
                if (auto key = r_.text(item)) {
                    mark(Section::Shortlist, 0, s.tie_break.size(), Field::TieBreak, item.mark());
                    s.tie_break.push_back(*key);
                }
        }
        if (const Entry* g = m->get("guaranteed_interview_fact"))
            if ((s.guaranteed_interview_fact = r_.text(*g)))
                mark(Section::Shortlist, 0, 0, Field::GuaranteedInterviewFact, g->mark());
        if (const Entry* b = m->get("bands"))
            read_bands(*b);
    }

    void read_bands(const Entry& e) {
        auto m = r_.map(e, "bands", KeyList(band_keys));
        if (!m)
            return;
        BandPolicy& b = rb_.shortlist.bands.emplace();
        if (const Entry* r = m->get("reliability"))
            if ((b.reliability = r_.number(*r)))
                mark(Section::Shortlist, 0, 0, Field::BandReliability, r->mark());
        if (const Entry* c = m->get("confidence"))
            if ((b.confidence = r_.number(*c)))
                mark(Section::Shortlist, 0, 0, Field::BandConfidence, c->mark());
        if (const Entry* k = m->get("method"))
            b.method = r_.choice(*k, KeyList(band_methods), parse_band_method);
    }

    void read_moderation(const Entry& e) {
        auto m = r_.map(e, "moderation", KeyList(moderation_keys));
        if (!m)
            return;
        ModerationPolicy& p = rb_.moderation;
        if (const Entry* t = m->get("threshold"))
            if ((p.threshold = r_.number(*t)))
                mark(Section::Rulebook, 0, 0, Field::ModerationThreshold, t->mark());
        if (const Entry* t = m->get("min_severity"))
            if ((p.min_severity = r_.number(*t)))
                mark(Section::Rulebook, 0, 0, Field::MinSeverity, t->mark());
    }

    void read_monitoring_only(const Entry& e) {
        auto items = r_.list(e);
        for (const auto& item : items.value_or(std::vector<Entry>{}))
            if (auto column = r_.text(item)) {
                mark(Section::Rulebook, 0, rb_.monitoring_only.size(), Field::MonitoringOnly,
                     item.mark());
                rb_.monitoring_only.push_back(*column);
            }
    }

    void read_notes(const Entry& e) {
        auto items = r_.list(e);
        if (!items)
            return;
        for (const auto& item : *items) {
            auto m = r_.map(item, item.key, KeyList(note_keys));
            if (!m)
                continue;
            Note note;
            if (const Entry* t = r_.need(*m, "text"))
                note.text = r_.text(*t).value_or("");
            if (const Entry* s = m->get("source"))
                note.source = r_.text(*s).value_or("");
            rb_.notes.push_back(std::move(note));
        }
    }

    YamlReader& r_;
    Rulebook& rb_;
    detail::YamlMarks& marks_;
    fs::path base_dir_;
    std::map<std::string, std::optional<FrameworkDoc>> cache_;   ///< by resolved path
    std::unordered_map<std::string, const FrameworkDoc*> docs_;  ///< by name; null if unreadable
    std::unordered_map<std::string, std::size_t> facts_;         ///< name -> index (or untyped)
};

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
        RulebookReader(r, rb, base_dir).read(*m);
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

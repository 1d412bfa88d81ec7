// Scales (with their labels) and facts (see rulebook_reader.hpp).
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "rulebook/names.hpp"
#include "rulebook/yaml/condition.hpp"
#include "rulebook/yaml/rulebook_reader.hpp"
#include "util/number.hpp"

namespace shortlist::detail {

namespace {

namespace msg = rulebook_msg;

constexpr std::string_view scale_keys[] = {"min", "max", "labels"};
constexpr std::string_view fact_keys[] = {"type", "values", "text"};

}  // namespace

void RulebookReader::read_scales(const Entry& e) {
    auto m = r_.map(e, "scales", {});
    if (!m)
        return;
    if (m->entries.empty())
        r_.report(e.mark(), msg::empty_list("scales", "rulebook"));
    for (const Entry& se : m->entries)
        read_scale(se);
}

void RulebookReader::read_scale(const Entry& se) {
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

void RulebookReader::read_labels(const Entry& l, Scale& s, std::size_t i, std::optional<double> min,
                                 std::optional<double> max) {
    skip(Section::Scale, i, 0, Field::Labels);  // until they prove complete
    auto m = r_.map(l, "labels of " + quoted("scale", s.id), {});
    if (!m)
        return;
    const bool range_ok = min && max && is_whole(*min) && is_whole(*max) &&
                          std::fabs(*min) <= max_scale_magnitude &&
                          std::fabs(*max) <= max_scale_magnitude && *min < *max;
    std::map<long long, std::string> labels;
    std::map<long long, YAML::Mark> first;
    bool ok = range_ok;
    for (const Entry& le : m->entries) {
        auto label = r_.text(le);
        if (!range_ok)
            continue;  // the bounds are reported already
        auto point = parse_number(le.key);
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

void RulebookReader::read_facts(const Entry& e) {
    auto m = r_.map(e, "facts", {});
    if (!m)
        return;
    for (const Entry& fe : m->entries)
        read_fact(fe);
}

void RulebookReader::read_fact(const Entry& fe) {
    const std::size_t i = rb_.facts.size();
    FactSpec f;
    f.name = fe.key;
    f.location = r_.loc(fe.key_mark);
    mark(Section::Fact, i, 0, Field::Id, fe.key_mark);
    bool typed = false;
    if (auto m = r_.map(fe, quoted("fact", f.name), KeyList(fact_keys))) {
        if (const Entry* t = r_.need(*m, "type"))
            if (auto type = r_.choice(*t, KeyList(fact_type_names), parse_fact_type)) {
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
    facts_.try_emplace(f.name, typed ? i : ConditionReader::untyped);
    rb_.facts.push_back(std::move(f));
}

}  // namespace shortlist::detail

// The compiled rulebook as JSON (`rules --json`, docs/rulebook.md).
#include <array>
#include <cstdint>
#include <sstream>
#include <utility>

#include "shortlist/rulebook.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

void write_value(detail::JsonWriter& w, const Value& v) {
    if (const bool* b = std::get_if<bool>(&v))
        w.value(*b);
    else if (const double* d = std::get_if<double>(&v))
        w.value(*d);
    else if (const std::string* s = std::get_if<std::string>(&v))
        w.value(*s);
    else
        w.null();
}

void write_condition(detail::JsonWriter& w, const Condition& c, bool top) {
    w.begin_object();
    w.key("id");
    if (c.id.empty())
        w.null();
    else
        w.value(c.id);
    w.key("text").value(c.text);
    w.key("source").value(c.source);
    if (top)
        w.key("stage").value(to_string(stage_of(c)));
    switch (c.kind) {
        case Condition::Kind::Leaf:
            w.key("fact").value(c.fact);
            w.key("op").value(to_string(c.op));
            if (c.op == Op::In) {
                w.key("values").begin_array();
                for (const auto& v : c.values)
                    write_value(w, v);
                w.end_array();
            } else {
                w.key("value");
                if (c.values.empty())
                    w.null();
                else
                    write_value(w, c.values.front());
            }
            break;
        case Condition::Kind::All:
        case Condition::Kind::Any:
            w.key(to_string(c.kind)).begin_array();
            for (const auto& child : c.children)
                write_condition(w, child, false);
            w.end_array();
            break;
        case Condition::Kind::Not:
            w.key(to_string(c.kind));
            if (c.children.empty())
                w.null();
            else
                write_condition(w, c.children.front(), false);
            break;
    }
    w.end_object();
}

template <class T>
void optional_number(detail::JsonWriter& w, std::string_view key, const std::optional<T>& v) {
    w.key(key);
    if (v)
        w.value(*v);
    else
        w.null();
}

/// What a competency reference adds to framework/competency/level, each only
/// when it says something (docs/cli.md, "shortlist rules"): the parent, and
/// the framework's level order where the criterion uses it.
void write_level_detail(detail::JsonWriter& w, const CompetencyRef& ref) {
    if (!ref.parent.empty())
        w.key("parent")
            .begin_object()
            .key("framework")
            .value(ref.parent_framework)
            .key("competency")
            .value(ref.parent)
            .end_object();
    if (ref.rated_on == RatedOn::Scale && !ref.include_lower_levels)
        return;
    w.key("rated_on").value(to_string(ref.rated_on));
    w.key("include_lower_levels").value(ref.include_lower_levels);
    w.key("levels").begin_array();
    for (const auto& l : ref.levels)
        w.value(l);
    w.end_array();
}

void write_criterion(detail::JsonWriter& w, const Rulebook& rb, const Criterion& c,
                     double effective) {
    w.begin_object();
    w.key("id").value(c.id.value());
    w.key("group").value(to_string(c.group));
    w.key("stage").value(to_string(stage_of(c)));
    w.key("text").value(c.text);
    w.key("source").value(c.source);
    w.key("scale").begin_object().key("id").value(c.scale);
    if (const Scale* s = rb.find_scale(c.scale)) {
        w.key("min").value(s->min);
        w.key("max").value(s->max);
    }
    w.end_object();
    w.key("weight").value(c.weight);
    w.key("effective_weight").value(effective);
    optional_number(w, "minimum", c.minimum);
    w.key("indicators").begin_array();
    for (const auto& i : c.indicators) {
        w.begin_object().key("id").value(i.id).key("text").value(i.text);
        if (!i.source.empty())  // only when given: older output unchanged
            w.key("source").value(i.source);
        w.end_object();
    }
    w.end_array();
    w.key("may_be_met_later").value(c.may_be_met_later);
    if (c.from_fact) {  // only when given: older output unchanged
        w.key("from_fact").value(c.from_fact->fact);
        w.key("fact_scores").begin_object();
        for (const auto& [value, point] : c.from_fact->scores)
            w.key(value).value(point);
        w.end_object();
    }
    w.key("competency");
    if (c.competency) {
        w.begin_object();
        w.key("framework").value(c.competency->framework);
        w.key("competency").value(c.competency->competency);
        w.key("level").value(c.competency->level);
        write_level_detail(w, *c.competency);
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
}

void write_policy(detail::JsonWriter& w, const Rulebook& rb) {
    optional_number(w, "pass_mark", rb.shortlist.pass_mark);
    w.key("top");
    if (rb.shortlist.top)
        w.value(static_cast<std::uint64_t>(*rb.shortlist.top));
    else
        w.null();
    w.key("ties").value(to_string(rb.shortlist.ties));
    w.key("tie_break").begin_array();
    for (const auto& k : rb.shortlist.tie_break)
        w.value(k);
    w.end_array();
    if (const auto& b = rb.shortlist.bands) {  // only when given: older output unchanged
        w.key("bands").begin_object();
        optional_number(w, "reliability", b->reliability);
        optional_number(w, "confidence", b->confidence);
        w.key("method");
        if (b->method)
            w.value(to_string(*b->method));
        else
            w.null();
        w.end_object();
    }
    w.key("groups").begin_object();
    for (Group g : {Group::Essential, Group::Desirable, Group::Competency})
        w.key(to_string(g)).begin_object().key("weight").value(rb.group_weights[g]).end_object();
    w.end_object();
}

void write_scales_and_facts(detail::JsonWriter& w, const Rulebook& rb) {
    w.key("scales").begin_object();
    for (const auto& s : rb.scales) {
        w.key(s.id).begin_object();
        w.key("min").value(s.min);
        w.key("max").value(s.max);
        w.key("labels").begin_object();
        for (std::size_t i = 0; i < s.labels.size(); ++i)
            w.key(detail::format_shortest(s.min + static_cast<double>(i))).value(s.labels[i]);
        w.end_object();
        w.end_object();
    }
    w.end_object();
    w.key("facts").begin_object();
    for (const auto& f : rb.facts) {
        w.key(f.name).begin_object();
        w.key("type").value(to_string(f.type));
        w.key("values").begin_array();
        for (const auto& v : f.values)
            w.value(v);
        w.end_array();
        w.key("text").value(f.text);
        w.end_object();
    }
    w.end_object();
}

/// "interpretations": [{"id", "about": [...], "seed_text", "reading",
/// "alternative", "source"}] (docs/rulebook.md, "Interpretations").
void write_interpretations(detail::JsonWriter& w, const Rulebook& rb) {
    w.key("interpretations").begin_array();
    for (const auto& in : rb.interpretations) {
        w.begin_object().key("id").value(in.id).key("about").begin_array();
        for (const auto& a : in.about)
            w.value(a);
        w.end_array();
        w.key("seed_text").value(in.seed_text).key("reading").value(in.reading);
        w.key("alternative").value(in.alternative).key("source").value(in.source);
        w.end_object();
    }
    w.end_array();
}

void write_record(detail::JsonWriter& w, const Rulebook& rb) {
    w.key("moderation").begin_object();
    optional_number(w, "threshold", rb.moderation.threshold);
    optional_number(w, "min_severity", rb.moderation.min_severity);
    w.end_object();
    w.key("frameworks").begin_object();
    for (const auto& f : rb.frameworks)
        w.key(f.id)
            .begin_object()
            .key("title")
            .value(f.title)
            .key("path")
            .value(f.path)
            .end_object();
    w.end_object();
    w.key("notes").begin_array();
    for (const auto& n : rb.notes)
        w.begin_object().key("text").value(n.text).key("source").value(n.source).end_object();
    w.end_array();
    w.key("monitoring_only").begin_array();
    for (const auto& c : rb.monitoring_only)
        w.value(c);
    w.end_array();
    if (!rb.interpretations.empty())  // only when given: older output unchanged
        write_interpretations(w, rb);
}

}  // namespace

std::string to_json(const Rulebook& rulebook) {
    const Rulebook& rb = rulebook;
    std::ostringstream out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.key("id").value(rb.id);
    w.key("title").value(rb.title);
    w.key("organisation").value(rb.organisation);
    w.key("grade").value(rb.grade);
    w.key("version").value(rb.version);
    w.key("source").value(rb.source);
    w.key("aggregation").value(to_string(rb.aggregation));
    write_policy(w, rb);
    write_scales_and_facts(w, rb);
    const auto effective = effective_weights(rb);
    w.key("criteria").begin_array();
    for (std::size_t i = 0; i < rb.criteria.size(); ++i)
        write_criterion(w, rb, rb.criteria[i], effective[i]);
    w.end_array();
    w.key("eligibility").begin_array();
    for (const auto& c : rb.eligibility)
        write_condition(w, c, true);
    w.end_array();
    if (uses_stages(rb))  // only when used: older output unchanged
        w.key("stage").value(to_string(scoring_stage(rb)));
    w.key("guaranteed_interview_fact").value(rb.shortlist.guaranteed_interview_fact);
    write_record(w, rb);
    w.end_object();
    w.finish();
    return std::move(out).str();
}

}  // namespace shortlist

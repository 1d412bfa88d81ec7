// The rulebook's value types: names, look-ups, semantic checks, effective
// weights and JSON output. YAML loading is in rulebook_yaml.cpp.
#include "shortlist/rulebook.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <utility>

#include "rulebook/check.hpp"
#include "rulebook/checker.hpp"
#include "rulebook/messages.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist {

// --- names -----------------------------------------------------------------------------

std::string_view to_string(Group g) {
    switch (g) {
        case Group::Essential:
            return "essential";
        case Group::Desirable:
            return "desirable";
        case Group::Competency:
            return "competency";
    }
    return "?";
}

std::optional<Group> parse_group(std::string_view s) {
    for (Group g : {Group::Essential, Group::Desirable, Group::Competency})
        if (to_string(g) == s)
            return g;
    return std::nullopt;
}

std::string_view to_string(Aggregation a) {
    switch (a) {
        case Aggregation::WeightedMean:
            return "weighted_mean";
        case Aggregation::WeightedGeometricMean:
            return "weighted_geometric_mean";
    }
    return "?";
}

std::optional<Aggregation> parse_aggregation(std::string_view s) {
    for (Aggregation a : {Aggregation::WeightedMean, Aggregation::WeightedGeometricMean})
        if (to_string(a) == s)
            return a;
    return std::nullopt;
}

std::string_view to_string(TiePolicy t) {
    switch (t) {
        case TiePolicy::IncludeAll:
            return "include_all";
        case TiePolicy::BreakBy:
            return "break_by";
    }
    return "?";
}

std::optional<TiePolicy> parse_tie_policy(std::string_view s) {
    for (TiePolicy t : {TiePolicy::IncludeAll, TiePolicy::BreakBy})
        if (to_string(t) == s)
            return t;
    return std::nullopt;
}

std::string_view to_string(Op op) {
    switch (op) {
        case Op::Eq:
            return "eq";
        case Op::Ne:
            return "ne";
        case Op::Lt:
            return "lt";
        case Op::Le:
            return "le";
        case Op::Gt:
            return "gt";
        case Op::Ge:
            return "ge";
        case Op::In:
            return "in";
        case Op::Exists:
            return "exists";
    }
    return "?";
}

std::optional<Op> parse_op(std::string_view s) {
    for (Op op : {Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::In, Op::Exists})
        if (to_string(op) == s)
            return op;
    return std::nullopt;
}

// --- look-ups ---------------------------------------------------------------------------

const Scale* Rulebook::find_scale(std::string_view scale_id) const noexcept {
    for (const auto& s : scales)
        if (s.id == scale_id)
            return &s;
    return nullptr;
}

const FactSpec* Rulebook::find_fact(std::string_view name) const noexcept {
    for (const auto& f : facts)
        if (f.name == name)
            return &f;
    return nullptr;
}

std::size_t Rulebook::find_criterion(std::string_view criterion_id) const noexcept {
    for (std::size_t i = 0; i < criteria.size(); ++i)
        if (criteria[i].id.view() == criterion_id)
            return i;
    return npos;
}

// --- effective weights -------------------------------------------------------------------

std::vector<double> effective_weights(const Rulebook& rulebook) {
    std::array<double, group_count> sum{};
    for (const auto& c : rulebook.criteria)
        sum[static_cast<std::size_t>(c.group)] += c.weight;
    double total = 0;
    for (std::size_t g = 0; g < group_count; ++g)
        if (sum[g] > 0)
            total += rulebook.group_weights[static_cast<Group>(g)];
    std::vector<double> out;
    out.reserve(rulebook.criteria.size());
    for (const auto& c : rulebook.criteria) {
        const double s = sum[static_cast<std::size_t>(c.group)];
        // One division of exact products: integer weights give the correctly
        // rounded share (40 x 3 / (100 x 4) is 0.3, not 0.30000000000000004).
        out.push_back(total > 0 && s > 0 ? rulebook.group_weights[c.group] * c.weight / (total * s)
                                         : 0.0);
    }
    return out;
}

// --- semantic checks -----------------------------------------------------------------------

namespace detail {

namespace {

bool all_of_chars(std::string_view s, bool dash) noexcept {
    if (s.empty())
        return false;
    return std::all_of(s.begin(), s.end(), [dash](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-');
    });
}

}  // namespace

bool is_id(std::string_view s) noexcept {
    return all_of_chars(s, true);
}
bool is_criterion_id(std::string_view s) noexcept {
    return all_of_chars(s, false);
}

bool is_level_text(std::string_view s) noexcept {
    bool digit_before = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            digit_before = true;
        } else if (c == '.' && digit_before) {
            digit_before = false;
        } else {
            return false;
        }
    }
    return digit_before;
}

std::string_view fact_type_name(FactType t) noexcept {
    switch (t) {
        case FactType::Boolean:
            return "boolean";
        case FactType::Number:
            return "number";
        case FactType::String:
            return "string";
        case FactType::Level:
            return "level";
        case FactType::Ordinal:
            return "ordinal";
    }
    return "?";
}

std::optional<FactType> parse_fact_type(std::string_view s) noexcept {
    for (FactType t : {FactType::Boolean, FactType::Number, FactType::String, FactType::Level,
                       FactType::Ordinal})
        if (fact_type_name(t) == s)
            return t;
    return std::nullopt;
}

namespace {

/// For a rulebook built in code: every problem is reported at its item.
class ItemLocator final : public Locator {
  public:
    std::optional<SourceLocation> at(Section, std::size_t, std::size_t, Field,
                                     const SourceLocation& fallback) const override {
        return fallback;
    }
};

}  // namespace

void check_rulebook(const Rulebook& rulebook, const Locator& where, std::vector<Diagnostic>& out) {
    RulebookChecker(rulebook, where, out).run();
}

}  // namespace detail

std::vector<Diagnostic> validate(const Rulebook& rulebook) {
    std::vector<Diagnostic> out;
    detail::check_rulebook(rulebook, detail::ItemLocator{}, out);
    return out;
}

// --- JSON ---------------------------------------------------------------------------------

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

void write_condition(detail::JsonWriter& w, const Condition& c) {
    w.begin_object();
    w.key("id");
    if (c.id.empty())
        w.null();
    else
        w.value(c.id);
    w.key("text").value(c.text);
    w.key("source").value(c.source);
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
            w.key(c.kind == Condition::Kind::All ? "all" : "any").begin_array();
            for (const auto& child : c.children)
                write_condition(w, child);
            w.end_array();
            break;
        case Condition::Kind::Not:
            w.key("not");
            if (c.children.empty())
                w.null();
            else
                write_condition(w, c.children.front());
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

void optional_text(detail::JsonWriter& w, std::string_view key,
                   const std::optional<std::string>& v) {
    w.key(key);
    if (v)
        w.value(*v);
    else
        w.null();
}

void write_criterion(detail::JsonWriter& w, const Rulebook& rb, const Criterion& c,
                     double effective) {
    w.begin_object();
    w.key("id").value(c.id.value());
    w.key("group").value(to_string(c.group));
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
    for (const auto& i : c.indicators)
        w.begin_object().key("id").value(i.id).key("text").value(i.text).end_object();
    w.end_array();
    optional_text(w, "may_be_met_later", c.may_be_met_later);
    w.key("competency");
    if (c.competency) {
        w.begin_object();
        w.key("framework").value(c.competency->framework);
        w.key("competency").value(c.competency->competency);
        w.key("level").value(c.competency->level);
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
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
        w.key("type").value(detail::fact_type_name(f.type));
        w.key("values").begin_array();
        for (const auto& v : f.values)
            w.value(v);
        w.end_array();
        w.key("text").value(f.text);
        w.end_object();
    }
    w.end_object();
    const auto effective = effective_weights(rb);
    w.key("criteria").begin_array();
    for (std::size_t i = 0; i < rb.criteria.size(); ++i)
        write_criterion(w, rb, rb.criteria[i], effective[i]);
    w.end_array();
    w.key("eligibility").begin_array();
    for (const auto& c : rb.eligibility)
        write_condition(w, c);
    w.end_array();
    optional_text(w, "guaranteed_interview_fact", rb.shortlist.guaranteed_interview_fact);
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
    w.end_object();
    w.finish();
    return std::move(out).str();
}

}  // namespace shortlist

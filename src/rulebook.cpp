// The rulebook's value types: names, look-ups, semantic checks, effective
// weights and JSON output. YAML loading is in rulebook_yaml.cpp.
#include "shortlist/rulebook.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "detail/json.hpp"
#include "detail/number.hpp"
#include "detail/rulebook_check.hpp"
#include "detail/rulebook_messages.hpp"

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

namespace msg = rulebook_msg;
using Seen = std::unordered_map<std::string, SourceLocation>;

std::string display(const Value& v) {
    if (const bool* b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    if (const double* d = std::get_if<double>(&v))
        return msg::num(*d);
    if (const std::string* s = std::get_if<std::string>(&v))
        return msg::q(*s);
    return "(none)";
}

bool contains(const std::vector<std::string>& xs, std::string_view x) {
    return std::find(xs.begin(), xs.end(), x) != xs.end();
}

class Checker {
  public:
    Checker(const Rulebook& rb, const Locator& where, std::vector<Diagnostic>& out)
        : rb_(rb), where_(where), out_(out), file_{rb.path.string(), 0, 0} {
        for (std::size_t i = 0; i < rb.scales.size(); ++i) {
            scale_index_.try_emplace(rb.scales[i].id, i);
            scale_names_.push_back(rb.scales[i].id);
        }
        for (std::size_t i = 0; i < rb.facts.size(); ++i) {
            fact_index_.try_emplace(rb.facts[i].name, i);
            fact_names_.push_back(rb.facts[i].name);
        }
        for (const auto& c : rb.criteria)
            criterion_ids_.insert(c.id.value());
        for (const auto& f : rb.frameworks)
            framework_names_.push_back(f.id);
    }

    void run() {
        if (!rb_.id.empty())
            if (auto l = at(Section::Rulebook, 0, 0, Field::Id, file_); l && !is_id(rb_.id))
                report(*l, msg::bad_id("rulebook id", rb_.id, "[a-z0-9_-]+"));
        check_frameworks();
        check_scales();
        check_facts();
        std::size_t serial = 0;
        for (std::size_t i = 0; i < rb_.eligibility.size(); ++i)
            check_condition(rb_.eligibility[i], top_condition_path(i), 1, serial);
        check_criteria();
        check_groups();
        check_shortlist();
    }

  private:
    std::optional<SourceLocation> at(Section s, std::size_t i, std::size_t j, Field f,
                                     const SourceLocation& item) const {
        return where_.at(s, i, j, f, item.file.empty() && item.line == 0 ? file_ : item);
    }
    void report(const SourceLocation& where, msg::Message m) {
        out_.push_back({where, m.code, std::move(m.text)});
    }
    void unique(Seen& seen, std::string_view what, const std::string& id,
                const SourceLocation& where) {
        auto [it, fresh] = seen.try_emplace(id, where);
        if (!fresh)
            report(where, msg::duplicate_id(what, id, it->second));
    }

    void check_frameworks() {
        Seen seen;
        for (std::size_t i = 0; i < rb_.frameworks.size(); ++i) {
            const auto& f = rb_.frameworks[i];
            auto l = at(Section::Framework, i, 0, Field::Id, file_);
            if (!l)
                continue;
            if (!is_id(f.id))
                report(*l, msg::bad_id("framework name", f.id, "[a-z0-9_-]+"));
            unique(seen, "framework name", f.id, *l);
        }
    }

    void check_scales() {
        Seen seen;
        usable_scale_.assign(rb_.scales.size(), false);
        for (std::size_t i = 0; i < rb_.scales.size(); ++i) {
            const Scale& s = rb_.scales[i];
            if (auto l = at(Section::Scale, i, 0, Field::Id, s.location)) {
                if (!is_id(s.id))
                    report(*l, msg::bad_id("scale id", s.id, "[a-z0-9_-]+"));
                unique(seen, "scale id", s.id, *l);
            }
            bool ok = true;
            for (auto [field, name, v] :
                 {std::tuple{Field::Min, "min", s.min}, std::tuple{Field::Max, "max", s.max}}) {
                auto l = at(Section::Scale, i, 0, field, s.location);
                if (!l) {
                    ok = false;
                } else if (!std::isfinite(v) || std::floor(v) != v) {
                    report(*l, msg::scale_bound_not_integer(name, v, s.id));
                    ok = false;
                } else if (std::fabs(v) > max_scale_magnitude) {
                    report(*l, msg::scale_bound_too_large(name, v, s.id));
                    ok = false;
                }
            }
            if (ok && !(s.min < s.max)) {
                if (auto l = at(Section::Scale, i, 0, Field::Max, s.location))
                    report(*l, msg::scale_min_not_below_max(s.id, s.min, s.max));
                ok = false;
            }
            if (ok && !s.labels.empty() &&
                static_cast<double>(s.labels.size()) != s.max - s.min + 1)
                if (auto l = at(Section::Scale, i, 0, Field::Labels, s.location))
                    report(*l, msg::labels_count(s.id, s.labels.size(), s.min, s.max));
            usable_scale_[i] = ok;
        }
    }

    void check_facts() {
        Seen seen;
        usable_fact_.assign(rb_.facts.size(), false);
        for (std::size_t i = 0; i < rb_.facts.size(); ++i) {
            const FactSpec& f = rb_.facts[i];
            if (auto l = at(Section::Fact, i, 0, Field::Id, f.location)) {
                if (!is_id(f.name))
                    report(*l, msg::bad_id("fact name", f.name, "[a-z0-9_-]+"));
                unique(seen, "fact name", f.name, *l);
            }
            if (!at(Section::Fact, i, 0, Field::Type, f.location))
                continue;
            usable_fact_[i] = true;
            auto l = at(Section::Fact, i, 0, Field::Values, f.location);
            if (!l)
                continue;
            const bool takes_values = f.type == FactType::Ordinal || f.type == FactType::String;
            if (f.type == FactType::Ordinal && f.values.empty()) {
                report(*l, msg::ordinal_needs_values(f.name));
            } else if (!takes_values && !f.values.empty()) {
                report(*l, msg::fact_values_not_allowed(f.name, fact_type_name(f.type)));
            } else {
                std::unordered_set<std::string> values;
                for (const auto& v : f.values)
                    if (!values.insert(v).second)
                        report(*l, msg::duplicate_fact_value(f.name, v));
            }
        }
    }

    void check_condition(const Condition& c, const std::string& path, std::size_t depth,
                         std::size_t& serial) {
        const std::size_t k = serial++;
        const std::string name = condition_name(c, path);
        if (depth > max_condition_depth) {
            if (auto l = at(Section::Condition, k, 0, Field::Item, c.location))
                report(*l, msg::conditions_too_deep(name, max_condition_depth));
            return;
        }
        if (!c.id.empty() && c.id != path)
            if (auto l = at(Section::Condition, k, 0, Field::Id, c.location)) {
                if (!is_id(c.id))
                    report(*l, msg::bad_id("condition id", c.id, "[a-z0-9_-]+"));
                unique(condition_ids_, "condition id", c.id, *l);
            }
        if (c.kind == Condition::Kind::Leaf) {
            check_leaf(c, k, name);
            return;
        }
        const std::string_view kind = c.kind == Condition::Kind::All   ? "all"
                                      : c.kind == Condition::Kind::Any ? "any"
                                                                       : "not";
        if (auto l = at(Section::Condition, k, 0, Field::Children, c.location)) {
            if (c.kind == Condition::Kind::Not && c.children.size() != 1)
                report(*l, msg::not_needs_one(name));
            else if (c.children.empty())
                report(*l, msg::empty_group(kind, name));
        }
        for (std::size_t i = 0; i < c.children.size(); ++i)
            check_condition(c.children[i], child_condition_path(name, kind, i), depth + 1, serial);
    }

    void check_leaf(const Condition& c, std::size_t k, const std::string& name) {
        auto fl = at(Section::Condition, k, 0, Field::Fact, c.location);
        if (!fl)
            return;
        auto it = fact_index_.find(c.fact);
        if (it == fact_index_.end()) {
            report(*fl, msg::undefined_fact(c.fact, name, fact_names_));
            return;
        }
        if (!usable_fact_[it->second])
            return;
        const FactSpec& fact = rb_.facts[it->second];
        auto ol = at(Section::Condition, k, 0, Field::Op, c.location);
        if (!ol)
            return;
        const bool ordered = c.op == Op::Lt || c.op == Op::Le || c.op == Op::Gt || c.op == Op::Ge;
        if (ordered && fact.type != FactType::Number && fact.type != FactType::Level &&
            fact.type != FactType::Ordinal) {
            report(*ol, msg::op_not_for_type(to_string(c.op), name, fact.name,
                                             fact_type_name(fact.type)));
            return;
        }
        const auto vl = at(Section::Condition, k, 0, Field::Values, c.location);
        if (c.op == Op::Exists) {
            if (c.values.size() != 1 || !std::holds_alternative<bool>(c.values.front()))
                if (auto l = at(Section::Condition, k, 0, Field::Value, c.location))
                    report(*l, msg::exists_value(name));
            return;
        }
        if (c.op == Op::In && c.values.empty()) {
            if (vl)
                report(*vl, msg::in_needs_values(name));
            return;
        }
        if (c.op != Op::In && c.values.size() != 1) {
            if (vl)
                report(*vl, c.values.empty()
                                ? msg::missing_key("value", "condition " + msg::q(name))
                                : msg::value_needs_op_in(name, to_string(c.op)));
            return;
        }
        for (std::size_t j = 0; j < c.values.size(); ++j)
            if (auto l = at(Section::Condition, k, j, Field::Value, c.location))
                check_value(c.values[j], fact, name, *l);
    }

    void check_value(const Value& v, const FactSpec& fact, const std::string& name,
                     const SourceLocation& where) {
        const std::string_view type = fact_type_name(fact.type);
        if (fact.type == FactType::Boolean) {
            if (!std::holds_alternative<bool>(v))
                report(where,
                       msg::value_wrong_type(display(v), name, "true or false", fact.name, type));
            return;
        }
        if (fact.type == FactType::Number) {
            const double* d = std::get_if<double>(&v);
            if (d == nullptr || !std::isfinite(*d))
                report(where, msg::value_wrong_type(display(v), name, "a number", fact.name, type));
            return;
        }
        const std::string* s = std::get_if<std::string>(&v);
        if (s == nullptr) {
            report(where, msg::value_wrong_type(display(v), name, "text", fact.name, type));
        } else if (fact.type == FactType::Level) {
            if (!is_level_text(*s))
                report(where, msg::not_a_level(*s, name));
        } else if ((fact.type == FactType::Ordinal || !fact.values.empty()) &&
                   !contains(fact.values, *s)) {
            report(where, msg::value_not_allowed(*s, name, fact.name, fact.values));
        }
    }

    void check_criteria() {
        if (rb_.criteria.empty())
            if (auto l = at(Section::Rulebook, 0, 0, Field::Criteria, file_))
                report(*l, msg::no_criteria());
        Seen seen;
        Group previous = Group::Essential;
        for (std::size_t n = 0; n < rb_.criteria.size(); ++n) {
            const Criterion& c = rb_.criteria[n];
            const std::string& name = c.id.value();
            const auto& item = c.location;
            if (c.group < previous)
                if (auto l = at(Section::Criterion, n, 0, Field::Item, item))
                    report(*l, msg::criteria_out_of_order(name));
            previous = std::max(previous, c.group);
            if (auto l = at(Section::Criterion, n, 0, Field::Id, item)) {
                if (!is_criterion_id(name))
                    report(*l, msg::bad_id("criterion id", name, "[a-z0-9_]+"));
                unique(seen, "criterion id", name, *l);
            }
            const Scale* scale = nullptr;
            if (auto l = at(Section::Criterion, n, 0, Field::Scale, item)) {
                auto it = scale_index_.find(c.scale);
                if (it == scale_index_.end())
                    report(*l, msg::undefined_scale(c.scale, name, scale_names_));
                else if (usable_scale_[it->second])
                    scale = &rb_.scales[it->second];
            }
            if (auto l = at(Section::Criterion, n, 0, Field::Weight, item)) {
                const std::string whose = "criterion " + msg::q(name);
                if (!std::isfinite(c.weight))
                    report(*l, msg::weight_not_finite(whose));
                else if (c.weight < 0)
                    report(*l, msg::negative_weight(c.weight, whose));
            }
            if (c.minimum && scale != nullptr)
                if (auto l = at(Section::Criterion, n, 0, Field::Minimum, item);
                    l && !(*c.minimum >= scale->min && *c.minimum <= scale->max))
                    report(*l, msg::minimum_off_scale(*c.minimum, name, scale->id, scale->min,
                                                      scale->max));
            check_indicators(c, n);
            if (c.competency) {
                if (auto l = at(Section::Criterion, n, 0, Field::Framework, item)) {
                    if (c.group != Group::Competency)
                        report(*l, msg::competency_key_outside_group("framework", name,
                                                                     to_string(c.group)));
                    else if (!contains(framework_names_, c.competency->framework))
                        report(*l, msg::undefined_framework(c.competency->framework, name,
                                                            framework_names_));
                }
            }
        }
    }

    void check_indicators(const Criterion& c, std::size_t n) {
        if (auto l = at(Section::Criterion, n, 0, Field::Indicators, c.location);
            l && c.indicators.size() > max_indicators)
            report(*l, msg::too_many_indicators("criterion " + msg::q(c.id.value()),
                                                c.indicators.size(), max_indicators));
        Seen seen;
        for (std::size_t j = 0; j < c.indicators.size(); ++j) {
            const auto& id = c.indicators[j].id;
            if (auto l = at(Section::Indicator, n, j, Field::Id, c.location)) {
                if (!is_criterion_id(id))
                    report(*l, msg::bad_id("indicator id", id, "[a-z0-9_]+"));
                unique(seen, "indicator id", id, *l);
            }
        }
    }

    void check_groups() {
        std::array<bool, group_count> has{};
        std::array<double, group_count> sum{};
        for (const auto& c : rb_.criteria) {
            const auto g = static_cast<std::size_t>(c.group);
            has[g] = true;
            if (std::isfinite(c.weight) && c.weight > 0)
                sum[g] += c.weight;
        }
        bool weights_ok = true;
        double total = 0;
        for (std::size_t g = 0; g < group_count; ++g) {
            const Group group = static_cast<Group>(g);
            const double w = rb_.group_weights[group];
            const std::string whose = "group " + msg::q(to_string(group));
            if (auto l = at(Section::Group, g, 0, Field::Weight, file_)) {
                if (!std::isfinite(w)) {
                    report(*l, msg::weight_not_finite(whose));
                    weights_ok = false;
                } else if (w < 0) {
                    report(*l, msg::negative_weight(w, whose));
                    weights_ok = false;
                }
            } else {
                weights_ok = false;
            }
            if (!has[g])
                continue;
            if (weights_ok)
                total += w;
            if (auto l = at(Section::Group, g, 0, Field::Criteria, file_)) {
                if (!std::isfinite(sum[g]))
                    report(*l, msg::weights_overflow(to_string(group)));
                else if (sum[g] == 0)
                    report(*l, msg::zero_criterion_weights(to_string(group)));
            }
        }
        const bool any = has[0] || has[1] || has[2];
        if (any && weights_ok && total == 0)
            if (auto l = at(Section::Rulebook, 0, 0, Field::Groups, file_))
                report(*l, msg::zero_group_weights());
    }

    void check_shortlist() {
        const ShortlistPolicy& s = rb_.shortlist;
        if (s.pass_mark && !(*s.pass_mark >= 0 && *s.pass_mark <= 100))
            if (auto l = at(Section::Shortlist, 0, 0, Field::PassMark, file_))
                report(*l, msg::pass_mark_range(*s.pass_mark));
        if (s.top && *s.top == 0)
            if (auto l = at(Section::Shortlist, 0, 0, Field::Top, file_))
                report(*l, msg::top_not_positive());
        if (s.ties == TiePolicy::BreakBy && s.tie_break.empty())
            if (auto l = at(Section::Shortlist, 0, 0, Field::Ties, file_))
                report(*l, msg::tie_break_empty());
        for (std::size_t j = 0; j < s.tie_break.size(); ++j) {
            const auto& key = s.tie_break[j];
            if (parse_group(key) || criterion_ids_.count(key) > 0)
                continue;
            if (auto l = at(Section::Shortlist, 0, j, Field::TieBreak, file_))
                report(*l, msg::bad_tie_break(key));
        }
        if (s.guaranteed_interview_fact) {
            auto l = at(Section::Shortlist, 0, 0, Field::GuaranteedInterviewFact, file_);
            auto it = fact_index_.find(*s.guaranteed_interview_fact);
            if (!l)
                return;
            if (it == fact_index_.end()) {
                report(*l, msg::guaranteed_not_declared(*s.guaranteed_interview_fact));
            } else if (usable_fact_[it->second] &&
                       rb_.facts[it->second].type != FactType::Boolean) {
                report(*l, msg::guaranteed_not_boolean(
                               *s.guaranteed_interview_fact,
                               std::string(fact_type_name(rb_.facts[it->second].type)) + " fact"));
            }
        }
    }

    const Rulebook& rb_;
    const Locator& where_;
    std::vector<Diagnostic>& out_;
    SourceLocation file_;
    std::unordered_map<std::string, std::size_t> scale_index_, fact_index_;
    std::vector<std::string> scale_names_, fact_names_, framework_names_;
    std::unordered_set<std::string> criterion_ids_;
    std::vector<bool> usable_scale_, usable_fact_;
    Seen condition_ids_;
};

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
    Checker(rulebook, where, out).run();
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
    w.end_object();
    w.finish();
    return std::move(out).str();
}

}  // namespace shortlist

// The semantic checks of a rulebook: one pass over the value types, asking a
// Locator where each value was written. check_rulebook() (check.hpp) is called
// by validate() and by the YAML loader.

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "rulebook/check.hpp"
#include "rulebook/interpretation.hpp"
#include "rulebook/messages.hpp"
#include "rulebook/names.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

namespace {

/// Runs every check once; see check_rulebook().
class RulebookChecker {
  public:
    RulebookChecker(const Rulebook& rb, const Locator& where, std::vector<Diagnostic>& out)
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
                report(*l, rulebook_msg::bad_id("rulebook id", rb_.id, "[a-z0-9_-]+"));
        check_frameworks();
        check_scales();
        check_facts();
        std::size_t serial = 0;
        for (std::size_t i = 0; i < rb_.eligibility.size(); ++i)
            check_condition(rb_.eligibility[i], top_condition_path(i), 1, serial);
        check_criteria();
        check_groups();
        check_shortlist();
        check_moderation();
        check_monitoring_only();
    }

  private:
    using Seen = std::unordered_map<std::string, SourceLocation>;

    static std::string display(const Value& v) {
        if (const bool* b = std::get_if<bool>(&v))
            return *b ? "true" : "false";
        if (const double* d = std::get_if<double>(&v))
            return rulebook_msg::num(*d);
        if (const std::string* s = std::get_if<std::string>(&v))
            return rulebook_msg::q(*s);
        return "(none)";
    }

    static bool contains(const std::vector<std::string>& xs, std::string_view x) {
        return std::find(xs.begin(), xs.end(), x) != xs.end();
    }

    std::optional<SourceLocation> at(Section s, std::size_t i, std::size_t j, Field f,
                                     const SourceLocation& item) const {
        return where_.at(s, i, j, f, item.file.empty() && item.line == 0 ? file_ : item);
    }
    void report(const SourceLocation& where, rulebook_msg::Message m) {
        out_.push_back({where, m.code, std::move(m.text)});
    }
    void unique(Seen& seen, std::string_view what, const std::string& id,
                const SourceLocation& where) {
        auto [it, fresh] = seen.try_emplace(id, where);
        if (!fresh)
            report(where, rulebook_msg::duplicate_id(what, id, it->second));
    }

    void check_frameworks() {
        Seen seen;
        for (std::size_t i = 0; i < rb_.frameworks.size(); ++i) {
            const auto& f = rb_.frameworks[i];
            auto l = at(Section::Framework, i, 0, Field::Id, file_);
            if (!l)
                continue;
            if (!is_id(f.id))
                report(*l, rulebook_msg::bad_id("framework name", f.id, "[a-z0-9_-]+"));
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
                    report(*l, rulebook_msg::bad_id("scale id", s.id, "[a-z0-9_-]+"));
                unique(seen, "scale id", s.id, *l);
            }
            bool ok = true;
            for (auto [field, name, v] :
                 {std::tuple{Field::Min, "min", s.min}, std::tuple{Field::Max, "max", s.max}}) {
                auto l = at(Section::Scale, i, 0, field, s.location);
                if (!l) {
                    ok = false;
                } else if (!std::isfinite(v) || std::floor(v) != v) {
                    report(*l, rulebook_msg::scale_bound_not_integer(name, v, s.id));
                    ok = false;
                } else if (std::fabs(v) > max_scale_magnitude) {
                    report(*l, rulebook_msg::scale_bound_too_large(name, v, s.id));
                    ok = false;
                }
            }
            if (ok && !(s.min < s.max)) {
                if (auto l = at(Section::Scale, i, 0, Field::Max, s.location))
                    report(*l, rulebook_msg::scale_min_not_below_max(s.id, s.min, s.max));
                ok = false;
            }
            if (ok && !s.labels.empty() &&
                static_cast<double>(s.labels.size()) != s.max - s.min + 1)
                if (auto l = at(Section::Scale, i, 0, Field::Labels, s.location))
                    report(*l, rulebook_msg::labels_count(s.id, s.labels.size(), s.min, s.max));
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
                    report(*l, rulebook_msg::bad_id("fact name", f.name, "[a-z0-9_-]+"));
                unique(seen, "fact name", f.name, *l);
                if (const auto s = sensitive_field(f.name); s && !is_opt_in(f.name))
                    report(*l, rulebook_msg::sensitive_fact(f.name, describe(*s)));
            }
            if (!at(Section::Fact, i, 0, Field::Type, f.location))
                continue;
            usable_fact_[i] = true;
            auto l = at(Section::Fact, i, 0, Field::Values, f.location);
            if (!l)
                continue;
            const bool takes_values = f.type == FactType::Ordinal || f.type == FactType::String;
            if (f.type == FactType::Ordinal && f.values.empty()) {
                report(*l, rulebook_msg::ordinal_needs_values(f.name));
            } else if (!takes_values && !f.values.empty()) {
                report(*l, rulebook_msg::fact_values_not_allowed(f.name, to_string(f.type)));
            } else {
                std::unordered_set<std::string> values;
                for (const auto& v : f.values)
                    if (!values.insert(v).second)
                        report(*l, rulebook_msg::duplicate_fact_value(f.name, v));
            }
        }
    }

    void check_condition(const Condition& c, const std::string& path, std::size_t depth,
                         std::size_t& serial) {
        const std::size_t k = serial++;
        const std::string name = condition_name(c, path);
        if (depth > max_condition_depth) {
            if (auto l = at(Section::Condition, k, 0, Field::Item, c.location))
                report(*l, rulebook_msg::conditions_too_deep(name, max_condition_depth));
            return;
        }
        if (!c.id.empty() && c.id != path)
            if (auto l = at(Section::Condition, k, 0, Field::Id, c.location)) {
                if (!is_id(c.id))
                    report(*l, rulebook_msg::bad_id("condition id", c.id, "[a-z0-9_-]+"));
                unique(condition_ids_, "condition id", c.id, *l);
            }
        if (c.kind == Condition::Kind::Leaf) {
            check_leaf(c, k, name);
            return;
        }
        const std::string_view kind = to_string(c.kind);
        if (auto l = at(Section::Condition, k, 0, Field::Children, c.location)) {
            if (c.kind == Condition::Kind::Not && c.children.size() != 1)
                report(*l, rulebook_msg::not_needs_one(name));
            else if (c.children.empty())
                report(*l, rulebook_msg::empty_group(kind, name));
        }
        for (std::size_t i = 0; i < c.children.size(); ++i)
            check_condition(c.children[i], child_condition_path(name, kind, i), depth + 1, serial);
    }

    void check_leaf(const Condition& c, std::size_t k, const std::string& name) {
        auto fl = at(Section::Condition, k, 0, Field::Fact, c.location);
        if (!fl)
            return;
        if (is_opt_in(c.fact)) {
            report(*fl, rulebook_msg::guaranteed_in_condition(c.fact, name));
            return;
        }
        if (const auto s = sensitive_field(c.fact)) {
            report(*fl, rulebook_msg::sensitive_in_condition(c.fact, name, describe(*s)));
            return;
        }
        auto it = fact_index_.find(c.fact);
        if (it == fact_index_.end()) {
            report(*fl, rulebook_msg::undefined_fact(c.fact, name, fact_names_));
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
            report(*ol, rulebook_msg::op_not_for_type(to_string(c.op), name, fact.name,
                                                      to_string(fact.type)));
            return;
        }
        const auto vl = at(Section::Condition, k, 0, Field::Values, c.location);
        if (c.op == Op::Exists) {
            if (c.values.size() != 1 || !std::holds_alternative<bool>(c.values.front()))
                if (auto l = at(Section::Condition, k, 0, Field::Value, c.location))
                    report(*l, rulebook_msg::exists_value(name));
            return;
        }
        if (c.op == Op::In && c.values.empty()) {
            if (vl)
                report(*vl, rulebook_msg::in_needs_values(name));
            return;
        }
        if (c.op != Op::In && c.values.size() != 1) {
            if (vl)
                report(*vl, c.values.empty()
                                ? rulebook_msg::missing_key("value",
                                                            "condition " + rulebook_msg::q(name))
                                : rulebook_msg::value_needs_op_in(name, to_string(c.op)));
            return;
        }
        for (std::size_t j = 0; j < c.values.size(); ++j)
            if (auto l = at(Section::Condition, k, j, Field::Value, c.location))
                check_value(c.values[j], fact, name, *l);
    }

    void check_value(const Value& v, const FactSpec& fact, const std::string& name,
                     const SourceLocation& where) {
        const std::string_view type = to_string(fact.type);
        if (fact.type == FactType::Boolean) {
            if (!std::holds_alternative<bool>(v))
                report(where, rulebook_msg::value_wrong_type(display(v), name, "true or false",
                                                             fact.name, type));
            return;
        }
        if (fact.type == FactType::Number) {
            const double* d = std::get_if<double>(&v);
            if (d == nullptr || !std::isfinite(*d))
                report(where, rulebook_msg::value_wrong_type(display(v), name, "a number",
                                                             fact.name, type));
            return;
        }
        const std::string* s = std::get_if<std::string>(&v);
        if (s == nullptr) {
            report(where,
                   rulebook_msg::value_wrong_type(display(v), name, "text", fact.name, type));
        } else if (fact.type == FactType::Level) {
            if (!is_level_text(*s))
                report(where, rulebook_msg::not_a_level(*s, name));
        } else if ((fact.type == FactType::Ordinal || !fact.values.empty()) &&
                   !contains(fact.values, *s)) {
            report(where, rulebook_msg::value_not_allowed(*s, name, fact.name, fact.values));
        }
    }

    void check_criteria() {
        if (rb_.criteria.empty())
            if (auto l = at(Section::Rulebook, 0, 0, Field::Criteria, file_))
                report(*l, rulebook_msg::no_criteria());
        Seen seen;
        Group previous = Group::Essential;
        for (std::size_t n = 0; n < rb_.criteria.size(); ++n) {
            const Criterion& c = rb_.criteria[n];
            const std::string& name = c.id.value();
            const auto& item = c.location;
            if (c.group < previous)
                if (auto l = at(Section::Criterion, n, 0, Field::Item, item))
                    report(*l, rulebook_msg::criteria_out_of_order(name));
            previous = std::max(previous, c.group);
            if (auto l = at(Section::Criterion, n, 0, Field::Id, item)) {
                if (!is_criterion_id(name))
                    report(*l, rulebook_msg::bad_id("criterion id", name, "[a-z0-9_]+"));
                unique(seen, "criterion id", name, *l);
                if (const auto s = sensitive_field(name))
                    report(*l, rulebook_msg::sensitive_criterion(name, describe(*s)));
            }
            const Scale* scale = nullptr;
            if (auto l = at(Section::Criterion, n, 0, Field::Scale, item)) {
                auto it = scale_index_.find(c.scale);
                if (it == scale_index_.end())
                    report(*l, rulebook_msg::undefined_scale(c.scale, name, scale_names_));
                else if (usable_scale_[it->second])
                    scale = &rb_.scales[it->second];
            }
            if (auto l = at(Section::Criterion, n, 0, Field::Weight, item)) {
                const std::string whose = "criterion " + rulebook_msg::q(name);
                if (!std::isfinite(c.weight))
                    report(*l, rulebook_msg::weight_not_finite(whose));
                else if (c.weight < 0)
                    report(*l, rulebook_msg::negative_weight(c.weight, whose));
            }
            if (c.minimum && scale != nullptr)
                if (auto l = at(Section::Criterion, n, 0, Field::Minimum, item);
                    l && !(*c.minimum >= scale->min && *c.minimum <= scale->max))
                    report(*l, rulebook_msg::minimum_off_scale(*c.minimum, name, scale->id,
                                                               scale->min, scale->max));
            check_indicators(c, n);
            if (c.from_fact)
                check_from_fact(c, n, scale);
            if (c.competency) {
                if (auto l = at(Section::Criterion, n, 0, Field::Framework, item)) {
                    if (c.group != Group::Competency)
                        report(*l, rulebook_msg::competency_key_outside_group("framework", name,
                                                                              to_string(c.group)));
                    else if (!contains(framework_names_, c.competency->framework))
                        report(*l, rulebook_msg::undefined_framework(c.competency->framework, name,
                                                                     framework_names_));
                }
            }
        }
    }

    void check_indicators(const Criterion& c, std::size_t n) {
        if (auto l = at(Section::Criterion, n, 0, Field::Indicators, c.location);
            l && c.indicators.size() > max_indicators)
            report(*l,
                   rulebook_msg::too_many_indicators("criterion " + rulebook_msg::q(c.id.value()),
                                                     c.indicators.size(), max_indicators));
        Seen seen;
        for (std::size_t j = 0; j < c.indicators.size(); ++j) {
            const auto& id = c.indicators[j].id;
            if (auto l = at(Section::Indicator, n, j, Field::Id, c.location)) {
                if (!is_criterion_id(id))
                    report(*l, rulebook_msg::bad_id("indicator id", id, "[a-z0-9_]+"));
                unique(seen, "indicator id", id, *l);
            }
        }
    }

    /// from_fact/fact_scores: a declared fact of a type with a closed set of
    /// values, every value given a point on the criterion's scale.
    void check_from_fact(const Criterion& c, std::size_t n, const Scale* scale) {
        const FactScores& f = *c.from_fact;
        const std::string& name = c.id.value();
        auto l = at(Section::Criterion, n, 0, Field::FromFact, c.location);
        if (!l)
            return;
        if (!c.indicators.empty() || c.competency)
            report(*l, rulebook_msg::from_fact_rated(name));
        auto it = fact_index_.find(f.fact);
        if (it == fact_index_.end()) {
            report(*l, rulebook_msg::from_fact_undefined(f.fact, name, fact_names_));
            return;
        }
        if (!usable_fact_[it->second])
            return;
        const FactSpec& fact = rb_.facts[it->second];
        const std::vector<std::string> values = fact.type == FactType::Boolean
                                                    ? std::vector<std::string>{"true", "false"}
                                                    : fact.values;
        if (fact.type == FactType::Number || fact.type == FactType::Level || values.empty()) {
            report(*l, rulebook_msg::from_fact_type(f.fact, name, to_string(fact.type)));
            return;
        }
        std::unordered_set<std::string> scored;
        for (std::size_t j = 0; j < f.scores.size(); ++j) {
            const auto& [value, point] = f.scores[j];
            scored.insert(value);
            auto vl = at(Section::FactScore, n, j, Field::Value, c.location);
            if (!vl)
                continue;
            if (!contains(values, value))
                report(*vl, rulebook_msg::fact_score_unknown(value, name, f.fact, values));
            else if (scale != nullptr && !(point >= scale->min && point <= scale->max))
                report(*vl, rulebook_msg::fact_score_off_scale(point, value, name, scale->id,
                                                               scale->min, scale->max));
        }
        std::vector<std::string> missing;
        for (const auto& v : values)
            if (scored.count(v) == 0)
                missing.push_back(v);
        if (auto sl = at(Section::Criterion, n, 0, Field::FactScores, c.location);
            sl && !missing.empty())
            report(*sl, rulebook_msg::fact_scores_missing(name, f.fact, missing));
    }

    void check_groups() {
        std::array<bool, group_count> has{};
        std::array<bool, group_count> usable{true, true, true};  // every weight valid
        std::array<double, group_count> sum{};
        for (std::size_t n = 0; n < rb_.criteria.size(); ++n) {
            const Criterion& c = rb_.criteria[n];
            const auto g = static_cast<std::size_t>(c.group);
            has[g] = true;
            if (std::isfinite(c.weight) && c.weight >= 0 &&
                at(Section::Criterion, n, 0, Field::Weight, c.location))
                sum[g] += c.weight;
            else
                usable[g] = false;  // reported with the criterion
        }
        bool weights_ok = true;
        double total = 0;
        for (std::size_t g = 0; g < group_count; ++g) {
            const Group group = static_cast<Group>(g);
            const double w = rb_.group_weights[group];
            const std::string whose = "group " + rulebook_msg::q(to_string(group));
            if (auto l = at(Section::Group, g, 0, Field::Weight, file_)) {
                if (!std::isfinite(w)) {
                    report(*l, rulebook_msg::weight_not_finite(whose));
                    weights_ok = false;
                } else if (w < 0) {
                    report(*l, rulebook_msg::negative_weight(w, whose));
                    weights_ok = false;
                }
            } else {
                weights_ok = false;
            }
            if (!has[g])
                continue;
            if (weights_ok)
                total += w;
            if (auto l = at(Section::Group, g, 0, Field::Criteria, file_); l && usable[g]) {
                if (!std::isfinite(sum[g]))
                    report(*l, rulebook_msg::weights_overflow(to_string(group)));
                else if (sum[g] == 0)
                    report(*l, rulebook_msg::zero_criterion_weights(to_string(group)));
            }
        }
        const bool any = has[0] || has[1] || has[2];
        if (any && weights_ok && total == 0)
            if (auto l = at(Section::Rulebook, 0, 0, Field::Groups, file_))
                report(*l, rulebook_msg::zero_group_weights());
    }

    void check_moderation() {
        const ModerationPolicy& m = rb_.moderation;
        for (auto [value, field, key] :
             {std::tuple{m.threshold, Field::ModerationThreshold, "threshold"},
              std::tuple{m.min_severity, Field::MinSeverity, "min_severity"}})
            if (value && !(std::isfinite(*value) && *value >= 0))
                if (auto l = at(Section::Rulebook, 0, 0, field, file_))
                    report(*l, rulebook_msg::moderation_negative(key, *value));
    }

    void check_shortlist() {
        const ShortlistPolicy& s = rb_.shortlist;
        if (s.pass_mark && !(*s.pass_mark >= 0 && *s.pass_mark <= 100))
            if (auto l = at(Section::Shortlist, 0, 0, Field::PassMark, file_))
                report(*l, rulebook_msg::pass_mark_range(*s.pass_mark));
        if (s.top && *s.top == 0)
            if (auto l = at(Section::Shortlist, 0, 0, Field::Top, file_))
                report(*l, rulebook_msg::top_not_positive());
        if (s.ties == TiePolicy::BreakBy && s.tie_break.empty())
            if (auto l = at(Section::Shortlist, 0, 0, Field::Ties, file_))
                report(*l, rulebook_msg::tie_break_empty());
        for (std::size_t j = 0; j < s.tie_break.size(); ++j) {
            const auto& key = s.tie_break[j];
            if (parse_group(key) || criterion_ids_.count(key) > 0)
                continue;
            if (auto l = at(Section::Shortlist, 0, j, Field::TieBreak, file_))
                report(*l, rulebook_msg::bad_tie_break(key));
        }
        if (s.bands && s.bands->reliability &&
            !(*s.bands->reliability >= 0 && *s.bands->reliability <= 1))
            if (auto l = at(Section::Shortlist, 0, 0, Field::BandReliability, file_))
                report(*l, rulebook_msg::band_reliability_range(*s.bands->reliability));
        if (s.bands && s.bands->confidence &&
            !(*s.bands->confidence > 0 && *s.bands->confidence < 1))
            if (auto l = at(Section::Shortlist, 0, 0, Field::BandConfidence, file_))
                report(*l, rulebook_msg::band_confidence_range(*s.bands->confidence));
        if (s.guaranteed_interview_fact) {
            auto l = at(Section::Shortlist, 0, 0, Field::GuaranteedInterviewFact, file_);
            auto it = fact_index_.find(*s.guaranteed_interview_fact);
            if (!l)
                return;
            if (it == fact_index_.end()) {
                report(*l, rulebook_msg::guaranteed_not_declared(*s.guaranteed_interview_fact));
            } else if (usable_fact_[it->second] &&
                       rb_.facts[it->second].type != FactType::Boolean) {
                report(*l,
                       rulebook_msg::guaranteed_not_boolean(*s.guaranteed_interview_fact,
                                                            to_string(rb_.facts[it->second].type)));
            }
        }
    }

    /// The guaranteed-interview fact: the one sensitive fact allowed, as it is
    /// used only after scoring.
    bool is_opt_in(std::string_view fact) const {
        return rb_.shortlist.guaranteed_interview_fact == fact;
    }

    void check_monitoring_only() {
        Seen seen;
        for (std::size_t j = 0; j < rb_.monitoring_only.size(); ++j) {
            const std::string& column = rb_.monitoring_only[j];
            auto l = at(Section::Rulebook, 0, j, Field::MonitoringOnly, file_);
            if (!l)
                continue;
            if (column.empty() || column == "applicant_id")
                report(*l, rulebook_msg::monitoring_only_bad(column));
            else if (fact_index_.count(column) > 0)
                report(*l, rulebook_msg::monitoring_only_is_fact(column));
            unique(seen, "monitoring_only column", column, *l);
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

}  // namespace

void check_rulebook(const Rulebook& rulebook, const Locator& where, std::vector<Diagnostic>& out) {
    RulebookChecker(rulebook, where, out).run();
    check_interpretations(rulebook, out);
}

}  // namespace shortlist::detail

// Reading simulation design files (docs/simulate.md lists the keys). The
// yaml-cpp tree is walked with the rulebook's reader (rulebook/yaml/reader.hpp),
// so a design's unknown, missing or duplicate keys and wrong types read as a
// rulebook's do, at file:line:column; the checks of values are here. Every
// problem in the file is reported, not only the first.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/simulation/panel.hpp"
#include "analysis/simulation/yaml/design_messages.hpp"
#include "rulebook/check.hpp"
#include "rulebook/yaml/reader.hpp"
#include "shortlist/analysis/simulation.hpp"

namespace shortlist {
namespace {

namespace fs = std::filesystem;
namespace msg = detail::design_msg;
using detail::Entry;
using detail::KeyList;
using detail::Map;
using detail::YamlContext;
using detail::YamlReader;

constexpr std::string_view design_keys[] = {"seed",  "applicants",   "assessors",    "criteria",
                                            "scale", "rulebook",     "difficulties", "linking",
                                            "model", "missing_rate", "top",          "fit"};
constexpr std::string_view applicant_keys[] = {"count", "ability", "guaranteed_interview_rate"};
constexpr std::string_view assessor_keys[] = {"count", "severities", "severity"};
constexpr std::string_view spread_keys[] = {"mean", "sd"};
constexpr std::string_view criterion_keys[] = {"id",     "text",       "group",
                                               "weight", "difficulty", "scale"};
constexpr std::string_view scale_keys[] = {"min", "max"};
constexpr std::string_view linking_keys[] = {"design", "per_applicant"};
constexpr std::string_view linking_names[] = {"complete", "random", "balanced_blocks"};
constexpr std::string_view model_keys[] = {"type", "noise", "thresholds"};
constexpr std::string_view model_names[] = {"additive", "rasch"};
constexpr std::string_view group_names[] = {"essential", "desirable", "competency"};

constexpr std::size_t max_applicants = 1'000'000;
constexpr std::size_t max_criteria = 1000;

std::optional<LinkingDesign> parse_linking(std::string_view s) {
    if (s == "complete")
        return LinkingDesign::Complete;
    if (s == "random")
        return LinkingDesign::Random;
    if (s == "balanced_blocks")
        return LinkingDesign::BalancedBlocks;
    return std::nullopt;
}

std::optional<SimulationModel> parse_model(std::string_view s) {
    if (s == "additive")
        return SimulationModel::Additive;
    if (s == "rasch")
        return SimulationModel::Rasch;
    return std::nullopt;
}

class DesignReader {
  public:
    DesignReader(YamlReader& r, SimulationDesign& d, fs::path base_dir)
        : r_(r), d_(d), base_dir_(std::move(base_dir)) {}

    void read(const Map& root) {
        if (const Entry* e = root.get("seed"))
            read_seed(*e);
        if (const Entry* e = r_.need(root, "applicants"))
            read_applicants(*e);
        if (const Entry* e = r_.need(root, "assessors"))
            read_assessors(*e);
        if (const Entry* e = root.get("model"))
            read_model(*e);
        std::optional<ScaleRange> scale;
        if (const Entry* e = root.get("scale"))
            scale = read_scale(*e, "design");
        const Entry* criteria = root.get("criteria");
        const Entry* rulebook = root.get("rulebook");
        if (criteria && rulebook)
            r_.report(rulebook->key_mark, msg::criteria_and_rulebook());
        else if (criteria)
            read_criteria(*criteria, scale.value_or(ScaleRange{1, 5}));
        else if (rulebook)
            read_rulebook(*rulebook, root.get("difficulties"));
        else
            r_.report(root.mark, msg::no_criteria());
        if (const Entry* e = root.get("difficulties"); e && !rulebook)
            r_.report(e->key_mark, msg::difficulties_without_rulebook());
        if (const Entry* e = root.get("linking"))
            read_linking(*e);
        if (const Entry* e = root.get("missing_rate"))
            d_.missing_rate = rate(*e).value_or(0);
        if (const Entry* e = root.get("top"))
            d_.top = count(*e, 1, max_applicants).value_or(d_.top);
        d_.fit = d_.model == SimulationModel::Rasch ? EffectsModel::Rasch : EffectsModel::Additive;
        if (const Entry* e = root.get("fit"))
            if (auto m = r_.choice(*e, KeyList(model_names), parse_model))
                d_.fit =
                    *m == SimulationModel::Rasch ? EffectsModel::Rasch : EffectsModel::Additive;
        check_thresholds();
    }

  private:
    /// A whole number in [min, max].
    std::optional<std::size_t> count(const Entry& e, std::size_t min, std::size_t max) {
        const auto v = r_.number(e);
        if (!v)
            return std::nullopt;
        if (std::floor(*v) != *v || *v < static_cast<double>(min) ||
            *v > static_cast<double>(max)) {
            r_.report(e.mark(), msg::not_a_count(e.key, e.where, *v, min, max));
            return std::nullopt;
        }
        return static_cast<std::size_t>(*v);
    }

    std::optional<double> rate(const Entry& e) {
        const auto v = r_.number(e);
        if (v && !(*v >= 0 && *v <= 1)) {
            r_.report(e.mark(), msg::not_a_rate(e.key, e.where, *v));
            return std::nullopt;
        }
        return v;
    }

    std::optional<double> non_negative(const Entry& e) {
        const auto v = r_.number(e);
        if (v && *v < 0) {
            r_.report(e.mark(), msg::negative(e.key, e.where, *v));
            return std::nullopt;
        }
        return v;
    }

    void read_seed(const Entry& e) {
        const auto s = r_.text(e);
        if (!s)
            return;
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
        if (ec != std::errc{} || end != s->data() + s->size() || s->empty())
            r_.report(e.mark(), msg::not_a_seed(*s));
        else
            d_.seed = v;
    }

    Spread read_spread(const Entry& e, Spread fallback) {
        auto m = r_.map(e, e.key, KeyList(spread_keys));
        if (!m)
            return fallback;
        if (const Entry* x = m->get("mean"))
            fallback.mean = r_.number(*x).value_or(fallback.mean);
        if (const Entry* x = m->get("sd"))
            fallback.sd = non_negative(*x).value_or(fallback.sd);
        return fallback;
    }

    void read_applicants(const Entry& e) {
        auto m = r_.map(e, "applicants", KeyList(applicant_keys));
        if (!m)
            return;
        if (const Entry* x = r_.need(*m, "count"))
            d_.applicants = count(*x, 1, max_applicants).value_or(d_.applicants);
        if (const Entry* x = m->get("ability"))
            d_.ability = read_spread(*x, d_.ability);
        if (const Entry* x = m->get("guaranteed_interview_rate"))
            d_.guaranteed_interview_rate = rate(*x).value_or(0);
    }

    void read_assessors(const Entry& e) {
        auto m = r_.map(e, "assessors", KeyList(assessor_keys));
        if (!m)
            return;
        const Entry* n = r_.need(*m, "count");
        const auto assessors = n ? count(*n, 1, max_assessors) : std::nullopt;
        d_.assessors = assessors.value_or(d_.assessors);
        const Entry* given = m->get("severities");
        const Entry* spread = m->get("severity");
        if (given && spread)
            r_.report(spread->key_mark, msg::severities_and_spread());
        if (spread)
            d_.severity = read_spread(*spread, d_.severity);
        if (!given)
            return;
        if (auto items = r_.list(*given)) {
            for (const auto& item : *items)
                if (auto v = r_.number(item))
                    d_.severities.push_back(*v);
            if (assessors && items->size() != *assessors)
                r_.report(given->mark(), msg::severities_count(items->size(), *assessors));
        }
    }

    std::optional<ScaleRange> read_scale(const Entry& e, const std::string& owner) {
        auto m = r_.map(e, "scale of " + owner, KeyList(scale_keys));
        if (!m)
            return std::nullopt;
        const Entry* lo = r_.need(*m, "min");
        const Entry* hi = r_.need(*m, "max");
        const auto min = lo ? r_.number(*lo) : std::nullopt;
        const auto max = hi ? r_.number(*hi) : std::nullopt;
        if (!min || !max)
            return std::nullopt;
        if (!(*max > *min) || std::floor(*min) != *min || std::floor(*max) != *max ||
            *max - *min > 100) {
            r_.report(e.mark(), msg::bad_scale(owner, *min, *max));
            return std::nullopt;
        }
        return ScaleRange{*min, *max};
    }

    void read_criteria(const Entry& e, ScaleRange scale) {
        auto items = r_.list(e);
        if (!items)
            return;
        if (items->empty())
            r_.report(e.mark(), detail::rulebook_msg::empty_list("criteria", "design"));
        if (items->size() > max_criteria)
            r_.report(e.mark(),
                      msg::not_a_count("criteria", "design", static_cast<double>(items->size()), 1,
                                       max_criteria));
        std::vector<std::pair<CriterionId, YAML::Mark>> seen;
        for (const auto& item : *items)
            read_criterion(item, scale, seen);
    }

    void read_criterion(const Entry& item, ScaleRange scale,
                        std::vector<std::pair<CriterionId, YAML::Mark>>& seen) {
        const auto peeked = detail::peek_scalar(item.value, "id");
        auto m = r_.map(item, detail::quoted("criterion", peeked.value_or(item.key)),
                        KeyList(criterion_keys));
        if (!m)
            return;
        SimulatedCriterion c;
        const Entry* id = r_.need(*m, "id");
        const auto id_text = id ? r_.text(*id) : std::nullopt;
        if (!id_text)
            return;
        c.id = CriterionId(*id_text);
        if (!detail::is_criterion_id(*id_text))
            r_.report(id->mark(),
                      detail::rulebook_msg::bad_id("criterion id", *id_text, "[a-z0-9_]+"));
        for (const auto& [other, mark] : seen)
            if (other == c.id)
                r_.report(id->mark(), detail::rulebook_msg::duplicate_id("criterion id", *id_text,
                                                                         r_.loc(mark)));
        seen.emplace_back(c.id, id->mark());
        if (const Entry* x = m->get("text"))
            c.text = r_.text(*x).value_or("");
        if (const Entry* x = m->get("group"))
            c.group = r_.choice(*x, KeyList(group_names), parse_group).value_or(Group::Essential);
        if (const Entry* x = m->get("weight"))
            c.weight = non_negative(*x).value_or(1);
        if (const Entry* x = m->get("difficulty"))
            c.difficulty = r_.number(*x).value_or(0);
        if (const Entry* x = m->get("scale"))
            scale = read_scale(*x, m->where).value_or(scale);
        c.min = scale.min;
        c.max = scale.max;
        d_.criteria.push_back(std::move(c));
    }

    void read_rulebook(const Entry& e, const Entry* difficulties) {
        const auto path = r_.text(e);
        if (!path)
            return;
        const fs::path file = (base_dir_ / *path).lexically_normal();
        Rulebook rb;
        try {
            rb = load_rulebook(file);
        } catch (const UsageError& err) {  // cannot be read at all
            r_.report(e.mark(), msg::cannot_read_rulebook(file.string(), err.message()));
            return;
        }
        for (const auto& rc : rb.criteria) {
            SimulatedCriterion c;
            c.id = rc.id;
            c.text = rc.text;
            c.group = rc.group;
            c.weight = rc.weight;
            if (const Scale* s = rb.find_scale(rc.scale)) {
                c.min = s->min;
                c.max = s->max;
            }
            d_.criteria.push_back(std::move(c));
        }
        d_.rulebook = file;
        d_.group_weights = rb.group_weights;
        d_.aggregation = rb.aggregation;
        if (rb.shortlist.top)
            d_.top = *rb.shortlist.top;
        if (difficulties)
            read_difficulties(*difficulties);
    }

    void read_difficulties(const Entry& e) {
        auto m = r_.map(e, "difficulties", {});
        if (!m)
            return;
        for (const Entry& x : m->entries) {
            auto it =
                std::find_if(d_.criteria.begin(), d_.criteria.end(),
                             [&](const SimulatedCriterion& c) { return c.id.view() == x.key; });
            if (it == d_.criteria.end())
                r_.report(x.key_mark, msg::unknown_criterion(x.key));
            else if (auto v = r_.number(x))
                it->difficulty = *v;
        }
    }

    void read_linking(const Entry& e) {
        auto m = r_.map(e, "linking", KeyList(linking_keys));
        if (!m)
            return;
        const Entry* design = r_.need(*m, "design");
        if (design)
            d_.linking = r_.choice(*design, KeyList(linking_names), parse_linking)
                             .value_or(LinkingDesign::Complete);
        const Entry* k = m->get("per_applicant");
        if (d_.linking == LinkingDesign::Complete) {
            if (k)
                r_.report(k->key_mark, msg::per_applicant_complete());
            return;
        }
        if (!k) {
            r_.report(m->mark, msg::per_applicant_needed(to_string(d_.linking)));
            return;
        }
        const auto v = count(*k, 1, max_assessors);
        if (!v)
            return;
        d_.per_applicant = *v;
        if (*v > d_.assessors)
            r_.report(k->mark(), msg::per_applicant_too_many(*v, d_.assessors));
        else if (d_.linking == LinkingDesign::BalancedBlocks &&
                 detail::count_blocks(d_.assessors, *v, detail::max_blocks) > detail::max_blocks)
            r_.report(k->mark(), msg::too_many_blocks(d_.assessors, *v, detail::max_blocks));
    }

    void read_model(const Entry& e) {
        auto m = r_.map(e, "model", KeyList(model_keys));
        if (!m)
            return;
        if (const Entry* t = r_.need(*m, "type"))
            d_.model = r_.choice(*t, KeyList(model_names), parse_model)
                           .value_or(SimulationModel::Additive);
        const bool rasch = d_.model == SimulationModel::Rasch;
        if (const Entry* x = m->get("noise")) {
            if (rasch)
                r_.report(x->key_mark, msg::noise_with_rasch());
            else
                d_.noise = non_negative(*x).value_or(d_.noise);
        }
        if (const Entry* x = m->get("thresholds")) {
            if (!rasch) {
                r_.report(x->key_mark, msg::thresholds_with_additive());
                return;
            }
            thresholds_ = *x;
            if (auto items = r_.list(*x))
                for (const auto& item : *items)
                    if (auto v = r_.number(item))
                        d_.thresholds.push_back(*v);
        }
    }

    /// Rasch thresholds, once the criteria (and their scales) are known.
    void check_thresholds() {
        if (!thresholds_ || d_.thresholds.empty())
            return;
        if (!std::is_sorted(d_.thresholds.begin(), d_.thresholds.end(), std::less_equal<>{}) ||
            std::adjacent_find(d_.thresholds.begin(), d_.thresholds.end()) != d_.thresholds.end())
            r_.report(thresholds_->mark(), msg::thresholds_not_increasing());
        for (const auto& c : d_.criteria) {
            const auto steps = static_cast<std::size_t>(c.max - c.min);
            if (steps != d_.thresholds.size()) {
                r_.report(thresholds_->mark(),
                          msg::thresholds_count(d_.thresholds.size(), c.id.view(), steps));
                return;
            }
        }
    }

    YamlReader& r_;
    SimulationDesign& d_;
    fs::path base_dir_;
    std::optional<Entry> thresholds_;
};

std::vector<Diagnostic> read_design(const std::optional<fs::path>& file,
                                    std::optional<std::string_view> text, std::string_view name,
                                    const fs::path& base_dir, SimulationDesign& d) {
    YamlContext ctx;
    YamlReader r(ctx, std::string(name));
    d.source = std::string(name);
    try {
        const std::optional<std::string> content =
            text ? std::optional<std::string>(std::string(*text)) : detail::read_limited(*file, r);
        if (content)
            if (auto root = r.load(*content)) {
                auto m = r.map({"document", "file", {}, *root}, "design", KeyList(design_keys));
                if (m)
                    DesignReader(r, d, base_dir).read(*m);
            }
    } catch (const detail::ReadAborted&) {  // reported
    }
    auto diagnostics = std::move(ctx.diagnostics);
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::pair(a.location.line, a.location.column) <
                                std::pair(b.location.line, b.location.column);
                     });
    return diagnostics;
}

}  // namespace

SimulationDesign parse_design(std::string_view yaml, std::string_view name,
                              const fs::path& base_dir) {
    SimulationDesign d;
    auto diagnostics = read_design(std::nullopt, yaml, name, base_dir, d);
    if (!diagnostics.empty())
        throw Error(std::move(diagnostics));
    return d;
}

SimulationDesign load_design(const fs::path& file) {
    SimulationDesign d;
    auto diagnostics = read_design(file, std::nullopt, file.string(), file.parent_path(), d);
    if (!diagnostics.empty())
        throw Error(std::move(diagnostics));
    return d;
}

}  // namespace shortlist

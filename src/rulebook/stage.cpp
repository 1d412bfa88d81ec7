// Stages (docs/rulebook.md, "Stages"): which gates and criteria apply
// at a stage, and the rulebook as scored there.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "shortlist/rulebook.hpp"

namespace shortlist {

namespace {

void facts_read(const Condition& c, std::set<std::string>& out) {
    if (c.kind == Condition::Kind::Leaf)
        out.insert(c.fact);
    for (const auto& child : c.children)
        facts_read(child, out);
}

}  // namespace

Stage stage_of(const Criterion& c) noexcept {
    return c.stage.value_or(Stage::Sift);
}

Stage stage_of(const Condition& c) noexcept {
    return c.stage.value_or(Stage::Sift);
}

Stage scoring_stage(const Rulebook& rb) noexcept {
    return rb.stage.value_or(Stage::Sift);
}

bool after_scoring_stage(const Rulebook& rb, Stage stage) noexcept {
    return stage > scoring_stage(rb);
}

bool uses_stages(const Rulebook& rb) noexcept {
    return rb.stage ||
           std::any_of(rb.criteria.begin(), rb.criteria.end(),
                       [](const Criterion& c) { return c.stage.has_value(); }) ||
           std::any_of(rb.eligibility.begin(), rb.eligibility.end(),
                       [](const Condition& c) { return c.stage.has_value(); });
}

std::vector<bool> later_stage_facts(const Rulebook& rb) {
    std::set<std::string> needed, later;
    for (const auto& c : rb.eligibility)
        facts_read(c, after_scoring_stage(rb, stage_of(c)) ? later : needed);
    if (const auto& opt_in = rb.shortlist.guaranteed_interview_fact)
        needed.insert(*opt_in);
    for (const auto& c : rb.criteria)
        if (c.from_fact)
            needed.insert(c.from_fact->fact);
    std::vector<bool> out;
    out.reserve(rb.facts.size());
    for (const auto& f : rb.facts)
        out.push_back(later.count(f.name) > 0 && needed.count(f.name) == 0);
    return out;
}

}  // namespace shortlist

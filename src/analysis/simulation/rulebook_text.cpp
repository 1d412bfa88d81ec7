// The rulebook written beside a simulated panel (docs/simulate.md, "Output
// files"): the design's criteria, scales, weights and shortlist size, and
// nothing that would keep a simulated applicant off the ranking (no
// eligibility, minimums or pass mark), so that `score` ranks everyone rated.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "analysis/simulation/panel.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist::detail {
namespace {

std::string scale_id(double min, double max) {
    auto part = [](double v) {
        const std::string s = format_shortest(v);
        return s.front() == '-' ? "minus" + s.substr(1) : s;
    };
    return "points_" + part(min) + "_" + part(max);
}

}  // namespace

std::string simulation_rulebook_yaml(const SimulationDesign& d, const SimulatedPanel& panel) {
    std::string y;
    y += "# Written by shortlist simulate from " + (d.source.empty() ? "a design" : d.source) +
         " (replicate " + std::to_string(panel.replicate) + ", seed " + std::to_string(panel.seed) +
         ").\n";
    y += "kind: rulebook\nid: simulated-panel\ntitle: Simulated panel\nversion: \"1\"\n";
    y += "scales:\n";
    std::vector<std::pair<double, double>> scales;
    for (const auto& c : d.criteria) {
        const std::pair<double, double> s{c.min, c.max};
        if (std::find(scales.begin(), scales.end(), s) != scales.end())
            continue;
        scales.push_back(s);
        y += "  " + scale_id(c.min, c.max) + ":\n    min: " + format_shortest(c.min) +
             "\n    max: " + format_shortest(c.max) + "\n";
    }
    y += "facts:\n  guaranteed_interview:\n    type: boolean\n";
    y += "aggregation: " + std::string(to_string(d.aggregation)) + "\n";
    std::string groups, criteria;
    for (const Group g : {Group::Essential, Group::Desirable, Group::Competency}) {
        std::string items;
        for (const auto& c : d.criteria) {
            if (c.group != g)
                continue;
            items += "    - id: " + c.id.value() +
                     "\n      text: " + json_quote(c.text.empty() ? c.id.value() : c.text) +
                     "\n      scale: " + scale_id(c.min, c.max) +
                     "\n      weight: " + format_shortest(c.weight) + "\n";
        }
        if (items.empty())
            continue;
        groups += "  " + std::string(to_string(g)) +
                  ":\n    weight: " + format_shortest(d.group_weights[g]) + "\n";
        criteria += "  " + std::string(to_string(g)) + ":\n" + items;
    }
    y += "groups:\n" + groups + "criteria:\n" + criteria;
    y += "shortlist:\n  top: " + std::to_string(d.top) +
         "\n  ties: include_all\n  guaranteed_interview_fact: guaranteed_interview\n";
    return y;
}

}  // namespace shortlist::detail

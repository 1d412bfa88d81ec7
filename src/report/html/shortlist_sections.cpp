// The report's shortlist sections: the summary and shortlist table, the
// distribution of totals, and the group scores of the shortlisted against the
// rest (docs/report.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "report/html/escape.hpp"
#include "report/html/sections.hpp"
#include "report/html/svg.hpp"

namespace shortlist::detail::html {

namespace {

/// The applicant's id, linked to their explanation.
std::string applicant_link(const Shortlist& sl, std::size_t entry) {
    return "<a href=\"#applicant-" + std::to_string(entry) + "\">" +
           escape_html(sl.outcomes[sl.entries[entry].outcome].id.value()) + "</a>";
}

std::string group_cell(const Outcome& o, std::size_t g) {
    return fixed(o.groups[g] ? std::optional<double>(*o.groups[g] * 100) : std::nullopt, 1);
}

void key_figures(std::string& s, const PanelReport& r) {
    const Shortlist& sl = r.shortlist;
    std::array<std::size_t, 4> counts{};
    for (const auto& e : sl.entries)
        ++counts[static_cast<std::size_t>(e.status)];
    s += "<div class=\"figures\">";
    auto card = [&](const std::string& value, std::string_view label, std::string_view css) {
        s += "<div class=\"figure-card " + std::string(css) + "\"><span class=\"value\">" + value +
             "</span><span class=\"label\">" + std::string(label) + "</span></div>";
    };
    card(std::to_string(sl.outcomes.size()), "applicants", "");
    card(std::to_string(counts[0]), "shortlisted on rank", "is-shortlisted");
    card(std::to_string(counts[1]), "guaranteed interview", "is-guaranteed");
    card(std::to_string(counts[2]), "not shortlisted", "is-rest");
    card(std::to_string(counts[3]), "not eligible", "is-ineligible");
    s += "</div>";
}

void rules_list(std::string& s, const PanelReport& r) {
    const Rulebook& rb = r.rulebook;
    const Cut cut = cut_of(r);
    s += "<dl class=\"facts\">";
    auto item = [&](std::string_view term, const std::string& html) {
        s += "<dt>" + std::string(term) + "</dt><dd>" + html + "</dd>";
    };
    item("Shortlist size", r.shortlist.top ? "top " + std::to_string(*r.shortlist.top) +
                                                 " (and everyone tied with the last of them)"
                                           : "every eligible applicant");
    item("Cut-off", cut.cut_off ? fixed(*cut.cut_off, 2) + " (the lowest total shortlisted on rank)"
                                : "none shortlisted on rank");
    item("Pass mark", cut.pass_mark ? fixed(*cut.pass_mark, 2) : "none");
    item("Aggregation", escape_html(to_string(rb.aggregation)) + ", ties " +
                            escape_html(to_string(rb.shortlist.ties)));
    item("Guaranteed interviews", rb.shortlist.guaranteed_interview_fact
                                      ? "applicants who opt in (fact <code>" +
                                            escape_html(*rb.shortlist.guaranteed_interview_fact) +
                                            "</code>) and pass every essential gate"
                                      : "no scheme in this rulebook");
    // Conditions to be met after appointment, and how many shortlisted carry each.
    std::map<std::string, std::size_t> conditions;
    for (const auto& e : r.shortlist.entries)
        if (on_shortlist(e.status))
            for (const auto& c : r.shortlist.outcomes[e.outcome].conditions)
                ++conditions[c];
    std::string cond;
    if (conditions.empty())
        cond = "none on the shortlist";
    else {
        cond = "<ul>";
        for (const auto& [text, k] : conditions)
            cond += "<li>" + escape_html(text) + " (" + std::to_string(k) + ")</li>";
        cond += "</ul>";
    }
    item("Conditions", cond);
    s += "</dl>";
}

}  // namespace

void summary_section(std::string& s, const PanelReport& r) {
    const Shortlist& sl = r.shortlist;
    open_section(s, "summary", "Shortlist");
    key_figures(s, r);
    rules_list(s, r);
    Table t;
    t.caption = "The shortlist, in rank order (guaranteed interviews last)";
    t.head = {"Rank",      "Applicant", "Status",     "Total",
              "Essential", "Desirable", "Competency", "Conditions"};
    t.numeric = {true, false, false, true, true, true, true, false};
    for (std::size_t i = 0; i < sl.entries.size(); ++i) {
        const ShortlistEntry& e = sl.entries[i];
        if (!on_shortlist(e.status))
            continue;
        const Outcome& o = sl.outcomes[e.outcome];
        std::string conditions;
        for (const auto& c : o.conditions)
            conditions += (conditions.empty() ? "" : "; ") + escape_html(c);
        t.rows.push_back({e.rank ? std::to_string(*e.rank) : "\xE2\x80\x93", applicant_link(sl, i),
                          status_badge(e.status), fixed(o.total, 2), group_cell(o, 0),
                          group_cell(o, 1), group_cell(o, 2), conditions});
    }
    if (t.rows.empty())
        note(s, "Nobody is on the shortlist.");
    else
        s += "<div class=\"table-scroll\">" + table(t) + "</div>";
    close_section(s);
}

void distribution_section(std::string& s, const PanelReport& r) {
    const Shortlist& sl = r.shortlist;
    const Cut cut = cut_of(r);
    open_section(s, "distribution", "Distribution of totals");
    constexpr std::size_t bins = 20;
    svg::Histogram h;
    h.frame.id = "chart-distribution";
    h.frame.title = "Totals of all " + std::to_string(sl.outcomes.size()) + " applicants";
    h.lo = 0;
    h.hi = 100;
    h.counts.assign(bins, 0);
    std::vector<std::size_t> on(bins, 0);
    for (const auto& e : sl.entries) {
        const double t = sl.outcomes[e.outcome].total;
        const auto b = std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, t) / 5));
        ++h.counts[b];
        on[b] += on_shortlist(e.status) ? 1U : 0U;
    }
    h.frame.x_label = "total (0 to 100)";
    std::string desc = "Histogram of the totals in bins of 5 points.";
    if (cut.cut_off) {
        h.markers.push_back({*cut.cut_off, "cut-off " + fixed(*cut.cut_off, 2), "marker-cut"});
        desc += " The cut-off, the lowest total shortlisted on rank, is " + fixed(*cut.cut_off, 2) +
                ".";
    }
    if (cut.pass_mark) {
        h.markers.push_back(
            {*cut.pass_mark, "pass mark " + fixed(*cut.pass_mark, 2), "marker-pass"});
        desc += " The pass mark is " + fixed(*cut.pass_mark, 2) + ".";
    }
    h.frame.description = desc;
    Table t;
    t.caption = "Applicants per 5-point bin";
    t.head = {"Total", "Applicants", "On the shortlist"};
    t.numeric = {false, true, true};
    for (std::size_t b = bins; b-- > 0;) {
        if (h.counts[b] == 0)
            continue;
        t.rows.push_back({std::to_string(b * 5) + " to " + std::to_string(b * 5 + 5),
                          std::to_string(h.counts[b]), std::to_string(on[b])});
    }
    s +=
        figure("fig-distribution", svg::histogram(h), desc + " Ineligible applicants included.", t);
    close_section(s);
}

namespace {

/// Mean and quartiles (nearest rank) of a group's scores, 0..100.
struct Summary {
    std::size_t n = 0;
    double mean = 0, q1 = 0, median = 0, q3 = 0;
};

Summary summarise(std::vector<double> v) {
    Summary m;
    m.n = v.size();
    if (v.empty())
        return m;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (const double x : v)
        sum += x;
    m.mean = sum / static_cast<double>(v.size());
    auto q = [&](double p) {
        const auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
        return v[std::clamp<std::size_t>(k, 1, v.size()) - 1];
    };
    m.q1 = q(0.25);
    m.median = q(0.5);
    m.q3 = q(0.75);
    return m;
}

}  // namespace

void groups_section(std::string& s, const PanelReport& r) {
    const Shortlist& sl = r.shortlist;
    open_section(s, "groups", "Group scores: the shortlisted against the rest");
    svg::BarChart c;
    c.frame.id = "chart-groups";
    c.frame.title = "Mean group score, shortlisted and the rest";
    c.frame.description =
        "For each group of criteria, the mean score (0 to 100) of the applicants on the "
        "shortlist and of the rest, with the interquartile range as an interval.";
    c.frame.x_label = "group score (0 to 100), mean with interquartile range";
    c.frame.legend = {{"bar-on", "on the shortlist"}, {"bar-rest", "the rest"}};
    c.lo = 0;
    c.hi = 100;
    Table t;
    t.caption = "Group scores (0 to 100)";
    t.head = {"Group", "Applicants", "n", "Mean", "Lower quartile", "Median", "Upper quartile"};
    t.numeric = {false, false, true, true, true, true, true};
    for (std::size_t g = 0; g < group_count; ++g) {
        std::array<std::vector<double>, 2> v;
        for (const auto& e : sl.entries) {
            const auto& score = sl.outcomes[e.outcome].groups[g];
            if (score)
                v[on_shortlist(e.status) ? 0 : 1].push_back(*score * 100);
        }
        if (v[0].empty() && v[1].empty())
            continue;
        const std::string group(to_string(static_cast<Group>(g)));
        for (std::size_t k = 0; k < 2; ++k) {
            const Summary m = summarise(v[k]);
            const std::string who = k == 0 ? "shortlisted" : "the rest";
            t.rows.push_back({group, who, std::to_string(m.n), fixed(m.mean, 1), fixed(m.q1, 1),
                              fixed(m.median, 1), fixed(m.q3, 1)});
            if (m.n == 0)
                continue;
            c.bars.push_back({group + ", " + who, m.mean, m.q1, m.q3,
                              k == 0 ? "bar-on" : "bar-rest",
                              group + ", " + who + ": mean " + fixed(m.mean, 1) + ", quartiles " +
                                  fixed(m.q1, 1) + " to " + fixed(m.q3, 1)});
        }
    }
    if (t.rows.empty())
        note(s, "No applicant has a group score.");
    else
        s += figure("fig-groups", svg::bar_chart(c), c.frame.description, t);
    close_section(s);
}

}  // namespace shortlist::detail::html

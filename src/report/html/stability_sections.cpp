// The report's sections on how far the shortlist can be trusted: weight
// sensitivity and adverse impact by stage (docs/report.md; the analyses are
// sensitivity.hpp's and fairness.hpp's).
#include <algorithm>
#include <string>
#include <vector>

#include "report/html/escape.hpp"
#include "report/html/sections.hpp"
#include "report/html/svg.hpp"
#include "util/number.hpp"

namespace shortlist::detail::html {

namespace {

std::string rank_text(const std::optional<std::size_t>& r) {
    return r ? std::to_string(*r) : std::string("\xE2\x80\x93");
}

std::string interval_text(const ApplicantSensitivity& a) {
    if (!a.rankable)
        return "not eligible";
    auto end = [](const std::optional<std::size_t>& r) {
        return r ? std::to_string(*r) : std::string("below pass mark");
    };
    return "[" + end(a.rank_lo) + ", " + end(a.rank_hi) + "]";
}

std::vector<std::string> sensitivity_row(const ApplicantSensitivity& a) {
    return {escape_html(a.id.value()),
            rank_text(a.baseline_rank),
            a.baseline_shortlisted ? "in" : "out",
            fixed(a.p_shortlisted, 3),
            rank_text(a.median_rank),
            interval_text(a)};
}

Table sensitivity_table(std::string caption) {
    Table t;
    t.caption = std::move(caption);
    t.head = {"Applicant",      "Baseline rank", "Baseline",
              "P(shortlisted)", "Median rank",   "90% rank interval"};
    t.numeric = {false, true, false, true, true, false};
    return t;
}

void sensitivity_summary(std::string& s, const SensitivityResult& r) {
    const std::string method =
        r.method == Perturbation::Dirichlet
            ? "Dirichlet draws around the rulebook's weights (concentration " +
                  format_shortest(r.parameter) + ")"
            : "each weight perturbed uniformly by up to \xC2\xB1" +
                  format_shortest(r.parameter * 100) + "%";
    s += "<p>" + std::to_string(r.draws) + " alternative weight sets: " + escape_html(method) +
         ", seed " + std::to_string(r.seed) + ". A draw keeps on average " +
         (r.mean_overlap ? percent(*r.mean_overlap) : std::string("\xE2\x80\x93")) + " of the " +
         std::to_string(r.baseline_shortlisted) +
         " shortlisted; Kendall's tau-b against the baseline ranking is " +
         fixed(r.kendall_tau, 3) + " on average (lowest " + fixed(r.kendall_tau_min, 3) + ").</p>";
    s += "<p><strong>Stable core</strong> (shortlisted in at least 95% of draws): " +
         std::to_string(r.stable_core.size()) +
         ". <strong>Boundary</strong> (5% to 95%): " + std::to_string(r.boundary.size()) + ".</p>";
    if (!r.stable_core.empty()) {
        s += "<p class=\"id-list\">";
        for (std::size_t i = 0; i < r.stable_core.size(); ++i)
            s += (i ? ", " : "") + escape_html(r.applicants[r.stable_core[i]].id.value());
        s += "</p>";
    }
}

}  // namespace

void sensitivity_section(std::string& s, const PanelReport& rep) {
    open_section(s, "sensitivity", "Weight sensitivity");
    if (!rep.sensitivity) {
        note(s, "Not computed: no weight draws were asked for (--draws 0).");
        close_section(s);
        return;
    }
    const SensitivityResult& r = *rep.sensitivity;
    sensitivity_summary(s, r);
    svg::Scatter c;
    c.frame.id = "chart-sensitivity";
    c.frame.title = "Probability of being shortlisted against baseline rank";
    c.frame.description =
        "Each eligible applicant at their rank under the rulebook's weights (x) and the share of " +
        std::to_string(r.draws) +
        " weight draws in which they are shortlisted (y). Lines at 95% and 5% bound the stable "
        "core and the boundary.";
    c.frame.x_label = "baseline rank";
    c.y_label = "P(shortlisted)";
    c.frame.legend = {{"point-core", "stable core"},
                      {"point-boundary", "boundary"},
                      {"point-out", "rarely or never"}};
    std::vector<char> kind(r.applicants.size(), 'o');
    for (const auto k : r.stable_core)
        kind[k] = 'c';
    for (const auto k : r.boundary)
        kind[k] = 'b';
    std::size_t last = 1;
    for (std::size_t i = 0; i < r.applicants.size(); ++i) {
        const auto& a = r.applicants[i];
        if (!a.baseline_rank)
            continue;
        last = std::max(last, *a.baseline_rank);
        c.points.push_back({static_cast<double>(*a.baseline_rank), a.p_shortlisted,
                            kind[i] == 'c'   ? "point-core"
                            : kind[i] == 'b' ? "point-boundary"
                                             : "point-out",
                            a.id.value() + ": rank " + std::to_string(*a.baseline_rank) +
                                ", shortlisted in " + percent(a.p_shortlisted) + " of draws"});
    }
    c.x_lo = 0;
    c.x_hi = static_cast<double>(last) + 1;
    c.y_lo = 0;
    c.y_hi = 1;
    c.y_markers = {{0.95, "95%", "marker-soft"}, {0.05, "5%", "marker-soft"}};
    if (r.top)
        c.x_markers.push_back({static_cast<double>(*r.top) + 0.5,
                               "shortlist size " + std::to_string(*r.top), "marker-cut"});
    Table boundary = sensitivity_table("The boundary: shortlisted in 5% to 95% of draws");
    for (const auto k : r.boundary)
        boundary.rows.push_back(sensitivity_row(r.applicants[k]));
    if (boundary.rows.empty())
        boundary.caption = "Nobody is on the boundary";
    s += figure("fig-sensitivity", svg::scatter(c), c.frame.description, boundary);
    Table all = sensitivity_table("Every applicant, in baseline order");
    for (const auto& a : r.applicants)
        all.rows.push_back(sensitivity_row(a));
    s += "<details class=\"more\"><summary>Every applicant (" + std::to_string(all.rows.size()) +
         ")</summary><div class=\"table-scroll\">" + table(all) + "</div></details>";
    close_section(s);
}

namespace {

std::string impact_flags(const GroupImpact& g) {
    std::string f;
    if (g.four_fifths_flag)
        f = "below four fifths";
    if (g.small)
        f += std::string(f.empty() ? "" : "; ") + "small expected count";
    if (g.one_person_shift)
        f += std::string(f.empty() ? "" : "; ") + "rests on one decision";
    if (g.reference)
        f = "reference";
    return f;
}

void fairness_column(std::string& s, const FairnessReport& f, std::size_t column,
                     std::size_t index) {
    const std::string& name = f.stages.front().columns[column].column;
    svg::BarChart c;
    c.frame.id = "chart-fairness-" + std::to_string(index);
    c.frame.title = "Impact ratios by stage: " + name;
    c.frame.description =
        "For each stage and each group of " + name +
        ", the group's selection rate divided by the highest rate (the reference group). A ratio "
        "below the four-fifths line (0.8) is flagged (29 CFR 1607.4(D)). Suppressed groups are "
        "left out.";
    c.frame.x_label = "impact ratio";
    c.frame.legend = {{"bar", "at or above four fifths"}, {"bar-flag", "below four fifths"}};
    c.lo = 0;
    c.hi = 1;
    c.markers = {{0.8, "four fifths", "marker-cut"}};
    Table t;
    t.caption = name + ": selection by stage";
    t.head = {"Stage", "Group", "n", "Selected", "Rate", "Impact ratio", "Fisher p", "Flag"};
    t.numeric = {false, false, true, true, true, true, true, false};
    for (const auto& stage : f.stages) {
        if (column >= stage.columns.size())
            continue;
        for (const auto& g : stage.columns[column].groups) {
            if (g.suppressed) {
                t.rows.push_back({escape_html(stage.stage), escape_html(g.group), "suppressed", "",
                                  "", "", "", ""});
                continue;
            }
            t.rows.push_back({escape_html(stage.stage), escape_html(g.group), std::to_string(g.n),
                              std::to_string(g.selected),
                              g.rate ? percent(*g.rate) : "\xE2\x80\x93", fixed(g.impact_ratio, 2),
                              g.fisher_p ? p_value(*g.fisher_p) : "\xE2\x80\x93",
                              escape_html(impact_flags(g))});
            if (!g.impact_ratio)
                continue;
            c.hi = std::max(c.hi, *g.impact_ratio);
            c.bars.push_back(
                {stage.stage + ": " + g.group, *g.impact_ratio, std::nullopt, std::nullopt,
                 g.four_fifths_flag ? "bar-flag" : "bar",
                 stage.stage + ", " + g.group + ": impact ratio " + fixed(*g.impact_ratio, 2)});
        }
    }
    s += "<h3>";
    append_escaped(s, name);
    s += "</h3>";
    s += figure("fig-fairness-" + std::to_string(index), svg::bar_chart(c), c.frame.description, t);
}

}  // namespace

void fairness_section(std::string& s, const PanelReport& r) {
    open_section(s, "fairness", "Adverse impact by stage");
    if (!r.fairness) {
        note(s, "Not computed: no equality-monitoring file was given (--monitoring).");
        close_section(s);
        return;
    }
    const FairnessReport& f = *r.fairness;
    s += "<p>" + std::to_string(f.applicants) + " applicants, " +
         std::to_string(f.without_monitoring) + " without a monitoring row. Groups of fewer than " +
         std::to_string(f.options.disclosure) +
         " applicants are suppressed so that nobody can be identified. Stages:</p><ul>";
    for (const auto& st : f.stages)
        s += "<li><strong>" + escape_html(st.stage) + "</strong>: " + escape_html(st.definition) +
             " (" + std::to_string(st.selected) + " applicants)</li>";
    s += "</ul>";
    if (f.stages.empty()) {
        note(s, "No stage could be told apart.");
    } else {
        for (std::size_t k = 0; k < f.stages.front().columns.size(); ++k)
            fairness_column(s, f, k, k);
    }
    for (const auto& n : f.notes)
        note(s, n);
    close_section(s);
}

}  // namespace shortlist::detail::html

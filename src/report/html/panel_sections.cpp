// The report's panel sections: agreement per criterion, the moderation
// worklist and assessor severity (docs/report.md; the statistics are
// agreement.hpp's and calibration.hpp's).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "report/html/escape.hpp"
#include "report/html/sections.hpp"
#include "report/html/svg.hpp"
#include "util/number.hpp"

namespace shortlist::detail::html {

namespace {

constexpr std::string_view no_ratings =
    "Not computed: no ratings were given (--ratings, or ratings in the applicants file).";

std::string with_ci(const std::optional<double>& v, const std::optional<Interval>& ci) {
    std::string s = fixed(v, 2);
    if (v && ci)
        s +=
            " <span class=\"ci\">[" + fixed(ci->lower, 2) + ", " + fixed(ci->upper, 2) + "]</span>";
    return s;
}

}  // namespace

void agreement_section(std::string& s, const PanelReport& r) {
    open_section(s, "agreement", "Agreement per criterion");
    if (!r.calibration || r.calibration->criteria.empty()) {
        note(s, no_ratings);
        close_section(s);
        return;
    }
    svg::BarChart c;
    c.frame.id = "chart-agreement";
    c.frame.title = "ICC(2,1) per criterion with its 95% interval";
    c.frame.description =
        "Intraclass correlation ICC(2,1), absolute agreement of single ratings (Shrout and "
        "Fleiss 1979), for each criterion, with its 95% confidence interval. Lines mark 0.5 "
        "and 0.75, the lower limits of moderate and good reliability (Koo and Li 2016).";
    c.frame.x_label = "ICC(2,1)";
    c.lo = 0;
    c.hi = 1;
    c.markers = {{0.5, "moderate 0.5", "marker-soft"}, {0.75, "good 0.75", "marker-soft"}};
    Table t;
    t.caption = "Agreement per criterion (95% intervals in brackets)";
    t.head = {"Criterion",
              "Applicants",
              "Assessors",
              "Ratings",
              "ICC(2,1)",
              "ICC(3,1)",
              "Krippendorff's alpha (interval)"};
    t.numeric = {false, true, true, true, true, true, true};
    std::vector<std::string> notes;
    for (const auto& a : r.calibration->criteria) {
        std::optional<double> icc2, icc3;
        std::optional<Interval> ci2, ci3;
        if (a.icc.icc2_1) {
            icc2 = a.icc.icc2_1->value;
            ci2 = a.icc.icc2_1->ci;
        }
        if (a.icc.icc3_1) {
            icc3 = a.icc.icc3_1->value;
            ci3 = a.icc.icc3_1->ci;
        }
        const AlphaResult& alpha = a.alpha[2];  // interval metric
        t.rows.push_back({escape_html(a.name), std::to_string(a.n_applicants),
                          std::to_string(a.n_assessors), std::to_string(a.n_ratings),
                          with_ci(icc2, ci2), with_ci(icc3, ci3), with_ci(alpha.alpha, alpha.ci)});
        if (icc2) {
            c.lo = std::min(c.lo, std::max(-1.0, ci2 ? ci2->lower : *icc2));
            c.bars.push_back({a.name, *icc2, ci2 ? std::optional(ci2->lower) : std::nullopt,
                              ci2 ? std::optional(ci2->upper) : std::nullopt,
                              *icc2 < 0.5 ? "bar-flag" : "bar",
                              a.name + ": ICC(2,1) " + fixed(*icc2, 2)});
        }
        for (const auto& n : a.notes)  // those of the statistics shown
            if (n.starts_with("ICC") || n.starts_with("alpha (interval)"))
                notes.push_back(a.name + ", " + n);
    }
    s += figure("fig-agreement", svg::bar_chart(c), c.frame.description, t);
    if (!notes.empty()) {
        s += "<details class=\"notes\"><summary>Notes on the statistics (" +
             std::to_string(notes.size()) + ")</summary><ul>";
        for (const auto& n : notes)
            s += "<li>" + escape_html(n) + "</li>";
        s += "</ul></details>";
    }
    close_section(s);
}

void moderation_section(std::string& s, const PanelReport& r) {
    open_section(s, "moderation", "Moderation worklist");
    if (!r.calibration) {
        note(s, no_ratings);
        close_section(s);
        return;
    }
    const RatingTable& table = r.calibration->table;
    const Moderation& m = r.calibration->moderation;
    s += "<p>Ratings of one applicant on one criterion more than " + fixed(m.threshold, 2) +
         " scale points apart: " + std::to_string(m.cases.size()) +
         (m.cases.size() == 1 ? " case" : " cases") + " for the panel to moderate.</p>";
    if (!m.cases.empty()) {
        Table t;
        t.caption = "Cases to moderate, by applicant";
        t.head = {"Applicant", "Criterion", "Ratings (assessor: score)", "Spread"};
        t.numeric = {false, false, false, true};
        for (const auto& c : m.cases) {
            std::string ratings;
            for (std::size_t k = 0; k < c.assessors.size(); ++k)
                ratings += (k ? ", " : "") + escape_html(table.assessors[c.assessors[k]].view()) +
                           ": " + format_trimmed(c.scores[k]);
            t.rows.push_back({escape_html(table.applicants[c.applicant].view()),
                              escape_html(table.criteria[c.criterion].view()), ratings,
                              fixed(c.spread, 2)});
        }
        s += "<div class=\"table-scroll\">" + html::table(t) + "</div>";
    }
    if (m.assessors.empty()) {
        note(s,
             "No assessor's severity differs from the panel's both significantly and by at "
             "least " +
                 fixed(m.min_severity, 2) + " scale points.");
    } else {
        s += "<p>Assessors whose severity differs from the panel's (Bonferroni-corrected, family "
             "level " +
             fixed(m.alpha, 2) + ", at least " + fixed(m.min_severity, 2) +
             " scale points):</p><ul>";
        for (const auto& f : m.assessors)
            s += "<li>" + escape_html(r.calibration->effects.assessors[f.assessor].id.view()) +
                 " (z = " + fixed(f.z, 2) +
                 (f.p < 0.001 ? ", p &lt; 0.001" : ", p = " + fixed(f.p, 3)) + ")</li>";
        s += "</ul>";
    }
    close_section(s);
}

void severity_section(std::string& s, const PanelReport& r) {
    open_section(s, "severity", "Assessor severity");
    if (!r.calibration) {
        note(s, no_ratings);
        close_section(s);
        return;
    }
    const AssessorEffects& fx = r.calibration->effects;
    const bool rasch = fx.model == EffectsModel::Rasch;
    const std::string unit = rasch ? "logits" : "scale points";
    svg::BarChart c;
    c.frame.id = "chart-severity";
    c.frame.title = "Severity of each assessor with its 95% interval";
    c.frame.description = "Each assessor's severity (" + std::string(to_string(fx.model)) +
                          " model, " + unit +
                          "): positive marks lower than the panel for the same applicant and "
                          "criterion, negative higher; the interval is the severity plus or "
                          "minus 1.96 standard errors.";
    c.frame.x_label = "severity (" + unit + "); + harsher, \xE2\x88\x92 more lenient";
    c.frame.legend = {{"bar", "within the panel"}, {"bar-flag", "flagged for moderation"}};
    double extent = 0.5;
    Table t;
    t.caption = "Assessor effects (" + std::string(to_string(fx.model)) + " model)";
    t.head = {"Assessor",     "Ratings",    "Severity", "Standard error",
              "95% interval", "Adjustment", "Flagged"};
    t.numeric = {false, true, true, true, false, true, false};
    for (std::size_t k = 0; k < fx.assessors.size(); ++k) {
        const AssessorEffect& a = fx.assessors[k];
        bool flagged = false;
        for (const auto& f : r.calibration->moderation.assessors)
            flagged = flagged || f.assessor == k;
        std::optional<double> lo, hi;
        if (a.se) {
            lo = a.severity - 1.96 * *a.se;
            hi = a.severity + 1.96 * *a.se;
            extent = std::max({extent, -*lo, *hi});
        }
        extent = std::max(extent, std::abs(a.severity));
        t.rows.push_back({escape_html(a.id.view()), std::to_string(a.n_ratings),
                          fixed(a.severity, 3), fixed(a.se, 3),
                          lo ? "[" + fixed(*lo, 2) + ", " + fixed(*hi, 2) + "]" : "\xE2\x80\x93",
                          fixed(a.adjustment, 3), flagged ? "yes" : ""});
        c.bars.push_back({a.id.value(), a.severity, lo, hi, flagged ? "bar-flag" : "bar",
                          a.id.value() + ": severity " + fixed(a.severity, 3) + " " + unit});
    }
    const double step = extent > 2 ? 1.0 : 0.25;
    extent = std::ceil(extent / step) * step;
    c.lo = -extent;
    c.hi = extent;
    if (!fx.usable())
        note(s,
             "The model's estimates are not usable (see the notes): severities are shown but "
             "mean little.");
    s += figure("fig-severity", svg::bar_chart(c), c.frame.description, t);
    for (const auto& n : fx.notes)
        note(s, n);
    close_section(s);
}

}  // namespace shortlist::detail::html

// The HTML report's document: head, header, the sections in order, and the
// builders they share (docs/report.md).
#include <array>
#include <ostream>
#include <string>

#include "report/html/escape.hpp"
#include "report/html/sections.hpp"
#include "shortlist/report/html.hpp"
#include "shortlist/report/text_table.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace detail::html {

std::string fixed(double v, int decimals) {
    return format_fixed(v, decimals);
}

std::string fixed(const std::optional<double>& v, int decimals) {
    return v ? format_fixed(*v, decimals) : std::string("\xE2\x80\x93");
}

std::string status_badge(ShortlistStatus st) {
    return "<span class=\"badge badge-" + std::string(to_string(st)) + "\">" +
           std::string(status_words(st)) + "</span>";
}

std::string p_value(double p) {
    return p < 0.001 ? std::string("&lt; 0.001") : format_fixed(p, 3);
}

std::string percent(double share) {
    return format_fixed(share * 100, 1) + "%";
}

std::string table(const Table& t) {
    std::string s = "<table class=\"" + t.css_class + "\">";
    if (!t.caption.empty())
        s += "<caption>" + escape_html(t.caption) + "</caption>";
    auto cell = [&](std::string_view open, std::string_view tag, std::size_t column,
                    const std::string& html) {
        const bool num = column < t.numeric.size() && t.numeric[column];
        s += open;
        s += num ? " class=\"num\">" : ">";
        s += html;
        s += "</";
        s += tag;
        s += '>';
    };
    s += "<thead><tr>";
    for (std::size_t c = 0; c < t.head.size(); ++c)
        cell("<th scope=\"col\"", "th", c, escape_html(t.head[c]));
    s += "</tr></thead><tbody>";
    for (const auto& row : t.rows) {
        s += "<tr>";
        for (std::size_t c = 0; c < row.size(); ++c)
            cell("<td", "td", c, row[c]);
        s += "</tr>";
    }
    s += "</tbody></table>";
    return s;
}

std::string figure(std::string_view id, const std::string& svg, std::string_view caption,
                   const Table& data) {
    // A table of more than four columns goes under the chart, not beside it.
    std::string s = data.head.size() > 4 ? "<figure class=\"chart-figure stacked\" id=\""
                                         : "<figure class=\"chart-figure\" id=\"";
    append_escaped(s, id);
    s += "\"><div class=\"chart\">" + svg + "</div><div class=\"chart-data\">" + table(data) +
         "</div><figcaption>";
    append_escaped(s, caption);
    s += "</figcaption></figure>";
    return s;
}

void open_section(std::string& s, std::string_view id, std::string_view heading) {
    s += "<section id=\"";
    append_escaped(s, id);
    s += "\"><h2>";
    append_escaped(s, heading);
    s += "</h2>";
}

void close_section(std::string& s) {
    s += "</section>\n";
}

void note(std::string& s, std::string_view text) {
    s += "<p class=\"note\">";
    append_escaped(s, text);
    s += "</p>";
}

Cut cut_of(const PanelReport& r) {
    Cut c;
    c.pass_mark = r.rulebook.shortlist.pass_mark;
    for (const auto& e : r.shortlist.entries) {
        if (e.status != ShortlistStatus::Shortlisted)
            continue;
        const double t = r.shortlist.outcomes[e.outcome].total;
        if (!c.cut_off || t < *c.cut_off)
            c.cut_off = t;
    }
    return c;
}

namespace {

void head(std::string& s, const PanelReport& r) {
    const Rulebook& rb = r.rulebook;
    const std::string title = "Shortlist report: " + (rb.title.empty() ? rb.id : rb.title);
    s += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"shortlist\">\n<title>";
    append_escaped(s, title);
    s += "</title>\n<style>\n";
    s += stylesheet();
    s += "</style>\n</head>\n<body>\n<header class=\"masthead\"><p class=\"kicker\">"
         "Shortlist report for the panel</p><h1>";
    append_escaped(s, rb.title.empty() ? rb.id : rb.title);
    s += "</h1><p class=\"meta\">";
    std::string meta = "rulebook " + rb.id;
    if (!rb.version.empty())
        meta += ", version " + rb.version;
    if (!rb.organisation.empty())
        meta += " \xC2\xB7 " + rb.organisation;
    if (!rb.grade.empty())
        meta += " \xC2\xB7 " + rb.grade;
    append_escaped(s, meta);
    s += "</p></header>\n<nav aria-label=\"Sections\"><ol>";
    static constexpr std::array<std::string_view, 10> headings{
        "Shortlist",          "Distribution of totals",
        "Group scores",       "Agreement",
        "Moderation",         "Assessor severity",
        "Weight sensitivity", "Adverse impact",
        "Explanations",       "Audit"};
    const auto& ids = html_section_ids();
    for (std::size_t i = 0; i < ids.size(); ++i)
        s += "<li><a href=\"#" + ids[i] + "\">" + std::string(headings[i]) + "</a></li>";
    s += "</ol></nav>\n<main>\n";
    for (const auto& n : r.notes)
        note(s, n);
}

}  // namespace

}  // namespace detail::html

const std::vector<std::string>& html_section_ids() {
    static const std::vector<std::string> ids{
        "summary",  "distribution", "groups",   "agreement",    "moderation",
        "severity", "sensitivity",  "fairness", "explanations", "audit"};
    return ids;
}

void write_html(std::ostream& out, const PanelReport& report, const AuditRecord* audit,
                std::string_view reproduce) {
    using namespace detail::html;
    std::string s;
    s.reserve(1 << 20);
    head(s, report);
    summary_section(s, report);
    distribution_section(s, report);
    groups_section(s, report);
    agreement_section(s, report);
    moderation_section(s, report);
    severity_section(s, report);
    sensitivity_section(s, report);
    fairness_section(s, report);
    explanations_section(s, report);
    audit_section(s, audit, reproduce);
    s += "</main>\n<footer><p>Written by shortlist. Self-contained: no scripts, no requests; "
         "every chart has its data table beside it.</p></footer>\n</body>\n</html>\n";
    out << s;
}

ScoreResults results_of(const Shortlist& shortlist) {
    ScoreResults results;
    results.gates_known = true;
    results.passed_known = true;
    results.source = "(the shortlist in memory)";
    results.records.reserve(shortlist.entries.size());
    for (const auto& e : shortlist.entries) {
        const Outcome& o = shortlist.outcomes[e.outcome];
        ResultRecord rec;
        rec.applicant_id = o.id;
        rec.status = std::string(to_string(e.status));
        rec.passed_gates = o.failed_gates.empty();
        // "kind:id", as fairness reads the score output; the pass mark has no id.
        for (const auto& g : o.failed_gates)
            rec.failed_gates.push_back(g.kind == GateFailure::Kind::PassMark
                                           ? std::string(to_string(g.kind))
                                           : std::string(to_string(g.kind)) + ':' + g.id);
        results.records.push_back(std::move(rec));
    }
    return results;
}

}  // namespace shortlist

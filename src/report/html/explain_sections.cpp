// The report's last sections: each applicant's explanation (a collapsible
// <details> each) and the audit record (docs/report.md).
#include <sstream>
#include <string>
#include <vector>

#include "report/html/escape.hpp"
#include "report/html/sections.hpp"
#include "util/number.hpp"

namespace shortlist::detail::html {

namespace {

/// The rulebook's criteria, once (the breakdowns name them by id).
std::string criteria_table(const Rulebook& rb) {
    Table t;
    t.caption = "The criteria";
    t.head = {"Criterion", "Group", "Weight in group", "Minimum", "What it asks"};
    t.numeric = {false, false, true, true, false};
    t.css_class = "data compact";
    for (const auto& c : rb.criteria)
        t.rows.push_back({"<span class=\"crit-id\">" + escape_html(c.id.value()) + "</span>",
                          std::string(to_string(c.group)), format_trimmed(c.weight),
                          c.minimum ? format_trimmed(*c.minimum) : "", escape_html(c.text)});
    return "<details class=\"more\"><summary>The criteria (" + std::to_string(t.rows.size()) +
           ")</summary>" + table(t) + "</details>";
}

/// The per-criterion breakdown of one applicant.
std::string breakdown(const Rulebook& rb, const Outcome& o) {
    const bool geometric = rb.aggregation == Aggregation::WeightedGeometricMean;
    Table t;
    t.caption = "How the total was made";
    t.head = {"Criterion", "Group",          "Status",
              "Raw",       "Share of total", geometric ? "Factor" : "Points",
              "Assessors"};
    t.numeric = {false, false, false, true, true, true, true};
    t.css_class = "data compact";
    for (const auto& c : o.criteria) {
        t.rows.push_back({escape_html(c.id.value()), std::string(to_string(c.group)),
                          std::string(to_string(c.status)), fixed(c.raw, 2),
                          percent(c.effective_weight), fixed(c.contribution, geometric ? 3 : 2),
                          std::to_string(c.assessors)});
    }
    return table(t);
}

std::string summary_line(const Shortlist& sl, const ShortlistEntry& e) {
    const Outcome& o = sl.outcomes[e.outcome];
    std::string s = "<summary><span class=\"rank\">" +
                    (e.rank ? "#" + std::to_string(*e.rank) : std::string("\xE2\x80\x93")) +
                    "</span> <span class=\"aid\">" + escape_html(o.id.value()) + "</span> " +
                    status_badge(e.status) + " <span class=\"total\">" + fixed(o.total, 2) +
                    "</span></summary>";
    return s;
}

}  // namespace

void explanations_section(std::string& s, const PanelReport& r) {
    const Shortlist& sl = r.shortlist;
    open_section(s, "explanations", "Explanations");
    s += "<p>Every applicant in shortlist order: why they are where they are, and the "
         "criterion by criterion make-up of their total. Open an applicant to read it.</p>";
    s += criteria_table(r.rulebook);
    const bool what = r.what_it_takes.size() == sl.entries.size();
    for (std::size_t i = 0; i < sl.entries.size(); ++i) {
        const ShortlistEntry& e = sl.entries[i];
        const Outcome& o = sl.outcomes[e.outcome];
        s += "<details class=\"applicant\" id=\"applicant-" + std::to_string(i) + "\">" +
             summary_line(sl, e) + "<div class=\"explain\"><ul class=\"reasons\">";
        for (const auto& reason : e.reasons)
            s += "<li>" + escape_html(reason) + "</li>";
        s += "</ul>";
        if (what && !r.what_it_takes[i].reason.empty()) {
            s += "<p class=\"what\"><strong>What it takes:</strong> ";
            append_escaped(s, r.what_it_takes[i].reason);
            s += "</p>";
        }
        if (!o.conditions.empty()) {
            s += "<p><strong>Conditions after appointment:</strong> ";
            for (std::size_t k = 0; k < o.conditions.size(); ++k)
                s += (k ? "; " : "") + escape_html(o.conditions[k]);
            s += "</p>";
        }
        if (!o.criteria.empty())
            s += breakdown(r.rulebook, o);
        s += "</div></details>\n";
    }
    close_section(s);
}

void audit_section(std::string& s, const AuditRecord* audit, std::string_view reproduce) {
    open_section(s, "audit", "Audit");
    if (audit == nullptr) {
        note(s, "No audit record: this report was not written by an audited run.");
        close_section(s);
        return;
    }
    s += "<p>What this report was made from: the command, every input with its SHA-256, the "
         "rulebook as applied, the seed and the time of the run.";
    if (!reproduce.empty()) {
        s += " Reproduce it byte for byte with <code>";
        append_escaped(s, reproduce);
        s += "</code>.";
    }
    s += "</p><pre class=\"audit\" id=\"audit-record\">";
    std::ostringstream json;
    write_json(json, *audit);
    append_escaped(s, json.str());
    s += "</pre>";
    close_section(s);
}

}  // namespace shortlist::detail::html

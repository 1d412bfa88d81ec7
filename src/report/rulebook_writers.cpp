// The rules command's report: the rulebook as it will be applied.
#include <ostream>
#include <string>

#include "shortlist/report/rulebook.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

/// Each interpretation as a block: the quotation, the reading taken, the
/// alternative not taken (docs/rulebook.md, "Interpretations").
void write_interpretations(std::ostream& out, const Rulebook& rb) {
    out << "interpretations (the profile's words read one way; the force may choose the "
           "other): "
        << rb.interpretations.size() << '\n';
    for (const auto& in : rb.interpretations) {
        out << "  - " << in.id;
        if (!in.about.empty()) {
            out << " (about";
            for (const auto& a : in.about)
                out << ' ' << a;
            out << ')';
        }
        out << "\n      profile: \"" << in.seed_text << "\" (" << in.source << ")\n"
            << "      reading: " << in.reading << "\n"
            << "      alternative: " << in.alternative << '\n';
    }
}

}  // namespace

void write_text(std::ostream& out, const Rulebook& rb) {
    out << rb.id << " — " << rb.title;
    if (!rb.organisation.empty())
        out << ", " << rb.organisation;
    if (!rb.version.empty())
        out << " (version " << rb.version << ")";
    out << '\n';
    if (!rb.source.empty())
        out << "source: " << rb.source << '\n';
    out << "aggregation: " << to_string(rb.aggregation) << '\n';
    out << "pass mark: "
        << (rb.shortlist.pass_mark ? detail::format_shortest(*rb.shortlist.pass_mark) : "none")
        << "; top: " << (rb.shortlist.top ? std::to_string(*rb.shortlist.top) : "all")
        << "; ties: " << to_string(rb.shortlist.ties) << '\n';
    out << "eligibility conditions: " << rb.eligibility.size() << '\n';
    for (const auto& c : rb.eligibility)
        out << "  - " << c.id << (c.text.empty() ? "" : ": " + c.text)
            << (c.stage ? " [" + std::string(to_string(*c.stage)) + "]" : "") << '\n';
    const auto eff = effective_weights(rb);
    out << "criteria (share of the total):\n";
    for (std::size_t i = 0; i < rb.criteria.size(); ++i) {
        const auto& c = rb.criteria[i];
        out << "  " << to_string(c.group) << "  " << c.id.value() << "  "
            << detail::format_fixed(100 * eff[i], 2) << "%";
        if (c.minimum)
            out << "  minimum " << detail::format_shortest(*c.minimum);
        if (c.may_be_met_later)
            out << "  (may be met later)";
        if (c.stage)
            out << "  [" << to_string(*c.stage) << "]";
        if (c.from_fact)
            out << "  (from fact " << c.from_fact->fact << ")";
        if (c.competency && c.competency->rated_on == RatedOn::Level)
            out << "  (rated on the levels of " << c.competency->framework << "; requires "
                << c.competency->level << ")";
        out << '\n';
    }
    if (!rb.monitoring_only.empty()) {
        out << "monitoring only (dropped from the applicants file, never scored):";
        for (const auto& col : rb.monitoring_only)
            out << ' ' << col;
        out << '\n';
    }
    if (!rb.interpretations.empty())
        write_interpretations(out, rb);
}

void write_json(std::ostream& os, const Rulebook& rulebook) {
    os << to_json(rulebook);
}

}  // namespace shortlist

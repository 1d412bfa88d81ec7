// Reports: byte-deterministic CSV and JSON. Numbers go through
// detail/number.hpp (std::to_chars), never through the stream's locale.
#include "shortlist/report.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "detail/json.hpp"
#include "detail/number.hpp"

namespace shortlist {

namespace {

constexpr int decimals = 6;

std::string_view to_string(GateFailure::Kind k) {
    switch (k) {
        case GateFailure::Kind::Eligibility:
            return "eligibility";
        case GateFailure::Kind::Minimum:
            return "minimum";
        case GateFailure::Kind::NoEvidence:
            return "no_evidence";
        case GateFailure::Kind::PassMark:
            return "pass_mark";
    }
    return "unknown";
}

/// One CSV cell. Text a spreadsheet would run as a formula (starting with
/// = + - @, tab or carriage return) gets a leading single quote (OWASP, "CSV
/// injection"): applicant ids come from applicants. Then RFC 4180 quoting if
/// the cell holds a comma, a double quote or a line break.
std::string csv_cell(std::string_view text) {
    std::string cell;
    cell.reserve(text.size() + 3);
    if (!text.empty()) {
        const char c = text.front();
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r')
            cell += '\'';
    }
    cell += text;
    if (cell.find_first_of(",\"\r\n") == std::string::npos)
        return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            s += "; ";
        s += parts[i];
    }
    return s;
}

/// A 0..1 score as 0..100 with six decimals.
std::string percent(double v) {
    return detail::format_fixed(100.0 * v, decimals);
}

void write_criteria(detail::JsonWriter& json, const Outcome& o) {
    json.key("criteria").begin_array();
    for (const CriterionResult& c : o.criteria) {
        json.begin_object();
        json.key("id").value(c.id.value());
        json.key("group").value(to_string(c.group));
        json.key("status").value(to_string(c.status));
        json.key("raw");
        if (c.raw)
            json.value(*c.raw, decimals);
        else
            json.null();
        json.key("normalised").value(c.normalised, decimals);
        json.key("weight").value(c.weight);
        json.key("effective_weight").value(c.effective_weight, decimals);
        json.key("contribution").value(c.contribution, decimals);
        json.key("assessors").value(static_cast<std::uint64_t>(c.assessors));
        json.key("indicators_ticked").begin_array();
        for (const std::string& id : c.indicators_ticked)
            json.value(id);
        json.end_array();
        json.end_object();
    }
    json.end_array();
}

}  // namespace

void write_csv(std::ostream& out, const Rulebook& /*rulebook*/, const Shortlist& shortlist) {
    std::string line =
        "rank,applicant_id,status,total,essential,desirable,competency,conditions,"
        "reasons\n";
    out << line;
    for (const Entry& e : shortlist.entries) {
        const Outcome& o = shortlist.outcomes[e.outcome];
        line.clear();
        if (e.rank)
            line += std::to_string(*e.rank);
        line += ',';
        line += csv_cell(o.id.value());
        line += ',';
        line += to_string(e.status);
        line += ',';
        line += detail::format_fixed(o.total, decimals);
        for (const auto& g : o.groups) {
            line += ',';
            if (g)
                line += percent(*g);
        }
        line += ',';
        line += csv_cell(join(o.conditions));
        line += ',';
        line += csv_cell(join(e.reasons));
        line += '\n';
        out << line;
    }
}

void write_json(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                const ReportOptions& options) {
    detail::JsonWriter json(out);
    json.begin_object();
    json.key("rulebook").begin_object();
    json.key("id").value(rulebook.id);
    json.key("version").value(rulebook.version);
    json.key("aggregation").value(to_string(rulebook.aggregation));
    json.end_object();
    json.key("top");
    if (shortlist.top)
        json.value(static_cast<std::uint64_t>(*shortlist.top));
    else
        json.null();
    json.key("shortlisted").value(static_cast<std::uint64_t>(shortlist.shortlisted));
    json.key("applicants").begin_array();
    for (const Entry& e : shortlist.entries) {
        const Outcome& o = shortlist.outcomes[e.outcome];
        json.begin_object();
        json.key("rank");
        if (e.rank)
            json.value(static_cast<std::uint64_t>(*e.rank));
        else
            json.null();
        json.key("applicant_id").value(o.id.value());
        json.key("status").value(to_string(e.status));
        json.key("total").value(o.total, decimals);
        json.key("groups").begin_object();
        for (std::size_t g = 0; g < group_count; ++g) {
            json.key(to_string(static_cast<Group>(g)));
            if (o.groups[g])
                json.value(100.0 * *o.groups[g], decimals);
            else
                json.null();
        }
        json.end_object();
        json.key("conditions").begin_array();
        for (const std::string& c : o.conditions)
            json.value(c);
        json.end_array();
        json.key("reasons").begin_array();
        for (const std::string& r : e.reasons)
            json.value(r);
        json.end_array();
        json.key("failed_gates").begin_array();
        for (const GateFailure& g : o.failed_gates) {
            json.begin_object();
            json.key("kind").value(to_string(g.kind));
            json.key("id").value(g.id);
            json.key("message").value(g.message);
            json.end_object();
        }
        json.end_array();
        if (options.explain)
            write_criteria(json, o);
        json.end_object();
    }
    json.end_array();
    json.end_object();
    json.finish();
}

}  // namespace shortlist

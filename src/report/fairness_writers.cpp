// The fairness report's writers: text, JSON and CSV tables (docs/fairness.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "shortlist/report/fairness.hpp"

namespace shortlist {

namespace {

using namespace report;
using detail::JsonWriter;

constexpr std::array<std::string_view, 3> table_names{"impact.csv", "attribution.csv", "notes.csv"};

std::string fixed(const std::optional<double>& v, int decimals) {
    return v ? detail::format_fixed(*v, decimals) : "-";
}

/// Padded to `width` code points (so that a group name in UTF-8 lines up),
/// on the left or the right.
std::string align(std::string s, std::size_t width, bool right) {
    std::size_t chars = 0;
    for (const char c : s)
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (chars >= width)
        return s + (right ? "" : " ");
    const std::string fill(width - chars, ' ');
    return right ? fill + s : s + fill;
}

// ------------------------------------------------------------------ text

void write_header(std::ostream& os, const AdverseImpactReport& report) {
    const FairnessReport& r = report.impact;
    os << "adverse impact: " << r.applicants << " applicants in " << report.results_file << ", "
       << report.monitoring_columns << " monitoring column"
       << (report.monitoring_columns == 1 ? "" : "s") << " in " << report.monitoring_file << '\n'
       << "flag: rate below four fifths of the reference (highest-rate) group's "
          "(29 CFR 1607.4(D));\n"
          "fisher_p, z: against the reference group; small: an expected count below "
       << detail::format_shortest(r.options.min_expected)
       << " (z unreliable);\none-person shift: one different selection would reverse the "
          "difference\n";
}

void write_group(std::ostream& os, const GroupImpact& g, std::size_t width) {
    os << "    " << align(g.group, width, false);
    if (g.suppressed) {
        os << align("n/a", 7, true) << align("n/a", 10, true) << "  suppressed\n";
        return;
    }
    os << align(std::to_string(g.n), 7, true) << align(std::to_string(g.selected), 10, true)
       << align(fixed(g.rate, 3), 8, true) << align(fixed(g.impact_ratio, 3), 8, true)
       << align(g.four_fifths_flag ? "4/5" : "", 6, true)
       << align(!g.fisher_p            ? "-"
                : *g.fisher_p < 0.0001 ? "<0.0001"
                                       : detail::format_fixed(*g.fisher_p, 4),
                10, true)
       << align(fixed(g.z, 2), 8, true);
    if (g.reference)
        os << "  reference";
    if (g.small)
        os << "  small";
    if (g.one_person_shift)
        os << "  one-person shift";
    os << '\n';
}

void write_stages(std::ostream& os, const FairnessReport& r, std::size_t width) {
    for (const auto& stage : r.stages) {
        os << "\nstage " << stage.stage << ": " << stage.definition << " (" << stage.selected
           << " of " << r.applicants << ")\n";
        for (const auto& col : stage.columns) {
            os << "  " << col.column
               << " (reference group: " << (col.reference_group ? *col.reference_group : "none")
               << ")\n"
               << "    " << align("group", width, false) << align("n", 7, true)
               << align("selected", 10, true) << align("rate", 8, true) << align("ratio", 8, true)
               << align("flag", 6, true) << align("fisher_p", 10, true) << align("z", 8, true)
               << '\n';
            for (const auto& g : col.groups)
                write_group(os, g, width);
        }
    }
}

void write_attribution(std::ostream& os, const FairnessReport& r, std::size_t width) {
    os << "\nattribution: the gate that removes the largest share of each group, and the one "
          "that removes\nmost more of it than of the reference group (\"rank\": passed every "
          "gate, not shortlisted)\n";
    for (const auto& col : r.attribution) {
        os << "  " << col.column << '\n';
        for (const auto& g : col.groups) {
            os << "    " << align(g.group, width, false);
            if (g.suppressed) {
                os << "suppressed\n";
                continue;
            }
            if (!g.largest) {
                os << "nobody removed\n";
                continue;
            }
            const GateShare& top = g.gates.front();
            os << top.gate << " removes " << top.failed << " of " << g.n << " ("
               << detail::format_fixed(100 * top.share, 1) << "%)";
            if (g.largest_excess)
                for (const auto& s : g.gates)
                    if (s.gate == *g.largest_excess)
                        os << "; widest gap: " << s.gate << " (+"
                           << detail::format_fixed(100 * *s.excess, 1) << " points)";
            os << '\n';
        }
    }
}

// ------------------------------------------------------------------ JSON

void optional_number(JsonWriter& j, const std::optional<double>& v, int decimals) {
    if (v && std::isfinite(*v))
        j.value(*v, decimals);
    else
        j.null();
}

/// `"<column>": {"reference_group": ..., "groups": {` (closed by the caller).
void begin_column(JsonWriter& j, const std::string& column,
                  const std::optional<std::string>& reference) {
    j.key(column).begin_object();
    j.key("reference_group");
    if (reference)
        j.value(*reference);
    else
        j.null();
    j.key("groups").begin_object();
}

void write_group(JsonWriter& j, const GroupImpact& g) {
    j.key(g.group).begin_object();
    if (g.suppressed) {
        for (auto k : {"n", "selected", "rate", "impact_ratio", "four_fifths_flag", "fisher_p", "z",
                       "small", "one_person_shift"})
            j.key(k).null();
    } else {
        json_count(j.key("n"), g.n);
        json_count(j.key("selected"), g.selected);
        optional_number(j.key("rate"), g.rate, 6);
        optional_number(j.key("impact_ratio"), g.impact_ratio, 6);
        j.key("four_fifths_flag").value(g.four_fifths_flag);
        json_number(j.key("fisher_p"), g.fisher_p);
        optional_number(j.key("z"), g.z, 6);
        j.key("small").value(g.small);
        j.key("one_person_shift").value(g.one_person_shift);
    }
    j.key("suppressed").value(g.suppressed);
    j.end_object();
}

void write_stages(JsonWriter& j, const FairnessReport& r) {
    j.key("stage_definitions").begin_object();
    for (const auto& stage : r.stages)
        j.key(stage.stage).value(stage.definition);
    j.end_object();
    j.key("stages").begin_object();
    for (const auto& stage : r.stages) {
        j.key(stage.stage).begin_object();
        for (const auto& col : stage.columns) {
            begin_column(j, col.column, col.reference_group);
            for (const auto& g : col.groups)
                write_group(j, g);
            j.end_object();
            j.end_object();
        }
        j.end_object();
    }
    j.end_object();
}

void write_attribution(JsonWriter& j, const GroupAttribution& g) {
    j.key(g.group).begin_object();
    j.key("suppressed").value(g.suppressed);
    if (!g.suppressed) {
        json_count(j.key("n"), g.n);
        j.key("largest");
        g.largest ? j.value(*g.largest) : j.null();
        j.key("largest_excess");
        g.largest_excess ? j.value(*g.largest_excess) : j.null();
        j.key("gates").begin_object();
        for (const auto& s : g.gates) {
            j.key(s.gate).begin_object();
            json_count(j.key("failed"), s.failed);
            j.key("share").value(s.share, 6);
            optional_number(j.key("excess"), s.excess, 6);
            j.end_object();
        }
        j.end_object();
    }
    j.end_object();
}

// ------------------------------------------------------------------ CSV

void impact_csv(std::ostream& os, const FairnessReport& r) {
    os << "stage,column,group,reference_group,n,selected,rate,impact_ratio,four_fifths_flag,"
          "fisher_p,z,small,one_person_shift,suppressed\n";
    for (const auto& stage : r.stages)
        for (const auto& col : stage.columns)
            for (const auto& g : col.groups) {
                os << stage.stage << ',' << csv_text(col.column) << ',' << csv_text(g.group) << ','
                   << csv_text(col.reference_group.value_or("")) << ',';
                if (g.suppressed) {
                    os << ",,,,,,,,,true\n";
                    continue;
                }
                os << g.n << ',' << g.selected << ',' << csv_number(g.rate) << ','
                   << csv_number(g.impact_ratio) << ',' << (g.four_fifths_flag ? "true" : "false")
                   << ',' << csv_number(g.fisher_p) << ',' << csv_number(g.z) << ','
                   << (g.small ? "true" : "false") << ',' << (g.one_person_shift ? "true" : "false")
                   << ",false\n";
            }
}

void attribution_csv(std::ostream& os, const FairnessReport& r) {
    os << "column,group,n,gate,failed,share,excess,suppressed\n";
    for (const auto& col : r.attribution)
        for (const auto& g : col.groups) {
            const std::string lead = csv_text(col.column) + ',' + csv_text(g.group) + ',';
            if (g.suppressed) {
                os << lead << ",,,,,true\n";
                continue;
            }
            for (const auto& s : g.gates)
                os << lead << g.n << ',' << csv_text(s.gate) << ',' << s.failed << ','
                   << csv_number(s.share) << ',' << csv_number(s.excess) << ",false\n";
        }
}

}  // namespace

void write_text(std::ostream& os, const AdverseImpactReport& report) {
    const FairnessReport& r = report.impact;
    write_header(os, report);
    std::size_t width = 12;
    for (const auto& stage : r.stages)
        for (const auto& col : stage.columns)
            for (const auto& g : col.groups)
                width = std::max(width, g.group.size() + 1);
    write_stages(os, r, width);
    if (!r.attribution.empty())
        write_attribution(os, r, width);
    write_notes(os, r.notes);
}

void write_json(std::ostream& os, const AdverseImpactReport& report) {
    const FairnessReport& r = report.impact;
    JsonWriter j(os);
    j.begin_object();
    j.key("results").value(report.results_file);
    j.key("monitoring").value(report.monitoring_file);
    json_count(j.key("applicants"), r.applicants);
    json_count(j.key("without_monitoring"), r.without_monitoring);
    json_count(j.key("monitoring_not_in_results"), r.monitoring_not_in_results);
    json_count(j.key("disclosure"), r.options.disclosure);
    j.key("min_expected").value(r.options.min_expected);
    write_stages(j, r);
    j.key("attribution").begin_object();
    for (const auto& col : r.attribution) {
        begin_column(j, col.column, col.reference_group);
        for (const auto& g : col.groups)
            write_attribution(j, g);
        j.end_object();
        j.end_object();
    }
    j.end_object();
    write_notes(j, r.notes);
    j.end_object();
    j.finish();
}

std::vector<CsvTable> csv_tables(const AdverseImpactReport& report) {
    const FairnessReport& r = report.impact;
    return {{std::string(table_names[0]), [&r](std::ostream& os) { impact_csv(os, r); }},
            {std::string(table_names[1]), [&r](std::ostream& os) { attribution_csv(os, r); }},
            notes_table(r.notes)};
}

std::span<const std::string_view> fairness_table_names() {
    return table_names;
}

}  // namespace shortlist

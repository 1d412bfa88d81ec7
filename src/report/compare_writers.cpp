// The compare report's writers: text, JSON and CSV tables
// (docs/comparison.md).
#include <array>
#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/table_names.hpp"
#include "shortlist/report/compare.hpp"

namespace shortlist {

namespace {

using namespace report;
using detail::JsonWriter;

constexpr std::array<std::string_view, 2> table_names{"compare_moves.csv", "compare_drivers.csv"};

std::string percent(const std::optional<double>& w) {
    return w ? detail::format_fixed(*w * 100, 1) + "%" : std::string("-");
}

std::string fixed_or_dash(const std::optional<double>& v) {
    return v ? detail::format_fixed(*v, 3) : std::string("-");
}

void write_moves(std::ostream& os, const std::vector<ShortlistMove>& moves) {
    for (const auto& p : moves) {
        os << "  " << pad(p.id.value(), 14) << "rank " << pad(rank_text(p.rank_before), 5) << "-> "
           << pad(rank_text(p.rank_after), 6) << "total " << detail::format_fixed(p.total_before, 2)
           << " -> " << detail::format_fixed(p.total_after, 2) << "  ("
           << to_string(p.status_before) << " -> " << to_string(p.status_after) << ")";
        if (!p.gate_before.empty())
            os << "; under a: " << p.gate_before;
        if (!p.gate_after.empty())
            os << "; under b: " << p.gate_after;
        os << '\n';
    }
}

void write_drivers(std::ostream& os, const Comparison& c) {
    os << "\nwhat moved them: the " << c.movers_entered << " who entered gained "
       << detail::format_fixed(*c.lead_change, 2) << " points of mean lead over the "
       << c.movers_left << " who left; by criterion (points = weights + scores):\n"
       << "  criterion                                 weight a  weight b    points   weights"
          "    scores\n";
    std::size_t quiet = 0;
    for (const auto& d : c.drivers) {
        if (std::abs(d.points) < 0.005 && std::abs(d.weight_part) < 0.005) {
            ++quiet;  // shown as 0.00: in the JSON and CSV only
            continue;
        }
        os << "  " << pad(d.id.value(), 42) << pad(percent(d.weight_a), 10)
           << pad(percent(d.weight_b), 10) << pad(detail::format_fixed(d.points, 2), 10)
           << pad(detail::format_fixed(d.weight_part, 2), 10)
           << detail::format_fixed(d.score_part, 2) << '\n';
    }
    if (quiet > 0)
        os << "  (" << quiet << " criteria with less than 0.005 points left out)\n";
}

void write_side(JsonWriter& json, const char* key, const ComparedRulebook& s,
                const std::vector<ApplicantId>& list) {
    json.key(key).begin_object();
    json.key("rulebook").value(s.id);
    json.key("file").value(s.file);
    json.key("shortlist").begin_array();
    for (const auto& id : list)
        json.value(id.value());
    json.end_array();
    json.end_object();
}

void write_ids(JsonWriter& json, const std::vector<ShortlistMove>& moves) {
    json.begin_array();
    for (const auto& p : moves)
        json.value(p.id.value());
    json.end_array();
}

void write_placings(JsonWriter& json, const Comparison& c) {
    json.key("moves").begin_array();
    for (const auto* list : {&c.entered, &c.left}) {
        for (const auto& p : *list) {
            json.begin_object();
            json.key("applicant_id").value(p.id.value());
            json.key("move").value(list == &c.entered ? "entered" : "left");
            json_count(json.key("rank_a"), p.rank_before);
            json_count(json.key("rank_b"), p.rank_after);
            json.key("status_a").value(to_string(p.status_before));
            json.key("status_b").value(to_string(p.status_after));
            json.key("total_a").value(p.total_before, 6);
            json.key("total_b").value(p.total_after, 6);
            json.key("gate_a").value(p.gate_before);
            json.key("gate_b").value(p.gate_after);
            json.end_object();
        }
    }
    json.end_array();
}

void write_drivers(JsonWriter& json, const Comparison& c) {
    json.key("drivers").begin_array();
    for (const auto& d : c.drivers) {
        json.begin_object();
        json.key("criterion").value(d.id.value());
        json_number(json.key("weight_a"), d.weight_a);
        json_number(json.key("weight_b"), d.weight_b);
        json.key("points").value(d.points);
        json.key("weight_part").value(d.weight_part);
        json.key("score_part").value(d.score_part);
        json.key("score_gap").value(d.score_gap);
        json.end_object();
    }
    json.end_array();
}

void moves_csv(std::ostream& os, const Comparison& c) {
    os << "applicant_id,move,rank_a,rank_b,status_a,status_b,total_a,total_b,gate_a,gate_b\n";
    for (const auto* list : {&c.entered, &c.left}) {
        for (const auto& p : *list)
            os << csv_text(p.id.value()) << ',' << (list == &c.entered ? "entered" : "left") << ','
               << csv_count(p.rank_before) << ',' << csv_count(p.rank_after) << ','
               << to_string(p.status_before) << ',' << to_string(p.status_after) << ','
               << detail::format_fixed(p.total_before, 6) << ','
               << detail::format_fixed(p.total_after, 6) << ',' << csv_text(p.gate_before) << ','
               << csv_text(p.gate_after) << '\n';
    }
}

void drivers_csv(std::ostream& os, const Comparison& c) {
    os << "criterion,weight_a,weight_b,points,weight_part,score_part,score_gap\n";
    for (const auto& d : c.drivers)
        os << csv_text(d.id.value()) << ',' << csv_number(d.weight_a) << ','
           << csv_number(d.weight_b) << ',' << detail::format_shortest(d.points) << ','
           << detail::format_shortest(d.weight_part) << ',' << detail::format_shortest(d.score_part)
           << ',' << detail::format_shortest(d.score_gap) << '\n';
}

}  // namespace

void write_text(std::ostream& os, const ComparisonReport& report) {
    const Comparison& c = report.comparison;
    os << "a: " << report.a.id << " (" << report.a.file << "): " << c.shortlist_a.size()
       << " shortlisted\n"
       << "b: " << report.b.id << " (" << report.b.file << "): " << c.shortlist_b.size()
       << " shortlisted\n"
       << "applicants in both: " << c.common << "; on both shortlists: " << c.overlap
       << " (Jaccard " << fixed_or_dash(c.jaccard) << ")\n"
       << "Kendall's tau-b of the totals, over the " << c.tau_n
       << " applicants eligible under both: " << fixed_or_dash(c.kendall_tau) << '\n';
    os << "\nentered (on b's shortlist, not on a's): " << c.entered.size() << '\n';
    write_moves(os, c.entered);
    os << "\nleft (on a's shortlist, not on b's): " << c.left.size() << '\n';
    write_moves(os, c.left);
    if (c.lead_change)
        write_drivers(os, c);
    write_notes(os, c.notes);
}

void write_json(std::ostream& os, const ComparisonReport& report) {
    const Comparison& c = report.comparison;
    JsonWriter json(os);
    json.begin_object();
    write_side(json, "a", report.a, c.shortlist_a);
    write_side(json, "b", report.b, c.shortlist_b);
    json_count(json.key("common"), c.common);
    json_count(json.key("only_a"), c.only_a);
    json_count(json.key("only_b"), c.only_b);
    json_count(json.key("overlap"), c.overlap);
    json_number(json.key("jaccard"), c.jaccard);
    json.key("entered");
    write_ids(json, c.entered);
    json.key("left");
    write_ids(json, c.left);
    write_placings(json, c);
    json_number(json.key("kendall_tau"), c.kendall_tau);
    json_count(json.key("tau_n"), c.tau_n);
    write_drivers(json, c);
    json_number(json.key("lead_change"), c.lead_change);
    write_notes(json, c.notes);
    json.end_object();
    json.finish();
}

std::vector<CsvTable> csv_tables(const ComparisonReport& report) {
    const Comparison& c = report.comparison;
    return {{std::string(table_names[0]), [&c](std::ostream& os) { moves_csv(os, c); }},
            {std::string(table_names[1]), [&c](std::ostream& os) { drivers_csv(os, c); }}};
}

std::span<const std::string_view> report::comparison_table_names() {
    return table_names;
}

}  // namespace shortlist

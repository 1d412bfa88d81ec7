// shortlist compare: two rulebooks on the same applicants.
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "cli/audit.hpp"
#include "cli/options.hpp"
#include "cli/tables.hpp"
#include "cli/xlsx_output.hpp"
#include "shortlist/analysis/compare.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/csv_cell.hpp"
#include "util/io.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

/// The tables --csv DIR holds (and audit.json).
constexpr std::array<std::string_view, 2> csv_tables{"compare_moves.csv", "compare_drivers.csv"};

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "compare: " + std::move(message));
}

/// One side: its rulebook, where it came from, and its shortlist.
struct Side {
    fs::path rules_path;
    Rulebook rulebook;
    Shortlist shortlist;
};

/// The side's value of `name` (--name-a / --name-b), else the shared --name.
std::optional<std::string> side_option(const po::variables_map& vm, const std::string& name,
                                       char side) {
    const std::string own = name + "-" + side;
    if (vm.count(own))
        return vm[own].as<std::string>();
    if (vm.count(name))
        return vm[name].as<std::string>();
    return std::nullopt;
}

/// Load side `side`'s rulebook and record it (and its framework files) in the
/// audit.
Side load_rules(const po::variables_map& vm, char side, Audit& audit) {
    const std::string rules = std::string("rules-") + side;
    if (!vm.count(rules))
        throw usage("--" + rules + " is required");
    Side s;
    s.rules_path = vm[rules].as<std::string>();
    s.rulebook = load_rulebook(s.rules_path);
    audit.rulebook(s.rulebook, std::string(1, side));
    return s;
}

/// Side `side`'s evidence files: applicants, then ratings if any.
using EvidencePaths = std::pair<fs::path, std::optional<fs::path>>;
EvidencePaths evidence_paths(const po::variables_map& vm, char side) {
    const auto applicants = side_option(vm, "applicants", side);
    if (!applicants)
        throw usage(std::string("--applicants (or --applicants-") + side + ") is required");
    std::optional<fs::path> ratings;
    if (const auto x = side_option(vm, "ratings", side))
        ratings = fs::path(*x);
    return {fs::path(*applicants), ratings};
}

void select_side(Side& s, const EvidencePaths& paths, std::optional<std::size_t> top) {
    const Evidence evidence = load_evidence(s.rulebook, paths.first, paths.second);
    const Scorer scorer(s.rulebook);
    s.shortlist = select(scorer.rulebook(), scorer.score(evidence), top);
}

/// Record the evidence files: "applicants" when both sides read the same
/// file, else "applicants a" and "applicants b" (ratings alike).
void audit_evidence(const EvidencePaths& a, const EvidencePaths& b, Audit& audit) {
    auto record = [&](const std::string& role, const std::optional<fs::path>& pa,
                      const std::optional<fs::path>& pb) {
        if (pa && pb && *pa == *pb) {
            audit.input(role, *pa);
            return;
        }
        if (pa)
            audit.input(role + " a", *pa);
        if (pb)
            audit.input(role + " b", *pb);
    };
    record("applicants", a.first, b.first);
    record("ratings", a.second, b.second);
}

std::string percent(const std::optional<double>& w) {
    return w ? detail::format_fixed(*w * 100, 1) + "%" : std::string("-");
}

void write_moves(std::ostream& os, const std::vector<Placing>& moves) {
    for (const auto& p : moves) {
        os << "  " << pad(p.id.value(), 14) << "rank " << pad(rank_text(p.rank_a), 5) << "-> "
           << pad(rank_text(p.rank_b), 6) << "total " << detail::format_fixed(p.total_a, 2)
           << " -> " << detail::format_fixed(p.total_b, 2) << "  (" << to_string(p.status_a)
           << " -> " << to_string(p.status_b) << ")";
        if (!p.gate_a.empty())
            os << "; under a: " << p.gate_a;
        if (!p.gate_b.empty())
            os << "; under b: " << p.gate_b;
        os << '\n';
    }
}

void write_text(std::ostream& os, const Side& a, const Side& b, const Comparison& c) {
    os << "a: " << a.rulebook.id << " (" << a.rules_path.string() << "): " << c.shortlist_a.size()
       << " shortlisted\n"
       << "b: " << b.rulebook.id << " (" << b.rules_path.string() << "): " << c.shortlist_b.size()
       << " shortlisted\n"
       << "applicants in both: " << c.common << "; on both shortlists: " << c.overlap
       << " (Jaccard " << (c.jaccard ? detail::format_fixed(*c.jaccard, 3) : std::string("-"))
       << ")\n"
       << "Kendall's tau-b of the totals, over the " << c.tau_n
       << " applicants eligible under both: "
       << (c.kendall_tau ? detail::format_fixed(*c.kendall_tau, 3) : std::string("-")) << '\n';
    os << "\nentered (on b's shortlist, not on a's): " << c.entered.size() << '\n';
    write_moves(os, c.entered);
    os << "\nleft (on a's shortlist, not on b's): " << c.left.size() << '\n';
    write_moves(os, c.left);
    if (c.lead_change) {
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
    if (!c.notes.empty()) {
        os << "\nnotes:\n";
        for (const auto& n : c.notes)
            os << "  - " << n << '\n';
    }
}

void write_json(std::ostream& os, const Side& a, const Side& b, const Comparison& c) {
    detail::JsonWriter json(os);
    auto side = [&](const char* key, const Side& s, const std::vector<ApplicantId>& list) {
        json.key(key).begin_object();
        json.key("rulebook").value(s.rulebook.id);
        json.key("file").value(s.rules_path.string());
        json.key("shortlist").begin_array();
        for (const auto& id : list)
            json.value(id.value());
        json.end_array();
        json.end_object();
    };
    auto ids = [&](const std::vector<Placing>& moves) {
        json.begin_array();
        for (const auto& p : moves)
            json.value(p.id.value());
        json.end_array();
    };
    json.begin_object();
    side("a", a, c.shortlist_a);
    side("b", b, c.shortlist_b);
    json.key("common");
    json_count(json, c.common);
    json.key("only_a");
    json_count(json, c.only_a);
    json.key("only_b");
    json_count(json, c.only_b);
    json.key("overlap");
    json_count(json, c.overlap);
    json.key("jaccard");
    json_number(json, c.jaccard);
    json.key("entered");
    ids(c.entered);
    json.key("left");
    ids(c.left);
    json.key("moves").begin_array();
    for (const auto* list : {&c.entered, &c.left}) {
        for (const auto& p : *list) {
            json.begin_object();
            json.key("applicant_id").value(p.id.value());
            json.key("move").value(list == &c.entered ? "entered" : "left");
            json.key("rank_a");
            json_count(json, p.rank_a);
            json.key("rank_b");
            json_count(json, p.rank_b);
            json.key("status_a").value(to_string(p.status_a));
            json.key("status_b").value(to_string(p.status_b));
            json.key("total_a").value(p.total_a, 6);
            json.key("total_b").value(p.total_b, 6);
            json.key("gate_a").value(p.gate_a);
            json.key("gate_b").value(p.gate_b);
            json.end_object();
        }
    }
    json.end_array();
    json.key("kendall_tau");
    json_number(json, c.kendall_tau);
    json.key("tau_n");
    json_count(json, c.tau_n);
    json.key("drivers").begin_array();
    for (const auto& d : c.drivers) {
        json.begin_object();
        json.key("criterion").value(d.id.value());
        json.key("weight_a");
        json_number(json, d.weight_a);
        json.key("weight_b");
        json_number(json, d.weight_b);
        json.key("points").value(d.points);
        json.key("weight_part").value(d.weight_part);
        json.key("score_part").value(d.score_part);
        json.key("score_gap").value(d.score_gap);
        json.end_object();
    }
    json.end_array();
    json.key("lead_change");
    json_number(json, c.lead_change);
    json.key("notes").begin_array();
    for (const auto& n : c.notes)
        json.value(n);
    json.end_array();
    json.end_object();
    json.finish();
}

/// The --csv tables, in DIR or (`workbook`) as the sheets of --xlsx FILE.
void write_csv_dir(Audit& audit, const fs::path& dir, const Comparison& c, bool workbook = false) {
    auto moves = [&](std::ostream& os) {
        os << "applicant_id,move,rank_a,rank_b,status_a,status_b,total_a,total_b,gate_a,gate_b\n";
        for (const auto* list : {&c.entered, &c.left}) {
            for (const auto& p : *list)
                os << detail::csv_cell(p.id.value()) << ','
                   << (list == &c.entered ? "entered" : "left") << ',' << csv_count(p.rank_a) << ','
                   << csv_count(p.rank_b) << ',' << to_string(p.status_a) << ','
                   << to_string(p.status_b) << ',' << detail::format_fixed(p.total_a, 6) << ','
                   << detail::format_fixed(p.total_b, 6) << ',' << detail::csv_cell(p.gate_a) << ','
                   << detail::csv_cell(p.gate_b) << '\n';
        }
    };
    auto drivers = [&](std::ostream& os) {
        os << "criterion,weight_a,weight_b,points,weight_part,score_part,score_gap\n";
        for (const auto& d : c.drivers)
            os << detail::csv_cell(d.id.value()) << ',' << csv_number(d.weight_a) << ','
               << csv_number(d.weight_b) << ',' << detail::format_shortest(d.points) << ','
               << detail::format_shortest(d.weight_part) << ','
               << detail::format_shortest(d.score_part) << ','
               << detail::format_shortest(d.score_gap) << '\n';
    };
    write_tables(audit, dir,
                 {{std::string(csv_tables[0]), moves}, {std::string(csv_tables[1]), drivers}},
                 workbook);
}

}  // namespace

int run_compare(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("rules-a", po::value<std::string>()->value_name("FILE"), "rulebook a (required)")
        ("rules-b", po::value<std::string>()->value_name("FILE"), "rulebook b (required)")
        ("applicants,a", po::value<std::string>()->value_name("FILE"),
         "applicants CSV or JSON Lines for both rulebooks")
        ("applicants-a", po::value<std::string>()->value_name("FILE"),
         "applicants for a only (overrides --applicants)")
        ("applicants-b", po::value<std::string>()->value_name("FILE"),
         "applicants for b only (overrides --applicants)")
        ("ratings,x", po::value<std::string>()->value_name("FILE"),
         "ratings CSV for both (every criterion it names must be in both rulebooks)")
        ("ratings-a", po::value<std::string>()->value_name("FILE"),
         "ratings for a only (overrides --ratings)")
        ("ratings-b", po::value<std::string>()->value_name("FILE"),
         "ratings for b only (overrides --ratings)")
        ("top,n", po::value<std::size_t>()->value_name("N"),
         "shortlist size for both (overrides each rulebook's shortlist.top)")
        ("json", "print the JSON document instead of the text summary")
        ("csv", po::value<std::string>()->value_name("DIR"),
         "also write compare_moves.csv, compare_drivers.csv and the audit record audit.json in DIR "
         "(atomically)")
        ("xlsx", po::value<std::string>()->value_name("FILE"), xlsx_option_help);
    // clang-format on
    po::variables_map vm;
    if (parse_or_help(
            args,
            "usage: shortlist compare --rules-a A --rules-b B --applicants F\n"
            "                         [--applicants-a F --applicants-b F]\n"
            "                         [--ratings X | --ratings-a X --ratings-b Y]\n"
            "                         [--top N] [--json] [--csv DIR]\n\n"
            "Two rulebooks (two forces' profiles, or two weightings of one) on the same\n"
            "applicants, matched by applicant_id: both shortlists, their overlap, who\n"
            "enters and leaves with their ranks under each, Kendall's tau-b of the totals,\n"
            "and which criteria's weights and scores moved the movers.\n",
            visible, nullptr, vm, out))
        return exit_ok;
    std::optional<std::size_t> top;
    if (vm.count("top")) {
        top = vm["top"].as<std::size_t>();
        if (*top == 0)
            throw usage("--top must be at least 1");
    }
    if (!vm.count("rules-a"))
        throw usage("--rules-a is required");
    if (!vm.count("rules-b"))
        throw usage("--rules-b is required");
    const EvidencePaths evidence_a = evidence_paths(vm, 'a');
    const EvidencePaths evidence_b = evidence_paths(vm, 'b');
    Audit audit("compare", args);
    Side a = load_rules(vm, 'a', audit);
    Side b = load_rules(vm, 'b', audit);
    audit_evidence(evidence_a, evidence_b, audit);
    if (vm.count("csv"))
        refuse_overwriting_inputs_in(audit, vm["csv"].as<std::string>(), csv_tables);
    if (vm.count("xlsx"))
        audit.refuse_overwriting_inputs(vm["xlsx"].as<std::string>(), "--xlsx");
    select_side(a, evidence_a, top);
    select_side(b, evidence_b, top);
    const Comparison c = compare(a.rulebook, a.shortlist, b.rulebook, b.shortlist);
    if (vm.count("xlsx"))  // docs/excel.md
        write_csv_dir(audit, vm["xlsx"].as<std::string>(), c, true);
    if (vm.count("csv"))
        write_csv_dir(audit, vm["csv"].as<std::string>(), c);
    if (vm.count("json"))
        write_json_with_audit(out, audit, [&](std::ostream& doc) { write_json(doc, a, b, c); });
    else
        write_text(out, a, b, c);
    return exit_ok;
}

}  // namespace shortlist::cli

// shortlist fairness: adverse impact of a shortlist on the groups of an
// equality-monitoring file, stage by stage, and which gate drives it.
#include <array>
#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "cli/audit.hpp"
#include "cli/csv_cell.hpp"
#include "cli/options.hpp"
#include "cli/xlsx_output.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/error.hpp"
#include "util/io.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

/// The tables --csv DIR holds (and audit.json).
constexpr std::array<std::string_view, 3> csv_tables{"impact.csv", "attribution.csv", "notes.csv"};

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "fairness: " + std::move(message));
}

std::string fixed(const std::optional<double>& v, int decimals) {
    return v ? detail::format_fixed(*v, decimals) : "-";
}

std::string pad(std::string s, std::size_t width, bool right) {
    // Width in code points, so that a group name in UTF-8 lines up.
    std::size_t chars = 0;
    for (const char c : s)
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (chars >= width)
        return s + (right ? "" : " ");
    const std::string fill(width - chars, ' ');
    return right ? fill + s : s + fill;
}

// ------------------------------------------------------------------ text

void write_text(std::ostream& os, const FairnessReport& r, const Results& results,
                const Monitoring& monitoring) {
    os << "adverse impact: " << r.applicants << " applicants in " << results.source << ", "
       << monitoring.columns.size() << " monitoring column"
       << (monitoring.columns.size() == 1 ? "" : "s") << " in " << monitoring.source << '\n'
       << "flag: rate below four fifths of the reference (highest-rate) group's "
          "(29 CFR 1607.4(D));\n"
          "fisher_p, z: against the reference group; small: an expected count below "
       << detail::format_shortest(r.options.min_expected)
       << " (z unreliable);\none-person shift: one different selection would reverse the "
          "difference\n";
    std::size_t width = 12;
    for (const auto& stage : r.stages)
        for (const auto& col : stage.columns)
            for (const auto& g : col.groups)
                width = std::max(width, g.group.size() + 1);
    for (const auto& stage : r.stages) {
        os << "\nstage " << stage.stage << ": " << stage.definition << " (" << stage.selected
           << " of " << r.applicants << ")\n";
        for (const auto& col : stage.columns) {
            os << "  " << col.column
               << " (reference group: " << (col.reference_group ? *col.reference_group : "none")
               << ")\n"
               << "    " << pad("group", width, false) << pad("n", 7, true)
               << pad("selected", 10, true) << pad("rate", 8, true) << pad("ratio", 8, true)
               << pad("flag", 6, true) << pad("fisher_p", 10, true) << pad("z", 8, true) << '\n';
            for (const auto& g : col.groups) {
                os << "    " << pad(g.group, width, false);
                if (g.suppressed) {
                    os << pad("n/a", 7, true) << pad("n/a", 10, true) << "  suppressed\n";
                    continue;
                }
                os << pad(std::to_string(g.n), 7, true) << pad(std::to_string(g.selected), 10, true)
                   << pad(fixed(g.rate, 3), 8, true) << pad(fixed(g.impact_ratio, 3), 8, true)
                   << pad(g.four_fifths_flag ? "4/5" : "", 6, true)
                   << pad(!g.fisher_p            ? "-"
                          : *g.fisher_p < 0.0001 ? "<0.0001"
                                                 : detail::format_fixed(*g.fisher_p, 4),
                          10, true)
                   << pad(fixed(g.z, 2), 8, true);
                if (g.reference)
                    os << "  reference";
                if (g.small)
                    os << "  small";
                if (g.one_person_shift)
                    os << "  one-person shift";
                os << '\n';
            }
        }
    }
    if (!r.attribution.empty()) {
        os << "\nattribution: the gate that removes the largest share of each group, and the one "
              "that removes\nmost more of it than of the reference group (\"rank\": passed every "
              "gate, not shortlisted)\n";
        for (const auto& col : r.attribution) {
            os << "  " << col.column << '\n';
            for (const auto& g : col.groups) {
                os << "    " << pad(g.group, width, false);
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
    if (!r.notes.empty()) {
        os << "\nnotes:\n";
        for (const auto& n : r.notes)
            os << "  - " << n << '\n';
    }
}

// ------------------------------------------------------------------ JSON

void optional_number(detail::JsonWriter& j, const std::optional<double>& v, int decimals) {
    if (v && std::isfinite(*v))
        j.value(*v, decimals);
    else
        j.null();
}

/// A value written in full (shortest form), or null.
void optional_shortest(detail::JsonWriter& j, const std::optional<double>& v) {
    if (v && std::isfinite(*v))
        j.value(*v);
    else
        j.null();
}

/// `"<column>": {"reference_group": ..., "groups": {` (closed by the caller).
void begin_column(detail::JsonWriter& j, const std::string& column,
                  const std::optional<std::string>& reference) {
    j.key(column).begin_object();
    j.key("reference_group");
    if (reference)
        j.value(*reference);
    else
        j.null();
    j.key("groups").begin_object();
}

void write_json(std::ostream& os, const FairnessReport& r, const Results& results,
                const Monitoring& monitoring) {
    detail::JsonWriter j(os);
    j.begin_object();
    j.key("results").value(results.source);
    j.key("monitoring").value(monitoring.source);
    j.key("applicants").value(static_cast<std::uint64_t>(r.applicants));
    j.key("without_monitoring").value(static_cast<std::uint64_t>(r.without_monitoring));
    j.key("monitoring_not_in_results")
        .value(static_cast<std::uint64_t>(r.monitoring_not_in_results));
    j.key("disclosure").value(static_cast<std::uint64_t>(r.options.disclosure));
    j.key("min_expected").value(r.options.min_expected);
    j.key("stage_definitions").begin_object();
    for (const auto& stage : r.stages)
        j.key(stage.stage).value(stage.definition);
    j.end_object();
    j.key("stages").begin_object();
    for (const auto& stage : r.stages) {
        j.key(stage.stage).begin_object();
        for (const auto& col : stage.columns) {
            begin_column(j, col.column, col.reference_group);
            for (const auto& g : col.groups) {
                j.key(g.group).begin_object();
                if (g.suppressed) {
                    for (auto k : {"n", "selected", "rate", "impact_ratio", "four_fifths_flag",
                                   "fisher_p", "z", "small", "one_person_shift"})
                        j.key(k).null();
                } else {
                    j.key("n").value(static_cast<std::uint64_t>(g.n));
                    j.key("selected").value(static_cast<std::uint64_t>(g.selected));
                    j.key("rate");
                    optional_number(j, g.rate, 6);
                    j.key("impact_ratio");
                    optional_number(j, g.impact_ratio, 6);
                    j.key("four_fifths_flag").value(g.four_fifths_flag);
                    j.key("fisher_p");
                    optional_shortest(j, g.fisher_p);
                    j.key("z");
                    optional_number(j, g.z, 6);
                    j.key("small").value(g.small);
                    j.key("one_person_shift").value(g.one_person_shift);
                }
                j.key("suppressed").value(g.suppressed);
                j.end_object();
            }
            j.end_object();
            j.end_object();
        }
        j.end_object();
    }
    j.end_object();
    j.key("attribution").begin_object();
    for (const auto& col : r.attribution) {
        begin_column(j, col.column, col.reference_group);
        for (const auto& g : col.groups) {
            j.key(g.group).begin_object();
            j.key("suppressed").value(g.suppressed);
            if (!g.suppressed) {
                j.key("n").value(static_cast<std::uint64_t>(g.n));
                j.key("largest");
                g.largest ? j.value(*g.largest) : j.null();
                j.key("largest_excess");
                g.largest_excess ? j.value(*g.largest_excess) : j.null();
                j.key("gates").begin_object();
                for (const auto& s : g.gates) {
                    j.key(s.gate).begin_object();
                    j.key("failed").value(static_cast<std::uint64_t>(s.failed));
                    j.key("share").value(s.share, 6);
                    j.key("excess");
                    optional_number(j, s.excess, 6);
                    j.end_object();
                }
                j.end_object();
            }
            j.end_object();
        }
        j.end_object();
        j.end_object();
    }
    j.end_object();
    j.key("notes").begin_array();
    for (const auto& n : r.notes)
        j.value(n);
    j.end_array();
    j.end_object();
    j.finish();
}

// ------------------------------------------------------------------ CSV

/// The --csv tables, in DIR or (`workbook`) as the sheets of --xlsx FILE.
void write_csv_dir(Audit& audit, const fs::path& dir, const FairnessReport& r,
                   bool workbook = false) {
    auto impact = [&](std::ostream& os) {
        os << "stage,column,group,reference_group,n,selected,rate,impact_ratio,four_fifths_flag,"
              "fisher_p,z,small,one_person_shift,suppressed\n";
        for (const auto& stage : r.stages)
            for (const auto& col : stage.columns)
                for (const auto& g : col.groups) {
                    os << stage.stage << ',' << csv_field(col.column) << ',' << csv_field(g.group)
                       << ',' << csv_field(col.reference_group.value_or("")) << ',';
                    if (g.suppressed) {
                        os << ",,,,,,,,,true\n";
                        continue;
                    }
                    os << g.n << ',' << g.selected << ',' << csv_number(g.rate) << ','
                       << csv_number(g.impact_ratio) << ','
                       << (g.four_fifths_flag ? "true" : "false") << ',' << csv_number(g.fisher_p)
                       << ',' << csv_number(g.z) << ',' << (g.small ? "true" : "false") << ','
                       << (g.one_person_shift ? "true" : "false") << ",false\n";
                }
    };
    auto attribution = [&](std::ostream& os) {
        os << "column,group,n,gate,failed,share,excess,suppressed\n";
        for (const auto& col : r.attribution)
            for (const auto& g : col.groups) {
                const std::string lead = csv_field(col.column) + ',' + csv_field(g.group) + ',';
                if (g.suppressed) {
                    os << lead << ",,,,,true\n";
                    continue;
                }
                for (const auto& s : g.gates)
                    os << lead << g.n << ',' << csv_field(s.gate) << ',' << s.failed << ','
                       << csv_number(s.share) << ',' << csv_number(s.excess) << ",false\n";
            }
    };
    auto notes = [&](std::ostream& os) {
        os << "note\n";
        for (const auto& n : r.notes)
            os << csv_field(n) << '\n';
    };
    write_tables(audit, dir,
                 {{std::string(csv_tables[0]), impact},
                  {std::string(csv_tables[1]), attribution},
                  {std::string(csv_tables[2]), notes}},
                 workbook);
}

}  // namespace

int run_fairness(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("results", po::value<std::string>()->value_name("FILE"),
         "the output of shortlist score: CSV, or JSON (--format json; needed for the eligible "
         "stage and the attribution to gates) (required)")
        ("monitoring", po::value<std::string>()->value_name("FILE"),
         "equality-monitoring CSV: applicant_id plus one column per characteristic (required)")
        ("json", "print the JSON document instead of the text summary")
        ("csv", po::value<std::string>()->value_name("DIR"),
         "also write the tables as CSV files, and the audit record audit.json, in DIR (atomically)")
        ("xlsx", po::value<std::string>()->value_name("FILE"), xlsx_option_help)
        ("min-group", po::value<double>()->value_name("N"),
         "mark a group small when an expected count of its 2x2 table against the reference "
         "group is below N (default 5)")
        ("disclosure", po::value<std::size_t>()->value_name("K"),
         "suppress groups of fewer than K applicants (default 5; 0 or 1: none)");
    // clang-format on
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist fairness --results R --monitoring M [--json] [--csv DIR]\n"
                      "                          [--min-group N] [--disclosure K]\n\n"
                      "Adverse impact of a shortlist: each group's selection rate at each stage,\n"
                      "its impact ratio against the highest-rate group with the four-fifths\n"
                      "flag, Fisher's exact test and the two-proportion z-test, and which gate\n"
                      "removes the largest share of each group. Small groups are suppressed.\n",
                      visible, nullptr, vm, out))
        return exit_ok;
    if (!vm.count("results"))
        throw usage("--results is required");
    if (!vm.count("monitoring"))
        throw usage("--monitoring is required");
    FairnessOptions options;
    if (vm.count("min-group")) {
        options.min_expected = vm["min-group"].as<double>();
        if (!std::isfinite(options.min_expected) || options.min_expected < 0)
            throw usage("--min-group must be a number, 0 or more");
    }
    if (vm.count("disclosure"))
        options.disclosure = vm["disclosure"].as<std::size_t>();

    Audit audit("fairness", args);
    audit.input("results", vm["results"].as<std::string>());
    audit.input("monitoring", vm["monitoring"].as<std::string>());
    if (vm.count("csv"))
        refuse_overwriting_inputs_in(audit, vm["csv"].as<std::string>(), csv_tables);
    if (vm.count("xlsx"))
        audit.refuse_overwriting_inputs(vm["xlsx"].as<std::string>(), "--xlsx");
    const Results results = load_results(vm["results"].as<std::string>());
    const Monitoring monitoring = load_monitoring(vm["monitoring"].as<std::string>());
    const FairnessReport report = assess_fairness(results, monitoring, options);
    if (vm.count("xlsx"))  // docs/excel.md
        write_csv_dir(audit, vm["xlsx"].as<std::string>(), report, true);
    if (vm.count("csv"))
        write_csv_dir(audit, vm["csv"].as<std::string>(), report);
    if (vm.count("json"))
        write_json_with_audit(
            out, audit, [&](std::ostream& doc) { write_json(doc, report, results, monitoring); });
    else
        write_text(out, report, results, monitoring);
    return exit_ok;
}

}  // namespace shortlist::cli

// shortlist sensitivity: does the shortlist hinge on the rulebook's weights?
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "cli/audit.hpp"
#include "cli/options.hpp"
#include "cli/tables.hpp"
#include "cli/xlsx_output.hpp"
#include "shortlist/analysis/sensitivity.hpp"
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
constexpr std::array<std::string_view, 2> csv_tables{"sensitivity.csv", "sensitivity_weights.csv"};

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "sensitivity: " + std::move(message));
}

std::string interval_text(const ApplicantSensitivity& a) {
    if (!a.rankable)
        return "not eligible";
    return "[" + (a.rank_lo ? std::to_string(*a.rank_lo) : std::string("below pass mark")) + ", " +
           (a.rank_hi ? std::to_string(*a.rank_hi) : std::string("below pass mark")) + "]";
}

std::string method_text(const SensitivityResult& r) {
    if (r.method == Perturbation::Dirichlet)
        return "Dirichlet around the rulebook's weights, concentration " +
               detail::format_shortest(r.parameter);
    return "each weight perturbed uniformly by up to ±" +
           detail::format_shortest(r.parameter * 100) + "%, then renormalised";
}

/// A bar on stderr, redrawn when the percentage changes.
class Progress {
  public:
    explicit Progress(std::ostream& err) : err_(err) {}
    void operator()(std::size_t done, std::size_t total) {
        const std::size_t percent = done * 100 / total;
        if (percent == last_)
            return;
        last_ = percent;
        const std::size_t width = 40, filled = percent * width / 100;
        err_ << "\rsensitivity [" << std::string(filled, '#') << std::string(width - filled, '.')
             << "] " << percent << "% of " << total << " draws" << std::flush;
        if (done == total)
            err_ << "\r" << std::string(width + 40, ' ') << "\r" << std::flush;
    }

  private:
    std::ostream& err_;
    std::size_t last_ = static_cast<std::size_t>(-1);
};

void write_text(std::ostream& os, const Rulebook& rules, const SensitivityResult& r) {
    std::size_t rankable = 0;
    for (const auto& a : r.applicants)
        rankable += a.rankable ? 1U : 0U;
    os << "weight sensitivity of the shortlist: " << rules.id << ", " << r.applicants.size()
       << " applicants (" << rankable << " pass every gate that does not depend on the weights), "
       << (r.top ? "top " + std::to_string(*r.top) : std::string("no shortlist size")) << '\n'
       << r.draws << " draws, " << method_text(r) << ", seed " << r.seed << '\n'
       << "baseline shortlist: " << r.baseline_shortlisted << "; mean share of it kept by a draw: "
       << (r.mean_overlap ? detail::format_fixed(*r.mean_overlap, 3) : std::string("-"))
       << "; mean shortlist size " << detail::format_fixed(r.mean_shortlist_size, 1) << '\n'
       << "Kendall's tau-b against the baseline ranking: mean "
       << (r.kendall_tau ? detail::format_fixed(*r.kendall_tau, 3) : std::string("-"))
       << ", lowest "
       << (r.kendall_tau_min ? detail::format_fixed(*r.kendall_tau_min, 3) : std::string("-"))
       << '\n';
    if (r.rank_bin > 1)
        os << "(ranks are counted in bins of " << r.rank_bin
           << ": intervals are widened to whole bins)\n";

    os << "\nstable core (shortlisted in at least 95% of draws): " << r.stable_core.size() << '\n';
    std::size_t column = 0;
    for (const std::size_t k : r.stable_core) {
        const auto& a = r.applicants[k];
        os << (column % 8 == 0 ? "  " : " ") << a.id.value() << (a.guaranteed_interview ? "*" : "");
        if (++column % 8 == 0)
            os << '\n';
    }
    if (column % 8 != 0)
        os << '\n';
    os << "\nboundary (shortlisted in 5% to 95% of draws): " << r.boundary.size() << '\n';
    if (!r.boundary.empty())
        os << "  applicant      baseline  p_shortlisted  median rank  90% rank interval\n";
    for (const std::size_t k : r.boundary) {
        const auto& a = r.applicants[k];
        const std::string base =
            rank_text(a.baseline_rank) + (a.baseline_shortlisted ? " in" : " out");
        os << "  " << pad(a.id.value(), 15) << pad(base, 10)
           << pad(detail::format_fixed(a.p_shortlisted, 3), 15) << pad(rank_text(a.median_rank), 13)
           << interval_text(a) << '\n';
    }
    std::size_t dropped = 0;
    for (const auto& a : r.applicants)
        dropped += a.baseline_shortlisted && 20 * a.shortlisted_draws < r.draws ? 1U : 0U;
    if (dropped > 0)
        os << "\n"
           << dropped
           << " applicant(s) on the baseline shortlist are shortlisted in under 5% of draws\n";
    bool any_guaranteed = false;
    for (const std::size_t k : r.stable_core)
        any_guaranteed = any_guaranteed || r.applicants[k].guaranteed_interview;
    if (any_guaranteed)
        os << "\n* guaranteed interview: shortlisted whatever the weights\n";
}

void write_json(std::ostream& os, const Rulebook& rules, const SensitivityResult& r) {
    detail::JsonWriter json(os);
    auto ids = [&](const std::vector<std::size_t>& list) {
        json.begin_array();
        for (const std::size_t k : list)
            json.value(r.applicants[k].id.value());
        json.end_array();
    };
    json.begin_object();
    json.key("rulebook").value(rules.id);
    json.key("method").value(to_string(r.method));
    json.key(r.method == Perturbation::Dirichlet ? "concentration" : "perturbation")
        .value(r.parameter);
    json.key("draws");
    json_count(json, r.draws);
    json.key("seed").value(static_cast<std::uint64_t>(r.seed));
    json.key("top");
    json_count(json, r.top);
    json.key("rank_bin");
    json_count(json, r.rank_bin);
    json.key("weights").begin_object();
    for (std::size_t c = 0; c < r.criteria.size(); ++c)
        json.key(r.criteria[c].value()).value(r.base_weights[c]);
    json.end_object();
    json.key("applicants").begin_object();
    for (const auto& a : r.applicants) {
        json.key(a.id.value()).begin_object();
        json.key("p_shortlisted").value(a.p_shortlisted);
        json.key("shortlisted_draws");
        json_count(json, a.shortlisted_draws);
        json.key("median_rank");
        json_count(json, a.median_rank);
        json.key("rank_90");
        if (a.rankable) {
            json.begin_array();
            json_count(json, a.rank_lo);
            json_count(json, a.rank_hi);
            json.end_array();
        } else {
            json.null();
        }
        json.key("baseline_rank");
        json_count(json, a.baseline_rank);
        json.key("baseline_shortlisted").value(a.baseline_shortlisted);
        json.key("rankable").value(a.rankable);
        json.key("guaranteed_interview").value(a.guaranteed_interview);
        json.end_object();
    }
    json.end_object();
    json.key("stable_core");
    ids(r.stable_core);
    json.key("boundary");
    ids(r.boundary);
    json.key("baseline_shortlist").begin_array();
    for (const auto& a : r.applicants) {
        if (a.baseline_shortlisted)
            json.value(a.id.value());
    }
    json.end_array();
    json.key("mean_overlap");
    json_number(json, r.mean_overlap);
    json.key("mean_shortlist_size").value(r.mean_shortlist_size);
    json.key("kendall_tau");
    json_number(json, r.kendall_tau);
    json.key("kendall_tau_min");
    json_number(json, r.kendall_tau_min);
    json.end_object();
    json.finish();
}

/// The --csv tables, in DIR or (`workbook`) as the sheets of --xlsx FILE.
void write_csv_dir(Audit& audit, const fs::path& dir, const SensitivityResult& r,
                   bool workbook = false) {
    std::vector<std::string> band(r.applicants.size());
    for (const std::size_t k : r.stable_core)
        band[k] = "stable_core";
    for (const std::size_t k : r.boundary)
        band[k] = "boundary";
    auto applicants = [&](std::ostream& os) {
        os << "applicant_id,baseline_rank,baseline_shortlisted,p_shortlisted,shortlisted_draws,"
              "median_rank,rank_lo,rank_hi,rankable,guaranteed_interview,band\n";
        for (std::size_t k = 0; k < r.applicants.size(); ++k) {
            const auto& a = r.applicants[k];
            os << detail::csv_cell(a.id.value()) << ',' << csv_count(a.baseline_rank) << ','
               << (a.baseline_shortlisted ? "true" : "false") << ','
               << detail::format_shortest(a.p_shortlisted) << ',' << a.shortlisted_draws << ','
               << csv_count(a.median_rank) << ',' << csv_count(a.rank_lo) << ','
               << csv_count(a.rank_hi) << ',' << (a.rankable ? "true" : "false") << ','
               << (a.guaranteed_interview ? "true" : "false") << ',' << band[k] << '\n';
        }
    };
    auto weights = [&](std::ostream& os) {
        os << "criterion,weight\n";
        for (std::size_t c = 0; c < r.criteria.size(); ++c)
            os << detail::csv_cell(r.criteria[c].value()) << ','
               << detail::format_shortest(r.base_weights[c]) << '\n';
    };
    write_tables(audit, dir,
                 {{std::string(csv_tables[0]), applicants}, {std::string(csv_tables[1]), weights}},
                 workbook);
}

}  // namespace

int run_sensitivity(const Args& args, std::ostream& out, std::ostream& err) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("rules,r", po::value<std::string>()->value_name("FILE"), "the rulebook (required)")
        ("applicants,a", po::value<std::string>()->value_name("FILE"),
         "applicants CSV or JSON Lines, as for score (required)")
        ("ratings,x", po::value<std::string>()->value_name("FILE"), "ratings CSV, as for score")
        ("top,n", po::value<std::size_t>()->value_name("N"),
         "shortlist size (overrides the rulebook's shortlist.top)")
        ("dirichlet", po::value<double>()->value_name("K"),
         "draw weights from Dirichlet(K x the rulebook's weights): mean the rulebook's, larger K "
         "closer to them (the default, with K = 100)")
        ("perturb", po::value<double>()->value_name("X"),
         "instead, multiply each weight by 1 + U(-X%, X%) and renormalise (0 <= X < 100)")
        ("draws,d", po::value<std::size_t>()->value_name("D")->default_value(1000),
         "number of weight draws")
        ("seed,s", po::value<std::uint64_t>()->value_name("S")->default_value(1),
         "random seed: the same seed gives the same result on any number of threads")
        ("threads,j", po::value<std::size_t>()->value_name("T")->default_value(0),
         "threads (0: every core)")
        ("json", "print the JSON document instead of the text summary")
        ("csv", po::value<std::string>()->value_name("DIR"),
         "also write sensitivity.csv, sensitivity_weights.csv and the audit record audit.json in "
         "DIR (atomically)")
        ("xlsx", po::value<std::string>()->value_name("FILE"), xlsx_option_help);
    // clang-format on
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist sensitivity --rules R --applicants A [--ratings X]\n"
                      "                             [--top N] [--dirichlet K | --perturb X]\n"
                      "                             [--draws D] [--seed S] [--threads T]\n"
                      "                             [--json] [--csv DIR]\n\n"
                      "Re-score and re-select under D weight sets drawn around the rulebook's,\n"
                      "and report each applicant's probability of being shortlisted, median\n"
                      "rank and 90% rank interval, the stable core (shortlisted in >= 95% of\n"
                      "draws) and the boundary (5% to 95%). Gates are applied as in score.\n",
                      visible, nullptr, vm, out))
        return exit_ok;
    if (!vm.count("rules"))
        throw usage("--rules is required");
    if (!vm.count("applicants"))
        throw usage("--applicants is required");
    if (vm.count("dirichlet") && vm.count("perturb"))
        throw usage("give --dirichlet or --perturb, not both");
    SensitivityOptions options;
    if (vm.count("perturb")) {
        const double x = vm["perturb"].as<double>();
        if (!(x >= 0 && x < 100))
            throw usage("--perturb must be a percentage of at least 0 and below 100");
        options.method = Perturbation::Uniform;
        options.spread = x / 100;
    } else if (vm.count("dirichlet")) {
        const double k = vm["dirichlet"].as<double>();
        if (!(k > 0 && std::isfinite(k)))
            throw usage("--dirichlet must be a number above 0");
        options.concentration = k;
    }
    options.draws = vm["draws"].as<std::size_t>();
    if (options.draws == 0)
        throw usage("--draws must be at least 1");
    options.seed = vm["seed"].as<std::uint64_t>();
    options.threads = vm["threads"].as<std::size_t>();
    std::optional<std::size_t> top;
    if (vm.count("top")) {
        top = vm["top"].as<std::size_t>();
        if (*top == 0)
            throw usage("--top must be at least 1");
    }
    std::optional<fs::path> ratings_path;
    if (vm.count("ratings"))
        ratings_path = fs::path(vm["ratings"].as<std::string>());

    Audit audit("sensitivity", args);
    const Rulebook rulebook = load_rulebook(vm["rules"].as<std::string>());
    audit.rulebook(rulebook);
    audit.input("applicants", vm["applicants"].as<std::string>());
    if (ratings_path)
        audit.input("ratings", *ratings_path);
    audit.seed(options.seed);
    if (vm.count("csv"))
        refuse_overwriting_inputs_in(audit, vm["csv"].as<std::string>(), csv_tables);
    if (vm.count("xlsx"))
        audit.refuse_overwriting_inputs(vm["xlsx"].as<std::string>(), "--xlsx");
    const Evidence evidence =
        load_evidence(rulebook, vm["applicants"].as<std::string>(), ratings_path);
    const Scorer scorer(rulebook);
    const Shortlist baseline = select(scorer.rulebook(), scorer.score(evidence), top);
    Progress progress(err);
    if (&err == &std::cerr && isatty(STDERR_FILENO) == 1)
        options.progress = [&](std::size_t done, std::size_t total) { progress(done, total); };
    const SensitivityResult result = sensitivity(scorer.rulebook(), baseline, options);

    if (vm.count("xlsx"))  // docs/excel.md
        write_csv_dir(audit, vm["xlsx"].as<std::string>(), result, true);
    if (vm.count("csv"))
        write_csv_dir(audit, vm["csv"].as<std::string>(), result);
    if (vm.count("json"))
        write_json_with_audit(
            out, audit, [&](std::ostream& doc) { write_json(doc, scorer.rulebook(), result); });
    else
        write_text(out, scorer.rulebook(), result);
    return exit_ok;
}

}  // namespace shortlist::cli

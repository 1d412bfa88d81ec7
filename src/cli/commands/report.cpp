// shortlist report: the panel's HTML report (docs/report.md). Loads and scores
// as `score` does, runs the analyses through the library, and writes one
// self-contained HTML file with its audit record beside it.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/audit.hpp"
#include "cli/options.hpp"
#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/html.hpp"
#include "shortlist/report/progress.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/json.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "report: " + std::move(message));
}

/// The agreement statistics build a dense applicants x assessors matrix per
/// criterion; a criterion past this many cells is left out of the report.
constexpr double max_cells = 50e6;

/// Calibration of the panel, owned here while the report borrows it.
struct Panel {
    RatingTable table;
    AssessorEffects effects;
    Moderation moderation;
    std::vector<HtmlReport::Agreement> agreement;
};

std::optional<Panel> calibrate_panel(const Evidence& evidence, const Rulebook& rulebook) {
    Panel p;
    p.table = make_rating_table(evidence, rulebook);
    if (p.table.ratings.empty())
        return std::nullopt;
    p.effects = fit_assessor_effects(p.table);
    p.moderation = moderate(p.table, p.effects,
                            rulebook.moderation.threshold.value_or(default_moderation_threshold),
                            rulebook.moderation.min_severity.value_or(default_min_severity));
    for (std::uint32_t c = 0; c < p.table.criteria.size(); ++c) {
        const MatrixShape shape = matrix_shape(p.table, c);
        if (shape.subjects == 0 ||
            static_cast<double>(shape.subjects) * static_cast<double>(shape.raters) > max_cells)
            continue;
        const RatingMatrix m = criterion_matrix(p.table, c);
        HtmlReport::Agreement a;
        a.criterion = p.table.criteria[c];
        a.applicants = m.subjects;
        a.assessors = m.raters;
        a.ratings = shape.ratings;
        a.icc = intraclass_correlation(m);
        a.alpha = krippendorff_alpha(m);  // interval metric, bootstrap interval (fixed seed)
        p.agreement.push_back(std::move(a));
    }
    return p;
}

std::string audit_json(const Audit& audit) {
    std::ostringstream os;
    {
        detail::JsonWriter w(os);
        write_audit(w, audit.record());
    }
    return os.str();
}

}  // namespace

int run_report(const Args& args, std::ostream& out, std::ostream& err) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("rules,r", po::value<std::string>()->value_name("FILE"), "the rulebook (required)")
        ("applicants,a", po::value<std::string>()->value_name("FILE"),
         "applicants: CSV or JSON Lines, as for score (required)")
        ("ratings,x", po::value<std::string>()->value_name("FILE"), "ratings CSV")
        ("monitoring", po::value<std::string>()->value_name("FILE"),
         "equality-monitoring CSV (applicant_id + one column per characteristic): adds "
         "adverse impact by stage")
        ("top,n", po::value<std::size_t>()->value_name("N"),
         "shortlist size (overrides the rulebook's shortlist.top)")
        ("draws", po::value<std::size_t>()->value_name("D")->default_value(1000),
         "weight draws for the sensitivity section (0: leave it out)")
        ("seed", po::value<std::uint64_t>()->value_name("S")->default_value(1),
         "seed of the weight draws")
        ("out,o", po::value<std::string>()->value_name("FILE"),
         "the HTML file to write (required); its audit record goes to FILE.audit.json")
        ("quiet,q", "no progress on standard error (shown only when it is a terminal)");
    // clang-format on
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist report --rules R --applicants A [--ratings X]\n"
                      "                        [--monitoring M] [--top N] [--draws D]\n"
                      "                        [--seed S] [--quiet] --out report.html\n\n"
                      "Write the panel's report: one self-contained HTML file with the\n"
                      "shortlist, the distribution of totals, group scores, agreement and\n"
                      "moderation, assessor severity, weight sensitivity, adverse impact by\n"
                      "stage (with --monitoring), each applicant's explanation and the audit\n"
                      "record. No scripts, no network requests; it prints to PDF.\n",
                      visible, nullptr, vm, out))
        return exit_ok;
    for (const char* required : {"rules", "applicants", "out"})
        if (!vm.count(required))
            throw usage("--" + std::string(required) + " is required");
    std::optional<std::size_t> top;
    if (vm.count("top")) {
        top = vm["top"].as<std::size_t>();
        if (*top == 0)
            throw usage("--top must be at least 1");
    }
    const fs::path applicants_path = vm["applicants"].as<std::string>();
    std::optional<fs::path> ratings_path;
    if (vm.count("ratings"))
        ratings_path = fs::path(vm["ratings"].as<std::string>());
    std::optional<fs::path> monitoring_path;
    if (vm.count("monitoring"))
        monitoring_path = fs::path(vm["monitoring"].as<std::string>());
    const fs::path out_path = vm["out"].as<std::string>();
    const fs::path audit_path = out_path.string() + ".audit.json";

    Audit audit("report", args);
    const Rulebook rulebook = load_rulebook(vm["rules"].as<std::string>());
    const BlindColumns blind = check_blind_columns(rulebook, applicants_path);
    audit.rulebook(rulebook);
    audit.input("applicants", applicants_path);
    if (ratings_path)
        audit.input("ratings", *ratings_path);
    if (monitoring_path)
        audit.input("monitoring", *monitoring_path);
    const std::size_t draws = vm["draws"].as<std::size_t>();
    if (draws > 0)
        audit.seed(vm["seed"].as<std::uint64_t>());
    audit.refuse_overwriting_inputs(out_path);
    audit.refuse_overwriting_inputs(audit_path, "--out's audit record");

    const Evidence evidence = load_evidence(rulebook, applicants_path, ratings_path);
    const Scorer scorer(rulebook);
    const Shortlist shortlist = select(scorer.rulebook(), scorer.score(evidence), top);
    const std::vector<WhatItTakes> what = what_it_takes(scorer.rulebook(), shortlist);

    HtmlReport report;
    report.rulebook = &scorer.rulebook();
    report.shortlist = &shortlist;
    report.what_it_takes = &what;
    const std::optional<Panel> panel = calibrate_panel(evidence, scorer.rulebook());
    if (panel) {
        report.ratings = &panel->table;
        report.effects = &panel->effects;
        report.moderation = &panel->moderation;
        report.agreement = &panel->agreement;
    }
    std::optional<SensitivityResult> sens;
    if (draws > 0) {
        SensitivityOptions options;
        options.draws = draws;
        options.seed = vm["seed"].as<std::uint64_t>();
        ProgressBar bar(err, "report: weight sensitivity", "draws");
        if (&err == &std::cerr && !vm.count("quiet") && isatty(STDERR_FILENO) == 1)
            options.progress = bar.callback();
        sens = sensitivity(scorer.rulebook(), shortlist, options);
        report.sensitivity = &*sens;
    }
    std::optional<FairnessReport> fairness;
    if (monitoring_path) {
        fairness = assess_fairness(results_of(shortlist), load_monitoring(*monitoring_path));
        report.fairness = &*fairness;
    }
    if (!blind.dropped.empty()) {
        std::string dropped =
            "Monitoring-only columns dropped from the applicants file on load, "
            "never scored:";
        for (const auto& c : blind.dropped)
            dropped += ' ' + c;
        report.notes.push_back(dropped);
    }
    report.audit_json = audit_json(audit);
    report.reproduce = "shortlist verify " + out_path.string();
    write_output(audit, out_path, [&](std::ostream& os) { write_html(os, report); });
    write_sidecar(audit, audit_path);
    return exit_ok;
}

}  // namespace shortlist::cli

// bench_calibrate: how fast panel calibration runs on a national campaign.
//
//   bench_calibrate [applicants=100000] [criteria=6] [assessors=3] [panel=5] [seed=1] [repeats=3]
//
// Makes the ratings CSV text in memory (bench/synthetic.cpp, deterministic from
// the seed: `assessors` distinct assessors per applicant from a panel of
// `panel`, whole-number scores from ability, difficulty, severity and noise),
// then times each phase `repeats` times and prints the best as one JSON line:
//   load       parse_rating_table of the CSV text (what `calibrate --ratings X` reads)
//   additive   fit_assessor_effects, additive model (least squares, the reduced
//              system solved by a dense LDLT)
//   moderate   the moderation worklist and the assessors who differ
//   agreement  per criterion and overall: the subjects x assessors matrix, the
//              six ICCs with F tests and intervals, Krippendorff's alpha for the
//              four metrics (no bootstrap), Fleiss' kappa, Kendall's W,
//              Cohen's kappa for every pair of assessors, Gwet's AC1/AC2 and
//              Brennan-Prediger (with standard errors)
//   gtheory    generalizability: variance components (Henderson's method 1 /
//              ANOVA) per criterion and over all, G, Phi and the D study
//   rasch      fit_assessor_effects, many-facet Rasch model (JMLE with a joint
//              Newton step, docs/calibration.md#the-rasch-fit); `iterations`
//              is its sweeps. A panel of 50 (bench_calibrate 100000 6 3 50) is
//              the loosely connected design of make_dataset's ratings
//   additive_anchored, rasch_anchored
//              fit_anchored_effects: every assessor of the panel but the last
//              held at its free severity, with each one's drift
//   wright_map wright_map of the Rasch fit (applicants, assessors, criteria)
//   bootstrap  Krippendorff's interval alpha of one criterion with 1,000
//              bootstrap resamples
// Rates are per second of the best run (items = applicants, rows = ratings).
// peak_rss_mib is the process's peak so far (getrusage) and includes the input
// text, which stays in memory throughout.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <shortlist/analysis/anchoring.hpp>
#include <shortlist/analysis/calibration.hpp>
#include <shortlist/analysis/generalizability.hpp>
#include <shortlist/shortlist.hpp>

#include "synthetic.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
    shortlist_bench::Config config;
    std::size_t repeats = 3;
};

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "bench_calibrate: " << problem << "\n"
              << "usage: bench_calibrate [applicants=100000] [criteria=6] [assessors=3] "
                 "[panel=5] [seed=1] [repeats=3]\n";
    std::exit(2);
}

std::size_t positive(std::string_view s, std::string_view what) {
    const auto v = shortlist_bench::parse_positive(s);
    if (!v)
        usage(std::string(what) + " must be a positive whole number, not '" + std::string(s) + "'");
    return *v;
}

Args parse(int argc, char** argv) {
    if (argc > 7)
        usage("too many arguments");
    Args a;
    a.config.applicants = 100'000;
    a.config.criteria = 6;
    a.config.assessors = 3;
    a.config.panel = 5;
    if (argc > 1)
        a.config.applicants = positive(argv[1], "applicants");
    if (argc > 2)
        a.config.criteria = positive(argv[2], "criteria");
    if (argc > 3)
        a.config.assessors = positive(argv[3], "assessors");
    if (argc > 4)
        a.config.panel = positive(argv[4], "panel");
    if (argc > 5)
        a.config.seed = static_cast<std::uint32_t>(positive(argv[5], "seed"));
    if (argc > 6)
        a.repeats = positive(argv[6], "repeats");
    if (a.config.criteria < 3 || a.config.criteria > 999)
        usage("criteria must be between 3 and 999");
    if (a.config.assessors < 2)
        usage("assessors must be at least 2 (agreement needs two ratings of one applicant)");
    if (a.config.panel < a.config.assessors)
        usage("panel must be at least the assessors per applicant");
    return a;
}

using shortlist_bench::fixed;

void report(std::string_view name, const Args& args, std::size_t rows, double seconds,
            std::string_view extra = {}) {
    const auto& c = args.config;
    std::cout << R"({"name":")" << name << R"(","n":)" << c.applicants << R"(,"criteria":)"
              << c.criteria << R"(,"assessors":)" << c.assessors << R"(,"panel":)" << c.panel
              << R"(,"rows":)" << rows << R"(,"seconds":)" << fixed(seconds, 6)
              << R"(,"items_per_s":)" << fixed(static_cast<double>(c.applicants) / seconds, 0)
              << R"(,"rows_per_s":)" << fixed(static_cast<double>(rows) / seconds, 0)
              << R"(,"peak_rss_mib":)" << fixed(shortlist_bench::peak_rss_mib(), 1)
              << R"(,"best_of":)" << args.repeats << extra << "}\n"
              << std::flush;
}

using shortlist_bench::best_of;

/// Every statistic `shortlist calibrate` reports for one matrix (no bootstrap).
/// Returns a value that depends on all of them, so none is optimised away.
double all_statistics(const shortlist::RatingMatrix& m) {
    double sink = 0;
    const auto icc = shortlist::intraclass_correlation(m);
    sink += static_cast<double>(icc.notes.size());
    for (int metric = 0; metric < 4; ++metric) {
        shortlist::AlphaOptions o;
        o.metric = static_cast<shortlist::AlphaMetric>(metric);
        o.bootstrap_samples = 0;
        sink += shortlist::krippendorff_alpha(m, o).alpha.value_or(0);
    }
    sink += shortlist::fleiss_kappa(m).kappa.value_or(0);
    sink += shortlist::kendall_w(m).w.value_or(0);
    for (const auto& k : shortlist::pairwise_cohen_kappa(m, {}))
        sink += k.quadratic.value_or(0);
    const auto chance = shortlist::chance_corrected_agreement(m);
    sink += chance.gwet_ac1 ? chance.gwet_ac1->value : 0;
    return sink;
}

/// Every assessor of `effects` but the last, held at its severity.
shortlist::Anchors all_but_last(const shortlist::AssessorEffects& effects) {
    shortlist::Anchors a;
    a.source = "bench";
    a.model = effects.model;
    for (std::size_t j = 0; j + 1 < effects.assessors.size(); ++j)
        a.assessors.push_back({effects.assessors[j].id, effects.assessors[j].severity, {}});
    return a;
}

/// The anchored fits and the Wright map (docs/calibration.md#anchoring).
void anchoring_phases(const Args& args, std::size_t rows, const shortlist::RatingTable& table,
                      const shortlist::AssessorEffects& additive,
                      const shortlist::AssessorEffects& rasch) {
    for (const auto* free : {&additive, &rasch}) {
        shortlist::AnchoredEffects anchored;
        const double seconds = best_of(
            args.repeats, [] {},
            [&] {
                anchored = shortlist::fit_anchored_effects(table, free->model, all_but_last(*free));
            });
        report(
            free->model == shortlist::EffectsModel::Rasch ? "rasch_anchored" : "additive_anchored",
            args, rows, seconds,
            R"(,"anchored":)" + std::to_string(anchored.anchoring.anchored.size()) +
                R"(,"max_abs_drift":)" + fixed(anchored.anchoring.max_abs_drift.value_or(-1), 9));
    }
    std::optional<shortlist::WrightMap> map;
    const double seconds = best_of(
        args.repeats, [] {}, [&] { map = shortlist::wright_map(table, rasch); });
    report("wright_map", args, rows, seconds,
           R"(,"applicants":)" + std::to_string(map ? map->applicants.size() : 0));
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    const auto& cfg = args.config;
    try {
        const std::string ratings_csv =
            shortlist_bench::collect(cfg, &shortlist_bench::write_ratings_csv);
        const std::size_t rows = cfg.applicants * cfg.criteria * cfg.assessors;

        shortlist::RatingTable table;
        const double load = best_of(
            args.repeats, [] {},
            [&] { table = shortlist::parse_rating_table(ratings_csv, "ratings.csv"); });
        if (table.ratings.size() != rows)
            throw std::runtime_error("read " + std::to_string(table.ratings.size()) +
                                     " ratings, expected " + std::to_string(rows));
        report("load", args, rows, load, R"(,"bytes":)" + std::to_string(ratings_csv.size()));

        shortlist::AssessorEffects additive;
        const double fit = best_of(
            args.repeats, [] {},
            [&] {
                additive =
                    shortlist::fit_assessor_effects(table, shortlist::EffectsModel::Additive);
            });
        report("additive", args, rows, fit,
               R"(,"usable":)" + std::string(additive.usable() ? "true" : "false"));

        shortlist::Moderation moderation;
        const double moderate = best_of(
            args.repeats, [] {}, [&] { moderation = shortlist::moderate(table, additive); });
        report("moderate", args, rows, moderate,
               R"(,"cases":)" + std::to_string(moderation.cases.size()) + R"(,"flagged":)" +
                   std::to_string(moderation.assessors.size()));

        double sink = 0;
        const double agreement = best_of(
            args.repeats, [] {},
            [&] {
                for (std::uint32_t c = 0; c < table.criteria.size(); ++c)
                    sink += all_statistics(shortlist::criterion_matrix(table, c));
                sink += all_statistics(shortlist::overall_matrix(table));
            });
        report("agreement", args, rows, agreement, R"(,"checksum":)" + fixed(sink, 3));

        shortlist::GeneralizabilityStudy study;
        const double gtheory = best_of(
            args.repeats, [] {}, [&] { study = shortlist::generalizability(table); });
        report("gtheory", args, rows, gtheory,
               R"(,"g":)" + fixed(study.overall.g.value_or(0), 4) + R"(,"phi":)" +
                   fixed(study.overall.phi.value_or(0), 4) + R"(,"estimator":")" +
                   std::string(shortlist::to_string(study.overall.estimator)) + "\"");

        shortlist::AssessorEffects rasch;
        const double rasch_fit = best_of(
            args.repeats, [] {},
            [&] {
                rasch = shortlist::fit_assessor_effects(table, shortlist::EffectsModel::Rasch);
            });
        report("rasch", args, rows, rasch_fit,
               R"(,"iterations":)" + std::to_string(rasch.iterations) + R"(,"converged":)" +
                   (rasch.converged ? "true" : "false"));
        anchoring_phases(args, rows, table, additive, rasch);

        const shortlist::RatingMatrix first = shortlist::criterion_matrix(table, 0);
        shortlist::AlphaOptions boot;
        boot.metric = shortlist::AlphaMetric::Interval;
        boot.bootstrap_samples = 1000;
        std::optional<double> alpha;
        const double bootstrap = best_of(
            args.repeats, [] {}, [&] { alpha = shortlist::krippendorff_alpha(first, boot).alpha; });
        report("bootstrap", args, cfg.applicants * cfg.assessors, bootstrap,
               R"(,"samples":1000,"alpha":)" + fixed(alpha.value_or(0), 4));
        return 0;
    } catch (const std::exception& e) {  // shortlist::Error names file:line:col
        std::cerr << "bench_calibrate: " << e.what() << '\n';
        return 1;
    }
}

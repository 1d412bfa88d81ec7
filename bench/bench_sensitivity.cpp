// bench_sensitivity: how fast sensitivity() re-scores and re-selects a batch
// under many weight draws.
//
//   bench_sensitivity [applicants=10000] [criteria=20] [draws=10000] [threads=2]
//                     [seed=1] [repeats=3] [method=dirichlet|uniform]
//                     [mode=full|selection]
//
// Makes the synthetic rulebook and data of bench_score (bench/synthetic.cpp,
// deterministic from the seed; 3 assessors per applicant, top 1%), loads,
// scores with the per-criterion breakdown and selects them (untimed), then
// times sensitivity() `repeats` times (Dirichlet with κ = 100, or ±20%
// uniform) and prints the best as one JSON line: seconds, CPU seconds (user +
// sys of every thread, getrusage: the fairer figure on a loaded machine),
// draws/s, applicant-draws/s, peak RSS (getrusage; includes the input text
// and the outcomes), and the stable core and boundary sizes. mode=selection
// times the selection-only run (SensitivityOptions::ranks false: shortlist
// counts only, as bench/numpy_sensitivity.py computes).
#include <sys/resource.h>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>

#include <shortlist/analysis/sensitivity.hpp>
#include <shortlist/shortlist.hpp>

#include "synthetic.hpp"

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "bench_sensitivity: " << problem << "\n"
              << "usage: bench_sensitivity [applicants=10000] [criteria=20] [draws=10000] "
                 "[threads=2] [seed=1] [repeats=3] [method=dirichlet|uniform] "
                 "[mode=full|selection]\n";
    std::exit(2);
}

std::size_t positive(std::string_view s, std::string_view what) {
    std::size_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v == 0)
        usage(std::string(what) + " must be a positive whole number, not '" + std::string(s) + "'");
    return v;
}

/// User + system CPU seconds of the whole process so far (every thread).
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

std::string fixed(double v, int decimals) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return std::string(buf, end);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 9)
        usage("too many arguments");
    shortlist_bench::Config cfg;
    cfg.applicants = 10000;
    cfg.assessors = 3;
    shortlist::SensitivityOptions options;
    options.draws = 10000;
    options.threads = 2;
    std::size_t repeats = 3;
    if (argc > 1)
        cfg.applicants = positive(argv[1], "applicants");
    if (argc > 2)
        cfg.criteria = positive(argv[2], "criteria");
    if (argc > 3)
        options.draws = positive(argv[3], "draws");
    if (argc > 4)
        options.threads = positive(argv[4], "threads");
    if (argc > 5)
        cfg.seed = static_cast<std::uint32_t>(positive(argv[5], "seed"));
    if (argc > 6)
        repeats = positive(argv[6], "repeats");
    if (argc > 7) {
        const std::string_view m = argv[7];
        if (m == "uniform")
            options.method = shortlist::Perturbation::Uniform;
        else if (m != "dirichlet")
            usage("method must be dirichlet or uniform");
    }
    if (argc > 8) {
        const std::string_view m = argv[8];
        if (m == "selection")
            options.ranks = false;
        else if (m != "full")
            usage("mode must be full or selection");
    }
    if (cfg.criteria < 3 || cfg.criteria > 999)
        usage("criteria must be between 3 and 999 (one or more in each group)");
    options.seed = cfg.seed;
    try {
        const shortlist::Rulebook rulebook =
            shortlist::parse_rulebook(shortlist_bench::rulebook_yaml(cfg), "bench.yaml");
        shortlist::Shortlist baseline;
        {
            const std::string applicants =
                shortlist_bench::collect(cfg, &shortlist_bench::write_applicants_csv);
            const std::string ratings =
                shortlist_bench::collect(cfg, &shortlist_bench::write_ratings_csv);
            shortlist::Evidence evidence =
                shortlist::parse_applicants_csv(rulebook, applicants, "applicants.csv");
            shortlist::parse_ratings_csv(rulebook, evidence, ratings, "ratings.csv");
            const shortlist::Scorer scorer(rulebook);
            baseline = shortlist::select(scorer.rulebook(), scorer.score(evidence));
        }
        double best = std::numeric_limits<double>::infinity(), best_cpu = best;
        shortlist::SensitivityResult result;
        for (std::size_t i = 0; i < repeats; ++i) {
            const auto t0 = Clock::now();
            const double cpu0 = cpu_seconds();
            result = shortlist::sensitivity(rulebook, baseline, options);
            best_cpu = std::min(best_cpu, cpu_seconds() - cpu0);
            best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
        }
        std::size_t rankable = 0;
        for (const auto& a : result.applicants)
            rankable += a.rankable ? 1U : 0U;
        const double draws = static_cast<double>(options.draws);
        std::cout << R"({"name":"sensitivity","n":)" << cfg.applicants << R"(,"rankable":)"
                  << rankable << R"(,"criteria":)" << cfg.criteria << R"(,"draws":)"
                  << options.draws << R"(,"method":")" << shortlist::to_string(options.method)
                  << R"(","mode":")" << (options.ranks ? "full" : "selection") << R"(","threads":)"
                  << options.threads << R"(,"seconds":)" << fixed(best, 4) << R"(,"cpu_seconds":)"
                  << fixed(best_cpu, 4) << R"(,"draws_per_s":)" << fixed(draws / best, 0)
                  << R"(,"applicant_draws_per_s":)"
                  << fixed(draws * static_cast<double>(rankable) / best, 0) << R"(,"peak_rss_mib":)"
                  << fixed(shortlist_bench::peak_rss_mib(), 1) << R"(,"rank_bin":)"
                  << result.rank_bin << R"(,"stable_core":)" << result.stable_core.size()
                  << R"(,"boundary":)" << result.boundary.size() << R"(,"kendall_tau":)"
                  << (result.kendall_tau ? fixed(*result.kendall_tau, 4) : std::string("null"))
                  << R"(,"best_of":)" << repeats << "}\n";
        return 0;
    } catch (const shortlist::Error& e) {
        std::cerr << e.what() << '\n';
        return 2;
    }
}

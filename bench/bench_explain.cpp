// bench_explain: how fast what_it_takes() and band() run on a large batch.
//
//   bench_explain [applicants=100000] [criteria=20] [assessors=3] [seed=1] [repeats=3]
//
// Makes the synthetic rulebook and evidence of bench_score (bench/synthetic.cpp,
// deterministic from the seed), scores them with the breakdown that
// what_it_takes() rescores from, selects, then times `repeats` runs of each
// phase and prints the best as one JSON line per phase:
//   what_it_takes  what_it_takes() over every applicant (margins and improvements)
//   bands          band() with r_xx 0.85, 95%, fixed and then sliding
// items_per_s = applicants per second of the best run; peak_rss_mib is the
// process's peak so far (getrusage), input text and outcomes included.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <shortlist/shortlist.hpp>

#include "synthetic.hpp"

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "bench_explain: " << problem << "\n"
              << "usage: bench_explain [applicants=100000] [criteria=20] [assessors=3] "
                 "[seed=1] [repeats=3]\n";
    std::exit(2);
}

std::size_t positive(std::string_view s, std::string_view what) {
    std::size_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v == 0)
        usage(std::string(what) + " must be a positive whole number, not '" + std::string(s) + "'");
    return v;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return std::string(buf, end);
}

template <class Run>
double best_of(std::size_t repeats, Run run) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < repeats; ++i) {
        const auto t0 = Clock::now();
        run();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 6)
        usage("too many arguments");
    shortlist_bench::Config cfg;
    cfg.applicants = argc > 1 ? positive(argv[1], "applicants") : 100'000;
    cfg.criteria = argc > 2 ? positive(argv[2], "criteria") : 20;
    cfg.assessors = argc > 3 ? positive(argv[3], "assessors") : 3;
    cfg.seed = argc > 4 ? static_cast<std::uint32_t>(positive(argv[4], "seed")) : 1;
    const std::size_t repeats = argc > 5 ? positive(argv[5], "repeats") : 3;
    if (cfg.criteria < 3 || cfg.criteria > 999)
        usage("criteria must be between 3 and 999 (one or more in each group)");
    cfg.panel = std::max(cfg.panel, cfg.assessors);
    try {
        const shortlist::Rulebook rulebook =
            shortlist::parse_rulebook(shortlist_bench::rulebook_yaml(cfg), "bench.yaml");
        const std::string applicants =
            shortlist_bench::collect(cfg, &shortlist_bench::write_applicants_csv);
        const std::string ratings =
            shortlist_bench::collect(cfg, &shortlist_bench::write_ratings_csv);
        shortlist::Evidence evidence =
            shortlist::parse_applicants_csv(rulebook, applicants, "applicants.csv");
        shortlist::parse_ratings_csv(rulebook, evidence, ratings, "ratings.csv");
        const shortlist::Scorer scorer(rulebook);
        const shortlist::Shortlist result =
            shortlist::select(scorer.rulebook(), scorer.score(evidence));

        auto report = [&](std::string_view name, double seconds, const std::string& extra) {
            std::cout << R"({"name":")" << name << R"(","n":)" << cfg.applicants
                      << R"(,"criteria":)" << cfg.criteria << R"(,"seconds":)" << fixed(seconds, 6)
                      << R"(,"items_per_s":)"
                      << fixed(static_cast<double>(cfg.applicants) / seconds, 0)
                      << R"(,"peak_rss_mib":)" << fixed(shortlist_bench::peak_rss_mib(), 1)
                      << R"(,"best_of":)" << repeats << extra << "}\n"
                      << std::flush;
        };

        std::vector<shortlist::WhatItTakes> what;
        const double explain =
            best_of(repeats, [&] { what = shortlist::what_it_takes(scorer.rulebook(), result); });
        std::size_t improvements = 0;
        for (const auto& w : what)
            improvements += w.kind == shortlist::WhatItTakes::Kind::Improvement ? 1U : 0U;
        report("what_it_takes", explain, R"(,"improvements":)" + std::to_string(improvements));

        shortlist::Bands bands;
        const double banding = best_of(repeats, [&] {
            bands = shortlist::band(result, {0.85, 0.95, shortlist::BandMethod::Fixed, {}});
            bands = shortlist::band(result, {0.85, 0.95, shortlist::BandMethod::Sliding, {}});
        });
        report("bands", banding,
               R"(,"boundary_band":)" + std::to_string(bands.boundary_entries.size()));
        return 0;
    } catch (const std::exception& e) {  // shortlist::Error names file:line:col
        std::cerr << "bench_explain: " << e.what() << '\n';
        return 1;
    }
}

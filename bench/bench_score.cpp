// bench_score: how fast the library loads, scores and ranks a large batch.
//
//   bench_score [applicants=1000000] [criteria=20] [assessors=3] [seed=1] [repeats=3]
//
// Makes a synthetic rulebook and the applicants and ratings CSV text in memory
// (bench/synthetic.cpp, deterministic from the seed), then times each phase
// `repeats` times and prints the best as one JSON line per phase:
//   load    parse_applicants_csv + parse_ratings_csv of the in-memory text
//   score          Scorer::score over the whole batch, without the per-criterion
//                  breakdown (ScoreOptions::explain off: what `shortlist score`
//                  does unless asked for --explain)
//   score_explain  the same with the breakdown
//   select         select(): gates, ranking, ties, statuses and reasons
//   write_csv      write_csv() of the shortlist (formatting only: the bytes are
//                  counted and dropped)
// Rates are per second of the best run: items = applicants, rows = rating
// rows, MB = input CSV bytes (10^6). peak_rss_mib is the process's peak so far
// (getrusage), and includes the input text, which stays in memory throughout.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <shortlist/shortlist.hpp>

#include "synthetic.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
    shortlist_bench::Config config;
    std::size_t repeats = 3;
};

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "bench_score: " << problem << "\n"
              << "usage: bench_score [applicants=1000000] [criteria=20] [assessors=3] "
                 "[seed=1] [repeats=3]\n";
    std::exit(2);
}

std::size_t positive(std::string_view s, std::string_view what) {
    const auto v = shortlist_bench::parse_positive(s);
    if (!v)
        usage(std::string(what) + " must be a positive whole number, not '" + std::string(s) + "'");
    return *v;
}

Args parse(int argc, char** argv) {
    if (argc > 6)
        usage("too many arguments");
    Args a;
    if (argc > 1)
        a.config.applicants = positive(argv[1], "applicants");
    if (argc > 2)
        a.config.criteria = positive(argv[2], "criteria");
    if (argc > 3)
        a.config.assessors = positive(argv[3], "assessors");
    if (argc > 4)
        a.config.seed = static_cast<std::uint32_t>(positive(argv[4], "seed"));
    if (argc > 5)
        a.repeats = positive(argv[5], "repeats");
    if (a.config.criteria < 3 || a.config.criteria > 999)
        usage("criteria must be between 3 and 999 (one or more in each group)");
    a.config.panel = std::max(a.config.panel, a.config.assessors);
    return a;
}

using shortlist_bench::fixed;

struct Sizes {
    std::size_t applicants = 0;
    std::size_t rows = 0;
    std::size_t bytes = 0;
};

void report(std::string_view name, const Args& args, const Sizes& n, double seconds,
            std::string_view extra = {}) {
    std::cout << R"({"name":")" << name << R"(","n":)" << n.applicants << R"(,"criteria":)"
              << args.config.criteria << R"(,"assessors":)" << args.config.assessors
              << R"(,"rows":)" << n.rows << R"(,"bytes":)" << n.bytes << R"(,"seconds":)"
              << fixed(seconds, 6) << R"(,"items_per_s":)"
              << fixed(static_cast<double>(n.applicants) / seconds, 0) << R"(,"rows_per_s":)"
              << fixed(static_cast<double>(n.rows) / seconds, 0) << R"(,"mb_per_s":)"
              << fixed(static_cast<double>(n.bytes) / 1e6 / seconds, 1) << R"(,"peak_rss_mib":)"
              << fixed(shortlist_bench::peak_rss_mib(), 1) << R"(,"best_of":)" << args.repeats
              << extra << "}\n"
              << std::flush;
}

/// A stream buffer that only counts what is written: the write_csv phase
/// times formatting, not a growing string or a disk.
struct CountingBuffer : std::streambuf {
    std::size_t bytes = 0;
    std::streamsize xsputn(const char*, std::streamsize n) override {
        bytes += static_cast<std::size_t>(n);
        return n;
    }
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof()))
            ++bytes;
        return traits_type::not_eof(c);
    }
};

using shortlist_bench::best_of;

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    const auto& cfg = args.config;
    try {
        const auto t0 = Clock::now();
        const shortlist::Rulebook rulebook =
            shortlist::parse_rulebook(shortlist_bench::rulebook_yaml(cfg), "bench.yaml");
        const std::string applicants_csv =
            shortlist_bench::collect(cfg, &shortlist_bench::write_applicants_csv);
        const std::string ratings_csv =
            shortlist_bench::collect(cfg, &shortlist_bench::write_ratings_csv);
        std::cerr << "bench_score: generated "
                  << static_cast<double>(applicants_csv.size() + ratings_csv.size()) / 1e6
                  << " MB of CSV in " << std::chrono::duration<double>(Clock::now() - t0).count()
                  << " s\n";

        const Sizes sizes{cfg.applicants, cfg.applicants * cfg.criteria * cfg.assessors,
                          applicants_csv.size() + ratings_csv.size()};

        std::optional<shortlist::Evidence> evidence;
        const double load = best_of(
            args.repeats, [&] { evidence.reset(); },
            [&] {
                evidence.emplace(
                    shortlist::parse_applicants_csv(rulebook, applicants_csv, "applicants.csv"));
                shortlist::parse_ratings_csv(rulebook, *evidence, ratings_csv, "ratings.csv");
            });
        if (evidence->ratings.size() != sizes.rows)
            throw std::runtime_error("loaded " + std::to_string(evidence->ratings.size()) +
                                     " ratings, expected " + std::to_string(sizes.rows));
        report("load", args, sizes, load);

        const shortlist::Scorer scorer(rulebook);
        std::vector<shortlist::Outcome> outcomes;
        shortlist::ScoreOptions explain;
        explain.explain = true;
        const double score_explain = best_of(
            args.repeats, [&] { outcomes = {}; },
            [&] { outcomes = scorer.score(*evidence, explain); });
        shortlist::ScoreOptions lean;
        lean.explain = false;
        const double score = best_of(
            args.repeats, [&] { outcomes = {}; },
            [&] { outcomes = scorer.score(*evidence, lean); });
        report("score", args, sizes, score);
        report("score_explain", args, sizes, score_explain);

        shortlist::Shortlist result;
        const double rank = best_of(
            args.repeats,
            [&] {
                if (!result.outcomes.empty())
                    outcomes = std::move(result.outcomes);  // select keeps them; reuse them
                result = {};
            },
            [&] { result = shortlist::select(scorer.rulebook(), std::move(outcomes)); });
        std::size_t eligible = 0;
        for (const auto& o : result.outcomes)
            eligible += o.eligible();
        report("select", args, sizes, rank,
               R"(,"eligible":)" + std::to_string(eligible) + R"(,"shortlisted":)" +
                   std::to_string(result.shortlisted));

        CountingBuffer counter;
        std::ostream csv(&counter);
        const double write = best_of(
            args.repeats, [&] { counter.bytes = 0; },
            [&] { shortlist::write_csv(csv, scorer.rulebook(), result); });
        report("write_csv", args, sizes, write,
               R"(,"output_bytes":)" + std::to_string(counter.bytes));
        return 0;
    } catch (const std::exception& e) {  // shortlist::Error names file:line:col
        std::cerr << "bench_score: " << e.what() << '\n';
        return 1;
    }
}

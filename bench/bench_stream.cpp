// bench_stream: peak memory and time of `score` on a JSON Lines file, or on an
// applicants CSV and its ratings CSV, streamed (shortlist_stream: what
// `score --shortlist-only --top N` does) or whole (load_evidence + score +
// select: what `score` does).
//
//   bench_stream MODE [applicants=1000000] [top=100] [criteria=10] [assessors=2] [seed=1]
//                [opted_in_percent=5]
//
// MODE is stream or whole (JSON Lines), stream_csv or whole_csv (CSV: the
// ratings grouped by applicant, in the applicants' order). Writes the
// synthetic applicants (bench/synthetic.cpp, deterministic from the seed) to
// temporary files, a megabyte at a time, then runs the job once and prints one
// JSON line: name, n, seconds (the job, not the files' writing), file MB (all
// inputs), passes, shortlisted and peak_rss_mib (getrusage: the process's
// peak, which writing the files keeps to a few MiB).
#include <unistd.h>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <shortlist/shortlist.hpp>

#include "synthetic.hpp"

namespace {

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "bench_stream: " << problem << "\n"
              << "usage: bench_stream stream|whole|stream_csv|whole_csv [applicants=1000000] "
                 "[top=100] [criteria=10] "
                 "[assessors=2] [seed=1] [opted_in_percent=5]\n";
    std::exit(2);
}

std::size_t positive(std::string_view s, std::string_view what) {
    std::size_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v == 0)
        usage(std::string(what) + " must be a positive whole number, not '" + std::string(s) + "'");
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 8)
        usage("wrong number of arguments");
    const std::string mode = argv[1];
    if (mode != "stream" && mode != "whole" && mode != "stream_csv" && mode != "whole_csv")
        usage("MODE must be stream, whole, stream_csv or whole_csv");
    const bool csv = mode.ends_with("_csv");
    shortlist_bench::Config c;
    c.applicants = argc > 2 ? positive(argv[2], "applicants") : 1000000;
    c.top = argc > 3 ? positive(argv[3], "top") : 100;
    c.criteria = argc > 4 ? positive(argv[4], "criteria") : 10;
    c.assessors = argc > 5 ? positive(argv[5], "assessors") : 2;
    c.seed = argc > 6 ? static_cast<std::uint32_t>(positive(argv[6], "seed")) : 1;
    if (argc > 7) {  // 0 allowed: nobody opted in
        const std::string_view p = argv[7];
        c.opted_in = p == "0" ? 0.0 : static_cast<double>(positive(p, "opted_in_percent")) / 100;
    }
    if (c.criteria < 3)
        usage("criteria must be 3 or more (one or more in each group)");

    namespace fs = std::filesystem;
    const std::string stem =
        "bench_stream_" + std::to_string(c.applicants) + "_" + std::to_string(::getpid());
    const fs::path file = fs::temp_directory_path() / (stem + (csv ? ".csv" : ".jsonl"));
    const fs::path ratings = fs::temp_directory_path() / (stem + "_ratings.csv");
    auto write_to = [&](const fs::path& path, auto write) {
        std::ofstream out(path, std::ios::binary);
        write(c, [&](std::string_view s) {
            out.write(s.data(), static_cast<std::streamsize>(s.size()));
        });
        if (!out) {
            std::cerr << "bench_stream: cannot write " << path << "\n";
            std::exit(1);
        }
    };
    if (csv) {
        write_to(file, shortlist_bench::write_applicants_csv);
        write_to(ratings, shortlist_bench::write_ratings_csv);
    } else {
        write_to(file, shortlist_bench::write_applicants_jsonl);
    }
    const std::optional<fs::path> ratings_file =
        csv ? std::optional<fs::path>(ratings) : std::nullopt;
    const double mb =
        static_cast<double>(fs::file_size(file) + (csv ? fs::file_size(ratings) : 0)) / 1e6;
    try {
        const shortlist::Scorer scorer(
            shortlist::parse_rulebook(shortlist_bench::rulebook_yaml(c), "bench.yaml"));
        const auto start = std::chrono::steady_clock::now();
        std::size_t passes = 1;
        std::size_t shortlisted = 0;
        if (mode.starts_with("stream")) {
            shortlist::StreamOptions o;
            o.top = c.top;
            const auto r = shortlist::shortlist_stream(scorer, file, ratings_file, o);
            passes = r.passes;
            shortlisted = r.shortlist.shortlisted;
        } else {
            const auto e = shortlist::load_evidence(scorer.rulebook(), file, ratings_file);
            const auto s = shortlist::select(scorer.rulebook(), scorer.score(e, {false}), c.top);
            shortlisted = s.shortlisted;
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << "{\"name\":\"score_" << mode << "\",\"n\":" << c.applicants
                  << ",\"top\":" << c.top << ",\"opted_in\":" << c.opted_in
                  << ",\"seconds\":" << seconds << ",\"file_mb\":" << mb << ",\"passes\":" << passes
                  << ",\"shortlisted\":" << shortlisted
                  << ",\"peak_rss_mib\":" << shortlist_bench::peak_rss_mib() << "}\n";
    } catch (const std::exception& e) {
        fs::remove(file);
        fs::remove(ratings);
        std::cerr << e.what() << "\n";
        return 1;
    }
    fs::remove(file);
    fs::remove(ratings);
    return 0;
}

// make_dataset: write a synthetic benchmark dataset for end-to-end timing.
//
//   make_dataset DIR [applicants=100000] [criteria=20] [assessors=3] [seed=1]
//
// Writes DIR/rulebook.yaml, DIR/applicants.csv, DIR/ratings.csv (applicants x
// criteria x assessors rows; 100,000 x 20 x 3 = 6 M rows, about 130 MB) and
// DIR/job.json (the same rulebook as plain numbers, for the pandas baseline).
// The same arguments always give the same bytes.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

#include "synthetic.hpp"

namespace fs = std::filesystem;

namespace {

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "make_dataset: " << problem << "\n"
              << "usage: make_dataset DIR [applicants=100000] [criteria=20] [assessors=3] "
                 "[seed=1]\n";
    std::exit(2);
}

std::size_t positive(std::string_view s, std::string_view what) {
    const auto v = shortlist_bench::parse_positive(s);
    if (!v)
        usage(std::string(what) + " must be a positive whole number, not '" + std::string(s) + "'");
    return *v;
}

/// Stream `write`'s text into `file`; exits with a message if it cannot.
void write_file(const fs::path& file,
                const std::function<void(const shortlist_bench::Sink&)>& write) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        usage("cannot create " + file.string());
    write([&](std::string_view piece) {
        out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    });
    out.close();
    if (!out) {
        std::cerr << "make_dataset: error writing " << file.string() << '\n';
        std::exit(1);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 6)
        usage("expected a directory and up to four numbers");
    shortlist_bench::Config cfg;
    cfg.applicants = 100'000;
    const fs::path dir = argv[1];
    if (argc > 2)
        cfg.applicants = positive(argv[2], "applicants");
    if (argc > 3)
        cfg.criteria = positive(argv[3], "criteria");
    if (argc > 4)
        cfg.assessors = positive(argv[4], "assessors");
    if (argc > 5)
        cfg.seed = static_cast<std::uint32_t>(positive(argv[5], "seed"));
    if (cfg.criteria < 3 || cfg.criteria > 999)
        usage("criteria must be between 3 and 999 (one or more in each group)");
    cfg.panel = std::max(cfg.panel, cfg.assessors);

    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        usage("cannot create " + dir.string() + ": " + ec.message());
    write_file(dir / "rulebook.yaml",
               [&](const auto& sink) { sink(shortlist_bench::rulebook_yaml(cfg)); });
    write_file(dir / "job.json", [&](const auto& sink) { sink(shortlist_bench::job_json(cfg)); });
    write_file(dir / "applicants.csv",
               [&](const auto& sink) { shortlist_bench::write_applicants_csv(cfg, sink); });
    write_file(dir / "ratings.csv",
               [&](const auto& sink) { shortlist_bench::write_ratings_csv(cfg, sink); });
    std::cout << "make_dataset: " << cfg.applicants << " applicants, "
              << cfg.applicants * cfg.criteria * cfg.assessors << " ratings ("
              << fs::file_size(dir / "ratings.csv") / 1'000'000 << " MB) in " << dir.string()
              << '\n';
    return 0;
}

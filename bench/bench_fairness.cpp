// bench_fairness: how fast `shortlist fairness` reads the score output and a
// monitoring file and computes every stage, column and group.
//
//   bench_fairness [applicants=100000] [seed=1] [repeats=3]
//
// Makes the score CSV (rank, applicant_id, status) and a monitoring CSV with
// four columns (2, 6, 5 and 3 groups, one of them small enough to be
// suppressed) in memory, deterministically from the seed, then times, best of
// `repeats`, one JSON line per phase:
//   load    parse_results + parse_monitoring of the in-memory text
//   assess  assess_fairness: 2 stages x 4 columns, each group's rates, four-
//           fifths flag, Fisher's exact test and z against the reference
// Rates are applicants per second of the best run; peak_rss_mib is the
// process's peak so far (getrusage).
#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include <shortlist/analysis/fairness.hpp>

#include "synthetic.hpp"

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "bench_fairness: " << problem << "\n"
              << "usage: bench_fairness [applicants=100000] [seed=1] [repeats=3]\n";
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
    return ec == std::errc{} ? std::string(buf, end) : "nan";
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? positive(argv[1], "applicants") : 100000;
    const std::size_t seed = argc > 2 ? positive(argv[2], "seed") : 1;
    const std::size_t repeats = argc > 3 ? positive(argv[3], "repeats") : 3;
    if (argc > 4)
        usage("too many arguments");

    boost::random::mt19937 rng(static_cast<std::uint32_t>(seed));
    boost::random::uniform_01<double> u;
    constexpr std::string_view sexes[] = {"Female", "Male"};
    constexpr std::string_view ethnicities[] = {"White", "Asian", "Black", "Mixed", "Other", ""};
    constexpr std::string_view ages[] = {"18-24", "25-34", "35-44", "45-54", "55+"};
    constexpr std::string_view disability[] = {"No", "Yes", "Prefer not to say"};
    std::string results = "rank,applicant_id,status\n";
    std::string monitoring = "applicant_id,sex,ethnicity,age_band,disability\n";
    std::size_t rank = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string id = "A" + std::to_string(i + 1);
        const std::size_t sex = u(rng) < 0.5 ? 0 : 1;
        const double merit = u(rng) + (sex == 0 ? -0.05 : 0.05);
        const bool eligible = merit > 0.3;
        const bool shortlisted = merit > 0.85;
        results += (eligible ? std::to_string(++rank) : "") + ',' + id + ',' +
                   (shortlisted ? "shortlisted"
                    : eligible  ? "not_shortlisted"
                                : "not_eligible") +
                   '\n';
        const double e = u(rng);
        const std::size_t eth = e < 0.8                                   ? 0
                                : e < 0.88                                ? 1
                                : e < 0.93                                ? 2
                                : e < 0.98                                ? 3
                                : e < 0.98 + 4.0 / static_cast<double>(n) ? 4
                                                                          : 5;
        monitoring += id + ',' + std::string(sexes[sex]) + ',' + std::string(ethnicities[eth]) +
                      ',' + std::string(ages[static_cast<std::size_t>(u(rng) * 5)]) + ',' +
                      std::string(disability[static_cast<std::size_t>(u(rng) * 3)]) + '\n';
    }

    double best_load = 1e300;
    double best_assess = 1e300;
    std::size_t groups = 0;
    std::size_t flagged = 0;
    for (std::size_t r = 0; r < repeats; ++r) {
        const auto t0 = Clock::now();
        const shortlist::ScoreResults res = shortlist::parse_results(results, "results.csv");
        const shortlist::Monitoring mon = shortlist::parse_monitoring(monitoring, "monitoring.csv");
        const auto t1 = Clock::now();
        const shortlist::FairnessReport rep = shortlist::assess_fairness(res, mon);
        const auto t2 = Clock::now();
        best_load = std::min(best_load, std::chrono::duration<double>(t1 - t0).count());
        best_assess = std::min(best_assess, std::chrono::duration<double>(t2 - t1).count());
        groups = flagged = 0;
        for (const auto& s : rep.stages)
            for (const auto& c : s.columns)
                for (const auto& g : c.groups) {
                    ++groups;
                    flagged += g.four_fifths_flag;
                }
    }
    const double dn = static_cast<double>(n);
    for (auto [name, seconds] : {std::pair{"load", best_load}, std::pair{"assess", best_assess}})
        std::cout << R"({"bench":"fairness","name":")" << name << R"(","applicants":)" << n
                  << R"(,"seconds":)" << fixed(seconds, 6) << R"(,"applicants_per_s":)"
                  << fixed(dn / seconds, 0) << R"(,"groups":)" << groups << R"(,"flagged":)"
                  << flagged << R"(,"peak_rss_mib":)" << fixed(shortlist_bench::peak_rss_mib(), 1)
                  << R"(,"best_of":)" << repeats << "}\n";
    return 0;
}

// Synthetic benchmark inputs: a rulebook and applicants/ratings CSV text of any
// size, made deterministically from a seed (Boost.Random, identical on every
// platform). Shared by bench_score (in memory) and make_dataset (to files).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace shortlist_bench {

struct Config {
    std::size_t applicants = 1'000'000;
    std::size_t criteria = 20;  ///< split about 40/20/40 over essential, desirable, competency
    std::size_t assessors = 3;  ///< per applicant, distinct, from a panel of `panel`
    std::size_t panel = 50;
    std::uint32_t seed = 1;
    /// Shortlist size written into the rulebook (0: 1% of the applicants, at least 1).
    std::size_t top = 0;
    /// Share of applicants opted into the guaranteed interview scheme.
    double opted_in = 0.05;
};

/// Receives the text in pieces of about a megabyte.
using Sink = std::function<void(std::string_view)>;

/// The rulebook YAML: one 1..5 scale, three facts (licence, bleep test level,
/// guaranteed interview) with two eligibility gates, `criteria` criteria with
/// weights 1..3 and a minimum of 2 on the essential ones.
[[nodiscard]] std::string rulebook_yaml(const Config& config);

/// applicant_id,full_driving_licence,bleep_test_level,guaranteed_interview;
/// about 3% fail a gate.
void write_applicants_csv(const Config& config, const Sink& sink);

/// applicant_id,criterion,assessor,score: applicants x criteria x assessors
/// rows of whole-number scores from latent ability, criterion difficulty,
/// assessor severity and noise.
void write_ratings_csv(const Config& config, const Sink& sink);

/// The same applicants and ratings as write_applicants_csv and
/// write_ratings_csv (the same seeds), as JSON Lines: one applicant a line
/// with their facts and ratings (the form `score --shortlist-only` streams).
void write_applicants_jsonl(const Config& config, const Sink& sink);

/// What the pandas baseline needs to do the same job without a YAML parser:
/// scale, group weights, each criterion's group, weight and minimum, top N.
[[nodiscard]] std::string job_json(const Config& config);

/// The whole text in one string (for in-memory benchmarks).
[[nodiscard]] std::string collect(const Config& config, void (*write)(const Config&, const Sink&));

/// Bytes write_ratings_csv will produce (exact), to reserve memory up front.
[[nodiscard]] std::size_t ratings_csv_size(const Config& config);

/// Peak resident set size of this process so far, in MiB (getrusage).
[[nodiscard]] double peak_rss_mib();

// Shared by the bench programs' command lines and reports.

/// A whole positive number written exactly (no sign, no spaces), or none.
[[nodiscard]] std::optional<std::size_t> parse_positive(std::string_view s);

/// `v` in fixed notation with `decimals` places, locale-free.
[[nodiscard]] std::string fixed(double v, int decimals);

/// Best wall time in seconds of `repeats` runs of `run` (each preceded,
/// untimed, by `reset`).
template <class Reset, class Run>
double best_of(std::size_t repeats, Reset reset, Run run) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < repeats; ++i) {
        reset();
        const auto t0 = std::chrono::steady_clock::now();
        run();
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

}  // namespace shortlist_bench

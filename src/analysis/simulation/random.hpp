// The simulation's random numbers, the same on every platform
// (include/shortlist/analysis/simulation.hpp, "Randomness").
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

namespace shortlist::detail {

/// SplitMix64's finaliser (Steele, Lea and Flood 2014).
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// The seed of replicate r: SplitMix64 of the design seed plus (r + 1) times
/// the golden-ratio increment, as SplitMix64 steps its state.
[[nodiscard]] constexpr std::uint64_t replicate_seed(std::uint64_t seed, std::size_t r) noexcept {
    return splitmix64(seed + 0x9e3779b97f4a7c15ULL * (static_cast<std::uint64_t>(r) + 1));
}

class Random {
  public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}

    /// Uniform on [0, 1): the top 53 bits of one draw.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

    /// Uniform integer in [0, n), n ≥ 1: rejection from the largest multiple of n.
    std::size_t below(std::size_t n) {
        const auto range = static_cast<std::uint64_t>(n);
        const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % range);
        std::uint64_t x = 0;
        do
            x = engine_();
        while (x >= limit);
        return static_cast<std::size_t>(x % range);
    }

    /// Standard normal by Marsaglia's polar method (both values of a pair are used).
    double normal() {
        if (spare_ready_) {
            spare_ready_ = false;
            return spare_;
        }
        double u = 0, v = 0, s = 0;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double f = std::sqrt(-2 * std::log(s) / s);
        spare_ = v * f;
        spare_ready_ = true;
        return u * f;
    }

    double normal(double mean, double sd) { return mean + sd * normal(); }

    bool chance(double p) { return uniform() < p; }

  private:
    std::mt19937_64 engine_;
    double spare_ = 0;
    bool spare_ready_ = false;
};

}  // namespace shortlist::detail

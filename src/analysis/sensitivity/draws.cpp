// Weight sensitivity's random draws (one stream per draw) and the public
// Kendall's tau-b; sensitivity.cpp re-scores and re-selects with them.
#include <algorithm>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "analysis/sensitivity/draws.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/error.hpp"
#include "util/kendall.hpp"

namespace shortlist {

std::string_view to_string(Perturbation p) {
    return p == Perturbation::Dirichlet ? "dirichlet" : "uniform";
}

namespace {

// ---- messages (the only place their text is written) ----------------------

UsageError err_option(const std::string& what) {
    return UsageError({}, ErrorCode::InvalidArgument, "sensitivity: " + what);
}

Error err_lengths(std::size_t x, std::size_t y) {
    return Error(
        {}, ErrorCode::InvalidArgument,
        "kendall_tau_b: x has " + std::to_string(x) + " values and y " + std::to_string(y));
}

Error err_nan() {
    return Error({}, ErrorCode::InvalidArgument, "kendall_tau_b: a value is NaN");
}

/// SplitMix64's finaliser (Steele, Lea and Flood, 2014): one well-mixed
/// 64-bit seed per draw from the run's seed and the draw's index.
std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

namespace detail {

void check_sensitivity_options(const SensitivityOptions& o) {
    if (o.draws == 0)
        throw err_option("the number of draws must be at least 1");
    if (o.draws > std::numeric_limits<std::uint32_t>::max())
        throw err_option("at most 4294967295 draws");
    if (o.method == Perturbation::Dirichlet &&
        !(o.concentration > 0 && std::isfinite(o.concentration)))
        throw err_option("the Dirichlet concentration must be a finite number above 0");
    if (o.method == Perturbation::Uniform && !(o.spread >= 0 && o.spread < 1))
        throw err_option("the perturbation must be at least 0 and below 1 (100%)");
}

void draw_weights_into(std::span<const double> base, const SensitivityOptions& o, std::size_t draw,
                       double* out) {
    boost::random::mt19937_64 engine(
        mix(o.seed + 0x9e3779b97f4a7c15ULL * (static_cast<std::uint64_t>(draw) + 1)));
    double sum = 0;
    for (std::size_t c = 0; c < base.size(); ++c) {
        double v = 0;
        if (base[c] > 0) {
            if (o.method == Perturbation::Dirichlet) {
                boost::random::gamma_distribution<double> gamma(o.concentration * base[c], 1.0);
                // A shape far below 1 can underflow to 0; a criterion with
                // weight keeps some, so that no draw removes it outright.
                v = std::max(gamma(engine), std::numeric_limits<double>::min());
            } else if (o.spread > 0) {
                boost::random::uniform_real_distribution<double> u(-o.spread, o.spread);
                v = base[c] * (1.0 + u(engine));
            } else {
                v = base[c];  // Boost's uniform distribution needs min < max
            }
        }
        out[c] = v;
        sum += v;
    }
    for (std::size_t c = 0; c < base.size(); ++c)
        out[c] = sum > 0 ? out[c] / sum : base[c];
}

}  // namespace detail

std::vector<double> draw_weights(std::span<const double> base, const SensitivityOptions& options,
                                 std::size_t draw) {
    detail::check_sensitivity_options(options);
    std::vector<double> w(base.size());
    detail::draw_weights_into(base, options, draw, w.data());
    return w;
}

std::optional<double> kendall_tau_b(std::span<const double> x, std::span<const double> y) {
    if (x.size() != y.size())
        throw err_lengths(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i]) || std::isnan(y[i]))
            throw err_nan();
    }
    return detail::kendall_tau_b(std::vector<double>(x.begin(), x.end()),
                                 std::vector<double>(y.begin(), y.end()));
}

}  // namespace shortlist

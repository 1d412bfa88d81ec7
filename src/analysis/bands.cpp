// Score bands: one pass over the ranked applicants, which select() has put in
// total order.
#include "shortlist/analysis/bands.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <string>

#include "shortlist/error.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

Error err_range(std::string_view what, double v, std::string_view range) {
    return Error(
        {}, ErrorCode::OutOfRange,
        std::string(what) + " " + detail::format_shortest(v) + " is outside " + std::string(range));
}

}  // namespace

BandWidth band_width(double sd, double reliability, double confidence) {
    if (!(sd >= 0) || !std::isfinite(sd))
        throw err_range("the standard deviation", sd, "0 and above");
    if (!(reliability >= 0 && reliability <= 1))
        throw err_range("reliability", reliability, "0..1");
    if (!(confidence > 0 && confidence < 1))
        throw err_range("confidence", confidence, "the open interval (0, 1)");
    BandWidth w;
    w.sd = sd;
    w.sem = sd * std::sqrt(1 - reliability);
    w.sed = w.sem * std::sqrt(2.0);
    w.z = boost::math::quantile(boost::math::normal_distribution<double>(), (1 + confidence) / 2);
    w.width = w.z * w.sed;
    return w;
}

Bands band(const Shortlist& shortlist, const BandOptions& options) {
    Bands b;
    b.options = options;
    const std::vector<ShortlistEntry>& entries = shortlist.entries;
    std::size_t n = 0;  // the ranked (eligible) entries come first
    while (n < entries.size() && entries[n].rank)
        ++n;
    b.ranked = n;
    const auto total = [&](std::size_t p) { return shortlist.outcomes[entries[p].outcome].total; };

    // Sample SD, two passes (the mean first) for accuracy.
    double sd = 0;
    if (n >= 2) {
        double mean = 0;
        for (std::size_t p = 0; p < n; ++p)
            mean += total(p);
        mean /= static_cast<double>(n);
        double ss = 0;
        for (std::size_t p = 0; p < n; ++p)
            ss += (total(p) - mean) * (total(p) - mean);
        sd = std::sqrt(ss / static_cast<double>(n - 1));
    }
    b.width = band_width(sd, options.reliability, options.confidence);
    const double w = b.width.width;

    b.bands.assign(entries.size(), std::nullopt);
    if (options.method == BandMethod::Fixed) {
        ScoreBand current;
        for (std::size_t p = 0; p < n; ++p) {
            if (current.number == 0 || total(p) < current.bottom)
                current = ScoreBand{current.number + 1, total(p), total(p) - w};
            b.bands[p] = current;
        }
    } else {
        // Anchors: the distinct totals, highest first; an applicant's band is
        // the first anchor within the width above their total. Both move
        // down only, so one pointer serves.
        std::size_t anchor = 0;  // place of the current anchor's first applicant
        std::size_t number = 1;
        for (std::size_t p = 0; p < n; ++p) {
            while (total(anchor) - w > total(p)) {
                const double d = total(anchor);
                while (total(anchor) == d)
                    ++anchor;
                ++number;
            }
            b.bands[p] = ScoreBand{number, total(anchor), total(anchor) - w};
        }
    }

    std::size_t last = 0;  // shortlisted on rank: a prefix of the ranked entries
    while (last < n && entries[last].status == ShortlistStatus::Shortlisted)
        ++last;
    if (last == 0)
        return b;
    const std::size_t p = last - 1;
    if (options.method == BandMethod::Fixed) {
        b.boundary = b.bands[p];
        for (std::size_t q = 0; q < n; ++q) {
            if (b.bands[q]->number == b.boundary->number)
                b.boundary_entries.push_back(q);
        }
    } else {
        std::size_t number = 1;
        for (std::size_t q = 1; q <= p; ++q)
            number += total(q) != total(q - 1) ? 1U : 0U;
        b.boundary = ScoreBand{number, total(p), total(p) - w};
        for (std::size_t q = 0; q < n; ++q) {
            if (total(q) <= b.boundary->top && total(q) >= b.boundary->bottom)
                b.boundary_entries.push_back(q);
        }
    }
    return b;
}

}  // namespace shortlist

// Score bands (Cascio, Outtz, Zedeck & Goldstein 1991): applicants whose
// totals cannot be told apart at a stated confidence, given the reliability
// of the totals. See docs/explanations.md, "Score bands".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/ranking.hpp"

namespace shortlist {

// BandMethod, to_string(BandMethod) and parse_band_method are in
// shortlist/rulebook.hpp, for the rulebook's shortlist.bands.

struct BandOptions {
    double reliability = 0.85;  ///< r_xx of the totals, 0..1
    double confidence = 0.95;   ///< two-sided, strictly between 0 and 1
    BandMethod method = BandMethod::Fixed;
    /// Where the reliability came from, for the report (e.g. "rulebook").
    std::string reliability_source;

    friend bool operator==(const BandOptions&, const BandOptions&) = default;
};

/// The width of a band:
///   SEM = SD × √(1 − r_xx),  SED = SEM × √2,  width = C × SED,
/// C the standard normal quantile at (1 + confidence) / 2 (1.959964 for 95%).
struct BandWidth {
    double sd = 0;   ///< of the totals
    double sem = 0;  ///< standard error of measurement
    double sed = 0;  ///< standard error of the difference between two totals
    double z = 0;    ///< C
    double width = 0;

    friend bool operator==(const BandWidth&, const BandWidth&) = default;
};

/// Throws Error (OutOfRange) when sd < 0, reliability is outside 0..1 or
/// confidence is not strictly between 0 and 1 (or any is not finite).
[[nodiscard]] BandWidth band_width(double sd, double reliability, double confidence);

/// One band: its number (1 = the top band) and the totals it spans,
/// bottom = top − width, both ends included.
struct ScoreBand {
    std::size_t number = 0;
    double top = 0;
    double bottom = 0;

    friend bool operator==(const ScoreBand&, const ScoreBand&) = default;
};

struct Bands {
    BandOptions options;
    BandWidth width;
    std::size_t ranked = 0;  ///< eligible applicants: the totals the SD is taken over
    /// Per entry of the shortlist (in its order): the applicant's band; none
    /// for an applicant who is not eligible (not ranked). Fixed: the band of
    /// the partition that holds the total. Sliding: band j is anchored at the
    /// j-th highest distinct total d_j and spans [d_j − width, d_j]; an
    /// applicant's band is the first (highest) that reaches their total.
    std::vector<std::optional<ScoreBand>> bands;
    /// The band of the last applicant shortlisted on rank (none when nobody
    /// is): fixed, that applicant's band; sliding, the band anchored at their
    /// total, where the band stands when the last place is filled (everyone
    /// above has been selected). The group among whom a tie-break is lawful.
    std::optional<ScoreBand> boundary;
    /// Entries (shortlist places) in the boundary band, in rank order.
    std::vector<std::size_t> boundary_entries;

    friend bool operator==(const Bands&, const Bands&) = default;
};

/// Put the eligible applicants of `shortlist` in bands by their totals. The SD is the
/// sample standard deviation (n − 1) of the eligible applicants' totals (0
/// with fewer than two). O(n) after select()'s sort. Throws as band_width().
[[nodiscard]] Bands band(const Shortlist& shortlist, const BandOptions& options);

}  // namespace shortlist

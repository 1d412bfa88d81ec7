// Score bands (Cascio, Outtz, Zedeck & Goldstein 1991): the band width and
// the fixed and sliding bands, on hand-computed totals.
//
// We looked for a published numeric worked example of the band width (SD,
// r_xx, SED, C × SED) in Cascio et al. (1991), Aguinis, Cortina & Goldberg
// (1998) and Cascio & Aguinis, "Applied Psychology in Human Resource
// Management", and could not confirm one with certainty, so no published
// figures are quoted here: every expected value below is hand-computed, with
// the arithmetic in the comment. The formulas are those of Cascio et al.
// (1991): SEM = SD × √(1 − r_xx), SED = SEM × √2, width = C × SED, with
// C = 1.96 for 95% confidence.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "scoring_fixtures.hpp"
#include "shortlist/analysis/bands.hpp"
#include "shortlist/ranking.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

Rulebook policy(std::optional<std::size_t> top) {
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 1), criterion("c1", Group::Competency, 1)});
    r.shortlist.top = top;
    return r;
}

/// Totals 90, 85, 80, 76, 71, 64, 60, 52 as applicants A..H, and an
/// ineligible X (total 95, a failed gate).
Shortlist eight(std::size_t top) {
    std::vector<Outcome> outcomes;
    const double totals[] = {90, 85, 80, 76, 71, 64, 60, 52};
    for (std::size_t i = 0; i < 8; ++i)
        outcomes.push_back(outcome(std::string(1, static_cast<char>('A' + i)), totals[i]));
    Outcome x = outcome("X", 95);
    x.failed_gates.push_back(gate(GateFailure::Kind::Eligibility, "licence", "not met: licence"));
    outcomes.push_back(x);
    return select(policy(top), std::move(outcomes));
}

std::vector<std::size_t> numbers(const Bands& b) {
    std::vector<std::size_t> out;
    for (const auto& band : b.bands)
        out.push_back(band ? band->number : 0);
    return out;
}

// The eight totals: mean 578 / 8 = 72.25; squared deviations 17.75² +
// 12.75² + 7.75² + 3.75² + 1.25² + 8.25² + 12.25² + 20.25² = 1181.5; sample
// variance 1181.5 / 7 = 168.785714; SD = 12.991756. With r_xx = 0.875,
// √(1 − 0.875) = 0.353553 and SED = SD × √0.125 × √2 = SD × 0.5 = 6.495878;
// at 95%, C = 1.959964 and the width is 12.731687.
constexpr double sd8 = 12.991755627539886;
constexpr double width8 = 12.73168656296187;

}  // namespace

TEST_CASE("band width: SEM, SED and C × SED", "[bands]") {
    // SD 10, r_xx 0.875: SEM = 10 × √0.125 = 3.535534; SED = 3.535534 × √2
    // = 5; width = 1.959964 × 5 = 9.799820.
    const BandWidth w = band_width(10, 0.875, 0.95);
    CHECK(w.sem == Approx(3.5355339059327378).epsilon(1e-12));
    CHECK(w.sed == Approx(5).epsilon(1e-12));
    CHECK(w.z == Approx(1.959963984540054).epsilon(1e-12));
    CHECK(w.width == Approx(9.79981992270027).epsilon(1e-12));
    // The two-sided critical values of the standard normal: 1.644854 (90%),
    // 2.575829 (99%).
    CHECK(band_width(10, 0.875, 0.90).z == Approx(1.6448536269514715).epsilon(1e-12));
    CHECK(band_width(10, 0.875, 0.99).z == Approx(2.5758293035489).epsilon(1e-12));
    // r_xx = 1: no measurement error, width 0; r_xx = 0: SEM = SD.
    CHECK(band_width(10, 1, 0.95).width == 0);
    CHECK(band_width(10, 0, 0.95).sem == Approx(10).epsilon(1e-12));
}

TEST_CASE("band width: out-of-range inputs are refused", "[bands]") {
    CHECK_THROWS_WITH(band_width(10, 1.2, 0.95),
                      Catch::Contains("reliability 1.2 is outside 0..1"));
    CHECK_THROWS_WITH(band_width(10, -0.1, 0.95), Catch::Contains("reliability -0.1"));
    CHECK_THROWS_WITH(band_width(10, 0.8, 1), Catch::Contains("confidence 1 is outside"));
    CHECK_THROWS_WITH(band_width(10, 0.8, 0), Catch::Contains("confidence 0 is outside"));
    CHECK_THROWS_AS(band_width(-1, 0.8, 0.95), Error);
    CHECK_THROWS_AS(band_width(10, std::nan(""), 0.95), Error);
}

TEST_CASE("fixed bands start at the top total; each next at the highest left", "[bands]") {
    const Shortlist s = eight(4);
    const Bands b = band(s, {0.875, 0.95, BandMethod::Fixed, {}});
    CHECK(b.ranked == 8);
    CHECK(b.width.sd == Approx(sd8).epsilon(1e-12));
    CHECK(b.width.width == Approx(width8).epsilon(1e-12));
    // Band 1 [90 − 12.73, 90] = [77.27, 90]: 90, 85, 80. 76 < 77.27 starts
    // band 2 [63.27, 76]: 76, 71, 64. 60 starts band 3 [47.27, 60]: 60, 52.
    // X is not eligible: no band.
    CHECK(numbers(b) == std::vector<std::size_t>{1, 1, 1, 2, 2, 2, 3, 3, 0});
    CHECK(b.bands[3]->top == 76);
    CHECK(b.bands[3]->bottom == Approx(76 - width8).epsilon(1e-12));
    // Top 4: the last shortlisted is 76 (D), in band 2 with 71 and 64.
    REQUIRE(b.boundary);
    CHECK(b.boundary->number == 2);
    CHECK(b.boundary_entries == std::vector<std::size_t>{3, 4, 5});
}

TEST_CASE("sliding bands move down as the top of the band is selected", "[bands]") {
    const Shortlist s = eight(5);
    const Bands b = band(s, {0.875, 0.95, BandMethod::Sliding, {}});
    // Anchors 90, 85, 80, 76, 71, ...; each applicant is in the first band
    // that reaches them: 90, 85, 80 in band 1 (≥ 77.27); 76 first reached
    // from 85 (≥ 72.27): band 2; 71 from 80 (≥ 67.27): band 3; 64 from 76
    // (≥ 63.27): band 4; 60 from 71 (≥ 58.27): band 5; 52 from 64 (≥ 51.27):
    // band 6.
    CHECK(numbers(b) == std::vector<std::size_t>{1, 1, 1, 2, 3, 4, 5, 6, 0});
    CHECK(b.bands[4]->top == 80);
    // Top 5: the last shortlisted is 71 (E). When its place is filled the
    // band is anchored at 71 (everyone above is selected): [58.27, 71] holds
    // 71, 64 and 60. The fixed band of 71 would be band 2 (76, 71, 64).
    REQUIRE(b.boundary);
    CHECK(b.boundary->number == 5);
    CHECK(b.boundary->top == 71);
    CHECK(b.boundary->bottom == Approx(71 - width8).epsilon(1e-12));
    CHECK(b.boundary_entries == std::vector<std::size_t>{4, 5, 6});
    const Bands fixed = band(s, {0.875, 0.95, BandMethod::Fixed, {}});
    CHECK(fixed.boundary_entries == std::vector<std::size_t>{3, 4, 5});
}

TEST_CASE("sliding bands skip a tied anchor once", "[bands]") {
    // Totals 80, 80, 70, 60 (SD: mean 72.5, squares 56.25 + 56.25 + 6.25 +
    // 156.25 = 275, /3 = 91.67, SD 9.574271) with r_xx 0.5: SED = SD ×
    // √0.5 × √2 = SD, width 1.959964 × 9.574271 = 18.765225. 60 is below
    // 80 − 18.77 = 61.23: the band slides past both 80s to 70 (band 2).
    const Shortlist s =
        select(policy(2), {outcome("A", 80), outcome("B", 80), outcome("C", 70), outcome("D", 60)});
    const Bands b = band(s, {0.5, 0.95, BandMethod::Sliding, {}});
    CHECK(b.width.width == Approx(1.959963984540054 * 9.574271077563381).epsilon(1e-12));
    CHECK(numbers(b) == std::vector<std::size_t>{1, 1, 1, 2});
    // Top 2: both 80s; the band at the last pick is anchored at 80.
    CHECK(b.boundary_entries == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("fewer than two ranked totals: SD 0, one band; nobody on rank: no boundary", "[bands]") {
    const Shortlist one = select(policy(1), {outcome("A", 80)});
    const Bands b = band(one, {0.8, 0.95, BandMethod::Fixed, {}});
    CHECK(b.width.sd == 0);
    CHECK(b.width.width == 0);
    CHECK(numbers(b) == std::vector<std::size_t>{1});
    CHECK(b.boundary_entries == std::vector<std::size_t>{0});

    Outcome x = outcome("X", 95);
    x.failed_gates.push_back(gate(GateFailure::Kind::Eligibility, "licence", "not met: licence"));
    const Shortlist none = select(policy(1), {x});
    const Bands n = band(none, {0.8, 0.95, BandMethod::Fixed, {}});
    CHECK_FALSE(n.boundary);
    CHECK(n.boundary_entries.empty());
}

namespace {

/// A small rulebook with `bands` as its shortlist.bands (the value text).
std::string with_bands(const std::string& bands) {
    return "kind: rulebook\n"
           "id: bands-test\n"
           "scales:\n"
           "  sift5: {min: 1, max: 5}\n"
           "criteria:\n"
           "  essential:\n"
           "    - {id: communication, text: Communication, scale: sift5, weight: 1}\n"
           "shortlist:\n"
           "  top: 2\n"
           "  bands: " +
           bands + "\n";
}

std::string error_of(const std::string& yaml) {
    try {
        (void)parse_rulebook(yaml, "bands.yaml");
    } catch (const RulebookError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("shortlist.bands in the rulebook: read, and checked with line:column", "[bands]") {
    const Rulebook rb = parse_rulebook(
        with_bands("{reliability: 0.85, confidence: 0.9, method: sliding}"), "bands.yaml");
    REQUIRE(rb.shortlist.bands);
    CHECK(rb.shortlist.bands->reliability == 0.85);
    CHECK(rb.shortlist.bands->confidence == 0.9);
    CHECK(rb.shortlist.bands->method == BandMethod::Sliding);
    CHECK(parse_rulebook(with_bands("{reliability: 0.7}"), "bands.yaml").shortlist.bands ==
          BandPolicy{0.7, std::nullopt, std::nullopt});

    // Line 10 is "  bands: {...}": "{" is column 10, and each error points at
    // the value (or the unknown key) it is about.
    CHECK(error_of(with_bands("{reliability: 1.5}")) ==
          "bands.yaml:10:24: error: bands.reliability 1.5 is outside 0..1");
    CHECK(error_of(with_bands("{reliability: 0.8, confidence: 1}")) ==
          "bands.yaml:10:41: error: bands.confidence 1 must be strictly between 0 and 1");
    CHECK_THAT(error_of(with_bands("{reliability: 0.8, method: wobbly}")),
               Catch::StartsWith("bands.yaml:10:37: error: ") && Catch::Contains("wobbly"));
    CHECK_THAT(error_of(with_bands("{reliablity: 0.8}")),
               Catch::StartsWith("bands.yaml:10:11: error: ") && Catch::Contains("reliablity"));
}

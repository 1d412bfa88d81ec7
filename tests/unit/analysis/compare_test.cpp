// Rulebook comparison: a hand-computed case, and the shipped rulebooks on the
// example applicants.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "scoring_fixtures.hpp"
#include "shortlist/analysis/compare.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

Shortlist shortlist_of(const Rulebook& r, const Evidence& e) {
    const Scorer scorer(r);
    return select(scorer.rulebook(), scorer.score(e));
}

std::vector<std::string> ids(const std::vector<ShortlistMove>& v) {
    std::vector<std::string> out;
    for (const auto& p : v)
        out.push_back(p.id.value());
    return out;
}

const std::filesystem::path source = SHORTLIST_SOURCE_DIR;

}  // namespace

TEST_CASE("compare: two weightings of two criteria, by hand", "[compare]") {
    // a weighs x and y 1:1, b 3:1 (e = 0.75, 0.25). One place.
    //   P (5, 1): s = (1, 0);  Q (1, 5): s = (0, 1);  R (3, 4): s = (0.5, 0.75).
    //   a: P 50, Q 50, R 62.5 -> R;   b: P 75, Q 25, R 56.25 -> P.
    // P enters, R leaves. Tau-b on (50, 50, 62.5) vs (75, 25, 56.25): pair
    // (P, Q) tied in a; (P, R) discordant; (Q, R) concordant: S = 0, tau = 0.
    // Drivers (E = {P}, L = {R}), points c = 100·e·s:
    //   x: [75 − 37.5] − [50 − 25] = 12.5, all from the weights:
    //      100·(0.75 − 0.5)·(1 − 0.5) = 12.5;
    //   y: [0 − 18.75] − [0 − 37.5] = 18.75 = 100·(0.25 − 0.5)·(0 − 0.75);
    // sum 31.25 = P's lead over R under b (18.75) minus under a (−12.5).
    Rulebook a =
        rulebook({criterion("x", Group::Essential, 1), criterion("y", Group::Essential, 1)});
    a.shortlist.top = 1;
    Rulebook b = a;
    b.criteria[0].weight = 3;
    Evidence e = evidence(a, {"P", "Q", "R"});
    rate(e, a, 0, "x", 5);
    rate(e, a, 0, "y", 1);
    rate(e, a, 1, "x", 1);
    rate(e, a, 1, "y", 5);
    rate(e, a, 2, "x", 3);
    rate(e, a, 2, "y", 4);
    const Comparison c = compare(a, shortlist_of(a, e), b, shortlist_of(b, e));
    CHECK(c.common == 3);
    REQUIRE(c.shortlist_a.size() == 1);
    CHECK(c.shortlist_a[0].value() == "R");
    REQUIRE(c.shortlist_b.size() == 1);
    CHECK(c.shortlist_b[0].value() == "P");
    CHECK(c.overlap == 0);
    CHECK(c.jaccard == std::optional<double>(0.0));
    CHECK(ids(c.entered) == std::vector<std::string>{"P"});
    CHECK(ids(c.left) == std::vector<std::string>{"R"});
    CHECK(c.entered[0].enters);
    CHECK_FALSE(c.left[0].enters);
    CHECK(c.entered[0].rank_before == std::optional<std::size_t>(2));
    CHECK(c.entered[0].rank_after == std::optional<std::size_t>(1));
    CHECK(c.left[0].rank_before == std::optional<std::size_t>(1));
    CHECK(c.left[0].rank_after == std::optional<std::size_t>(2));
    REQUIRE(c.kendall_tau.has_value());
    CHECK(*c.kendall_tau == Approx(0.0).margin(1e-12));
    CHECK(c.tau_n == 3);
    REQUIRE(c.drivers.size() == 2);
    CHECK(c.drivers[0].id.value() == "y");
    CHECK(c.drivers[0].points == Approx(18.75).epsilon(1e-12));
    CHECK(c.drivers[0].weight_part == Approx(18.75).epsilon(1e-12));
    CHECK(c.drivers[0].score_part == Approx(0.0).margin(1e-12));
    CHECK(c.drivers[0].score_gap == Approx(-0.75).epsilon(1e-12));
    CHECK(c.drivers[1].id.value() == "x");
    CHECK(c.drivers[1].points == Approx(12.5).epsilon(1e-12));
    CHECK(*c.drivers[1].weight_a == Approx(0.5));
    CHECK(*c.drivers[1].weight_b == Approx(0.75));
    REQUIRE(c.lead_change.has_value());
    CHECK(*c.lead_change == Approx(31.25).epsilon(1e-12));
}

TEST_CASE("compare: a criterion only one rulebook has, and an applicant only one side has",
          "[compare]") {
    // b adds criterion z (weight 1 beside x and y: e = 1/3 each). P's z is 5,
    // R's is 1. a (x, y 1:1): R 62.5 first; b: P (1 + 0 + 1)/3 = 66.67,
    // R (0.5 + 0.75 + 0)/3 = 41.67: P enters, R leaves. z's points, all
    // weight: 100·(1/3 − 0)·(1 − 0) = 33.33.
    Rulebook a =
        rulebook({criterion("x", Group::Essential, 1), criterion("y", Group::Essential, 1)});
    a.shortlist.top = 1;
    Rulebook b = rulebook({criterion("x", Group::Essential, 1), criterion("y", Group::Essential, 1),
                           criterion("z", Group::Essential, 1)});
    b.shortlist.top = 1;
    Evidence ea = evidence(a, {"P", "R", "S"});
    rate(ea, a, 0, "x", 5);
    rate(ea, a, 0, "y", 1);
    rate(ea, a, 1, "x", 3);
    rate(ea, a, 1, "y", 4);
    rate(ea, a, 2, "x", 1);
    rate(ea, a, 2, "y", 1);
    Evidence eb = evidence(b, {"P", "R"});
    rate(eb, b, 0, "x", 5);
    rate(eb, b, 0, "y", 1);
    rate(eb, b, 0, "z", 5);
    rate(eb, b, 1, "x", 3);
    rate(eb, b, 1, "y", 4);
    rate(eb, b, 1, "z", 1);
    const Comparison c = compare(a, shortlist_of(a, ea), b, shortlist_of(b, eb));
    CHECK(c.common == 2);
    CHECK(c.only_a == 1);
    CHECK(c.only_b == 0);
    CHECK(ids(c.entered) == std::vector<std::string>{"P"});
    CHECK(ids(c.left) == std::vector<std::string>{"R"});
    REQUIRE_FALSE(c.drivers.empty());
    CHECK(c.drivers[0].id.value() == "z");
    CHECK_FALSE(c.drivers[0].weight_a.has_value());
    CHECK(c.drivers[0].points == Approx(100.0 / 3).epsilon(1e-12));
    CHECK(c.drivers[0].score_part == 0.0);
    CHECK_FALSE(c.notes.empty());  // S is only in a
}

TEST_CASE("compare: shipped rulebooks on the example applicants", "[compare]") {
    const auto examples = source / "examples" / "data";
    SECTION("Staffordshire against itself reweighted towards the competencies") {
        const Rulebook a = load_rulebook(source / "rules" / "staffordshire_pcso.yaml");
        Rulebook b = a;
        b.group_weights.competency = 70;
        const Evidence e = load_evidence(a, examples / "applicants.csv",
                                         examples / "ratings" / "staffordshire-pcso.csv");
        const Shortlist sa = shortlist_of(a, e), sb = shortlist_of(b, e);
        const Comparison c = compare(a, sa, b, sb);
        CHECK(c.common == e.applicants.size());
        CHECK(c.overlap + c.left.size() == c.shortlist_a.size());
        CHECK(c.overlap + c.entered.size() == c.shortlist_b.size());
        REQUIRE_FALSE(c.entered.empty());
        REQUIRE(c.kendall_tau.has_value());
        CHECK(*c.kendall_tau > 0.5);
        CHECK(*c.kendall_tau < 1.0);
        // The drivers add up to the change in the movers' mean lead, from the
        // totals themselves (rounded to 6 decimals: within 1e-5).
        REQUIRE(c.lead_change.has_value());
        double lead = 0;
        std::size_t ne = 0, nl = 0;
        for (const auto& p : c.entered) {
            if (p.rank_before && p.rank_after) {
                lead += p.total_after - p.total_before;
                ++ne;
            }
        }
        double lead_left = 0;
        for (const auto& p : c.left) {
            if (p.rank_before && p.rank_after) {
                lead_left += p.total_after - p.total_before;
                ++nl;
            }
        }
        REQUIRE(ne > 0);
        REQUIRE(nl > 0);
        CHECK(*c.lead_change ==
              Approx(lead / static_cast<double>(ne) - lead_left / static_cast<double>(nl))
                  .margin(1e-5));
        // Same ratings: every driver is the weights' doing.
        for (const auto& d : c.drivers)
            CHECK(d.score_part == Approx(0.0).margin(1e-9));
    }
    SECTION("Bedfordshire against Gloucestershire, each with its own ratings") {
        const Rulebook a = load_rulebook(source / "rules" / "bedfordshire_pcso.yaml");
        const Rulebook b = load_rulebook(source / "rules" / "gloucestershire_pcso.yaml");
        const Evidence ea = load_evidence(a, examples / "applicants.csv",
                                          examples / "ratings" / "bedfordshire-pcso.csv");
        const Evidence eb = load_evidence(b, examples / "applicants.csv",
                                          examples / "ratings" / "gloucestershire-pcso.csv");
        const Comparison c = compare(a, shortlist_of(a, ea), b, shortlist_of(b, eb));
        CHECK(c.common == ea.applicants.size());
        CHECK(c.overlap + c.left.size() == c.shortlist_a.size());
        CHECK(c.overlap + c.entered.size() == c.shortlist_b.size());
        REQUIRE(c.kendall_tau.has_value());
        CHECK(std::abs(*c.kendall_tau) <= 1.0);
        // Shared criteria (the CVF competencies, communication,
        // time_management) and each force's own appear once each.
        std::size_t both = 0;
        for (const auto& d : c.drivers)
            both += d.weight_a && d.weight_b ? 1U : 0U;
        if (!c.drivers.empty())
            CHECK(both == 8);
    }
}

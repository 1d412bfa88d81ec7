// Weight sensitivity, selection only (SensitivityOptions::ranks false): the
// same shortlisted draws, bands, overlap and shortlist size as the full run
// for the same seed, on any number of threads, whatever the pruning removes
// (docs/sensitivity.md, "Selection only").
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "analysis/sensitivity/problem.hpp"
#include "analysis/sensitivity/prune.hpp"
#include "scoring_fixtures.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

Shortlist baseline(const Rulebook& r, const Evidence& e) {
    const Scorer scorer(r);
    return select(scorer.rulebook(), scorer.score(e));
}

/// Five criteria over three groups with unequal weights; applicants' ratings
/// drawn by `rate_one(applicant, criterion index)` (0: not applicable).
template <class Rate>
std::pair<Rulebook, Evidence> problem(std::size_t n, std::optional<std::size_t> top,
                                      Rate rate_one) {
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 1), criterion("e2", Group::Essential, 2),
                  criterion("d1", Group::Desirable, 1), criterion("c1", Group::Competency, 1),
                  criterion("c2", Group::Competency, 3)},
                 {50, 15, 35});
    r.shortlist.top = top;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < n; ++i)
        ids.push_back("A" + std::to_string(1000 + i));
    Evidence e = evidence(r, ids);
    const char* names[] = {"e1", "e2", "d1", "c1", "c2"};
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < 5; ++c) {
            const int v = rate_one(i, c);
            if (v == 0)
                rate_kind(e, r, i, names[c], RatingKind::NotApplicable);
            else
                rate(e, r, i, names[c], v);
        }
    }
    return {r, e};
}

/// How many applicants the pruning keeps.
std::size_t kept(const Rulebook& r, const Shortlist& base) {
    detail::sensitivity::Baseline b;
    const auto p = detail::sensitivity::compile_problem(r, base, b);
    return detail::sensitivity::selectable_places(p).size();
}

/// Selection only on 1 and 3 threads against the full run on 2: every
/// selection output equal, no rank output.
void check_same_selection(const Rulebook& r, const Shortlist& base, SensitivityOptions o) {
    o.threads = 2;
    const SensitivityResult full = sensitivity(r, base, o);
    o.ranks = false;
    o.threads = 1;
    const SensitivityResult one = sensitivity(r, base, o);
    o.threads = 3;
    const SensitivityResult three = sensitivity(r, base, o);
    CHECK(one == three);
    CHECK_FALSE(one.ranks);
    REQUIRE(one.applicants.size() == full.applicants.size());
    for (std::size_t k = 0; k < full.applicants.size(); ++k) {
        ApplicantSensitivity a = full.applicants[k];
        const ApplicantSensitivity& s = one.applicants[k];
        INFO("applicant " << a.id.value());
        CHECK_FALSE(s.median_rank.has_value());
        CHECK_FALSE(s.rank_lo.has_value());
        CHECK_FALSE(s.rank_hi.has_value());
        a.median_rank = a.rank_lo = a.rank_hi = std::nullopt;
        CHECK(s == a);
    }
    CHECK(one.stable_core == full.stable_core);
    CHECK(one.boundary == full.boundary);
    CHECK(one.mean_overlap == full.mean_overlap);
    CHECK(one.mean_shortlist_size == full.mean_shortlist_size);
    CHECK(one.baseline_shortlisted == full.baseline_shortlisted);
    CHECK_FALSE(one.kendall_tau.has_value());
    CHECK_FALSE(one.kendall_tau_min.has_value());
}

}  // namespace

TEST_CASE("sensitivity, selection only: random problems, pass marks, tie-breaks, geometric means",
          "[sensitivity]") {
    const auto method = GENERATE(Perturbation::Dirichlet, Perturbation::Uniform);
    const std::size_t top = GENERATE(1U, 2U, 7U, 40U, 149U, 150U, 200U);
    const bool pass_mark = GENERATE(false, true);
    const bool break_by = GENERATE(false, true);
    const bool geometric = GENERATE(false, true);
    std::mt19937 rng(
        static_cast<std::uint32_t>(top * 4 + (pass_mark ? 2 : 0) + (break_by ? 1 : 0)));
    std::uniform_int_distribution<int> score(1, 5), coin(0, 19);
    // Ratings 1 to 5, now and then not applicable (scored one by one).
    auto [r, e] = problem(150, top, [&](std::size_t, std::size_t c) {
        return c >= 2 && coin(rng) == 0 ? 0 : score(rng);
    });
    if (pass_mark)
        r.shortlist.pass_mark = 55;
    if (geometric)
        r.aggregation = Aggregation::WeightedGeometricMean;
    if (break_by) {
        r.shortlist.ties = TiePolicy::BreakBy;
        r.shortlist.tie_break = {"competency", "e2"};
    }
    const Shortlist base = baseline(r, e);
    SensitivityOptions o;
    o.method = method;
    o.concentration = 5;
    o.spread = 0.6;
    o.draws = 200;
    o.seed = top;
    check_same_selection(r, base, o);
}

TEST_CASE("sensitivity, selection only: ties at the cut, all equal, a list past the field",
          "[sensitivity]") {
    enum Case { boundary_ties, all_equal, top_past_field, top_one };
    const Case c = GENERATE(boundary_ties, all_equal, top_past_field, top_one);
    std::mt19937 rng(23);
    std::uniform_int_distribution<int> near(3, 4);
    const std::size_t top = c == top_past_field ? 60 : c == top_one ? 1 : 7;
    // boundary_ties: five clear leaders, then twenty with one set of ratings,
    // so that the 7th place is a tie of twenty in every draw.
    auto [r, e] = problem(42, top, [&](std::size_t i, std::size_t) {
        return c == all_equal ? 3 : i < 5 ? 5 : i < 25 ? 4 : near(rng);
    });
    const Shortlist base = baseline(r, e);
    SensitivityOptions o;
    o.concentration = 10;
    o.draws = 150;
    check_same_selection(r, base, o);
    const SensitivityResult s = [&] {
        o.ranks = false;
        return sensitivity(r, base, o);
    }();
    if (c == boundary_ties) {
        // The tie of twenty stays: their ratings are the same on every
        // criterion, so the pruning cannot remove one of them and not another.
        CHECK(kept(r, base) >= 25);
        for (std::size_t k = 5; k < 25; ++k)
            CHECK(s.applicants[k].shortlisted_draws == s.applicants[5].shortlisted_draws);
    }
    if (c == all_equal)
        CHECK(s.mean_shortlist_size == 42.0);
    if (c == top_one)  // the five leaders tie on every criterion: all five, every draw
        CHECK(s.mean_shortlist_size == 5.0);
}

TEST_CASE("sensitivity, selection only: pruning that removes nothing or nearly everything",
          "[sensitivity]") {
    SECTION("flat profiles: every applicant's criteria equal, so only the top 10 can be selected") {
        // Applicant i rates i % 5 + 1 on every criterion: totals do not move
        // with the weights. 60 applicants, twelve at each level; top 10 cuts
        // into the twelve at level 5, which are all kept, and no one else.
        auto [r, e] =
            problem(60, 10, [](std::size_t i, std::size_t) { return static_cast<int>(i % 5) + 1; });
        const Shortlist base = baseline(r, e);
        CHECK(kept(r, base) == 12);
        SensitivityOptions o;
        o.draws = 100;
        check_same_selection(r, base, o);
    }
    SECTION("crossing profiles: everyone best on some criterion and worst on another") {
        // Each applicant rates 5 on one criterion and 1 on another: anyone
        // could top a draw, so no one is removed.
        auto [r, e] = problem(60, 10, [](std::size_t i, std::size_t c) {
            return c == i % 5 ? 5 : c == (i + 1) % 5 ? 1 : static_cast<int>(i % 3) + 2;
        });
        const Shortlist base = baseline(r, e);
        CHECK(kept(r, base) == 60);
        SensitivityOptions o;
        o.concentration = 2;
        o.draws = 100;
        check_same_selection(r, base, o);
    }
    SECTION("a long tail: 500 applicants, most far below the top 5") {
        std::mt19937 rng(5);
        std::uniform_int_distribution<int> low(1, 2), high(4, 5);
        auto [r, e] = problem(
            500, 5, [&](std::size_t i, std::size_t) { return i < 8 ? high(rng) : low(rng); });
        const Shortlist base = baseline(r, e);
        CHECK(kept(r, base) <= 8);
        SensitivityOptions o;
        o.draws = 300;
        check_same_selection(r, base, o);
    }
}

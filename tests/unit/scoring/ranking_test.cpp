// Ranking and selection, on outcomes built directly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "scoring_fixtures.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

using Strings = std::vector<std::string>;

Rulebook policy(std::optional<std::size_t> top) {
    Rulebook r =
        rulebook({criterion("e1", Group::Essential, 1), criterion("c1", Group::Competency, 1)});
    r.shortlist.top = top;
    return r;
}

/// Entries as (applicant id, rank or 0, status) for compact comparison.
struct Row {
    std::string id;
    std::size_t rank;
    ShortlistStatus status;
    friend bool operator==(const Row&, const Row&) = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
    return os << '{' << r.id << ", " << r.rank << ", " << to_string(r.status) << '}';
}

std::vector<Row> rows(const Shortlist& s) {
    std::vector<Row> out;
    for (const ShortlistEntry& e : s.entries)
        out.push_back({s.outcomes[e.outcome].id.value(), e.rank.value_or(0), e.status});
    return out;
}

const ShortlistEntry& entry(const Shortlist& s, std::string_view id) {
    for (const ShortlistEntry& e : s.entries) {
        if (s.outcomes[e.outcome].id.view() == id)
            return e;
    }
    throw std::logic_error("no entry " + std::string(id));
}

/// An outcome with a competency group score and e1's normalised score, for
/// the tie-break keys.
Outcome keyed(std::string id, double total, std::optional<double> competency,
              double e1_normalised) {
    Outcome o = outcome(std::move(id), total);
    o.groups[2] = competency;
    CriterionResult e1;
    e1.id = CriterionId("e1");
    e1.status = CriterionStatus::Scored;
    e1.normalised = e1_normalised;
    CriterionResult c1;
    c1.id = CriterionId("c1");
    c1.group = Group::Competency;
    o.criteria = {e1, c1};
    return o;
}

}  // namespace

TEST_CASE("competition ranking, with every tie at the boundary included", "[ranking]") {
    // Given out of order; totals 90, 80, 80, 80, 70 and a top 2.
    const Shortlist s = select(policy(2), {outcome("C", 80), outcome("E", 70), outcome("A", 90),
                                           outcome("D", 80), outcome("B", 80)});
    CHECK(rows(s) == std::vector<Row>{{"A", 1, ShortlistStatus::Shortlisted},
                                      {"B", 2, ShortlistStatus::Shortlisted},
                                      {"C", 2, ShortlistStatus::Shortlisted},
                                      {"D", 2, ShortlistStatus::Shortlisted},
                                      {"E", 5, ShortlistStatus::NotShortlisted}});
    CHECK(s.top == 2U);
    CHECK(s.shortlisted == 4);  // the shortlist grows past N rather than cut a tie
    CHECK(entry(s, "A").reasons == Strings{"ranked 1 of 5 eligible; within the top 2"});
    CHECK(entry(s, "B").reasons == Strings{"ranked 2 of 5 eligible; within the top 2"});
    CHECK(entry(s, "C").reasons ==
          Strings{"ranked 2 of 5 eligible; tied with rank 2: ties are included"});
    CHECK(entry(s, "E").reasons == Strings{"ranked 5 of 5 eligible; outside the top 2"});
    // Entries point back at the outcomes, which stay in evidence order.
    CHECK(s.outcomes[0].id == ApplicantId("C"));
    CHECK(s.entries[0].outcome == 2);
}

TEST_CASE("break_by: keys in order, descending, and remaining ties share a rank", "[ranking]") {
    Rulebook r = policy(3);
    r.shortlist.ties = TiePolicy::BreakBy;
    r.shortlist.tie_break = {"competency", "e1"};
    // All total 80. Competency: Q 0.7 > P = R = T 0.5 > S none (lowest).
    // Among P, R, T, e1: R 0.75 > P = T 0.25, so P and T stay tied.
    const Shortlist s =
        select(r, {keyed("P", 80, 0.5, 0.25), keyed("Q", 80, 0.7, 0), keyed("R", 80, 0.5, 0.75),
                   keyed("S", 80, std::nullopt, 1), keyed("T", 80, 0.5, 0.25)});
    CHECK(rows(s) == std::vector<Row>{{"Q", 1, ShortlistStatus::Shortlisted},
                                      {"R", 2, ShortlistStatus::Shortlisted},
                                      {"P", 3, ShortlistStatus::Shortlisted},
                                      {"T", 3, ShortlistStatus::Shortlisted},
                                      {"S", 5, ShortlistStatus::NotShortlisted}});
    CHECK(entry(s, "R").reasons ==
          Strings{"ranked 2 of 5 eligible; within the top 3",
                  "same total as rank 1; placed after it by the tie-break on competency, e1"});
    CHECK(entry(s, "T").reasons ==
          Strings{"ranked 3 of 5 eligible; tied with rank 3: ties are included"});
    CHECK(entry(s, "S").reasons ==
          Strings{"ranked 5 of 5 eligible; outside the top 3",
                  "same total as rank 3; placed after it by the tie-break on competency, e1"});
}

TEST_CASE("tie-break keys compare at the precision reports show", "[ranking]") {
    Rulebook r = policy(1);
    r.shortlist.ties = TiePolicy::BreakBy;
    r.shortlist.tie_break = {"competency"};
    // 50.000000 and 50.0000000001 print the same, so they tie.
    const Shortlist s = select(r, {keyed("B", 80, 0.5 + 1e-12, 0), keyed("A", 80, 0.5, 0)});
    CHECK(rows(s) == std::vector<Row>{{"A", 1, ShortlistStatus::Shortlisted},
                                      {"B", 1, ShortlistStatus::Shortlisted}});
}

TEST_CASE("within a tie, applicant ids ascend bytewise, whatever the input order", "[ranking]") {
    std::vector<Outcome> in{outcome("b", 50), outcome("B", 50), outcome("a", 50), outcome("10", 50),
                            outcome("9", 50)};
    const std::vector<Row> expected{{"10", 1, ShortlistStatus::Shortlisted},
                                    {"9", 1, ShortlistStatus::Shortlisted},
                                    {"B", 1, ShortlistStatus::Shortlisted},
                                    {"a", 1, ShortlistStatus::Shortlisted},
                                    {"b", 1, ShortlistStatus::Shortlisted}};
    CHECK(rows(select(policy(std::nullopt), in)) == expected);
    std::reverse(in.begin(), in.end());
    CHECK(rows(select(policy(std::nullopt), in)) == expected);
    CHECK(select(policy(std::nullopt), in).entries[0].reasons ==
          Strings{"ranked 1 of 5 eligible; no shortlist size is set: every eligible applicant "
                  "is shortlisted"});
}

TEST_CASE("guaranteed interview: opted in and meets every essential criterion", "[ranking]") {
    Outcome a = outcome("A", 90);
    a.opted_in = true;  // shortlisted on merit anyway
    Outcome b = outcome("B", 40);
    b.opted_in = true;  // low rank, but guaranteed
    Outcome c = outcome("C", 60);
    Outcome d = outcome("D", 20);
    d.opted_in = true;  // fails an essential criterion: no guarantee
    d.passes_essential_gates = false;
    d.failed_gates = {gate(GateFailure::Kind::NoEvidence, "e1", "no evidence for criterion 'e1'")};
    Outcome e = outcome("E", 45);
    e.opted_in = true;  // below the pass mark, but meets every essential criterion
    e.failed_gates = {
        gate(GateFailure::Kind::PassMark, "pass_mark", "total 45 below the pass mark 50")};
    const Shortlist s = select(policy(1), {a, b, c, d, e});
    CHECK(rows(s) == std::vector<Row>{{"A", 1, ShortlistStatus::Shortlisted},
                                      {"C", 2, ShortlistStatus::NotShortlisted},
                                      {"B", 3, ShortlistStatus::GuaranteedInterview},
                                      {"E", 0, ShortlistStatus::GuaranteedInterview},
                                      {"D", 0, ShortlistStatus::NotEligible}});
    CHECK(s.shortlisted == 3);
    CHECK(entry(s, "A").reasons == Strings{"ranked 1 of 3 eligible; within the top 1"});
    CHECK(entry(s, "B").reasons ==
          Strings{"ranked 3 of 3 eligible; outside the top 1",
                  "opted into the guaranteed interview scheme and meets every essential "
                  "criterion"});
    CHECK(entry(s, "E").reasons ==
          Strings{"total 45 below the pass mark 50",
                  "opted into the guaranteed interview scheme and meets every essential "
                  "criterion"});
    CHECK(entry(s, "D").reasons ==
          Strings{"no evidence for criterion 'e1'",
                  "opted into the guaranteed interview scheme but does not meet every "
                  "essential criterion"});
}

TEST_CASE("the top argument overrides the rulebook", "[ranking]") {
    const std::vector<Outcome> in{outcome("A", 90), outcome("B", 80), outcome("C", 70)};
    const Shortlist by_rulebook = select(policy(2), in);
    CHECK(by_rulebook.top == 2U);
    CHECK(by_rulebook.shortlisted == 2);
    const Shortlist overridden = select(policy(2), in, 1);
    CHECK(overridden.top == 1U);
    CHECK(overridden.shortlisted == 1);
    CHECK(entry(overridden, "B").status == ShortlistStatus::NotShortlisted);
    const Shortlist larger = select(policy(2), in, 10);
    CHECK(larger.shortlisted == 3);
    CHECK(entry(larger, "C").reasons == Strings{"ranked 3 of 3 eligible; within the top 10"});
    const Shortlist none = select(policy(std::nullopt), in);
    CHECK_FALSE(none.top.has_value());
    CHECK(none.shortlisted == 3);
}

TEST_CASE("ineligible applicants follow, by total then id, with every gate", "[ranking]") {
    Outcome x = outcome("X", 30);
    x.failed_gates = {
        gate(GateFailure::Kind::Eligibility, "licence", "not met: Full licence"),
        gate(GateFailure::Kind::PassMark, "pass_mark", "total 30 below the pass mark 50")};
    x.notes = {"not_applicable: criterion 'c1' left out of the weights"};
    Outcome y = outcome("Y", 50);
    y.failed_gates = {gate(GateFailure::Kind::Eligibility, "licence", "not met: Full licence")};
    Outcome w = outcome("W", 30);
    w.failed_gates = y.failed_gates;
    const Shortlist s = select(policy(5), {x, y, outcome("V", 10), w});
    CHECK(rows(s) == std::vector<Row>{{"V", 1, ShortlistStatus::Shortlisted},
                                      {"Y", 0, ShortlistStatus::NotEligible},
                                      {"W", 0, ShortlistStatus::NotEligible},
                                      {"X", 0, ShortlistStatus::NotEligible}});
    CHECK(entry(s, "X").reasons ==
          Strings{"not met: Full licence", "total 30 below the pass mark 50",
                  "not_applicable: criterion 'c1' left out of the weights"});
    CHECK(entry(s, "V").reasons == Strings{"ranked 1 of 1 eligible; within the top 5"});
    CHECK_FALSE(entry(s, "X").rank.has_value());
}

TEST_CASE("a NaN total in a hand-built outcome sorts lowest", "[ranking]") {
    const Shortlist s = select(policy(std::nullopt), {outcome("A", std::nan("")), outcome("B", 50),
                                                      outcome("C", std::nan(""))});
    CHECK(rows(s) == std::vector<Row>{{"B", 1, ShortlistStatus::Shortlisted},
                                      {"A", 2, ShortlistStatus::Shortlisted},
                                      {"C", 2, ShortlistStatus::Shortlisted}});
}

TEST_CASE("an unknown tie-break key is a rulebook error", "[ranking]") {
    Rulebook r = policy(1);
    r.shortlist.ties = TiePolicy::BreakBy;
    r.shortlist.tie_break = {"competency", "zzz"};
    REQUIRE_THROWS_AS(select(r, {outcome("A", 1)}), RulebookError);
    REQUIRE_THROWS_WITH(select(r, {outcome("A", 1)}),
                        "<input>: error: shortlist.tie_break: 'zzz' is neither a group "
                        "(essential, desirable, competency) nor a criterion id");
}

TEST_CASE("a large batch ranks by counting those above", "[ranking][slow]") {
    // 20 000 applicants over 97 distinct totals: each rank must be 1 + the
    // number of applicants with a higher total, and the top 1000 plus its
    // boundary tie must be shortlisted.
    constexpr std::size_t n = 20000;
    std::vector<Outcome> in;
    std::vector<std::size_t> per_total(97, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t t = (i * 7919) % 97;
        ++per_total[t];
        in.push_back(outcome("A" + std::to_string(i), static_cast<double>(t)));
    }
    const Shortlist s = select(policy(1000), in);
    REQUIRE(s.entries.size() == n);
    std::size_t above = 0;
    std::size_t expected_shortlisted = 0;
    for (std::size_t t = 97; t-- > 0;) {
        if (above < 1000)
            expected_shortlisted += per_total[t];
        above += per_total[t];
    }
    CHECK(s.shortlisted == expected_shortlisted);
    bool ranks_ok = true;
    for (const ShortlistEntry& e : s.entries) {
        const auto t = static_cast<std::size_t>(s.outcomes[e.outcome].total);
        std::size_t higher = 0;
        for (std::size_t u = t + 1; u < 97; ++u)
            higher += per_total[u];
        ranks_ok = ranks_ok && e.rank == higher + 1;
    }
    CHECK(ranks_ok);
}

TEST_CASE("a large batch comes out in the order of one sort by total, key and id",
          "[ranking][slow]") {
    // 20 000 applicants (more than one thread sorts), ids given out of order,
    // 13 totals, a competency tie-break key of 7 values and every tenth
    // ineligible: the entries must be the eligible ones by total, key (both
    // descending), then id bytewise, then the ineligible ones by total, id.
    constexpr std::size_t n = 20000;
    Rulebook r = policy(std::nullopt);
    r.shortlist.ties = TiePolicy::BreakBy;
    r.shortlist.tie_break = {"competency"};
    std::vector<Outcome> in;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = (i * 7919) % n;  // a permutation: ids out of order
        Outcome o = keyed("A" + std::to_string(j), static_cast<double>((j * 31) % 13),
                          static_cast<double>((j * 17) % 7) / 10.0, 0);
        if (j % 10 == 3)
            o.failed_gates = {gate(GateFailure::Kind::Eligibility, "licence", "not met")};
        in.push_back(std::move(o));
    }
    std::vector<const Outcome*> eligible, ineligible;
    for (const Outcome& o : in)
        (o.failed_gates.empty() ? eligible : ineligible).push_back(&o);
    std::sort(eligible.begin(), eligible.end(), [](const Outcome* a, const Outcome* b) {
        if (a->total != b->total)
            return a->total > b->total;
        if (*a->groups[2] != *b->groups[2])
            return *a->groups[2] > *b->groups[2];
        return a->id.view() < b->id.view();
    });
    std::sort(ineligible.begin(), ineligible.end(), [](const Outcome* a, const Outcome* b) {
        return a->total != b->total ? a->total > b->total : a->id.view() < b->id.view();
    });
    eligible.insert(eligible.end(), ineligible.begin(), ineligible.end());
    const Shortlist s = select(r, in);
    REQUIRE(s.entries.size() == n);
    std::size_t out_of_order = 0;
    for (std::size_t p = 0; p < n; ++p)
        if (s.outcomes[s.entries[p].outcome].id != eligible[p]->id)
            ++out_of_order;
    CHECK(out_of_order == 0);
}

TEST_CASE("break_by on a criterion ranks the same when scored without the breakdown", "[ranking]") {
    Rulebook r = policy(2);
    r.shortlist.ties = TiePolicy::BreakBy;
    r.shortlist.tie_break = {"e1"};
    // All total 50 (essential and competency weigh the same): e1 5/c1 1,
    // e1 3/c1 3, e1 1/c1 5; e1 breaks the tie A > B > C.
    Evidence e = evidence(r, {"C", "B", "A"});
    const auto rate_both = [&](std::size_t applicant, double e1, double c1) {
        rate(e, r, applicant, "e1", e1);
        rate(e, r, applicant, "c1", c1);
    };
    rate_both(0, 1, 5);
    rate_both(1, 3, 3);
    rate_both(2, 5, 1);
    const Scorer scorer(r);
    ScoreOptions lean;
    lean.explain = false;
    const std::vector<Outcome> without = scorer.score(e, lean);
    REQUIRE(without.size() == 3);
    CHECK(without[0].criteria.size() == 1);  // e1 only, for the tie-break
    const Shortlist s = select(r, without);
    CHECK(rows(s) == std::vector<Row>{{"A", 1, ShortlistStatus::Shortlisted},
                                      {"B", 2, ShortlistStatus::Shortlisted},
                                      {"C", 3, ShortlistStatus::NotShortlisted}});
    CHECK(entry(s, "B").reasons ==
          Strings{"ranked 2 of 3 eligible; within the top 2",
                  "same total as rank 1; placed after it by the tie-break on e1"});
    CHECK(s.entries == select(r, scorer.score(e)).entries);
}

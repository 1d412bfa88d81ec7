// Rulebook comparison: match the two shortlists' applicants by id, then one
// pass for the overlap and the movers, Kendall's tau-b on the totals (Knight's
// O(n log n) algorithm), and the per-criterion split of the movers' change in
// lead (compare.hpp).
#include "shortlist/analysis/compare.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "util/kendall.hpp"

namespace shortlist {

// Messages, the only place their text is written.
namespace detail::compare_msg {

std::string only(std::size_t count, std::string_view side, std::string_view other) {
    return std::to_string(count) + " applicant(s) only in " + std::string(side) +
           "'s evidence, left out of the comparison (not in " + std::string(other) + "'s)";
}

std::string geometric() {
    return "drivers are not given: a rulebook aggregates by weighted_geometric_mean, whose "
           "criteria multiply the total instead of adding points to it";
}

std::string no_breakdown() {
    return "drivers are not given: the outcomes were scored without the per-criterion "
           "breakdown";
}

std::string no_movers() {
    return "drivers are not given: no applicant eligible under both rulebooks entered and left "
           "the shortlist";
}

std::string gated_movers(std::size_t count) {
    return std::to_string(count) +
           " mover(s) not eligible under one of the rulebooks (a gate moved them, not the "
           "weights): left out of the drivers";
}

}  // namespace detail::compare_msg

namespace msg = detail::compare_msg;

namespace {

/// A criterion of the union: its index in each rulebook, or npos.
struct Shared {
    CriterionId id;
    std::size_t a = Rulebook::npos, b = Rulebook::npos;
};

using Pairs = std::vector<std::pair<std::size_t, std::size_t>>;  // (entry a, entry b)

/// Matches the entries by id: match_a[k] is a's entry k's entry in b, or -1.
std::vector<std::size_t> match_by_id(const Shortlist& sa, const Shortlist& sb, Comparison& r) {
    std::unordered_map<std::string_view, std::size_t> in_b;  // id -> entry of b
    in_b.reserve(sb.entries.size());
    for (std::size_t k = 0; k < sb.entries.size(); ++k)
        in_b.emplace(sb.outcomes[sb.entries[k].outcome].id.view(), k);
    std::vector<std::size_t> match_a(sa.entries.size(), static_cast<std::size_t>(-1));
    for (std::size_t k = 0; k < sa.entries.size(); ++k) {
        const auto it = in_b.find(sa.outcomes[sa.entries[k].outcome].id.view());
        if (it == in_b.end())
            continue;
        match_a[k] = it->second;
        ++r.common;
    }
    r.only_a = sa.entries.size() - r.common;
    r.only_b = sb.entries.size() - r.common;
    if (r.only_a > 0)
        r.notes.push_back(msg::only(r.only_a, "a", "b"));
    if (r.only_b > 0)
        r.notes.push_back(msg::only(r.only_b, "b", "a"));
    return match_a;
}

/// The shortlists (common applicants only), overlap, movers and tau-b.
void shortlists_and_movers(const Shortlist& sa, const Shortlist& sb,
                           const std::vector<std::size_t>& match_a, Comparison& r, Pairs& entered,
                           Pairs& left) {
    std::vector<double> xa, yb;
    std::vector<std::size_t> b_to_a(sb.entries.size(), static_cast<std::size_t>(-1));
    for (std::size_t k = 0; k < sa.entries.size(); ++k) {
        if (match_a[k] == static_cast<std::size_t>(-1))
            continue;
        b_to_a[match_a[k]] = k;
        const ShortlistEntry& ea = sa.entries[k];
        const ShortlistEntry& eb = sb.entries[match_a[k]];
        const bool la = on_shortlist(ea.status), lb = on_shortlist(eb.status);
        if (la)
            r.shortlist_a.push_back(sa.outcomes[ea.outcome].id);
        if (la && lb)
            ++r.overlap;
        if (la && !lb)
            left.emplace_back(k, match_a[k]);
        if (ea.rank && eb.rank) {
            xa.push_back(sa.outcomes[ea.outcome].total);
            yb.push_back(sb.outcomes[eb.outcome].total);
        }
    }
    for (std::size_t k = 0; k < sb.entries.size(); ++k) {
        if (b_to_a[k] == static_cast<std::size_t>(-1) || !on_shortlist(sb.entries[k].status))
            continue;
        r.shortlist_b.push_back(sb.outcomes[sb.entries[k].outcome].id);
        if (!on_shortlist(sa.entries[b_to_a[k]].status))
            entered.emplace_back(b_to_a[k], k);
    }
    for (const auto& [ka, kb] : entered)
        r.entered.push_back(shortlist_move(sa, sa.entries[ka], sb, sb.entries[kb]));
    for (const auto& [ka, kb] : left)
        r.left.push_back(shortlist_move(sa, sa.entries[ka], sb, sb.entries[kb]));
    const std::size_t both = r.shortlist_a.size() + r.shortlist_b.size() - r.overlap;
    if (both > 0)
        r.jaccard = static_cast<double>(r.overlap) / static_cast<double>(both);
    r.tau_n = xa.size();
    r.kendall_tau = detail::kendall_tau_b(xa, yb);
}

/// Whether drivers can be given (else a note says why).
bool drivers_apply(const Rulebook& a, const Shortlist& sa, const Rulebook& b, const Shortlist& sb,
                   bool any_movers, bool both_sides, Comparison& r) {
    const bool breakdown =
        std::all_of(sa.outcomes.begin(), sa.outcomes.end(),
                    [&](const Outcome& o) { return o.criteria.size() == a.criteria.size(); }) &&
        std::all_of(sb.outcomes.begin(), sb.outcomes.end(),
                    [&](const Outcome& o) { return o.criteria.size() == b.criteria.size(); });
    if (a.aggregation == Aggregation::WeightedGeometricMean ||
        b.aggregation == Aggregation::WeightedGeometricMean) {
        r.notes.push_back(msg::geometric());
        return false;
    }
    if (!breakdown) {
        r.notes.push_back(msg::no_breakdown());
        return false;
    }
    if (!both_sides) {
        if (any_movers)
            r.notes.push_back(msg::no_movers());
        return false;
    }
    return true;
}

/// Mean over a group of movers of criterion c's (weight part, score part, score).
std::array<double, 3> mover_means(const Shortlist& sa, const Shortlist& sb, const Shared& c,
                                  const Pairs& movers) {
    double weight_part = 0, score_part = 0, score = 0;
    for (const auto& [ka, kb] : movers) {
        const CriterionResult* ra =
            c.a != Rulebook::npos ? &sa.outcomes[sa.entries[ka].outcome].criteria[c.a] : nullptr;
        const CriterionResult* rb =
            c.b != Rulebook::npos ? &sb.outcomes[sb.entries[kb].outcome].criteria[c.b] : nullptr;
        const double ea = ra ? ra->effective_weight : 0.0;
        const double eb = rb ? rb->effective_weight : 0.0;
        // A criterion one rulebook lacks: weight 0 there, the other's score.
        const double s_a = ra ? ra->normalised : rb->normalised;
        const double s_b = rb ? rb->normalised : ra->normalised;
        weight_part += 100.0 * (eb - ea) * (s_a + s_b) / 2;
        score_part += 100.0 * (s_b - s_a) * (ea + eb) / 2;
        score += s_b;
    }
    const double k = static_cast<double>(movers.size());
    return {weight_part / k, score_part / k, score / k};
}

/// Each criterion of either rulebook's part in the movers' change in lead.
void drivers(const Rulebook& a, const Shortlist& sa, const Rulebook& b, const Shortlist& sb,
             const Pairs& e_movers, const Pairs& l_movers, Comparison& r) {
    std::vector<Shared> criteria;
    for (std::size_t c = 0; c < a.criteria.size(); ++c)
        criteria.push_back({a.criteria[c].id, c, b.find_criterion(a.criteria[c].id.view())});
    for (std::size_t c = 0; c < b.criteria.size(); ++c) {
        if (a.find_criterion(b.criteria[c].id.view()) == Rulebook::npos)
            criteria.push_back({b.criteria[c].id, Rulebook::npos, c});
    }
    const std::vector<double> wa = effective_weights(a), wb = effective_weights(b);
    double lead = 0;
    for (const Shared& c : criteria) {
        MoveDriver d;
        d.id = c.id;
        if (c.a != Rulebook::npos)
            d.weight_a = wa[c.a];
        if (c.b != Rulebook::npos)
            d.weight_b = wb[c.b];
        const auto me = mover_means(sa, sb, c, e_movers), ml = mover_means(sa, sb, c, l_movers);
        d.weight_part = me[0] - ml[0];
        d.score_part = me[1] - ml[1];
        d.points = d.weight_part + d.score_part;
        d.score_gap = me[2] - ml[2];
        lead += d.points;
        r.drivers.push_back(std::move(d));
    }
    std::stable_sort(r.drivers.begin(), r.drivers.end(),
                     [](const MoveDriver& x, const MoveDriver& y) {
                         return std::abs(x.points) > std::abs(y.points) ||
                                (std::abs(x.points) == std::abs(y.points) && x.id < y.id);
                     });
    r.lead_change = lead;
}

}  // namespace

Comparison compare(const Rulebook& a, const Shortlist& sa, const Rulebook& b, const Shortlist& sb) {
    Comparison r;
    const auto match_a = match_by_id(sa, sb, r);
    Pairs entered, left;
    shortlists_and_movers(sa, sb, match_a, r, entered, left);
    // Drivers, over the movers eligible under both rulebooks.
    auto eligible_both = [&](const std::pair<std::size_t, std::size_t>& m) {
        return sa.entries[m.first].rank && sb.entries[m.second].rank;
    };
    Pairs e_movers, l_movers;
    std::copy_if(entered.begin(), entered.end(), std::back_inserter(e_movers), eligible_both);
    std::copy_if(left.begin(), left.end(), std::back_inserter(l_movers), eligible_both);
    r.movers_entered = e_movers.size();
    r.movers_left = l_movers.size();
    if (const std::size_t gated = entered.size() + left.size() - e_movers.size() - l_movers.size();
        gated > 0)
        r.notes.push_back(msg::gated_movers(gated));
    if (drivers_apply(a, sa, b, sb, !entered.empty() || !left.empty(),
                      !e_movers.empty() && !l_movers.empty(), r))
        drivers(a, sa, b, sb, e_movers, l_movers, r);
    return r;
}

}  // namespace shortlist

// What would it take: each applicant rescored with one criterion raised, as
// Scorer scores them (the same sums in the same order, the same rounding), so
// that the improvement reported is the one that would really do.
#include "shortlist/analysis/explain.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "util/number.hpp"

namespace shortlist {

std::string_view to_string(WhatItTakes::Kind k) {
    switch (k) {
        case WhatItTakes::Kind::Margin:
            return "margin";
        case WhatItTakes::Kind::Guaranteed:
            return "guaranteed_interview";
        case WhatItTakes::Kind::Improvement:
            return "improvement";
        case WhatItTakes::Kind::NoSingleCriterion:
            return "no_single_criterion";
        case WhatItTakes::Kind::NotByScore:
            return "not_by_score";
    }
    return "unknown";
}

namespace {

constexpr double lowest = -std::numeric_limits<double>::infinity();
/// Raw scores are searched on the grid the reports print: 10^-6 points.
constexpr double per_point = 1e6;

using detail::round6;
/// Six decimals without trailing zeros: 2.333333, 2.5, 2.
std::string trimmed(double v) {
    return detail::format_trimmed(v);
}

// ---- messages (the only place their text is written) ----------------------

std::string msg_margin(double margin, double keep, bool pass_mark) {
    if (margin == 0)
        return pass_mark ? "shortlisted with no points to spare: the total is exactly the pass mark"
                         : "shortlisted with no points to spare: any lower total would fall "
                           "behind the next applicant";
    return "shortlisted with " + trimmed(margin) + " points of the total to spare (a total of " +
           trimmed(keep) +
           (pass_mark ? ", the pass mark, keeps the place)"
                      : ", the next applicant's, still keeps the place)");
}

std::string msg_all_in(bool pass_mark) {
    return pass_mark ? "shortlisted"
                     : "shortlisted: every eligible applicant is, and there is no pass mark";
}

std::string msg_guaranteed() {
    return "shortlisted through the guaranteed interview scheme, not on rank";
}

std::string msg_not_by_score(const Outcome& o) {
    std::string s = "no score can change this: it fails ";
    std::size_t n = 0;
    for (const GateFailure& g : o.failed_gates)
        n += g.kind == GateFailure::Kind::Eligibility ? 1U : 0U;
    s += n == 1 ? "an eligibility condition (" : "eligibility conditions (";
    bool first = true;
    for (const GateFailure& g : o.failed_gates) {
        if (g.kind != GateFailure::Kind::Eligibility)
            continue;
        s += first ? "" : "; ";
        s += g.message;
        first = false;
    }
    return s + ")";
}

std::string msg_several_gates(const std::vector<std::string>& ids) {
    std::string s = "no single criterion suffices: it fails the minimum or lacks evidence on " +
                    std::to_string(ids.size()) + " criteria (";
    for (std::size_t i = 0; i < ids.size(); ++i)
        s += (i > 0 ? ", " : "") + ids[i];
    return s + ")";
}

std::string msg_nobody_on_rank() {
    return "no single criterion suffices: nobody is shortlisted on rank";
}

std::string msg_out_of_reach(double cut, bool pass_mark) {
    return "no single criterion suffices: even the top of its scale on any one criterion would "
           "not reach " +
           std::string(pass_mark ? "the pass mark of "
                                 : "the shortlist (the last place has a total of ") +
           trimmed(cut) + (pass_mark ? "" : ")");
}

std::string msg_one_gate(const Criterion& c, bool missing, double cut, bool pass_mark) {
    return "no single criterion suffices: " +
           std::string(missing ? "evidence on " : "meeting the minimum on ") + c.id.value() +
           " would make it eligible, but even the top of its scale there would not reach " +
           std::string(pass_mark ? "the pass mark of "
                                 : "the shortlist (the last place has a total of ") +
           trimmed(cut) + (pass_mark ? "" : ")");
}

std::string msg_improvement(const Criterion& c, const Scale& scale, const Improvement& i,
                            bool guaranteed, std::optional<double> cut) {
    std::string s;
    if (i.raw)
        s = "raising " + c.id.value() + " from " + trimmed(*i.raw) + " to " + trimmed(i.new_raw);
    else
        s = "a score of " + trimmed(i.new_raw) + " on " + c.id.value() + " (it has no evidence)";
    s += " (+" + trimmed(i.points) + (i.points == 1 ? " point" : " points") + " on its " +
         trimmed(scale.min) + ".." + trimmed(scale.max) + " scale) would have ";
    if (guaranteed)
        return s + "met every essential criterion, and so given a guaranteed interview";
    s += "put this applicant on the shortlist, with a total of " + trimmed(i.new_total);
    if (cut)
        s += " against " + trimmed(*cut) + " for the last place";
    return s;
}

Error err_no_breakdown() {
    return Error({}, ErrorCode::FailedPrecondition,
                 "what it takes needs outcomes scored with the full breakdown "
                 "(ScoreOptions::explain)");
}

// ---- the rulebook, compiled for rescoring ------------------------------------

struct TieKey {
    bool is_group = false;
    std::size_t index = 0;
};

struct Model {
    explicit Model(const Rulebook& rb) : rulebook(rb) {
        geometric = rb.aggregation == Aggregation::WeightedGeometricMean;
        for (std::size_t k = 0; k < rb.criteria.size(); ++k) {
            const Criterion& c = rb.criteria[k];
            const Scale* s = rb.find_scale(c.scale);
            scales.push_back(s);
            min.push_back(s != nullptr ? s->min : 0);
            max.push_back(s != nullptr ? s->max : 1);
            group.push_back(static_cast<std::size_t>(c.group));
            members[group.back()].push_back(k);
        }
        for (std::size_t g = 0; g < group_count; ++g)
            weights[g] = rb.group_weights[static_cast<Group>(g)];
        if (rb.shortlist.ties == TiePolicy::BreakBy) {
            for (const std::string& key : rb.shortlist.tie_break) {
                if (const auto g = parse_group(key))
                    keys.push_back({true, static_cast<std::size_t>(*g)});
                else if (const std::size_t c = rb.find_criterion(key); c != Rulebook::npos)
                    keys.push_back({false, c});
            }
        }
    }
    const Rulebook& rulebook;
    bool geometric = false;
    std::vector<const Scale*> scales;
    std::vector<double> min, max;
    std::vector<std::size_t> group;
    std::array<std::vector<std::size_t>, group_count> members;
    std::array<double, group_count> weights{};
    std::vector<TieKey> keys;
};

/// A group's sums over its criteria that apply, in rulebook order, as
/// Scorer::Impl::aggregate adds them.
struct GroupSums {
    double denom = 0;
    double numer = 0;
    int zeros = 0;
};

/// One applicant as scored, with criterion k's normalised score replaceable.
struct Rescorer {
    Rescorer(const Model& model, const Outcome& scored) : m(model), o(scored) {
        for (std::size_t g = 0; g < group_count; ++g)
            sums[g] = group_sums(g, Rulebook::npos, 0);
        for (const CriterionResult& c : o.criteria) {
            if (!(c.effective_weight > 0))
                continue;
            if (c.normalised > 0)
                log_factors += c.effective_weight * std::log(c.normalised);
            else
                ++zero_factors;
        }
    }

    [[nodiscard]] bool applies(std::size_t j) const {
        return o.criteria[j].status != CriterionStatus::NotApplicable;
    }

    /// Group g's sums with criterion k's s replaced by sk (k = npos: none).
    [[nodiscard]] GroupSums group_sums(std::size_t g, std::size_t k, double sk) const {
        GroupSums x;
        for (const std::size_t j : m.members[g]) {
            if (!applies(j))
                continue;
            const double w = o.criteria[j].weight;
            const double s = j == k ? sk : o.criteria[j].normalised;
            x.denom += w;
            if (!m.geometric)
                x.numer += s * w;
            else if (s > 0)
                x.numer += std::log(s) * w;
            else if (w > 0)
                ++x.zeros;
        }
        return x;
    }

    struct Result {
        double total = 0;      ///< rounded to 6 decimals, as Outcome::total
        double unrounded = 0;  ///< before rounding
        std::array<std::optional<double>, group_count> groups{};
    };

    /// The applicant rescored with criterion k's normalised score sk (k =
    /// npos: as scored).
    [[nodiscard]] Result rescore(std::size_t k, double sk) const {
        std::array<GroupSums, group_count> x = sums;
        if (k != Rulebook::npos)
            x[m.group[k]] = group_sums(m.group[k], k, sk);
        Result r;
        double weight_sum = 0, sum = 0;
        int zero_groups = 0;
        for (std::size_t g = 0; g < group_count; ++g) {
            if (!(x[g].denom > 0))
                continue;
            const double G = !m.geometric      ? x[g].numer / x[g].denom
                             : x[g].zeros == 0 ? std::exp(x[g].numer / x[g].denom)
                                               : 0.0;
            r.groups[g] = G;
            weight_sum += m.weights[g];
            if (!m.geometric)
                sum += G * m.weights[g];
            else if (G > 0)
                sum += std::log(G) * m.weights[g];
            else if (m.weights[g] > 0)
                ++zero_groups;
        }
        r.unrounded = !(weight_sum > 0)  ? 0.0
                      : !m.geometric     ? 100.0 * sum / weight_sum
                      : zero_groups == 0 ? 100.0 * std::exp(sum / weight_sum)
                                         : 0.0;
        r.total = round6(r.unrounded);
        return r;
    }

    const Model& m;
    const Outcome& o;
    std::array<GroupSums, group_count> sums{};
    /// Geometric mean: Σ e·ln s over the factors with s > 0, and how many
    /// factors are 0 (for the closed form's guess).
    double log_factors = 0;
    int zero_factors = 0;
};

/// The tie-break keys as select() compares them: on 0..100 at 6 decimals; a
/// group without a score or a not_applicable criterion lowest.
std::vector<double> key_values(const Model& m, const Outcome& o,
                               const std::array<std::optional<double>, group_count>& groups,
                               std::size_t k, double sk) {
    std::vector<double> v;
    v.reserve(m.keys.size());
    for (const TieKey& key : m.keys) {
        if (key.is_group) {
            const auto& g = groups[key.index];
            v.push_back(g ? std::round(*g * 1e8) / 1e6 : lowest);
        } else if (o.criteria[key.index].status == CriterionStatus::NotApplicable) {
            v.push_back(lowest);
        } else {
            const double s = key.index == k ? sk : o.criteria[key.index].normalised;
            v.push_back(std::round(s * 1e8) / 1e6);
        }
    }
    return v;
}

/// The applicant at place N, whom a total must not fall below.
struct Cut {
    double total = 0;
    std::vector<double> keys;
};

/// The smallest u in [lo, hi] with ok(u), given ok(hi) and a guess: gallop
/// from the guess, then bisect. ok must be monotone.
template <class Ok>
std::int64_t smallest(std::int64_t lo, std::int64_t hi, std::int64_t guess, Ok&& ok) {
    guess = std::clamp(guess, lo, hi);
    std::int64_t good = hi, bad = lo - 1;  // ok(good), !ok(bad) (lo - 1: none known)
    std::int64_t step = 1;
    if (ok(guess)) {
        good = guess;
        for (std::int64_t probe = good - step; probe >= lo; probe = good - step) {
            if (!ok(probe)) {
                bad = probe;
                break;
            }
            good = probe;
            step *= 2;
        }
    } else {
        bad = guess;
        for (std::int64_t probe = bad + step; probe < hi; probe = bad + step) {
            if (ok(probe)) {
                good = probe;
                break;
            }
            bad = probe;
            step *= 2;
        }
    }
    while (good - bad > 1) {
        const std::int64_t mid = bad + (good - bad) / 2;
        (ok(mid) ? good : bad) = mid;
    }
    return good;
}

std::int64_t to_units(double raw) {
    return static_cast<std::int64_t>(std::llround(raw * per_point));
}

class Explainer {
  public:
    Explainer(const Rulebook& rb, const Shortlist& sl) : m_(rb), rb_(rb), sl_(sl) {
        for (const ShortlistEntry& e : sl.entries)
            ranked_ += e.rank ? 1U : 0U;
        top_ = sl.top;
        limited_ = top_ && *top_ < ranked_;
        if (limited_ && *top_ > 0) {
            const Outcome& b = outcome(sl.entries[*top_ - 1]);
            cut_ = Cut{b.total, key_values(m_, b, b.groups, Rulebook::npos, 0)};
        }
    }

    [[nodiscard]] WhatItTakes explain(std::size_t place) const {
        const ShortlistEntry& e = sl_.entries[place];
        const Outcome& o = outcome(e);
        WhatItTakes w;
        if (e.status == ShortlistStatus::Shortlisted) {
            margin(place, o, w);
        } else if (e.status == ShortlistStatus::GuaranteedInterview) {
            w.kind = WhatItTakes::Kind::Guaranteed;
            w.reason = msg_guaranteed();
        } else {
            improve(o, w);
        }
        return w;
    }

  private:
    [[nodiscard]] const Outcome& outcome(const ShortlistEntry& e) const {
        const Outcome& o = sl_.outcomes[e.outcome];
        if (o.criteria.size() != rb_.criteria.size())
            throw err_no_breakdown();
        return o;
    }

    void margin(std::size_t place, const Outcome& o, WhatItTakes& w) const {
        w.kind = WhatItTakes::Kind::Margin;
        const auto& mark = rb_.shortlist.pass_mark;
        std::optional<double> keep;
        if (limited_)  // the applicant at place N + 1 (or this one's total, if in by a tie)
            keep = place < *top_ ? outcome(sl_.entries[*top_]).total : o.total;
        if (mark && (!keep || *mark > *keep)) {
            keep = *mark;
            w.margin_is_pass_mark = true;
        }
        if (!keep) {
            w.reason = msg_all_in(false);
            return;
        }
        w.keep_total = *keep;
        w.margin = std::max(round6(o.total - *keep), 0.0);
        w.reason = msg_margin(*w.margin, *keep, w.margin_is_pass_mark);
    }

    void improve(const Outcome& o, WhatItTakes& w) const {
        std::vector<std::size_t> gated;  // criteria whose own gate failed
        std::vector<std::size_t> essential_gated;
        for (const GateFailure& g : o.failed_gates) {
            if (g.kind == GateFailure::Kind::Eligibility) {
                w.kind = WhatItTakes::Kind::NotByScore;
                w.reason = msg_not_by_score(o);
                return;
            }
            if (g.kind == GateFailure::Kind::PassMark)
                continue;
            const std::size_t k = rb_.find_criterion(g.id);
            gated.push_back(k);
            if (k != Rulebook::npos && rb_.criteria[k].group == Group::Essential)
                essential_gated.push_back(k);
        }
        const Rescorer x(m_, o);
        const double unrounded = x.rescore(Rulebook::npos, 0).unrounded;
        std::vector<bool> by_scheme;
        for (std::size_t k = 0; k < rb_.criteria.size(); ++k) {
            const auto only_k = [k](const std::vector<std::size_t>& v) {
                return std::all_of(v.begin(), v.end(), [k](std::size_t j) { return j == k; });
            };
            // A criterion scored from a fact is what the applicant holds, not
            // a score to raise (docs/explanations.md, "What it takes").
            if (!x.applies(k) || rb_.criteria[k].from_fact)
                continue;
            const bool on_rank = only_k(gated) && (!limited_ || cut_);
            const bool scheme = o.opted_in && only_k(essential_gated);
            if ((!on_rank || out_of_reach(x, k, unrounded)) && !scheme)
                continue;
            bool guaranteed = false;
            if (auto i = raise(x, k, unrounded, on_rank, scheme, guaranteed)) {
                w.options.push_back(std::move(*i));
                by_scheme.push_back(guaranteed);
            }
        }
        if (w.options.empty()) {
            w.kind = WhatItTakes::Kind::NoSingleCriterion;
            if (gated.size() > 1) {
                std::vector<std::string> ids;
                for (const std::size_t k : gated)
                    ids.push_back(k == Rulebook::npos ? "?" : rb_.criteria[k].id.value());
                w.reason = msg_several_gates(ids);
            } else if (limited_ && !cut_) {
                w.reason = msg_nobody_on_rank();
            } else {
                const bool mark =
                    !cut_ || (rb_.shortlist.pass_mark && *rb_.shortlist.pass_mark > cut_->total);
                const double limit = mark ? rb_.shortlist.pass_mark.value_or(0) : cut_->total;
                const std::size_t k = gated.empty() ? Rulebook::npos : gated.front();
                w.reason = k == Rulebook::npos
                               ? msg_out_of_reach(limit, mark)
                               : msg_one_gate(rb_.criteria[k],
                                              o.criteria[k].status == CriterionStatus::Missing,
                                              limit, mark);
            }
            return;
        }
        // Fewest points first; equal points in rulebook order.
        std::vector<std::size_t> order(w.options.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return w.options[a].points < w.options[b].points;
        });
        std::vector<Improvement> sorted;
        for (const std::size_t i : order)
            sorted.push_back(w.options[i]);
        w.options = std::move(sorted);
        w.kind = WhatItTakes::Kind::Improvement;
        const std::size_t k = rb_.find_criterion(w.options.front().criterion.view());
        w.reason = msg_improvement(rb_.criteria[k], *m_.scales[k], w.options.front(),
                                   by_scheme[order.front()],
                                   cut_ ? std::optional(cut_->total) : rb_.shortlist.pass_mark);
    }

    /// The smallest raise of criterion k that shortlists the applicant, if
    /// any: on rank (when on_rank) or through the scheme (when scheme);
    /// `guaranteed` says the scheme is what does it.
    std::optional<Improvement> raise(const Rescorer& x, std::size_t k, double unrounded,
                                     bool on_rank, bool scheme, bool& guaranteed) const {
        const Criterion& c = rb_.criteria[k];
        const CriterionResult& now = x.o.criteria[k];
        const double lo_raw = now.raw ? *now.raw : m_.min[k];
        const double span = m_.max[k] - m_.min[k];
        const auto& mark = rb_.shortlist.pass_mark;
        const auto s_of = [&](double r) {
            return std::min(std::max((r - m_.min[k]) / span, 0.0), 1.0);
        };
        const auto gate_ok = [&](double r) {
            return c.may_be_met_later || !c.minimum || round6(r) >= *c.minimum;
        };
        const auto by_scheme = [&](double r) {
            return scheme && (c.group != Group::Essential || gate_ok(r));
        };
        const auto by_rank = [&](double r) {
            if (!on_rank || !gate_ok(r))
                return false;
            const double s = s_of(r);
            const Rescorer::Result res = x.rescore(k, s);
            if (mark && res.total < *mark)
                return false;
            if (!limited_)
                return true;
            if (res.total != cut_->total)
                return res.total > cut_->total;
            return key_values(m_, x.o, res.groups, k, s) >= cut_->keys;
        };
        const auto ok = [&](std::int64_t u) {
            const double r = static_cast<double>(u) / per_point;
            return by_scheme(r) || by_rank(r);
        };
        const std::int64_t lo = static_cast<std::int64_t>(std::floor(lo_raw * per_point));
        const std::int64_t hi = to_units(m_.max[k]);
        if (!ok(hi))
            return std::nullopt;
        const std::int64_t u = smallest(lo, hi, to_units(guess(x, k, unrounded)), ok);
        Improvement i;
        i.criterion = c.id;
        i.raw = now.raw;
        i.new_raw = static_cast<double>(u) / per_point;
        i.points = round6(i.new_raw - lo_raw);
        i.new_total = x.rescore(k, s_of(i.new_raw)).total;
        guaranteed = !by_rank(i.new_raw);
        return i;
    }

    /// The total the rank route needs: the cut's and the pass mark, whichever
    /// is higher (-inf if neither).
    [[nodiscard]] double total_needed() const {
        double target = cut_ ? cut_->total : lowest;
        if (const auto& mark = rb_.shortlist.pass_mark)
            target = std::max(target, *mark);
        return target;
    }

    /// Criterion k at its scale max leaves the total clearly below what the
    /// rank route needs (by more than rounding could hide): no need to
    /// rescore. The bound is the closed form's: + 100 e (1 − s) for the mean,
    /// × s^−e for the geometric mean (0 while another factor is 0).
    [[nodiscard]] bool out_of_reach(const Rescorer& x, std::size_t k, double unrounded) const {
        const CriterionResult& now = x.o.criteria[k];
        const double e = now.effective_weight;
        double best = unrounded;
        if (!m_.geometric) {
            best += 100.0 * e * (1.0 - now.normalised);
        } else if (e > 0) {
            const int others_zero = x.zero_factors - (now.normalised > 0 ? 0 : 1);
            best = others_zero > 0
                       ? 0.0
                       : std::exp(std::log(100.0) + x.log_factors -
                                  (now.normalised > 0 ? e * std::log(now.normalised) : 0.0));
        }
        return best < total_needed() - 1e-6;
    }

    /// The closed form: the raw score on criterion k that brings the total
    /// to the cut (and the pass mark), and k to its minimum. A guess only:
    /// raise() checks it by rescoring.
    [[nodiscard]] double guess(const Rescorer& x, std::size_t k, double unrounded) const {
        const Criterion& c = rb_.criteria[k];
        const CriterionResult& now = x.o.criteria[k];
        const double target = total_needed();
        const double span = m_.max[k] - m_.min[k];
        const double e = now.effective_weight;
        double r = now.raw ? *now.raw : m_.min[k];
        if (target > unrounded && e > 0) {
            double s = now.normalised;
            if (!m_.geometric) {
                s += (target - unrounded) / (100.0 * e);  // points = Δ / (100 e) × span
            } else {
                // total = 100 × Π s_j^e_j: solve target = others × s^e, where
                // others is 100 × the product of the other factors.
                const bool zero = x.zero_factors > (now.normalised > 0 ? 0 : 1);
                const double log_others = std::log(100.0) + x.log_factors -
                                          (now.normalised > 0 ? e * std::log(now.normalised) : 0.0);
                s = zero ? 2.0 : std::exp((std::log(target) - log_others) / e);
            }
            r = m_.min[k] + s * span;
        }
        if (c.minimum && !c.may_be_met_later)
            r = std::max(r, *c.minimum);
        return std::isfinite(r) ? std::min(r, m_.max[k]) : m_.max[k];
    }

    Model m_;
    const Rulebook& rb_;
    const Shortlist& sl_;
    std::size_t ranked_ = 0;
    std::optional<std::size_t> top_;
    bool limited_ = false;
    std::optional<Cut> cut_;  ///< the applicant at place N; none if not limited or N = 0
};

}  // namespace

std::vector<WhatItTakes> what_it_takes(const Rulebook& rulebook, const Shortlist& shortlist) {
    const Explainer explainer(rulebook, shortlist);
    std::vector<WhatItTakes> result;
    result.reserve(shortlist.entries.size());
    for (std::size_t p = 0; p < shortlist.entries.size(); ++p)
        result.push_back(explainer.explain(p));
    return result;
}

}  // namespace shortlist

// The scorer: the rulebook compiled once into dense per-criterion arrays; a
// batch is one pass over the ratings into an applicants x criteria tally, then
// one pass per applicant that scores, gates and explains it (see
// docs/scoring.md). Applicants are independent, so a large batch is
// split between two threads; every number is computed the same way whatever
// the split.
#include "shortlist/scorer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "scoring/conditions.hpp"
#include "scoring/messages.hpp"
#include "scoring/scorer_impl.hpp"
#include "util/io.hpp"
#include "util/number.hpp"
#include "util/parallel.hpp"

namespace shortlist {

std::string_view to_string(CriterionStatus s) {
    switch (s) {
        case CriterionStatus::Scored:
            return "scored";
        case CriterionStatus::Missing:
            return "missing";
        case CriterionStatus::NotApplicable:
            return "not_applicable";
    }
    return "unknown";
}

namespace {

/// Batches of at least this many applicants are scored on two threads.
constexpr std::size_t parallel_from = 4096;

using detail::Cell;
using detail::err_bad_number;
using detail::err_empty_scale;
using detail::err_invalid;
using detail::err_not_one_application;
using detail::err_unknown_opt_in_fact;
using detail::err_unknown_scale;
using detail::format_trimmed;
using detail::msg_below_pass_mark;
using detail::msg_check_to_come;
using detail::msg_later_stage;
using detail::msg_no_evidence;
using detail::msg_not_applicable;
using detail::msg_scale;
using detail::round6;
using detail::Scores;
using detail::Tally;

}  // namespace

Scorer::Impl::Impl(Rulebook rb) : rulebook(std::move(rb)) {
    if (auto diagnostics = validate(rulebook); !diagnostics.empty())
        throw err_invalid(std::move(diagnostics));

    geometric = rulebook.aggregation == Aggregation::WeightedGeometricMean;
    criteria = rulebook.criteria.size();
    scale_min.reserve(criteria);
    scale_span.reserve(criteria);
    scale_max.reserve(criteria);
    group.reserve(criteria);
    weight.reserve(criteria);
    indicator_mask.reserve(criteria);
    no_evidence.reserve(criteria);
    scale_text.reserve(criteria);
    not_applicable.reserve(criteria);

    for (std::size_t c = 0; c < criteria; ++c) {
        const Criterion& crit = rulebook.criteria[c];
        const Scale* scale = rulebook.find_scale(crit.scale);
        if (scale == nullptr)
            throw err_unknown_scale(crit);
        if (!(scale->min < scale->max))
            throw err_empty_scale(*scale);
        // validate() checks these; a rulebook built in code could still carry
        // a NaN, which would silently pass every comparison.
        if (!(crit.weight >= 0) || !std::isfinite(crit.weight))
            throw err_bad_number(crit.location, "criterion '" + crit.id.value() + "': weight");
        if (crit.minimum && !std::isfinite(*crit.minimum))
            throw err_bad_number(crit.location, "criterion '" + crit.id.value() + "': minimum");
        scale_min.push_back(scale->min);
        scale_span.push_back(scale->max - scale->min);
        scale_max.push_back(scale->max);
        group.push_back(static_cast<std::size_t>(crit.group));
        weight.push_back(crit.weight);
        const std::size_t k = crit.indicators.size();
        indicator_mask.push_back(k >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << k) - 1);
        no_evidence.push_back(msg_no_evidence(crit));
        scale_text.push_back(msg_scale(*scale));
        not_applicable.push_back(msg_not_applicable(crit));
    }
    compile_stages_and_facts();
    for (std::size_t g = 0; g < group_count; ++g) {
        const double w = rulebook.group_weights[static_cast<Group>(g)];
        if (!(w >= 0) || !std::isfinite(w))
            throw err_bad_number(
                {rulebook.path.string()},
                "groups." + std::string(to_string(static_cast<Group>(g))) + ".weight");
        total_weights[g] = w;
    }
    if (const auto& mark = rulebook.shortlist.pass_mark; mark && !std::isfinite(*mark))
        throw err_bad_number({rulebook.path.string()}, "shortlist.pass_mark");

    in_tie_break.assign(criteria, false);
    if (rulebook.shortlist.ties == TiePolicy::BreakBy) {
        // As select() reads the keys: a group name first, then a criterion id.
        for (const std::string& key : rulebook.shortlist.tie_break) {
            if (parse_group(key))
                continue;
            if (const std::size_t c = rulebook.find_criterion(key);
                c != Rulebook::npos && !in_tie_break[c]) {
                in_tie_break[c] = true;
                ++tie_break_criteria;
            }
        }
    }

    eligibility = detail::Eligibility(rulebook);

    if (const auto& fact = rulebook.shortlist.guaranteed_interview_fact) {
        const FactSpec* spec = rulebook.find_fact(*fact);
        if (spec == nullptr)
            throw err_unknown_opt_in_fact(rulebook, *fact);
        opt_in_fact = static_cast<std::size_t>(spec - rulebook.facts.data());
    }
}

void Scorer::Impl::compile_stages_and_facts() {
    if (uses_stages(rulebook))
        stage_shown = scoring_stage(rulebook);
    later.assign(criteria, 0);
    for (std::size_t c = 0; c < criteria; ++c) {
        const Criterion& crit = rulebook.criteria[c];
        if (after_scoring_stage(rulebook, stage_of(crit))) {
            later[c] = 1;
            not_applicable[c] = msg_later_stage(crit);
        }
        if (crit.from_fact)
            if (const FactSpec* f = rulebook.find_fact(crit.from_fact->fact))
                fact_criteria.push_back({c, static_cast<std::size_t>(f - rulebook.facts.data()),
                                         crit.from_fact->scores});
    }
    for (const Condition& c : rulebook.eligibility)
        if (after_scoring_stage(rulebook, stage_of(c)))
            checks_to_come.push_back(msg_check_to_come(c));
}

void Scorer::Impl::aggregate(const Tally& t, std::size_t i, Scores& x) const {
    const std::size_t m = criteria;
    x.counted.resize(m);
    x.applies.resize(m);
    x.raw.resize(m);
    x.s.resize(m);
    // raw = sum / count; s = (raw - min) / (max - min), 0 when missing; a
    // criterion applies unless it was said not_applicable and nobody scored it.
    for (std::size_t k = 0; k < m; ++k) {
        const Cell& cell = t.at(i, k);
        const bool counted = cell.count > 0 && !later[k];  // a later stage's: left out
        x.counted[k] = counted;
        x.applies[k] = counted || (cell.said_not_applicable == 0 && !later[k]);
        x.raw[k] = cell.sum / std::max(static_cast<double>(cell.count), 1.0);
        const double s = std::min(std::max((x.raw[k] - scale_min[k]) / scale_span[k], 0.0), 1.0);
        x.s[k] = counted ? s : 0.0;
    }

    // Group scores. D = Σ w over the criteria that apply; a group with D = 0
    // has no score for this applicant and is left out of the total.
    std::array<double, group_count> denom{}, numer{};
    std::array<int, group_count> zeros{};  // geometric: applicable criteria with s = 0, w > 0
    for (std::size_t k = 0; k < m; ++k) {
        if (!x.applies[k])
            continue;
        const std::size_t g = group[k];
        denom[g] += weight[k];
        if (!geometric) {
            numer[g] += x.s[k] * weight[k];  // G = Σ w·s / Σ w
        } else if (x.s[k] > 0) {
            numer[g] += std::log(x.s[k]) * weight[k];  // G = exp(Σ w·ln s / Σ w)
        } else if (weight[k] > 0) {
            ++zeros[g];  // any s = 0 with w > 0 makes G = 0
        }
    }
    x.denom = denom;
    for (std::size_t g = 0; g < group_count; ++g) {
        x.defined[g] = denom[g] > 0;
        x.group_score[g] = !x.defined[g]   ? 0.0
                           : !geometric    ? numer[g] / denom[g]
                           : zeros[g] == 0 ? std::exp(numer[g] / denom[g])
                                           : 0.0;
    }

    // total = 100 × Σ W·G / Σ W (or 100 × exp(Σ W·ln G / Σ W)) over the groups
    // that have a score; 0 if none has. Rounded to 6 decimal places.
    double weight_sum = 0, sum = 0;
    int zero_groups = 0;
    for (std::size_t g = 0; g < group_count; ++g) {
        if (!x.defined[g])
            continue;
        weight_sum += total_weights[g];
        if (!geometric)
            sum += x.group_score[g] * total_weights[g];
        else if (x.group_score[g] > 0)
            sum += std::log(x.group_score[g]) * total_weights[g];
        else if (total_weights[g] > 0)
            ++zero_groups;
    }
    x.weight_sum = weight_sum;
    const double total = !(weight_sum > 0)  ? 0.0
                         : !geometric       ? 100.0 * sum / weight_sum
                         : zero_groups == 0 ? 100.0 * std::exp(sum / weight_sum)
                                            : 0.0;
    x.total = round6(total);
}

void Scorer::Impl::explain(const Evidence& evidence, const Tally& t, const Scores& x,
                           const std::vector<detail::FactColumn>& columns, std::size_t i,
                           bool breakdown, Outcome& o) const {
    o.id = evidence.applicants[i];
    o.index = i;
    o.total = x.total;
    for (std::size_t g = 0; g < group_count; ++g) {
        if (x.defined[g])
            o.groups[g] = x.group_score[g];
    }

    eligibility.check(columns, i, o.failed_gates);
    bool essential_ok = o.failed_gates.empty();

    o.criteria.reserve(breakdown ? criteria : tie_break_criteria);
    for (std::size_t k = 0; k < criteria; ++k) {
        const Criterion& crit = rulebook.criteria[k];
        CriterionStatus status = CriterionStatus::Missing;
        if (x.counted[k]) {
            status = CriterionStatus::Scored;
        } else if (!x.applies[k]) {
            status = CriterionStatus::NotApplicable;
            o.notes.push_back(not_applicable[k]);
        }
        if (breakdown || in_tie_break[k])
            o.criteria.push_back(result(t, x, i, k, status));

        // Criterion gates. A desirable criterion without a minimum is no gate:
        // missing evidence just scores 0.
        GateFailure gate;
        if (status == CriterionStatus::Missing &&
            (crit.group != Group::Desirable || crit.minimum)) {
            gate = {GateFailure::Kind::NoEvidence, crit.id.value(), no_evidence[k]};
        } else if (status == CriterionStatus::Scored && crit.minimum &&
                   round6(x.raw[k]) < *crit.minimum) {
            gate = {GateFailure::Kind::Minimum, crit.id.value(),
                    detail::msg_below_minimum(crit, round6(x.raw[k]), scale_text[k])};
        } else {
            continue;
        }
        if (crit.may_be_met_later) {
            o.conditions.push_back(*crit.may_be_met_later);
            continue;
        }
        if (crit.group == Group::Essential)
            essential_ok = false;
        o.failed_gates.push_back(std::move(gate));
    }

    if (const auto& mark = rulebook.shortlist.pass_mark; mark && o.total < *mark) {
        o.failed_gates.push_back(
            {GateFailure::Kind::PassMark, "pass_mark", msg_below_pass_mark(o.total, *mark)});
    }
    o.passes_essential_gates = essential_ok;
    o.conditions.insert(o.conditions.end(), checks_to_come.begin(), checks_to_come.end());
    o.stage = stage_shown;
    if (opt_in_fact) {
        const bool* yes = std::get_if<bool>(&evidence.facts[*opt_in_fact][i]);
        o.opted_in = yes != nullptr && *yes;
    }
}

CriterionResult Scorer::Impl::result(const Tally& t, const Scores& x, std::size_t i, std::size_t k,
                                     CriterionStatus status) const {
    const std::size_t g = group[k];
    const Criterion& crit = rulebook.criteria[k];
    CriterionResult r;
    r.id = crit.id;
    r.group = crit.group;
    r.status = status;
    r.weight = weight[k];
    r.assessors = t.at(i, k).count;
    if (status == CriterionStatus::Scored) {
        r.raw = x.raw[k];
        r.normalised = x.s[k];
    }
    if (x.applies[k] && x.defined[g] && x.weight_sum > 0)
        r.effective_weight = weight[k] / x.denom[g] * total_weights[g] / x.weight_sum;
    // Weighted mean: points of the 100-point total. Geometric mean: the
    // factor s^e this criterion multiplies the total by.
    r.contribution =
        geometric ? (r.effective_weight > 0 ? std::pow(r.normalised, r.effective_weight) : 1.0)
                  : 100.0 * r.effective_weight * r.normalised;
    if (const std::uint64_t bits = t.ticked_at(i, k); bits != 0) {
        for (std::size_t b = 0; b < crit.indicators.size() && b < 64; ++b) {
            if ((bits >> b) & 1U)
                r.indicators_ticked.push_back(crit.indicators[b].id);
        }
    }
    return r;
}

void Scorer::Impl::score_range(const Evidence& evidence, const Tally& t,
                               const std::vector<detail::FactColumn>& columns, bool breakdown,
                               std::size_t begin, std::size_t end,
                               std::vector<Outcome>& outcomes) const {
    Scores x;
    for (std::size_t i = begin; i < end; ++i) {
        aggregate(t, i, x);
        explain(evidence, t, x, columns, i, breakdown, outcomes[i]);
    }
}

std::vector<Outcome> Scorer::Impl::score(const Evidence& evidence,
                                         const ScoreOptions& options) const {
    check_shape(evidence);
    const std::size_t n = evidence.applicants.size();
    Tally t;
    t.criteria = criteria;
    t.cells = std::make_unique_for_overwrite<Cell[]>(n * criteria);
    detail::prepare_pages(t.cells.get(), n * criteria * sizeof(Cell), false);
    if (!evidence.indicators.empty())
        t.ticked = std::make_unique<std::uint64_t[]>(n * criteria);  // zeroed
    tally(evidence, t);
    return score(evidence, t, options);
}

std::vector<Outcome> Scorer::Impl::score(const Evidence& evidence, Tally& t,
                                         const ScoreOptions& options) const {
    check_shape(evidence);
    const std::size_t n = evidence.applicants.size();
    score_facts(evidence, t);
    // The outcomes (about 230 bytes each, to be constructed) are made on
    // another thread while this one converts the fact columns.
    std::vector<Outcome> outcomes;
    const bool threads = detail::worth_splitting(n, parallel_from);
    std::vector<detail::FactColumn> columns;
    if (!detail::run_beside(
            threads, [&] { outcomes.resize(n); },
            [&] { columns = eligibility.prepare(rulebook, evidence); }))
        columns = eligibility.prepare(rulebook, evidence);
    outcomes.resize(n);  // nothing left to do if made above
    // Per applicant: scores, gates, conditions and the breakdown. O(n·m), no
    // look-ups by name: every message that does not depend on the scores was
    // written when the rulebook was compiled. Applicants are independent: a
    // large batch is scored in two halves on two threads.
    detail::parallel_for(n, threads ? 2U : 1U, [&](unsigned, std::size_t begin, std::size_t end) {
        score_range(evidence, t, columns, options.explain, begin, end, outcomes);
    });
    return outcomes;
}

Scorer::Scorer(Rulebook rulebook) : impl_(std::make_unique<Impl>(std::move(rulebook))) {}
Scorer::~Scorer() = default;
Scorer::Scorer(Scorer&&) noexcept = default;
Scorer& Scorer::operator=(Scorer&&) noexcept = default;

const Rulebook& Scorer::rulebook() const noexcept {
    return impl_->rulebook;
}

std::vector<Outcome> Scorer::score(const Evidence& evidence, const ScoreOptions& options) const {
    return impl_->score(evidence, options);
}

std::vector<Outcome> Scorer::score(TalliedEvidence&& evidence, const ScoreOptions& options) const {
    if (!evidence.impl_)  // moved from, or used up already
        return {};
    if (evidence.impl_->tally) {
        const std::vector<std::string>& ids = evidence.impl_->criteria;
        const std::vector<Criterion>& criteria = impl_->rulebook.criteria;
        if (!std::equal(
                criteria.begin(), criteria.end(), ids.begin(), ids.end(),
                [](const Criterion& c, const std::string& id) { return c.id.view() == id; }))
            throw detail::err_tallied_criteria(evidence.impl_->evidence);  // left as it was
    }
    // Used up: its memory (the tally's sums and the applicants) goes back
    // as soon as the outcomes are made, not when the caller drops it.
    const TalliedEvidence used = std::move(evidence);
    TalliedEvidence::Impl& e = *used.impl_;
    if (!e.tally)
        return impl_->score(e.evidence, options);
    return impl_->score(e.evidence, *e.tally, options);
}

Outcome Scorer::score(const Application& application, const ScoreOptions& options) const {
    const Evidence evidence = make_evidence(impl_->rulebook, application);
    std::vector<Outcome> outcomes = impl_->score(evidence, options);
    if (outcomes.size() != 1)
        throw err_not_one_application(outcomes.size());
    return std::move(outcomes.front());
}

}  // namespace shortlist

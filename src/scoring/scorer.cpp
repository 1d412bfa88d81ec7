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
/// Batches of at least this many ratings are tallied on two threads.
constexpr std::size_t parallel_ratings = std::size_t{1} << 16;
/// At most this many ratings of the first half's applicants in the second
/// half (a file grouped by applicant has those of one applicant there).
constexpr std::size_t max_strays = std::size_t{1} << 16;

using detail::err_bad_number;
using detail::err_empty_scale;
using detail::err_fact_columns;
using detail::err_fact_rows;
using detail::err_indicators_index;
using detail::err_invalid;
using detail::err_not_one_application;
using detail::err_off_scale;
using detail::err_rating_index;
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

/// One (applicant, criterion) cell of the tally. Zero is "no rating".
struct Cell {
    double sum;           ///< of the scores that count (Score, NotEvidenced), in rating order
    std::uint32_t count;  ///< of the scores that count
    std::uint32_t said_not_applicable;  ///< 1 if any rating said not_applicable
};

/// The ratings of a batch: n x m cells, applicant-major. The cells are not
/// initialised when allocated: each part of the tally zero-fills the cells
/// it owns first, so that fresh pages are first written, not read (a read
/// maps the shared zero page, and the write after it then costs a page copy
/// and a TLB shootdown across the threads), and by the thread that uses them.
struct Tally {
    std::size_t criteria = 0;
    std::unique_ptr<Cell[]> cells;            ///< at applicant × criteria + criterion
    std::unique_ptr<std::uint64_t[]> ticked;  ///< indicators ticked, as cells; null if none are
    /// Zero the cells of applicants [begin, end).
    void clear(std::size_t begin, std::size_t end) {
        std::fill(cells.get() + begin * criteria, cells.get() + end * criteria, Cell{});
    }
    [[nodiscard]] const Cell& at(std::size_t i, std::size_t k) const {
        return cells[i * criteria + k];
    }
    [[nodiscard]] std::uint64_t ticked_at(std::size_t i, std::size_t k) const {
        return ticked ? ticked[i * criteria + k] : 0;
    }
};

/// Add one rating that fits to its cell.
void add(Cell& cell, const Rating& r) {
    if (r.kind == RatingKind::Score || r.kind == RatingKind::NotEvidenced) {
        cell.sum += r.score;
        ++cell.count;
    } else if (r.kind == RatingKind::NotApplicable) {
        cell.said_not_applicable = 1;
    }
}

/// A pass over a range of ratings: the first that does not fit (or npos),
/// and whether the pass gave up on a rating of another range's applicants.
struct Pass {
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::size_t misfit = npos;
    bool gave_up = false;
};

/// One applicant's scores (docs/scoring.md). Each sum adds its terms in
/// rulebook order, starting from 0: the same numbers to the last bit as the
/// matrix products this replaced, so reports do not change.
struct Scores {
    // Per criterion.
    std::vector<char> counted;  ///< some score counted
    std::vector<char> applies;  ///< not left out as not applicable
    std::vector<double> raw;    ///< sum / count (0 where not counted)
    std::vector<double> s;      ///< normalised, 0 where missing
    // Per group.
    std::array<double, group_count> denom{};        ///< Σ w over the criteria that apply
    std::array<bool, group_count> defined{};        ///< the group has a score
    std::array<double, group_count> group_score{};  ///< G, 0 where not defined
    double weight_sum = 0;                          ///< Σ W over the groups with a score
    double total = 0;                               ///< 0..100, rounded to 6 decimals
};

}  // namespace

struct Scorer::Impl {
    explicit Impl(Rulebook rb);
    [[nodiscard]] std::vector<Outcome> score(const Evidence& evidence,
                                             const ScoreOptions& options) const;

    /// Criteria and eligibility items of later stages (docs/rulebook.md,
    /// "Stages"), and criteria scored from a fact.
    void compile_stages_and_facts();
    void check_shape(const Evidence& evidence) const;
    /// Throws the EvidenceError for a rating that does not fit (an index out
    /// of range, a score off its scale or not finite); returns if it fits.
    void check_rating(const Evidence& evidence, const Rating& r) const;
    /// Add ratings [from, to) of applicants [low, high) to t, in order,
    /// stopping at the first that does not fit. A rating of another
    /// applicant is appended to `strays`, or, without strays (or past
    /// max_strays), ends the pass as given up.
    [[nodiscard]] Pass tally(const Evidence& evidence, std::size_t from, std::size_t to,
                             std::size_t low, std::size_t high, Tally& t,
                             std::vector<std::size_t>* strays) const;
    /// Every rating and ticked indicator of the batch in t; throws
    /// EvidenceError at the first (in order) that does not fit.
    void tally(const Evidence& evidence, Tally& t) const;
    /// Set the cells of the criteria scored from a fact (from_fact) from the
    /// fact columns: the mapped point once, or nothing when the fact is absent.
    void score_facts(const Evidence& evidence, Tally& t) const;
    /// Applicant i's scores into x (whose vectors are reused between calls).
    void aggregate(const Tally& t, std::size_t i, Scores& x) const;
    /// Score applicants [begin, end) into their outcomes.
    void score_range(const Evidence& evidence, const Tally& t,
                     const std::vector<detail::FactColumn>& columns, bool breakdown,
                     std::size_t begin, std::size_t end, std::vector<Outcome>& outcomes) const;
    /// Applicant i's outcome: gates, conditions, notes, and the breakdown of
    /// every criterion (breakdown) or of those in the tie-break.
    void explain(const Evidence& evidence, const Tally& t, const Scores& x,
                 const std::vector<detail::FactColumn>& columns, std::size_t i, bool breakdown,
                 Outcome& o) const;
    /// Criterion k's part in applicant i's total.
    [[nodiscard]] CriterionResult result(const Tally& t, const Scores& x, std::size_t i,
                                         std::size_t k, CriterionStatus status) const;

    Rulebook rulebook;
    bool geometric = false;
    std::size_t criteria = 0;

    // Per criterion, in rulebook order.
    std::vector<double> scale_min;
    std::vector<double> scale_span;  ///< max - min (> 0)
    std::vector<double> scale_max;
    std::vector<std::size_t> group;
    std::vector<double> weight;
    std::vector<std::uint64_t> indicator_mask;  ///< bits of the indicators that exist
    std::vector<std::string> no_evidence;       ///< gate message when missing
    std::vector<std::string> scale_text;        ///< "sift5 (1..5)"
    std::vector<std::string> not_applicable;    ///< note when left out
    std::vector<char> later;                    ///< rated at a later stage than the one scored
    std::optional<Stage> stage_shown;  ///< each outcome's stage, when the rulebook uses stages
    /// Criteria the tie-break compares (kept in outcomes without a breakdown).
    std::vector<bool> in_tie_break;
    std::size_t tie_break_criteria = 0;

    /// The group weights W_g.
    std::array<double, group_count> total_weights{};

    detail::Eligibility eligibility;
    std::optional<std::size_t> opt_in_fact;
    /// Criteria scored from a fact: criterion, fact column, value text -> point.
    struct FactCriterion {
        std::size_t criterion = 0;
        std::size_t fact = 0;
        std::vector<std::pair<std::string, double>> scores;
    };
    std::vector<FactCriterion> fact_criteria;
    /// The eligibility conditions of later stages, as conditions of an offer.
    std::vector<std::string> checks_to_come;
};

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

void Scorer::Impl::check_shape(const Evidence& evidence) const {
    if (evidence.facts.size() != rulebook.facts.size())
        throw err_fact_columns(evidence, evidence.facts.size(), rulebook.facts.size());
    for (std::size_t f = 0; f < evidence.facts.size(); ++f) {
        if (evidence.facts[f].size() != evidence.applicants.size())
            throw err_fact_rows(evidence, rulebook.facts[f], evidence.facts[f].size());
    }
}

void Scorer::Impl::check_rating(const Evidence& evidence, const Rating& r) const {
    const std::size_t n = evidence.applicants.size();
    if (r.applicant >= n)
        throw err_rating_index(evidence, r, "applicant", r.applicant, n);
    if (r.criterion >= criteria)
        throw err_rating_index(evidence, r, "criterion", r.criterion, criteria);
    if ((r.kind == RatingKind::Score || r.kind == RatingKind::NotEvidenced) &&
        (!std::isfinite(r.score) || r.score < scale_min[r.criterion] ||
         r.score > scale_max[r.criterion]))
        throw err_off_scale(evidence, r, rulebook.criteria[r.criterion], scale_text[r.criterion]);
}

Pass Scorer::Impl::tally(const Evidence& evidence, std::size_t from, std::size_t to,
                         std::size_t low, std::size_t high, Tally& t,
                         std::vector<std::size_t>* strays) const {
    const std::size_t n = evidence.applicants.size();
    const std::size_t m = criteria;
    Pass pass;
    for (std::size_t j = from; j < to; ++j) {
        const Rating& r = evidence.ratings[j];
        if (r.applicant >= n || r.criterion >= m) {
            pass.misfit = j;
            return pass;
        }
        const bool counts = r.kind == RatingKind::Score || r.kind == RatingKind::NotEvidenced;
        if (counts && (!std::isfinite(r.score) || r.score < scale_min[r.criterion] ||
                       r.score > scale_max[r.criterion])) {
            pass.misfit = j;
            return pass;
        }
        if (r.applicant < low || r.applicant >= high) {
            if (strays == nullptr || strays->size() == max_strays) {
                pass.gave_up = true;
                return pass;
            }
            strays->push_back(j);
            continue;
        }
        add(t.cells[std::size_t{r.applicant} * m + r.criterion], r);
    }
    return pass;
}

void Scorer::Impl::tally(const Evidence& evidence, Tally& t) const {
    const std::size_t n = evidence.applicants.size();
    const std::vector<Rating>& ratings = evidence.ratings;
    const std::size_t count = ratings.size();
    // Each rating is read once (the array is large, and memory bandwidth is
    // what this pass costs): a large batch is cut into two halves of ratings,
    // tallied by two threads into the cells of two ranges of applicants,
    // below and from `split`. In a file grouped by applicant only ratings of
    // the applicant at the cut fall into the other thread's range: the second
    // half keeps those (strays) to add after the first half is done, so that
    // every sum still adds its scores in rating order. Anything else (a first
    // half with a rating beyond the split: a file not grouped by applicant)
    // and the tally is done again in one pass.
    Pass pass;
    bool done = false;
    if (detail::worth_splitting(count, parallel_ratings) && ratings[count / 2].applicant < n) {
        const std::size_t cut = count / 2;
        const std::size_t split = std::size_t{ratings[cut].applicant} + 1;
        std::vector<std::size_t> strays;
        Pass first, second;
        const bool split_done = detail::run_beside(
            true,
            [&] {
                t.clear(split, n);
                second = tally(evidence, cut, count, split, n, t, &strays);
            },
            [&] {
                t.clear(0, split);
                first = tally(evidence, 0, cut, 0, split, t, nullptr);
            });
        if (split_done && first.misfit != Pass::npos) {
            pass = first;  // the first misfit in order
            done = true;
        } else if (split_done && !first.gave_up && !second.gave_up) {
            pass = second;
            if (pass.misfit == Pass::npos) {
                for (const std::size_t j : strays)  // they fit: the second pass checked
                    add(t.cells[std::size_t{ratings[j].applicant} * criteria +
                                ratings[j].criterion],
                        ratings[j]);
            }
            done = true;
        }
    }
    if (!done) {  // one pass (again, if the halves gave up)
        t.clear(0, n);
        pass = tally(evidence, 0, count, 0, n, t, nullptr);
    }
    if (pass.misfit != Pass::npos)
        check_rating(evidence, ratings[pass.misfit]);  // throws

    for (const RatingIndicators& ticked : evidence.indicators) {
        if (ticked.rating >= count)
            throw err_indicators_index(evidence, ticked.rating);
        const Rating& r = ratings[ticked.rating];  // fits: checked above
        if (r.kind == RatingKind::Score || r.kind == RatingKind::NotEvidenced)
            t.ticked[std::size_t{r.applicant} * criteria + r.criterion] |=
                ticked.ticked & indicator_mask[r.criterion];
    }
}

void Scorer::Impl::score_facts(const Evidence& evidence, Tally& t) const {
    for (const FactCriterion& fc : fact_criteria) {
        const std::vector<Value>& column = evidence.facts[fc.fact];
        for (std::size_t i = 0; i < evidence.applicants.size(); ++i) {
            Cell& cell = t.cells[i * criteria + fc.criterion];
            cell = Cell{};  // ratings of a criterion scored from a fact do not count
            std::string_view text;
            if (const bool* b = std::get_if<bool>(&column[i]))
                text = *b ? "true" : "false";
            else if (const std::string* s = std::get_if<std::string>(&column[i]))
                text = *s;
            else
                continue;  // absent: no evidence
            for (const auto& [value, point] : fc.scores)
                if (value == text) {
                    cell = Cell{point, 1, 0};
                    break;
                }
        }
    }
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

Outcome Scorer::score(const Application& application, const ScoreOptions& options) const {
    const Evidence evidence = make_evidence(impl_->rulebook, application);
    std::vector<Outcome> outcomes = impl_->score(evidence, options);
    if (outcomes.size() != 1)
        throw err_not_one_application(outcomes.size());
    return std::move(outcomes.front());
}

}  // namespace shortlist

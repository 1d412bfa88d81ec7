// The scorer: the rulebook compiled once into dense per-criterion arrays and
// weight matrices; a batch is one pass over the ratings followed by matrix
// work on applicants x criteria (see "Scoring semantics" in the README).
#include "shortlist/scorer.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "detail/number.hpp"
#include "detail/scoring_conditions.hpp"

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

constexpr Eigen::Index groups = static_cast<Eigen::Index>(group_count);

Eigen::Index to_index(std::size_t i) {
    return static_cast<Eigen::Index>(i);
}

/// Totals, raw scores and group scores are compared at this precision, the
/// precision every report prints.
double round6(double v) {
    return std::round(v * 1e6) / 1e6;
}

/// Six decimals without trailing zeros: 2.333333, 2.5, 2.
std::string format_trimmed(double v) {
    std::string s = detail::format_fixed(v, 6);
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.')
            s.pop_back();
    }
    return s;
}

// ---- messages (the only place their text is written) ----------------------

std::string msg_no_evidence(const Criterion& c) {
    std::string s = "no evidence for criterion '" + c.id.value() + "'";
    if (!c.text.empty())
        s += " (" + c.text + ')';
    return s;
}

std::string msg_scale(const Scale& s) {
    return s.id + " (" + detail::format_shortest(s.min) + ".." + detail::format_shortest(s.max) +
           ')';
}

std::string msg_below_minimum(const Criterion& c, double raw, std::string_view scale) {
    return c.id.value() + ": scored " + format_trimmed(raw) + ", below the minimum " +
           detail::format_shortest(*c.minimum) + " on scale " + std::string(scale);
}

std::string msg_below_pass_mark(double total, double pass_mark) {
    return "total " + format_trimmed(total) + " below the pass mark " +
           detail::format_shortest(pass_mark);
}

std::string msg_not_applicable(const Criterion& c) {
    return "not_applicable: criterion '" + c.id.value() + "' left out of the weights";
}

RulebookError err_invalid(std::vector<Diagnostic> diagnostics) {
    return RulebookError(std::move(diagnostics));
}

RulebookError err_unknown_scale(const Criterion& c) {
    return RulebookError(
        c.location, ErrorCode::NotFound,
        "criterion '" + c.id.value() + "': scale '" + c.scale + "' is not declared under scales");
}

RulebookError err_bad_number(const SourceLocation& where, std::string_view what) {
    return RulebookError(where, ErrorCode::OutOfRange,
                         std::string(what) + " must be a finite number of at least 0");
}

RulebookError err_empty_scale(const Scale& s) {
    return RulebookError(s.location, ErrorCode::InvalidArgument,
                         "scale '" + s.id + "': min must be below max");
}

RulebookError err_unknown_opt_in_fact(const Rulebook& r, const std::string& fact) {
    return RulebookError(
        {r.path.string()}, ErrorCode::NotFound,
        "shortlist.guaranteed_interview_fact: fact '" + fact + "' is not declared under facts");
}

EvidenceError err_fact_columns(const Evidence& e, std::size_t columns, std::size_t declared) {
    return EvidenceError(
        {e.sources.empty() ? std::string() : e.sources.front()}, ErrorCode::FailedPrecondition,
        "the evidence has " + std::to_string(columns) + " fact columns but the rulebook declares " +
            std::to_string(declared) + " facts");
}

EvidenceError err_fact_rows(const Evidence& e, const FactSpec& f, std::size_t rows) {
    return EvidenceError({e.sources.empty() ? std::string() : e.sources.front()},
                         ErrorCode::FailedPrecondition,
                         "fact '" + f.name + "' has " + std::to_string(rows) + " values for " +
                             std::to_string(e.applicants.size()) + " applicants");
}

EvidenceError err_rating_index(const Evidence& e, const Rating& r, std::string_view what,
                               std::size_t index, std::size_t count) {
    return EvidenceError({e.ratings_source, r.line}, ErrorCode::OutOfRange,
                         "rating refers to " + std::string(what) + " index " +
                             std::to_string(index) + " of " + std::to_string(count));
}

EvidenceError err_indicators_index(const Evidence& e, std::size_t index) {
    return EvidenceError({e.ratings_source}, ErrorCode::OutOfRange,
                         "ticked indicators refer to rating index " + std::to_string(index) +
                             " of " + std::to_string(e.ratings.size()));
}

EvidenceError err_off_scale(const Evidence& e, const Rating& r, const Criterion& c,
                            std::string_view scale) {
    return EvidenceError({e.ratings_source, r.line}, ErrorCode::OutOfRange,
                         "score " + detail::format_shortest(r.score) + " for criterion '" +
                             c.id.value() + "' is off its scale " + std::string(scale));
}

EvidenceError err_not_one_application(std::size_t applicants) {
    return EvidenceError(
        {"<application>"}, ErrorCode::FailedPrecondition,
        "an application must make exactly one applicant, not " + std::to_string(applicants));
}

/// One pass over the ratings, per (applicant, criterion): n x m, column-major.
struct Tally {
    Eigen::MatrixXd sum;                  ///< of the scores that count (Score, NotEvidenced)
    Eigen::MatrixXd count;                ///< of the scores that count
    Eigen::ArrayXXd said_not_applicable;  ///< 1 if any rating said not_applicable
    std::vector<std::uint64_t> ticked;    ///< indicators ticked, at applicant + criterion × n
};

/// The matrix part of scoring a batch.
struct Scores {
    Eigen::ArrayXXd counted;      ///< n x m: 1 where some score counted
    Eigen::ArrayXXd raw;          ///< n x m: sum / count (meaningless where not counted)
    Eigen::ArrayXXd s;            ///< n x m: normalised, 0 where missing
    Eigen::ArrayXXd applies;      ///< n x m: 0 where not applicable
    Eigen::MatrixXd denom;        ///< n x 3: Σ w over the criteria that apply
    Eigen::ArrayXXd defined;      ///< n x 3: 1 where the group has a score
    Eigen::ArrayXXd group_score;  ///< n x 3: G, 0 where not defined
    Eigen::VectorXd weight_sum;   ///< n: Σ W over the groups with a score
    Eigen::VectorXd total;        ///< n: 0..100, rounded to 6 decimals
};

}  // namespace

struct Scorer::Impl {
    explicit Impl(Rulebook rb);
    [[nodiscard]] std::vector<Outcome> score(const Evidence& evidence,
                                             const ScoreOptions& options) const;

    void check_shape(const Evidence& evidence) const;
    [[nodiscard]] Tally tally(const Evidence& evidence) const;
    [[nodiscard]] Scores aggregate(const Tally& t) const;
    /// Applicant i's outcome: gates, conditions, notes, and the breakdown of
    /// every criterion (breakdown) or of those in the tie-break.
    void explain(const Evidence& evidence, const Tally& t, const Scores& x,
                 const std::vector<detail::FactColumn>& columns, std::size_t i, bool breakdown,
                 Outcome& o) const;
    /// Criterion k's part in applicant i's total (n applicants).
    [[nodiscard]] CriterionResult result(const Tally& t, const Scores& x, std::size_t n,
                                         std::size_t i, std::size_t k,
                                         CriterionStatus status) const;

    Rulebook rulebook;
    bool geometric = false;
    std::size_t criteria = 0;

    // Per criterion, in rulebook order.
    Eigen::Array<double, 1, Eigen::Dynamic> scale_min;
    Eigen::Array<double, 1, Eigen::Dynamic> scale_span;  ///< max - min (> 0)
    std::vector<double> scale_max;
    std::vector<std::size_t> group;
    std::vector<double> weight;
    std::vector<std::uint64_t> indicator_mask;  ///< bits of the indicators that exist
    std::vector<std::string> no_evidence;       ///< gate message when missing
    std::vector<std::string> scale_text;        ///< "sift5 (1..5)"
    std::vector<std::string> not_applicable;    ///< note when left out
    /// Criteria the tie-break compares (kept in outcomes without a breakdown).
    std::vector<bool> in_tie_break;
    std::size_t tie_break_criteria = 0;

    /// m x 3: column g holds w_c for the criteria of group g, 0 elsewhere.
    Eigen::MatrixXd group_weights;
    /// m x 3: 1 where the criterion is in group g with w_c > 0.
    Eigen::MatrixXd group_positive;
    /// The group weights W_g, and 1 where W_g > 0.
    Eigen::Vector3d total_weights;
    Eigen::Vector3d total_positive;

    detail::Eligibility eligibility;
    std::optional<std::size_t> opt_in_fact;
};

Scorer::Impl::Impl(Rulebook rb) : rulebook(std::move(rb)) {
    if (auto diagnostics = validate(rulebook); !diagnostics.empty())
        throw err_invalid(std::move(diagnostics));

    geometric = rulebook.aggregation == Aggregation::WeightedGeometricMean;
    criteria = rulebook.criteria.size();
    const Eigen::Index m = to_index(criteria);
    scale_min.resize(m);
    scale_span.resize(m);
    group_weights = Eigen::MatrixXd::Zero(m, groups);
    group_positive = Eigen::MatrixXd::Zero(m, groups);
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
        const Eigen::Index ci = to_index(c);
        const auto g = static_cast<std::size_t>(crit.group);
        scale_min(ci) = scale->min;
        scale_span(ci) = scale->max - scale->min;
        scale_max.push_back(scale->max);
        group.push_back(g);
        weight.push_back(crit.weight);
        group_weights(ci, to_index(g)) = crit.weight;
        group_positive(ci, to_index(g)) = crit.weight > 0 ? 1 : 0;
        const std::size_t k = crit.indicators.size();
        indicator_mask.push_back(k >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << k) - 1);
        no_evidence.push_back(msg_no_evidence(crit));
        scale_text.push_back(msg_scale(*scale));
        not_applicable.push_back(msg_not_applicable(crit));
    }
    for (std::size_t g = 0; g < group_count; ++g) {
        const double w = rulebook.group_weights[static_cast<Group>(g)];
        if (!(w >= 0) || !std::isfinite(w))
            throw err_bad_number(
                {rulebook.path.string()},
                "groups." + std::string(to_string(static_cast<Group>(g))) + ".weight");
        total_weights(to_index(g)) = w;
        total_positive(to_index(g)) = w > 0 ? 1 : 0;
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

void Scorer::Impl::check_shape(const Evidence& evidence) const {
    if (evidence.facts.size() != rulebook.facts.size())
        throw err_fact_columns(evidence, evidence.facts.size(), rulebook.facts.size());
    for (std::size_t f = 0; f < evidence.facts.size(); ++f) {
        if (evidence.facts[f].size() != evidence.applicants.size())
            throw err_fact_rows(evidence, rulebook.facts[f], evidence.facts[f].size());
    }
}

Tally Scorer::Impl::tally(const Evidence& evidence) const {
    const std::size_t n = evidence.applicants.size();
    const std::size_t m = criteria;
    Tally t;
    t.sum = Eigen::MatrixXd::Zero(to_index(n), to_index(m));
    t.count = Eigen::MatrixXd::Zero(to_index(n), to_index(m));
    t.said_not_applicable = Eigen::ArrayXXd::Zero(to_index(n), to_index(m));
    t.ticked.assign(n * m, 0);
    for (const Rating& r : evidence.ratings) {
        if (r.applicant >= n)
            throw err_rating_index(evidence, r, "applicant", r.applicant, n);
        if (r.criterion >= m)
            throw err_rating_index(evidence, r, "criterion", r.criterion, m);
        const Eigen::Index a = r.applicant;
        const Eigen::Index c = r.criterion;
        switch (r.kind) {
            case RatingKind::Score:
            case RatingKind::NotEvidenced:
                if (!std::isfinite(r.score) || r.score < scale_min(c) ||
                    r.score > scale_max[r.criterion])
                    throw err_off_scale(evidence, r, rulebook.criteria[r.criterion],
                                        scale_text[r.criterion]);
                t.sum(a, c) += r.score;
                t.count(a, c) += 1;
                break;
            case RatingKind::NotApplicable:
                t.said_not_applicable(a, c) = 1;
                break;
            case RatingKind::NotAssessed:
                break;
        }
    }
    for (const RatingIndicators& ticked : evidence.indicators) {
        if (ticked.rating >= evidence.ratings.size())
            throw err_indicators_index(evidence, ticked.rating);
        const Rating& r = evidence.ratings[ticked.rating];  // checked above
        if (r.kind == RatingKind::Score || r.kind == RatingKind::NotEvidenced)
            t.ticked[r.applicant + r.criterion * n] |= ticked.ticked & indicator_mask[r.criterion];
    }
    return t;
}

Scores Scorer::Impl::aggregate(const Tally& t) const {
    Scores x;
    // raw = sum / count; s = (raw - min) / (max - min), 0 when missing; a
    // criterion applies unless it was said not_applicable and nobody scored it.
    x.counted = (t.count.array() > 0).cast<double>();
    x.raw = t.sum.array() / t.count.array().max(1.0);
    x.s = ((x.raw.rowwise() - scale_min).rowwise() / scale_span).max(0.0).min(1.0) * x.counted;
    x.applies = 1.0 - t.said_not_applicable * (1.0 - x.counted);

    // Group scores (n x 3). D = Σ w over the criteria that apply; a group with
    // D = 0 has no score for that applicant and is left out of the total.
    x.denom = x.applies.matrix() * group_weights;
    x.defined = (x.denom.array() > 0).cast<double>();
    if (!geometric) {
        // G = Σ w·s / Σ w
        const Eigen::MatrixXd numer = (x.applies * x.s).matrix() * group_weights;
        x.group_score = (x.defined > 0).select(numer.array() / x.denom.array(), 0.0);
    } else {
        // G = exp(Σ w·ln s / Σ w); any s = 0 with w > 0 makes G = 0.
        const Eigen::ArrayXXd log_s = (x.s > 0).select(x.s.log(), 0.0);
        const Eigen::MatrixXd log_numer = (x.applies * log_s).matrix() * group_weights;
        const Eigen::MatrixXd zeros =
            (x.applies * (x.s <= 0).cast<double>()).matrix() * group_positive;
        x.group_score = (x.defined > 0 && zeros.array() == 0)
                            .select((log_numer.array() / x.denom.array()).exp(), 0.0);
    }

    // total = 100 × Σ W·G / Σ W (or 100 × exp(Σ W·ln G / Σ W)) over the groups
    // that have a score; 0 if none has. Rounded to 6 decimal places.
    x.weight_sum = x.defined.matrix() * total_weights;
    const Eigen::Array<bool, Eigen::Dynamic, 1> with_weight = x.weight_sum.array() > 0;
    if (!geometric) {
        const Eigen::VectorXd numer = (x.defined * x.group_score).matrix() * total_weights;
        x.total = with_weight.select(100.0 * numer.array() / x.weight_sum.array(), 0.0);
    } else {
        const Eigen::ArrayXXd log_g = (x.group_score > 0).select(x.group_score.log(), 0.0);
        const Eigen::VectorXd numer = (x.defined * log_g).matrix() * total_weights;
        const Eigen::VectorXd zeros =
            (x.defined * (x.group_score <= 0).cast<double>()).matrix() * total_positive;
        x.total = (with_weight && zeros.array() == 0)
                      .select(100.0 * (numer.array() / x.weight_sum.array()).exp(), 0.0);
    }
    x.total = x.total.unaryExpr([](double v) { return round6(v); });
    return x;
}

void Scorer::Impl::explain(const Evidence& evidence, const Tally& t, const Scores& x,
                           const std::vector<detail::FactColumn>& columns, std::size_t i,
                           bool breakdown, Outcome& o) const {
    const std::size_t n = evidence.applicants.size();
    const Eigen::Index a = to_index(i);
    o.id = evidence.applicants[i];
    o.index = i;
    o.total = x.total(a);
    for (Eigen::Index g = 0; g < groups; ++g) {
        if (x.defined(a, g) > 0)
            o.groups[static_cast<std::size_t>(g)] = x.group_score(a, g);
    }

    eligibility.check(columns, i, o.failed_gates);
    bool essential_ok = o.failed_gates.empty();

    o.criteria.reserve(breakdown ? criteria : tie_break_criteria);
    for (std::size_t k = 0; k < criteria; ++k) {
        const Eigen::Index c = to_index(k);
        const Criterion& crit = rulebook.criteria[k];
        CriterionStatus status = CriterionStatus::Missing;
        if (x.counted(a, c) > 0) {
            status = CriterionStatus::Scored;
        } else if (x.applies(a, c) == 0) {
            status = CriterionStatus::NotApplicable;
            o.notes.push_back(not_applicable[k]);
        }
        if (breakdown || in_tie_break[k])
            o.criteria.push_back(result(t, x, n, i, k, status));

        // Criterion gates. A desirable criterion without a minimum is no gate:
        // missing evidence just scores 0.
        GateFailure gate;
        if (status == CriterionStatus::Missing &&
            (crit.group != Group::Desirable || crit.minimum)) {
            gate = {GateFailure::Kind::NoEvidence, crit.id.value(), no_evidence[k]};
        } else if (status == CriterionStatus::Scored && crit.minimum &&
                   round6(x.raw(a, c)) < *crit.minimum) {
            gate = {GateFailure::Kind::Minimum, crit.id.value(),
                    msg_below_minimum(crit, round6(x.raw(a, c)), scale_text[k])};
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
    if (opt_in_fact) {
        const bool* yes = std::get_if<bool>(&evidence.facts[*opt_in_fact][i]);
        o.opted_in = yes != nullptr && *yes;
    }
}

CriterionResult Scorer::Impl::result(const Tally& t, const Scores& x, std::size_t n, std::size_t i,
                                     std::size_t k, CriterionStatus status) const {
    const Eigen::Index a = to_index(i);
    const Eigen::Index c = to_index(k);
    const Eigen::Index g = to_index(group[k]);
    const Criterion& crit = rulebook.criteria[k];
    CriterionResult r;
    r.id = crit.id;
    r.group = crit.group;
    r.status = status;
    r.weight = weight[k];
    r.assessors = static_cast<std::size_t>(t.count(a, c));
    if (status == CriterionStatus::Scored) {
        r.raw = x.raw(a, c);
        r.normalised = x.s(a, c);
    }
    if (x.applies(a, c) > 0 && x.defined(a, g) > 0 && x.weight_sum(a) > 0)
        r.effective_weight = weight[k] / x.denom(a, g) * total_weights(g) / x.weight_sum(a);
    // Weighted mean: points of the 100-point total. Geometric mean: the
    // factor s^e this criterion multiplies the total by.
    r.contribution =
        geometric ? (r.effective_weight > 0 ? std::pow(r.normalised, r.effective_weight) : 1.0)
                  : 100.0 * r.effective_weight * r.normalised;
    if (const std::uint64_t bits = t.ticked[i + k * n]; bits != 0) {
        for (std::size_t b = 0; b < crit.indicators.size() && b < 64; ++b) {
            if ((bits >> b) & 1U)
                r.indicators_ticked.push_back(crit.indicators[b].id);
        }
    }
    return r;
}

std::vector<Outcome> Scorer::Impl::score(const Evidence& evidence,
                                         const ScoreOptions& options) const {
    check_shape(evidence);
    const Tally t = tally(evidence);
    const Scores x = aggregate(t);
    const std::vector<detail::FactColumn> columns = eligibility.prepare(rulebook, evidence);
    // Per applicant: gates, conditions and the breakdown. O(n·m), no look-ups
    // by name: every message that does not depend on the scores was written
    // when the rulebook was compiled.
    std::vector<Outcome> outcomes(evidence.applicants.size());
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        explain(evidence, t, x, columns, i, options.explain, outcomes[i]);
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

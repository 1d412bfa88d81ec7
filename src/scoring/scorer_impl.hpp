// The scorer's compiled rulebook (Scorer::Impl) and the tally of a batch's
// ratings it scores from, shared by scorer.cpp (aggregation, gates,
// explanations) and tally.cpp (the pass over the ratings); docs/scoring.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "evidence/tally.hpp"
#include "scoring/conditions.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist {

namespace detail {

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

}  // namespace detail

struct Scorer::Impl {
    explicit Impl(Rulebook rb);
    [[nodiscard]] std::vector<Outcome> score(const Evidence& evidence,
                                             const ScoreOptions& options) const;
    /// The same from the evidence's ratings already in t (its fact criteria
    /// are set here).
    [[nodiscard]] std::vector<Outcome> score(const Evidence& evidence, detail::Tally& t,
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
    [[nodiscard]] detail::Pass tally(const Evidence& evidence, std::size_t from, std::size_t to,
                                     std::size_t low, std::size_t high, detail::Tally& t,
                                     std::vector<std::size_t>* strays) const;
    /// Every rating and ticked indicator of the batch in t; throws
    /// EvidenceError at the first (in order) that does not fit.
    void tally(const Evidence& evidence, detail::Tally& t) const;
    /// Set the cells of the criteria scored from a fact (from_fact) from the
    /// fact columns: the mapped point once, or nothing when the fact is absent.
    void score_facts(const Evidence& evidence, detail::Tally& t) const;
    /// Applicant i's scores into x (whose vectors are reused between calls).
    void aggregate(const detail::Tally& t, std::size_t i, detail::Scores& x) const;
    /// Score applicants [begin, end) into their outcomes.
    void score_range(const Evidence& evidence, const detail::Tally& t,
                     const std::vector<detail::FactColumn>& columns, bool breakdown,
                     std::size_t begin, std::size_t end, std::vector<Outcome>& outcomes) const;
    /// Applicant i's outcome: gates, conditions, notes, and the breakdown of
    /// every criterion (breakdown) or of those in the tie-break.
    void explain(const Evidence& evidence, const detail::Tally& t, const detail::Scores& x,
                 const std::vector<detail::FactColumn>& columns, std::size_t i, bool breakdown,
                 Outcome& o) const;
    /// Criterion k's part in applicant i's total.
    [[nodiscard]] CriterionResult result(const detail::Tally& t, const detail::Scores& x,
                                         std::size_t i, std::size_t k,
                                         CriterionStatus status) const;

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

}  // namespace shortlist

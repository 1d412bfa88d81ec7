// The scorer's pass over a batch's ratings into its applicants x criteria
// tally, on two threads for a large batch (docs/scoring.md), and the checks
// of the evidence's shape it makes on the way.
#include <cmath>
#include <variant>

#include "scoring/messages.hpp"
#include "scoring/scorer_impl.hpp"
#include "util/parallel.hpp"

namespace shortlist {

namespace {

/// Batches of at least this many ratings are tallied on two threads.
constexpr std::size_t parallel_ratings = std::size_t{1} << 16;
/// At most this many ratings of the first half's applicants in the second
/// half (a file grouped by applicant has those of one applicant there).
constexpr std::size_t max_strays = std::size_t{1} << 16;

using detail::add;
using detail::Cell;
using detail::err_fact_columns;
using detail::err_fact_rows;
using detail::err_indicators_index;
using detail::err_off_scale;
using detail::err_rating_index;
using detail::Pass;
using detail::Tally;

}  // namespace

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

}  // namespace shortlist

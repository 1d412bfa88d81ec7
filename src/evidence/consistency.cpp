// The ratings' consistency check: one rating per (applicant, criterion,
// assessor), and no criterion both scored and not_applicable for one
// applicant (docs/evidence.md); on two threads for a large batch.
#include <cstdint>
#include <memory>
#include <utility>

#include "evidence/internal.hpp"
#include "evidence/tally.hpp"
#include "util/io.hpp"
#include "util/parallel.hpp"

namespace shortlist::detail {

namespace {

std::string_view said(RatingKind k) {
    return k == RatingKind::Score ? std::string_view("a score") : to_string(k);
}

/// Ratings at least this many are checked in two halves on two threads.
constexpr std::size_t parallel_ratings = std::size_t{1} << 16;
/// At most this many ratings of the first half's applicants in the second.
constexpr std::size_t max_strays = std::size_t{1} << 16;

/// True if the ratings are certainly consistent, found by checking their two
/// halves at once: the first half's ratings of applicants below `split` (the
/// one after the applicant of the middle rating) on this thread, the second
/// half's from `split` on another, then the second half's ratings of
/// applicants below `split` (in a file grouped by applicant: those of the
/// applicant at the cut) in order. Each cell sees its ratings in file order,
/// as in one pass. False if a rating clashes, or if the file is not grouped
/// by applicant (a first-half rating beyond the split), or no thread can be
/// had: one pass then finds the error, if any, and names it.
bool consistent_in_halves(std::span<const Rating> ratings, std::size_t applicants,
                          std::size_t criteria) {
    const std::size_t count = ratings.size();
    const std::size_t cut = count / 2;
    if (!worth_splitting(count, parallel_ratings) || ratings[cut].applicant >= applicants)
        return false;
    const std::size_t split = std::size_t{ratings[cut].applicant} + 1;
    // Not initialised: each half zero-fills its own applicants' cells first
    // (a fresh page first read maps the zero page, and the write after it
    // costs a copy and a TLB shootdown across the two threads).
    const auto cells = std::make_unique_for_overwrite<std::uint64_t[]>(applicants * criteria);
    prepare_pages(cells.get(), applicants * criteria * sizeof(std::uint64_t), false);
    std::vector<std::size_t> strays;
    bool first_ok = true, second_ok = false;
    ManyAssessors many;
    const bool split_done = run_beside(
        true,
        [&] {
            std::fill(cells.get() + split * criteria, cells.get() + applicants * criteria, 0);
            ManyAssessors theirs;
            for (std::size_t i = cut; i < count; ++i) {
                const Rating& r = ratings[i];
                if (r.applicant < split) {
                    if (strays.size() == max_strays)
                        return;
                    strays.push_back(i);
                } else if (record(r, criteria, cells.get(), theirs) != Clash::None) {
                    return;
                }
            }
            second_ok = true;
        },
        [&] {
            std::fill(cells.get(), cells.get() + split * criteria, 0);
            for (std::size_t i = 0; i < cut && first_ok; ++i)
                first_ok = ratings[i].applicant < split &&
                           record(ratings[i], criteria, cells.get(), many) == Clash::None;
        });
    if (!split_done)
        return false;
    if (!first_ok || !second_ok)
        return false;
    for (const std::size_t i : strays) {
        if (record(ratings[i], criteria, cells.get(), many) != Clash::None)
            return false;
    }
    return true;
}

}  // namespace

void check_consistency(std::span<const Rating> ratings, const std::vector<ApplicantId>& applicants,
                       const std::vector<AssessorId>& assessors, const CriteriaTable& criteria,
                       std::string_view file, const RecordNames& records) {
    const std::size_t nc = criteria.size();
    if (consistent_in_halves(ratings, applicants.size(), nc))
        return;
    std::vector<std::uint64_t> cells(applicants.size() * nc, 0);
    ManyAssessors many;
    for (std::size_t i = 0; i < ratings.size(); ++i) {
        const Rating& r = ratings[i];
        const Clash clash = record(r, nc, cells.data(), many);
        if (clash == Clash::None)
            continue;
        const bool duplicate = clash == Clash::Duplicate;
        // An error: find the earlier rating it clashes with (a slow path).
        const auto same = [&](const Rating& o) {
            return o.applicant == r.applicant && o.criterion == r.criterion;
        };
        const Place where{file, r.line, 0};
        const std::string_view applicant = applicants[r.applicant].view();
        const std::string_view criterion = criteria.id(r.criterion);
        for (std::size_t j = 0; j < i; ++j) {
            const Rating& o = ratings[j];
            if (!same(o))
                continue;
            if (duplicate && o.assessor == r.assessor)
                throw_evidence_error(
                    where, ErrorCode::AlreadyExists,
                    msg::duplicate_rating(applicant, criterion, assessors[r.assessor].view(),
                                          records, o.line));
            if (!duplicate &&
                (r.kind == RatingKind::NotApplicable ? scored(o.kind)
                                                     : o.kind == RatingKind::NotApplicable))
                throw_evidence_error(
                    where, ErrorCode::FailedPrecondition,
                    msg::conflicting_ratings(applicant, criterion, said(o.kind),
                                             assessors[o.assessor].view(), o.line, said(r.kind),
                                             assessors[r.assessor].view(), r.line, records));
        }
    }
}

}  // namespace shortlist::detail

// A batch's ratings reduced to what scoring reads: per (applicant, criterion)
// the sum and count of the scores that count, whether any said
// not_applicable, and the indicators ticked (docs/scoring.md); and the
// consistency check's word per cell (docs/evidence.md). Built by the scorer
// from an Evidence's ratings (scoring/tally.cpp), or by the ratings reader
// straight from the file when the ratings themselves are not needed
// (evidence/ratings_tally.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "evidence/internal.hpp"
#include "shortlist/evidence.hpp"

namespace shortlist::detail {

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

/// The kinds whose score counts (the scale minimum, for NotEvidenced).
[[nodiscard]] inline bool scored(RatingKind k) noexcept {
    return k == RatingKind::Score || k == RatingKind::NotEvidenced;
}

/// Add one rating that fits to its cell.
inline void add(Cell& cell, const Rating& r) {
    if (scored(r.kind)) {
        cell.sum += r.score;
        ++cell.count;
    } else if (r.kind == RatingKind::NotApplicable) {
        cell.said_not_applicable = 1;
    }
}

// ---------------------------------------------------------------- consistency

// One word per (applicant, criterion): bit a for assessor a < 62, then
// "scored" and "not applicable" flags. Assessors beyond go to a hash set.
inline constexpr std::uint32_t bitmask_assessors = 62;
inline constexpr std::uint64_t scored_flag = std::uint64_t{1} << 62;
inline constexpr std::uint64_t not_applicable_flag = std::uint64_t{1} << 63;

struct CellKeyHash {
    std::size_t operator()(const std::pair<std::size_t, std::uint32_t>& k) const noexcept {
        return std::hash<std::size_t>{}(k.first * 1000003u ^ k.second);
    }
};
/// The (cell, assessor) pairs of assessors from bitmask_assessors on.
using ManyAssessors = std::unordered_set<std::pair<std::size_t, std::uint32_t>, CellKeyHash>;

enum class Clash { None, Duplicate, Conflict };

/// Record r in its cell, unless it repeats an assessor's rating of the cell
/// (Duplicate) or says not_applicable where another scored or the reverse
/// (Conflict).
inline Clash record_in(const Rating& r, std::size_t cell_index, std::uint64_t& cell,
                       ManyAssessors& many) {
    bool duplicate = false;
    if (r.assessor < bitmask_assessors) {
        const std::uint64_t bit = std::uint64_t{1} << r.assessor;
        duplicate = (cell & bit) != 0;
        cell |= bit;
    } else {
        duplicate = !many.emplace(cell_index, r.assessor).second;
    }
    const std::uint64_t clash = r.kind == RatingKind::NotApplicable ? scored_flag
                                : scored(r.kind)                    ? not_applicable_flag
                                                                    : 0;
    if (duplicate)
        return Clash::Duplicate;
    if ((cell & clash) != 0)
        return Clash::Conflict;
    cell |= r.kind == RatingKind::NotApplicable ? not_applicable_flag
            : scored(r.kind)                    ? scored_flag
                                                : 0;
    return Clash::None;
}

/// record_in, with the words of all cells: `cells`, applicant-major.
inline Clash record(const Rating& r, std::size_t criteria, std::uint64_t* cells,
                    ManyAssessors& many) {
    const std::size_t cell_index = std::size_t{r.applicant} * criteria + r.criterion;
    return record_in(r, cell_index, cells[cell_index], many);
}

// ---------------------------------------------------------------- reading

/// One thread's share of a tally read from a file: the cells of applicants
/// [low, high), checked and added to row by row as the rows are read.
struct TallyPart {
    static constexpr std::uint32_t no_applicant = static_cast<std::uint32_t>(-1);
    /// At most this many rows of the stray applicant.
    static constexpr std::size_t max_strays = std::size_t{1} << 16;

    Tally* tally = nullptr;
    /// The consistency check's words, as cells. Null: the rows are taken to
    /// be grouped by applicant, and only the open applicant's words are
    /// kept (open_words); a row of an applicant read before it fails the
    /// part as foreign (the file is then read with words for every cell).
    std::uint64_t* words = nullptr;
    std::size_t low = 0, high = 0;
    std::uint32_t open = no_applicant;      ///< without words: the applicant being read
    std::vector<std::uint64_t> open_words;  ///< its words, by criterion
    std::vector<bool> closed;               ///< applicants [low, high) read before it
    /// Rows of this applicant (the one at the cut, whose cells the other
    /// thread owns) are kept aside, to be added after the other thread's.
    std::uint32_t stray_applicant = no_applicant;
    std::vector<Rating> strays;
    std::vector<std::pair<std::size_t, std::uint64_t>> stray_ticked;  ///< index into strays
    /// Indicators ticked by scored rows: cell, bits.
    std::vector<std::pair<std::size_t, std::uint64_t>> ticked;
    ManyAssessors many;
    bool failed = false;  ///< a clash, too many strays, a row of another part's applicant
    /// Failed on too many strays or a row of another part's applicant: the
    /// file is not grouped by applicant, and may be read on one thread.
    bool foreign = false;

    /// Zero this part's cells and words (by the thread that fills them).
    void clear() {
        tally->clear(low, high);
        const std::size_t m = tally->criteria;
        if (words != nullptr) {
            std::fill(words + low * m, words + high * m, std::uint64_t{0});
        } else {
            open_words.assign(m, 0);
            closed.assign(high - low, false);
        }
    }
    /// Check and add one row to its cell; false if it does not belong here
    /// or clashes with an earlier one (or, without words, if its applicant
    /// was read before another: foreign).
    bool add_row(const Rating& r, std::uint64_t ticked_bits) {
        const std::size_t m = tally->criteria;
        if (r.applicant < low || r.applicant >= high)
            return false;
        const std::size_t cell = std::size_t{r.applicant} * m + r.criterion;
        std::uint64_t* const word = words != nullptr ? &words[cell] : open_word(r);
        if (word == nullptr || record_in(r, cell, *word, many) != Clash::None)
            return false;
        add(tally->cells[cell], r);
        if (ticked_bits != 0 && scored(r.kind))
            ticked.emplace_back(cell, ticked_bits);
        return true;
    }
    /// Without words: r's applicant's word for its criterion, that
    /// applicant opened if it is not (the one before closed); null if it
    /// was closed (foreign).
    std::uint64_t* open_word(const Rating& r) {
        if (r.applicant != open) {
            if (open != no_applicant)
                closed[open - low] = true;
            if (closed[r.applicant - low]) {
                foreign = true;
                return nullptr;
            }
            open = r.applicant;
            std::fill(open_words.begin(), open_words.end(), std::uint64_t{0});
        }
        return &open_words[r.criterion];
    }
    /// A row as read (with the indicators it ticks): added, or kept aside
    /// if it is the stray applicant's; false (and failed) if it cannot be.
    bool take(const Rating& r, std::uint64_t ticked_bits) {
        if (r.applicant != stray_applicant) {
            foreign = r.applicant < low || r.applicant >= high;
            failed = foreign || !add_row(r, ticked_bits);  // which may find it foreign
            return !failed;
        }
        if (strays.size() == max_strays) {
            foreign = failed = true;
            return false;
        }
        if (ticked_bits != 0)
            stray_ticked.emplace_back(strays.size(), ticked_bits);
        strays.push_back(r);
        return true;
    }
};

/// How a tallying read ended.
enum class TallyRead {
    Done,       ///< the ratings are in the tally
    OneThread,  ///< not on two threads (rows not grouped by applicant, or no thread): try one
    Failed,     ///< something else: read the file with parse_ratings, which names it
};

/// Read a ratings CSV (`text`, named `name`) into t, for the applicants of
/// `evidence` (read from their file, with no ratings yet) and the rulebook's
/// criteria, without keeping the ratings: every row is checked as
/// parse_ratings checks it and added to its cell in file order, on two
/// threads for a large file if `allow_threads`. Done fills
/// evidence.assessors, sources and ratings_source. Otherwise the file holds
/// something this does not take (an error of any kind, a quoted field, or,
/// read on two threads, rows not grouped by applicant: OneThread): the
/// evidence is as it was, t is to be dropped, and the file read again
/// (without threads, or with parse_ratings, which names the error).
/// `source`, `progress` and `sink` as in parse_ratings; the sink may then
/// have been given a first part of the text (throws only what read_header
/// throws, before the sink is called). `sink_ahead`: the share of the text
/// (0 to 1) the sink is expected to have had before this is called (from
/// the files' sizes, never from timing, so that the cut is fixed by the
/// input): the thread that feeds the sink takes more of the rows.
[[nodiscard]] TallyRead tally_ratings(const Rulebook& rulebook, Evidence& evidence,
                                      std::string_view text, std::string_view name,
                                      bool allow_threads, const MappedFile* source,
                                      const ProgressFunction* progress, const ByteSink* sink,
                                      double sink_ahead, Tally& t);

/// The same for the rows after the header (`body`, from line `body_line`).
[[nodiscard]] TallyRead tally_ratings_rows(const Rulebook& rulebook, Evidence& evidence,
                                           const CsvHeader& header, std::string_view body,
                                           std::size_t body_line, std::string_view name,
                                           bool allow_threads, const MappedFile* source,
                                           RecordProgress* progress, const ByteSink* sink,
                                           double sink_ahead, Tally& t);

}  // namespace shortlist::detail

namespace shortlist {

struct TalliedEvidence::Impl {
    Evidence evidence;  ///< without ratings when tallied
    /// The ratings' tally, when the file was read for it; else the ratings
    /// are in `evidence`.
    std::optional<detail::Tally> tally;
    std::vector<std::string> criteria;  ///< the rulebook's criterion ids, in order
};

}  // namespace shortlist

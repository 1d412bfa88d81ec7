// The common ratings row, tallied without the CSV reader (docs/evidence.md,
// "Reading for scoring only"): a file of the four columns only, each row
// "id,criterion,assessor,score" unquoted, with no blanks, at most 32 bytes
// and ending in LF or CRLF. One pair of 16-byte loads finds its three commas
// and its line break; the ids are compared with the last row's (and the next
// applicant's or criterion's) before any lookup, as parse_rows does. From the
// first row that is not of this shape (or that holds an error of any kind),
// parse_rows reads the rest, so what is taken, refused or reported is its.
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "evidence/internal.hpp"
#include "evidence/ratings_rows.hpp"
#include "evidence/tally.hpp"
#include "util/io.hpp"

namespace shortlist::detail {

#if defined(__SSE2__)

namespace {

/// A common row: its first 32 bytes, and where its four fields are.
struct PlainRow {
    __m128i v0, v1;
    std::uint32_t start[4], size[4];  ///< each field's, from the row's start
    std::uint32_t length;             ///< of the row with its line break
};

/// Read the row at p (with at least 32 bytes from p on); false if it is not
/// of the common shape.
inline bool plain_row(const char* p, PlainRow& row) {
    row.v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    row.v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    const auto mask = [](__m128i m) { return static_cast<std::uint32_t>(_mm_movemask_epi8(m)); };
    // Special: a control byte, a blank, a quote, or a byte from 0x80 on
    // (negative as a signed char).
    const __m128i above_blank = _mm_set1_epi8(0x21);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i comma = _mm_set1_epi8(',');
    const auto special = [&](__m128i v) {
        return mask(_mm_or_si128(_mm_cmpgt_epi8(above_blank, v), _mm_cmpeq_epi8(v, quote)));
    };
    const std::uint32_t stops = special(row.v0) | special(row.v1) << 16;
    if (stops == 0)
        return false;  // longer than 32 bytes
    const auto stop = static_cast<std::uint32_t>(std::countr_zero(stops));
    std::uint32_t ending = 0;
    if (p[stop] == '\n')
        ending = 1;
    else if (p[stop] == '\r' && stop + 1 < 32 && p[stop + 1] == '\n')
        ending = 2;
    else
        return false;
    const std::uint32_t c0 =
        (mask(_mm_cmpeq_epi8(row.v0, comma)) | mask(_mm_cmpeq_epi8(row.v1, comma)) << 16) &
        ((std::uint32_t{1} << stop) - 1);
    // Exactly three commas (clearing the lowest each time; no popcount,
    // which without -mpopcnt is a library call).
    const std::uint32_t c1 = c0 & (c0 - 1), c2 = c1 & (c1 - 1);
    if (c0 == 0 || c1 == 0 || c2 == 0 || (c2 & (c2 - 1)) != 0)
        return false;
    const std::uint32_t at[4] = {static_cast<std::uint32_t>(std::countr_zero(c0)),
                                 static_cast<std::uint32_t>(std::countr_zero(c1)),
                                 static_cast<std::uint32_t>(std::countr_zero(c2)), stop};
    row.start[0] = 0;
    row.size[0] = at[0];
    for (std::size_t i = 1; i < 4; ++i) {
        row.start[i] = at[i - 1] + 1;
        row.size[i] = at[i] - at[i - 1] - 1;
    }
    row.length = stop + ending;
    return true;
}

/// Tallies common rows into a chunk until one is not.
class RowScanner {
  public:
    RowScanner(const RatingsContext& ctx, Chunk& out)
        : ctx_(ctx),
          criteria_(*ctx.criteria),
          out_(out),
          assessors_(out.assessors),
          // The applicant and criterion are the first two fields (in either
          // order): a row that starts as the last one did up to its second
          // comma has the last one's.
          same_prefix_means_same_ids_(ctx.cols.applicant + ctx.cols.criterion == 1) {}

    /// Tally the common rows at the start of `text`; the offset and line of
    /// the first row that is not one (or that the tally did not take: then
    /// out.stopped), with the bytes before it given to the sink.
    std::pair<std::size_t, std::size_t> scan(std::string_view text, std::size_t line) {
        const char* const begin = text.data();
        const char* const end = begin + text.size();
        PartFeeder parts(ctx_, text, out_.feeds_sink);
        RecordProgress silent;
        RecordProgress& bytes = out_.progress != nullptr ? *out_.progress : silent;
        const char* p = begin;
        PlainRow row;
        while (end - p >= 32 && !out_.stopped) {
            if (*p == '\n') {  // an empty line
                ++p;
                ++line;
                continue;
            }
            if (plain_row(p, row) && take(p, row, line)) {
                p += row.length;
            } else [[unlikely]] {
                if (out_.stopped || odd_rows_left_ == 0)
                    break;
                const char* const next = one_row(p, end, line, text, parts);
                if (next == nullptr)
                    break;
                p = next;
            }
            ++line;
            const auto at = static_cast<std::size_t>(p - begin);
            bytes.record(at);
            parts.at(at);
        }
        const auto at = static_cast<std::size_t>(p - begin);
        if (!out_.stopped && !out_.error)
            parts.finish(at);
        return {at, line};
    }

  private:
    /// The odd row at p read by parse_rows, with the bytes before it and
    /// then the row given to the sink (by `parts`, then by parse_rows);
    /// where the next row starts, or null if the rest is parse_rows' to read
    /// (a quote, or out.error or out.stopped set).
    [[gnu::noinline]] const char* one_row(const char* p, const char* end, std::size_t line,
                                          std::string_view text, PartFeeder& parts) {
        const void* const newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (newline == nullptr)
            return nullptr;
        const char* const next = static_cast<const char*>(newline) + 1;
        const auto length = static_cast<std::size_t>(next - p);
        if (std::memchr(p, '"', length) != nullptr)
            return nullptr;  // a quoted field may hold line breaks
        --odd_rows_left_;
        const auto at = static_cast<std::size_t>(p - text.data());
        parts.feed_to(at);
        RecordProgress* const progress = out_.progress;
        out_.progress = nullptr;
        const std::size_t assessors = out_.assessors.size();
        parse_rows(ctx_, text.substr(at, length), line, out_);
        out_.progress = progress;
        if (out_.assessors.size() != assessors)  // met first in that row: known to the table
            assessors_ = AssessorTable(out_.assessors);
        if (out_.error || out_.stopped)
            return nullptr;         // and parse_rows gave the row to no sink
        parts.fed_to(at + length);  // parse_rows gave the row to the sink
        return next;
    }

    /// Check and tally one row; false (nothing changed but assessors met
    /// first here, as parse_rows would have them) if parse_rows must read it.
    bool take(const char* p, const PlainRow& row, std::size_t line) {
        const RatingColumns& cols = ctx_.cols;
        const auto field = [&](std::size_t c) {
            return std::string_view(p + row.start[c], row.size[c]);
        };
        if (!same_ids(row)) {
            if (!applicant(field(cols.applicant)) || !criterion(field(cols.criterion)))
                return false;
        }
        Rating r;
        r.line = static_cast<std::uint32_t>(line);
        r.applicant = applicant_;
        r.criterion = criterion_;
        try {
            if (!assessor(row, field(cols.assessor), line, r.assessor))
                return false;
            criteria_.read_score(r, 0, field(cols.score), {ctx_.file, line, cols.score + 1});
        } catch (const EvidenceError&) {
            return false;  // parse_rows reports it
        }
        if (!out_.tally->take(r, 0)) {
            out_.stopped = true;
            return false;
        }
        last_v0_ = row.v0;
        last_v1_ = row.v1;
        last_second_comma_ = row.start[2];
        return true;
    }

    /// The row starts as the last one taken did, up to its second comma.
    [[nodiscard]] bool same_ids(const PlainRow& row) const {
        if (!same_prefix_means_same_ids_ || row.start[2] != last_second_comma_)
            return false;
        const auto mask = [](__m128i m) {
            return static_cast<std::uint32_t>(_mm_movemask_epi8(m));
        };
        const std::uint32_t same =
            mask(_mm_cmpeq_epi8(row.v0, last_v0_)) | mask(_mm_cmpeq_epi8(row.v1, last_v1_)) << 16;
        const std::uint32_t prefix = (std::uint32_t{1} << row.start[2]) - 1;
        return (same & prefix) == prefix;
    }

    /// The assessor's index: one of the last few met, by the id's bytes in
    /// a word (ids of up to 8 bytes), else interned (throws as intern does).
    bool assessor(const PlainRow& row, std::string_view who, std::size_t line,
                  std::uint16_t& index) {
        const std::size_t n = who.size();
        if (n == 0)
            return false;  // parse_rows reports it
        if (n > 8) {
            index = assessors_.intern(who, {ctx_.file, line, ctx_.cols.assessor + 1});
            return true;
        }
        // The id's bytes, and zeros, read from the row's first 32 bytes
        // themselves (not from a copy of the registers on the stack, which
        // a narrower, offset load cannot be forwarded from: a stall a row).
        const std::uint32_t start = row.start[ctx_.cols.assessor];
        std::uint64_t word = 0;
        if (start + 8 <= 32) {
            std::memcpy(&word, who.data(), 8);
            if (n < 8)
                word &= (std::uint64_t{1} << (8 * n)) - 1;
        } else {  // the 8 bytes that end with the id (start > 24, so inside the row)
            std::memcpy(&word, who.data() + n - 8, 8);
            if (n < 8)
                word >>= 8 * (8 - n);
        }
        unsigned hits = 0;
        for (std::size_t i = 0; i < recent_size; ++i)
            hits |= static_cast<unsigned>(recent_word_[i] == word && recent_size_[i] == n) << i;
        if (hits != 0) {
            index = recent_index_[static_cast<std::size_t>(std::countr_zero(hits))];
            return true;
        }
        index = assessors_.intern(who, {ctx_.file, line, ctx_.cols.assessor + 1});
        recent_word_[recent_next_] = word;
        recent_size_[recent_next_] = static_cast<std::uint32_t>(n);
        recent_index_[recent_next_] = index;
        recent_next_ = (recent_next_ + 1) % recent_size;
        return true;
    }

    bool applicant(std::string_view id) {
        const auto& ids = *ctx_.applicant_ids;
        if (known_applicant_ && equal_text(id, ids[applicant_].view()))
            return true;
        if (known_applicant_ && applicant_ + 1 < ids.size() &&
            equal_text(ids[applicant_ + 1].view(), id)) {
            ++applicant_;
            return true;
        }
        const std::uint32_t found =
            id.empty() ? ApplicantIndex::npos : ctx_.applicants->get().find(id);
        if (found == ApplicantIndex::npos)
            return false;
        applicant_ = found;
        known_applicant_ = true;
        return true;
    }

    bool criterion(std::string_view id) {
        if (known_criterion_ && equal_text(id, criteria_.id(criterion_)))
            return true;
        if (known_criterion_ && criterion_ + 1 < criteria_.size() &&
            equal_text(criteria_.id(criterion_ + 1), id)) {
            ++criterion_;
            return true;
        }
        if (criteria_.size() != 0 &&
            equal_text(criteria_.id(0), id)) {  // the next applicant's first
            criterion_ = 0;
            known_criterion_ = true;
            return true;
        }
        try {
            criterion_ = criteria_.find(id, {ctx_.file, 0, 0});
        } catch (const EvidenceError&) {
            return false;
        }
        known_criterion_ = true;
        return true;
    }

    static constexpr std::size_t recent_size = 4;
    /// Odd rows read one by one (each costs a CSV reader and an assessor
    /// table): past these, parse_rows reads the rest.
    std::size_t odd_rows_left_ = 64;

    const RatingsContext& ctx_;
    const CriteriaTable& criteria_;
    Chunk& out_;
    AssessorTable assessors_;
    const bool same_prefix_means_same_ids_;
    __m128i last_v0_{}, last_v1_{};        ///< the first 32 bytes of the last row taken
    std::uint32_t last_second_comma_ = 0;  ///< where its second comma is; 0: none taken
    std::uint32_t applicant_ = 0, criterion_ = 0;
    bool known_applicant_ = false, known_criterion_ = false;
    std::array<std::uint64_t, recent_size> recent_word_{};
    std::array<std::uint32_t, recent_size> recent_size_{};  // 0: empty (ids are not)
    std::array<std::uint16_t, recent_size> recent_index_{};
    std::size_t recent_next_ = 0;
};

}  // namespace

#endif

void scan_rows(const RatingsContext& ctx, std::string_view text, std::size_t first_line,
               Chunk& out) {
#if defined(__SSE2__)
    const bool common = out.tally != nullptr && ctx.header->names.size() == 4;
    const auto [at, line] = common ? RowScanner(ctx, out).scan(text, first_line)
                                   : std::pair{std::size_t{0}, first_line};
#else
    const std::size_t at = 0, line = first_line;
#endif
    if (out.stopped || out.error)
        return;
    if (at == 0) {
        parse_rows(ctx, text, first_line, out);
        return;
    }
    RecordProgress rest;
    RecordProgress* const whole = out.progress;
    if (whole != nullptr) {
        rest = whole->from(at);
        out.progress = &rest;
    }
    parse_rows(ctx, text.substr(at), line, out);
    out.progress = whole;
}

void scan_head(const RatingsContext& ctx, std::string_view body, std::size_t cut,
               std::size_t body_line, Chunk& first) {
    parse_head(ctx, body, cut, body_line, first, scan_rows);
}

}  // namespace shortlist::detail

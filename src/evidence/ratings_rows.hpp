// What the ratings CSV readers share (ratings.cpp keeps the rows,
// ratings_tally.cpp tallies them as read): the context of a parse, the part
// of the file one thread parses, and the row parser itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evidence/internal.hpp"
#include "evidence/tally.hpp"
#include "util/io.hpp"

namespace shortlist::detail {

inline constexpr std::size_t no_column = CsvHeader::npos;
/// How much of a mapped file is parsed before its pages are let go.
inline constexpr std::size_t release_bytes = std::size_t{4} << 20;
/// How much is parsed before it is passed to a ByteSink: little enough to
/// be still in the cache.
inline constexpr std::size_t sink_bytes = std::size_t{256} << 10;
/// With a sink, the thread that parses the head of a split file also passes
/// the whole file to it (which must be done in order): it parses this share,
/// which balances the two threads when the sink is SHA-256
/// (docs/benchmarks.md).
inline constexpr double head_share_with_sink = 0.33;

struct RatingColumns {
    std::size_t applicant = no_column, criterion = no_column, assessor = no_column,
                score = no_column;
    std::size_t indicators = no_column, comment = no_column;
};

/// The applicant index, built on first need: a ratings file in the order of
/// the applicants file is read by comparing each id with the next one, and
/// never needs it. Safe to share between threads.
class LazyApplicantIndex {
  public:
    explicit LazyApplicantIndex(const Evidence& evidence) : evidence_(evidence) {}

    [[nodiscard]] const ApplicantIndex& get() const {
        std::call_once(once_, [this] { index_.emplace(index_applicants(evidence_)); });
        return *index_;
    }

  private:
    const Evidence& evidence_;
    mutable std::once_flag once_;
    mutable std::optional<ApplicantIndex> index_;
};

/// What parsing rows needs, shared read-only between threads.
struct RatingsContext {
    std::string_view file;
    std::string_view applicants_file;
    const CsvHeader* header = nullptr;
    RatingColumns cols;
    const CriteriaTable* criteria = nullptr;
    const LazyApplicantIndex* applicants = nullptr;
    const std::vector<ApplicantId>* applicant_ids = nullptr;
    const MappedFile* source = nullptr;  ///< the mapped file, if the text is one
    const ByteSink* sink = nullptr;      ///< given the bytes as they are parsed
};

/// The ratings' columns in `header` (throws EvidenceError naming a missing
/// one), and the rest of the context for reading them against `criteria`
/// and the applicants of `evidence` (`applicants` indexes them).
[[nodiscard]] RatingsContext ratings_context(const CsvHeader& header, std::string_view name,
                                             const Evidence& evidence,
                                             const CriteriaTable& criteria,
                                             const LazyApplicantIndex& applicants);

/// A ratings file's header, read, and where its rows start.
struct RatingsHead {
    CsvHeader header;
    std::string_view body;      ///< the text after the header
    std::size_t body_line = 0;  ///< the line the body starts on
};

/// Read the header of a ratings file (a byte order mark skipped; throws
/// EvidenceError as read_header), pass the bytes up to the body to `sink`
/// (if it is not empty; else it is made null) and start `progress` there.
[[nodiscard]] RatingsHead read_ratings_head(std::string_view text, std::string_view name,
                                            const ByteSink*& sink, RecordProgress& progress,
                                            const ProgressFunction* callback);

/// Pass `bytes` to the sink, then let their pages go, a few MiB at a time
/// (the part of a split file that another thread parsed).
void feed_and_release(const RatingsContext& ctx, std::string_view bytes);

/// What a parse of `text` does as its rows are read: passes the parsed bytes
/// to the context's sink every sink_bytes (while they are still in the
/// cache), and lets the mapped pages go every release_bytes (only what the
/// sink has had: they would be read again otherwise). One compare a row.
class PartFeeder {
  public:
    /// For `text`, passed to ctx.sink if `feeds_sink`, its pages let go if
    /// it is a part of ctx.source.
    PartFeeder(const RatingsContext& ctx, std::string_view text, bool feeds_sink)
        : text_(text), sink_(feeds_sink ? ctx.sink : nullptr), source_(ctx.source) {
        part_at_ = next_part();
    }

    /// The rows before `position` are parsed.
    void at(std::size_t position) {
        if (position >= part_at_) [[unlikely]]
            pass(position);
    }
    /// Give the sink the bytes before `position` now (a row parsed apart
    /// follows them).
    void feed_to(std::size_t position) {
        if (sink_ != nullptr) {
            (*sink_)(text_.substr(fed_, position - fed_));
            fed_ = position;
        }
    }
    /// The sink has been given the bytes before `position` by another parse.
    void fed_to(std::size_t position) {
        if (sink_ != nullptr)
            fed_ = position;
    }
    /// The parse ended at `position`: the sink is given the rest up to it
    /// (the pages of the last part are not let go).
    void finish(std::size_t position) const {
        if (sink_ != nullptr)
            (*sink_)(text_.substr(fed_, position - fed_));
    }

  private:
    static constexpr std::size_t never = static_cast<std::size_t>(-1);

    [[nodiscard]] std::size_t next_part() const {
        return sink_ != nullptr     ? fed_ + sink_bytes
               : source_ != nullptr ? released_ + release_bytes
                                    : never;
    }
    void pass(std::size_t position) {
        feed_to(position);
        const std::size_t done = sink_ != nullptr ? fed_ : position;
        if (source_ != nullptr && done - released_ >= release_bytes) {
            source_->release(text_.substr(released_, done - released_));
            released_ = done;
        }
        part_at_ = next_part();
    }

    std::string_view text_;
    const ByteSink* sink_;
    const MappedFile* source_;
    std::size_t fed_ = 0;       ///< bytes of the text given to the sink
    std::size_t released_ = 0;  ///< bytes of the text let go
    std::size_t part_at_ = 0;   ///< where the next part goes to the sink, or is let go
};

/// The rows of one part of the file, parsed into a slice of the result.
struct Chunk {
    std::span<Rating> slots;  ///< where the ratings go: one slot per line at least, or see `full`
    std::size_t count = 0;    ///< slots filled
    std::vector<std::pair<std::size_t, std::string>> comments;  ///< index into slots
    std::vector<RatingIndicators> indicators;                   ///< index into slots
    std::vector<AssessorId> assessors;   ///< this part's, in order of first appearance
    std::optional<Diagnostic> error;     ///< the first error; nothing after it is parsed
    RecordProgress* progress = nullptr;  ///< this part's reports, if it makes them
    bool feeds_sink = false;             ///< this part's bytes go to the context's sink as parsed
    /// Called when the slots are full, and at the end with what is left (if
    /// anything): takes the ratings (and their indicators and comments) and
    /// empties the chunk, or returns false to end the parse there (nothing
    /// more is read, and the sink is not given the rest). Without it, the
    /// slots must hold every row.
    bool (*full)(void* with, Chunk& chunk) = nullptr;
    void* full_with = nullptr;
    /// With a tally, each row is added to it as read (TallyPart::take), not
    /// kept in the slots; a row it does not take ends the parse (stopped).
    TallyPart* tally = nullptr;
    bool stopped = false;  ///< `full`, the tally or a quoted field ended the parse
    /// A quoted field ends the parse (stopped): a part cut from a file by
    /// its bytes is known to start on a row only if no quote comes before.
    bool refuse_quoted = false;
};

/// Parse the rows of `text` (whose first line is line `first_line` of the
/// file) into `out`; the first error ends it and goes to out.error.
void parse_rows(const RatingsContext& ctx, std::string_view text, std::size_t first_line,
                Chunk& out);

/// parse_rows, or scan_rows.
using ParseRows = void (*)(const RatingsContext& ctx, std::string_view text, std::size_t first_line,
                           Chunk& out);

/// The head of a split parse, body[0, cut), on this thread: its rows into
/// `first` by `rows`, reporting progress for the whole body (as if it were
/// the whole), then, with a sink, the tail's bytes, in order after the
/// head's (unless the head's parse failed or stopped).
void parse_head(const RatingsContext& ctx, std::string_view body, std::size_t cut,
                std::size_t body_line, Chunk& first, ParseRows rows);

/// parse_rows for a chunk that tallies (ratings_scan.cpp): a file of the
/// four columns has its common rows ("id,criterion,assessor,score", no
/// quote or blank, LF or CRLF) read without the CSV reader, up to the first
/// row that is not one; parse_rows reads the rest. The same result.
void scan_rows(const RatingsContext& ctx, std::string_view text, std::size_t first_line,
               Chunk& out);

/// parse_head by scan_rows.
void scan_head(const RatingsContext& ctx, std::string_view body, std::size_t cut,
               std::size_t body_line, Chunk& first);

}  // namespace shortlist::detail

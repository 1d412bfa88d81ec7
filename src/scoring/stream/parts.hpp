// What the streaming shortlist reads: a file in chunks of whole lines (or
// whole CSV records), and the parts of a batch, one chunk of applicants at a
// time with their ratings (shortlist/stream.hpp, docs/streaming.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/internal.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/progress.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

/// Receives a file's bytes as they are read: consecutive parts of the whole
/// file, in order (StreamOptions::applicants_bytes and ratings_bytes).
using ReadSink = std::function<void(std::string_view bytes)>;

/// A file in chunks of whole lines; for CSV, of whole records (a line break
/// inside a quoted field does not end one: the count of '"' before a record's
/// end is even).
class ChunkReader {
  public:
    ChunkReader(const std::filesystem::path& file, std::size_t chunk_bytes, bool csv = false,
                ReadSink sink = {});

    /// The next chunk (ending after a line break, or at the end of the file)
    /// and the number of its first line; false at the end. The chunk stays
    /// valid until the call after next (two buffers take turns), so that one
    /// part can be used while the next is read.
    bool next(std::string_view& chunk, std::size_t& first_line);
    /// Bytes to read at a time from now on (at least 4096).
    void set_chunk_bytes(std::size_t bytes);

  private:
    /// Where the chunk can end: after the last line break that ends a record, or npos.
    [[nodiscard]] std::size_t cut() const;

    std::ifstream in_;
    std::filesystem::path file_;
    std::size_t chunk_;
    bool csv_;
    std::string buffer_;
    std::string previous_;  ///< the last chunk's buffer, kept while it is used
    ReadSink sink_;
    std::size_t used_ = 0;
    std::size_t line_ = 1;
    std::size_t lines_in_last_ = 0;
    bool eof_ = false;
};

/// A CSV file's whole records in a window that slides on: read() adds a
/// block's whole records at its end, consume() drops bytes from its front.
/// The file's bytes are read into the window itself (not copied there).
class RecordWindow {
  public:
    /// Read `block_bytes` at a time; room for `reserve` bytes to begin with.
    RecordWindow(const std::filesystem::path& file, std::size_t block_bytes, std::size_t reserve,
                 ReadSink sink = {});

    /// The whole records read and not consumed (valid until read()).
    [[nodiscard]] std::string_view text() const noexcept {
        return {data_.get() + start_, end_ - start_};
    }
    /// Read on until a record more is whole; false at the end of the file.
    bool read();
    void consume(std::size_t bytes) noexcept { start_ += bytes; }

  private:
    std::ifstream in_;
    std::filesystem::path file_;
    std::size_t block_;
    std::size_t capacity_;
    std::unique_ptr<char[]> data_;  ///< not std::string: a read need not zero its room first
    ReadSink sink_;
    std::size_t start_ = 0;  ///< the first byte not consumed
    std::size_t end_ = 0;    ///< the end of the last whole record
    std::size_t size_ = 0;   ///< the bytes read
    bool eof_ = false;
};

/// One part of a batch: its applicants (with their ratings) and lines.
struct Part {
    Evidence evidence;
    std::vector<std::size_t> lines;  ///< each applicant's line
    std::size_t first = 0;           ///< the part's first line
    std::string_view chunk;          ///< the applicants' text (valid until the next part)
    /// An error in the applicants' text: `evidence` holds the applicants before it.
    std::optional<EvidenceError> error;
    /// False when the batch already has an error to report (a ratings
    /// error, reported after any in the applicants file): nothing to score.
    bool score = true;
};

/// A batch read a part at a time: a JSON Lines file, or an applicants CSV
/// and its ratings CSV.
class Parts {
  public:
    virtual ~Parts() = default;
    /// The next part; false at the end of the applicants file.
    virtual bool next(Part& part) = 0;
    /// The column of applicant_id on `line` of the part (for messages), from 1.
    [[nodiscard]] virtual std::size_t id_column(const Part& part, std::size_t line) const = 0;
    /// After the last part: an error found after every part was read (the
    /// ratings file's, reported after the applicants file's), if any.
    [[nodiscard]] virtual std::optional<EvidenceError> finish() = 0;
    /// The error for a file without applicants.
    [[nodiscard]] virtual std::string no_applicants() const = 0;
};

/// A JSON Lines file in parts of whole lines, each parsed (facts and ratings
/// on each line).
[[nodiscard]] std::unique_ptr<Parts> jsonl_parts(const Rulebook& rulebook,
                                                 const std::filesystem::path& file,
                                                 std::size_t chunk_bytes, ReadSink sink = {});

/// Calls use(part) for each part in order, until it returns false. While one
/// part is used (on a second thread: run_beside) the next is read on the
/// calling thread, which calls read(part) for it (progress, say). Reading
/// takes nothing from the use of the part before, so the parts, their order
/// and the result are those of one thread.
void for_each_part(Parts& parts, const std::function<void(const Part&)>& read,
                   const std::function<bool(Part&)>& use);

/// An applicants CSV and, if given, a ratings CSV grouped by applicant in
/// the applicants' order, read in step: each part holds a chunk of
/// applicants and the ratings rows that follow for them. Errors are those
/// of load_evidence: every error in the applicants file first (Part::error),
/// then (finish()) the ratings file's on its lowest line; ratings out of the
/// applicants' order are an error at the first such row.
class CsvParts final : public Parts {
  public:
    /// `applicants_bytes`, `ratings_bytes`: given each file's bytes as read.
    CsvParts(const Rulebook& rulebook, const std::filesystem::path& applicants,
             const std::optional<std::filesystem::path>& ratings, std::size_t chunk_bytes,
             bool with_ratings, ReadSink applicants_bytes = {}, ReadSink ratings_bytes = {});

    bool next(Part& part) override;
    [[nodiscard]] std::size_t id_column(const Part&, std::size_t) const override {
        return id_col_ + 1;
    }
    /// The ratings file's first error, if any.
    [[nodiscard]] std::optional<EvidenceError> finish() override;
    [[nodiscard]] std::string no_applicants() const override;

  private:
    /// The ratings text not yet given to a part: whole records.
    [[nodiscard]] std::string_view unread() const noexcept {
        return ratings_ ? ratings_->text() : std::string_view();
    }
    /// Read more of the ratings file into unread(); false at its end.
    bool fill();
    /// Where this part's rows end in unread(): the ratings of the part's
    /// applicants, up to the first row of a later applicant, a row the
    /// parser must report (`bad`), or a row out of the applicants' order.
    struct Scan {
        std::size_t pos = 0;                  ///< the rows before it are this part's
        std::size_t line = 0;                 ///< the line at pos
        std::optional<EvidenceError> error;   ///< out of order at pos
        std::optional<EvidenceError> syntax;  ///< the scan's, if the parser should not find it
        bool bad = false;                     ///< a row the parser must report, at pos
    };
    [[nodiscard]] Scan scan_ratings(const ApplicantIndex& index,
                                    const std::vector<ApplicantId>& ids);
    /// Whether the row at `at` in unread() rates an applicant of the part: 1
    /// yes, 0 no, -1 when the scan must decide (no id, a ragged row, bytes
    /// the plain reader leaves to the careful one).
    [[nodiscard]] int probe(std::size_t at, const ApplicantIndex& index) const;
    /// Where this part's rows end in unread() when the rows are in order,
    /// found by halving: in ratings without a quote, probing a few rows
    /// rather than reading all (reading more of the file until a row of a
    /// later applicant is in); nullopt when the scan must decide.
    [[nodiscard]] std::optional<std::size_t> bisect(const ApplicantIndex& index);
    /// The part's ratings read up to bisect()'s end, if they parse without
    /// error and in order (what the scan would have found); else false, and
    /// nothing read.
    bool read_ratings_fast(Evidence& evidence, const ApplicantIndex& index, std::size_t& end);
    void read_ratings(Evidence& evidence, std::size_t applicant_bytes);
    [[nodiscard]] bool applicant_known(std::string_view id) const;

    const Rulebook& rulebook_;
    std::filesystem::path applicants_path_;
    std::string name_, ratings_name_;
    std::size_t chunk_bytes_;
    ChunkReader applicants_;
    std::optional<RecordWindow> ratings_;  ///< the ratings text not yet given to a part
    std::optional<CsvHeader> header_, ratings_header_;
    std::size_t id_col_ = 0, rating_id_col_ = 0;
    std::string unread_;           ///< ratings text not yet given to a part
    std::size_t unread_line_ = 1;  ///< the line of its first byte
    std::size_t quote_free_ = 0;   ///< bytes of unread_ known to hold no '"'
    bool ratings_done_ = false;
    std::string last_rated_;                ///< the applicant of the last rating read
    std::optional<EvidenceError> pending_;  ///< the ratings file's error
};

/// One pass's progress over the applicants file, in bytes, a part at a time
/// (StreamOptions::progress). A ratings file read in step with it adds its
/// bytes to the total, and the applicants' share read stands for both.
class PassProgress {
  public:
    PassProgress(const ProgressSteps& steps, const std::string& step, std::uintmax_t size,
                 std::uintmax_t ratings);
    void read(const Part& part);
    void done();

  private:
    ProgressCallback step_;
    std::size_t size_ = 0;
    std::size_t total_ = 0;
    std::size_t read_ = 0;
};

}  // namespace shortlist::detail

// What the evidence loaders share: message factories, fact parsing, the
// rulebook's criteria as lookup tables, score parsing and the consistency
// check over all ratings (duplicates, conflicts).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "evidence/record_names.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"
#include "util/csv.hpp"
#include "util/progress.hpp"

namespace shortlist::detail {

class MappedFile;  // util/io.hpp

/// Where a value was read, for messages (file:line:column). A message that
/// cites another record names it through RecordNames (evidence/record_names.hpp).
struct Place {
    std::string_view file;
    std::size_t line = 0;
    std::size_t column = 0;
};

[[noreturn]] void throw_evidence_error(const Place& where, ErrorCode code, std::string message);

/// Message texts, one function each, so that tests can assert them exactly.
namespace msg {
std::string empty_file();
std::string no_applicants();
std::string no_applicant_lines();
std::string missing_column(std::string_view column, const std::vector<std::string_view>& header);
std::string missing_fact_column(std::string_view fact, std::string_view rulebook);
std::string duplicate_column(std::string_view column, std::size_t first_column);
std::string ragged_row(std::size_t fields, std::size_t header_fields);
std::string empty_value(std::string_view what);
std::string duplicate_applicant(std::string_view id, std::size_t first_line,
                                const RecordNames& records = {});
std::string bad_boolean(std::string_view what, std::string_view text);
std::string bad_number(std::string_view what, std::string_view text);
std::string bad_level(std::string_view what, std::string_view text);
std::string bad_choice(std::string_view what, std::string_view text,
                       const std::vector<std::string>& values);
std::string wrong_type(std::string_view what, std::string_view expected, std::string_view got);
std::string unknown_applicant(std::string_view id, std::string_view applicants_file);
std::string unknown_criterion(std::string_view id, const Rulebook& rulebook);
std::string unknown_indicator(std::string_view id, const Criterion& criterion);
std::string no_indicators(std::string_view given, std::string_view criterion);
std::string duplicate_indicator(std::string_view id);
std::string off_scale(std::string_view score, std::string_view criterion, double min, double max);
std::string bad_score(std::string_view score);
std::string no_score(std::string_view criterion);
std::string indicators_with_word(std::string_view word);
std::string duplicate_rating(std::string_view applicant, std::string_view criterion,
                             std::string_view assessor, const RecordNames& records,
                             std::size_t first_line);
/// `first`/`second`: what each rating said ("a score", "not_applicable", ...).
std::string conflicting_ratings(std::string_view applicant, std::string_view criterion,
                                std::string_view first, std::string_view first_assessor,
                                std::size_t first_line, std::string_view second,
                                std::string_view second_assessor, std::size_t second_line,
                                const RecordNames& records);
std::string ratings_twice(std::string_view first_source);
std::string unknown_key(std::string_view key, std::string_view expected);
std::string missing_key(std::string_view key);
std::string duplicate_fact(std::string_view fact);
std::string unknown_scale(std::string_view criterion, std::string_view scale);
std::string too_many_indicators(std::string_view criterion, std::size_t count);
std::string too_many_assessors(std::string_view id);
/// A streamed ratings CSV not grouped by applicant in the applicants' order.
std::string ratings_out_of_order(std::string_view id, std::string_view after);
}  // namespace msg

/// a == b, quicker than memcmp for the short ids of a ratings file: a few
/// overlapping word loads, no loop for ids of up to 16 bytes.
[[nodiscard]] inline bool equal_text(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size();
    if (n != b.size())
        return false;
    const char* x = a.data();
    const char* y = b.data();
    const auto load8 = [](const char* p) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        return w;
    };
    const auto load4 = [](const char* p) {
        std::uint32_t w = 0;
        std::memcpy(&w, p, 4);
        return w;
    };
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8) {
            if (load8(x + i) != load8(y + i))
                return false;
        }
        return load8(x + n - 8) == load8(y + n - 8);
    }
    if (n >= 4)
        return load4(x) == load4(y) && load4(x + n - 4) == load4(y + n - 4);
    if (n >= 2) {  // two bytes from each end ("C07")
        const auto load2 = [](const char* p) {
            std::uint16_t w = 0;
            std::memcpy(&w, p, 2);
            return w;
        };
        return load2(x) == load2(y) && load2(x + n - 2) == load2(y + n - 2);
    }
    return n == 0 || x[0] == y[0];
}

/// How a fact value is named in messages: "column 'x'" (CSV) or "fact 'x'".
enum class FactOrigin { Column, Fact };
[[nodiscard]] std::string fact_label(FactOrigin origin, std::string_view name);

/// Parse text as a value of the fact's type. Empty text is absent
/// (std::monostate). Throws EvidenceError at `where`.
[[nodiscard]] Value parse_fact(const FactSpec& spec, std::string_view text, const Place& where,
                               FactOrigin origin);

/// True when s is dotted whole numbers ("5", "5.4", "10.02"), each part at
/// most nine digits.
[[nodiscard]] bool is_level(std::string_view s) noexcept;

/// Applicant id -> index into a vector of ids: an open-addressing hash table
/// of 8-byte slots (part of the hash and the index), so that adding 100,000
/// ids touches one slot each and never their text. The vector must not move
/// while the index is used (reserve it first).
class ApplicantIndex {
  public:
    static constexpr std::uint32_t npos = static_cast<std::uint32_t>(-1);

    explicit ApplicantIndex(const std::vector<ApplicantId>& ids, std::size_t expected = 0);

    /// Index ids[i]: npos if added, or the index of the same id added before.
    std::uint32_t insert(std::uint32_t i);
    /// The index of id, or npos.
    [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept;

  private:
    struct Slot {
        std::uint32_t tag = 0;  // high bits of the hash
        std::uint32_t index = npos;
    };
    void rehash(std::size_t slots);
    const std::vector<ApplicantId>* ids_;
    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

/// An index of every applicant in the evidence.
[[nodiscard]] ApplicantIndex index_applicants(const Evidence& evidence);

/// A fast, deterministic hash of a short id (not for untrusted keys where
/// hash flooding matters: here it costs time, never results).
[[nodiscard]] std::uint64_t hash_id(std::string_view s) noexcept;

/// The rulebook's criteria prepared for reading ratings: scale bounds and
/// lookups by id. Throws RulebookError if a criterion names no known scale or
/// has more than 64 indicators (a rulebook that validate() would refuse).
class CriteriaTable {
  public:
    explicit CriteriaTable(const Rulebook& rulebook);

    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] const Rulebook& rulebook() const noexcept { return *rulebook_; }
    [[nodiscard]] std::string_view id(std::uint32_t c) const noexcept { return entries_[c].id; }
    [[nodiscard]] double min(std::uint32_t c) const noexcept { return entries_[c].min; }
    [[nodiscard]] double max(std::uint32_t c) const noexcept { return entries_[c].max; }

    /// The criterion with this id; throws EvidenceError (unknown or empty).
    [[nodiscard]] std::uint32_t find(std::string_view id, const Place& where) const;
    /// Bit for one indicator of criterion c; throws EvidenceError.
    [[nodiscard]] std::uint64_t indicator_bit(std::uint32_t c, std::string_view indicator,
                                              const Place& where) const;
    /// Indicator ids separated by ';' (spaces around each trimmed, empty items
    /// skipped) as a bitmask; throws EvidenceError.
    [[nodiscard]] std::uint64_t indicator_list(std::uint32_t c, std::string_view list,
                                               const Place& where) const;

    /// Fill r.kind, r.score and r.from_indicators from the score text (already
    /// trimmed) and the indicators the rating ticks (a mask from
    /// indicator_list or indicator_bit). Throws EvidenceError.
    void parse_score(Rating& r, std::uint64_t ticked, std::string_view text,
                     const Place& where) const;
    /// parse_score, with the common score, one digit on the scale ("4"),
    /// read inline first (the ratings readers' rows).
    void read_score(Rating& r, std::uint64_t ticked, std::string_view text,
                    const Place& where) const {
        if (const double digit = text.size() == 1 ? text[0] - '0' : -1;
            digit >= 0 && digit <= 9 && digit >= min(r.criterion) && digit <= max(r.criterion)) {
            r.kind = RatingKind::Score;  // as parse_score reads it
            r.score = digit;
            r.from_indicators = false;
        } else {
            parse_score(r, ticked, text, where);
        }
    }
    /// The same for a score given as a number (JSON); `text` is how it was written.
    void set_score(Rating& r, double value, std::string_view text, const Place& where) const;
    /// The same with no score given.
    void set_no_score(Rating& r, std::uint64_t ticked, const Place& where) const;

  private:
    struct Entry {
        std::string_view id;
        double min = 0;
        double max = 0;
        std::vector<std::string_view> indicators;
        /// Rated on a framework's levels: the level names, lowest first
        /// (point 1 up); a rating may name one instead of its point.
        std::vector<std::string_view> levels;
    };
    /// The point of the level `text` names on a criterion rated on levels.
    [[nodiscard]] std::optional<double> level_point(std::uint32_t c,
                                                    std::string_view text) const noexcept;
    const Rulebook* rulebook_;
    std::vector<Entry> entries_;
    std::unordered_map<std::string_view, std::uint32_t> by_id_;
};

// ---------------------------------------------------------------- CSV files

/// A field as the loaders see it: unquoted fields trimmed of spaces and tabs
/// (free-text comments are taken from CsvField::text as they are).
[[nodiscard]] inline std::string_view value_of(const CsvField& f) noexcept {
    return f.quoted ? f.text : trim(f.text);
}

/// A CSV file's first record. Empty names are allowed (such columns are
/// ignored) and may repeat; other names must be unique.
struct CsvHeader {
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::vector<std::string> names;
    std::size_t line = 0;

    /// The column's index, or npos.
    [[nodiscard]] std::size_t find(std::string_view name) const;
    [[nodiscard]] std::vector<std::string_view> views() const;
};

/// Read the header; throws EvidenceError if the file is empty or a name repeats.
[[nodiscard]] CsvHeader read_header(CsvReader& reader, std::string_view file);
/// The column's index; throws EvidenceError naming the header if it is missing.
[[nodiscard]] std::size_t require_column(const CsvHeader& header, std::string_view name,
                                         std::string_view file);
/// Throws EvidenceError: a row with the wrong number of fields.
[[noreturn]] void throw_ragged_row(std::size_t fields, const CsvHeader& header,
                                   std::string_view file, std::size_t line);
struct LineCount {
    std::size_t lines = 1;  ///< line breaks plus one: at least the number of records
    bool quoted = false;    ///< the text holds a '"'
};
/// Count lines (and look for quotes) in one pass, eight bytes at a time.
[[nodiscard]] LineCount count_lines(std::string_view text) noexcept;
/// At most how many records `text` holds, whose count_lines() is `lines`,
/// for rows of `columns` fields: `lines`, unless that is more than rows of
/// that many fields could fill (each needs a comma per field after the
/// first and a line break), as when most lines are blank; then the lines that
/// are not blank, counted. (A file of a billion blank lines must not make a
/// billion slots.)
[[nodiscard]] std::size_t most_records(std::string_view text, std::size_t lines,
                                       std::size_t columns) noexcept;

/// The rows of an applicants CSV after its header (`body`, whose first line
/// is line `first_line` of the file), appended to `evidence` (no applicants
/// yet): parse_applicants_csv on a part of a file, with the same messages at
/// the file's own lines. On error `evidence` keeps the rows before the bad
/// one. With `lines`, each applicant's line is put there. No applicants is
/// not an error here. Messages cite other rows through `records`.
void parse_applicants_rows(const Rulebook& rulebook, const CsvHeader& header, std::string_view body,
                           std::string_view name, std::size_t first_line, Evidence& evidence,
                           std::vector<std::size_t>* lines = nullptr,
                           const RecordNames& records = {}, RecordProgress* progress = nullptr);

/// parse_applicants_csv, its messages citing other rows through `records`,
/// reporting the bytes read to `progress` (docs/cli.md, "Progress").
[[nodiscard]] Evidence parse_applicants(const Rulebook& rulebook, std::string_view text,
                                        std::string_view name, const RecordNames& records,
                                        const ProgressFunction* progress = nullptr);

// ---------------------------------------------------------------- ratings

/// Where to cut the body of a ratings file (after its header) in two for two
/// threads, or npos: after the first line break at `head_share` of it (the
/// middle, unless the head's thread has other work too), for a large body on
/// a machine with two cores or more. (The cut is used only if nothing before
/// it is quoted: a quoted field may hold a line break.)
[[nodiscard]] std::size_t ratings_split_point(std::string_view body, double head_share = 0.5);

/// The file is JSON Lines by its name (.jsonl, .ndjson, any case).
[[nodiscard]] bool is_json_lines(const std::filesystem::path& file);

/// "reading applicants.csv": a step's name for a file (docs/cli.md, "Progress").
[[nodiscard]] std::string reading_step(const std::filesystem::path& file);

/// Read an applicants file (CSV, JSON Lines or .xlsx) as load_evidence does,
/// its bytes given to `sink` (if not empty; not for .xlsx).
[[nodiscard]] Evidence load_applicants(const Rulebook& rulebook,
                                       const std::filesystem::path& applicants,
                                       const ProgressCallback& progress, const ByteSink& sink);

/// parse_jsonl of a part of a file whose first line is line
/// `first_line_number` of it (a byte order mark is stripped only at line 1):
/// messages and Rating::line count from there. With `applicant_lines`, each
/// applicant's line is put there.
[[nodiscard]] Evidence parse_jsonl_lines(const Rulebook& rulebook, std::string_view text,
                                         std::string_view name, std::size_t first_line_number,
                                         std::vector<std::size_t>* applicant_lines = nullptr,
                                         RecordProgress* progress = nullptr);

/// parse_ratings_csv, with threads allowed or not (the result must be the
/// same either way; tests compare). With `source` (the mapped file `text` is
/// in), the pages already parsed are let go as the parse moves on. Messages
/// cite other rows through `records`. The bytes read are reported to
/// `progress` (on two threads, the first half's, doubled). With `sink`, every
/// byte of `text` is passed to it as it is parsed (ByteSink), unless the
/// parse fails.
void parse_ratings(const Rulebook& rulebook, Evidence& evidence, std::string_view text,
                   std::string_view name, bool allow_threads, const MappedFile* source = nullptr,
                   const RecordNames& records = {}, const ProgressFunction* progress = nullptr,
                   const ByteSink* sink = nullptr);

/// The rows of a ratings CSV after its header (`body`, whose first line is
/// line `body_line` of the file): parse_ratings on a part of a file, with the
/// same messages at the file's own lines (also for the header's missing
/// columns, checked first). With `sink`, every byte of `body`, as
/// parse_ratings.
void parse_ratings_rows(const Rulebook& rulebook, Evidence& evidence, const CsvHeader& header,
                        std::string_view body, std::size_t body_line, std::string_view name,
                        bool allow_threads, const MappedFile* source = nullptr,
                        const RecordNames& records = {}, RecordProgress* progress = nullptr,
                        const ByteSink* sink = nullptr);

/// Check every rating against the others, in order: one rating per
/// (applicant, criterion, assessor), and no criterion both scored and marked
/// not_applicable for one applicant. Throws EvidenceError at the first
/// offending rating, naming the earlier one through `records`.
void check_consistency(std::span<const Rating> ratings, const std::vector<ApplicantId>& applicants,
                       const std::vector<AssessorId>& assessors, const CriteriaTable& criteria,
                       std::string_view file, const RecordNames& records);

/// Assessor ids interned in order of first appearance. A panel has tens of
/// assessors and takes turns, so the last few met are checked first, by a
/// 64-bit key of the id's bytes (exact for ids of up to 8 bytes, so no text
/// is compared); then a small open-addressing table (hash_id).
class AssessorTable {
  public:
    /// Interns into `assessors` (which may already hold some).
    explicit AssessorTable(std::vector<AssessorId>& assessors);
    /// The index of id in the table, added if new; throws EvidenceError at
    /// `where` rather than add more than max_assessors.
    [[nodiscard]] std::uint16_t intern(std::string_view id, const Place& where) {
        const std::uint64_t key = key_of(id);
        if (const int hit = find_recent(id, key); hit >= 0)
            return recent_index_[static_cast<std::size_t>(hit)];
        return intern_new(id, key, where);
    }
    /// The same, or nullopt (nothing added) when the table is full.
    [[nodiscard]] std::optional<std::uint16_t> try_intern(std::string_view id);

  private:
    static constexpr std::size_t recent_size = 4;
    static constexpr std::uint32_t no_size = static_cast<std::uint32_t>(-1);

    /// The id's bytes in 64 bits: ids of up to 8 bytes with equal sizes and
    /// keys are equal; longer ones also need their text compared.
    [[nodiscard]] static std::uint64_t key_of(std::string_view id) noexcept {
        const char* p = id.data();
        const std::size_t n = id.size();
        const auto load8 = [](const char* q) {
            std::uint64_t w = 0;
            std::memcpy(&w, q, 8);
            return w;
        };
        const auto load4 = [](const char* q) {
            std::uint32_t w = 0;
            std::memcpy(&w, q, 4);
            return std::uint64_t{w};
        };
        if (n > 8)
            return load8(p) ^ (load8(p + n - 8) * 0x9e3779b97f4a7c15u);
        if (n == 8)
            return load8(p);
        if (n >= 4)  // two loads that overlap cover every byte
            return load4(p) | load4(p + n - 4) << 32;
        if (n == 0)
            return 0;
        const auto byte = [](char c) { return std::uint64_t{static_cast<unsigned char>(c)}; };
        return byte(p[0]) | byte(p[n / 2]) << 8 | byte(p[n - 1]) << 16;
    }

    /// The slot in the recent ring holding id, or -1.
    [[nodiscard]] int find_recent(std::string_view id, std::uint64_t key) const noexcept {
        const auto n = static_cast<std::uint32_t>(id.size());
        unsigned hits = 0;  // no early exit: which slot matches varies row to row
        for (std::size_t i = 0; i < recent_size; ++i)
            hits |= static_cast<unsigned>(recent_key_[i] == key && recent_size_[i] == n) << i;
        while (hits != 0) {
            const int i = std::countr_zero(hits);
            if (n <= 8 ||
                equal_text((*assessors_)[recent_index_[static_cast<std::size_t>(i)]].view(), id))
                return i;
            hits &= hits - 1;
        }
        return -1;
    }

    /// Look up (or add) an id that is not among the recent ones.
    std::uint16_t intern_new(std::string_view id, std::uint64_t key, const Place& where);
    std::optional<std::uint16_t> find_or_add(std::string_view id, std::uint64_t key);
    void remember(std::string_view id, std::uint64_t key, std::uint16_t index) noexcept;
    void rehash(std::size_t slots);

    std::vector<AssessorId>* assessors_;
    std::vector<std::uint32_t> slots_;  ///< index + 1, or 0 for an empty slot
    std::array<std::uint64_t, recent_size> recent_key_{};
    std::array<std::uint32_t, recent_size> recent_size_{no_size, no_size, no_size, no_size};
    std::array<std::uint16_t, recent_size> recent_index_{};
    std::size_t recent_next_ = 0;
};

}  // namespace shortlist::detail

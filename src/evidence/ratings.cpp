// The ratings CSV: one row per assessor's rating of one criterion for one
// applicant. This is the hot path (millions of rows), so:
//
// - rows are parsed in place (CsvReader fields view the file buffer) straight
//   into the result array, sized beforehand from the number of lines;
// - ids become dense indices, comparing each with the previous row's and the
//   next one in file/rulebook order before any hashing;
// - duplicates and conflicts are found afterwards by check_consistency, one
//   pass over a bitmask per (applicant, criterion);
// - a large file whose first half holds no '"' is parsed in two halves on two
//   threads, writing into the two parts of the one result array. The halves
//   are joined in file order and the error on the lowest line is reported, so
//   nothing depends on the number of threads.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <span>

#include "evidence/internal.hpp"
#include "evidence/ratings_rows.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "util/parallel.hpp"

namespace shortlist {

namespace {

using detail::Chunk;
using detail::CsvHeader;
using detail::CsvReader;
using detail::feed_and_release;
using detail::LazyApplicantIndex;
using detail::parse_head;
using detail::parse_rows;
using detail::Place;
using detail::RatingColumns;
using detail::RatingsContext;
using detail::release_bytes;
using detail::throw_evidence_error;
using detail::value_of;
namespace msg = detail::msg;

// Millions of these are written here: every byte is a megabyte of page faults.
static_assert(sizeof(Rating) <= 24, "Rating should stay 24 bytes");

/// Reads rating rows into a Chunk. Ratings files are usually grouped by
/// applicant and criterion, in the order of the applicants file and the
/// rulebook: each id is compared with the last one and the next one before
/// any hashing.
class RowReader {
  public:
    RowReader(const RatingsContext& ctx, Chunk& out)
        : ctx_(ctx), criteria_(*ctx.criteria), out_(out), assessors_(out.assessors) {}

    void read(std::string_view text, std::size_t first_line) {
        CsvReader reader(text, ctx_.file, first_line);
        const std::size_t columns = ctx_.header->names.size();
        detail::PartFeeder parts(ctx_, text, out_.feeds_sink);
        detail::RecordProgress silent;
        detail::RecordProgress& bytes = out_.progress != nullptr ? *out_.progress : silent;
        try {
            while (!out_.stopped && reader.next()) {
                parts.at(reader.position());
                bytes.record(reader.position());
                const auto fields = reader.fields();
                const std::size_t line = reader.line();
                if (out_.refuse_quoted && reader.quoted_fields() != 0) {
                    out_.stopped = true;
                    break;
                }
                if (fields.size() != columns)
                    detail::throw_ragged_row(fields.size(), *ctx_.header, ctx_.file, line);
                std::uint64_t ticked = 0;
                const Rating r = rating(fields, line, ticked);
                if (out_.tally != nullptr) {  // tallied as read, not kept
                    if (!out_.tally->take(r, ticked)) {
                        out_.stopped = true;
                        break;
                    }
                    continue;
                }
                keep(r, ticked, fields);
            }
            if (out_.full != nullptr && !out_.stopped && out_.count != 0)
                out_.stopped = !out_.full(out_.full_with, out_);
            if (!out_.stopped)
                parts.finish(text.size());
        } catch (const EvidenceError& e) {
            out_.error = e.diagnostics().front();
        }
    }

  private:
    /// The row's rating, and in `ticked` the indicators it ticks; throws
    /// EvidenceError for a bad field.
    Rating rating(std::span<const detail::CsvField> fields, std::size_t line,
                  std::uint64_t& ticked) {
        const RatingColumns& cols = ctx_.cols;
        Rating r;
        r.line = static_cast<std::uint32_t>(line);
        r.applicant = applicant(value_of(fields[cols.applicant]), line);
        r.criterion = criterion(value_of(fields[cols.criterion]), line);
        const std::string_view who = value_of(fields[cols.assessor]);
        if (who.empty())
            throw_evidence_error({ctx_.file, line, cols.assessor + 1}, ErrorCode::InvalidArgument,
                                 msg::empty_value("assessor"));
        r.assessor = assessors_.intern(who, {ctx_.file, line, cols.assessor + 1});
        if (cols.indicators != detail::no_column) {
            const std::string_view list = value_of(fields[cols.indicators]);
            if (!list.empty())
                ticked = criteria_.indicator_list(r.criterion, list,
                                                  {ctx_.file, line, cols.indicators + 1});
        }
        criteria_.read_score(r, ticked, value_of(fields[cols.score]),
                             {ctx_.file, line, cols.score + 1});
        return r;
    }

    /// Keep r, with its indicators and comment, in the chunk's slots.
    void keep(const Rating& r, std::uint64_t ticked, std::span<const detail::CsvField> fields) {
        if (ticked != 0)
            out_.indicators.push_back({out_.count, ticked});
        if (ctx_.cols.comment != detail::no_column) {
            const std::string_view comment = fields[ctx_.cols.comment].text;
            if (!detail::trim(comment).empty())
                out_.comments.emplace_back(out_.count, std::string(comment));
        }
        // In range: records <= the lines that are not blank <= line breaks +
        // 1, and the slots were counted so (most_records; the head of a split
        // ends with a line break), or are emptied when full.
        assert(out_.count < out_.slots.size());
        out_.slots[out_.count++] = r;
        if (out_.count == out_.slots.size() && out_.full != nullptr)
            out_.stopped = !out_.full(out_.full_with, out_);
    }

    std::uint32_t applicant(std::string_view id, std::size_t line) {
        const auto& ids = *ctx_.applicant_ids;
        if (!last_applicant_known_ || !detail::equal_text(id, ids[applicant_].view())) {
            if (last_applicant_known_ && applicant_ + 1 < ids.size() &&
                detail::equal_text(ids[applicant_ + 1].view(), id)) {
                ++applicant_;
            } else {
                const std::uint32_t found = ctx_.applicants->get().find(id);
                if (found == detail::ApplicantIndex::npos) {
                    const Place where{ctx_.file, line, ctx_.cols.applicant + 1};
                    if (id.empty())
                        throw_evidence_error(where, ErrorCode::InvalidArgument,
                                             msg::empty_value("applicant_id"));
                    throw_evidence_error(where, ErrorCode::NotFound,
                                         msg::unknown_applicant(id, ctx_.applicants_file));
                }
                applicant_ = found;
            }
            last_applicant_known_ = true;
        }
        return applicant_;
    }

    std::uint32_t criterion(std::string_view id, std::size_t line) {
        if (!last_criterion_known_ || !detail::equal_text(id, criteria_.id(criterion_))) {
            if (last_criterion_known_ && criterion_ + 1 < criteria_.size() &&
                detail::equal_text(criteria_.id(criterion_ + 1), id))
                ++criterion_;
            else
                criterion_ = criteria_.find(id, {ctx_.file, line, ctx_.cols.criterion + 1});
            last_criterion_known_ = true;
        }
        return criterion_;
    }

    const RatingsContext& ctx_;
    const detail::CriteriaTable& criteria_;
    Chunk& out_;
    detail::AssessorTable assessors_;
    std::uint32_t applicant_ = 0, criterion_ = 0;
    bool last_applicant_known_ = false, last_criterion_known_ = false;
};

}  // namespace

void detail::parse_rows(const RatingsContext& ctx, std::string_view text, std::size_t first_line,
                        Chunk& out) {
    RowReader(ctx, out).read(text, first_line);
}

void detail::feed_and_release(const RatingsContext& ctx, std::string_view bytes) {
    for (std::size_t at = 0; at < bytes.size(); at += release_bytes) {
        const std::string_view part = bytes.substr(at, release_bytes);
        (*ctx.sink)(part);
        if (ctx.source != nullptr)
            ctx.source->release(part);
    }
}

detail::RatingsContext detail::ratings_context(const CsvHeader& header, std::string_view name,
                                               const Evidence& evidence,
                                               const CriteriaTable& criteria,
                                               const LazyApplicantIndex& applicants) {
    RatingsContext ctx;
    ctx.file = name;
    ctx.header = &header;
    ctx.cols.applicant = require_column(header, "applicant_id", name);
    ctx.cols.criterion = require_column(header, "criterion", name);
    ctx.cols.assessor = require_column(header, "assessor", name);
    ctx.cols.score = require_column(header, "score", name);
    ctx.cols.indicators = header.find("indicators");
    ctx.cols.comment = header.find("comment");
    ctx.applicants_file = evidence.sources.empty() ? std::string_view("the applicants file")
                                                   : std::string_view(evidence.sources.front());
    ctx.criteria = &criteria;
    ctx.applicants = &applicants;
    ctx.applicant_ids = &evidence.applicants;
    return ctx;
}

detail::RatingsHead detail::read_ratings_head(std::string_view text, std::string_view name,
                                              const ByteSink*& sink, RecordProgress& progress,
                                              const ProgressFunction* callback) {
    const std::size_t size = text.size();
    text = strip_bom(text);
    CsvReader header_reader(text, name);
    RatingsHead head;
    head.header = read_header(header_reader, name);
    const std::size_t header_bytes = size - text.size() + header_reader.position();
    progress = RecordProgress(callback, size, header_bytes);
    if (sink != nullptr && *sink)  // the byte order mark and the header
        (*sink)(std::string_view(text.data() - (size - text.size()), header_bytes));
    else
        sink = nullptr;
    head.body = text.substr(header_reader.position());
    head.body_line = header_reader.next_line();
    return head;
}

std::size_t detail::ratings_split_point(std::string_view body, double head_share) {
    constexpr std::size_t parallel_from = std::size_t{1} << 20;  // bytes
    if (!detail::worth_splitting(body.size(), parallel_from))
        return detail::no_column;
    const auto at = static_cast<std::size_t>(static_cast<double>(body.size()) * head_share);
    const std::size_t newline = body.find('\n', std::min(at, body.size()));
    if (newline == std::string_view::npos || newline + 1 == body.size())
        return detail::no_column;
    return newline + 1;
}

namespace {

/// Append the second part's ratings (parsed into `second.slots`, just after
/// the first part's slots) to the first's, renumbering its assessors. If the
/// two parts together name more than max_assessors, the rows from the first
/// that would exceed it on are dropped and it is the error.
void join(const RatingsContext& ctx, Chunk& first, Chunk&& second) {
    std::vector<std::uint16_t> assessor(second.assessors.size());
    detail::AssessorTable table(first.assessors);
    bool same_numbers = true;
    std::size_t count = second.count;
    for (std::size_t i = 0; i < second.assessors.size(); ++i) {
        const auto global = table.try_intern(second.assessors[i].view());
        if (!global) {
            // Assessors are numbered in order of first appearance: the first
            // row naming this one is the first row over the limit.
            const auto over = std::find_if(
                second.slots.begin(), second.slots.begin() + static_cast<std::ptrdiff_t>(count),
                [&](const Rating& r) { return r.assessor == i; });
            count = static_cast<std::size_t>(over - second.slots.begin());
            second.error = Diagnostic{{std::string(ctx.file), over->line, ctx.cols.assessor + 1},
                                      ErrorCode::OutOfRange,
                                      msg::too_many_assessors(second.assessors[i].view())};
            break;
        }
        assessor[i] = *global;
        same_numbers = same_numbers && assessor[i] == i;
    }
    Rating* to = first.slots.data() + first.count;
    const Rating* from = second.slots.data();
    if (to != from || !same_numbers) {
        for (std::size_t i = 0; i < count; ++i) {  // to <= from: forward is safe
            Rating r = from[i];
            r.assessor = assessor[r.assessor];
            to[i] = r;
        }
    }
    for (auto& [index, text] : second.comments) {
        if (index < count)
            first.comments.emplace_back(first.count + index, std::move(text));
    }
    for (const RatingIndicators& ticked : second.indicators) {
        if (ticked.rating < count)
            first.indicators.push_back({first.count + ticked.rating, ticked.ticked});
    }
    first.count += count;
    if (second.error)
        first.error = std::move(second.error);
}

}  // namespace

void detail::parse_head(const RatingsContext& ctx, std::string_view body, std::size_t cut,
                        std::size_t body_line, Chunk& first, ParseRows rows) {
    detail::RecordProgress doubled;
    if (first.progress != nullptr) {
        doubled =
            first.progress->scaled(static_cast<double>(body.size()) / static_cast<double>(cut));
        first.progress = &doubled;
    }
    rows(ctx, body.substr(0, cut), body_line, first);
    first.progress = nullptr;
    if (first.feeds_sink && !first.error && !first.stopped)
        feed_and_release(ctx, body.substr(cut));
}

namespace {

/// Parse the body in two parts, [0, cut) on this thread and the rest on
/// another, into `ratings`; the result is in `first`. False (and nothing
/// done) if the head holds a quote (the cut might fall inside a quoted field)
/// or no thread can be started.
bool parse_in_two(const RatingsContext& ctx, std::string_view body, std::size_t body_line,
                  std::size_t cut, std::vector<Rating>& ratings, Chunk& first) {
    const std::string_view head = body.substr(0, cut);
    const std::string_view tail = body.substr(cut);

    // Hand-offs: the tail's size to this thread; the tail's slots to the worker
    // (nullptr: stop); then "slots constructed, go" (false: stop).
    std::promise<std::size_t> tail_size;
    std::promise<Rating*> tail_slots;
    std::promise<bool> go;
    Chunk second;
    std::exception_ptr failed;
    std::future<std::size_t> tail_size_known = tail_size.get_future();
    std::size_t tail_line = 0;  // set before the worker is told to go
    auto beside = [&, slots_known = tail_slots.get_future(), go_known = go.get_future()]() mutable {
        try {
            const std::size_t slots = detail::most_records(tail, detail::count_lines(tail).lines,
                                                           ctx.header->names.size());
            tail_size.set_value(slots);
            Rating* where = slots_known.get();
            if (where == nullptr)
                return;
            detail::prepare_pages(where, slots * sizeof(Rating), true);
            if (!go_known.get())
                return;
            second.slots = {where, slots};
            parse_rows(ctx, tail, tail_line, second);
        } catch (...) {  // bad_alloc: rethrown below, unless the head has an error
            failed = std::current_exception();
        }
    };
    bool quoted = false;
    auto here = [&] {
        bool slots_sent = false, go_sent = false;
        try {
            // With no quote in the head, which ends with a line break, each of
            // its line breaks ends a line holding one record or none.
            const detail::LineCount head_count = detail::count_lines(head);
            if (head_count.quoted) {
                quoted = true;
                tail_slots.set_value(nullptr);
                go.set_value(false);
                return;
            }
            tail_line = body_line + head_count.lines - 1;
            const std::size_t head_slots =
                detail::most_records(head, head_count.lines - 1, ctx.header->names.size());
            const std::size_t slots = tail_size_known.get();
            ratings.reserve(head_slots + slots);
            tail_slots.set_value(ratings.data() + head_slots);
            slots_sent = true;
            detail::prepare_pages(ratings.data(), head_slots * sizeof(Rating), true);
            ratings.resize(head_slots + slots);  // no reallocation: reserved
            go.set_value(true);
            go_sent = true;
            first.slots = {ratings.data(), head_slots};
            parse_head(ctx, body, cut, body_line, first, parse_rows);
        } catch (...) {  // the worker must not wait for ever
            if (!slots_sent)
                tail_slots.set_value(nullptr);
            if (!go_sent)
                go.set_value(false);
            throw;
        }
    };
    if (!detail::run_beside(true, beside, here) || quoted)
        return false;  // no thread to be had, or a quote in the head
    if (first.error)
        return true;  // nothing after it counts
    if (failed)
        std::rethrow_exception(failed);
    join(ctx, first, std::move(second));
    return true;
}

}  // namespace

void parse_ratings_csv(const Rulebook& rulebook, Evidence& evidence, std::string_view text,
                       std::string_view name) {
    detail::parse_ratings(rulebook, evidence, text, name, true);
}

void detail::parse_ratings(const Rulebook& rulebook, Evidence& evidence, std::string_view text,
                           std::string_view name, bool allow_threads, const MappedFile* source,
                           const RecordNames& records, const ProgressFunction* progress,
                           const ByteSink* sink) {
    if (!evidence.ratings.empty())
        throw_evidence_error({name, 0, 0}, ErrorCode::AlreadyExists,
                             msg::ratings_twice(evidence.ratings_source));
    RecordProgress bytes;
    const detail::RatingsHead head = detail::read_ratings_head(text, name, sink, bytes, progress);
    detail::parse_ratings_rows(rulebook, evidence, head.header, head.body, head.body_line, name,
                               allow_threads, source, records, &bytes, sink);
    bytes.finish();
}

void detail::parse_ratings_rows(const Rulebook& rulebook, Evidence& evidence,
                                const CsvHeader& header, std::string_view body,
                                std::size_t body_line, std::string_view name, bool allow_threads,
                                const MappedFile* source, const RecordNames& records,
                                RecordProgress* progress, const ByteSink* sink) {
    const detail::CriteriaTable criteria(rulebook);
    const LazyApplicantIndex applicants(evidence);
    RatingsContext ctx = detail::ratings_context(header, name, evidence, criteria, applicants);
    ctx.source = source;
    ctx.sink = sink != nullptr && *sink ? sink : nullptr;

    std::vector<Rating> ratings;
    Chunk result;
    result.assessors = evidence.assessors;
    result.progress = progress;
    result.feeds_sink = ctx.sink != nullptr;
    const std::size_t cut =
        allow_threads
            ? detail::ratings_split_point(body, result.feeds_sink ? head_share_with_sink : 0.5)
            : detail::no_column;
    if (cut == detail::no_column || !parse_in_two(ctx, body, body_line, cut, ratings, result)) {
        ratings.resize(
            detail::most_records(body, detail::count_lines(body).lines, header.names.size()));
        result.slots = ratings;
        parse_rows(ctx, body, body_line, result);
    }
    ratings.resize(result.count);

    // Duplicates and conflicts among the rows before the first parse error
    // come earlier in the file, so they are reported first.
    detail::check_consistency(ratings, evidence.applicants, result.assessors, criteria, name,
                              records);
    if (result.error)
        throw EvidenceError({*result.error});

    evidence.ratings = std::move(ratings);
    evidence.assessors = std::move(result.assessors);
    for (auto& comment : result.comments)
        evidence.comments.push_back(std::move(comment));
    evidence.indicators.insert(evidence.indicators.end(), result.indicators.begin(),
                               result.indicators.end());
    evidence.sources.emplace_back(name);
    evidence.ratings_source = std::string(name);
}

}  // namespace shortlist

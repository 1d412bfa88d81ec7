// The ratings CSV read straight into a tally (evidence/tally.hpp), for a run
// that only scores: no Rating array, each row checked for duplicates and
// conflicts and added to its cell as it is parsed, a few thousand rows at a
// time (docs/evidence.md, "Reading for scoring only"). Anything out of the
// ordinary (an error of any kind, a quoted field, a file on two threads not
// grouped by applicant) ends it: the caller then reads the file as
// load_evidence does, which gives the same evidence or the exact error.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "evidence/internal.hpp"
#include "evidence/ratings_rows.hpp"
#include "evidence/tally.hpp"
#include "util/io.hpp"
#include "util/parallel.hpp"

namespace shortlist::detail {

namespace {

/// A chunk that parses into `part`.
Chunk chunk_for(TallyPart& part) {
    Chunk c;
    c.tally = &part;
    c.refuse_quoted = true;
    return c;
}

/// How one part's parse ended.
TallyRead ended(const Chunk& c, const TallyPart& part) {
    if (part.failed)
        return part.foreign ? TallyRead::OneThread : TallyRead::Failed;
    return c.error || c.stopped ? TallyRead::Failed : TallyRead::Done;  // stopped: a quote
}

/// The applicant of the first row of `tail`, or nullopt if it cannot be read.
std::optional<std::uint32_t> first_applicant(const RatingsContext& ctx, std::string_view tail,
                                             std::size_t line) {
    std::array<Rating, 1> one;
    Chunk c;
    c.slots = one;
    c.full = [](void*, Chunk&) { return false; };  // stop after one row
    parse_rows(ctx, tail, line, c);
    if (c.error || !c.stopped)
        return std::nullopt;
    return one[0].applicant;
}

/// Renumber the tail's assessors into the head's table (in order of first
/// appearance, as a one-thread parse numbers them); false past max_assessors.
bool join_assessors(std::vector<AssessorId>& head, const std::vector<AssessorId>& tail,
                    std::vector<std::uint16_t>& global) {
    AssessorTable table(head);
    global.resize(tail.size());
    for (std::size_t i = 0; i < tail.size(); ++i) {
        const auto g = table.try_intern(tail[i].view());
        if (!g)
            return false;
        global[i] = *g;
    }
    return true;
}

/// The head's and tail's results joined: the tail's strays (the applicant at
/// the cut, whose cells the head owns) added after the head's rows, in order.
bool join(Chunk& head, TallyPart& first, Chunk& tail, TallyPart& second) {
    std::vector<std::uint16_t> global;
    if (!join_assessors(head.assessors, tail.assessors, global))
        return false;
    std::size_t next = 0;
    for (std::size_t j = 0; j < second.strays.size(); ++j) {
        Rating r = second.strays[j];
        r.assessor = global[r.assessor];
        std::uint64_t bits = 0;
        if (next < second.stray_ticked.size() && second.stray_ticked[next].first == j)
            bits = second.stray_ticked[next++].second;
        if (!first.add_row(r, bits))
            return false;
    }
    first.ticked.insert(first.ticked.end(), second.ticked.begin(), second.ticked.end());
    return true;
}

/// Tally body[0, cut) on this thread (which also passes the whole body to
/// the sink) and the rest beside it.
TallyRead tally_in_two(const RatingsContext& ctx, std::string_view body, std::size_t body_line,
                       std::size_t cut, Tally& t, Chunk& result,
                       std::vector<std::pair<std::size_t, std::uint64_t>>& ticked) {
    const std::size_t n = ctx.applicant_ids->size();
    // Lines in the tail are not counted: its errors are never reported from here.
    const std::optional<std::uint32_t> at_cut = first_applicant(ctx, body.substr(cut), body_line);
    if (!at_cut)
        return TallyRead::OneThread;  // which finds what is wrong, if anything is
    // Without words for every cell: each part keeps its open applicant's
    // (the rows are taken to be grouped by applicant, as they must be to be
    // cut in two at all).
    TallyPart first, second;
    first.tally = second.tally = &t;
    first.high = second.low = std::size_t{*at_cut} + 1;
    second.high = n;
    second.stray_applicant = *at_cut;
    Chunk head = chunk_for(first), tail = chunk_for(second);
    head.assessors = std::move(result.assessors);
    head.progress = result.progress;
    head.feeds_sink = result.feeds_sink;
    const bool split = run_beside(
        true,
        [&] {
            second.clear();
            scan_rows(ctx, body.substr(cut), body_line, tail);
        },
        [&] {
            first.clear();
            scan_head(ctx, body, cut, body_line, head);
        });
    if (!split)
        return TallyRead::OneThread;  // nothing read
    const TallyRead a = ended(head, first), b = ended(tail, second);
    if (a != TallyRead::Done || b != TallyRead::Done)
        return a == TallyRead::Failed || b == TallyRead::Failed ? TallyRead::Failed
                                                                : TallyRead::OneThread;
    if (!join(head, first, tail, second))
        return first.foreign ? TallyRead::OneThread : TallyRead::Failed;
    result.assessors = std::move(head.assessors);
    ticked = std::move(first.ticked);
    return TallyRead::Done;
}

/// Tally the whole body on this thread.
TallyRead tally_in_one(const RatingsContext& ctx, std::string_view body, std::size_t body_line,
                       Tally& t, std::uint64_t* words, Chunk& result,
                       std::vector<std::pair<std::size_t, std::uint64_t>>& ticked) {
    TallyPart all;
    all.tally = &t;
    all.words = words;
    all.high = ctx.applicant_ids->size();
    Chunk c = chunk_for(all);
    c.assessors = std::move(result.assessors);
    c.progress = result.progress;
    c.feeds_sink = result.feeds_sink;
    all.clear();
    scan_rows(ctx, body, body_line, c);
    const TallyRead read = ended(c, all);
    result.assessors = std::move(c.assessors);
    ticked = std::move(all.ticked);
    return read;
}

}  // namespace

TallyRead tally_ratings_rows(const Rulebook& rulebook, Evidence& evidence, const CsvHeader& header,
                             std::string_view body, std::size_t body_line, std::string_view name,
                             bool allow_threads, const MappedFile* source, RecordProgress* progress,
                             const ByteSink* sink, double sink_ahead, Tally& t) {
    const CriteriaTable criteria(rulebook);
    const LazyApplicantIndex applicants(evidence);
    RatingsContext ctx = ratings_context(header, name, evidence, criteria, applicants);
    ctx.cols.comment = no_column;  // scoring does not read them
    ctx.source = source;
    ctx.sink = sink != nullptr && *sink ? sink : nullptr;

    const std::size_t n = evidence.applicants.size();
    const std::size_t m = criteria.size();
    t.criteria = m;
    t.cells = std::make_unique_for_overwrite<Cell[]>(n * m);
    prepare_pages(t.cells.get(), n * m * sizeof(Cell), false);

    Chunk result;
    result.assessors = evidence.assessors;
    result.progress = progress;
    result.feeds_sink = ctx.sink != nullptr;
    std::vector<std::pair<std::size_t, std::uint64_t>> ticked;
    // The head's thread feeds the sink what it has not had.
    const double head_share = result.feeds_sink ? 0.5 - (0.5 - head_share_with_sink) *
                                                            (1.0 - std::clamp(sink_ahead, 0.0, 1.0))
                                                : 0.5;
    const std::size_t cut = allow_threads ? ratings_split_point(body, head_share) : no_column;
    TallyRead read = TallyRead::Done;
    if (cut != no_column) {
        read = tally_in_two(ctx, body, body_line, cut, t, result, ticked);
    } else {  // the consistency check's words for every cell
        const auto words = std::make_unique_for_overwrite<std::uint64_t[]>(n * m);
        prepare_pages(words.get(), n * m * sizeof(std::uint64_t), false);
        read = tally_in_one(ctx, body, body_line, t, words.get(), result, ticked);
    }
    if (read != TallyRead::Done)
        return read;
    if (!ticked.empty()) {
        t.ticked = std::make_unique<std::uint64_t[]>(n * m);  // zeroed
        for (const auto& [cell, bits] : ticked)
            t.ticked[cell] |= bits;
    }
    evidence.assessors = std::move(result.assessors);
    evidence.sources.emplace_back(name);
    evidence.ratings_source = std::string(name);
    return TallyRead::Done;
}

TallyRead tally_ratings(const Rulebook& rulebook, Evidence& evidence, std::string_view text,
                        std::string_view name, bool allow_threads, const MappedFile* source,
                        const ProgressFunction* progress, const ByteSink* sink, double sink_ahead,
                        Tally& t) {
    RecordProgress bytes;
    const RatingsHead head = read_ratings_head(text, name, sink, bytes, progress);
    const TallyRead read =
        tally_ratings_rows(rulebook, evidence, head.header, head.body, head.body_line, name,
                           allow_threads, source, &bytes, sink, sink_ahead, t);
    if (read == TallyRead::Done)
        bytes.finish();
    return read;
}

}  // namespace shortlist::detail

// The shortlist of an applicants file too large to hold in memory: the file
// is read, scored and selected a part at a time, keeping only what can reach
// the shortlist (docs/streaming.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "shortlist/progress.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist {

struct StreamOptions {
    /// Shortlist size; overrides the rulebook's shortlist.top. One of them
    /// must be set (without a size every eligible applicant is shortlisted,
    /// and nothing bounds what must be kept).
    std::optional<std::size_t> top;
    /// Bytes of the file in memory at a time: two parts of half of it, one
    /// scored while the next is read and parsed (CSV: of the applicants and
    /// their ratings together; at least 4096).
    std::size_t chunk_bytes = std::size_t{8} << 20;
    /// Keep each shortlisted outcome's per-criterion breakdown.
    bool explain = false;
    /// Each pass over the files, in their bytes (the applicants file's share
    /// read standing for the ratings file read in step), a chunk at a time:
    /// "streaming applicants.csv and ratings.csv", then, when there is one,
    /// "second pass over applicants.csv" (and ratings.csv, when it is read
    /// again); may be empty. The result is the same with or without.
    ProgressSteps progress = {};
    /// Given every byte of the applicants file, and of the ratings file, as
    /// the first pass reads them: consecutive parts of each whole file, in
    /// order, on one thread at a time (an audit hashes its inputs so, in the
    /// pass that parses them: docs/audit.md). A pass that stops at an error
    /// stops the bytes there. May be empty.
    std::function<void(std::string_view bytes)> applicants_bytes = {}, ratings_bytes = {};
};

struct StreamResult {
    /// The shortlist: `entries` holds only the shortlisted (statuses
    /// shortlisted and guaranteed_interview) and `outcomes` only what they
    /// need; each entry is exactly the one select() gives the whole file.
    Shortlist shortlist;
    std::size_t applicants = 0;  ///< in the file
    std::size_t eligible = 0;    ///< of them, passing every gate
    /// 2 when the file was read twice: for the ranks of guaranteed-interview
    /// applicants below the top, or to confirm a possibly repeated id.
    std::size_t passes = 1;
};

/// The file can be streamed: JSON Lines (.jsonl, .ndjson), which carries each
/// applicant's ratings on the applicant's line.
[[nodiscard]] bool streamable(const std::filesystem::path& applicants);
/// The files can be streamed: a JSON Lines file alone, or an applicants CSV
/// with or without a ratings CSV.
[[nodiscard]] bool streamable(const std::filesystem::path& applicants,
                              const std::optional<std::filesystem::path>& ratings);

/// The shortlist of a JSON Lines applicants file (facts and ratings on each
/// line), as select(scorer.rulebook(), scorer.score(load_evidence(...)), top)
/// gives it, filtered to the shortlisted entries, with the same errors
/// (file:line:column, the lowest line first).
///
/// Memory holds one chunk (two parts of half of it: one scored on a second
/// thread while the next is read; the result does not depend on the number
/// of threads), the kept outcomes (the top N plus any tied with the N-th,
/// and every applicant who opted into the guaranteed interview and meets the
/// essential criteria) and a Bloom filter of the applicant ids seen (64 bits
/// an id, at most 16 MiB: for duplicates); with tie_break keys, the second
/// pass also keeps the applicants whose total equals a guaranteed-interview
/// applicant's below the top. Nothing else grows with the file.
///
/// Throws UsageError if the file cannot be read or no shortlist size is
/// set, EvidenceError for bad evidence.
[[nodiscard]] StreamResult shortlist_stream(const Scorer& scorer,
                                            const std::filesystem::path& applicants,
                                            const StreamOptions& options = {});

/// The same for an applicants CSV and its ratings CSV (or a JSON Lines file
/// and no ratings), read in step a chunk at a time: this needs the ratings
/// grouped by applicant, in the applicants file's order (an export sorted
/// by applicant), as the whole-file loader does not. Each chunk of
/// applicants (about chunk_bytes together with its ratings) is joined with
/// the ratings rows that follow for them. A rating for an applicant earlier
/// in the file than the one before it is an EvidenceError at its line
/// (ratings_out_of_order: "ratings for 'A17' appear after those of 'A18':
/// ..."); every other error is load_evidence's, at the same file:line
/// (errors in the applicants file first). Memory as for JSON Lines, plus one
/// chunk of the ratings file.
[[nodiscard]] StreamResult shortlist_stream(const Scorer& scorer,
                                            const std::filesystem::path& applicants,
                                            const std::optional<std::filesystem::path>& ratings,
                                            const StreamOptions& options = {});

}  // namespace shortlist

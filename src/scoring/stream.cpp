// The streaming shortlist: a file read a part at a time, each part scored
// while the next is read, and only what can reach the shortlist kept
// (docs/streaming.md).
#include "shortlist/stream.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "evidence/internal.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "scoring/ranking_internal.hpp"
#include "scoring/stream/below.hpp"
#include "scoring/stream/id_filter.hpp"
#include "scoring/stream/kept.hpp"
#include "scoring/stream/parts.hpp"

namespace shortlist {

namespace fs = std::filesystem;

bool streamable(const fs::path& applicants) {
    if (detail::is_xlsx(applicants))  // a workbook is read whole (docs/excel.md)
        return false;
    return detail::is_json_lines(applicants);
}

bool streamable(const fs::path& applicants, const std::optional<fs::path>& ratings) {
    if (detail::is_xlsx(applicants) || (ratings && detail::is_xlsx(*ratings)))
        return false;  // a workbook is read whole (docs/excel.md)
    return detail::is_json_lines(applicants) ? !ratings
                                             : !ratings || !detail::is_json_lines(*ratings);
}

namespace {

/// The parts of the files, with the ratings or without (the applicants
/// alone); `first`: the first pass, whose bytes go to the options' sinks.
using MakeParts = std::function<std::unique_ptr<detail::Parts>(bool with_ratings, bool first)>;

/// An id the filter may have seen before, where it came again.
struct Suspect {
    std::string id;
    std::size_t line = 0;
    std::size_t column = 0;
    std::size_t first_line = 0;  ///< found by the second pass; 0 = not a repeat
};

/// The shortlist from the parts that make_parts reads, in order (the second
/// pass reads them again): one streamed run.
class StreamRun {
  public:
    StreamRun(const Scorer& scorer, const fs::path& applicants,
              const std::optional<fs::path>& ratings, const StreamOptions& options,
              MakeParts make_parts);

    StreamResult run() {
        first_pass();
        kept_.prune();
        below_.find(kept_);
        if (!below_.empty() || !suspects_.empty()) {
            second_pass(static_cast<std::size_t>(-1), !below_.empty());
            throw_first_repeat();
        }
        detail::WholeBatch whole;
        whole.eligible = result_.eligible;
        whole.places.resize(kept_.outcomes().size());
        below_.place(kept_, whole);
        Shortlist s = detail::select_part(rulebook_, std::move(kept_.outcomes()), top_, &whole);
        std::erase_if(s.entries, [](const ShortlistEntry& e) { return !on_shortlist(e.status); });
        result_.shortlist = std::move(s);
        return std::move(result_);
    }

  private:
    void first_pass();
    bool use_first(const detail::Parts& parts, detail::Part& part);
    void note_suspects(const detail::Parts& parts, const detail::Part& part);
    void second_pass(std::size_t until, bool count_ranks);
    void throw_first_repeat() const;

    /// "applicants.csv", or "applicants.csv and ratings.csv" when both are read.
    [[nodiscard]] std::string files(bool with_ratings) const {
        const std::string applicants = fs::path(name_).filename().string();
        return with_ratings && !ratings_name_.empty() ? applicants + " and " + ratings_name_
                                                      : applicants;
    }

    const Scorer& scorer_;
    const Rulebook& rulebook_;
    std::optional<std::size_t> top_;
    std::string name_;
    detail::RankKeys ranking_;
    detail::Kept kept_;
    detail::BelowRanks below_;
    MakeParts make_parts_;
    std::uintmax_t size_ = 0;
    std::error_code size_error_;
    std::optional<detail::IdFilter> seen_;
    std::vector<std::uint64_t> hashes_;  ///< a part's ids, hashed for the filter
    std::vector<Suspect> suspects_;
    StreamResult result_;
    ScoreOptions score_options_;
    ProgressSteps progress_;
    std::string ratings_name_;                       ///< the ratings file's name, if there is one
    std::uintmax_t ratings_size_ = 0;                ///< and its bytes
    std::optional<EvidenceError> applicants_error_;  ///< the first pass's, in the applicants file
    std::size_t error_part_ = 0;                     ///< the first line of its part
};

StreamRun::StreamRun(const Scorer& scorer, const fs::path& applicants,
                     const std::optional<fs::path>& ratings, const StreamOptions& options,
                     MakeParts make_parts)
    : scorer_(scorer),
      rulebook_(scorer.rulebook()),
      top_(options.top ? options.top : rulebook_.shortlist.top),
      name_(applicants.string()),
      ranking_(rulebook_),
      kept_(ranking_, top_),
      below_(ranking_),
      make_parts_(std::move(make_parts)) {
    if (!top_)
        throw UsageError({name_, 0, 0}, ErrorCode::FailedPrecondition,
                         "a streamed shortlist needs a size (--top N, or shortlist.top in "
                         "the rulebook): without one every eligible applicant is shortlisted");
    size_ = fs::file_size(applicants, size_error_);
    score_options_.explain = options.explain;
    progress_ = options.progress;
    if (ratings) {
        std::error_code unknown;
        ratings_size_ = fs::file_size(*ratings, unknown);
        ratings_size_ = unknown ? 0 : ratings_size_;
        ratings_name_ = ratings->filename().string();
    }
}

/// Every part scored, and what can reach the shortlist kept; the applicants
/// file's errors first, then the ratings file's.
void StreamRun::first_pass() {
    std::optional<EvidenceError> later;  // after every error in the applicants file
    {
        const auto parts = make_parts_(true, true);
        detail::PassProgress progress(progress_, "streaming " + files(true), size_, ratings_size_);
        detail::for_each_part(
            *parts, [&](const detail::Part& part) { progress.read(part); },
            [&](detail::Part& part) { return use_first(*parts, part); });
        if (applicants_error_) {
            // A repeated id on an earlier line is the error to report.
            if (std::any_of(suspects_.begin(), suspects_.end(), [&](const Suspect& s) {
                    return s.line < applicants_error_->location().line;
                })) {
                second_pass(error_part_, false);
                throw_first_repeat();
            }
            throw *applicants_error_;
        }
        later = parts->finish();
        progress.done();
    }
    if (result_.applicants == 0)
        throw EvidenceError({name_, 0, 0}, ErrorCode::InvalidArgument,
                            make_parts_(false, false)->no_applicants());
    if (later) {
        if (!suspects_.empty()) {
            second_pass(static_cast<std::size_t>(-1), false);
            throw_first_repeat();
        }
        throw *later;
    }
}

/// One part of the first pass: its ids noted, its outcomes scored and
/// offered; false at an error in the applicants file.
bool StreamRun::use_first(const detail::Parts& parts, detail::Part& part) {
    note_suspects(parts, part);
    if (part.error) {
        applicants_error_ = std::move(part.error);
        error_part_ = part.first;
        return false;
    }
    if (!part.score) {
        result_.applicants += part.evidence.applicants.size();
        return true;
    }
    std::vector<Outcome> outcomes = scorer_.score(part.evidence, score_options_);
    for (Outcome& o : outcomes) {
        o.index = result_.applicants++;
        result_.eligible += o.eligible() ? 1U : 0U;
        kept_.offer(std::move(o));
    }
    return true;
}

/// Ids the filter may have seen before, as suspects.
void StreamRun::note_suspects(const detail::Parts& parts, const detail::Part& part) {
    const std::vector<ApplicantId>& ids = part.evidence.applicants;
    if (ids.empty())
        return;
    if (!seen_) {
        // Sized from the first chunk's bytes per applicant (twice what the
        // file would then hold, for shorter lines later on).
        const std::uintmax_t per =
            std::max<std::uintmax_t>(1, part.chunk.size() / std::max<std::size_t>(1, ids.size()));
        seen_.emplace(size_error_ ? std::uintmax_t{1} << 26 : 2 * (size_ / per + 1));
    }
    // Hashed first and fetched a few ids ahead: a test waits on memory.
    constexpr std::size_t ahead = 8;
    hashes_.resize(ids.size());
    for (std::size_t a = 0; a < ids.size(); ++a)
        hashes_[a] = detail::IdFilter::hash(ids[a].view());
    for (std::size_t a = 0; a < std::min(ahead, ids.size()); ++a)
        seen_->prefetch(hashes_[a]);
    for (std::size_t a = 0; a < ids.size(); ++a) {
        if (a + ahead < ids.size())
            seen_->prefetch(hashes_[a + ahead]);
        if (seen_->test_and_set(hashes_[a]))
            suspects_.push_back(
                {ids[a].value(), part.lines[a], parts.id_column(part, part.lines[a]), 0});
    }
}

/// The second pass: each suspect's first line, and with `count_ranks`, for
/// the applicants below the top the eligible ones above them. `until`: parts
/// starting before that line only.
void StreamRun::second_pass(std::size_t until, bool count_ranks) {
    result_.passes = 2;
    std::unordered_map<std::string_view, Suspect*> wanted;
    for (auto& s : suspects_)
        wanted.emplace(s.id, &s);
    const auto parts = make_parts_(count_ranks, false);
    std::size_t index = 0;
    detail::PassProgress progress(progress_, "second pass over " + files(count_ranks), size_,
                                  count_ranks ? ratings_size_ : 0);
    const auto read = [&](const detail::Part& part) {
        if (part.first < until)
            progress.read(part);
    };
    detail::for_each_part(*parts, read, [&](detail::Part& part) {
        if (part.first >= until)
            return false;
        const Evidence& ev = part.evidence;
        for (std::size_t a = 0; a < ev.applicants.size(); ++a) {
            if (const auto it = wanted.find(ev.applicants[a].view()); it != wanted.end())
                if (it->second->first_line == 0 && part.lines[a] < it->second->line)
                    it->second->first_line = part.lines[a];
        }
        if (!count_ranks) {
            index += ev.applicants.size();
            return true;
        }
        for (const Outcome& o : scorer_.score(ev, {false}))
            below_.count(o, index++);
        return true;
    });
    progress.done();
}

void StreamRun::throw_first_repeat() const {
    const Suspect* found = nullptr;
    for (const auto& s : suspects_)
        if (s.first_line != 0 && (found == nullptr || s.line < found->line))
            found = &s;
    if (found != nullptr)
        throw EvidenceError({name_, found->line, found->column}, ErrorCode::AlreadyExists,
                            detail::msg::duplicate_applicant(found->id, found->first_line));
}

}  // namespace

StreamResult shortlist_stream(const Scorer& scorer, const fs::path& applicants,
                              const StreamOptions& options) {
    if (!detail::is_json_lines(applicants))
        throw UsageError({applicants.string(), 0, 0}, ErrorCode::InvalidArgument,
                         "only a JSON Lines file (.jsonl, .ndjson) carries its ratings: name "
                         "the ratings CSV of a CSV applicants file");
    return shortlist_stream(scorer, applicants, std::nullopt, options);
}

StreamResult shortlist_stream(const Scorer& scorer, const fs::path& applicants,
                              const std::optional<fs::path>& ratings,
                              const StreamOptions& options) {
    if (!streamable(applicants, ratings))
        throw UsageError({applicants.string(), 0, 0}, ErrorCode::InvalidArgument,
                         "a JSON Lines file carries its own ratings, and ratings come from one "
                         "file: it is streamed alone");
    const Rulebook& rulebook = scorer.rulebook();
    // Two parts are in memory at once (one used while the next is read): each
    // is half the chunk.
    const std::size_t part_bytes = options.chunk_bytes / 2;
    MakeParts make_parts;
    if (detail::is_json_lines(applicants))
        make_parts = [&](bool, bool first) {
            return detail::jsonl_parts(rulebook, applicants, part_bytes,
                                       first ? options.applicants_bytes : detail::ReadSink());
        };
    else
        make_parts = [&](bool with_ratings, bool first) -> std::unique_ptr<detail::Parts> {
            return std::make_unique<detail::CsvParts>(
                rulebook, applicants, ratings, part_bytes, with_ratings,
                first ? options.applicants_bytes : detail::ReadSink(),
                first ? options.ratings_bytes : detail::ReadSink());
        };
    return StreamRun(scorer, applicants, ratings, options, std::move(make_parts)).run();
}

}  // namespace shortlist

// The streaming shortlist: a JSON Lines file read a chunk of whole lines at a
// time, each chunk scored, and only what can reach the shortlist kept.
#include "shortlist/stream.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "evidence/internal.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "scoring/ranking_internal.hpp"
#include "scoring/stream_internal.hpp"
#include "util/io.hpp"
#include "util/json.hpp"

namespace shortlist {

namespace fs = std::filesystem;

namespace {

__extension__ using u128 = unsigned __int128;

/// The applicant ids seen, as a Bloom filter: "maybe seen" for an id that
/// was, and now and then for one that was not (each such id is confirmed by
/// reading the file again). At most 24 MiB, whatever the file's size.
class IdFilter {
  public:
    /// For about `ids` ids: 16 bits each (8 hashes: a false "maybe" about
    /// once in 2,000 ids at that many), 64 KiB to 24 MiB. The bits are not
    /// rounded up to a power of two: an index is a hash scaled to the size.
    explicit IdFilter(std::uintmax_t ids) {
        const std::uintmax_t want =
            std::clamp<std::uintmax_t>(ids * 16, 1 << 19, std::uintmax_t{3} << 26);
        bits_.assign(static_cast<std::size_t>(want / 64), 0);
        size_ = std::uint64_t{bits_.size()} * 64;
    }
    /// Add the id; true if it may have been added before.
    bool test_and_set(std::string_view id) {
        std::uint64_t h1 = mix(std::hash<std::string_view>{}(id));
        const std::uint64_t h2 = mix(h1 ^ 0x9e3779b97f4a7c15ULL) | 1;
        bool seen = true;
        for (int k = 0; k < 8; ++k, h1 += h2) {
            // h1 * size / 2^64: a bit in [0, size) (Lemire's multiply-shift).
            const auto bit = static_cast<std::uint64_t>((u128{h1} * size_) >> 64);
            std::uint64_t& word = bits_[static_cast<std::size_t>(bit / 64)];
            const std::uint64_t m = std::uint64_t{1} << (bit % 64);
            seen = seen && (word & m) != 0;
            word |= m;
        }
        return seen;
    }

  private:
    static std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
    }
    std::vector<std::uint64_t> bits_;
    std::uint64_t size_ = 0;  ///< bits
};

/// An id the filter may have seen before, where it came again.
struct Suspect {
    std::string id;
    std::size_t line = 0;
    std::size_t column = 0;
    std::size_t first_line = 0;  ///< found by the second pass; 0 = not a repeat
};

/// The column of applicant_id's value on line `line` of the chunk.
std::size_t jsonl_id_column(std::string_view chunk, std::size_t first_line, std::size_t line) {
    std::size_t pos = 0;
    for (std::size_t l = first_line; l < line && pos != std::string_view::npos; ++l) {
        pos = chunk.find('\n', pos);
        if (pos != std::string_view::npos)
            ++pos;
    }
    if (pos == std::string_view::npos)
        return 0;
    std::string_view row = chunk.substr(pos, chunk.find('\n', pos) - pos);
    if (!row.empty() && row.back() == '\r')
        row.remove_suffix(1);
    auto parsed = detail::parse_json(row, line);
    const auto* v = std::get_if<detail::JsonValue>(&parsed);
    const detail::JsonValue* id = v != nullptr ? v->find("applicant_id") : nullptr;
    return id != nullptr ? id->column : 0;
}

/// A JSON Lines file in parts: each chunk of lines, parsed (its facts and
/// ratings on each line).
class JsonlParts {
  public:
    JsonlParts(const Rulebook& rulebook, const fs::path& file, std::size_t chunk_bytes)
        : rulebook_(rulebook), name_(file.string()), reader_(file, chunk_bytes) {}

    bool next(detail::Part& part) {
        std::string_view chunk;
        std::size_t first = 0;
        for (;;) {
            if (!reader_.next(chunk, first))
                return false;
            if (chunk.find_first_not_of(" \t\r\n") != std::string_view::npos ||
                (first == 1 && chunk.size() >= 3 && chunk.substr(0, 3) == "\xEF\xBB\xBF"))
                break;  // not blank lines only
        }
        part.chunk = chunk;
        part.first = first;
        part.error.reset();
        part.score = true;
        try {
            part.evidence = detail::parse_jsonl_lines(rulebook_, chunk, name_, first, &part.lines);
        } catch (const EvidenceError& e) {
            // The ids of this chunk's lines before the error count too (a
            // repeated id on an earlier line is the error to report).
            part.error = e;
            part.score = false;
            part.evidence = Evidence{};
            part.lines.clear();
            const std::size_t bad_line = e.location().line;
            if (bad_line > first) {
                std::size_t cut = 0;
                for (std::size_t l = first; l < bad_line && cut != std::string_view::npos; ++l)
                    cut = chunk.find('\n', cut) == std::string_view::npos
                              ? std::string_view::npos
                              : chunk.find('\n', cut) + 1;
                if (cut != std::string_view::npos) {
                    const std::string_view before = chunk.substr(0, cut);
                    if (before.find_first_not_of(" \t\r\n") != std::string_view::npos)
                        part.evidence =
                            detail::parse_jsonl_lines(rulebook_, before, name_, first, &part.lines);
                }
            }
        }
        return true;
    }
    [[nodiscard]] std::size_t id_column(const detail::Part& part, std::size_t line) const {
        return jsonl_id_column(part.chunk, part.first, line);
    }
    [[nodiscard]] static std::optional<EvidenceError> finish() { return std::nullopt; }
    [[nodiscard]] static std::string no_applicants() { return detail::msg::no_applicant_lines(); }

  private:
    const Rulebook& rulebook_;
    std::string name_;
    detail::ChunkReader reader_;
};

/// An applicants CSV and its ratings CSV, in step (detail::CsvParts).
class CsvFiles {
  public:
    CsvFiles(const Rulebook& rulebook, const fs::path& applicants,
             const std::optional<fs::path>& ratings, std::size_t chunk_bytes, bool with_ratings)
        : parts_(rulebook, applicants, ratings, chunk_bytes, with_ratings) {}
    bool next(detail::Part& part) { return parts_.next(part); }
    [[nodiscard]] std::size_t id_column(const detail::Part&, std::size_t) const {
        return parts_.id_column();
    }
    [[nodiscard]] std::optional<EvidenceError> finish() { return parts_.finish(); }
    [[nodiscard]] static std::string no_applicants() { return detail::msg::no_applicants(); }

  private:
    detail::CsvParts parts_;
};

bool lexicographic_less(const double* a, const double* b, std::size_t m) {
    return std::lexicographical_compare(a, a + m, b, b + m);
}

/// The outcomes that can reach the shortlist, with their ranking keys.
class Kept {
  public:
    Kept(const detail::RankKeys& ranking, std::optional<std::size_t> top)
        : m_(ranking.size()),
          top_(top),
          ranking_(ranking),
          limit_(top ? std::max<std::size_t>(2 * *top, *top + 4096) : 4096) {}

    void offer(Outcome o) {
        const bool candidate = o.opted_in && o.passes_essential_gates;
        if (!o.eligible() && !candidate)
            return;
        const std::size_t at = outcomes_.size();
        keys_.resize((at + 1) * m_);
        ranking_.fill(o, &keys_[at * m_]);
        if (!candidate && !floor_.empty() &&
            lexicographic_less(&keys_[at * m_], floor_.data(), m_)) {
            keys_.resize(at * m_);  // below the N-th best so far: the next prune would drop it
            return;
        }
        candidate_.push_back(candidate);
        outcomes_.push_back(std::move(o));
        if (outcomes_.size() >= limit_)
            prune();
    }

    /// Drop every eligible outcome below the N-th best (ties with it stay),
    /// unless it is a guaranteed-interview candidate.
    void prune() {
        if (auto t = threshold()) {
            std::size_t w = 0;
            for (std::size_t i = 0; i < outcomes_.size(); ++i) {
                if (!candidate_[i] && lexicographic_less(&keys_[i * m_], t->data(), m_))
                    continue;
                if (w != i) {
                    outcomes_[w] = std::move(outcomes_[i]);
                    std::copy_n(&keys_[i * m_], m_, &keys_[w * m_]);
                    candidate_[w] = candidate_[i];
                }
                ++w;
            }
            outcomes_.resize(w);
            keys_.resize(w * m_);
            candidate_.resize(w);
            floor_ = std::move(*t);
        }
        limit_ = std::max(limit_, 2 * outcomes_.size());
    }

    /// The key of the N-th best eligible outcome kept, if N are kept (for
    /// N = 0, one above every key).
    [[nodiscard]] std::optional<std::vector<double>> threshold() const {
        if (!top_)
            return std::nullopt;
        std::vector<std::size_t> eligible;
        for (std::size_t i = 0; i < outcomes_.size(); ++i)
            if (outcomes_[i].eligible())
                eligible.push_back(i);
        if (*top_ == 0)
            return std::vector<double>(m_, std::numeric_limits<double>::infinity());
        if (eligible.size() < *top_)
            return std::nullopt;
        const auto nth = eligible.begin() + static_cast<std::ptrdiff_t>(*top_ - 1);
        std::nth_element(eligible.begin(), nth, eligible.end(), [&](std::size_t a, std::size_t b) {
            return lexicographic_less(&keys_[b * m_], &keys_[a * m_], m_);
        });
        return std::vector<double>(&keys_[*nth * m_], &keys_[*nth * m_] + m_);
    }

    std::vector<Outcome>& outcomes() { return outcomes_; }
    [[nodiscard]] const double* key(std::size_t i) const { return &keys_[i * m_]; }
    [[nodiscard]] bool candidate(std::size_t i) const { return candidate_[i]; }

  private:
    std::size_t m_;
    std::optional<std::size_t> top_;
    const detail::RankKeys& ranking_;
    std::vector<Outcome> outcomes_;
    std::vector<double> keys_;
    std::vector<bool> candidate_;
    std::vector<double> floor_;  ///< the last prune's threshold (none yet: empty)
    std::size_t limit_;
};

/// A guaranteed-interview applicant below the top, and what the second pass
/// counts for it.
struct Below {
    std::size_t kept = 0;  ///< index in Kept
    double total = 0;
};

/// An eligible applicant whose total is a Below applicant's (tie_break keys
/// only): what ranks them within the total.
struct Tied {
    std::vector<double> keys;  ///< the tie_break keys
    std::string id;
    std::size_t index = 0;
};

}  // namespace

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

/// The shortlist from the parts that make_parts(with_ratings) reads, in
/// order (the second pass reads them again): one streamed run.
template <class MakeParts>
class StreamRun {
  public:
    StreamRun(const Scorer& scorer, const fs::path& applicants,
              const std::optional<fs::path>& ratings, const StreamOptions& options,
              MakeParts make_parts)
        : scorer_(scorer),
          rulebook_(scorer.rulebook()),
          top_(options.top ? options.top : rulebook_.shortlist.top),
          name_(applicants.string()),
          ranking_(rulebook_),
          m_(ranking_.size()),
          kept_(ranking_, top_),
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

    StreamResult run() {
        first_pass();
        kept_.prune();
        find_below();
        if (!below_.empty() || !suspects_.empty()) {
            second_pass(static_cast<std::size_t>(-1), !below_.empty());
            throw_first_repeat();
        }
        detail::WholeBatch whole;
        whole.eligible = result_.eligible;
        whole.places.resize(kept_.outcomes().size());
        place_below(whole);
        Shortlist s = detail::select_part(rulebook_, std::move(kept_.outcomes()), top_, &whole);
        std::erase_if(s.entries, [](const ShortlistEntry& e) { return !on_shortlist(e.status); });
        result_.shortlist = std::move(s);
        return std::move(result_);
    }

  private:
    /// Every part scored, and what can reach the shortlist kept; the
    /// applicants file's errors first, then the ratings file's.
    void first_pass() {
        std::optional<EvidenceError> later;  // after every error in the applicants file
        {
            auto parts = make_parts_(true);
            detail::Part part;
            detail::PassProgress progress(progress_, "streaming " + files(true), size_,
                                          ratings_size_);
            while (parts.next(part)) {
                progress.read(part);
                note_suspects(parts, part);
                if (part.error) {
                    // A repeated id on an earlier line is the error to report.
                    if (std::any_of(suspects_.begin(), suspects_.end(), [&](const Suspect& s) {
                            return s.line < part.error->location().line;
                        })) {
                        second_pass(part.first, false);
                        throw_first_repeat();
                    }
                    throw *part.error;
                }
                if (!part.score) {
                    result_.applicants += part.evidence.applicants.size();
                    continue;
                }
                std::vector<Outcome> outcomes = scorer_.score(part.evidence, score_options_);
                for (Outcome& o : outcomes) {
                    o.index = result_.applicants++;
                    result_.eligible += o.eligible() ? 1U : 0U;
                    kept_.offer(std::move(o));
                }
            }
            later = parts.finish();
            progress.done();
        }
        if (result_.applicants == 0)
            throw EvidenceError({name_, 0, 0}, ErrorCode::InvalidArgument,
                                decltype(make_parts_(false))::no_applicants());
        if (later) {
            if (!suspects_.empty()) {
                second_pass(static_cast<std::size_t>(-1), false);
                throw_first_repeat();
            }
            throw *later;
        }
    }

    /// Ids the filter may have seen before, as suspects.
    template <class Parts>
    void note_suspects(const Parts& parts, const detail::Part& part) {
        const Evidence& ev = part.evidence;
        if (ev.applicants.empty())
            return;
        if (!seen_) {
            // Sized from the first chunk's bytes per applicant (twice what
            // the file would then hold, for shorter lines later on).
            const std::uintmax_t per = std::max<std::uintmax_t>(
                1, part.chunk.size() / std::max<std::size_t>(1, ev.applicants.size()));
            seen_.emplace(size_error_ ? std::uintmax_t{1} << 26 : 2 * (size_ / per + 1));
        }
        for (std::size_t a = 0; a < ev.applicants.size(); ++a)
            if (seen_->test_and_set(ev.applicants[a].view()))
                suspects_.push_back({ev.applicants[a].value(), part.lines[a],
                                     parts.id_column(part, part.lines[a]), 0});
    }

    /// The second pass: each suspect's first line, and with `count_ranks`,
    /// for the Below applicants the eligible ones above them. `until`: lines
    /// before it only.
    void second_pass(std::size_t until, bool count_ranks) {
        result_.passes = 2;
        std::unordered_map<std::string_view, Suspect*> wanted;
        for (auto& s : suspects_)
            wanted.emplace(s.id, &s);
        auto parts = make_parts_(count_ranks);
        detail::Part part;
        std::size_t index = 0;
        detail::PassProgress progress(progress_, "second pass over " + files(count_ranks), size_,
                                      count_ranks ? ratings_size_ : 0);
        while (parts.next(part) && part.first < until) {
            progress.read(part);
            const Evidence& ev = part.evidence;
            for (std::size_t a = 0; a < ev.applicants.size(); ++a) {
                if (const auto it = wanted.find(ev.applicants[a].view()); it != wanted.end())
                    if (it->second->first_line == 0 && part.lines[a] < it->second->line)
                        it->second->first_line = part.lines[a];
            }
            if (!count_ranks) {
                index += ev.applicants.size();
                continue;
            }
            for (const Outcome& o : scorer_.score(ev, {false}))
                count_above_below(o, index++);
        }
        progress.done();
    }

    /// "applicants.csv", or "applicants.csv and ratings.csv" when both are read.
    [[nodiscard]] std::string files(bool with_ratings) const {
        const std::string applicants = fs::path(name_).filename().string();
        return with_ratings && !ratings_name_.empty() ? applicants + " and " + ratings_name_
                                                      : applicants;
    }

    /// An eligible outcome of the second pass ranks above every Below
    /// applicant with a lower total, and ties on the total are kept to be
    /// ranked by their tie-break keys.
    void count_above_below(const Outcome& o, std::size_t global) {
        if (!o.eligible())
            return;
        const auto lower = std::lower_bound(below_totals_.begin(), below_totals_.end(), o.total);
        const auto n = static_cast<std::size_t>(lower - below_totals_.begin());
        if (n > 0) {
            ++greater_diff_[0];
            --greater_diff_[n];
        }
        if (m_ > 1 && lower != below_totals_.end() && *lower == o.total) {
            std::vector<double> k(m_);
            ranking_.fill(o, k.data());
            tied_[o.total].push_back(
                {std::vector<double>(k.begin() + 1, k.end()), o.id.value(), global});
        }
    }

    void throw_first_repeat() const {
        const Suspect* found = nullptr;
        for (const auto& s : suspects_)
            if (s.first_line != 0 && (found == nullptr || s.line < found->line))
                found = &s;
        if (found != nullptr)
            throw EvidenceError({name_, found->line, found->column}, ErrorCode::AlreadyExists,
                                detail::msg::duplicate_applicant(found->id, found->first_line));
    }

    /// Guaranteed-interview applicants below the top part: their ranks in
    /// the whole file are counted in a second pass.
    void find_below() {
        const auto threshold = kept_.threshold();
        const auto& outcomes = kept_.outcomes();
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            if (outcomes[i].eligible() && threshold &&
                lexicographic_less(kept_.key(i), threshold->data(), m_))
                below_.push_back({i, outcomes[i].total});
        }
        for (const auto& b : below_)
            below_totals_.push_back(b.total);
        std::sort(below_totals_.begin(), below_totals_.end());
        below_totals_.erase(std::unique(below_totals_.begin(), below_totals_.end()),
                            below_totals_.end());
        greater_diff_.assign(below_totals_.size() + 1, 0);
    }

    /// Each Below applicant's rank (and where its tie was broken) from the
    /// second pass's counts.
    void place_below(detail::WholeBatch& whole) {
        std::vector<std::size_t> greater(below_totals_.size());
        std::size_t running = 0;
        for (std::size_t j = 0; j < below_totals_.size(); ++j) {
            running += greater_diff_[j];
            greater[j] = running;
        }
        for (auto& [total, group] : tied_)
            std::sort(group.begin(), group.end(), [](const Tied& a, const Tied& b) {
                if (a.keys != b.keys)
                    return keys_greater(a.keys, b.keys);
                return a.id != b.id ? a.id < b.id : a.index < b.index;
            });
        for (const auto& b : below_) {
            const auto j = static_cast<std::size_t>(
                std::lower_bound(below_totals_.begin(), below_totals_.end(), b.total) -
                below_totals_.begin());
            detail::WholeBatch::Place place;
            place.rank = greater[j] + 1;
            if (m_ > 1)
                break_tie(tied_[b.total], kept_.outcomes()[b.kept].index, greater[j], place);
            whole.places[b.kept] = place;
        }
    }

    static bool keys_greater(const std::vector<double>& a, const std::vector<double>& b) {
        return std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end());
    }

    /// Within its total, the applicant `self` ranks after those of `group`
    /// (sorted) with greater tie-break keys.
    static void break_tie(const std::vector<Tied>& group, std::size_t self, std::size_t greater,
                          detail::WholeBatch::Place& place) {
        std::size_t pos = 0;
        while (pos < group.size() && group[pos].index != self)
            ++pos;
        auto strictly_above = [&](const std::vector<double>& k) {
            std::size_t n = 0;
            while (n < group.size() && keys_greater(group[n].keys, k))
                ++n;
            return n;
        };
        if (pos < group.size()) {
            place.rank += strictly_above(group[pos].keys);
            if (pos > 0 && group[pos - 1].keys != group[pos].keys)
                place.tie_broken_after = greater + strictly_above(group[pos - 1].keys) + 1;
        }
    }

    const Scorer& scorer_;
    const Rulebook& rulebook_;
    std::optional<std::size_t> top_;
    std::string name_;
    detail::RankKeys ranking_;
    std::size_t m_;
    Kept kept_;
    MakeParts make_parts_;
    std::uintmax_t size_ = 0;
    std::error_code size_error_;
    std::optional<IdFilter> seen_;
    std::vector<Suspect> suspects_;
    StreamResult result_;
    ScoreOptions score_options_;
    ProgressSteps progress_;
    std::string ratings_name_;         ///< the ratings file's name, if there is one
    std::uintmax_t ratings_size_ = 0;  ///< and its bytes
    std::vector<Below> below_;
    std::vector<double> below_totals_;       // distinct, ascending
    std::vector<std::size_t> greater_diff_;  // over below_totals_
    std::unordered_map<double, std::vector<Tied>> tied_;
};

template <class MakeParts>
StreamResult stream_parts(const Scorer& scorer, const fs::path& applicants,
                          const std::optional<fs::path>& ratings, const StreamOptions& options,
                          MakeParts make_parts) {
    return StreamRun<MakeParts>(scorer, applicants, ratings, options, std::move(make_parts)).run();
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
    if (detail::is_json_lines(applicants))
        return stream_parts(scorer, applicants, std::nullopt, options, [&](bool) {
            return JsonlParts(rulebook, applicants, options.chunk_bytes);
        });
    return stream_parts(scorer, applicants, ratings, options, [&](bool with_ratings) {
        return CsvFiles(rulebook, applicants, ratings, options.chunk_bytes, with_ratings);
    });
}

}  // namespace shortlist

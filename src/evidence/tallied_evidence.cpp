// TalliedEvidence and load_tallied_evidence: a batch read for scoring only,
// its ratings tallied as read (docs/evidence.md, "Reading for scoring only").
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "evidence/internal.hpp"
#include "evidence/tally.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "shortlist/evidence.hpp"
#include "util/io.hpp"
#include "util/parallel.hpp"

namespace shortlist {

TalliedEvidence::TalliedEvidence() : impl_(std::make_unique<Impl>()) {}
TalliedEvidence::~TalliedEvidence() = default;
TalliedEvidence::TalliedEvidence(TalliedEvidence&&) noexcept = default;
TalliedEvidence& TalliedEvidence::operator=(TalliedEvidence&&) noexcept = default;

const Evidence& TalliedEvidence::evidence() const noexcept {
    static const Evidence none;  // moved from, or used up by Scorer::score
    return impl_ ? impl_->evidence : none;
}

bool TalliedEvidence::tallied() const noexcept {
    return impl_ && impl_->tally.has_value();
}

namespace {

/// Passes each byte of a file to `sink` once, however many times the file is
/// read from its start (each reading in order, from its first byte): only
/// what lies beyond what the sink has had.
class OnceSink {
  public:
    explicit OnceSink(const ByteSink& sink) : sink_(sink) {}
    [[nodiscard]] bool wanted() const noexcept { return static_cast<bool>(sink_); }
    /// The sink for one reading of the file from its start (empty if the
    /// sink is).
    [[nodiscard]] ByteSink reading() {
        if (!sink_)
            return {};
        at_ = 0;
        return [this](std::string_view bytes) {
            const std::size_t end = at_ + bytes.size();
            if (end > fed_) {
                sink_(bytes.substr(fed_ - at_));
                fed_ = end;
            }
            at_ = end;
        };
    }

  private:
    const ByteSink& sink_;
    std::size_t fed_ = 0;  // bytes the sink has had
    std::size_t at_ = 0;   // bytes the current reading has passed
};

/// A ratings file this large starts to go to its sink while the applicants
/// are read.
constexpr std::size_t ahead_from = std::size_t{1} << 20;
/// How much goes to the sink at a time meanwhile.
constexpr std::size_t ahead_piece = std::size_t{256} << 10;

/// SHA-256 hashes about this many bytes of ratings while a byte of an
/// applicants file is read (OpenSSL's 1.8 GB/s against the applicants'
/// 125 MB/s, docs/benchmarks.md).
constexpr double ahead_per_applicant_byte = 14.0;

/// The share of the ratings file expected to have gone to the sink while
/// the applicants were read: from the files' sizes, so that the tally's cut
/// is fixed by the input, never by timing (docs/architecture.md, "Threads").
double expected_ahead(const std::filesystem::path& applicants, const detail::MappedFile& ratings) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(applicants, ec);
    const std::size_t total = ratings.text().size();
    if (ec || total < ahead_from || !ratings.mapped())
        return 0.0;
    return std::min(
        1.0, ahead_per_applicant_byte * static_cast<double>(size) / static_cast<double>(total));
}

/// Read the applicants into `evidence` on this thread while, beside it, the
/// ratings file's first bytes go to their sink (the audit's hash: a serial
/// pass, which the head thread of the tallying read would otherwise do all
/// of; docs/audit.md) until the applicants are read. The tallying read then
/// passes on only what the sink has not had.
void read_applicants(const Rulebook& rulebook, const std::filesystem::path& applicants,
                     const LoadOptions& options, const detail::MappedFile* ratings, OnceSink& sink,
                     Evidence& evidence) {
    std::atomic<bool> read{false};
    const auto read_here = [&] {
        struct Mark {
            std::atomic<bool>& read;
            ~Mark() { read.store(true, std::memory_order_relaxed); }
        } mark{read};
        evidence = detail::load_applicants(
            rulebook, applicants,
            progress_step(options.progress, detail::reading_step(applicants), "bytes"),
            options.applicants_bytes);
    };
    const bool ahead = ratings != nullptr && ratings->mapped() && sink.wanted() &&
                       detail::worth_splitting(ratings->text().size(), ahead_from);
    if (!detail::run_beside(
            ahead,
            [&] {
                const ByteSink reading = sink.reading();
                const std::string_view text = ratings->text();
                for (std::size_t at = 0; at < text.size() && !read.load(std::memory_order_relaxed);
                     at += ahead_piece)
                    reading(text.substr(at, ahead_piece));
            },
            read_here))
        read_here();
}

}  // namespace

TalliedEvidence load_tallied_evidence(const Rulebook& rulebook,
                                      const std::filesystem::path& applicants,
                                      const std::optional<std::filesystem::path>& ratings,
                                      const LoadOptions& options) {
    TalliedEvidence result;
    TalliedEvidence::Impl& out = *result.impl_;
    for (const Criterion& c : rulebook.criteria)
        out.criteria.push_back(c.id.value());
    if (!ratings || detail::is_xlsx(*ratings)) {
        out.evidence = load_evidence(rulebook, applicants, ratings, options);
        return result;
    }
    // The ratings file is opened first, to be hashed while the applicants
    // are read, but an error in the applicants file is still reported first.
    std::optional<detail::MappedFile> opened;
    std::exception_ptr unopened;
    try {
        opened.emplace(*ratings);
    } catch (const UsageError&) {
        unopened = std::current_exception();
    }
    OnceSink sink(options.ratings_bytes);
    read_applicants(rulebook, applicants, options, opened ? &*opened : nullptr, sink, out.evidence);
    if (unopened)
        std::rethrow_exception(unopened);
    const detail::MappedFile& file = *opened;
    const ProgressCallback step =
        progress_step(options.progress, detail::reading_step(*ratings), "bytes");
    const std::string name = ratings->string();
    // Two threads, else one if the rows are not grouped by applicant, else
    // the ratings kept (or the error named); the progress reported already
    // is not reported again.
    const ProgressCallback* progress = &step;
    for (const bool threads : {true, false}) {
        if (!out.evidence.ratings.empty())  // from JSON Lines: parse_ratings names it
            break;
        detail::Tally tally;
        const ByteSink reading = sink.reading();
        const detail::TallyRead read =
            detail::tally_ratings(rulebook, out.evidence, file.text(), name, threads, &file,
                                  progress, &reading, expected_ahead(applicants, file), tally);
        if (read == detail::TallyRead::Done) {
            out.tally = std::move(tally);
            if (progress == nullptr && step)  // read again: the step ends here
                step(file.text().size(), file.text().size());
            return result;
        }
        progress = nullptr;
        if (read == detail::TallyRead::Failed)
            break;
    }
    const ByteSink reading = sink.reading();
    detail::parse_ratings(rulebook, out.evidence, file.text(), name, true, &file, {}, nullptr,
                          &reading);
    if (step)
        step(file.text().size(), file.text().size());
    return result;
}

}  // namespace shortlist

// An applicants CSV read in step with its ratings CSV, a part at a time
// (scoring/stream/parts.hpp).
#include <algorithm>
#include <utility>

#include "scoring/stream/parts.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"

namespace shortlist::detail {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- CSV in step

namespace {

constexpr std::size_t ratings_read_bytes = std::size_t{256} << 10;

std::size_t count_breaks(std::string_view s) {
    return count_lines(s).lines - 1;  // sixteen bytes at a time
}

/// Only line breaks (and so no record): skipped before a header.
bool blank(std::string_view s) {
    return s.find_first_not_of("\r\n") == std::string_view::npos;
}

}  // namespace

CsvParts::CsvParts(const Rulebook& rulebook, const fs::path& applicants,
                   const std::optional<fs::path>& ratings, std::size_t chunk_bytes,
                   bool with_ratings, ReadSink applicants_bytes, ReadSink ratings_bytes)
    : rulebook_(rulebook),
      applicants_path_(applicants),
      name_(applicants.string()),
      ratings_name_(ratings ? ratings->string() : std::string()),
      chunk_bytes_(chunk_bytes),
      applicants_(applicants, chunk_bytes, true, std::move(applicants_bytes)) {
    if (!ratings || !with_ratings) {
        // Applicants alone: a part in memory (ids, facts, lines, outcomes) is
        // many times its text, so the text is read a sixteenth at a time.
        applicants_.set_chunk_bytes(chunk_bytes / 16);
        ratings_done_ = true;
        return;
    }
    // The ratings file a quarter of a megabyte at a time: a part's rows gather
    // in unread() (room reserved for a part's worth), so a larger read would only
    // hold a second copy of them.
    ratings_.emplace(*ratings, std::min(chunk_bytes, ratings_read_bytes),
                     chunk_bytes + 2 * ratings_read_bytes, std::move(ratings_bytes));
    // The first chunk of applicants small: their ratings, many times their
    // size, follow them into memory; from then on a chunk of applicants and
    // its ratings together come to about chunk_bytes (read_ratings).
    applicants_.set_chunk_bytes(chunk_bytes / 64);
    // The header: the first record, after any blank lines.
    while (blank(unread()) && fill()) {
    }
    try {
        std::string_view text = strip_bom(unread());
        const std::size_t bom = unread().size() - text.size();
        CsvReader reader(text, ratings_name_);
        ratings_header_ = read_header(reader, ratings_name_);
        Evidence probe;  // the header's required columns, checked as load_evidence does
        parse_ratings_rows(rulebook_, probe, *ratings_header_, {}, reader.next_line(),
                           ratings_name_, false);
        rating_id_col_ = ratings_header_->find("applicant_id");
        const std::size_t body = bom + reader.position();
        unread_line_ = 1 + count_breaks(unread().substr(0, body));
        ratings_->consume(body);
    } catch (const EvidenceError& e) {
        pending_ = e;
    }
}

bool CsvParts::fill() {
    if (ratings_done_ || !ratings_)
        return false;
    if (!ratings_->read()) {
        ratings_done_ = true;
        return false;
    }
    return true;
}

bool CsvParts::next(Part& part) {
    std::string_view chunk;
    std::size_t first = 0;
    for (;;) {
        if (!applicants_.next(chunk, first)) {
            if (!header_)  // empty, or blank lines only
                throw_evidence_error({name_, 0, 0}, ErrorCode::InvalidArgument, msg::empty_file());
            return false;
        }
        if (header_ || !blank(chunk))
            break;
    }
    part.evidence = Evidence{};
    part.lines.clear();
    part.error.reset();
    part.score = !pending_;
    part.chunk = chunk;
    part.first = first;
    try {
        std::string_view body = chunk;
        std::size_t body_line = first;
        if (!header_) {
            body = strip_bom(chunk);
            CsvReader reader(body, name_);
            header_ = read_header(reader, name_);
            id_col_ = require_column(*header_, "applicant_id", name_);
            body_line = reader.next_line();
            body = body.substr(reader.position());
        }
        parse_applicants_rows(rulebook_, *header_, body, name_, body_line, part.evidence,
                              &part.lines);
    } catch (const EvidenceError& e) {
        part.error = e;
        part.score = false;
        return true;
    }
    if (!pending_)
        read_ratings(part.evidence, chunk.size());
    part.score = !pending_;
    return true;
}

CsvParts::Scan CsvParts::scan_ratings(const ApplicantIndex& index,
                                      const std::vector<ApplicantId>& ids) {
    const std::size_t columns = ratings_header_->names.size();
    constexpr std::size_t none = ApplicantIndex::npos;
    std::uint32_t current = none;  // the applicant whose ratings are being read
    Scan scan;
    scan.line = unread_line_;
    for (bool more = true; more && !scan.bad && !scan.error;) {
        if (scan.pos == unread().size() && !fill())
            break;
        CsvReader reader(unread().substr(scan.pos), ratings_name_, scan.line);
        std::size_t at = 0;  // in reader's text: the start of the row being read
        try {
            for (;;) {
                at = reader.position();
                if (!reader.next()) {
                    at = unread().size() - scan.pos;
                    break;
                }
                const auto fields = reader.fields();
                const std::string_view id =
                    fields.size() == columns ? value_of(fields[rating_id_col_]) : "";
                if (id.empty()) {  // a ragged row or no id: the parser reports it
                    scan.bad = true;
                    break;
                }
                const std::uint32_t a = current != none && equal_text(id, ids[current].view())
                                            ? current
                                            : index.find(id);
                if (a == none) {  // a later part's, or an error finish() names
                    more = false;
                    break;
                }
                if (current != none && a < current) {
                    scan.error = EvidenceError({ratings_name_, reader.line(), rating_id_col_ + 1},
                                               ErrorCode::FailedPrecondition,
                                               msg::ratings_out_of_order(id, last_rated_));
                    break;
                }
                if (a != current) {
                    current = a;
                    last_rated_ = std::string(id);
                }
            }
        } catch (const EvidenceError& e) {
            scan.bad = true;  // a syntax error: the parser reports it (or an earlier one)
            scan.syntax = e;
        }
        scan.line += count_breaks(unread().substr(scan.pos, at));
        scan.pos += at;
    }
    return scan;
}

int CsvParts::probe(std::size_t at, const ApplicantIndex& index) const {
    std::string_view row = unread().substr(at);
    row = row.substr(0, row.find('\n'));
    if (!row.empty() && row.back() == '\r')
        row.remove_suffix(1);
    std::size_t fields = 0;
    std::string_view id;
    for (std::size_t start = 0;;) {
        const std::size_t comma = row.find(',', start);
        const std::size_t end = comma == std::string_view::npos ? row.size() : comma;
        if (fields++ == rating_id_col_)
            id = row.substr(start, end - start);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    // A byte the plain reader leaves to the careful one (a carriage return,
    // NUL, or beyond ASCII) in the id, a ragged row or no id: the scan decides.
    const bool plain = std::none_of(id.begin(), id.end(), [](char c) {
        return c == '\r' || c == '\0' || static_cast<unsigned char>(c) >= 0x80;
    });
    id = trim(id);
    if (!plain || fields != ratings_header_->names.size() || id.empty())
        return -1;
    return index.find(id) != ApplicantIndex::npos ? 1 : 0;
}

std::optional<std::size_t> CsvParts::bisect(const ApplicantIndex& index) {
    for (;;) {
        // Without a quote every line break ends a record, so rows start after them.
        const std::string_view text = unread();
        if (text.find('"', quote_free_) != std::string_view::npos)
            return std::nullopt;
        quote_free_ = text.size();
        if (text.empty()) {
            if (fill())
                continue;
            return 0;
        }
        const std::size_t body = text.back() == '\n' ? text.size() - 1 : text.size();
        const std::size_t last = body == 0 ? 0 : text.rfind('\n', body - 1) + 1;  // npos + 1 = 0
        const int in_last = probe(last, index);
        if (in_last < 0)
            return std::nullopt;
        if (in_last == 1) {  // every row read is the part's: read on
            if (fill())
                continue;
            return text.size();
        }
        const int in_first = last == 0 ? 0 : probe(0, index);
        if (in_first <= 0)
            return in_first < 0 ? std::nullopt : std::optional<std::size_t>(0);
        // Row `lo` is the part's, row `hi` is not: halve the rows between.
        std::size_t lo = 0, hi = last;
        for (;;) {
            std::size_t mid = text.find('\n', lo + (hi - lo) / 2) + 1;
            if (mid >= hi)
                mid = text.find('\n', lo) + 1;
            if (mid >= hi)
                break;
            const int in = probe(mid, index);
            if (in < 0)
                return std::nullopt;
            (in == 1 ? lo : hi) = mid;
        }
        // A blank line before the first row of a later applicant belongs to
        // that applicant's part, as the scan puts it: the scan decides.
        if (hi >= 2 &&
            (text[hi - 2] == '\n' || (text[hi - 2] == '\r' && (hi < 3 || text[hi - 3] == '\n'))))
            return std::nullopt;
        return hi;
    }
}

bool CsvParts::read_ratings_fast(Evidence& evidence, const ApplicantIndex& index,
                                 std::size_t& end) {
    const auto found = bisect(index);
    if (!found)
        return false;
    const std::size_t assessors = evidence.assessors.size(), sources = evidence.sources.size();
    try {
        parse_ratings_rows(rulebook_, evidence, *ratings_header_, unread().substr(0, *found),
                           unread_line_, ratings_name_, true);
    } catch (const EvidenceError&) {
        return false;  // the scan finds the error, in its place (nothing was added)
    }
    const auto& ratings = evidence.ratings;
    if (!std::is_sorted(ratings.begin(), ratings.end(), [](const Rating& a, const Rating& b) {
            return a.applicant < b.applicant;
        })) {
        // Out of the applicants' order: the scan says where.
        evidence.ratings.clear();
        evidence.indicators.clear();
        evidence.comments.clear();
        evidence.assessors.resize(assessors);
        evidence.sources.resize(sources);
        evidence.ratings_source.clear();
        return false;
    }
    if (!ratings.empty())
        last_rated_ = evidence.applicants[ratings.back().applicant].value();
    end = *found;
    unread_line_ += count_breaks(unread().substr(0, end));
    return true;
}

void CsvParts::read_ratings(Evidence& evidence, std::size_t applicant_bytes) {
    if (!ratings_header_)
        return;
    const ApplicantIndex index = index_applicants(evidence);
    std::size_t end = 0;
    if (!read_ratings_fast(evidence, index, end)) {
        Scan scan = scan_ratings(index, evidence.applicants);
        // The rows of this part: up to `pos`, or with a bad row to its part's
        // end (parsing stops at the first error, as load_evidence's does).
        const std::size_t rows = scan.bad ? unread().size() : scan.pos;
        try {
            parse_ratings_rows(rulebook_, evidence, *ratings_header_, unread().substr(0, rows),
                               unread_line_, ratings_name_, true);
            if (scan.error)
                pending_ = std::move(scan.error);
            else if (scan.bad)
                pending_ = scan.syntax
                               ? std::move(scan.syntax)
                               : EvidenceError({ratings_name_, scan.line, 0},
                                               ErrorCode::InvalidArgument, "unreadable row");
        } catch (const EvidenceError& e) {
            pending_ = e;
        }
        unread_line_ = scan.line;
        end = scan.pos;
    }
    if (ratings_)
        ratings_->consume(end);
    quote_free_ = quote_free_ > end ? quote_free_ - end : 0;
    // Keep a chunk of applicants and its ratings near chunk_bytes together.
    const double share = static_cast<double>(applicant_bytes) /
                         static_cast<double>(std::max<std::size_t>(1, applicant_bytes + end));
    applicants_.set_chunk_bytes(
        static_cast<std::size_t>(static_cast<double>(chunk_bytes_) * share));
}

std::string CsvParts::no_applicants() const {
    return msg::no_applicants();
}

bool CsvParts::applicant_known(std::string_view id) const {
    CsvParts again(rulebook_, applicants_path_, std::nullopt, chunk_bytes_, false);
    Part part;
    while (again.next(part)) {
        for (const ApplicantId& a : part.evidence.applicants)
            if (a.view() == id)
                return true;
    }
    return false;
}

std::optional<EvidenceError> CsvParts::finish() {
    if (pending_)
        return pending_;
    if (!ratings_header_)
        return std::nullopt;
    // Rows left: the first is for no applicant of its part or any after it.
    while (blank(unread())) {
        unread_line_ += count_breaks(unread());
        ratings_->consume(unread().size());
        if (!fill())
            return std::nullopt;
    }
    Evidence none_known;
    none_known.sources.push_back(name_);
    try {
        parse_ratings_rows(rulebook_, none_known, *ratings_header_, unread(), unread_line_,
                           ratings_name_, false);
    } catch (const EvidenceError& e) {
        // An unknown applicant, as load_evidence says, or a known one out of order.
        if (e.code() != ErrorCode::NotFound || e.location().column != rating_id_col_ + 1)
            return e;
        CsvReader reader(unread(), ratings_name_, unread_line_);
        while (reader.next() && reader.line() < e.location().line) {
        }
        const std::string id(value_of(reader.fields()[rating_id_col_]));
        if (applicant_known(id))
            return EvidenceError({ratings_name_, reader.line(), rating_id_col_ + 1},
                                 ErrorCode::FailedPrecondition,
                                 msg::ratings_out_of_order(id, last_rated_));
        return e;
    }
    return std::nullopt;
}

}  // namespace shortlist::detail

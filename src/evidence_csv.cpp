// The CSV loaders: the applicants file (one row per applicant, one column per
// fact) and the ratings file (one row per assessor's rating), the hot path.
//
// Ratings are read in two passes over dense arrays: the rows are parsed into
// Rating records (ids to indices, scores checked), then check_consistency
// looks for duplicates and conflicts. A large file with no '"' in its first
// half is parsed in two halves on two threads; the halves are joined in file
// order and the first error by line is reported, so the result never depends
// on the thread count.
#include <algorithm>
#include <cstring>
#include <exception>
#include <future>
#include <optional>
#include <thread>

#include "detail/csv.hpp"
#include "detail/evidence_internal.hpp"
#include "detail/io.hpp"

namespace shortlist {

namespace {

using detail::CsvField;
using detail::CsvReader;
using detail::Place;
using detail::throw_evidence_error;
namespace msg = detail::msg;

constexpr std::size_t none = static_cast<std::size_t>(-1);

/// A field as the loaders see it: unquoted fields trimmed of spaces and tabs.
std::string_view value_of(const CsvField& f) {
    return f.quoted ? f.text : detail::trim(f.text);
}

struct Header {
    std::vector<std::string> names;
    std::size_t line = 0;

    [[nodiscard]] std::size_t find(std::string_view name) const {
        const auto it = std::find(names.begin(), names.end(), name);
        return it == names.end() ? none : static_cast<std::size_t>(it - names.begin());
    }
    [[nodiscard]] std::vector<std::string_view> views() const {
        return {names.begin(), names.end()};
    }
};

/// The first record. Empty names are allowed (and ignored) and may repeat.
Header read_header(CsvReader& reader, std::string_view file) {
    if (!reader.next())
        throw_evidence_error({file, 0, 0}, ErrorCode::InvalidArgument, msg::empty_file());
    Header h;
    h.line = reader.line();
    for (const CsvField& f : reader.fields()) {
        const std::string_view name = value_of(f);
        if (!name.empty()) {
            if (const std::size_t first = h.find(name); first != none)
                throw_evidence_error({file, h.line, h.names.size() + 1}, ErrorCode::AlreadyExists,
                                     msg::duplicate_column(name, first + 1));
        }
        h.names.emplace_back(name);
    }
    return h;
}

std::size_t require_column(const Header& h, std::string_view name, std::string_view file) {
    const std::size_t col = h.find(name);
    if (col == none)
        throw_evidence_error({file, h.line, 0}, ErrorCode::NotFound,
                             msg::missing_column(name, h.views()));
    return col;
}

void check_field_count(std::size_t fields, const Header& h, std::string_view file,
                       std::size_t line) {
    if (fields == h.names.size())
        return;
    throw_evidence_error({file, line, fields > h.names.size() ? h.names.size() + 1 : 0},
                         ErrorCode::InvalidArgument, msg::ragged_row(fields, h.names.size()));
}

std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

}  // namespace

// ---------------------------------------------------------------- applicants

Evidence parse_applicants_csv(const Rulebook& rulebook, std::string_view text,
                              std::string_view name) {
    text = detail::strip_bom(text);
    CsvReader reader(text, name);
    const Header header = read_header(reader, name);
    const std::size_t id_col = require_column(header, "applicant_id", name);
    std::vector<std::size_t> fact_of_column(header.names.size(), none);
    for (std::size_t f = 0; f < rulebook.facts.size(); ++f) {
        const std::size_t col = header.find(rulebook.facts[f].name);
        if (col == none)
            throw_evidence_error({name, header.line, 0}, ErrorCode::NotFound,
                                 msg::missing_fact_column(rulebook.facts[f].name, rulebook.id));
        fact_of_column[col] = f;
    }

    Evidence evidence;
    evidence.sources.emplace_back(name);
    evidence.facts.resize(rulebook.facts.size());
    // No reallocation below: the index views the ids in place.
    const std::size_t most = count_lines(text);
    evidence.applicants.reserve(most);
    for (auto& column : evidence.facts)
        column.reserve(most);
    detail::ApplicantIndex index;
    index.reserve(most);
    std::vector<std::size_t> first_line;

    while (reader.next()) {
        const auto fields = reader.fields();
        const std::size_t line = reader.line();
        check_field_count(fields.size(), header, name, line);
        const std::string_view id = value_of(fields[id_col]);
        if (id.empty())
            throw_evidence_error({name, line, id_col + 1}, ErrorCode::InvalidArgument,
                                 msg::empty_value("applicant_id"));
        const auto n = static_cast<std::uint32_t>(evidence.applicants.size());
        evidence.applicants.emplace_back(std::string(id));
        const auto [it, added] = index.emplace(evidence.applicants.back().view(), n);
        if (!added)
            throw_evidence_error({name, line, id_col + 1}, ErrorCode::AlreadyExists,
                                 msg::duplicate_applicant(id, first_line[it->second]));
        first_line.push_back(line);
        for (std::size_t col = 0; col < fields.size(); ++col) {
            const std::size_t f = fact_of_column[col];
            if (f == none)
                continue;
            evidence.facts[f].push_back(detail::parse_fact(rulebook.facts[f], value_of(fields[col]),
                                                           {name, line, col + 1},
                                                           detail::FactOrigin::Column));
        }
    }
    if (evidence.applicants.empty())
        throw_evidence_error({name, 0, 0}, ErrorCode::InvalidArgument, msg::no_applicants());
    return evidence;
}

// ---------------------------------------------------------------- ratings

namespace {

struct RatingColumns {
    std::size_t applicant = none, criterion = none, assessor = none, score = none;
    std::size_t indicators = none, comment = none;
};

/// What a parse of some rows needs, shared read-only between threads.
struct RatingsContext {
    std::string_view file;
    std::string_view applicants_file;
    const Header* header;
    RatingColumns cols;
    const detail::CriteriaTable* criteria;
    const detail::ApplicantIndex* applicants;
};

/// The result of parsing some rows: ratings in order, up to the first error.
struct Chunk {
    std::vector<Rating> ratings;
    std::vector<std::pair<std::size_t, std::string>> comments;  // index into ratings
    std::vector<AssessorId> assessors;                          // in order of first appearance
    std::optional<Diagnostic> error;  // the first error (and nothing after it parsed)
    std::size_t next_line = 0;        // the line after the last one read
};

void parse_rows(const RatingsContext& ctx, std::string_view text, std::size_t first_line,
                Chunk& out) {
    CsvReader reader(text, ctx.file, first_line);
    detail::AssessorTable assessors(out.assessors);
    const RatingColumns& cols = ctx.cols;
    const detail::CriteriaTable& criteria = *ctx.criteria;
    // Ratings files are usually grouped by applicant and criterion: remember
    // the last ones and look up only on a change.
    std::string last_applicant, last_criterion;
    std::uint32_t applicant = 0, criterion = 0;
    bool have_applicant = false, have_criterion = false;
    try {
        while (reader.next()) {
            const auto fields = reader.fields();
            const std::size_t line = reader.line();
            check_field_count(fields.size(), *ctx.header, ctx.file, line);
            Rating r;
            r.line = static_cast<std::uint32_t>(line);

            const std::string_view a = value_of(fields[cols.applicant]);
            if (!have_applicant || a != last_applicant) {
                const auto it = ctx.applicants->find(a);
                if (it == ctx.applicants->end()) {
                    const Place where{ctx.file, line, cols.applicant + 1};
                    if (a.empty())
                        throw_evidence_error(where, ErrorCode::InvalidArgument,
                                             msg::empty_value("applicant_id"));
                    throw_evidence_error(where, ErrorCode::NotFound,
                                         msg::unknown_applicant(a, ctx.applicants_file));
                }
                applicant = it->second;
                last_applicant.assign(a);
                have_applicant = true;
            }
            r.applicant = applicant;

            const std::string_view c = value_of(fields[cols.criterion]);
            if (!have_criterion || c != last_criterion) {
                if (have_criterion && criterion + 1 < criteria.size() &&
                    criteria.id(criterion + 1) == c)
                    ++criterion;  // the next one in rulebook order
                else
                    criterion = criteria.find(c, {ctx.file, line, cols.criterion + 1});
                last_criterion.assign(c);
                have_criterion = true;
            }
            r.criterion = criterion;

            const std::string_view who = value_of(fields[cols.assessor]);
            if (who.empty())
                throw_evidence_error({ctx.file, line, cols.assessor + 1},
                                     ErrorCode::InvalidArgument, msg::empty_value("assessor"));
            r.assessor = assessors.intern(who);

            if (cols.indicators != none) {
                const std::string_view list = value_of(fields[cols.indicators]);
                if (!list.empty())
                    r.indicators = criteria.indicator_list(criterion, list,
                                                           {ctx.file, line, cols.indicators + 1});
            }
            criteria.set_score(r, value_of(fields[cols.score]), {ctx.file, line, cols.score + 1});

            if (cols.comment != none) {
                const std::string_view comment = fields[cols.comment].text;
                if (!detail::trim(comment).empty())
                    out.comments.emplace_back(out.ratings.size(), std::string(comment));
            }
            out.ratings.push_back(r);
        }
        out.next_line = reader.next_line();
    } catch (const EvidenceError& e) {
        out.error = e.diagnostics().front();
    }
}

/// Where to cut the body in two for two threads, or none. The cut follows a
/// line break near the middle, and only if nothing before it is quoted (a
/// quoted field may hold a line break, so otherwise a cut could fall inside one).
std::size_t split_point(std::string_view body) {
    constexpr std::size_t parallel_from = std::size_t{1} << 20;  // bytes
    if (body.size() < parallel_from || std::thread::hardware_concurrency() < 2)
        return none;
    const std::size_t newline = body.find('\n', body.size() / 2);
    if (newline == std::string_view::npos || newline + 1 == body.size())
        return none;
    if (std::memchr(body.data(), '"', newline) != nullptr)
        return none;
    return newline + 1;
}

/// Append `second` (parsed from the line `line_offset` lines further on, with
/// its own assessor numbering) to `first`.
void join(Chunk& first, Chunk&& second, std::size_t line_offset) {
    std::vector<std::uint32_t> assessor(second.assessors.size());
    detail::AssessorTable table(first.assessors);
    for (std::size_t i = 0; i < second.assessors.size(); ++i)
        assessor[i] = table.intern(second.assessors[i].view());
    const std::size_t base = first.ratings.size();
    first.ratings.reserve(base + second.ratings.size());
    for (Rating r : second.ratings) {
        r.line = static_cast<std::uint32_t>(r.line + line_offset);
        r.assessor = assessor[r.assessor];
        first.ratings.push_back(r);
    }
    second.ratings = {};
    for (auto& [index, text] : second.comments)
        first.comments.emplace_back(base + index, std::move(text));
    if (second.error) {
        first.error = std::move(second.error);
        first.error->location.line += line_offset;
    }
    first.next_line = second.next_line + line_offset;
}

}  // namespace

void parse_ratings_csv(const Rulebook& rulebook, Evidence& evidence, std::string_view text,
                       std::string_view name) {
    if (!evidence.ratings.empty())
        throw_evidence_error({name, 0, 0}, ErrorCode::AlreadyExists,
                             msg::ratings_twice(evidence.ratings_source));
    text = detail::strip_bom(text);
    CsvReader header_reader(text, name);
    const Header header = read_header(header_reader, name);
    RatingsContext ctx{name, {}, &header, {}, nullptr, nullptr};
    ctx.cols.applicant = require_column(header, "applicant_id", name);
    ctx.cols.criterion = require_column(header, "criterion", name);
    ctx.cols.assessor = require_column(header, "assessor", name);
    ctx.cols.score = require_column(header, "score", name);
    ctx.cols.indicators = header.find("indicators");
    ctx.cols.comment = header.find("comment");
    ctx.applicants_file = evidence.sources.empty() ? std::string_view("the applicants file")
                                                   : evidence.sources.front();
    const detail::CriteriaTable criteria(rulebook);
    const detail::ApplicantIndex applicants = detail::index_applicants(evidence);
    ctx.criteria = &criteria;
    ctx.applicants = &applicants;

    const std::string_view body = text.substr(header_reader.position());
    const std::size_t body_line = header_reader.next_line();
    Chunk result;
    result.assessors = evidence.assessors;
    const std::size_t cut = split_point(body);
    if (cut == none) {
        result.ratings.reserve(count_lines(body));
        parse_rows(ctx, body, body_line, result);
    } else {
        // The second half counts its lines from 1; they are shifted on joining.
        const std::string_view first_half = body.substr(0, cut);
        const std::string_view second_half = body.substr(cut);
        Chunk second;
        std::promise<std::size_t> second_rows;
        std::future<std::size_t> second_rows_known = second_rows.get_future();
        std::exception_ptr second_failed;
        std::thread worker([&] {
            try {
                const std::size_t rows = count_lines(second_half);
                second_rows.set_value(rows);
                second.ratings.reserve(rows);
                parse_rows(ctx, second_half, 1, second);
            } catch (...) {  // bad_alloc: report it on the calling thread
                second_failed = std::current_exception();
                try {
                    second_rows.set_value(0);
                } catch (const std::future_error&) {  // already set
                }
            }
        });
        try {
            const std::size_t rows = count_lines(first_half);
            result.ratings.reserve(rows + second_rows_known.get());
            parse_rows(ctx, first_half, body_line, result);
        } catch (...) {
            worker.join();
            throw;
        }
        worker.join();
        if (!result.error) {
            if (second_failed)
                std::rethrow_exception(second_failed);
            join(result, std::move(second), result.next_line - 1);
        }
    }

    // Duplicates and conflicts among the rows before the first parse error
    // come first in the file, so they are reported first.
    detail::check_consistency(result.ratings, evidence.applicants, result.assessors, criteria, name,
                              "line");
    if (result.error)
        throw EvidenceError({*result.error});

    evidence.ratings = std::move(result.ratings);
    evidence.assessors = std::move(result.assessors);
    for (auto& comment : result.comments)
        evidence.comments.push_back(std::move(comment));
    evidence.sources.emplace_back(name);
    evidence.ratings_source = std::string(name);
}

}  // namespace shortlist

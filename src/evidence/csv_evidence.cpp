// The applicants CSV (one row per applicant, one column per fact), and what
// both CSV loaders share: the header and the row checks.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "evidence/internal.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"

namespace shortlist {

namespace detail {

std::size_t CsvHeader::find(std::string_view name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? npos : static_cast<std::size_t>(it - names.begin());
}

std::vector<std::string_view> CsvHeader::views() const {
    return {names.begin(), names.end()};
}

CsvHeader read_header(CsvReader& reader, std::string_view file) {
    if (!reader.next())
        throw_evidence_error({file, 0, 0}, ErrorCode::InvalidArgument, msg::empty_file());
    CsvHeader h;
    h.line = reader.line();
    for (const CsvField& f : reader.fields()) {
        const std::string_view name = value_of(f);
        if (!name.empty()) {
            if (const std::size_t first = h.find(name); first != CsvHeader::npos)
                throw_evidence_error({file, h.line, h.names.size() + 1}, ErrorCode::AlreadyExists,
                                     msg::duplicate_column(name, first + 1));
        }
        h.names.emplace_back(name);
    }
    return h;
}

std::size_t require_column(const CsvHeader& h, std::string_view name, std::string_view file) {
    const std::size_t col = h.find(name);
    if (col == CsvHeader::npos)
        throw_evidence_error({file, h.line, 0}, ErrorCode::NotFound,
                             msg::missing_column(name, h.views()));
    return col;
}

void throw_ragged_row(std::size_t fields, const CsvHeader& h, std::string_view file,
                      std::size_t line) {
    throw_evidence_error({file, line, fields > h.names.size() ? h.names.size() + 1 : 0},
                         ErrorCode::InvalidArgument, msg::ragged_row(fields, h.names.size()));
}

LineCount count_lines(std::string_view text) noexcept {
    LineCount count{1, false};
    const char* p = text.data();
    const char* const end = p + text.size();
#if defined(__SSE2__)
    // Sixteen bytes at a time: each line feed subtracts -1 from its byte's
    // counter, and the counters are summed (psadbw) before any can pass 255.
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i dq = _mm_set1_epi8('"');
    const __m128i zero = _mm_setzero_si128();
    __m128i quotes = zero;
    while (end - p >= 16) {
        const auto blocks = std::min<std::size_t>(static_cast<std::size_t>(end - p) / 16, 255);
        const char* const stop = p + blocks * 16;
        __m128i counters = zero;
        for (; p != stop; p += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(v, lf));
            quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(v, dq));
        }
        const __m128i sums = _mm_sad_epu8(counters, zero);  // two 16-bit sums
        count.lines += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
                       static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
    }
    count.quoted = _mm_movemask_epi8(quotes) != 0;
#else
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t lows = 0x7F7F7F7F7F7F7F7Fu;
    // Bit 7 of each byte set exactly where w has a 0 byte (no carries cross
    // bytes); shifted to bit 0, the bytes are summed by a multiply.
    const auto zero_bytes = [](std::uint64_t w) { return ~(((w & lows) + lows) | w | lows) >> 7; };
    std::uint64_t quotes = 0;
    for (; end - p >= 8; p += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        count.lines += static_cast<std::size_t>((zero_bytes(w ^ (ones * '\n')) * ones) >> 56);
        quotes |= zero_bytes(w ^ (ones * '"'));
    }
    count.quoted = quotes != 0;
#endif
    for (; p != end; ++p) {
        count.lines += *p == '\n' ? 1u : 0u;
        count.quoted = count.quoted || *p == '"';
    }
    return count;
}

std::size_t most_records(std::string_view text, std::size_t lines, std::size_t columns) noexcept {
    if (lines <= text.size() / std::max<std::size_t>(columns, 2) + 1)
        return lines;
    // A record starts at the start of a line that is not blank ("\n", "\r\n").
    std::size_t records = 0;
    bool line_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (line_start && c != '\n' && !(c == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
            ++records;
        line_start = c == '\n';
    }
    return std::min(records, lines);
}

}  // namespace detail

namespace {

using detail::CsvHeader;
using detail::CsvReader;
using detail::throw_evidence_error;
using detail::value_of;
namespace msg = detail::msg;

constexpr std::size_t none = CsvHeader::npos;

}  // namespace

// ---------------------------------------------------------------- applicants

namespace {

/// Which fact each column of an applicants file holds (none: not a fact),
/// and the facts it leaves out (only a later stage's check reads them: they
/// are absent).
struct FactColumns {
    std::vector<std::size_t> fact_of_column;
    std::vector<std::size_t> left_out;
};

FactColumns fact_columns(const Rulebook& rulebook, const CsvHeader& header, std::string_view name) {
    FactColumns columns{std::vector<std::size_t>(header.names.size(), none), {}};
    const std::vector<bool> later = later_stage_facts(rulebook);
    for (std::size_t f = 0; f < rulebook.facts.size(); ++f) {
        const std::size_t col = header.find(rulebook.facts[f].name);
        if (col != none)
            columns.fact_of_column[col] = f;
        else if (later[f])
            columns.left_out.push_back(f);
        else
            throw_evidence_error({name, header.line, 0}, ErrorCode::NotFound,
                                 msg::missing_fact_column(rulebook.facts[f].name, rulebook.id));
    }
    return columns;
}

/// Append one row's facts to the evidence's columns (its applicant just
/// added). A bad fact leaves the evidence as it was before this row.
void add_facts(const Rulebook& rulebook, const FactColumns& columns,
               std::span<const detail::CsvField> fields, std::string_view name, std::size_t line,
               Evidence& evidence) {
    try {
        for (std::size_t col = 0; col < fields.size(); ++col) {
            const std::size_t f = columns.fact_of_column[col];
            if (f == none)
                continue;
            evidence.facts[f].push_back(detail::parse_fact(rulebook.facts[f], value_of(fields[col]),
                                                           {name, line, col + 1},
                                                           detail::FactOrigin::Column));
        }
        for (const std::size_t f : columns.left_out)
            evidence.facts[f].emplace_back();
    } catch (const EvidenceError&) {
        evidence.applicants.pop_back();
        for (auto& column : evidence.facts)
            column.resize(std::min(column.size(), evidence.applicants.size()));
        throw;
    }
}

}  // namespace

void detail::parse_applicants_rows(const Rulebook& rulebook, const CsvHeader& header,
                                   std::string_view body, std::string_view name,
                                   std::size_t first_line, Evidence& evidence,
                                   std::vector<std::size_t>* lines, const RecordNames& records,
                                   RecordProgress* progress) {
    const std::size_t id_col = detail::require_column(header, "applicant_id", name);
    const FactColumns columns = fact_columns(rulebook, header, name);

    evidence.sources.emplace_back(name);
    evidence.facts.resize(rulebook.facts.size());
    const std::size_t most =
        detail::most_records(body, detail::count_lines(body).lines, header.names.size());
    evidence.applicants.reserve(most);
    for (auto& column : evidence.facts)
        column.reserve(most);
    std::optional<detail::ApplicantIndex> index;  // made when an id is out of order
    std::vector<std::size_t> own_lines;
    std::vector<std::size_t>& first_line_of = lines != nullptr ? *lines : own_lines;
    first_line_of.clear();
    CsvReader reader(body, name, first_line);
    RecordProgress silent;
    RecordProgress& bytes = progress != nullptr ? *progress : silent;

    while (reader.next()) {
        const auto fields = reader.fields();
        const std::size_t line = reader.line();
        if (fields.size() != header.names.size())
            detail::throw_ragged_row(fields.size(), header, name, line);
        const std::string_view id = value_of(fields[id_col]);
        if (id.empty())
            throw_evidence_error({name, line, id_col + 1}, ErrorCode::InvalidArgument,
                                 msg::empty_value("applicant_id"));
        const auto n = static_cast<std::uint32_t>(evidence.applicants.size());
        // While the ids are in increasing order none can repeat, and nothing
        // needs hashing (exports are usually sorted); from the first id out of
        // order, all are indexed.
        const bool in_order = !index && (n == 0 || evidence.applicants[n - 1].view() < id);
        evidence.applicants.emplace_back(std::string(id));
        if (!in_order) {
            if (!index) {
                index.emplace(evidence.applicants, most);
                for (std::uint32_t i = 0; i < n; ++i)
                    (void)index->insert(i);
            }
            if (const std::uint32_t first = index->insert(n);
                first != detail::ApplicantIndex::npos) {
                evidence.applicants.pop_back();  // the rows before this one stay
                throw_evidence_error({name, line, id_col + 1}, ErrorCode::AlreadyExists,
                                     msg::duplicate_applicant(id, first_line_of[first], records));
            }
        }
        add_facts(rulebook, columns, fields, name, line, evidence);
        first_line_of.push_back(line);
        bytes.record(reader.position());
    }
}

Evidence parse_applicants_csv(const Rulebook& rulebook, std::string_view text,
                              std::string_view name) {
    return detail::parse_applicants(rulebook, text, name, {});
}

Evidence detail::parse_applicants(const Rulebook& rulebook, std::string_view text,
                                  std::string_view name, const RecordNames& records,
                                  const ProgressFunction* progress) {
    const std::size_t size = text.size();
    text = detail::strip_bom(text);
    CsvReader reader(text, name);
    const CsvHeader header = detail::read_header(reader, name);
    Evidence evidence;
    RecordProgress bytes(progress, size, size - text.size() + reader.position());
    detail::parse_applicants_rows(rulebook, header, text.substr(reader.position()), name,
                                  reader.next_line(), evidence, nullptr, records, &bytes);
    bytes.finish();
    if (evidence.applicants.empty())
        throw_evidence_error({name, 0, 0}, ErrorCode::InvalidArgument, msg::no_applicants());
    return evidence;
}

}  // namespace shortlist

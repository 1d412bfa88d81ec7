// The applicants CSV (one row per applicant, one column per fact), and what
// both CSV loaders share: the header and the row checks.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>

#include "detail/csv.hpp"
#include "detail/evidence_internal.hpp"
#include "detail/io.hpp"

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
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t lows = 0x7F7F7F7F7F7F7F7Fu;
    // Bit 7 of each byte set exactly where w has a 0 byte (no carries cross
    // bytes); shifted to bit 0, the bytes are summed by a multiply.
    const auto zero_bytes = [](std::uint64_t w) { return ~(((w & lows) + lows) | w | lows) >> 7; };
    LineCount count{1, false};
    std::uint64_t quotes = 0;
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, text.data() + i, 8);
        count.lines += static_cast<std::size_t>((zero_bytes(w ^ (ones * '\n')) * ones) >> 56);
        quotes |= zero_bytes(w ^ (ones * '"'));
    }
    for (; i < text.size(); ++i) {
        count.lines += text[i] == '\n' ? 1u : 0u;
        quotes |= text[i] == '"' ? 1u : 0u;
    }
    count.quoted = quotes != 0;
    return count;
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

Evidence parse_applicants_csv(const Rulebook& rulebook, std::string_view text,
                              std::string_view name) {
    text = detail::strip_bom(text);
    CsvReader reader(text, name);
    const CsvHeader header = detail::read_header(reader, name);
    const std::size_t id_col = detail::require_column(header, "applicant_id", name);
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
    const std::size_t most = detail::count_lines(text).lines;
    evidence.applicants.reserve(most);
    for (auto& column : evidence.facts)
        column.reserve(most);
    std::optional<detail::ApplicantIndex> index;  // made when an id is out of order
    std::vector<std::size_t> first_line;

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
            if (const std::uint32_t first = index->insert(n); first != detail::ApplicantIndex::npos)
                throw_evidence_error({name, line, id_col + 1}, ErrorCode::AlreadyExists,
                                     msg::duplicate_applicant(id, first_line[first]));
        }
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

}  // namespace shortlist

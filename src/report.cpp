// Reports: byte-deterministic CSV and JSON. Numbers go through std::to_chars
// (as in detail/number.hpp), never through the stream's locale.
#include "shortlist/report.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "detail/csv_cell.hpp"
#include "detail/json.hpp"

namespace shortlist {

namespace {

constexpr int decimals = 6;

std::string_view to_string(GateFailure::Kind k) {
    switch (k) {
        case GateFailure::Kind::Eligibility:
            return "eligibility";
        case GateFailure::Kind::Minimum:
            return "minimum";
        case GateFailure::Kind::NoEvidence:
            return "no_evidence";
        case GateFailure::Kind::PassMark:
            return "pass_mark";
    }
    return "unknown";
}

using detail::append_csv_cell;

/// parts joined with "; ", into `joined` (cleared first).
void join(const std::vector<std::string>& parts, std::string& joined) {
    joined.clear();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            joined += "; ";
        joined += parts[i];
    }
}

/// Append what detail::format_fixed(v, places) returns, without making a string.
void append_fixed(std::string& out, double v, int places) {
    char buf[64];
    if (v == 0)
        v = 0;  // fold -0
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, places);
    if (ec != std::errc{}) {
        out += "nan";
        return;
    }
    std::string_view text(buf, static_cast<std::size_t>(end - buf));
    // A negative number that rounds to zero is written without its sign.
    if (text.front() == '-' && text.find_first_not_of("-0.") == std::string_view::npos)
        text.remove_prefix(1);
    out += text;
}

void append_count(std::string& out, std::size_t n) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, end);
}

/// Append v with six decimals, the same text as append_fixed(v, 6) (the
/// decimal rounding of v's exact binary value, ties to even, -0 folded) about
/// five times faster than std::to_chars: v·10^6 is rounded in 128-bit integer
/// arithmetic. Values of 2^63 / 10^6 or more, NaN and infinities (and every
/// value, where the compiler has no 128-bit integers) go through std::to_chars.
void append_fixed6(std::string& out, double v) {
#if defined(__SIZEOF_INT128__)
    __extension__ using u128 = unsigned __int128;
    if (!(std::fabs(v) < 9.2e12)) {
        append_fixed(out, v, decimals);
        return;
    }
    const auto bits = std::bit_cast<std::uint64_t>(v);
    const bool negative = (bits >> 63) != 0;
    const auto biased = static_cast<int>((bits >> 52) & 0x7FF);
    const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
    // |v| = mantissa · 2^exponent exactly.
    const std::uint64_t mantissa = biased == 0 ? fraction : fraction | std::uint64_t{1} << 52;
    const int exponent = (biased == 0 ? 1 : biased) - 1075;
    const u128 scaled = static_cast<u128>(mantissa) * 1000000U;
    std::uint64_t n = 0;  // |v| · 10^6, rounded to the nearest integer, ties to even
    if (exponent >= 0) {
        n = static_cast<std::uint64_t>(scaled << exponent);  // < 2^63: |v| < 9.2e12
    } else if (exponent > -75) {  // else scaled < 2^73 <= 2^(shift - 2): rounds to 0
        const int shift = -exponent;
        const auto quotient = static_cast<std::uint64_t>(scaled >> shift);
        const u128 rest = scaled & ((static_cast<u128>(1) << shift) - 1);
        const u128 half = static_cast<u128>(1) << (shift - 1);
        n = quotient + ((rest > half || (rest == half && (quotient & 1) != 0)) ? 1 : 0);
    }
    if (negative && n != 0)  // a negative that rounds to zero is written without its sign
        out += '-';
    append_count(out, n / 1000000);
    char digits[7] = {'.', '0', '0', '0', '0', '0', '0'};
    for (std::uint64_t f = n % 1000000, i = 6; f != 0; f /= 10, --i)
        digits[i] = static_cast<char>('0' + f % 10);
    out.append(digits, sizeof digits);
#else
    append_fixed(out, v, decimals);
#endif
}

/// Rows are formatted into a buffer, written out a megabyte at a time.
constexpr std::size_t flush_at = std::size_t{1} << 20;
/// Shortlists of at least this many entries are formatted on two threads.
constexpr std::size_t parallel_rows = 20000;

/// Append the CSV rows of entries [begin, end) to `buffer`, writing it to
/// `out` (if given) and emptying it whenever it holds a megabyte.
void format_rows(const Shortlist& shortlist, std::size_t begin, std::size_t end,
                 std::string& buffer, std::ostream* out) {
    std::string joined;
    for (std::size_t i = begin; i < end; ++i) {
        const Entry& e = shortlist.entries[i];
        const Outcome& o = shortlist.outcomes[e.outcome];
        if (e.rank)
            append_count(buffer, *e.rank);
        buffer += ',';
        append_csv_cell(buffer, o.id.view());
        buffer += ',';
        buffer += to_string(e.status);
        buffer += ',';
        append_fixed6(buffer, o.total);
        for (const auto& g : o.groups) {
            buffer += ',';
            if (g)
                append_fixed6(buffer, 100.0 * *g);
        }
        buffer += ',';
        join(o.conditions, joined);
        append_csv_cell(buffer, joined);
        buffer += ',';
        join(e.reasons, joined);
        append_csv_cell(buffer, joined);
        buffer += '\n';
        if (out != nullptr && buffer.size() >= flush_at) {
            out->write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            buffer.clear();
        }
    }
}

void write_criteria(detail::JsonWriter& json, const Outcome& o) {
    json.key("criteria").begin_array();
    for (const CriterionResult& c : o.criteria) {
        json.begin_object();
        json.key("id").value(c.id.value());
        json.key("group").value(to_string(c.group));
        json.key("status").value(to_string(c.status));
        json.key("raw");
        if (c.raw)
            json.value(*c.raw, decimals);
        else
            json.null();
        json.key("normalised").value(c.normalised, decimals);
        json.key("weight").value(c.weight);
        json.key("effective_weight").value(c.effective_weight, decimals);
        json.key("contribution").value(c.contribution, decimals);
        json.key("assessors").value(static_cast<std::uint64_t>(c.assessors));
        json.key("indicators_ticked").begin_array();
        for (const std::string& id : c.indicators_ticked)
            json.value(id);
        json.end_array();
        json.end_object();
    }
    json.end_array();
}

}  // namespace

void write_csv(std::ostream& out, const Rulebook& /*rulebook*/, const Shortlist& shortlist) {
    std::string buffer;
    buffer.reserve(flush_at + 4096);
    buffer +=
        "rank,applicant_id,status,total,essential,desirable,competency,conditions,"
        "reasons\n";
    // A large shortlist is formatted in two halves at once: this thread writes
    // the first as it goes while another formats the second into memory.
    const std::size_t n = shortlist.entries.size();
    const std::size_t half = n / 2;
    std::string second;
    std::exception_ptr failed;
    std::thread worker;
    if (n >= parallel_rows && std::thread::hardware_concurrency() >= 2) {
        try {
            worker = std::thread([&] {
                try {
                    second.reserve((n - half) * 192);
                    format_rows(shortlist, half, n, second, nullptr);
                } catch (...) {  // bad_alloc: rethrown on the calling thread
                    failed = std::current_exception();
                }
            });
        } catch (const std::system_error&) {  // no thread to be had: one does it all
        }
    }
    try {
        format_rows(shortlist, 0, worker.joinable() ? half : n, buffer, &out);
    } catch (...) {
        if (worker.joinable())
            worker.join();
        throw;
    }
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (worker.joinable()) {
        worker.join();
        if (failed)
            std::rethrow_exception(failed);
        out.write(second.data(), static_cast<std::streamsize>(second.size()));
    }
}

void write_json(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                const ReportOptions& options) {
    detail::JsonWriter json(out);
    json.begin_object();
    json.key("rulebook").begin_object();
    json.key("id").value(rulebook.id);
    json.key("version").value(rulebook.version);
    json.key("aggregation").value(to_string(rulebook.aggregation));
    json.end_object();
    json.key("top");
    if (shortlist.top)
        json.value(static_cast<std::uint64_t>(*shortlist.top));
    else
        json.null();
    json.key("shortlisted").value(static_cast<std::uint64_t>(shortlist.shortlisted));
    json.key("applicants").begin_array();
    for (const Entry& e : shortlist.entries) {
        const Outcome& o = shortlist.outcomes[e.outcome];
        json.begin_object();
        json.key("rank");
        if (e.rank)
            json.value(static_cast<std::uint64_t>(*e.rank));
        else
            json.null();
        json.key("applicant_id").value(o.id.value());
        json.key("status").value(to_string(e.status));
        json.key("total").value(o.total, decimals);
        json.key("groups").begin_object();
        for (std::size_t g = 0; g < group_count; ++g) {
            json.key(to_string(static_cast<Group>(g)));
            if (o.groups[g])
                json.value(100.0 * *o.groups[g], decimals);
            else
                json.null();
        }
        json.end_object();
        json.key("conditions").begin_array();
        for (const std::string& c : o.conditions)
            json.value(c);
        json.end_array();
        json.key("reasons").begin_array();
        for (const std::string& r : e.reasons)
            json.value(r);
        json.end_array();
        json.key("failed_gates").begin_array();
        for (const GateFailure& g : o.failed_gates) {
            json.begin_object();
            json.key("kind").value(to_string(g.kind));
            json.key("id").value(g.id);
            json.key("message").value(g.message);
            json.end_object();
        }
        json.end_array();
        if (options.explain)
            write_criteria(json, o);
        json.end_object();
    }
    json.end_array();
    json.end_object();
    json.finish();
}

}  // namespace shortlist

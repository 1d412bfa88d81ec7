// Reports: byte-deterministic CSV and JSON. Numbers go through std::to_chars
// (as in util/number.hpp), never through the stream's locale.
#include "shortlist/report.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "util/csv_cell.hpp"
#include "util/json.hpp"
#include "util/parallel.hpp"

namespace shortlist {

namespace {

constexpr int decimals = 6;

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
/// The second thread's parts: about a megabyte of rows each.
constexpr std::size_t rows_a_part = 8192;

/// The entries in the boundary band, as flags by place (empty without bands).
std::vector<char> boundary_flags(const ReportOptions& options, std::size_t entries) {
    std::vector<char> flags;
    if (!options.bands)
        return flags;
    flags.assign(entries, 0);
    for (const std::size_t p : options.bands->boundary_entries)
        flags[p] = 1;
    return flags;
}

/// The CSV columns of the bands and of what it takes, when asked for.
void append_extra_headers(std::string& out, const ReportOptions& options) {
    if (options.bands)
        out += ",band,band_boundary";
    if (options.what_it_takes)
        out += ",margin,improve_criterion,improve_points,improve_to,what_it_takes";
}

/// The cells of entry p in those columns.
void append_extra_cells(std::string& out, const ReportOptions& options,
                        const std::vector<char>& boundary, std::size_t p) {
    if (options.bands) {
        const auto& band = options.bands->bands[p];
        out += ',';
        if (band)
            append_count(out, band->number);
        out += ',';
        if (band)
            out += boundary[p] != 0 ? "yes" : "no";
    }
    if (options.what_it_takes) {
        const WhatItTakes& w = (*options.what_it_takes)[p];
        out += ',';
        if (w.margin)
            append_fixed6(out, *w.margin);
        out += ',';
        if (!w.options.empty()) {
            const Improvement& i = w.options.front();
            append_csv_cell(out, i.criterion.view());
            out += ',';
            append_fixed6(out, i.points);
            out += ',';
            append_fixed6(out, i.new_raw);
        } else {
            out += ",,";
        }
        out += ',';
        append_csv_cell(out, w.reason);
    }
}

/// Append the CSV rows of entries [begin, end) to `buffer`, writing it to
/// `out` (if given) and emptying it whenever it holds a megabyte.
void format_rows(const Shortlist& shortlist, std::size_t begin, std::size_t end,
                 std::string& buffer, std::ostream* out, const ReportOptions& options,
                 const std::vector<char>& boundary) {
    std::string joined;
    for (std::size_t i = begin; i < end; ++i) {
        const ShortlistEntry& e = shortlist.entries[i];
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
        append_extra_cells(buffer, options, boundary, i);
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

void write_improvement(detail::JsonWriter& json, const Improvement& i) {
    json.begin_object();
    json.key("criterion").value(i.criterion.value());
    json.key("points").value(i.points, decimals);
    json.key("raw");
    if (i.raw)
        json.value(*i.raw, decimals);
    else
        json.null();
    json.key("new_raw").value(i.new_raw, decimals);
    json.key("new_total").value(i.new_total, decimals);
    json.end_object();
}

void write_what_it_takes(detail::JsonWriter& json, const WhatItTakes& w) {
    json.key("what_it_takes").begin_object();
    json.key("kind").value(to_string(w.kind));
    json.key("margin");
    if (w.margin) {
        json.begin_object();
        json.key("points").value(*w.margin, decimals);
        json.key("keep_total").value(w.keep_total.value_or(0), decimals);
        json.key("limit").value(w.margin_is_pass_mark ? "pass_mark" : "next_applicant");
        json.end_object();
    } else {
        json.null();
    }
    json.key("improvement");
    if (!w.options.empty())
        write_improvement(json, w.options.front());
    else
        json.null();
    json.key("options").begin_array();
    for (const Improvement& i : w.options)
        write_improvement(json, i);
    json.end_array();
    json.key("reason").value(w.reason);
    json.end_object();
}

void write_band(detail::JsonWriter& json, const Bands& bands, const std::vector<char>& boundary,
                std::size_t p) {
    json.key("band");
    const auto& band = bands.bands[p];
    if (!band) {
        json.null();
        return;
    }
    json.begin_object();
    json.key("number").value(static_cast<std::uint64_t>(band->number));
    json.key("top").value(band->top, decimals);
    json.key("bottom").value(band->bottom, decimals);
    json.key("boundary").value(boundary[p] != 0);
    json.end_object();
}

void write_bands(detail::JsonWriter& json, const Bands& bands, const Shortlist& shortlist) {
    json.key("bands").begin_object();
    json.key("method").value(to_string(bands.options.method));
    json.key("reliability").value(bands.options.reliability);
    json.key("reliability_source").value(bands.options.reliability_source);
    json.key("confidence").value(bands.options.confidence);
    json.key("ranked").value(static_cast<std::uint64_t>(bands.ranked));
    json.key("sd").value(bands.width.sd, decimals);
    json.key("sem").value(bands.width.sem, decimals);
    json.key("sed").value(bands.width.sed, decimals);
    json.key("z").value(bands.width.z, decimals);
    json.key("width").value(bands.width.width, decimals);
    json.key("boundary");
    if (!bands.boundary) {
        json.null();
    } else {
        const auto id = [&](std::size_t p) -> const std::string& {
            return shortlist.outcomes[shortlist.entries[p].outcome].id.value();
        };
        std::size_t last = 0;
        for (const std::size_t p : bands.boundary_entries) {
            if (shortlist.entries[p].status == ShortlistStatus::Shortlisted)
                last = p;
        }
        json.begin_object();
        json.key("band").value(static_cast<std::uint64_t>(bands.boundary->number));
        json.key("top").value(bands.boundary->top, decimals);
        json.key("bottom").value(bands.boundary->bottom, decimals);
        json.key("last_shortlisted").value(id(last));
        for (const bool in : {true, false}) {
            json.key(in ? "shortlisted" : "not_shortlisted").begin_array();
            for (const std::size_t p : bands.boundary_entries) {
                const ShortlistStatus status = shortlist.entries[p].status;
                if ((status == ShortlistStatus::Shortlisted ||
                     status == ShortlistStatus::GuaranteedInterview) == in)
                    json.value(id(p));
            }
            json.end_array();
        }
        json.end_object();
    }
    json.end_object();
}

/// The shortlist entry p as the object write_json puts in "applicants".
void write_applicant(detail::JsonWriter& json, const Shortlist& shortlist, std::size_t p,
                     const ReportOptions& options, const std::vector<char>& boundary) {
    const ShortlistEntry& e = shortlist.entries[p];
    const Outcome& o = shortlist.outcomes[e.outcome];
    json.begin_object();
    json.key("rank");
    if (e.rank)
        json.value(static_cast<std::uint64_t>(*e.rank));
    else
        json.null();
    json.key("applicant_id").value(o.id.value());
    json.key("status").value(to_string(e.status));
    if (o.stage)
        json.key("stage").value(to_string(*o.stage));
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
    if (options.bands)
        write_band(json, *options.bands, boundary, p);
    if (options.what_it_takes)
        write_what_it_takes(json, (*options.what_it_takes)[p]);
    json.end_object();
}

}  // namespace

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

void write_csv(std::ostream& out, const Rulebook& /*rulebook*/, const Shortlist& shortlist,
               const ReportOptions& options) {
    std::string buffer;
    buffer.reserve(flush_at + 4096);
    buffer +=
        "rank,applicant_id,status,total,essential,desirable,competency,conditions,"
        "reasons";
    append_extra_headers(buffer, options);
    buffer += '\n';
    const std::vector<char> boundary = boundary_flags(options, shortlist.entries.size());
    // A large shortlist is formatted on two threads: this one formats and
    // writes the first rows as it goes, while the other formats the rest in
    // parts, which this one then writes in order as each is ready (it also
    // writes, and the audit hashes what is written, so it formats fewer).
    const std::size_t n = shortlist.entries.size();
    const bool split = detail::worth_splitting(n, parallel_rows);
    const std::size_t first = split ? n * 2 / 5 : n;
    const std::size_t parts = (n - first + rows_a_part - 1) / rows_a_part;
    detail::make_beside_in_order<std::string>(
        split, parts,
        [&](std::size_t k) {
            std::string part;
            const std::size_t begin = first + k * rows_a_part;
            format_rows(shortlist, begin, std::min(n, begin + rows_a_part), part, nullptr, options,
                        boundary);
            return part;
        },
        [&] {
            format_rows(shortlist, 0, first, buffer, &out, options, boundary);
            out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        },
        [&](const std::string& part) {
            out.write(part.data(), static_cast<std::streamsize>(part.size()));
        });
}

void write_json(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                const ReportOptions& options) {
    detail::JsonWriter json(out);
    json.begin_object();
    json.key("rulebook").begin_object();
    json.key("id").value(rulebook.id);
    json.key("version").value(rulebook.version);
    json.key("aggregation").value(to_string(rulebook.aggregation));
    if (uses_stages(rulebook))  // only with stages: older output unchanged
        json.key("stage").value(to_string(scoring_stage(rulebook)));
    json.end_object();
    json.key("top");
    if (shortlist.top)
        json.value(static_cast<std::uint64_t>(*shortlist.top));
    else
        json.null();
    json.key("shortlisted").value(static_cast<std::uint64_t>(shortlist.shortlisted));
    if (!options.dropped_columns.empty()) {
        json.key("dropped_columns").begin_array();
        for (const auto& c : options.dropped_columns)
            json.value(c);
        json.end_array();
    }
    json.key("applicants").begin_array();
    const std::vector<char> boundary = boundary_flags(options, shortlist.entries.size());
    for (std::size_t p = 0; p < shortlist.entries.size(); ++p)
        write_applicant(json, shortlist, p, options, boundary);
    json.end_array();
    if (options.bands)
        write_bands(json, *options.bands, shortlist);
    json.end_object();
    json.finish();
}

void write_json_applicant(std::ostream& out, const Rulebook& /*rulebook*/,
                          const Shortlist& shortlist, std::size_t entry,
                          const ReportOptions& options) {
    detail::JsonWriter json(out);
    write_applicant(json, shortlist, entry, options,
                    boundary_flags(options, shortlist.entries.size()));
    json.finish();
}

}  // namespace shortlist

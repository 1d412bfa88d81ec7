// The shortlist as a terminal table (text_table.hpp, docs/report.md).
#include "shortlist/report/text_table.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "util/number.hpp"
#include "util/utf8.hpp"

namespace shortlist {

namespace {

/// Safe on a terminal: C0 controls (ESC among them) and DEL become '?'.
std::string terminal_safe(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f')
            c = '?';
    return out;
}

/// At most `width` columns: cut at a code point, the last column an ellipsis.
std::string fit(std::string_view s, std::size_t width) {
    if (detail::utf8_length(s) <= width)
        return std::string(s);
    std::size_t kept = 0, at = 0;
    for (; at < s.size(); ++at) {
        if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80) {
            if (kept == width - 1)
                break;
            ++kept;
        }
    }
    return std::string(s.substr(0, at)) + "\xE2\x80\xA6";
}

std::string pad_right(std::string s, std::size_t width) {
    const std::size_t n = detail::utf8_length(s);
    return n < width ? s.append(width - n, ' ') : s;
}

std::string pad_left(const std::string& s, std::size_t width) {
    const std::size_t n = detail::utf8_length(s);
    return n < width ? std::string(width - n, ' ') + s : s;
}

std::string_view status_colour(ShortlistStatus s) {
    switch (s) {
        case ShortlistStatus::Shortlisted:
            return "\x1b[32m";
        case ShortlistStatus::GuaranteedInterview:
            return "\x1b[35m";
        case ShortlistStatus::NotShortlisted:
            return "\x1b[2m";
        case ShortlistStatus::NotEligible:
            return "\x1b[31m";
    }
    return "";
}

struct Painter {
    bool on;
    [[nodiscard]] std::string operator()(std::string_view code, const std::string& text) const {
        return on ? std::string(code) + text + "\x1b[0m" : text;
    }
};

void heading(std::ostream& out, const Rulebook& rb, const Shortlist& sl, const Painter& paint) {
    std::array<std::size_t, 4> counts{};
    std::optional<double> cut;
    for (const auto& e : sl.entries) {
        ++counts[static_cast<std::size_t>(e.status)];
        if (e.status == ShortlistStatus::Shortlisted) {
            const double t = sl.outcomes[e.outcome].total;
            cut = cut ? std::min(*cut, t) : t;
        }
    }
    out << paint("\x1b[1m", terminal_safe(rb.title.empty() ? rb.id : rb.title)) << " ("
        << terminal_safe(rb.id) << "): " << sl.outcomes.size() << " applicants\n";
    for (std::size_t s = 0; s < counts.size(); ++s)
        out << (s ? ", " : "")
            << paint(status_colour(static_cast<ShortlistStatus>(s)),
                     std::string(status_words(static_cast<ShortlistStatus>(s))) + " " +
                         std::to_string(counts[s]));
    out << "\nshortlist size " << (sl.top ? std::to_string(*sl.top) : std::string("all eligible"))
        << ", cut-off " << (cut ? detail::format_fixed(*cut, 2) : std::string("none"))
        << ", pass mark "
        << (rb.shortlist.pass_mark ? detail::format_fixed(*rb.shortlist.pass_mark, 2)
                                   : std::string("none"))
        << "\n\n";
}

}  // namespace

std::string_view status_words(ShortlistStatus s) {
    switch (s) {
        case ShortlistStatus::Shortlisted:
            return "shortlisted";
        case ShortlistStatus::GuaranteedInterview:
            return "guaranteed interview";
        case ShortlistStatus::NotShortlisted:
            return "not shortlisted";
        case ShortlistStatus::NotEligible:
            return "not eligible";
    }
    return "";
}

void write_text_table(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                      const TextTableOptions& options) {
    const Painter paint{options.colour};
    heading(out, rulebook, shortlist, paint);
    // Rows: the shortlist (up to max_rows), then the next few below it.
    std::vector<std::size_t> rows;
    std::size_t on = 0, next = 0;
    for (std::size_t i = 0; i < shortlist.entries.size(); ++i) {
        if (on_shortlist(shortlist.entries[i].status)) {
            if (on++ < options.max_rows)
                rows.push_back(i);
        } else if (next < options.next &&
                   shortlist.entries[i].status == ShortlistStatus::NotShortlisted) {
            rows.push_back(i);
            ++next;
        }
    }
    std::size_t id_width = 9;  // "applicant"
    for (const std::size_t i : rows)
        id_width = std::max(
            id_width, std::min<std::size_t>(
                          18, detail::utf8_length(terminal_safe(
                                  shortlist.outcomes[shortlist.entries[i].outcome].id.value()))));
    const std::size_t fixed_width = 4 + 2 + id_width + 2 + 20 + 2 + 6 + 3 * 6 + 2;
    const std::size_t reason_width =
        std::max<std::size_t>(20, options.width > fixed_width ? options.width - fixed_width : 0);
    out << paint("\x1b[1m", pad_left("rank", 4) + "  " + pad_right("applicant", id_width) + "  " +
                                pad_right("status", 20) + "  " + pad_left("total", 6) +
                                pad_left("ess", 6) + pad_left("des", 6) + pad_left("comp", 6) +
                                "  reason")
        << '\n';
    for (const std::size_t i : rows) {
        const ShortlistEntry& e = shortlist.entries[i];
        const Outcome& o = shortlist.outcomes[e.outcome];
        std::string line = pad_left(e.rank ? std::to_string(*e.rank) : "-", 4) + "  " +
                           pad_right(fit(terminal_safe(o.id.value()), id_width), id_width) + "  ";
        line += paint(status_colour(e.status), pad_right(std::string(status_words(e.status)), 20));
        line += "  " + pad_left(detail::format_fixed(o.total, 2), 6);
        for (const auto& g : o.groups)
            line += pad_left(g ? detail::format_fixed(*g * 100, 1) : "-", 6);
        std::string reason;
        for (const auto& r : e.reasons)
            reason += (reason.empty() ? "" : "; ") + terminal_safe(r);
        line += "  " + fit(reason, reason_width);
        out << line << '\n';
    }
    const std::size_t hidden = shortlist.entries.size() - rows.size();
    out << '\n'
        << rows.size() << " of " << shortlist.entries.size() << " rows shown (" << on
        << " on the shortlist" << (next ? ", then the next " + std::to_string(next) : "") << ")";
    if (hidden > 0)
        out << "; " << hidden << " not shown";
    out << '\n';
    if (!options.every_row.empty())
        out << paint("\x1b[2m", terminal_safe(options.every_row)) << '\n';
}

}  // namespace shortlist

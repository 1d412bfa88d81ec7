// The shortlist as a table a person reads on a terminal (docs/report.md,
// "On a terminal"): rank, applicant, status, total, group scores and a short
// reason, the counts by status, and how to get every row.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

struct TextTableOptions {
    /// The terminal's width in columns; the reason column takes what is left
    /// (at least 20) and longer text is cut with an ellipsis.
    std::size_t width = 100;
    /// At most this many rows of the shortlist; the rest are counted.
    std::size_t max_rows = 50;
    /// Applicants below the shortlist shown after it (the nearest misses).
    std::size_t next = 3;
    /// ANSI colour (statuses, header); the caller decides (a terminal, and
    /// NO_COLOR not set).
    bool colour = false;
    /// The closing line: how to get every row (e.g. "every row: --out
    /// shortlist.csv, or --format csv|json"); empty: none.
    std::string every_row;
};

/// A status in words for people: "shortlisted", "guaranteed interview",
/// "not shortlisted", "not eligible" (to_string gives the CSV's words).
[[nodiscard]] std::string_view status_words(ShortlistStatus status);

/// Write the table. Text from the inputs (ids, reasons) is made safe for a
/// terminal: control characters, escape sequences included, become '?'.
/// Widths count UTF-8 code points.
void write_text_table(std::ostream& out, const Rulebook& rulebook, const Shortlist& shortlist,
                      const TextTableOptions& options = {});

}  // namespace shortlist

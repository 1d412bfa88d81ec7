// Standard output on a terminal: the shortlist as a table a person reads
// (docs/report.md, "On a terminal"), colour only there and never with NO_COLOR.
#pragma once

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "shortlist/report/text_table.hpp"

namespace shortlist::cli {

/// `out` is standard output and standard output is a terminal.
inline bool is_terminal(const std::ostream& out) {
    return &out == &std::cout && isatty(STDOUT_FILENO) == 1;
}

/// Colour on a terminal unless NO_COLOR is set to anything (no-color.org) or
/// TERM is dumb.
inline bool terminal_colour() {
    const char* no_colour = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return (no_colour == nullptr || *no_colour == '\0') &&
           !(term != nullptr && std::string_view(term) == "dumb");
}

/// Progress bars on standard error (docs/cli.md, "Progress"): `err` is
/// standard error, standard error is a terminal that is not dumb, and
/// --quiet was not given. NO_COLOR does not matter: the bars have no colour.
inline bool show_progress(const std::ostream& err, bool quiet) {
    const char* term = std::getenv("TERM");
    return !quiet && &err == &std::cerr && isatty(STDERR_FILENO) == 1 &&
           !(term != nullptr && std::string_view(term) == "dumb");
}

/// The terminal's width: the window's, else $COLUMNS, else 100.
inline std::size_t terminal_width() {
    winsize w{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0)
        return w.ws_col;
    if (const char* c = std::getenv("COLUMNS"))
        if (const long n = std::strtol(c, nullptr, 10); n > 0)
            return static_cast<std::size_t>(n);
    return 100;
}

/// The shortlist as a table on the terminal, with how to get every row.
inline void write_terminal_table(std::ostream& out, const Rulebook& rulebook,
                                 const Shortlist& shortlist) {
    TextTableOptions options;
    options.width = terminal_width();
    options.colour = terminal_colour();
    options.every_row =
        "every row, with the full reasons: --out FILE (CSV), --format csv|json, or a pipe";
    write_text_table(out, rulebook, shortlist, options);
}

}  // namespace shortlist::cli

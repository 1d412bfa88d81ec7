// The terminal table (include/shortlist/report/text_table.hpp): exact lines
// for a small shortlist, colour only when asked, and applicant ids that carry
// terminal escape sequences made harmless.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "shortlist/ranking.hpp"
#include "shortlist/report/progress.hpp"
#include "shortlist/report/text_table.hpp"
#include "shortlist/rulebook.hpp"

using namespace shortlist;

namespace {

Outcome outcome(std::string id, std::size_t index, double total) {
    Outcome o;
    o.id = ApplicantId(std::move(id));
    o.index = index;
    o.total = total;
    o.groups = {total / 100, std::nullopt, 0.5};
    return o;
}

/// Three applicants: one shortlisted, one not, one not eligible; top 1.
Shortlist small(std::string first_id = "A1") {
    Shortlist sl;
    sl.outcomes = {outcome(std::move(first_id), 0, 91.5), outcome("A2", 1, 70.25),
                   outcome("A3", 2, 12)};
    sl.entries = {
        {0, 1, ShortlistStatus::Shortlisted, {"ranked 1 of 2 eligible", "within the top 1"}},
        {1, 2, ShortlistStatus::NotShortlisted, {"ranked 2 of 2 eligible; outside the top 1"}},
        {2, std::nullopt, ShortlistStatus::NotEligible, {"no evidence for fact licence"}}};
    sl.shortlisted = 1;
    sl.top = 1;
    return sl;
}

Rulebook rulebook() {
    Rulebook rb;
    rb.id = "demo";
    rb.title = "Demo role";
    return rb;
}

std::string table(const Shortlist& sl, TextTableOptions o) {
    std::ostringstream os;
    write_text_table(os, rulebook(), sl, o);
    return os.str();
}

}  // namespace

TEST_CASE("text table: counts, cut-off, the shortlist and the next below it", "[text_table]") {
    TextTableOptions o;
    o.width = 80;
    o.every_row = "every row: --out FILE";
    // 4 + 2 + 9 + 2 + 20 + 2 + 6 + 18 + 2 = 65 columns before the reason: 15 left.
    // That is under the minimum of 20, so the reason gets 20 columns.
    const std::string expected =
        "Demo role (demo): 3 applicants\n"
        "shortlisted 1, guaranteed interview 0, not shortlisted 1, not eligible 1\n"
        "shortlist size 1, cut-off 91.50, pass mark none\n"
        "\n"
        "rank  applicant  status                 total   ess   des  comp  reason\n"
        "   1  A1         shortlisted            91.50  91.5     -  50.0  ranked 1 of 2 "
        "eligi\xE2\x80\xA6\n"
        "   2  A2         not shortlisted        70.25  70.2     -  50.0  ranked 2 of 2 "
        "eligi\xE2\x80\xA6\n"
        "\n"
        "2 of 3 rows shown (1 on the shortlist, then the next 1); 1 not shown\n"
        "every row: --out FILE\n";
    CHECK(table(small(), o) == expected);
    CHECK(table(small(), o).find('\x1b') == std::string::npos);
}

TEST_CASE("text table: a wide terminal shows every reason in full", "[text_table]") {
    TextTableOptions o;
    o.width = 200;
    const std::string t = table(small(), o);
    CHECK(t.find("  ranked 1 of 2 eligible; within the top 1\n") != std::string::npos);
    CHECK(t.find("\xE2\x80\xA6") == std::string::npos);
}

TEST_CASE("text table: colour only when asked", "[text_table]") {
    TextTableOptions o;
    o.colour = true;
    const std::string t = table(small(), o);
    CHECK(t.find("\x1b[32mshortlisted 1\x1b[0m") != std::string::npos);
    CHECK(t.find("\x1b[31mnot eligible 1\x1b[0m") != std::string::npos);
    CHECK(t.find("\x1b[1mrank  applicant") != std::string::npos);
}

TEST_CASE("text table: escape sequences in an id cannot reach the terminal", "[text_table]") {
    TextTableOptions o;
    const std::string t = table(small("X\x1b[2J\x1b]0;pwned\x07Y"), o);
    CHECK(t.find('\x1b') == std::string::npos);
    CHECK(t.find('\x07') == std::string::npos);
    CHECK(t.find("X?[2J?]0;pwned?Y") != std::string::npos);
}

TEST_CASE("text table: long ids are cut at a character, max_rows is kept", "[text_table]") {
    TextTableOptions o;
    o.max_rows = 0;
    o.next = 0;
    o.width = 120;
    const std::string t = table(small(std::string(20, 'a') + "\xC3\xA9"), o);
    CHECK(t.find("0 of 3 rows shown (1 on the shortlist); 3 not shown\n") != std::string::npos);
    o.max_rows = 5;
    const std::string u = table(small(std::string(20, 'a') + "\xC3\xA9"), o);
    // 18 columns: 17 a's and an ellipsis.
    CHECK(u.find("   1  " + std::string(17, 'a') + "\xE2\x80\xA6  shortlisted") !=
          std::string::npos);
}

TEST_CASE("progress bar: redrawn when the percentage changes, erased at the end", "[text_table]") {
    std::ostringstream os;
    ProgressBar bar(os, "x", "draws");
    const ProgressCallback cb = bar.callback();
    cb(1, 4);
    cb(1, 4);  // same percentage: nothing drawn
    cb(2, 4);
    const std::string quarter =
        "x [" + std::string(7, '#') + std::string(23, '.') + "] 25% of 4 draws";
    const std::string half =
        "x [" + std::string(15, '#') + std::string(15, '.') + "] 50% of 4 draws";
    CHECK(os.str() == "\r" + quarter + "\r" + half);
    cb(4, 4);
    const std::string full = "x [" + std::string(30, '#') + "] 100% of 4 draws";
    CHECK(os.str() ==
          "\r" + quarter + "\r" + half + "\r" + full + "\r" + std::string(full.size(), ' ') + "\r");
    cb(0, 0);  // no total: nothing
    CHECK(os.str().size() == 2 * (quarter.size() + 1) + 2 * (full.size() + 1) + 1);
}

// The tallied-evidence tests' fixtures (tallied_test.cpp, tallied_rows_test.cpp):
// a rulebook of four criteria, ratings files generated in several shapes, and
// the shortlist of load_evidence's evidence and of tallied evidence, to compare.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "evidence/tally.hpp"
#include "file_fixtures.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"

namespace tallied_test {

using namespace shortlist;
namespace fs = std::filesystem;

inline fs::path temp_dir(const std::string& name) {
    return file_test::temp_dir("tallied", name);
}

/// Four criteria on scales with fractions, one with indicators, one that a
/// rating may call not_applicable, a desirable one without a minimum.
inline const std::string rulebook_yaml = file_test::rulebook_yaml("tallied-test", "Tallied test",
                                                                  R"(  s5: {min: 1, max: 5}
  s10: {min: 0, max: 10}
)",
                                                                  "", R"(  essential:
    - id: communication
      text: Communication
      scale: s5
      weight: 2
      minimum: 2
      indicators:
        - {id: listens, text: Listens}
        - {id: explains, text: Explains}
        - {id: checks, text: Checks}
  desirable:
    - {id: service, text: Service, scale: s10, weight: 1}
    - {id: driving, text: Driving, scale: s5, weight: 1}
  competency:
    - {id: teamwork, text: Teamwork, scale: s5, weight: 1, minimum: 2}
shortlist:
  pass_mark: null
  top: 25
  ties: break_by
  tie_break: [competency, service]
)");

inline const char* const criteria[] = {"communication", "service", "driving", "teamwork"};

struct Files {
    std::string applicants, ratings;
};

/// How a generated ratings file is laid out.
struct Shape {
    bool shuffled = false;  ///< rows in a random order (else grouped by applicant)
    bool comments = false;  ///< some rows with a comment, some quoted with a line break
    bool many = false;      ///< 70 assessors (more than one word's bits)
    bool words = true;      ///< not_evidenced / not_assessed / not_applicable, indicators
    /// Only the four columns a rating needs (no indicators or comments):
    /// the rows the tally reads without the CSV reader (ratings_scan.cpp).
    bool four = false;
};

/// n applicants (ids not sorted) and their ratings: two or three assessors a
/// criterion, scores whole, fractional or words, some applicants unrated.
inline Files make_files(std::size_t n, std::uint32_t seed, const Shape& shape) {
    std::mt19937 rng(seed);  // 32-bit results
    Files f;
    f.applicants = "applicant_id,licence\n";
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string id = "A" + std::to_string((i * 7919) % n);
        f.applicants += id + "," + (rng() % 10 == 0 ? "false" : "true") + "\n";
        if (rng() % 40 == 0)
            continue;
        for (std::size_t k = 0; k < 4; ++k) {
            const auto assessors = 2 + rng() % 2;
            const auto first = shape.many ? rng() % 68 : rng() % 5;
            const bool not_applicable = k == 2 && shape.words && rng() % 6 == 0;
            for (std::uint64_t a = 0; a < assessors; ++a) {
                std::string score;
                std::string ticked;
                const auto pick = rng() % 20;
                if (not_applicable)
                    score = "not_applicable";
                else if (shape.words && pick == 0)
                    score = "not_evidenced";
                else if (shape.words && pick == 1)
                    score = "Not_Assessed";
                else if (k == 1)
                    score = pick < 3   ? std::to_string(rng() % 10) + ".1"
                            : pick < 6 ? std::to_string(rng() % 10) + ".7"
                                       : std::to_string(rng() % 11);
                else
                    score = pick == 2 ? std::to_string(1 + rng() % 4) + ".5"
                                      : std::to_string(1 + rng() % 5);
                if (k == 0 && shape.words && !shape.four && pick >= 17) {
                    ticked = pick == 17 ? "listens" : pick == 18 ? "explains; checks" : "checks";
                    if (pick == 19)
                        score.clear();  // from the indicators only
                }
                std::string comment;
                if (shape.comments && rng() % 7 == 0)
                    comment = rng() % 3 == 0 ? "\"said \"\"yes\"\"\nthen no\"" : "fine, mostly";
                if (comment.find(',') != std::string::npos && comment.front() != '"')
                    comment = "fine";
                std::string row =
                    id + "," + criteria[k] + ",R" + std::to_string(first + a) + "," + score;
                rows.push_back(shape.four ? row + "\n" : row + "," + ticked + "," + comment + "\n");
            }
        }
    }
    if (shape.shuffled)
        std::shuffle(rows.begin(), rows.end(), rng);
    f.ratings = shape.four ? "applicant_id,criterion,assessor,score\n"
                           : "applicant_id,criterion,assessor,score,indicators,comment\n";
    for (const std::string& r : rows)
        f.ratings += r;
    return f;
}

inline std::string report_of(const Scorer& scorer, const std::vector<Outcome>& outcomes) {
    const Shortlist s = select(scorer.rulebook(), outcomes);
    return file_test::shortlist_files(scorer.rulebook(), s);
}

/// The shortlist as CSV and explained JSON, from load_evidence's evidence.
inline std::string kept(const Scorer& scorer, const fs::path& a, const fs::path& x) {
    return report_of(scorer, scorer.score(load_evidence(scorer.rulebook(), a, x)));
}

/// The same from tallied evidence; `tallied` says whether it was.
inline std::string tallied(const Scorer& scorer, const fs::path& a, const fs::path& x,
                           bool* was_tallied = nullptr, const LoadOptions& options = {}) {
    TalliedEvidence e = load_tallied_evidence(scorer.rulebook(), a, x, options);
    if (was_tallied != nullptr)
        *was_tallied = e.tallied();
    return report_of(scorer, scorer.score(std::move(e)));
}

/// The cells of two tallies over `cells` cells that differ, to the bit.
inline std::size_t cells_differing(const detail::Tally& a, const detail::Tally& b,
                                   std::size_t cells) {
    std::size_t differ = 0;
    for (std::size_t i = 0; i < cells; ++i) {
        const detail::Cell& x = a.cells[i];
        const detail::Cell& y = b.cells[i];
        differ += std::bit_cast<std::uint64_t>(x.sum) != std::bit_cast<std::uint64_t>(y.sum) ||
                  x.count != y.count || x.said_not_applicable != y.said_not_applicable;
    }
    return differ;
}

}  // namespace tallied_test

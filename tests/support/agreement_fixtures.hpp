// Helpers for the agreement tests: reading the reference data sets of
// tests/data/agreement/ and building rating matrices in code.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "shortlist/analysis/agreement.hpp"

namespace agreement_test {

using shortlist::RatingMatrix;

inline constexpr double kNa = std::numeric_limits<double>::quiet_NaN();

/// Reads a whitespace-separated subjects x raters table; "NA" is missing and
/// lines starting with '#' are comments.
inline RatingMatrix load(const std::string& name) {
    const std::string path = std::string(SHORTLIST_TEST_DATA) + "/agreement/" + name;
    std::ifstream in(path);
    REQUIRE(in.good());
    RatingMatrix m;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string field;
        std::size_t raters = 0;
        while (fields >> field) {
            m.values.push_back(field == "NA" ? kNa : std::stod(field));
            ++raters;
        }
        REQUIRE((m.subjects == 0 || raters == m.raters));
        m.raters = raters;
        ++m.subjects;
    }
    return m;
}

inline RatingMatrix from_rows(const std::vector<std::vector<double>>& rows) {
    RatingMatrix m;
    m.subjects = rows.size();
    m.raters = rows.front().size();
    for (const auto& row : rows)
        m.values.insert(m.values.end(), row.begin(), row.end());
    return m;
}

/// Two raters' ratings (categories 1..C) expanded from a C x C contingency
/// table: table[i][j] subjects got i + 1 from the first rater and j + 1 from the second.
inline RatingMatrix from_table(const std::vector<std::vector<int>>& table) {
    std::vector<std::vector<double>> rows;
    for (std::size_t i = 0; i < table.size(); ++i)
        for (std::size_t j = 0; j < table[i].size(); ++j)
            for (int n = 0; n < table[i][j]; ++n)
                rows.push_back({static_cast<double>(i + 1), static_cast<double>(j + 1)});
    return from_rows(rows);
}

inline void check_estimate(const std::optional<shortlist::IccEstimate>& e, double value,
                           double margin) {
    REQUIRE(e.has_value());
    CHECK(e->value == Approx(value).margin(margin));
}

inline void check_ci(const std::optional<shortlist::IccEstimate>& e, double lower,
                     double lower_margin, double upper, double upper_margin) {
    REQUIRE(e.has_value());
    REQUIRE(e->ci.has_value());
    CHECK(e->ci->lower == Approx(lower).margin(lower_margin));
    CHECK(e->ci->upper == Approx(upper).margin(upper_margin));
}

}  // namespace agreement_test

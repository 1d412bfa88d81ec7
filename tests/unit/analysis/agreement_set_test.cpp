// Every agreement statistic at once (agreement_set) and straight from a rating
// table (table_agreement_set): the same results, bit for bit, as each
// statistic's own function on the dense matrix. The statistics' values
// themselves are checked against published examples in agreement_test.cpp.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"

using namespace shortlist;

namespace {

const std::filesystem::path data = SHORTLIST_TEST_DATA;

/// What each statistic's own function gives on m, as agreement_set should.
AgreementSet one_by_one(const RatingMatrix& m, const AgreementSetOptions& options) {
    AgreementSet s;
    s.subjects = m.subjects;
    s.raters = m.raters;
    for (double v : m.values)
        s.ratings += std::isnan(v) ? 0U : 1U;
    s.rater_labels = m.rater_labels;
    s.icc = intraclass_correlation(m, options.confidence);
    for (std::size_t i = 0; i < s.alpha.size(); ++i) {
        AlphaOptions o;
        o.metric = static_cast<AlphaMetric>(i);
        o.bootstrap_samples = options.bootstrap_samples;
        o.confidence = options.confidence;
        s.alpha[i] = krippendorff_alpha(m, o);
    }
    s.fleiss = fleiss_kappa(m, options.confidence);
    s.kendall = kendall_w(m);
    CohenOptions cohen;
    cohen.confidence = options.confidence;
    bool whole = options.scale_min && options.scale_max;
    for (double v : m.values)
        whole = whole && (std::isnan(v) || std::floor(v) == v);
    if (whole) {
        cohen.scale_min = options.scale_min;
        cohen.scale_max = options.scale_max;
    }
    s.cohen = pairwise_cohen_kappa(m, cohen);
    s.chance = chance_corrected_agreement(m, cohen);
    return s;
}

/// agreement_set and table_agreement_set against one_by_one, for each
/// criterion and over all of them.
void check_table(const RatingTable& t, const AgreementSetOptions& options) {
    for (std::uint32_t c = 0; c < t.criteria.size(); ++c) {
        INFO("criterion " << t.criteria[c].view());
        const RatingMatrix m = criterion_matrix(t, c);
        const AgreementSet expected = one_by_one(m, options);
        CHECK(agreement_set(m, options) == expected);
        CHECK(table_agreement_set(t, c, options) == expected);
    }
    INFO("overall");
    const RatingMatrix all = overall_matrix(t);
    const AgreementSet expected = one_by_one(all, options);
    CHECK(agreement_set(all, options) == expected);
    CHECK(table_agreement_set(t, std::nullopt, options) == expected);
}

}  // namespace

TEST_CASE("agreement_set: the calibration data, with and without a scale", "[agreement_set]") {
    const RatingTable t = load_rating_table(data / "calibration" / "ratings.csv");
    AgreementSetOptions options;
    options.bootstrap_samples = 200;
    check_table(t, options);
    options.scale_min = 1;
    options.scale_max = 5;
    check_table(t, options);
}

TEST_CASE("agreement_set: subjects rated once, unpairable, negative and fractional ratings",
          "[agreement_set]") {
    // A1 is rated once on c (unpairable for alpha, outside Fleiss' modal count),
    // A3 gives the ratio metric a negative value and A4 a fraction, so Cohen's
    // categories are the values given.
    const RatingTable t = parse_rating_table(
        "applicant_id,criterion,assessor,score\n"
        "A1,c,R1,4\nA2,c,R1,3\nA2,c,R2,3\nA2,c,R3,2\nA3,c,R2,-1\nA3,c,R3,1\n"
        "A4,c,R1,2.5\nA4,c,R3,2\nA5,c,R1,5\nA5,c,R2,4\nA5,c,R3,5\n"
        "A1,d,R2,1\nA1,d,R3,2\nA2,d,R2,2\nA2,d,R3,2\nA4,d,R2,3\nA4,d,R3,1\n",
        "t.csv");
    AgreementSetOptions options;
    options.bootstrap_samples = 0;
    options.confidence = 0.9;
    options.scale_min = -1;
    options.scale_max = 5;
    check_table(t, options);
}

TEST_CASE("table_agreement_set: a cell rated twice holds the later rating, NaN is missing",
          "[agreement_set]") {
    // Not from a ratings file (the parser refuses both): the dense matrix
    // keeps the later of two ratings of a cell and takes NaN as missing.
    RatingTable t;
    t.applicants = {ApplicantId("A1"), ApplicantId("A2"), ApplicantId("A3")};
    t.criteria = {CriterionId("c")};
    t.assessors = {AssessorId("R1"), AssessorId("R2"), AssessorId("R3")};
    t.scales = {{1, 5}};
    const double nan = std::numeric_limits<double>::quiet_NaN();
    t.ratings = {{0, 0, 1, 2, 3},  {0, 0, 0, 3, 4},   {0, 0, 1, 4, 5}, {1, 0, 0, 5, 2},
                 {1, 0, 1, 6, 2},  {1, 0, 2, 7, nan}, {2, 0, 2, 8, 1}, {2, 0, 0, 9, 1},
                 {2, 0, 1, 10, 3}, {1, 0, 2, 11, 4}};
    AgreementSetOptions options;
    options.bootstrap_samples = 0;
    check_table(t, options);
    const AgreementSet s = table_agreement_set(t, 0u, options);
    CHECK(s.ratings == 8);  // A1: R1 4, R2 5 (the later); A2: R1, R2, R3 4 (the later); A3: three
}

TEST_CASE("agreement_set: an unusable matrix gives each statistic the note", "[agreement_set]") {
    RatingMatrix m = RatingMatrix::all_missing(3, 2);
    m.set(0, 0, 1);
    m.set(0, 1, 2);
    m.set(1, 0, std::numeric_limits<double>::infinity());
    m.set(2, 1, 3);
    const AgreementSet s = agreement_set(m);
    CHECK(s == one_by_one(m, {}));
    CHECK(s.ratings == 4);
    REQUIRE(s.icc.notes.size() == 1);
    CHECK(s.icc.notes[0] == s.chance.notes.at(0));
    CHECK(s.cohen.empty());
}

TEST_CASE("pairwise_cohen_kappa: every pair as cohen_kappa gives it, few raters or many",
          "[agreement_set]") {
    // Few raters: the pairs are grouped by a counting sort; 100 raters with 3
    // a subject of 200: by sorting the list of pairs (raters^2 > 4 pairs + 4096).
    for (const std::size_t raters : {std::size_t{5}, std::size_t{100}}) {
        INFO(raters << " raters");
        const std::size_t subjects = 2 * raters;
        RatingMatrix m = RatingMatrix::all_missing(subjects, raters);
        for (std::size_t s = 0; s < subjects; ++s)
            for (std::size_t k = 0; k < 3; ++k)
                m.set(s, (s / 2 + k) % raters, static_cast<double>(1 + (s * 7 + k * 3) % 5));
        const auto all = pairwise_cohen_kappa(m);
        std::size_t pairs = 0;
        for (std::size_t a = 0; a < raters; ++a)
            for (std::size_t b = a + 1; b < raters; ++b) {
                const auto one = cohen_kappa(m, a, b);
                if (one.shared_subjects < 2)
                    continue;
                REQUIRE(pairs < all.size());
                CHECK(all[pairs] == one);
                ++pairs;
            }
        CHECK(pairs == all.size());
        CHECK(pairs > 0);
    }
}

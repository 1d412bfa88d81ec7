// Adverse impact: the four-fifths rule, Fisher's exact test and the z-test
// against published and hand-computed values; the loaders; suppression and
// attribution.
#include <catch2/catch.hpp>

#include <boost/math/distributions/hypergeometric.hpp>
#include <cmath>

#include <string>
#include <vector>

#include "shortlist/analysis/fairness.hpp"
#include "shortlist/error.hpp"

using namespace shortlist;

namespace {

std::string error_of(void (*f)()) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("four-fifths: the Uniform Guidelines' worked example", "[fairness]") {
    // EEOC, OPM, DoJ, DoL and Treasury, Questions and Answers to Clarify and
    // Provide a Common Interpretation of the Uniform Guidelines on Employee
    // Selection Procedures, 44 FR 11996 (March 2, 1979), the four-fifths
    // example: hiring rates of 60% (whites other than Hispanics), 45%
    // (American Indians), 48% (Hispanics) and 51% (Blacks) give impact ratios
    // 45/60 = 75%, 48/60 = 80% and 51/60 = 85%: "adverse impact is indicated
    // for American Indians but not for Hispanics or Blacks". Hispanics sit at
    // exactly 80%, which is not "less than four-fifths". As counts of 100:
    CHECK(four_fifths_flag(45, 100, 60, 100));
    CHECK_FALSE(four_fifths_flag(48, 100, 60, 100));
    CHECK_FALSE(four_fifths_flag(51, 100, 60, 100));
    CHECK(45.0 / 60.0 == Approx(0.75));
    CHECK(51.0 / 60.0 == Approx(0.85));
    // Hand-computed: 12 of 40 selected against 48 of 80, rates 30% and 60%,
    // ratio one half.
    CHECK(four_fifths_flag(12, 40, 48, 80));
    CHECK_FALSE(four_fifths_flag(48, 80, 48, 80));
    // 29 CFR 1607.4(D): "less than four-fifths (4/5) (or eighty percent)". A
    // ratio of exactly 0.8 is not less: 4 of 10 against 5 of 10.
    CHECK_FALSE(four_fifths_flag(4, 10, 5, 10));
    CHECK(four_fifths_flag(39, 100, 49, 100));  // 0.39 / 0.49 = 0.796
    // 8/25 = 0.32 and 2/5 = 0.4: exactly 0.8, which doubles compute as
    // 0.7999999999999999 (0.32 / 0.4 in IEEE 754). Counted exactly, no flag.
    CHECK(8.0 / 25.0 / (2.0 / 5.0) < 0.8);
    CHECK_FALSE(four_fifths_flag(8, 25, 2, 5));
    CHECK(four_fifths_flag(7, 25, 2, 5));  // 0.28 / 0.4 = 0.7
    // No rate to compare with: never flagged.
    CHECK_FALSE(four_fifths_flag(0, 10, 0, 10));
    CHECK_FALSE(four_fifths_flag(0, 0, 5, 10));
    // Counts far beyond 32 bits do not overflow (products are 128-bit).
    CHECK_FALSE(
        four_fifths_flag(4'000'000'000ULL, 10'000'000'000ULL, 5'000'000'000ULL, 10'000'000'000ULL));
    CHECK(
        four_fifths_flag(3'999'999'999ULL, 10'000'000'000ULL, 5'000'000'000ULL, 10'000'000'000ULL));
}

TEST_CASE("Fisher's exact test: published tables", "[fairness]") {
    // Agresti (2002), Categorical Data Analysis, 2nd ed., Section 3.5.2, Table
    // 3.8 (Fisher's tea-tasting experiment): [[3, 1], [1, 3]], two-sided
    // P = 0.486; R's fisher.test(TeaTasting) example prints p-value = 0.4857.
    CHECK(fisher_exact_two_sided(3, 1, 1, 3) == Approx(0.4857142857).epsilon(1e-9));
    // Wikipedia, "Fisher's exact test", example (men and women dieting):
    // [[1, 9], [11, 3]], two-tailed p = 0.002759.
    CHECK(fisher_exact_two_sided(1, 9, 11, 3) == Approx(0.002759).epsilon(1e-3));
    // Hand-computed: [[5, 0], [0, 5]]; margins 5,5 / 5,5; the table and its
    // mirror each have probability 1 / C(10, 5) = 1/252, the others more:
    // p = 2/252.
    CHECK(fisher_exact_two_sided(5, 0, 0, 5) == Approx(2.0 / 252).epsilon(1e-12));
    // The same table read either way round.
    CHECK(fisher_exact_two_sided(9, 1, 3, 11) == Approx(fisher_exact_two_sided(1, 9, 11, 3)));
    // Hand-computed, far in the tail: [[n, 0], [0, n]] has probability
    // 1 / C(2n, n), as has its mirror, every other table more: p = 2 / C(2n, n).
    // For n = 300, C(600, 300) is about 1.35e179.
    const double log_c = std::lgamma(601.0) - 2 * std::lgamma(301.0);
    CHECK(std::log(fisher_exact_two_sided(300, 0, 0, 300)) ==
          Approx(std::log(2.0) - log_c).epsilon(1e-9));
    // The walk from the mode agrees with summing Boost's pdf table by table
    // (here: 46 tables), and on a batch-sized table (100,000 applicants) with
    // the normal approximation.
    {
        const boost::math::hypergeometric_distribution<double> h(45, 50, 100);
        const double obs = boost::math::pdf(h, 30u);
        double direct = 0;
        for (unsigned x = 0; x <= 45; ++x)
            if (boost::math::pdf(h, x) <= obs * (1 + 1e-7))
                direct += boost::math::pdf(h, x);
        CHECK(fisher_exact_two_sided(30, 20, 15, 35) == Approx(direct).epsilon(1e-10));
    }
    {
        // Yates' (1934) continuity correction makes the normal approximation
        // track Fisher's test: |z| shrinks by 0.5 (1/n1 + 1/n2) / |r1 − r2|
        // = 0.00002 / 0.012 of itself.
        const double p = fisher_exact_two_sided(24'700, 25'300, 25'300, 24'700);
        const double z = std::fabs(*two_proportion_z(24'700, 50'000, 25'300, 50'000));
        const double z_yates = z * (1 - 0.00002 / 0.012);
        CHECK(p == Approx(std::erfc(z_yates / std::sqrt(2.0))).epsilon(0.005));
    }
    // An empty margin: nothing to test.
    CHECK(fisher_exact_two_sided(0, 0, 3, 4) == 1);
    CHECK(fisher_exact_two_sided(0, 5, 0, 4) == 1);
}

TEST_CASE("two-proportion z-test, pooled", "[fairness]") {
    // Hand-computed for 12/40 against 48/80 (as above); pooled p =
    // 60/120 = 0.5; se = sqrt(0.25 × (1/40 + 1/80)) = sqrt(0.009375) =
    // 0.0968246; z = (0.3 − 0.6) / 0.0968246 = −3.0984.
    const auto z = two_proportion_z(12, 40, 48, 80);
    REQUIRE(z);
    CHECK(*z == Approx(-3.0983867).epsilon(1e-7));
    CHECK(*two_proportion_z(48, 80, 12, 40) == Approx(3.0983867).epsilon(1e-7));
    // No variance (everyone or nobody selected) or an empty group: none.
    CHECK_FALSE(two_proportion_z(0, 10, 0, 20));
    CHECK_FALSE(two_proportion_z(10, 10, 20, 20));
    CHECK_FALSE(two_proportion_z(0, 0, 3, 20));
}

TEST_CASE("results: the score CSV read back", "[fairness]") {
    const ScoreResults r = parse_results(
        "rank,applicant_id,status,total\n"
        "1,'=A1,shortlisted,90\n"
        ",A2,not_eligible,10\n"
        ",A3,guaranteed_interview,20\n"
        "2,'x,not_shortlisted,50\n",
        "r.csv");
    REQUIRE(r.records.size() == 4);
    CHECK_FALSE(r.gates_known);
    CHECK(r.records[0].applicant_id ==
          ApplicantId("=A1"));  // the writer's ' against formulas removed
    CHECK(r.records[3].applicant_id == ApplicantId("'x"));  // a ' the writer did not add stays
    CHECK(r.records[0].passed_gates);
    CHECK_FALSE(r.records[1].passed_gates);
    CHECK_FALSE(r.records[2].passed_gates);
    CHECK(r.records[2].status == "guaranteed_interview");

    CHECK(
        error_of([] { (void)parse_results("rank,applicant_id,status\n1,A1,picked\n", "r.csv"); }) ==
        "r.csv:2:3: error: status 'picked' is not one of shortlisted, "
        "guaranteed_interview, not_shortlisted, not_eligible");
    CHECK(error_of([] {
              (void)parse_results("rank,applicant_id,status\n1,A1,shortlisted\n2,A1,shortlisted\n",
                                  "r.csv");
          }) == "r.csv:3:2: error: duplicate applicant_id 'A1' (first at line 2)");
    CHECK(error_of([] {
              (void)parse_results("applicant_id,rank\nA1,1\n", "r.csv");
          }).starts_with("r.csv:1: error: missing column 'status'"));
    // Only applicant_id and status: the shortlisted stage alone.
    const ScoreResults bare = parse_results("applicant_id,status\nA1,shortlisted\n", "r.csv");
    CHECK_FALSE(bare.passed_known);
    Monitoring m;
    m.columns = {"sex"};
    m.applicant_ids = {ApplicantId("A1")};
    m.values = {{"F"}};
    FairnessOptions open;
    open.disclosure = 0;
    const FairnessReport rep = assess_fairness(bare, m, open);
    REQUIRE(rep.stages.size() == 2);
    CHECK(rep.stages[0].stage == "shortlisted");
}

TEST_CASE("results: the score JSON read back, with failed gates", "[fairness]") {
    const ScoreResults r = parse_results(R"({"applicants": [
  {"applicant_id": "A1", "status": "not_eligible", "failed_gates": [
    {"kind": "eligibility", "id": "fitness", "message": "m"},
    {"kind": "minimum", "id": "communication", "message": "m"},
    {"kind": "pass_mark", "id": "pass_mark", "message": "m"}]},
  {"applicant_id": "A2", "status": "shortlisted", "failed_gates": []}
]})",
                                         "r.txt");
    REQUIRE(r.gates_known);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].failed_gates ==
          std::vector<std::string>{"eligibility:fitness", "minimum:communication", "pass_mark"});
    CHECK_FALSE(r.records[0].passed_gates);
    CHECK(r.records[1].passed_gates);
    CHECK(error_of([] {
              (void)parse_results(
                  "{\"applicants\": [{\"applicant_id\": \"A1\", \"status\": \"not_eligible\",\n"
                  "  \"failed_gates\": [{\"kind\": \"fitness\", \"id\": \"x\"}]}]}",
                  "r.json");
          }) ==
          "r.json:2:29: error: failed gate kind 'fitness' is not one of eligibility, "
          "minimum, no_evidence, pass_mark");
    CHECK(error_of([] {
              (void)parse_results("{\"applicants\": [{\"status\": \"shortlisted\"}]}", "r.json");
          }) == "r.json:1:17: error: missing key 'applicant_id' in an applicant");
}

TEST_CASE("monitoring: the file, blanks and errors", "[fairness]") {
    const Monitoring m =
        parse_monitoring("applicant_id,sex,ethnicity\nA1,Female,\nA2, Male ,Asian\n", "m.csv");
    CHECK(m.columns == std::vector<std::string>{"sex", "ethnicity"});
    CHECK(m.applicant_ids == std::vector<ApplicantId>{ApplicantId("A1"), ApplicantId("A2")});
    CHECK(m.values[0] == std::vector<std::string>{"Female", "Male"});
    CHECK(m.values[1] == std::vector<std::string>{std::string(not_stated), "Asian"});
    CHECK(error_of([] { (void)parse_monitoring("applicant_id\nA1\n", "m.csv"); }) ==
          "m.csv:1: error: no group column: a monitoring file has applicant_id and at least one "
          "column such as sex or ethnicity");
    CHECK(error_of([] { (void)parse_monitoring("applicant_id,sex\nA1,F\nA1,M\n", "m.csv"); }) ==
          "m.csv:3:1: error: duplicate applicant_id 'A1' (first at line 2)");
    CHECK(error_of([] { (void)parse_monitoring("applicant_id,sex\nA1,F,x\n", "m.csv"); }) ==
          "m.csv:2:3: error: this row has 3 fields but the header has 2");
}

namespace {

/// `n` applicants of `group` in column "g", `selected` of them shortlisted,
/// the rest not eligible for failing `gate`.
void add(ScoreResults& r, Monitoring& m, const std::string& group, std::size_t n,
         std::size_t selected, const std::string& gate = "eligibility:fitness") {
    for (std::size_t i = 0; i < n; ++i) {
        ResultRecord rec;
        rec.applicant_id = ApplicantId(group + std::to_string(i));
        rec.status = i < selected ? "shortlisted" : "not_eligible";
        rec.passed_gates = i < selected;
        if (i >= selected)
            rec.failed_gates = {gate};
        r.records.push_back(rec);
        m.applicant_ids.push_back(rec.applicant_id);
        m.values[0].push_back(group);
    }
}

const GroupImpact& group(const ColumnImpact& c, const std::string& name) {
    for (const auto& g : c.groups)
        if (g.group == name)
            return g;
    FAIL("no group " << name);
    return c.groups.front();
}

}  // namespace

TEST_CASE("assess_fairness: rates, reference, suppression, attribution", "[fairness]") {
    ScoreResults r;
    r.gates_known = true;
    Monitoring m;
    m.columns = {"g"};
    m.values.resize(1);
    add(r, m, "A", 80, 48);                      // 60%
    add(r, m, "B", 40, 12, "minimum:teamwork");  // 30%: flagged
    add(r, m, "C", 3, 3);                        // too few: suppressed
    add(r, m, "D", 6, 6);                        // the next smallest: suppressed too
    const FairnessReport rep = assess_fairness(r, m);
    REQUIRE(rep.stages.size() == 4);
    CHECK(rep.stages[0].stage == "eligible");
    CHECK(rep.stages[2].stage == "shortlisted");
    CHECK(rep.stages[3].stage == "shortlisted_on_rank");
    const ColumnImpact& c = rep.stages[2].columns.at(0);
    // D's 100% is not the reference: it is suppressed (else C = total − A − B − D).
    REQUIRE(c.reference_group == "A");
    CHECK(group(c, "A").reference);
    const GroupImpact& b = group(c, "B");
    CHECK(b.n == 40);
    CHECK(b.selected == 12);
    CHECK(*b.rate == Approx(0.3));
    CHECK(*b.impact_ratio == Approx(0.5));
    CHECK(b.four_fifths_flag);
    CHECK(*b.z == Approx(-3.0983867).epsilon(1e-7));
    CHECK_FALSE(b.small);
    CHECK_FALSE(b.one_person_shift);  // 13/40 against 47/80: still far below
    for (const std::string name : {"C", "D"}) {
        const GroupImpact& s = group(c, name);
        CHECK(s.suppressed);
        CHECK(s.n == 0);
        CHECK_FALSE(s.rate);
        CHECK_FALSE(s.four_fifths_flag);
    }
    // Eligible stage: B's failures were a minimum, not an eligibility
    // condition, so all of B is eligible.
    CHECK(group(rep.stages[0].columns[0], "B").selected == 40);
    // Attribution: the gate that removes most of each group, and the excess
    // over the reference group (A loses 32/80 = 40% to fitness, B 0%).
    const ColumnAttribution& a = rep.attribution.at(0);
    CHECK(a.reference_group == "A");
    const GroupAttribution& ab = a.groups[1];
    REQUIRE(ab.group == "B");
    CHECK(ab.largest == "minimum:teamwork");
    CHECK(ab.largest_excess == "minimum:teamwork");
    CHECK(ab.gates.front().share == Approx(0.7));
    CHECK(*ab.gates.front().excess == Approx(0.7));
    CHECK(a.groups[2].suppressed);
    CHECK(a.groups[2].gates.empty());

    // With no disclosure control, C and D show, and D (100%) is the reference.
    FairnessOptions open;
    open.disclosure = 0;
    const FairnessReport all = assess_fairness(r, m, open);
    CHECK(all.stages[2].columns[0].reference_group == "D");
    CHECK(group(all.stages[2].columns[0], "C").small);
}

TEST_CASE("assess_fairness: a difference that one selection reverses", "[fairness]") {
    // Questions and Answers on the Uniform Guidelines (1979), on small
    // numbers: enforcement is inappropriate where "the selection of one
    // different person for one job would shift the result from adverse impact
    // against one group to a situation in which that group has a higher
    // selection rate than the other group". Here 2 of 10 against 3 of 10:
    // 0.2 / 0.3 = 0.67, flagged; with 3 of 10 against 2 of 10 the group leads.
    ScoreResults r;
    Monitoring m;
    m.columns = {"g"};
    m.values.resize(1);
    add(r, m, "P", 10, 3);
    add(r, m, "Q", 10, 2);
    const FairnessReport report = assess_fairness(r, m);  // q refers into it
    const GroupImpact& q = group(report.stages.back().columns[0], "Q");
    CHECK(q.four_fifths_flag);
    CHECK(q.one_person_shift);
}

TEST_CASE("assess_fairness: not stated is never the reference; unmatched ids", "[fairness]") {
    ScoreResults r;
    Monitoring m;
    m.columns = {"g"};
    m.values.resize(1);
    add(r, m, "X", 10, 5);
    add(r, m, std::string(not_stated), 10, 10);
    ResultRecord extra;  // in the results, not the monitoring file
    extra.applicant_id = ApplicantId("Z1");
    extra.status = "not_shortlisted";
    extra.passed_gates = true;
    r.records.push_back(extra);
    m.applicant_ids.emplace_back("gone");  // in the monitoring file, not the results
    m.values[0].push_back("X");
    const FairnessReport rep = assess_fairness(r, m);
    CHECK(rep.stages.size() == 3);  // no failed gates known: no eligible stage
    CHECK(rep.attribution.empty());
    CHECK(rep.without_monitoring == 1);
    CHECK(rep.monitoring_not_in_results == 1);
    REQUIRE(rep.stages[1].stage == "shortlisted");
    const ColumnImpact& c = rep.stages[1].columns[0];
    CHECK(c.reference_group == "X");
    CHECK(group(c, std::string(not_stated)).n == 11);
}

// Simulated panels (docs/simulate.md): the random numbers, the linking
// designs, the models, recovery of known severities by calibration,
// determinism by seed and thread count, and the design reader's errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/simulation/random.hpp"
#include "shortlist/analysis/simulation.hpp"
#include "shortlist/error.hpp"
#include "shortlist/report/simulation.hpp"
#include "unit/analysis/pearson.hpp"
#include "util/io.hpp"

namespace fs = std::filesystem;
using namespace shortlist;

namespace {

const fs::path bad_dir = fs::path(SHORTLIST_SOURCE_DIR) / "tests/data/simulate/bad";

SimulationDesign six_criteria(std::size_t applicants, std::size_t assessors, std::size_t k) {
    SimulationDesign d;
    d.source = "test";
    d.seed = 20261207;
    d.applicants = applicants;
    d.assessors = assessors;
    d.ability = {0, 0.8};
    for (std::size_t j = 0; j < assessors; ++j)  // evenly spread, -0.8 .. 0.8
        d.severities.push_back(-0.8 +
                               1.6 * static_cast<double>(j) / static_cast<double>(assessors - 1));
    for (int c = 0; c < 6; ++c)
        d.criteria.push_back({CriterionId("c" + std::to_string(c + 1)), "", Group::Essential, 1, 1,
                              5, 0.1 * (c - 2.5)});
    d.linking = k == assessors ? LinkingDesign::Complete : LinkingDesign::Random;
    d.per_applicant = k;
    d.noise = 0.5;
    d.top = 40;
    return d;
}

using shortlist::test::pearson;

/// The rows of a CSV text after its header, split on commas.
std::vector<std::vector<std::string>> rows(const std::string& csv) {
    std::vector<std::vector<std::string>> out;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream ls(line);
        std::string cell;
        while (std::getline(ls, cell, ','))
            cells.push_back(cell);
        out.push_back(cells);
    }
    return out;
}

}  // namespace

TEST_CASE("the engine and the uniform numbers are the standard's", "[simulation]") {
    // The C++ standard ([rand.predef]) fixes mt19937_64's 10000th output for
    // the default seed 5489; its first output is 14514284786278117030
    // (Matsumoto & Nishimura's reference mt19937-64.c, init_genrand64(5489)).
    std::mt19937_64 reference;
    reference.discard(9999);
    CHECK(reference() == 9981545732273789042ULL);
    detail::Random rng(5489);
    CHECK(rng.uniform() == static_cast<double>(14514284786278117030ULL >> 11) * 0x1.0p-53);
}

TEST_CASE("normal numbers have mean 0 and variance 1", "[simulation]") {
    detail::Random rng(42);
    constexpr int n = 200000;
    double sum = 0, sq = 0, beyond = 0;
    for (int i = 0; i < n; ++i) {
        const double z = rng.normal();
        sum += z;
        sq += z * z;
        beyond += std::abs(z) > 1.959964 ? 1 : 0;
    }
    // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032,
    // the 5% tail sqrt(0.05 * 0.95 / n) = 0.0005; each checked at about 4.5 SE.
    CHECK(sum / n == Approx(0).margin(0.01));
    CHECK(sq / n == Approx(1).margin(0.015));
    CHECK(beyond / n == Approx(0.05).margin(0.0025));
}

TEST_CASE("integers below n are uniform", "[simulation]") {
    detail::Random rng(7);
    std::vector<int> counts(6, 0);
    for (int i = 0; i < 60000; ++i)
        ++counts[rng.below(6)];
    for (int c : counts)  // expected 10000, sd sqrt(60000 * 1/6 * 5/6) = 91
        CHECK(std::abs(c - 10000) < 450);
}

TEST_CASE("a simulated panel's severities are recovered by calibration", "[simulation]") {
    // A realistic sift: 400 applicants, 12 assessors, 3 per applicant at
    // random, 6 criteria on a 1-5 scale.
    const SimulationDesign d = six_criteria(400, 12, 3);
    const SimulatedPanel panel = simulate_panel(d, 0);
    const ReplicateResult r = evaluate_panel(d, panel);
    REQUIRE(r.usable);
    REQUIRE(r.correlation);
    CHECK(*r.correlation >= 0.95);
    // And computed here from the estimates, not taken from the result.
    std::vector<double> truth, est;
    for (std::size_t j = 0; j < d.assessors; ++j) {
        REQUIRE(r.estimated_severities[j]);
        truth.push_back(d.severities[j]);
        est.push_back(*r.estimated_severities[j]);
    }
    CHECK(pearson(truth, est) >= 0.95);
    CHECK(pearson(truth, est) == Approx(*r.correlation).epsilon(1e-12));
    // Calibration should not make the shortlist worse than the raw one by
    // much; with severities up to 0.8 points it should make it better.
    REQUIRE(r.overlap_adjusted);
    CHECK(*r.overlap_adjusted >= r.overlap_raw);
}

TEST_CASE("the Rasch model's categories follow its probabilities", "[simulation]") {
    // Ability, difficulty and severity 0, thresholds -1, 0, 1:
    // P(k) ∝ exp(-Σ_{h≤k} τ_h) = 1, e, e, 1 for k = 0..3.
    SimulationDesign d;
    d.applicants = 20000;
    d.ability = {0, 0};
    d.assessors = 1;
    d.severities = {0};
    d.criteria.push_back({CriterionId("c1"), "", Group::Essential, 1, 1, 4, 0});
    d.model = SimulationModel::Rasch;
    d.thresholds = {-1, 0, 1};
    d.top = 1;
    const SimulatedPanel p = simulate_panel(d, 0);
    std::map<std::string, double> share;
    for (const auto& row : rows(p.ratings_csv))
        share[row[3]] += 1.0 / 20000;
    const double e = std::exp(1.0), z = 2 + 2 * e;
    // Standard error of a share near 0.37 from 20000 draws: 0.0034.
    CHECK(share["1"] == Approx(1 / z).margin(0.015));
    CHECK(share["2"] == Approx(e / z).margin(0.015));
    CHECK(share["3"] == Approx(e / z).margin(0.015));
    CHECK(share["4"] == Approx(1 / z).margin(0.015));
}

TEST_CASE("the additive model without noise is rounded and clipped truth", "[simulation]") {
    SimulationDesign d = six_criteria(50, 2, 2);
    d.severities = {0.3, -2.0};
    d.noise = 0;
    const SimulatedPanel p = simulate_panel(d, 0);
    std::map<std::string, std::size_t> applicant, criterion;
    for (std::size_t a = 0; a < p.applicant_ids.size(); ++a)
        applicant[p.applicant_ids[a].value()] = a;
    for (std::size_t c = 0; c < d.criteria.size(); ++c)
        criterion[d.criteria[c].id.value()] = c;
    const auto all = rows(p.ratings_csv);
    REQUIRE(all.size() == 50 * 6 * 2);
    for (const auto& row : all) {
        const double ability = p.abilities[applicant[row[0]]];
        const double difficulty = d.criteria[criterion[row[1]]].difficulty;
        const double severity = row[2] == "R1" ? 0.3 : -2.0;
        const double expected =
            std::clamp(std::round(3 + ability - difficulty - severity), 1.0, 5.0);
        CHECK(std::stod(row[3]) == expected);
    }
}

TEST_CASE("balanced blocks pair every two assessors equally often", "[simulation]") {
    // 5 assessors, 2 per applicant: 10 blocks; 30 applicants = 3 cycles, so
    // every pair of assessors shares exactly 3 applicants and every assessor
    // rates 12 (r = λ (v − 1) / (k − 1) = 3 · 4 / 1).
    SimulationDesign d = six_criteria(30, 5, 2);
    d.linking = LinkingDesign::BalancedBlocks;
    const SimulatedPanel p = simulate_panel(d, 0);
    std::map<std::string, std::set<std::string>> of;
    for (const auto& row : rows(p.ratings_csv))
        of[row[0]].insert(row[2]);
    std::map<std::pair<std::string, std::string>, int> pairs;
    std::map<std::string, int> load;
    for (const auto& [applicant, assessors] : of) {
        REQUIRE(assessors.size() == 2);
        pairs[{*assessors.begin(), *assessors.rbegin()}]++;
        for (const auto& j : assessors)
            load[j]++;
    }
    CHECK(pairs.size() == 10);
    for (const auto& [pair, n] : pairs)
        CHECK(n == 3);
    for (const auto& [j, n] : load)
        CHECK(n == 12);
}

TEST_CASE("missing ratings and guaranteed interviews come at their rates", "[simulation]") {
    SimulationDesign d = six_criteria(2000, 4, 4);
    d.missing_rate = 0.1;
    d.guaranteed_interview_rate = 0.05;
    const SimulatedPanel p = simulate_panel(d, 0);
    const std::size_t cells = 2000 * 6 * 4;
    CHECK(p.ratings + p.missing == cells);
    // sd of the share: sqrt(0.1 · 0.9 / 48000) = 0.0014; of 0.05 in 2000: 0.0049.
    CHECK(static_cast<double>(p.missing) / cells == Approx(0.1).margin(0.007));
    const auto opted = std::count(p.guaranteed.begin(), p.guaranteed.end(), true);
    CHECK(static_cast<double>(opted) / 2000 == Approx(0.05).margin(0.02));
}

TEST_CASE("the same seed gives the same panel, the same files and the same experiment",
          "[simulation]") {
    SimulationDesign d = six_criteria(120, 6, 3);
    d.severities.clear();  // drawn from the spread in each replicate
    d.missing_rate = 0.05;
    const SimulatedPanel a = simulate_panel(d, 1), b = simulate_panel(d, 1);
    CHECK(a.ratings_csv == b.ratings_csv);
    CHECK(a.applicants_csv == b.applicants_csv);
    CHECK(a.rulebook_yaml == b.rulebook_yaml);
    CHECK(simulate_panel(d, 2).ratings_csv != a.ratings_csv);

    const fs::path dir = fs::temp_directory_path() / "shortlist_simulation_test";
    fs::remove_all(dir);
    write_panel(dir / "one", d, a);
    write_panel(dir / "two", d, b);
    for (const auto& name : panel_file_names())
        CHECK(detail::read_file(dir / "one" / name) == detail::read_file(dir / "two" / name));
    fs::remove_all(dir);

    ExperimentOptions one, two;
    one.replicates = two.replicates = 5;
    one.threads = 1;
    two.threads = 2;
    const ExperimentResult x1 = run_experiment(d, one), x2 = run_experiment(d, two);
    CHECK(x1.replicates == x2.replicates);
    CHECK(x1.assessors == x2.assessors);
    std::ostringstream j1, j2;
    write_json(j1, x1);
    write_json(j2, x2);
    CHECK(j1.str() == j2.str());
}

TEST_CASE("the example designs load", "[simulation]") {
    const fs::path examples = fs::path(SHORTLIST_SOURCE_DIR) / "examples/designs";
    const SimulationDesign complete = load_design(examples / "complete_panel.yaml");
    CHECK(complete.applicants == 120);
    CHECK(complete.severities == std::vector<double>{0.6, 0.3, 0, -0.9});
    CHECK(complete.criteria.size() == 4);
    CHECK(complete.criteria[2].weight == 2);
    const SimulationDesign sparse = load_design(examples / "sparse_linking.yaml");
    CHECK(sparse.linking == LinkingDesign::Random);
    CHECK(sparse.per_applicant == 3);
    CHECK(sparse.criteria.size() == 20);  // the Staffordshire rulebook's
    CHECK(sparse.criteria[0].id == CriterionId("communication"));
    CHECK(sparse.criteria[0].difficulty == 0.3);
    CHECK(sparse.top == 40);
}

TEST_CASE("design errors name file:line:column", "[simulation]") {
    const auto [file, expected] = GENERATE(table<std::string, std::string>({
        {"unknown_key.yaml",
         "7:3: error: unknown key 'per_aplicant' in linking (allowed: design, per_applicant)"},
        {"missing_count.yaml", "2:3: error: missing required key 'count' in applicants"},
        {"bad_rate.yaml", "5:15: error: missing_rate in design must be between 0 and 1, not 1.5"},
        {"count_not_whole.yaml",
         "1:21: error: count in applicants must be a whole number from 1 to 1000000, not 10.5"},
        {"severities_count.yaml",
         "4:15: error: severities in assessors gives 2 values for 3 assessors (one each)"},
        {"per_applicant_too_many.yaml",
         "7:18: error: per_applicant in linking is 4, more than the 3 assessors"},
        {"unknown_linking.yaml",
         "6:11: error: design in linking must be one of complete, random, balanced_blocks, not "
         "'round_robin'"},
        {"noise_with_rasch.yaml",
         "7:3: error: noise in model applies to the additive model only (the Rasch model draws "
         "each rating from its own probabilities)"},
        {"thresholds_count.yaml",
         "7:15: error: thresholds in model gives 3 values, but criterion 'communication' has 4 "
         "steps on its scale"},
        {"bad_scale.yaml",
         "5:12: error: scale of criterion 'communication' must run over whole points with min "
         "below max and at most 101 points, not 5 to 1"},
        {"duplicate_criterion.yaml",
         "5:9: error: duplicate criterion id 'communication' (first at line 4, column 9)"},
        {"bad_seed.yaml",
         "1:7: error: seed in design must be a whole number from 0 to 18446744073709551615, not "
         "'-3'"},
        {"no_criteria.yaml",
         "1:1: error: missing required key 'criteria' in design (or 'rulebook' to take them "
         "from)"},
        {"unknown_difficulty.yaml",
         "3:3: error: difficulties in design: the rulebook has no criterion 'comunication'"},
        {"negative_sd.yaml", "3:26: error: sd in ability must be 0 or more, not -1"},
        {"duplicate_key.yaml",
         "3:1: error: duplicate key 'applicants' in design (first at line 1, column 1)"},
    }));
    CAPTURE(file);
    const fs::path path = bad_dir / file;
    try {
        (void)load_design(path);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(format(e.diagnostics().front()) == path.string() + ":" + expected);
    }
}

TEST_CASE("a rulebook the design names must exist", "[simulation]") {
    const fs::path path = bad_dir / "missing_rulebook.yaml";
    try {
        (void)load_design(path);
        FAIL("no error");
    } catch (const Error& e) {
        const std::string what = format(e.diagnostics().front());
        CHECK(what.rfind(path.string() + ":1:11: error: cannot read rulebook '", 0) == 0);
        CHECK(what.find("no_such_rulebook.yaml") != std::string::npos);
    }
}

TEST_CASE("a Rasch panel's severities are recovered by the Rasch fit", "[simulation]") {
    SimulationDesign d = six_criteria(400, 12, 3);
    d.model = SimulationModel::Rasch;
    d.fit = EffectsModel::Rasch;
    d.ability = {0, 1};
    ExperimentOptions o;
    o.replicates = 20;
    const ExperimentResult x = run_experiment(d, o);
    CHECK(x.unusable == 0);
    REQUIRE(x.correlation.min);
    CHECK(*x.correlation.min >= 0.95);
    // Joint maximum likelihood stretches severities outward, by roughly
    // L / (L - 1) for L ratings per applicant, as
    // include/shortlist/analysis/calibration.hpp documents: here L = 3
    // assessors x 6 criteria = 18, so about 18/17 = 1.059. Over 20
    // replicates the mean slope has a standard error of about 0.011.
    REQUIRE(x.slope.mean);
    CHECK(*x.slope.mean == Approx(18.0 / 17.0).margin(0.035));
}

TEST_CASE("the panel is not written over the design's own rulebook", "[simulation]") {
    const fs::path dir = fs::temp_directory_path() / "shortlist_simulation_inputs";
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(fs::path(SHORTLIST_SOURCE_DIR) / "rules/staffordshire_pcso.yaml",
                  dir / "rulebook.yaml");
    fs::create_directories(dir / "frameworks");
    fs::copy(fs::path(SHORTLIST_SOURCE_DIR) / "rules/frameworks", dir / "frameworks");
    {
        std::ofstream design(dir / "design.yaml");
        design << "rulebook: rulebook.yaml\napplicants: {count: 20}\nassessors: {count: 3}\n";
    }
    const SimulationDesign d = load_design(dir / "design.yaml");
    const std::string before = detail::read_file(dir / "rulebook.yaml");
    CHECK_THROWS_WITH(write_panel(dir, d, simulate_panel(d, 0)),
                      Catch::Contains("one of its inputs: choose another --out directory"));
    CHECK(detail::read_file(dir / "rulebook.yaml") == before);
    CHECK_FALSE(fs::exists(dir / "ratings.csv"));
    fs::remove_all(dir);
}

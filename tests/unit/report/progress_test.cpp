// Progress of the long steps (shortlist/progress.hpp; docs/cli.md, "Progress"):
// each step reports to a recording callback counts that never go down and end
// at (total, total), and the result is the one computed without progress.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/report/calibration.hpp"
#include "shortlist/report/progress.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"

using namespace shortlist;
namespace fs = std::filesystem;

namespace {

const std::string source = SHORTLIST_SOURCE_DIR;
const std::string rules = source + "/rules/staffordshire_pcso.yaml";
const std::string jsonl_rules = source + "/rules/gloucestershire_pcso.yaml";  // applicants.jsonl's
const std::string data = source + "/examples/data/";
const std::string ratings_file = data + "ratings/staffordshire-pcso.csv";

using Calls = std::vector<std::pair<std::size_t, std::size_t>>;

/// Every step's calls, by step name, and the steps in the order they started.
struct Recorder {
    std::map<std::string, Calls> calls;
    std::vector<std::string> order;
    std::map<std::string, std::string> units;

    ProgressSteps steps() {
        return [this](std::string_view step, std::string_view unit) -> ProgressCallback {
            const std::string name(step);
            order.push_back(name);
            units[name] = std::string(unit);
            Calls* to = &calls[name];
            return [to](std::size_t done, std::size_t total) { to->emplace_back(done, total); };
        };
    }
};

/// Counts that never go down, one total, the last call (total, total); with
/// `partway`, at least one call before the end.
void check_complete(const Calls& calls, bool partway) {
    REQUIRE_FALSE(calls.empty());
    const std::size_t total = calls.back().second;
    CHECK(total > 0);
    CHECK(calls.back().first == total);
    std::size_t last = 0;
    for (const auto& [done, of] : calls) {
        CHECK(of == total);
        CHECK(done >= last);
        CHECK(done <= total);
        last = done;
    }
    if (partway) {
        REQUIRE(calls.size() >= 2);
        CHECK(calls[calls.size() - 2].first < total);
    }
}

std::vector<std::string> read_lines(const std::string& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

/// The example panel made `copies` times larger: applicant ids prefixed by
/// the copy ("C7A0001"), ratings for the first `rated` copies only, in the
/// applicants' order (as a stream needs them); applicants.jsonl (for the
/// Gloucestershire rulebook) `jsonl_copies` times larger.
struct BigPanel {
    fs::path dir;
    fs::path applicants, ratings, jsonl;
};

BigPanel big_panel(std::string_view name, std::size_t copies, std::size_t rated,
                   std::size_t jsonl_copies) {
    BigPanel p;
    // A directory of the test case's own: ctest runs the cases as processes
    // at once, and a file rewritten while another process has it mapped
    // would end that process with SIGBUS.
    p.dir = fs::path(SHORTLIST_BINARY_DIR) / "tests" / "progress_tmp" / name;
    fs::create_directories(p.dir);
    p.applicants = p.dir / "applicants.csv";
    p.ratings = p.dir / "ratings.csv";
    p.jsonl = p.dir / "applicants.jsonl";
    const auto people = read_lines(data + "applicants.csv");
    const auto marks = read_lines(ratings_file);
    const auto lines = read_lines(data + "applicants.jsonl");
    std::map<std::string, std::vector<std::string>> marks_of;  // by applicant id
    for (std::size_t k = 1; k < marks.size(); ++k)
        marks_of[marks[k].substr(0, marks[k].find(','))].push_back(marks[k]);
    std::ofstream a(p.applicants), r(p.ratings), j(p.jsonl);
    a << people.front() << '\n';
    r << marks.front() << '\n';
    for (std::size_t c = 0; c < copies; ++c) {
        const std::string prefix = "C" + std::to_string(c);
        for (std::size_t i = 1; i < people.size(); ++i) {
            a << prefix << people[i] << '\n';
            // Ratings follow each applicant, as the stream needs them.
            if (c < rated)
                for (const std::string& m : marks_of[people[i].substr(0, people[i].find(','))])
                    r << prefix << m << '\n';
        }
        for (const std::string& l : c < jsonl_copies ? lines : std::vector<std::string>{}) {
            const std::string key = "\"applicant_id\":\"";
            const std::size_t at = l.find(key);
            REQUIRE(at != std::string::npos);
            j << l.substr(0, at + key.size()) << prefix << l.substr(at + key.size()) << '\n';
        }
    }
    return p;
}

}  // namespace

TEST_CASE("progress: loading CSV, JSON Lines and a rating table", "[progress]") {
    const Rulebook rulebook = load_rulebook(rules);
    const BigPanel p = big_panel("loading", 20, 10, 2);  // 4,000 applicants, 120,000 ratings

    Recorder rec;
    const Evidence with = load_evidence(rulebook, p.applicants, p.ratings, rec.steps());
    CHECK(with == load_evidence(rulebook, p.applicants, p.ratings));
    CHECK(with.applicants.size() == 4000);
    REQUIRE(rec.order == std::vector<std::string>{"reading applicants.csv", "reading ratings.csv"});
    CHECK(rec.units["reading ratings.csv"] == "bytes");
    check_complete(rec.calls["reading applicants.csv"], true);
    check_complete(rec.calls["reading ratings.csv"], true);
    CHECK(rec.calls["reading applicants.csv"].back().second == fs::file_size(p.applicants));
    CHECK(rec.calls["reading ratings.csv"].back().second == fs::file_size(p.ratings));

    Recorder lines;
    const Rulebook gloucestershire = load_rulebook(jsonl_rules);
    const Evidence jsonl = load_evidence(gloucestershire, p.jsonl, std::nullopt, lines.steps());
    CHECK(jsonl == load_evidence(gloucestershire, p.jsonl));
    REQUIRE(lines.order == std::vector<std::string>{"reading applicants.jsonl"});
    check_complete(lines.calls["reading applicants.jsonl"], true);

    Calls table_calls;
    const RatingTable table = load_rating_table(
        p.ratings, [&](std::size_t d, std::size_t t) { table_calls.emplace_back(d, t); });
    CHECK(table == load_rating_table(p.ratings));
    check_complete(table_calls, true);
}

TEST_CASE("progress: the alpha bootstrap on any number of threads", "[progress]") {
    const Rulebook rulebook = load_rulebook(rules);
    const Evidence evidence = load_evidence(rulebook, data + "applicants.csv", ratings_file);
    const RatingMatrix m = overall_matrix(make_rating_table(evidence, rulebook));
    AlphaOptions o;
    o.bootstrap_samples = 500;
    o.threads = 1;
    const AlphaResult plain = krippendorff_alpha(m, o);
    REQUIRE(plain.ci);
    for (unsigned threads : {1U, 2U}) {
        Calls calls;
        o.threads = threads;
        o.progress = [&](std::size_t d, std::size_t t) { calls.emplace_back(d, t); };
        const AlphaResult with = krippendorff_alpha(m, o);
        CHECK(with.alpha == plain.alpha);
        CHECK(with.ci == plain.ci);
        CHECK(with.notes == plain.notes);
        check_complete(calls, true);
        CHECK(calls.back().second == 500);
    }
}

TEST_CASE("progress: the Rasch fit's sweeps", "[progress]") {
    const Rulebook rulebook = load_rulebook(rules);
    const Evidence evidence = load_evidence(rulebook, data + "applicants.csv", ratings_file);
    const RatingTable table = make_rating_table(evidence, rulebook);
    Calls calls;
    const AssessorEffects with =
        fit_assessor_effects(table, EffectsModel::Rasch,
                             [&](std::size_t d, std::size_t t) { calls.emplace_back(d, t); });
    const AssessorEffects plain = fit_assessor_effects(table, EffectsModel::Rasch);
    CHECK(with.assessors == plain.assessors);
    CHECK(with.criterion_effects == plain.criterion_effects);
    CHECK(with.applicant_effects == plain.applicant_effects);
    CHECK(with.thresholds == plain.thresholds);
    CHECK(with.iterations == plain.iterations);
    REQUIRE(plain.iterations > 2);
    check_complete(calls, true);
    CHECK(calls.back().second == rasch_progress_total);
    Calls additive;
    (void)fit_assessor_effects(table, EffectsModel::Additive,
                               [&](std::size_t d, std::size_t t) { additive.emplace_back(d, t); });
    CHECK(additive.empty());  // a direct solve: no step worth showing
}

TEST_CASE("progress: calibrate's steps in order", "[progress]") {
    CalibrationRequest request;
    request.rules = rules;
    request.applicants = data + "applicants.csv";
    request.ratings = ratings_file;
    request.model = EffectsModel::Rasch;
    request.bootstrap = 100;
    Recorder rec;
    request.progress = rec.steps();
    Audit audit("calibrate", {});
    const CalibrationReport with = calibration_report(request, audit);
    request.progress = {};
    Audit again("calibrate", {});
    const CalibrationReport plain = calibration_report(request, again);
    std::ostringstream a, b;
    write_json(a, with);
    write_json(b, plain);
    CHECK(a.str() == b.str());
    CHECK(rec.order == std::vector<std::string>{"reading applicants.csv",
                                                "reading staffordshire-pcso.csv", "Rasch fit",
                                                "alpha bootstrap"});
    for (const auto& step : rec.order)
        check_complete(rec.calls[step], step == "Rasch fit" || step == "alpha bootstrap");
    CHECK(rec.units["alpha bootstrap"] == "resamples");
}

TEST_CASE("progress: a stream's pass over the file", "[progress]") {
    const Rulebook rulebook = load_rulebook(rules);
    const BigPanel p = big_panel("stream", 20, 20, 0);  // 4,000 applicants, every one rated
    const Scorer scorer(rulebook);
    StreamOptions o;
    o.top = 10;
    o.chunk_bytes = 64 << 10;
    const StreamResult plain = shortlist_stream(scorer, p.applicants, p.ratings, o);
    Recorder rec;
    o.progress = rec.steps();
    const StreamResult with = shortlist_stream(scorer, p.applicants, p.ratings, o);
    CHECK(with.shortlist == plain.shortlist);
    REQUIRE_FALSE(rec.order.empty());
    CHECK(rec.order.front() == "streaming applicants.csv and ratings.csv");
    CHECK(rec.order.size() == plain.passes);
    for (const auto& step : rec.order)
        check_complete(rec.calls[step], true);
    CHECK(rec.calls[rec.order.front()].back().second ==
          fs::file_size(p.applicants) + fs::file_size(p.ratings));
}

TEST_CASE("progress bar: a step's lines, a unit in bytes, none drawn when done at once or small",
          "[progress]") {
    std::ostringstream os;
    {
        ProgressDisplay display(os, "score", 1'000'000);
        const ProgressSteps steps = display.steps();
        const ProgressCallback quick = steps("reading a.csv", "bytes");
        quick(10, 10);  // done at its first report: nothing drawn
        const ProgressCallback small = steps("reading c.csv", "bytes");
        small(1, 999'999);  // under the display's 1 MB: not drawn
        CHECK(os.str().empty());
        const ProgressCallback file = steps("reading b.csv", "bytes");
        file(1'000'000, 4'000'000);
        CHECK(os.str() == "\rscore: reading b.csv [" + std::string(7, '#') + std::string(23, '.') +
                              "] 25% of 4 MB");
        const ProgressCallback share = steps("Rasch fit", "");  // erases the unfinished bar
        share(500, 1000);
    }  // the display goes: its bar is erased
    const std::string text = os.str();
    const std::string quarter =
        "score: reading b.csv [" + std::string(7, '#') + std::string(23, '.') + "] 25% of 4 MB";
    const std::string half =
        "score: Rasch fit [" + std::string(15, '#') + std::string(15, '.') + "] 50%";
    CHECK(text == "\r" + quarter + "\r" + std::string(quarter.size(), ' ') + "\r\r" + half + "\r" +
                      std::string(half.size(), ' ') + "\r");
}

// The fuzz entry points (fuzz_entry.hpp). Built into each libFuzzer target
// with clang and into the replay test with the regular compiler.
#include "fuzz_entry.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <variant>

#include "shortlist/analysis/anchoring.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/report/calibration.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/csv.hpp"
#include "util/json.hpp"
#if defined(SHORTLIST_WITH_XLSX)
#include "evidence/xlsx/xlsx_input.hpp"
#endif

/// A broken invariant: abort, which libFuzzer reports as a crash and the
/// replay test as a failed run. (Not assert: it must hold in Release too.)
#define SHORTLIST_FUZZ_CHECK(condition)                                                    \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, \
                         #condition);                                                      \
            std::abort();                                                                  \
        }                                                                                  \
    } while (false)

namespace shortlist::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path& good_dir() {
    static const fs::path dir = fs::path(SHORTLIST_TEST_DATA) / "good";
    return dir;
}

/// The rulebook the evidence targets load against: every fact type, an
/// ordinal, indicators, a competency framework, a yes/no scale.
const Scorer& scorer() {
    static const Scorer s(load_rulebook(good_dir() / "rulebook.yaml"));
    return s;
}

/// Three applicants for the ratings target to rate.
const Evidence& three_applicants() {
    static const Evidence e = parse_applicants_csv(
        scorer().rulebook(),
        "applicant_id,full_driving_licence,bleep_test_level,vetting,gcse_maths_english,"
        "equivalent_skills,qualification,bmi,home_force,guaranteed_interview\n"
        "A1,true,5.4,CTC,true,false,nvq2,30,west,false\n"
        "A2,true,6.1,SC,false,true,none,41,,true\n"
        "A3,,,,,,,,,\n",
        "applicants.csv");
    return e;
}

bool is_json(const std::string& text) {
    return std::holds_alternative<detail::JsonValue>(detail::parse_json(text));
}

/// True if `text` reads back as CSV with one row per applicant, each as wide
/// as the header (the writer quoted every comma, quote and line break).
bool is_csv(const std::string& text, std::size_t rows) {
    try {
        detail::CsvReader reader(text, "report.csv");
        if (!reader.next())
            return false;
        const std::size_t columns = reader.fields().size();
        std::size_t read = 0;
        for (; reader.next(); ++read)
            if (reader.fields().size() != columns)
                return false;
        return read == rows;
    } catch (const EvidenceError&) {
        return false;
    }
}

/// What a loaded batch goes through in `shortlist score`: scoring (which the
/// loaders promise never refuses what they accepted), ranking, both reports.
void score_and_report(const Evidence& evidence) {
    const Rulebook& rb = scorer().rulebook();
    std::vector<Outcome> outcomes = scorer().score(evidence);
    SHORTLIST_FUZZ_CHECK(outcomes.size() == evidence.applicants.size());
    const Shortlist list = select(rb, std::move(outcomes), std::size_t{2});
    SHORTLIST_FUZZ_CHECK(list.entries.size() == evidence.applicants.size());
    std::ostringstream csv;
    write_csv(csv, rb, list);
    SHORTLIST_FUZZ_CHECK(is_csv(csv.str(), evidence.applicants.size()));
    std::ostringstream json;
    ReportOptions options;
    options.explain = true;
    write_json(json, rb, list, options);
    SHORTLIST_FUZZ_CHECK(is_json(json.str()));
}

}  // namespace

void rulebook(std::string_view data) {
    Rulebook rb;
    try {
        rb = parse_rulebook(data, "fuzz.yaml", good_dir());
    } catch (const RulebookError& e) {
        SHORTLIST_FUZZ_CHECK(!e.diagnostics().empty());
        return;
    }
    // Whatever loads passes the checks the scorer runs, and compiles.
    SHORTLIST_FUZZ_CHECK(shortlist::validate(rb).empty());
    SHORTLIST_FUZZ_CHECK(effective_weights(rb).size() == rb.criteria.size());
    SHORTLIST_FUZZ_CHECK(is_json(to_json(rb)));
    const Scorer compiled(std::move(rb));
    (void)compiled;
}

void validate(std::string_view data) {
    const std::vector<Diagnostic> found = validate_text(data, "fuzz.yaml", good_dir());
    for (const Diagnostic& d : found)
        SHORTLIST_FUZZ_CHECK(!d.message.empty() && !d.location.file.empty());
    // A rulebook that loads validates clean (a framework file validates clean
    // and does not load as a rulebook).
    bool loads = true;
    try {
        (void)parse_rulebook(data, "fuzz.yaml", good_dir());
    } catch (const Error&) {
        loads = false;
    }
    if (loads)
        SHORTLIST_FUZZ_CHECK(found.empty());
}

void applicants_csv(std::string_view data) {
    Evidence evidence;
    try {
        evidence = parse_applicants_csv(scorer().rulebook(), data, "applicants.csv");
    } catch (const EvidenceError& e) {
        SHORTLIST_FUZZ_CHECK(e.location().file == "applicants.csv");
        return;
    }
    SHORTLIST_FUZZ_CHECK(!evidence.applicants.empty());
    for (const auto& column : evidence.facts)
        SHORTLIST_FUZZ_CHECK(column.size() == evidence.applicants.size());
    score_and_report(evidence);
}

void ratings_csv(std::string_view data) {
    Evidence evidence = three_applicants();
    try {
        parse_ratings_csv(scorer().rulebook(), evidence, data, "ratings.csv");
    } catch (const EvidenceError& e) {
        SHORTLIST_FUZZ_CHECK(e.location().file == "ratings.csv");
        // A failed read leaves the evidence as it was.
        SHORTLIST_FUZZ_CHECK(evidence == three_applicants());
        return;
    }
    score_and_report(evidence);
}

void jsonl(std::string_view data) {
    Evidence evidence;
    try {
        evidence = parse_jsonl(scorer().rulebook(), data, "applicants.jsonl");
    } catch (const EvidenceError& e) {
        SHORTLIST_FUZZ_CHECK(e.location().file == "applicants.jsonl");
        return;
    }
    score_and_report(evidence);
}

void rating_table(std::string_view data) {
    RatingTable table;
    try {
        table = parse_rating_table(data, "ratings.csv");
    } catch (const EvidenceError& e) {
        SHORTLIST_FUZZ_CHECK(e.location().file == "ratings.csv");
        return;
    }
    try {
        (void)fit_assessor_effects(table);
    } catch (const EvidenceError&) {
        // Too many effects to estimate: refused with a message, as documented.
    }
}

void monitoring(std::string_view data) {
    Monitoring m;
    try {
        m = parse_monitoring(data, "monitoring.csv");
    } catch (const EvidenceError& e) {
        SHORTLIST_FUZZ_CHECK(e.location().file == "monitoring.csv");
        return;
    }
    SHORTLIST_FUZZ_CHECK(!m.columns.empty() && m.values.size() == m.columns.size());
    for (const auto& column : m.values)
        SHORTLIST_FUZZ_CHECK(column.size() == m.applicant_ids.size());
    for (const auto& id : m.applicant_ids)
        SHORTLIST_FUZZ_CHECK(!id.view().empty());
    // What `shortlist fairness` does next: the join and the statistics.
    static const ScoreResults fixed = parse_results(
        "applicant_id,status,rank\nA1,shortlisted,1\nA2,not_shortlisted,2\nA3,not_eligible,\n",
        "results.csv");
    const FairnessReport report = assess_fairness(fixed, m, FairnessOptions{1, 5});
    SHORTLIST_FUZZ_CHECK(report.applicants == fixed.records.size());
}

void results(std::string_view data) {
    ScoreResults r;
    try {
        r = parse_results(data, "results.csv");
    } catch (const EvidenceError& e) {
        SHORTLIST_FUZZ_CHECK(e.location().file == "results.csv");
        return;
    }
    for (const ResultRecord& x : r.records) {
        SHORTLIST_FUZZ_CHECK(!x.applicant_id.view().empty() && x.line > 0);
        if (r.gates_known)
            SHORTLIST_FUZZ_CHECK(x.passed_gates == x.failed_gates.empty());
    }
    static const Monitoring groups =
        parse_monitoring("applicant_id,sex\nA1,Female\nA2,Male\nA3,\n", "monitoring.csv");
    const FairnessReport report = assess_fairness(r, groups, FairnessOptions{1, 5});
    SHORTLIST_FUZZ_CHECK(report.applicants == r.records.size());
}

void anchors(std::string_view data) {
    Anchors a;
    try {
        a = parse_anchors(data, "earlier.json");
    } catch (const EvidenceError& e) {
        SHORTLIST_FUZZ_CHECK(e.location().file == "earlier.json");
        return;
    }
    static const RatingTable table = parse_rating_table(
        "applicant_id,criterion,assessor,score\nA1,c,R1,4\nA1,c,R2,2\nA2,c,R1,5\nA2,c,R2,4\n"
        "A2,c,R3,3\nA3,c,R2,1\nA3,c,R3,2\n",
        "ratings.csv");
    for (auto model : {EffectsModel::Additive, EffectsModel::Rasch}) {
        try {
            const AnchoredEffects out = fit_anchored_effects(table, model, a);
            SHORTLIST_FUZZ_CHECK(out.anchoring.drift.size() == out.anchoring.anchored.size());
            for (auto j : out.anchoring.anchored)
                SHORTLIST_FUZZ_CHECK(out.effects.assessors[j].anchored);
        } catch (const EvidenceError& e) {
            // Another model or scale, or no assessor shared: refused at the file.
            SHORTLIST_FUZZ_CHECK(e.location().file == "earlier.json");
        }
    }
}

#if defined(SHORTLIST_WITH_XLSX)
void xlsx(std::string_view data) {
    Evidence evidence;
    try {
        const detail::SheetText sheet =
            detail::sheet_text(detail::read_sheet(data, "fuzz.xlsx", std::nullopt), "fuzz.xlsx");
        evidence = detail::parse_sheet(sheet, [](std::string_view text, std::string_view name) {
            return parse_applicants_csv(scorer().rulebook(), text, name);
        });
    } catch (const EvidenceError& e) {
        // Every error names the workbook, or a place in its sheet.
        SHORTLIST_FUZZ_CHECK(e.location().file.rfind("fuzz.xlsx", 0) == 0);
        return;
    }
    score_and_report(evidence);
}
#endif

std::span<const Target> targets() {
    static constexpr Target all[] = {
        {"rulebook", &rulebook},
        {"validate", &validate},
        {"applicants_csv", &applicants_csv},
        {"ratings_csv", &ratings_csv},
        {"jsonl", &jsonl},
        {"rating_table", &rating_table},
        {"monitoring", &monitoring},
        {"results", &results},
        {"anchors", &anchors},
#if defined(SHORTLIST_WITH_XLSX)
        {"xlsx", &xlsx},
#endif
    };
    return all;
}

}  // namespace shortlist::fuzz

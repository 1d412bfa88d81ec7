// The HTML report (include/shortlist/report/html.hpp) on the example data with
// a hostile applicant id and rulebook title: every section and chart, every
// input text escaped, no way to reach the network, and the same bytes twice.
#include <catch2/catch.hpp>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/calibration.hpp"
#include "shortlist/report/html.hpp"
#include "shortlist/scorer.hpp"
#include "util/io.hpp"

using namespace shortlist;

namespace {

const std::string hostile = "<script>alert(1)</script>";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

std::string example(const std::string& path) {
    return detail::read_file(std::string(SHORTLIST_SOURCE_DIR) + "/examples/data/" + path);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

/// The report of the example data with applicant A0001 renamed to a script
/// tag (in applicants, ratings and monitoring) and a hostile rulebook title.
PanelReport example_report() {
    PanelReport r;
    Rulebook loaded =
        load_rulebook(std::string(SHORTLIST_SOURCE_DIR) + "/rules/staffordshire_pcso.yaml");
    loaded.title = "PCSO <b>\"panel\"</b> & co";
    const std::string name = "\"" + hostile + "\"";  // a quoted CSV cell
    Evidence evidence = parse_applicants_csv(
        loaded, replace_all(example("applicants.csv"), "\nA0001,", "\n" + name + ","),
        "applicants.csv");
    parse_ratings_csv(
        loaded, evidence,
        replace_all(example("ratings/staffordshire-pcso.csv"), "\nA0001,", "\n" + name + ","),
        "ratings.csv");
    const Scorer scorer(loaded);
    r.rulebook = scorer.rulebook();
    r.shortlist = select(r.rulebook, scorer.score(evidence));
    r.what_it_takes = what_it_takes(r.rulebook, r.shortlist);
    CalibrationOptions co;
    co.bootstrap = 0;
    r.calibration = calibration_report(make_rating_table(evidence, r.rulebook), co);
    SensitivityOptions so;
    so.draws = 20;
    r.sensitivity = sensitivity(r.rulebook, r.shortlist, so);
    r.fairness = assess_fairness(
        results_of(r.shortlist),
        parse_monitoring(replace_all(example("monitoring.csv"), "\nA0001,", "\n" + name + ","),
                         "monitoring.csv"));
    return r;
}

/// An audit record that carries the hostile text too.
AuditRecord hostile_record() {
    AuditRecord a;
    a.command = "report";
    a.arguments = {hostile};
    a.time = "2026-12-07T10:00:00Z";
    return a;
}

std::string html_of(const PanelReport& r, const AuditRecord* audit = nullptr,
                    std::string_view reproduce = {}) {
    std::ostringstream os;
    write_html(os, r, audit, reproduce);
    return os.str();
}

}  // namespace

TEST_CASE("report: every section and chart, input text escaped, no request possible",
          "[html_report]") {
    const PanelReport r = example_report();
    const AuditRecord record = hostile_record();
    const std::string html = html_of(r, &record, "shortlist verify " + hostile + ".html");

    for (const auto& id : html_section_ids())
        CHECK(count(html, "<section id=\"" + id + "\">") == 1);
    for (const char* chart : {"chart-distribution", "chart-groups", "chart-agreement",
                              "chart-severity", "chart-sensitivity", "chart-fairness-0"})
        CHECK(count(html, std::string("aria-labelledby=\"") + chart + "-title ") == 1);
    // One <details> per applicant.
    CHECK(count(html, "<details class=\"applicant\"") == r.shortlist.entries.size());

    // The hostile id (in tables, charts, explanations, the audit block) and
    // the rulebook title only ever appear escaped.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 4);
    CHECK(html.find("PCSO &lt;b&gt;&quot;panel&quot;&lt;/b&gt; &amp; co") != std::string::npos);

    // Nothing to fetch: the policy forbids it, and nothing asks.
    CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                    "form-action 'none'\">") != std::string::npos);
    CHECK(html.find(" src=") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    // The only URLs are the SVG namespace names, which nothing fetches.
    CHECK(count(html, "://") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(count(html, "href=\"") == count(html, "href=\"#"));
}

TEST_CASE("report: the same inputs give the same bytes", "[html_report]") {
    const PanelReport r = example_report();
    const AuditRecord record = hostile_record();
    const std::string a = html_of(r, &record);
    const std::string b = html_of(example_report(), &record);
    CHECK(a == b);
    CHECK(a.size() > 100000);
}

TEST_CASE("report: parts not computed say why", "[html_report]") {
    const PanelReport full = example_report();
    PanelReport r;
    r.rulebook = full.rulebook;
    r.shortlist = full.shortlist;
    const std::string html = html_of(r);
    for (const auto& id : html_section_ids())
        CHECK(count(html, "<section id=\"" + id + "\">") == 1);
    CHECK(count(html, "Not computed: no ratings were given") ==
          3);  // agreement, moderation, severity
    CHECK(html.find("Not computed: no equality-monitoring file") != std::string::npos);
    CHECK(html.find("No audit record") != std::string::npos);
    CHECK(html.find("chart-severity") == std::string::npos);
    CHECK(count(html, "<details class=\"applicant\"") == r.shortlist.entries.size());
}

TEST_CASE("results_of: the score output as fairness reads it", "[html_report]") {
    const PanelReport f = example_report();
    const ScoreResults r = results_of(f.shortlist);
    REQUIRE(r.records.size() == f.shortlist.entries.size());
    CHECK(r.gates_known);
    for (std::size_t i = 0; i < r.records.size(); ++i) {
        const ShortlistEntry& e = f.shortlist.entries[i];
        const Outcome& o = f.shortlist.outcomes[e.outcome];
        CHECK(r.records[i].applicant_id == o.id);
        CHECK(r.records[i].status == to_string(e.status));
        CHECK(r.records[i].passed_gates == o.eligible());
        REQUIRE(r.records[i].failed_gates.size() == o.failed_gates.size());
        for (std::size_t k = 0; k < o.failed_gates.size(); ++k) {
            const std::string& g = r.records[i].failed_gates[k];
            const GateFailure& want = o.failed_gates[k];
            switch (want.kind) {  // the score CSV's spelling (docs/fairness.md)
                case GateFailure::Kind::PassMark:
                    CHECK(g == "pass_mark");
                    break;
                case GateFailure::Kind::Eligibility:
                    CHECK(g == "eligibility:" + want.id);
                    break;
                case GateFailure::Kind::Minimum:
                    CHECK(g == "minimum:" + want.id);
                    break;
                case GateFailure::Kind::NoEvidence:
                    CHECK(g == "no_evidence:" + want.id);
                    break;
            }
        }
    }
}

TEST_CASE("panel_report: a plain recorder will do; dropped columns noted as score notes them",
          "[html_report]") {
    const std::string blind = std::string(SHORTLIST_SOURCE_DIR) + "/tests/data/blind";
    PanelRequest request;
    request.rules = blind + "/monitored.yaml";
    request.applicants = blind + "/applicants.csv";
    request.draws = 0;
    RunRecorder recorder;  // records nothing
    const PanelReport r = panel_report(request, recorder);
    CHECK(r.notes == std::vector<std::string>{"monitoring-only columns dropped from " + blind +
                                              "/applicants.csv on load, never scored: sex "
                                              "ethnicity"});
    CHECK_FALSE(r.shortlist.entries.empty());
    CHECK_FALSE(r.calibration);
    CHECK_FALSE(r.sensitivity);
}

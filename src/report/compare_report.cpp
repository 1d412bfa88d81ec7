// The compare command's report: both rulebooks on their evidence, then
// compare() (docs/comparison.md).
#include "report/table_names.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/compare.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist {

namespace fs = std::filesystem;

namespace {

/// Record the evidence files: "applicants" when both sides read the same
/// file, else "applicants a" and "applicants b" (ratings alike).
void audit_evidence(const EvidenceFiles& a, const EvidenceFiles& b, RunRecorder& recorder) {
    auto record = [&](const std::string& role, const std::optional<fs::path>& pa,
                      const std::optional<fs::path>& pb) {
        if (pa && pb && *pa == *pb) {
            recorder.input(role, *pa);
            return;
        }
        if (pa)
            recorder.input(role + " a", *pa);
        if (pb)
            recorder.input(role + " b", *pb);
    };
    record("applicants", a.applicants, b.applicants);
    record("ratings", a.ratings, b.ratings);
}

Shortlist select_side(const Rulebook& rulebook, const EvidenceFiles& files,
                      std::optional<std::size_t> top) {
    // The blind sift of score_report: no protected or identifying column is
    // read (docs/fairness.md).
    (void)check_blind_columns(rulebook, files.applicants);
    const Evidence evidence = load_evidence(rulebook, files.applicants, files.ratings);
    const Scorer scorer(rulebook);
    return select(scorer.rulebook(), scorer.score(evidence), top);
}

}  // namespace

ComparisonReport comparison_report(const ComparisonRequest& request, RunRecorder& recorder) {
    const Rulebook a = load_rulebook(request.rules_a);
    recorder.rulebook(a, "a");
    const Rulebook b = load_rulebook(request.rules_b);
    recorder.rulebook(b, "b");
    audit_evidence(request.evidence_a, request.evidence_b, recorder);
    if (request.csv_dir)
        recorder.refuse_overwriting_inputs_in(*request.csv_dir, report::comparison_table_names());
    const Shortlist shortlist_a = select_side(a, request.evidence_a, request.top);
    const Shortlist shortlist_b = select_side(b, request.evidence_b, request.top);
    return {{a.id, request.rules_a.string()},
            {b.id, request.rules_b.string()},
            compare(a, shortlist_a, b, shortlist_b)};
}

}  // namespace shortlist

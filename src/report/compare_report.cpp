// The compare command's report: both rulebooks on their evidence, then
// compare() (docs/comparison.md).
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
void audit_evidence(const EvidenceFiles& a, const EvidenceFiles& b, Audit& audit) {
    auto record = [&](const std::string& role, const std::optional<fs::path>& pa,
                      const std::optional<fs::path>& pb) {
        if (pa && pb && *pa == *pb) {
            audit.input(role, *pa);
            return;
        }
        if (pa)
            audit.input(role + " a", *pa);
        if (pb)
            audit.input(role + " b", *pb);
    };
    record("applicants", a.applicants, b.applicants);
    record("ratings", a.ratings, b.ratings);
}

Shortlist select_side(const Rulebook& rulebook, const EvidenceFiles& files,
                      std::optional<std::size_t> top) {
    const Evidence evidence = load_evidence(rulebook, files.applicants, files.ratings);
    const Scorer scorer(rulebook);
    return select(scorer.rulebook(), scorer.score(evidence), top);
}

}  // namespace

ComparisonReport comparison_report(const ComparisonRequest& request, Audit& audit) {
    const Rulebook a = load_rulebook(request.rules_a);
    audit.rulebook(a, "a");
    const Rulebook b = load_rulebook(request.rules_b);
    audit.rulebook(b, "b");
    audit_evidence(request.evidence_a, request.evidence_b, audit);
    if (request.csv_dir)
        refuse_overwriting_inputs_in(audit, *request.csv_dir, comparison_table_names());
    const Shortlist shortlist_a = select_side(a, request.evidence_a, request.top);
    const Shortlist shortlist_b = select_side(b, request.evidence_b, request.top);
    return {{a.id, request.rules_a.string()},
            {b.id, request.rules_b.string()},
            compare(a, shortlist_a, b, shortlist_b)};
}

}  // namespace shortlist

// The sensitivity command's report: the baseline shortlist, then the weight
// draws around it (docs/sensitivity.md).
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/sensitivity.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist {

SensitivityReport sensitivity_report(const SensitivityRequest& request, Audit& audit) {
    const Rulebook rulebook = load_rulebook(request.rules);
    audit.rulebook(rulebook);
    audit.input("applicants", request.applicants);
    if (request.ratings)
        audit.input("ratings", *request.ratings);
    audit.seed(request.options.seed);
    if (request.csv_dir)
        refuse_overwriting_inputs_in(audit, *request.csv_dir, sensitivity_table_names());
    const Evidence evidence = load_evidence(rulebook, request.applicants, request.ratings);
    const Scorer scorer(rulebook);
    const Shortlist baseline = select(scorer.rulebook(), scorer.score(evidence), request.top);
    return {scorer.rulebook().id, sensitivity(scorer.rulebook(), baseline, request.options)};
}

}  // namespace shortlist

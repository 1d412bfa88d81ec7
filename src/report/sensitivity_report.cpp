// The sensitivity command's report: the baseline shortlist, then the weight
// draws around it (docs/sensitivity.md).
#include "report/table_names.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/sensitivity.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist {

SensitivityReport sensitivity_report(const SensitivityRequest& request, RunRecorder& recorder) {
    const Rulebook rulebook = load_rulebook(request.rules);
    recorder.rulebook(rulebook);
    recorder.input("applicants", request.applicants);
    if (request.ratings)
        recorder.input("ratings", *request.ratings);
    recorder.seed(request.options.seed);
    if (request.csv_dir)
        recorder.refuse_overwriting_inputs_in(*request.csv_dir, report::sensitivity_table_names());
    const Evidence evidence =
        load_evidence(rulebook, request.applicants, request.ratings, request.progress);
    const Scorer scorer(rulebook);
    const Shortlist baseline = select(scorer.rulebook(), scorer.score(evidence), request.top);
    SensitivityOptions options = request.options;
    if (!options.progress)
        options.progress = progress_step(request.progress, "weight draws", "draws");
    return {scorer.rulebook().id, sensitivity(scorer.rulebook(), baseline, options)};
}

}  // namespace shortlist

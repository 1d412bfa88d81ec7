// The sensitivity command's report: the baseline shortlist, then the weight
// draws around it (docs/sensitivity.md).
#include <utility>

#include "report/scoring_run.hpp"
#include "report/table_names.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report/sensitivity.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist {

SensitivityReport sensitivity_report(const SensitivityRequest& request, RunRecorder& recorder) {
    // Opened, scored and selected as score_report does, so the same blind
    // sift refuses protected or identifying columns (docs/fairness.md).
    report::OpenedRun run =
        report::open_run(request.rules, request.applicants, request.ratings, {}, recorder);
    recorder.seed(request.options.seed);
    if (request.csv_dir)
        recorder.refuse_overwriting_inputs_in(*request.csv_dir, report::sensitivity_table_names());
    run.load.progress = request.progress;
    const Evidence evidence =
        load_evidence(run.rulebook, request.applicants, request.ratings, run.load);
    recorder.inputs_read();
    const Scorer scorer(std::move(run.rulebook));
    const Shortlist baseline =
        report::score_and_select(scorer, evidence, ScoreOptions{}, request.top);
    SensitivityOptions options = request.options;
    if (!options.progress)
        options.progress = progress_step(request.progress, "weight draws", "draws");
    return {scorer.rulebook().id, sensitivity(scorer.rulebook(), baseline, options)};
}

}  // namespace shortlist

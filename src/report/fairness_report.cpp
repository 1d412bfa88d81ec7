// The fairness command's report: the score output and the monitoring file,
// joined by assess_fairness() (docs/fairness.md).
#include "report/table_names.hpp"
#include "shortlist/report/fairness.hpp"

namespace shortlist {

AdverseImpactReport adverse_impact_report(const FairnessRequest& request, RunRecorder& recorder) {
    recorder.input("results", request.results);
    recorder.input("monitoring", request.monitoring);
    if (request.csv_dir)
        recorder.refuse_overwriting_inputs_in(*request.csv_dir, report::fairness_table_names());
    const ScoreResults results = load_results(request.results);
    const Monitoring monitoring = load_monitoring(request.monitoring);
    return {results.source, monitoring.source, monitoring.columns.size(),
            assess_fairness(results, monitoring, request.options)};
}

}  // namespace shortlist

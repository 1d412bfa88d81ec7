// The fairness command's report: the score output and the monitoring file,
// joined by assess_fairness() (docs/fairness.md).
#include "shortlist/report/fairness.hpp"

namespace shortlist {

AdverseImpactReport adverse_impact_report(const FairnessRequest& request, Audit& audit) {
    audit.input("results", request.results);
    audit.input("monitoring", request.monitoring);
    if (request.csv_dir)
        refuse_overwriting_inputs_in(audit, *request.csv_dir, fairness_table_names());
    const Results results = load_results(request.results);
    const Monitoring monitoring = load_monitoring(request.monitoring);
    return {results.source, monitoring.source, monitoring.columns.size(),
            assess_fairness(results, monitoring, request.options)};
}

}  // namespace shortlist

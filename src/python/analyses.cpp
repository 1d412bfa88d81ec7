// sl.sensitivity, sl.compare, sl.fairness: the commands' reports
// (sensitivity_report, comparison_report, adverse_impact_report, the calls the
// CLI makes), as their writers write them (docs/sensitivity.md,
// docs/comparison.md, docs/fairness.md).
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "python/common.hpp"
#include "shortlist/report/compare.hpp"
#include "shortlist/report/fairness.hpp"
#include "shortlist/report/sensitivity.hpp"

namespace shortlist::python {

namespace {

/// The weight draws: "dirichlet" (concentration) or "uniform" (spread, a fraction).
SensitivityOptions draw_options(const std::string& method, double parameter, std::size_t draws,
                                std::uint64_t seed, std::size_t threads, bool ranks) {
    SensitivityOptions options;
    if (method == "uniform") {
        options.method = Perturbation::Uniform;
        options.spread = parameter;
    } else if (method == "dirichlet") {
        options.concentration = parameter;
    } else {
        throw UsageError({}, ErrorCode::InvalidArgument,
                         "method must be dirichlet or uniform, not '" + method + "'");
    }
    options.draws = draws;
    options.seed = seed;
    options.threads = threads;
    options.ranks = ranks;
    return options;
}

}  // namespace

void bind_analyses(py::module_& m) {
    m.def(
        "sensitivity",
        [](std::vector<std::string> arguments, const std::string& rules,
           const std::string& applicants, const std::optional<std::string>& ratings,
           std::optional<std::size_t> top, const std::string& method, double parameter,
           std::size_t draws, std::uint64_t seed, std::size_t threads, bool ranks) {
            SensitivityRequest request;
            request.rules = rules;
            request.applicants = applicants;
            request.ratings = ratings;
            request.top = top;
            request.options = draw_options(method, parameter, draws, seed, threads, ranks);
            Audit audit("sensitivity", std::move(arguments));
            return write_report<SensitivityReport>(
                audit, [&](Audit& a) { return sensitivity_report(request, a); });
        },
        py::arg("arguments"), py::arg("rules"), py::arg("applicants"), py::arg("ratings"),
        py::arg("top"), py::arg("method"), py::arg("parameter"), py::arg("draws"), py::arg("seed"),
        py::arg("threads"), py::arg("ranks") = true);
    m.def(
        "compare",
        [](std::vector<std::string> arguments, const std::string& rules_a,
           const std::string& applicants_a, const std::optional<std::string>& ratings_a,
           const std::string& rules_b, const std::string& applicants_b,
           const std::optional<std::string>& ratings_b, std::optional<std::size_t> top) {
            ComparisonRequest request;
            request.rules_a = rules_a;
            request.rules_b = rules_b;
            request.evidence_a = {applicants_a, ratings_a};
            request.evidence_b = {applicants_b, ratings_b};
            request.top = top;
            Audit audit("compare", std::move(arguments));
            return write_report<ComparisonReport>(
                audit, [&](Audit& a) { return comparison_report(request, a); });
        },
        py::arg("arguments"), py::arg("rules_a"), py::arg("applicants_a"), py::arg("ratings_a"),
        py::arg("rules_b"), py::arg("applicants_b"), py::arg("ratings_b"), py::arg("top"));
    m.def(
        "fairness",
        [](std::vector<std::string> arguments, const std::string& results,
           const std::string& monitoring, std::size_t disclosure, double min_expected) {
            FairnessRequest request;
            request.results = results;
            request.monitoring = monitoring;
            request.options.disclosure = disclosure;
            request.options.min_expected = min_expected;
            Audit audit("fairness", std::move(arguments));
            return write_report<AdverseImpactReport>(
                audit, [&](Audit& a) { return adverse_impact_report(request, a); });
        },
        py::arg("arguments"), py::arg("results"), py::arg("monitoring"), py::arg("disclosure") = 5,
        py::arg("min_expected") = 5.0);
}

}  // namespace shortlist::python

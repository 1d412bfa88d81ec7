// sl.score: the score command's report (score_report, the call `shortlist
// score` makes), written by its CSV writer: the Python layer reads that text
// into a DataFrame (docs/bindings.md).
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "python/common.hpp"
#include "shortlist/report/score.hpp"

namespace shortlist::python {

EffectsModel effects_model(const std::string& model) {
    const auto parsed = parse_effects_model(model);
    if (!parsed)
        throw UsageError({}, ErrorCode::InvalidArgument,
                         "model must be additive or rasch, not '" + model + "'");
    return *parsed;
}

void bind_score(py::module_& m) {
    m.def(
        "score",
        [](std::vector<std::string> arguments, const std::string& rules,
           const std::string& applicants, std::optional<std::string> ratings,
           std::optional<std::size_t> top, std::optional<std::string> adjust_model) {
            ScoreRequest request;
            request.rules = rules;
            request.applicants = applicants;
            if (ratings)
                request.ratings = *ratings;
            request.top = top;
            if (adjust_model)
                request.adjust_assessors = effects_model(*adjust_model);
            Audit audit("score", std::move(arguments));
            std::string csv, record;
            std::vector<std::string> dropped;
            {
                py::gil_scoped_release unlocked;
                const ScoreReport report = score_report(request, audit);
                csv = written([&](std::ostream& os) { write_csv(os, report); });
                record = written([&](std::ostream& os) { write_json(os, audit.record()); });
                dropped = report.dropped_columns;
            }
            py::dict out;
            out["csv"] = csv;
            out["audit"] = record;
            out["dropped_columns"] = dropped;
            return out;
        },
        py::arg("arguments"), py::arg("rules"), py::arg("applicants"),
        py::arg("ratings") = py::none(), py::arg("top") = py::none(),
        py::arg("adjust_assessors") = py::none());
}

}  // namespace shortlist::python

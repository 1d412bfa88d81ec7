// sl.calibrate: the calibrate command's report (calibration_report, the call
// `shortlist calibrate` makes), as its writers write it (docs/calibration.md).
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "python/common.hpp"
#include "shortlist/report/calibration.hpp"

namespace shortlist::python {

void bind_calibrate(py::module_& m) {
    m.def(
        "calibrate",
        [](std::vector<std::string> arguments, std::optional<std::string> ratings,
           std::optional<std::string> rules, std::optional<std::string> applicants,
           const std::string& model, std::size_t bootstrap, std::optional<double> threshold,
           std::optional<double> min_severity, std::optional<std::size_t> top,
           std::optional<std::string> anchor, double drift_threshold) {
            CalibrationRequest request;
            request.ratings = ratings;
            request.rules = rules;
            request.applicants = applicants;
            request.model = effects_model(model);
            request.bootstrap = bootstrap;
            request.threshold = threshold;
            request.min_severity = min_severity;
            request.top = top;
            request.anchor = anchor;  // docs/calibration.md#anchoring
            request.drift_threshold = drift_threshold;
            Audit audit("calibrate", std::move(arguments));
            return write_report<CalibrationReport>(
                audit, [&](Audit& a) { return calibration_report(request, a); });
        },
        py::arg("arguments"), py::arg("ratings"), py::arg("rules") = py::none(),
        py::arg("applicants") = py::none(), py::arg("model") = "additive", py::arg("bootstrap") = 0,
        py::arg("threshold") = py::none(), py::arg("min_severity") = py::none(),
        py::arg("top") = py::none(), py::arg("anchor") = py::none(),
        py::arg("drift_threshold") = default_drift_threshold);
}

}  // namespace shortlist::python

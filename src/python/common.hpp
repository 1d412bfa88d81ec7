// What the Python module's files share (docs/bindings.md). The module is a
// thin shell: it fills a command's request, builds the command's report with
// the library's one call (the GIL released) and hands back what the
// library's writers write (CSV tables, the JSON document, the audit record),
// which the pure-Python layer (python/shortlist/) reads into DataFrames.
#pragma once

#include <pybind11/pybind11.h>

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "shortlist/analysis/calibration.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::python {

namespace py = pybind11;

/// A loaded rulebook, shared (immutable) between the Python objects that use it.
struct PyRulebook {
    std::shared_ptr<const Rulebook> rulebook;
};

/// v, or NaN when there is none.
[[nodiscard]] inline double or_nan(const std::optional<double>& v) {
    return v ? *v : std::numeric_limits<double>::quiet_NaN();
}

/// "additive" or "rasch" as the model (UsageError otherwise).
[[nodiscard]] EffectsModel effects_model(const std::string& model);

/// What `fill` writes, as a string.
[[nodiscard]] inline std::string written(const std::function<void(std::ostream&)>& fill) {
    std::ostringstream os;
    fill(os);
    return std::move(os).str();
}

/// A report as its writers write it: "tables" (each CSV table's name and
/// text), "json" (the JSON document) and "audit" (the record as JSON).
struct Written {
    std::vector<std::pair<std::string, std::string>> tables;
    std::string json;
    std::string audit;
};

/// The report `build` makes (called with the GIL released) as its writers
/// write it. `Report` has write_json and csv_tables (shortlist/report/).
template <class Report, class Build>
py::dict write_report(Audit& audit, const Build& build) {
    Written w;
    {
        py::gil_scoped_release unlocked;
        const Report report = build(audit);
        for (const CsvTable& t : csv_tables(report))
            w.tables.emplace_back(t.name, written(t.fill));
        w.json = written([&](std::ostream& os) { write_json(os, report); });
        w.audit = written([&](std::ostream& os) { write_json(os, audit.record()); });
    }
    py::dict tables;
    for (const auto& [name, text] : w.tables)
        tables[py::str(name)] = py::str(text);
    py::dict out;
    out["tables"] = tables;
    out["json"] = w.json;
    out["audit"] = w.audit;
    return out;
}

void bind_errors(py::module_& m);
void bind_rulebook(py::module_& m);
void bind_score(py::module_& m);
void bind_stats(py::module_& m);
void bind_calibrate(py::module_& m);
void bind_analyses(py::module_& m);

}  // namespace shortlist::python

// What the Python module's files share (docs/bindings.md). The module is a
// thin shell: it converts arguments, calls the library with the GIL released,
// and hands plain Python values to the pure-Python layer (python/shortlist/),
// which makes the DataFrames.
#pragma once

#include <pybind11/pybind11.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "shortlist/rulebook.hpp"

namespace shortlist::python {

namespace py = pybind11;

/// A loaded rulebook, shared (immutable) between the Python objects that use it.
struct PyRulebook {
    std::shared_ptr<const Rulebook> rulebook;
};

/// An applicants or ratings input: a file, or CSV text (from a DataFrame) named
/// for messages. Exactly one of path and text is set.
struct Input {
    std::optional<std::string> path;
    std::optional<std::string> text;
    std::string name;
};

/// v, or NaN when there is none.
[[nodiscard]] inline double or_nan(const std::optional<double>& v) {
    return v ? *v : std::numeric_limits<double>::quiet_NaN();
}

void bind_errors(py::module_& m);
void bind_rulebook(py::module_& m);
void bind_score(py::module_& m);
void bind_stats(py::module_& m);
void bind_calibrate(py::module_& m);
void bind_analyses(py::module_& m);

}  // namespace shortlist::python

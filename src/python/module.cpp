// shortlist._core: the compiled half of `import shortlist` (docs/bindings.md).
#include <pybind11/stl.h>

#include <exception>
#include <string>

#include "python/common.hpp"
#include "shortlist/error.hpp"
#include "shortlist/version.hpp"

namespace shortlist::python {

namespace {

/// Raise shortlist.<kind>(what, file, line, column, message, code, diagnostics):
/// the Python classes (python/shortlist/errors.py) carry the place apart from
/// the message, as shortlist::Error does.
void raise(const char* kind, const Error& e) {
    py::list diagnostics;
    for (const Diagnostic& d : e.diagnostics())
        diagnostics.append(py::make_tuple(d.location.file, d.location.line, d.location.column,
                                          d.message, std::string(to_string(d.code))));
    const SourceLocation& where = e.location();
    const py::object cls = py::module_::import("shortlist.errors").attr(kind);
    const py::object error = cls(e.what(), where.file, where.line, where.column, e.message(),
                                 std::string(to_string(e.code())), diagnostics);
    PyErr_SetObject(cls.ptr(), error.ptr());
}

}  // namespace

void bind_errors(py::module_& /*m*/) {
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p)
                std::rethrow_exception(p);
        } catch (const RulebookError& e) {
            raise("RulebookError", e);
        } catch (const EvidenceError& e) {
            raise("EvidenceError", e);
        } catch (const UsageError& e) {
            raise("UsageError", e);
        } catch (const Error& e) {
            raise("Error", e);
        }
    });
}

}  // namespace shortlist::python

PYBIND11_MODULE(_core, m) {
    namespace sp = shortlist::python;
    m.doc() = "The compiled core of the shortlist package; use `import shortlist` instead.";
    m.attr("__version__") = shortlist::version_string;
    sp::bind_errors(m);
    sp::bind_rulebook(m);
    sp::bind_score(m);
    sp::bind_stats(m);
    sp::bind_calibrate(m);
    sp::bind_analyses(m);
}

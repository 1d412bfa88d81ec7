// sl.score: the shortlist exactly as `shortlist score --format csv` writes it
// (the Python layer reads that text into a DataFrame), and the evidence
// loading the other calls share.
#include <pybind11/stl.h>

#include <optional>
#include <sstream>
#include <string>

#include "python/common.hpp"
#include "python/evidence.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/scorer.hpp"
#include "util/io.hpp"

namespace shortlist::python {

Evidence load(const Rulebook& rb, const Input& applicants, const std::optional<Input>& ratings,
              bool blind) {
    // The sift is blind as on the command line: protected or identifying
    // columns are refused, monitoring-only ones never read.
    if (blind && applicants.path) {
        (void)check_blind_columns(rb, *applicants.path);
    } else if (blind) {
        (void)check_blind_columns(rb, *applicants.text, applicants.name, false);
    }
    if (applicants.path && (!ratings || ratings->path)) {
        std::optional<std::filesystem::path> ratings_path;
        if (ratings)
            ratings_path = *ratings->path;
        return load_evidence(rb, *applicants.path, ratings_path);
    }
    Evidence evidence = applicants.path
                            ? load_evidence(rb, *applicants.path)
                            : parse_applicants_csv(rb, *applicants.text, applicants.name);
    if (ratings) {
        if (ratings->path) {
            parse_ratings_csv(rb, evidence, detail::read_file(*ratings->path), *ratings->path);
        } else {
            parse_ratings_csv(rb, evidence, *ratings->text, ratings->name);
        }
    }
    return evidence;
}

void bind_score(py::module_& m) {
    py::class_<Input>(m, "Input")
        .def(py::init([](std::optional<std::string> path, std::optional<std::string> text,
                         std::string name) {
                 return Input{std::move(path), std::move(text), std::move(name)};
             }),
             py::arg("path") = py::none(), py::arg("text") = py::none(), py::arg("name") = "");
    m.def(
        "score_csv",
        [](const PyRulebook& rb, const Input& applicants, const std::optional<Input>& ratings,
           std::optional<std::size_t> top) {
            py::gil_scoped_release unlocked;
            const Evidence evidence = load(*rb.rulebook, applicants, ratings);
            const Scorer scorer(*rb.rulebook);
            ScoreOptions options;
            options.explain = false;  // the CSV has no breakdown
            const Shortlist result =
                select(scorer.rulebook(), scorer.score(evidence, options), top);
            std::ostringstream out;
            write_csv(out, scorer.rulebook(), result);
            return std::move(out).str();
        },
        py::arg("rulebook"), py::arg("applicants"), py::arg("ratings") = py::none(),
        py::arg("top") = py::none());
}

}  // namespace shortlist::python

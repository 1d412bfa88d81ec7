// sl.load_rulebook: the rulebook and its criteria, as plain Python values.
#include <pybind11/stl.h>

#include <string>
#include <utility>

#include "python/common.hpp"
#include "shortlist/value.hpp"

namespace shortlist::python {

namespace {

py::object optional_float(const std::optional<double>& v) {
    return v ? py::object(py::float_(*v)) : py::object(py::none());
}

/// One dict per criterion, in rulebook order, with its scale's range.
py::list criteria(const Rulebook& rb) {
    py::list rows;
    for (const Criterion& c : rb.criteria) {
        py::dict row;
        row["id"] = c.id.value();
        row["group"] = std::string(to_string(c.group));
        row["text"] = c.text;
        row["source"] = c.source;
        row["scale"] = c.scale;
        const Scale* scale = rb.find_scale(c.scale);
        row["scale_min"] = optional_float(scale ? std::optional(scale->min) : std::nullopt);
        row["scale_max"] = optional_float(scale ? std::optional(scale->max) : std::nullopt);
        row["weight"] = c.weight;
        row["group_weight"] = rb.group_weights[c.group];
        row["minimum"] = optional_float(c.minimum);
        row["indicators"] = c.indicators.size();
        row["may_be_met_later"] =
            c.may_be_met_later ? py::object(py::str(*c.may_be_met_later)) : py::none();
        rows.append(std::move(row));
    }
    return rows;
}

py::list facts(const Rulebook& rb) {
    py::list rows;
    for (const FactSpec& f : rb.facts) {
        py::dict row;
        row["name"] = f.name;
        row["type"] = std::string(to_string(f.type));
        row["values"] = f.values;
        row["text"] = f.text;
        rows.append(std::move(row));
    }
    return rows;
}

/// One dict per interpretation (docs/rulebook.md, "Interpretations").
py::list interpretations(const Rulebook& rb) {
    py::list rows;
    for (const Interpretation& in : rb.interpretations) {
        py::dict row;
        row["id"] = in.id;
        row["about"] = in.about;
        row["seed_text"] = in.seed_text;
        row["reading"] = in.reading;
        row["alternative"] = in.alternative;
        row["source"] = in.source;
        rows.append(std::move(row));
    }
    return rows;
}

}  // namespace

void bind_rulebook(py::module_& m) {
    py::class_<PyRulebook>(m, "Rulebook")
        .def_property_readonly("id", [](const PyRulebook& r) { return r.rulebook->id; })
        .def_property_readonly("title", [](const PyRulebook& r) { return r.rulebook->title; })
        .def_property_readonly("organisation",
                               [](const PyRulebook& r) { return r.rulebook->organisation; })
        .def_property_readonly("version", [](const PyRulebook& r) { return r.rulebook->version; })
        .def_property_readonly("path",
                               [](const PyRulebook& r) { return r.rulebook->path.string(); })
        .def_property_readonly(
            "aggregation",
            [](const PyRulebook& r) { return std::string(to_string(r.rulebook->aggregation)); })
        .def_property_readonly("top", [](const PyRulebook& r) { return r.rulebook->shortlist.top; })
        .def_property_readonly("pass_mark",
                               [](const PyRulebook& r) { return r.rulebook->shortlist.pass_mark; })
        .def_property_readonly("criteria",
                               [](const PyRulebook& r) { return criteria(*r.rulebook); })
        .def_property_readonly("facts", [](const PyRulebook& r) { return facts(*r.rulebook); })
        .def_property_readonly("interpretations",
                               [](const PyRulebook& r) { return interpretations(*r.rulebook); });
    m.def(
        "load_rulebook",
        [](const std::string& path) {
            py::gil_scoped_release unlocked;
            return PyRulebook{std::make_shared<const Rulebook>(load_rulebook(path))};
        },
        py::arg("path"));
}

}  // namespace shortlist::python

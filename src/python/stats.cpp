// sl.stats: the agreement kernels over a subjects x raters array, NaN missing.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <array>
#include <string>

#include "python/common.hpp"
#include "shortlist/analysis/agreement.hpp"
#include "shortlist/error.hpp"
#include "shortlist/report/calibration.hpp"

namespace shortlist::python {

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// The array as a RatingMatrix (copied, so the GIL can be released after).
RatingMatrix to_matrix(const Array& x) {
    if (x.ndim() != 2)
        throw UsageError(
            {}, ErrorCode::InvalidArgument,
            "expected a subjects x raters array (2 dimensions), not " + std::to_string(x.ndim()));
    RatingMatrix m;
    m.subjects = static_cast<std::size_t>(x.shape(0));
    m.raters = static_cast<std::size_t>(x.shape(1));
    m.values.assign(x.data(), x.data() + x.size());
    return m;
}

std::optional<double> value(const std::optional<IccEstimate>& e) {
    return e ? std::optional<double>(e->value) : std::nullopt;
}

/// alpha_metric_names is in AlphaMetric order.
AlphaMetric parse_metric(const std::string& name) {
    for (std::size_t i = 0; i < alpha_metric_names.size(); ++i) {
        if (name == alpha_metric_names[i])
            return static_cast<AlphaMetric>(i);
    }
    throw UsageError({}, ErrorCode::InvalidArgument,
                     "metric must be nominal, ordinal, interval or ratio, not '" + name + "'");
}

}  // namespace

void bind_stats(py::module_& m) {
    m.def(
        "icc",
        [](const Array& x, double confidence) {
            const RatingMatrix matrix = to_matrix(x);
            IccResult r;
            {
                py::gil_scoped_release unlocked;
                r = intraclass_correlation(matrix, confidence);
            }
            py::dict out;
            py::dict detail;
            const std::array<std::pair<const char*, const std::optional<IccEstimate>*>, 6> forms{
                {{"ICC1", &r.icc1_1},
                 {"ICC2", &r.icc2_1},
                 {"ICC3", &r.icc3_1},
                 {"ICC1k", &r.icc1_k},
                 {"ICC2k", &r.icc2_k},
                 {"ICC3k", &r.icc3_k}}};
            for (const auto& [name, form] : forms) {
                const auto& f = *form;
                out[name] = or_nan(value(f));
                py::dict d;
                d["F"] = or_nan(f && f->test ? std::optional(f->test->f) : std::nullopt);
                d["df1"] = or_nan(f && f->test ? std::optional(f->test->df1) : std::nullopt);
                d["df2"] = or_nan(f && f->test ? std::optional(f->test->df2) : std::nullopt);
                d["p"] = or_nan(f && f->test ? std::optional(f->test->p_value) : std::nullopt);
                d["ci_lower"] = or_nan(f && f->ci ? std::optional(f->ci->lower) : std::nullopt);
                d["ci_upper"] = or_nan(f && f->ci ? std::optional(f->ci->upper) : std::nullopt);
                detail[name] = d;
            }
            return py::make_tuple(out, detail, r.notes);
        },
        py::arg("x"), py::arg("confidence") = 0.95);
    m.def(
        "krippendorff_alpha",
        [](const Array& x, const std::string& metric, std::size_t bootstrap, std::uint64_t seed) {
            const RatingMatrix matrix = to_matrix(x);
            AlphaOptions options;
            options.metric = parse_metric(metric);
            options.bootstrap_samples = bootstrap;
            options.seed = seed;
            AlphaResult r;
            {
                py::gil_scoped_release unlocked;
                r = krippendorff_alpha(matrix, options);
            }
            return py::make_tuple(or_nan(r.alpha),
                                  r.ci ? py::object(py::make_tuple(r.ci->lower, r.ci->upper))
                                       : py::object(py::none()),
                                  r.notes);
        },
        py::arg("x"), py::arg("metric") = "interval", py::arg("bootstrap") = 0,
        py::arg("seed") = AlphaOptions{}.seed);
    m.def(
        "fleiss_kappa",
        [](const Array& x) {
            const RatingMatrix matrix = to_matrix(x);
            py::gil_scoped_release unlocked;
            return or_nan(fleiss_kappa(matrix).kappa);
        },
        py::arg("x"));
    m.def(
        "kendall_w",
        [](const Array& x) {
            const RatingMatrix matrix = to_matrix(x);
            py::gil_scoped_release unlocked;
            return or_nan(kendall_w(matrix).w);
        },
        py::arg("x"));
}

}  // namespace shortlist::python

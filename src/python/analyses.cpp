// sl.sensitivity, sl.compare, sl.fairness: the library's analyses, computed
// as the CLI's commands compute them, handed to Python as the rows of the
// CLI's --csv tables (docs/sensitivity.md, docs/compare.md, docs/fairness.md).
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "python/common.hpp"
#include "python/evidence.hpp"
#include "shortlist/analysis/compare.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/analysis/sensitivity.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"

namespace shortlist::python {

namespace {

/// The shortlist of `applicants` under `rb`, scored with the breakdown the
/// analyses need, as the commands make it.
Shortlist baseline(const Rulebook& rb, const Input& applicants, const std::optional<Input>& ratings,
                   std::optional<std::size_t> top) {
    const Evidence evidence = load(rb, applicants, ratings, false);
    const Scorer scorer(rb);
    return select(rb, scorer.score(evidence), top);
}

py::dict sensitivity_rows(const SensitivityResult& r) {
    std::vector<std::string> band(r.applicants.size());
    for (const std::size_t k : r.stable_core)
        band[k] = "stable_core";
    for (const std::size_t k : r.boundary)
        band[k] = "boundary";
    py::list rows;
    for (std::size_t k = 0; k < r.applicants.size(); ++k) {
        const ApplicantSensitivity& a = r.applicants[k];
        rows.append(py::make_tuple(
            a.id.value(), a.baseline_rank, a.baseline_shortlisted, a.p_shortlisted,
            a.shortlisted_draws, a.median_rank, a.rank_lo, a.rank_hi, a.rankable,
            a.guaranteed_interview,
            band[k].empty() ? py::object(py::none()) : py::object(py::str(band[k]))));
    }
    py::list weights;
    for (std::size_t c = 0; c < r.criteria.size(); ++c)
        weights.append(py::make_tuple(r.criteria[c].value(), r.base_weights[c]));
    py::dict out;
    out["applicants"] = rows;
    out["weights"] = weights;
    out["method"] = std::string(to_string(r.method));
    out["parameter"] = r.parameter;
    out["draws"] = r.draws;
    out["seed"] = r.seed;
    out["top"] = r.top;
    out["baseline_shortlisted"] = r.baseline_shortlisted;
    out["stable_core"] = r.stable_core.size();
    out["boundary"] = r.boundary.size();
    out["mean_overlap"] = r.mean_overlap;
    out["mean_shortlist_size"] = r.mean_shortlist_size;
    out["kendall_tau"] = r.kendall_tau;
    out["kendall_tau_min"] = r.kendall_tau_min;
    return out;
}

py::dict compare_rows(const Comparison& c) {
    py::list moves;
    for (const auto* list : {&c.entered, &c.left}) {
        for (const Placing& p : *list)
            moves.append(py::make_tuple(p.id.value(), list == &c.entered ? "entered" : "left",
                                        p.rank_a, p.rank_b, std::string(to_string(p.status_a)),
                                        std::string(to_string(p.status_b)), p.total_a, p.total_b,
                                        p.gate_a, p.gate_b));
    }
    py::list drivers;
    for (const Driver& d : c.drivers)
        drivers.append(py::make_tuple(d.id.value(), d.weight_a, d.weight_b, d.points, d.weight_part,
                                      d.score_part, d.score_gap));
    py::dict out;
    out["moves"] = moves;
    out["drivers"] = drivers;
    std::vector<std::string> a, b;
    for (const auto& id : c.shortlist_a)
        a.push_back(id.value());
    for (const auto& id : c.shortlist_b)
        b.push_back(id.value());
    out["shortlist_a"] = a;
    out["shortlist_b"] = b;
    out["common"] = c.common;
    out["only_a"] = c.only_a;
    out["only_b"] = c.only_b;
    out["overlap"] = c.overlap;
    out["jaccard"] = c.jaccard;
    out["kendall_tau"] = c.kendall_tau;
    out["tau_n"] = c.tau_n;
    out["lead_change"] = c.lead_change;
    out["notes"] = c.notes;
    return out;
}

py::dict fairness_rows(const FairnessReport& r) {
    py::list impact;
    for (const StageImpact& stage : r.stages) {
        for (const ColumnImpact& col : stage.columns) {
            for (const GroupImpact& g : col.groups) {
                const py::object reference =
                    col.reference_group ? py::object(py::str(*col.reference_group)) : py::none();
                if (g.suppressed) {
                    impact.append(py::make_tuple(stage.stage, col.column, g.group, reference,
                                                 py::none(), py::none(), py::none(), py::none(),
                                                 py::none(), py::none(), py::none(), py::none(),
                                                 py::none(), true));
                    continue;
                }
                impact.append(py::make_tuple(stage.stage, col.column, g.group, reference, g.n,
                                             g.selected, g.rate, g.impact_ratio, g.four_fifths_flag,
                                             g.fisher_p, g.z, g.small, g.one_person_shift, false));
            }
        }
    }
    py::list attribution;
    for (const ColumnAttribution& col : r.attribution) {
        for (const GroupAttribution& g : col.groups) {
            if (g.suppressed) {
                attribution.append(py::make_tuple(col.column, g.group, py::none(), py::none(),
                                                  py::none(), py::none(), py::none(), true));
                continue;
            }
            for (const GateShare& s : g.gates)
                attribution.append(py::make_tuple(col.column, g.group, g.n, s.gate, s.failed,
                                                  s.share, s.excess, false));
        }
    }
    py::dict out;
    out["impact"] = impact;
    out["attribution"] = attribution;
    out["notes"] = r.notes;
    out["applicants"] = r.applicants;
    out["without_monitoring"] = r.without_monitoring;
    out["monitoring_not_in_results"] = r.monitoring_not_in_results;
    return out;
}

}  // namespace

void bind_analyses(py::module_& m) {
    m.def(
        "sensitivity",
        [](const PyRulebook& rb, const Input& applicants, const std::optional<Input>& ratings,
           std::optional<std::size_t> top, const std::string& method, double parameter,
           std::size_t draws, std::uint64_t seed, std::size_t threads) {
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
            SensitivityResult r;
            {
                py::gil_scoped_release unlocked;
                r = sensitivity(*rb.rulebook, baseline(*rb.rulebook, applicants, ratings, top),
                                options);
            }
            return sensitivity_rows(r);
        },
        py::arg("rulebook"), py::arg("applicants"), py::arg("ratings"), py::arg("top"),
        py::arg("method"), py::arg("parameter"), py::arg("draws"), py::arg("seed"),
        py::arg("threads"));
    m.def(
        "compare",
        [](const PyRulebook& a, const Input& applicants_a, const std::optional<Input>& ratings_a,
           const PyRulebook& b, const Input& applicants_b, const std::optional<Input>& ratings_b,
           std::optional<std::size_t> top) {
            Comparison c;
            {
                py::gil_scoped_release unlocked;
                const Shortlist sa = baseline(*a.rulebook, applicants_a, ratings_a, top);
                const Shortlist sb = baseline(*b.rulebook, applicants_b, ratings_b, top);
                c = compare(*a.rulebook, sa, *b.rulebook, sb);
            }
            return compare_rows(c);
        },
        py::arg("a"), py::arg("applicants_a"), py::arg("ratings_a"), py::arg("b"),
        py::arg("applicants_b"), py::arg("ratings_b"), py::arg("top"));
    m.def(
        "fairness",
        [](const Input& results, const Input& monitoring, std::size_t disclosure,
           double min_expected) {
            FairnessReport r;
            {
                py::gil_scoped_release unlocked;
                const Results res = results.path ? load_results(*results.path)
                                                 : parse_results(*results.text, results.name);
                const Monitoring mon = monitoring.path
                                           ? load_monitoring(*monitoring.path)
                                           : parse_monitoring(*monitoring.text, monitoring.name);
                FairnessOptions options;
                options.disclosure = disclosure;
                options.min_expected = min_expected;
                r = assess_fairness(res, mon, options);
            }
            return fairness_rows(r);
        },
        py::arg("results"), py::arg("monitoring"), py::arg("disclosure") = 5,
        py::arg("min_expected") = 5.0);
}

}  // namespace shortlist::python

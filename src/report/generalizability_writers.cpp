// The calibrate report's generalizability sections: JSON, text and CSV
// (docs/calibration.md, "Generalizability").
#include "report/generalizability_writers.hpp"

#include <array>
#include <ostream>
#include <string>

#include "report/format.hpp"

namespace shortlist::report {

namespace {

std::string fixed(const std::optional<double>& v, int decimals) {
    return v && std::isfinite(*v) ? detail::format_fixed(*v, decimals) : "—";
}

template <std::size_t K>
void write_components(detail::JsonWriter& w, const Generalizability& g,
                      const std::array<std::string_view, K>& names) {
    w.key("variance_components").begin_object();
    for (auto n : names)
        json_number(w.key(n), g.component(n));
    w.end_object();
}

}  // namespace

void write_generalizability(detail::JsonWriter& w, const Generalizability& g,
                            const std::vector<CriterionId>* criteria) {
    w.key("generalizability").begin_object();
    w.key("estimator").value(to_string(g.estimator));
    if (criteria)
        write_components(w, g, overall_component_names);
    else
        write_components(w, g, criterion_component_names);
    json_number(w.key("g"), g.g);
    json_number(w.key("phi"), g.phi);
    json_number(w.key("assessors"), g.assessors > 0 ? std::optional(g.assessors) : std::nullopt);
    if (criteria) {
        w.key("weights").begin_object();
        for (std::size_t c = 0; c < g.weights.size() && c < criteria->size(); ++c)
            w.key((*criteria)[c].view()).value(g.weights[c]);
        w.end_object();
    }
    w.key("d_study").begin_array();
    for (const auto& row : g.d_study) {
        w.begin_object();
        json_count(w.key("assessors"), row.assessors);
        json_number(w.key("g"), row.g);
        json_number(w.key("phi"), row.phi);
        w.end_object();
    }
    w.end_array();
    write_notes(w, g.notes);
    w.end_object();
}

void write_generalizability_text(std::ostream& os, const GeneralizabilityStudy& s) {
    os << "\ngeneralizability (variance components in squared scale points; G ranks, Phi is "
          "absolute; with the assessors each applicant has, and for k = 1..6):\n";
    auto block = [&](const Generalizability& g) {
        os << "  " << g.name << " (" << to_string(g.estimator) << "):";
        if (g.variance_components.empty())
            os << (g.g ? " the criterion's own (one criterion)" : " not estimated");
        for (const auto& c : g.variance_components)
            os << ' ' << c.name << ' ' << detail::format_fixed(c.value, 4);
        os << "\n    G " << fixed(g.g, 3) << ", Phi " << fixed(g.phi, 3) << " with "
           << (g.assessors > 0 ? detail::format_fixed(g.assessors, 2) : std::string("—"))
           << " assessors; D study G/Phi:";
        for (const auto& row : g.d_study)
            os << ' ' << row.assessors << ": " << fixed(row.g, 2) << '/' << fixed(row.phi, 2);
        os << '\n';
    };
    for (const auto& g : s.criteria)
        block(g);
    block(s.overall);
}

void generalizability_csv(std::ostream& os, const GeneralizabilityStudy& s) {
    os << "criterion,estimator";
    for (auto n : overall_component_names)
        os << ',' << n;
    os << ",g,phi,assessors";
    for (std::size_t k = 1; k <= d_study_max_assessors; ++k)
        os << ",g_" << k << ",phi_" << k;
    os << '\n';
    auto row = [&](const Generalizability& g) {
        os << csv_text(g.name) << ',' << to_string(g.estimator);
        for (auto n : overall_component_names)
            os << ',' << csv_number(g.component(n));
        os << ',' << csv_number(g.g) << ',' << csv_number(g.phi) << ','
           << csv_number(g.assessors > 0 ? std::optional(g.assessors) : std::nullopt);
        for (const auto& r : g.d_study)
            os << ',' << csv_number(r.g) << ',' << csv_number(r.phi);
        os << '\n';
    };
    for (const auto& g : s.criteria)
        row(g);
    row(s.overall);
}

}  // namespace shortlist::report

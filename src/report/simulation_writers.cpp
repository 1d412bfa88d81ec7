// Writing simulated panels and experiments (docs/simulate.md): the panel's
// files, and the experiment as a text table, JSON and CSV tables.
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "report/format.hpp"
#include "shortlist/analysis/simulation.hpp"
#include "shortlist/error.hpp"
#include "shortlist/report/simulation.hpp"
#include "util/io.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist {
namespace {

namespace fs = std::filesystem;

void make_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw UsageError({dir.string(), 0, 0}, ErrorCode::InvalidArgument,
                         "cannot create the directory: " + ec.message());
}

using report::csv_number;
using report::json_count;
using report::json_number;
using report::pad;

std::string number(const std::optional<double>& v) {
    return csv_number(v);
}

/// The experiment's measures, in the order every output lists them.
struct Measure {
    std::string_view name;
    const Summary ExperimentResult::*summary;
    std::string_view text;  ///< the text table's label
};
constexpr std::array<Measure, 7> measures{{
    {"severity_rmse", &ExperimentResult::rmse, "severity RMSE"},
    {"severity_correlation", &ExperimentResult::correlation, "severity correlation with truth"},
    {"severity_slope", &ExperimentResult::slope, "severity slope on truth (1 = no bias)"},
    {"overlap_raw", &ExperimentResult::overlap_raw, "shortlist overlap with truth, raw"},
    {"overlap_adjusted", &ExperimentResult::overlap_adjusted,
     "shortlist overlap with truth, adjusted"},
    {"alpha_interval", &ExperimentResult::alpha, "reliability: Krippendorff's alpha"},
    {"icc2_1", &ExperimentResult::icc, "reliability: ICC(2,1)"},
}};

std::string fixed(const std::optional<double>& v) {
    return v ? detail::format_fixed(*v, 3) : std::string("-");
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    const bool same = fs::equivalent(a, b, ec);
    return !ec && same;
}

/// No command overwrites one of its own inputs (docs/audit.md).
void refuse_overwriting_inputs(const fs::path& dir, const SimulationDesign& design) {
    for (const auto& name : panel_file_names())
        for (const fs::path& input : {fs::path(design.source), design.rulebook})
            if (!input.empty() && same_file(dir / name, input))
                throw UsageError({(dir / name).string(), 0, 0}, ErrorCode::InvalidArgument,
                                 "simulate would overwrite " + input.string() +
                                     ", one of its inputs: choose another --out directory");
}

std::string design_line(const SimulationDesign& d) {
    std::string s = std::to_string(d.applicants) + " applicants, " + std::to_string(d.assessors) +
                    " assessors, " + std::to_string(d.criteria.size()) + " criteria; linking " +
                    std::string(to_string(d.linking));
    if (d.linking != LinkingDesign::Complete)
        s += " (" + std::to_string(d.per_applicant) + " per applicant)";
    s += "; model " + std::string(to_string(d.model)) + ", fitted " +
         std::string(to_string(d.fit)) + "; top " + std::to_string(d.top) + "; seed " +
         std::to_string(d.seed);
    return s;
}

}  // namespace

const std::vector<std::string>& panel_file_names() {
    static const std::vector<std::string> names{"rulebook.yaml",       "applicants.csv",
                                                "ratings.csv",         "truth_applicants.csv",
                                                "truth_assessors.csv", "truth_criteria.csv"};
    return names;
}

void write_panel(const fs::path& dir, const SimulationDesign& design, const SimulatedPanel& p) {
    refuse_overwriting_inputs(dir, design);
    make_dir(dir);
    auto text = [&](const std::string& name, const std::string& content) {
        detail::write_file_atomically(dir / name, [&](std::ostream& os) { os << content; });
    };
    text("rulebook.yaml", p.rulebook_yaml);
    text("applicants.csv", p.applicants_csv);
    text("ratings.csv", p.ratings_csv);
    detail::write_file_atomically(dir / "truth_applicants.csv", [&](std::ostream& os) {
        os << "applicant_id,ability,guaranteed_interview\n";
        for (std::size_t a = 0; a < p.applicant_ids.size(); ++a)
            os << p.applicant_ids[a].view() << ',' << detail::format_shortest(p.abilities[a]) << ','
               << (p.guaranteed[a] ? "true" : "false") << '\n';
    });
    detail::write_file_atomically(dir / "truth_assessors.csv", [&](std::ostream& os) {
        os << "assessor,severity\n";
        for (std::size_t j = 0; j < p.assessor_ids.size(); ++j)
            os << p.assessor_ids[j].view() << ',' << detail::format_shortest(p.severities[j])
               << '\n';
    });
    detail::write_file_atomically(dir / "truth_criteria.csv", [&](std::ostream& os) {
        os << "criterion,difficulty,min,max,thresholds\n";
        for (std::size_t c = 0; c < design.criteria.size(); ++c) {
            const auto& cr = design.criteria[c];
            std::string tau;
            for (double t : p.thresholds[c])
                tau += (tau.empty() ? "" : ";") + detail::format_shortest(t);
            os << cr.id.view() << ',' << detail::format_shortest(cr.difficulty) << ','
               << detail::format_shortest(cr.min) << ',' << detail::format_shortest(cr.max) << ','
               << tau << '\n';
        }
    });
}

void write_text(std::ostream& os, const ExperimentResult& x) {
    os << "simulated panels: " << design_line(x.design) << '\n'
       << x.replicates.size() << " replicate(s)";
    if (x.unusable > 0)
        os << ", " << x.unusable << " without estimates";
    os << "\n\n"
       << pad("measure", 42) << pad("mean", 9) << pad("sd", 9) << pad("min", 9) << "max\n";
    for (const auto& m : measures) {
        const Summary& s = x.*m.summary;
        os << pad(std::string(m.text), 42) << pad(fixed(s.mean), 9) << pad(fixed(s.sd), 9)
           << pad(fixed(s.min), 9) << fixed(s.max) << '\n';
    }
    os << pad("severity bias, mean |bias| over assessors", 42) << fixed(x.mean_abs_bias) << '\n'
       << pad("severity bias, largest |bias|", 42) << fixed(x.max_abs_bias) << '\n';
    os << "\n"
       << pad("assessor", 10) << pad("true", 9) << pad("estimate", 10) << pad("bias", 9)
       << "rmse\n";
    for (const auto& a : x.assessors)
        os << pad(a.id.value(), 10) << pad(fixed(a.true_severity), 9)
           << pad(fixed(a.mean_estimate), 10) << pad(fixed(a.bias), 9) << fixed(a.rmse) << '\n';
    report::write_notes(os, x.notes);
}

void write_json(std::ostream& os, const ExperimentResult& x) {
    const SimulationDesign& d = x.design;
    detail::JsonWriter w(os);
    w.begin_object();
    w.key("design").begin_object();
    w.key("source").value(d.source);
    w.key("seed").value(d.seed);
    json_count(w.key("applicants"), d.applicants);
    json_count(w.key("assessors"), d.assessors);
    json_count(w.key("criteria"), d.criteria.size());
    w.key("linking").value(to_string(d.linking));
    json_count(w.key("per_applicant"), d.per_applicant);
    w.key("model").value(to_string(d.model));
    w.key("fit").value(to_string(d.fit));
    json_count(w.key("top"), d.top);
    w.end_object();
    json_count(w.key("replicates"), x.replicates.size());
    json_count(w.key("unusable"), x.unusable);
    w.key("summary").begin_object();
    for (const auto& m : measures) {
        const Summary& s = x.*m.summary;
        w.key(m.name).begin_object();
        json_count(w.key("n"), s.n);
        json_number(w.key("mean"), s.mean);
        json_number(w.key("sd"), s.sd);
        json_number(w.key("min"), s.min);
        json_number(w.key("max"), s.max);
        w.end_object();
    }
    json_number(w.key("severity_mean_abs_bias"), x.mean_abs_bias);
    json_number(w.key("severity_max_abs_bias"), x.max_abs_bias);
    w.end_object();
    w.key("assessors").begin_array();
    for (const auto& a : x.assessors) {
        w.begin_object();
        w.key("assessor").value(a.id.view());
        w.key("true_severity").value(a.true_severity);
        json_number(w.key("mean_estimate"), a.mean_estimate);
        json_number(w.key("bias"), a.bias);
        json_number(w.key("rmse"), a.rmse);
        w.end_object();
    }
    w.end_array();
    w.key("per_replicate").begin_array();
    for (const auto& r : x.replicates) {
        w.begin_object();
        json_count(w.key("replicate"), r.replicate);
        w.key("seed").value(r.seed);
        w.key("usable").value(r.usable);
        json_count(w.key("components"), r.components);
        json_number(w.key("severity_rmse"), r.rmse);
        json_number(w.key("severity_correlation"), r.correlation);
        json_number(w.key("severity_slope"), r.slope);
        w.key("overlap_raw").value(r.overlap_raw);
        json_number(w.key("overlap_adjusted"), r.overlap_adjusted);
        json_number(w.key("alpha_interval"), r.alpha);
        json_number(w.key("icc2_1"), r.icc);
        w.end_object();
    }
    w.end_array();
    report::write_notes(w, x.notes);
    w.end_object();
    w.finish();
}

void write_experiment_json(const fs::path& file, const ExperimentResult& x) {
    detail::write_file_atomically(file, [&](std::ostream& os) { write_json(os, x); });
}

void write_experiment_csv(const fs::path& dir, const ExperimentResult& x) {
    make_dir(dir);
    detail::write_file_atomically(dir / "summary.csv", [&](std::ostream& os) {
        os << "measure,n,mean,sd,min,max\n";
        for (const auto& m : measures) {
            const Summary& s = x.*m.summary;
            os << m.name << ',' << s.n << ',' << number(s.mean) << ',' << number(s.sd) << ','
               << number(s.min) << ',' << number(s.max) << '\n';
        }
    });
    detail::write_file_atomically(dir / "replicates.csv", [&](std::ostream& os) {
        os << "replicate,seed,usable,components,severity_rmse,severity_correlation,"
              "severity_slope,overlap_raw,overlap_adjusted,alpha_interval,icc2_1\n";
        for (const auto& r : x.replicates)
            os << r.replicate << ',' << r.seed << ',' << (r.usable ? "true" : "false") << ','
               << r.components << ',' << number(r.rmse) << ',' << number(r.correlation) << ','
               << number(r.slope) << ',' << number(r.overlap_raw) << ','
               << number(r.overlap_adjusted) << ',' << number(r.alpha) << ',' << number(r.icc)
               << '\n';
    });
    detail::write_file_atomically(dir / "assessors.csv", [&](std::ostream& os) {
        os << "assessor,true_severity,mean_estimate,bias,rmse\n";
        for (const auto& a : x.assessors)
            os << report::csv_text(a.id.view()) << ',' << number(a.true_severity) << ','
               << number(a.mean_estimate) << ',' << number(a.bias) << ',' << number(a.rmse) << '\n';
    });
}

}  // namespace shortlist

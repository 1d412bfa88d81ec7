// The sensitivity report's writers: text, JSON and CSV tables
// (docs/sensitivity.md).
#include <array>
#include <ostream>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/table_names.hpp"
#include "shortlist/report/sensitivity.hpp"

namespace shortlist {

namespace {

using namespace report;

constexpr std::array<std::string_view, 2> table_names{"sensitivity.csv", "sensitivity_weights.csv"};

std::string interval_text(const ApplicantSensitivity& a) {
    if (!a.rankable)
        return "not eligible";
    return "[" + (a.rank_lo ? std::to_string(*a.rank_lo) : std::string("below pass mark")) + ", " +
           (a.rank_hi ? std::to_string(*a.rank_hi) : std::string("below pass mark")) + "]";
}

std::string method_text(const SensitivityResult& r) {
    if (r.method == Perturbation::Dirichlet)
        return "Dirichlet around the rulebook's weights, concentration " +
               detail::format_shortest(r.parameter);
    return "each weight perturbed uniformly by up to ±" +
           detail::format_shortest(r.parameter * 100) + "%, then renormalised";
}

std::string fixed_or_dash(const std::optional<double>& v, int decimals) {
    return v ? detail::format_fixed(*v, decimals) : std::string("-");
}

void write_summary(std::ostream& os, const std::string& rulebook_id, const SensitivityResult& r) {
    std::size_t rankable = 0;
    for (const auto& a : r.applicants)
        rankable += a.rankable ? 1U : 0U;
    os << "weight sensitivity of the shortlist: " << rulebook_id << ", " << r.applicants.size()
       << " applicants (" << rankable << " pass every gate that does not depend on the weights), "
       << (r.top ? "top " + std::to_string(*r.top) : std::string("no shortlist size")) << '\n'
       << r.draws << " draws, " << method_text(r) << ", seed " << r.seed << '\n'
       << "baseline shortlist: " << r.baseline_shortlisted
       << "; mean share of it kept by a draw: " << fixed_or_dash(r.mean_overlap, 3)
       << "; mean shortlist size " << detail::format_fixed(r.mean_shortlist_size, 1) << '\n';
    if (!r.ranks) {
        os << "selection only: no rank quantiles and no Kendall's tau-b\n";
        return;
    }
    os << "Kendall's tau-b against the baseline ranking: mean " << fixed_or_dash(r.kendall_tau, 3)
       << ", lowest " << fixed_or_dash(r.kendall_tau_min, 3) << '\n';
    if (r.rank_bin > 1)
        os << "(ranks are counted in bins of " << r.rank_bin
           << ": intervals are widened to whole bins)\n";
}

void write_stable_core(std::ostream& os, const SensitivityResult& r) {
    os << "\nstable core (shortlisted in at least 95% of draws): " << r.stable_core.size() << '\n';
    std::size_t column = 0;
    for (const std::size_t k : r.stable_core) {
        const auto& a = r.applicants[k];
        os << (column % 8 == 0 ? "  " : " ") << a.id.value() << (a.guaranteed_interview ? "*" : "");
        if (++column % 8 == 0)
            os << '\n';
    }
    if (column % 8 != 0)
        os << '\n';
}

void write_boundary(std::ostream& os, const SensitivityResult& r) {
    os << "\nboundary (shortlisted in 5% to 95% of draws): " << r.boundary.size() << '\n';
    if (!r.boundary.empty())
        os << "  applicant      baseline  p_shortlisted"
           << (r.ranks ? "  median rank  90% rank interval\n" : "\n");
    for (const std::size_t k : r.boundary) {
        const auto& a = r.applicants[k];
        const std::string base =
            rank_text(a.baseline_rank) + (a.baseline_shortlisted ? " in" : " out");
        os << "  " << pad(a.id.value(), 15) << pad(base, 10);
        if (r.ranks)
            os << pad(detail::format_fixed(a.p_shortlisted, 3), 15)
               << pad(rank_text(a.median_rank), 13) << interval_text(a) << '\n';
        else
            os << detail::format_fixed(a.p_shortlisted, 3) << '\n';
    }
}

/// One applicant's object; without the rank keys when selection only.
void write_applicant(detail::JsonWriter& json, const ApplicantSensitivity& a, bool ranks) {
    json.key(a.id.value()).begin_object();
    json.key("p_shortlisted").value(a.p_shortlisted);
    json_count(json.key("shortlisted_draws"), a.shortlisted_draws);
    if (ranks) {
        json_count(json.key("median_rank"), a.median_rank);
        json.key("rank_90");
        if (a.rankable) {
            json.begin_array();
            json_count(json, a.rank_lo);
            json_count(json, a.rank_hi);
            json.end_array();
        } else {
            json.null();
        }
    }
    json_count(json.key("baseline_rank"), a.baseline_rank);
    json.key("baseline_shortlisted").value(a.baseline_shortlisted);
    json.key("rankable").value(a.rankable);
    json.key("guaranteed_interview").value(a.guaranteed_interview);
    json.end_object();
}

void applicants_csv(std::ostream& os, const SensitivityResult& r) {
    std::vector<std::string> band(r.applicants.size());
    for (const std::size_t k : r.stable_core)
        band[k] = "stable_core";
    for (const std::size_t k : r.boundary)
        band[k] = "boundary";
    os << "applicant_id,baseline_rank,baseline_shortlisted,p_shortlisted,shortlisted_draws,"
       << (r.ranks ? "median_rank,rank_lo,rank_hi," : "") << "rankable,guaranteed_interview,band\n";
    for (std::size_t k = 0; k < r.applicants.size(); ++k) {
        const auto& a = r.applicants[k];
        os << csv_text(a.id.value()) << ',' << csv_count(a.baseline_rank) << ','
           << (a.baseline_shortlisted ? "true" : "false") << ','
           << detail::format_shortest(a.p_shortlisted) << ',' << a.shortlisted_draws << ',';
        if (r.ranks)
            os << csv_count(a.median_rank) << ',' << csv_count(a.rank_lo) << ','
               << csv_count(a.rank_hi) << ',';
        os << (a.rankable ? "true" : "false") << ',' << (a.guaranteed_interview ? "true" : "false")
           << ',' << band[k] << '\n';
    }
}

void weights_csv(std::ostream& os, const SensitivityResult& r) {
    os << "criterion,weight\n";
    for (std::size_t c = 0; c < r.criteria.size(); ++c)
        os << csv_text(r.criteria[c].value()) << ',' << detail::format_shortest(r.base_weights[c])
           << '\n';
}

}  // namespace

void write_text(std::ostream& os, const SensitivityReport& report) {
    const SensitivityResult& r = report.result;
    write_summary(os, report.rulebook_id, r);
    write_stable_core(os, r);
    write_boundary(os, r);
    std::size_t dropped = 0;
    for (const auto& a : r.applicants)
        dropped += a.baseline_shortlisted && 20 * a.shortlisted_draws < r.draws ? 1U : 0U;
    if (dropped > 0)
        os << "\n"
           << dropped
           << " applicant(s) on the baseline shortlist are shortlisted in under 5% of draws\n";
    bool any_guaranteed = false;
    for (const std::size_t k : r.stable_core)
        any_guaranteed = any_guaranteed || r.applicants[k].guaranteed_interview;
    if (any_guaranteed)
        os << "\n* guaranteed interview: shortlisted whatever the weights\n";
}

void write_json(std::ostream& os, const SensitivityReport& report) {
    const SensitivityResult& r = report.result;
    detail::JsonWriter json(os);
    auto ids = [&](const std::vector<std::size_t>& list) {
        json.begin_array();
        for (const std::size_t k : list)
            json.value(r.applicants[k].id.value());
        json.end_array();
    };
    json.begin_object();
    json.key("rulebook").value(report.rulebook_id);
    json.key("method").value(to_string(r.method));
    json.key(r.method == Perturbation::Dirichlet ? "concentration" : "perturbation")
        .value(r.parameter);
    json_count(json.key("draws"), r.draws);
    json.key("seed").value(static_cast<std::uint64_t>(r.seed));
    json_count(json.key("top"), r.top);
    if (r.ranks)
        json_count(json.key("rank_bin"), r.rank_bin);
    else
        json.key("selection_only").value(true);
    json.key("weights").begin_object();
    for (std::size_t c = 0; c < r.criteria.size(); ++c)
        json.key(r.criteria[c].value()).value(r.base_weights[c]);
    json.end_object();
    json.key("applicants").begin_object();
    for (const auto& a : r.applicants)
        write_applicant(json, a, r.ranks);
    json.end_object();
    json.key("stable_core");
    ids(r.stable_core);
    json.key("boundary");
    ids(r.boundary);
    json.key("baseline_shortlist").begin_array();
    for (const auto& a : r.applicants) {
        if (a.baseline_shortlisted)
            json.value(a.id.value());
    }
    json.end_array();
    json_number(json.key("mean_overlap"), r.mean_overlap);
    json.key("mean_shortlist_size").value(r.mean_shortlist_size);
    if (r.ranks) {
        json_number(json.key("kendall_tau"), r.kendall_tau);
        json_number(json.key("kendall_tau_min"), r.kendall_tau_min);
    }
    json.end_object();
    json.finish();
}

std::vector<CsvTable> csv_tables(const SensitivityReport& report) {
    const SensitivityResult& r = report.result;
    return {{std::string(table_names[0]), [&r](std::ostream& os) { applicants_csv(os, r); }},
            {std::string(table_names[1]), [&r](std::ostream& os) { weights_csv(os, r); }}};
}

std::span<const std::string_view> report::sensitivity_table_names() {
    return table_names;
}

}  // namespace shortlist

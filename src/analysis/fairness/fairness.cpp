// Adverse impact: the statistics and the report (the loaders are in
// fairness_load.cpp).
#include "shortlist/analysis/fairness.hpp"

#include <algorithm>
#include <boost/math/distributions/hypergeometric.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>

#include "shortlist/error.hpp"

namespace shortlist {

namespace {

__extension__ typedef unsigned __int128 u128;

/// How far below the observed table's probability another table may be and
/// still count as "no more probable": R's fisher.test uses 1 + 1e-7.
constexpr double fisher_relative_tolerance = 1e-7;

}  // namespace

bool four_fifths_flag(std::uint64_t selected, std::uint64_t n, std::uint64_t selected_ref,
                      std::uint64_t n_ref) noexcept {
    if (n == 0 || n_ref == 0 || selected_ref == 0)
        return false;
    // selected / n < 4/5 × selected_ref / n_ref, without rounding.
    return u128{selected} * n_ref * 5 < u128{selected_ref} * n * 4;
}

double fisher_exact_two_sided(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
    const std::uint64_t total = a + b + c + d;
    const std::uint64_t row = a + b;  // drawn
    const std::uint64_t col = a + c;  // successes in the population
    if (row == 0 || row == total || col == 0 || col == total)
        return 1;
    if (total > std::numeric_limits<unsigned>::max())
        throw std::length_error("fisher_exact_two_sided: more than 2^32 applicants");
    const boost::math::hypergeometric_distribution<double> dist(
        static_cast<unsigned>(col), static_cast<unsigned>(row), static_cast<unsigned>(total));
    const std::uint64_t lo = row + col > total ? row + col - total : 0;
    const std::uint64_t hi = std::min(row, col);
    // Walk out from the mode with the ratio of neighbouring probabilities,
    //   P(x + 1) / P(x) = (col − x)(row − x) / ((x + 1)(total − col − row + x + 1)),
    // from one Boost pdf call at the mode, rather than one per table (each
    // costs a pass over the primes below `total` for mid-sized batches). The
    // probabilities fall away from the mode (the distribution is
    // log-concave), so a tail stops counting once its terms are negligible
    // against the sum.
    const double rest =
        static_cast<double>(total) - static_cast<double>(col) - static_cast<double>(row);
    const double dc = static_cast<double>(col);
    const double dr = static_cast<double>(row);
    auto mode = static_cast<std::uint64_t>((dr + 1) * (dc + 1) / (static_cast<double>(total) + 2));
    mode = std::clamp(mode, lo, hi);
    const double at_mode = boost::math::pdf(dist, static_cast<unsigned>(mode));
    auto up = [&](double px, std::uint64_t x) {  // P(x + 1) from P(x)
        const double dx = static_cast<double>(x);
        return px * (dc - dx) * (dr - dx) / ((dx + 1) * (rest + dx + 1));
    };
    auto down = [&](double px, std::uint64_t x) {  // P(x - 1) from P(x)
        const double dx = static_cast<double>(x);
        return px * dx * (rest + dx) / ((dc - dx + 1) * (dr - dx + 1));
    };
    // The observed table's probability by the same steps, so that tables of
    // equal probability (a symmetric table's mirror) compare equal.
    double observed = at_mode;
    for (std::uint64_t x = mode; x < a; ++x)
        observed = up(observed, x);
    for (std::uint64_t x = mode; x > a; --x)
        observed = down(observed, x);
    const double bound = observed * (1 + fisher_relative_tolerance);
    double p = 0;
    auto add = [&](double px) {
        if (px <= bound)
            p += px;
        return px <= bound && px < p * 1e-17;  // negligible from here on
    };
    add(at_mode);
    double px = at_mode;
    for (std::uint64_t x = mode; x < hi; ++x)
        if (add(px = up(px, x)))
            break;
    px = at_mode;
    for (std::uint64_t x = mode; x > lo; --x)
        if (add(px = down(px, x)))
            break;
    return std::min(p, 1.0);
}

std::optional<double> two_proportion_z(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2,
                                       std::uint64_t n2) {
    if (n1 == 0 || n2 == 0)
        return std::nullopt;
    const double dn1 = static_cast<double>(n1);
    const double dn2 = static_cast<double>(n2);
    const double pooled = static_cast<double>(x1 + x2) / (dn1 + dn2);
    if (pooled <= 0 || pooled >= 1)
        return std::nullopt;
    const double se = std::sqrt(pooled * (1 - pooled) * (1 / dn1 + 1 / dn2));
    return (static_cast<double>(x1) / dn1 - static_cast<double>(x2) / dn2) / se;
}

namespace {

struct Stage {
    std::string_view name;
    std::string_view definition;
    bool (*selected)(const ResultRecord&);
};

bool is_shortlisted(const ResultRecord& r) {
    return r.status == "shortlisted" || r.status == "guaranteed_interview";
}

bool passed_eligibility(const ResultRecord& r) {
    return std::none_of(r.failed_gates.begin(), r.failed_gates.end(),
                        [](const std::string& g) { return g.starts_with("eligibility:"); });
}

constexpr Stage eligible_stage{"eligible", "passed every eligibility condition",
                               passed_eligibility};
constexpr Stage passed_stage{"passed_pass_mark",
                             "passed every gate: eligibility conditions, criterion minimums and "
                             "evidence, and the pass mark if the rulebook sets one",
                             [](const ResultRecord& r) { return r.passed_gates; }};
constexpr Stage shortlisted_stage{"shortlisted", "status shortlisted or guaranteed_interview",
                                  is_shortlisted};
constexpr Stage on_rank_stage{"shortlisted_on_rank",
                              "status shortlisted: on rank, leaving out the guaranteed interviews",
                              [](const ResultRecord& r) { return r.status == "shortlisted"; }};

/// One monitoring column's groups: dense ids in name order, each applicant's
/// group, and which groups are suppressed.
struct ColumnGroups {
    std::vector<std::string> names;
    std::vector<std::size_t> of;  // per result record
    std::vector<std::size_t> n;
    std::vector<bool> suppressed;
};

/// A result without a monitoring row (in the rows of group_column).
constexpr std::size_t none = static_cast<std::size_t>(-1);

ColumnGroups group_column(const ScoreResults& results, const std::vector<std::size_t>& rows,
                          const std::vector<std::string>& values, std::size_t disclosure) {
    ColumnGroups g;
    std::map<std::string_view, std::size_t> index;  // name order
    for (std::size_t r = 0; r < rows.size(); ++r)
        index.try_emplace(rows[r] == none ? not_stated : std::string_view(values[rows[r]]), 0);
    for (auto& [name, id] : index) {
        id = g.names.size();
        g.names.emplace_back(name);
    }
    g.n.assign(g.names.size(), 0);
    g.of.resize(results.records.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::size_t id =
            index.at(rows[r] == none ? not_stated : std::string_view(values[rows[r]]));
        g.of[r] = id;
        ++g.n[id];
    }
    g.suppressed.assign(g.names.size(), false);
    std::size_t primary = 0;
    for (std::size_t i = 0; i < g.names.size(); ++i)
        if (g.n[i] < disclosure) {
            g.suppressed[i] = true;
            ++primary;
        }
    // Complementary disclosure: the totals are known (the score output gives
    // them), so one suppressed group alone could be found by subtraction.
    if (primary == 1 && g.names.size() > 1) {
        std::size_t next = g.names.size();
        for (std::size_t i = 0; i < g.names.size(); ++i)
            if (!g.suppressed[i] && (next == g.names.size() || g.n[i] < g.n[next]))
                next = i;
        g.suppressed[next] = true;
    }
    return g;
}

/// The unsuppressed group with the highest rate (then the larger, then the
/// first by name), never the not-stated group; or none.
std::optional<std::size_t> reference_group(const ColumnGroups& g,
                                           const std::vector<std::size_t>& selected) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < g.names.size(); ++i) {
        if (g.suppressed[i] || g.n[i] == 0 || g.names[i] == not_stated)
            continue;
        if (!best) {
            best = i;
            continue;
        }
        const u128 mine = u128{selected[i]} * g.n[*best];
        const u128 theirs = u128{selected[*best]} * g.n[i];
        if (mine > theirs || (mine == theirs && g.n[i] > g.n[*best]))
            best = i;
    }
    return best;
}

double expected_min(std::size_t s1, std::size_t n1, std::size_t s2, std::size_t n2) {
    const double total = static_cast<double>(n1 + n2);
    const double sel = static_cast<double>(s1 + s2);
    const double rest = total - sel;
    const double small_row = static_cast<double>(std::min(n1, n2));
    return std::min(sel, rest) * small_row / total;
}

ColumnImpact column_impact(const std::string& column, const ColumnGroups& g,
                           const std::vector<std::size_t>& selected,
                           const FairnessOptions& options) {
    ColumnImpact out;
    out.column = column;
    const auto ref = reference_group(g, selected);
    if (ref)
        out.reference_group = g.names[*ref];
    for (std::size_t i = 0; i < g.names.size(); ++i) {
        GroupImpact gi;
        gi.group = g.names[i];
        gi.suppressed = g.suppressed[i];
        if (gi.suppressed) {
            out.groups.push_back(std::move(gi));
            continue;
        }
        gi.n = g.n[i];
        gi.selected = selected[i];
        gi.rate = static_cast<double>(gi.selected) / static_cast<double>(gi.n);
        if (ref && i == *ref) {
            gi.reference = true;
            if (selected[i] > 0)
                gi.impact_ratio = 1.0;
        } else if (ref) {
            const std::size_t rs = selected[*ref];
            const std::size_t rn = g.n[*ref];
            if (rs > 0)
                gi.impact_ratio = *gi.rate / (static_cast<double>(rs) / static_cast<double>(rn));
            gi.four_fifths_flag = four_fifths_flag(gi.selected, gi.n, rs, rn);
            // (x + 1) / n > (x_ref − 1) / n_ref, in integers.
            gi.one_person_shift = gi.four_fifths_flag && gi.selected < gi.n &&
                                  u128{gi.selected + 1} * rn > u128{rs - 1} * gi.n;
            gi.fisher_p = fisher_exact_two_sided(gi.selected, gi.n - gi.selected, rs, rn - rs);
            gi.z = two_proportion_z(gi.selected, gi.n, rs, rn);
            gi.small = expected_min(gi.selected, gi.n, rs, rn) < options.min_expected;
        }
        out.groups.push_back(std::move(gi));
    }
    return out;
}

ColumnAttribution column_attribution(const std::string& column, const ColumnGroups& g,
                                     const ScoreResults& results,
                                     const std::optional<std::string>& reference) {
    ColumnAttribution out;
    out.column = column;
    out.reference_group = reference;
    std::vector<std::map<std::string, std::size_t>> failed(g.names.size());
    for (std::size_t r = 0; r < results.records.size(); ++r) {
        const ResultRecord& rec = results.records[r];
        auto& counts = failed[g.of[r]];
        for (const auto& gate : rec.failed_gates)
            ++counts[gate];
        if (rec.passed_gates && rec.status == "not_shortlisted")
            ++counts["rank"];
    }
    std::optional<std::size_t> ref;
    for (std::size_t i = 0; i < g.names.size(); ++i)
        if (reference && g.names[i] == *reference)
            ref = i;
    auto share = [&](std::size_t i, const std::string& gate) {
        auto it = failed[i].find(gate);
        const std::size_t k = it == failed[i].end() ? 0 : it->second;
        return static_cast<double>(k) / static_cast<double>(g.n[i]);
    };
    for (std::size_t i = 0; i < g.names.size(); ++i) {
        GroupAttribution ga;
        ga.group = g.names[i];
        ga.suppressed = g.suppressed[i];
        if (!ga.suppressed) {
            ga.n = g.n[i];
            double best_excess = 0;
            for (const auto& [gate, k] : failed[i]) {
                GateShare s{gate, k, share(i, gate), std::nullopt};
                if (ref && i != *ref) {
                    s.excess = s.share - share(*ref, gate);
                    if (*s.excess > best_excess) {
                        best_excess = *s.excess;
                        ga.largest_excess = gate;
                    }
                }
                ga.gates.push_back(std::move(s));
            }
            std::stable_sort(
                ga.gates.begin(), ga.gates.end(),
                [](const GateShare& x, const GateShare& y) { return x.failed > y.failed; });
            if (!ga.gates.empty())
                ga.largest = ga.gates.front().gate;
        }
        out.groups.push_back(std::move(ga));
    }
    return out;
}

/// Each result's row in the monitoring data (`none` if it has none); counts
/// the results without a row and the rows without a result into `report`.

std::vector<std::size_t> monitoring_rows(const ScoreResults& results, const Monitoring& monitoring,
                                         FairnessReport& report) {
    std::unordered_map<std::string_view, std::size_t> row_of;
    row_of.reserve(monitoring.applicant_ids.size());
    for (std::size_t i = 0; i < monitoring.applicant_ids.size(); ++i)
        row_of.emplace(monitoring.applicant_ids[i].view(), i);
    std::vector<std::size_t> rows(results.records.size(), none);
    std::vector<bool> used(monitoring.applicant_ids.size(), false);
    for (std::size_t r = 0; r < results.records.size(); ++r) {
        auto it = row_of.find(results.records[r].applicant_id.view());
        if (it == row_of.end()) {
            ++report.without_monitoring;
        } else {
            rows[r] = it->second;
            used[it->second] = true;
        }
    }
    report.monitoring_not_in_results =
        static_cast<std::size_t>(std::count(used.begin(), used.end(), false));
    return rows;
}

/// The stages the results can speak for, in pipeline order.
std::vector<Stage> stages_known(const ScoreResults& results) {
    std::vector<Stage> stages;
    if (results.gates_known)
        stages.push_back(eligible_stage);
    if (results.passed_known)
        stages.push_back(passed_stage);
    stages.push_back(shortlisted_stage);
    stages.push_back(on_rank_stage);
    return stages;
}

StageImpact stage_impact(const Stage& stage, const ScoreResults& results,
                         const Monitoring& monitoring, const std::vector<ColumnGroups>& groups,
                         const FairnessOptions& options) {
    StageImpact si;
    si.stage = stage.name;
    si.definition = stage.definition;
    std::vector<bool> selected(results.records.size());
    for (std::size_t r = 0; r < results.records.size(); ++r) {
        selected[r] = stage.selected(results.records[r]);
        si.selected += selected[r];
    }
    for (std::size_t c = 0; c < monitoring.columns.size(); ++c) {
        std::vector<std::size_t> count(groups[c].names.size(), 0);
        for (std::size_t r = 0; r < results.records.size(); ++r)
            count[groups[c].of[r]] += selected[r];
        si.columns.push_back(column_impact(monitoring.columns[c], groups[c], count, options));
    }
    return si;
}

/// What a reader needs to know to read the figures.
std::vector<std::string> reading_notes(const FairnessReport& report, const ScoreResults& results,
                                       const FairnessOptions& options) {
    std::vector<std::string> notes;
    if (!results.passed_known)
        notes.push_back(
            "the results have no rank column: who passed every gate is not known, so "
            "only the shortlisted stage is reported");
    if (!results.gates_known)
        notes.push_back(
            "the results are the CSV output, which lists no failed gates: the eligible stage and "
            "the attribution to gates need score --format json");
    const auto guaranteed =
        std::count_if(results.records.begin(), results.records.end(),
                      [](const ResultRecord& r) { return r.status == "guaranteed_interview"; });
    if (guaranteed > 0)
        notes.push_back(std::to_string(guaranteed) +
                        " applicants shortlisted through the guaranteed-interview scheme count as "
                        "shortlisted");
    if (report.without_monitoring > 0)
        notes.push_back(std::to_string(report.without_monitoring) +
                        " applicants in the results have no monitoring row: they count as " +
                        std::string(not_stated));
    if (report.monitoring_not_in_results > 0)
        notes.push_back(std::to_string(report.monitoring_not_in_results) +
                        " monitoring rows name applicants who are not in the results: left out");
    if (options.disclosure > 1)
        notes.push_back("groups of fewer than " + std::to_string(options.disclosure) +
                        " applicants are suppressed, and where that leaves one suppressed group "
                        "in a column the next smallest is suppressed too, so that neither can be "
                        "found from the totals");
    return notes;
}

}  // namespace

FairnessReport assess_fairness(const ScoreResults& results, const Monitoring& monitoring,
                               const FairnessOptions& options) {
    FairnessReport report;
    report.options = options;
    report.applicants = results.records.size();
    const std::vector<std::size_t> rows = monitoring_rows(results, monitoring, report);
    std::vector<ColumnGroups> groups;
    for (std::size_t c = 0; c < monitoring.columns.size(); ++c)
        groups.push_back(group_column(results, rows, monitoring.values[c], options.disclosure));
    for (const Stage& stage : stages_known(results))
        report.stages.push_back(stage_impact(stage, results, monitoring, groups, options));
    if (results.gates_known) {
        const StageImpact& shortlisted = report.stages[report.stages.size() - 2];
        for (std::size_t c = 0; c < monitoring.columns.size(); ++c)
            report.attribution.push_back(column_attribution(
                monitoring.columns[c], groups[c], results, shortlisted.columns[c].reference_group));
    }
    report.notes = reading_notes(report, results, options);
    return report;
}

}  // namespace shortlist

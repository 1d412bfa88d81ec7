// The calibrate report's writers: JSON, text and CSV tables
// (docs/calibration.md). Each reads only the report.
#include <array>
#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "report/calibration_sections.hpp"
#include "report/format.hpp"
#include "report/generalizability_writers.hpp"
#include "report/table_names.hpp"
#include "shortlist/report/calibration.hpp"

namespace shortlist {

namespace {

using namespace report;
using detail::JsonWriter;

constexpr std::array<std::string_view, 6> icc_names{"ICC1",  "ICC2",  "ICC3",
                                                    "ICC1k", "ICC2k", "ICC3k"};

constexpr std::array<std::string_view, 8> table_names{
    "agreement.csv",      "assessors.csv",        "moderation.csv", "shortlist_changes.csv",
    "rasch_criteria.csv", "rasch_applicants.csv", "notes.csv",      "generalizability.csv"};

std::optional<double> icc_value(const std::optional<IccEstimate>& e) {
    return e ? std::optional<double>(e->value) : std::nullopt;
}

std::array<const std::optional<IccEstimate>*, 6> icc_forms(const IccResult& r) {
    return {&r.icc1_1, &r.icc2_1, &r.icc3_1, &r.icc1_k, &r.icc2_k, &r.icc3_k};
}

std::array<std::optional<double>, 6> icc_values(const IccResult& r) {
    std::array<std::optional<double>, 6> out;
    const auto forms = icc_forms(r);
    for (std::size_t i = 0; i < forms.size(); ++i)
        out[i] = icc_value(*forms[i]);
    return out;
}

/// The severity, standard error and fit of an assessor are shown only when
/// estimated (rated, and the effects usable).
bool estimated(const AssessorEffects& e, const AssessorEffect& a) {
    return a.n_ratings > 0 && e.usable();
}

std::optional<double> infit(const std::optional<RaschFit>& f) {
    return f ? std::optional<double>(f->infit) : std::nullopt;
}
std::optional<double> outfit(const std::optional<RaschFit>& f) {
    return f ? std::optional<double>(f->outfit) : std::nullopt;
}

/// The Rasch estimates are all there (not when the fit gave up early).
bool has_rasch_estimates(const CalibrationReport& r) {
    const auto& t = r.table;
    const auto& e = r.effects;
    return e.model == EffectsModel::Rasch && e.criterion_effects.size() == t.criteria.size() &&
           e.thresholds.size() == t.criteria.size() &&
           e.applicant_effects.size() == t.applicants.size() &&
           e.applicant_fit.size() == t.applicants.size();
}

// ------------------------------------------------------------------ JSON

void write_icc_tests(JsonWriter& w, const IccResult& icc) {
    w.key("icc_tests").begin_object();
    const auto forms = icc_forms(icc);
    for (std::size_t i = 0; i < forms.size(); ++i) {
        const auto& f = *forms[i];
        w.key(icc_names[i]);
        if (!f) {
            w.null();
            continue;
        }
        w.begin_object();
        const auto& test = f->test;
        json_number(w.key("f"), test ? std::optional<double>(test->f) : std::nullopt);
        json_number(w.key("df1"), test ? std::optional<double>(test->df1) : std::nullopt);
        json_number(w.key("df2"), test ? std::optional<double>(test->df2) : std::nullopt);
        json_number(w.key("p"), test ? std::optional<double>(test->p_value) : std::nullopt);
        json_number(w.key("ci_lower"), f->ci ? std::optional<double>(f->ci->lower) : std::nullopt);
        json_number(w.key("ci_upper"), f->ci ? std::optional<double>(f->ci->upper) : std::nullopt);
        w.end_object();
    }
    w.end_object();
}

void write_alpha_intervals(JsonWriter& w, const CriterionAgreement& a) {
    w.key("krippendorff_alpha_ci").begin_object();
    for (std::size_t i = 0; i < 4; ++i) {
        w.key(alpha_metric_names[i]);
        if (const auto& ci = a.alpha[i].ci)
            w.begin_array().value(ci->lower).value(ci->upper).end_array();
        else
            w.null();
    }
    w.end_object();
}

void write_cohen(JsonWriter& w, const CriterionAgreement& a) {
    w.key("cohen_kappa").begin_array();
    for (const auto& c : a.cohen) {
        w.begin_object();
        w.key("assessors").begin_array().value(a.labels[c.rater_a]).value(a.labels[c.rater_b]);
        w.end_array();
        w.key("shared").value(static_cast<std::uint64_t>(c.shared_subjects));
        json_number(w.key("unweighted"), c.unweighted);
        json_number(w.key("linear"), c.linear);
        json_number(w.key("quadratic"), c.quadratic);
        w.end_object();
    }
    w.end_array();
}

std::optional<double> coefficient_value(const std::optional<Coefficient>& c) {
    return c ? std::optional<double>(c->value) : std::nullopt;
}
std::optional<double> coefficient_se(const std::optional<Coefficient>& c) {
    return c ? c->se : std::nullopt;
}

void write_interval(JsonWriter& w, std::string_view key, const std::optional<Interval>& ci) {
    w.key(key);
    if (ci)
        w.begin_array().value(ci->lower).value(ci->upper).end_array();
    else
        w.null();
}

/// {"linear": ..., "quadratic": ...} of one part (value, se or interval) of a
/// pair of weighted coefficients.
enum class CoefficientPart { Value, Se, Interval };
void write_weighted(JsonWriter& w, std::string_view key, const std::optional<Coefficient>& linear,
                    const std::optional<Coefficient>& quadratic, CoefficientPart part) {
    w.key(key).begin_object();
    for (const auto& [name, c] :
         {std::pair{"linear", &linear}, std::pair{"quadratic", &quadratic}}) {
        if (part == CoefficientPart::Value)
            json_number(w.key(name), coefficient_value(*c));
        else if (part == CoefficientPart::Se)
            json_number(w.key(name), coefficient_se(*c));
        else
            write_interval(w, name, *c ? (*c)->ci : std::nullopt);
    }
    w.end_object();
}

/// A coefficient written as KEY, KEY_se and KEY_ci; a weighted pair likewise.
void write_coefficient(JsonWriter& w, const std::string& key, const std::optional<Coefficient>& c) {
    json_number(w.key(key), coefficient_value(c));
    json_number(w.key(key + "_se"), coefficient_se(c));
    write_interval(w, key + "_ci", c ? c->ci : std::nullopt);
}
void write_weighted_coefficient(JsonWriter& w, const std::string& key,
                                const std::optional<Coefficient>& linear,
                                const std::optional<Coefficient>& quadratic) {
    write_weighted(w, key, linear, quadratic, CoefficientPart::Value);
    write_weighted(w, key + "_se", linear, quadratic, CoefficientPart::Se);
    write_weighted(w, key + "_ci", linear, quadratic, CoefficientPart::Interval);
}

/// The chance-corrected coefficients (Gwet's AC1/AC2, Brennan-Prediger) and
/// the kappas' standard errors and intervals (docs/calibration.md).
void write_chance_corrected(JsonWriter& w, const CriterionAgreement& a) {
    const auto& c = a.chance;
    write_coefficient(w, "gwet_ac1", c.gwet_ac1);
    write_weighted_coefficient(w, "gwet_ac2", c.gwet_ac2_linear, c.gwet_ac2_quadratic);
    write_coefficient(w, "brennan_prediger", c.brennan_prediger);
    write_weighted_coefficient(w, "brennan_prediger_weighted", c.brennan_prediger_linear,
                               c.brennan_prediger_quadratic);
    json_number(w.key("fleiss_kappa_se"), a.fleiss.se);
    write_interval(w, "fleiss_kappa_ci", a.fleiss.ci);
    w.key("cohen_kappa_se").begin_array();
    for (const auto& k : a.cohen) {
        w.begin_object();
        w.key("assessors").begin_array().value(a.labels[k.rater_a]).value(a.labels[k.rater_b]);
        w.end_array();
        for (const auto& [name, e] :
             {std::pair{"unweighted", &k.unweighted_se}, std::pair{"linear", &k.linear_se},
              std::pair{"quadratic", &k.quadratic_se}}) {
            w.key(name).begin_object();
            json_number(w.key("se"), coefficient_se(*e));
            write_interval(w, "ci", *e ? (*e)->ci : std::nullopt);
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
}

void write_agreement(JsonWriter& w, const CriterionAgreement& a,
                     const Generalizability* g = nullptr,
                     const std::vector<CriterionId>* criteria = nullptr) {
    w.begin_object();
    json_count(w.key("n_applicants"), a.n_applicants);
    json_count(w.key("n_assessors"), a.n_assessors);
    json_count(w.key("n_ratings"), a.n_ratings);
    w.key("icc").begin_object();
    const auto icc = icc_values(a.icc);
    for (std::size_t i = 0; i < icc.size(); ++i)
        json_number(w.key(icc_names[i]), icc[i]);
    w.end_object();
    w.key("krippendorff_alpha").begin_object();
    for (std::size_t i = 0; i < 4; ++i)
        json_number(w.key(alpha_metric_names[i]), a.alpha[i].alpha);
    w.end_object();
    json_number(w.key("fleiss_kappa"), a.fleiss.kappa);
    json_number(w.key("kendall_w"), a.kendall.w);
    // Beyond the minimum document: tests, intervals and the pairwise kappas.
    write_icc_tests(w, a.icc);
    write_alpha_intervals(w, a);
    write_cohen(w, a);
    write_chance_corrected(w, a);
    if (g)
        write_generalizability(w, *g, criteria);
    write_notes(w, a.notes);
    w.end_object();
}

/// The G study of the criterion named `name`, if there is one.
const Generalizability* study_of(const CalibrationReport& r, const std::string& name) {
    for (const auto& g : r.generalizability.criteria)
        if (g.name == name)
            return &g;
    return nullptr;
}

void write_assessors(JsonWriter& w, const AssessorEffects& e, bool anchoring) {
    const bool rasch = e.model == EffectsModel::Rasch;
    w.key("assessors").begin_object();
    for (const auto& a : e.assessors) {
        w.key(a.id.view()).begin_object();
        const bool rated = estimated(e, a);
        json_fitted(w.key("severity"), rated ? std::optional<double>(a.severity) : std::nullopt,
                    rasch);
        json_fitted(w.key("se"), rated ? a.se : std::nullopt, rasch);
        const auto fit = rated ? a.fit : std::nullopt;
        json_fitted(w.key("infit"), infit(fit), rasch);
        json_fitted(w.key("outfit"), outfit(fit), rasch);
        json_count(w.key("n_ratings"), a.n_ratings);
        w.key("group").value(static_cast<std::uint64_t>(a.component + 1u));
        json_fitted(w.key("adjustment"), rated ? std::optional<double>(a.adjustment) : std::nullopt,
                    rasch);
        if (anchoring)  // docs/calibration.md#anchoring
            w.key("anchored").value(a.anchored);
        w.end_object();
    }
    w.end_object();
}

void write_rasch(JsonWriter& w, const CalibrationReport& r) {
    const auto& t = r.table;
    const auto& e = r.effects;
    w.key("rasch").begin_object();
    json_count(w.key("iterations"), e.iterations);
    w.key("converged").value(e.converged);
    w.key("criteria").begin_object();
    for (std::size_t c = 0; c < t.criteria.size(); ++c) {
        w.key(t.criteria[c].view()).begin_object();
        w.key("difficulty").value(e.criterion_effects[c], rasch_decimals);
        w.key("thresholds").begin_array();
        for (double tau : e.thresholds[c])
            w.value(tau, rasch_decimals);
        w.end_array();
        w.end_object();
    }
    w.end_object();
    w.key("applicants").begin_object();
    for (std::size_t a = 0; a < t.applicants.size(); ++a) {
        if (!e.applicant_effects[a])
            continue;
        w.key(t.applicants[a].view()).begin_object();
        w.key("ability").value(*e.applicant_effects[a], rasch_decimals);
        json_fitted(w.key("infit"), infit(e.applicant_fit[a]), true);
        json_fitted(w.key("outfit"), outfit(e.applicant_fit[a]), true);
        w.end_object();
    }
    w.end_object();
    w.end_object();
}

void write_moderation(JsonWriter& w, const CalibrationReport& r) {
    const auto& t = r.table;
    w.key("moderation").begin_array();
    for (const auto& c : r.moderation.cases) {
        w.begin_object();
        w.key("applicant_id").value(t.applicants[c.applicant].view());
        w.key("criterion").value(t.criteria[c.criterion].view());
        w.key("assessors").begin_array();
        for (auto j : c.assessors)
            w.value(t.assessors[j].view());
        w.end_array();
        w.key("scores").begin_array();
        for (double s : c.scores)
            w.value(s);
        w.end_array();
        w.key("spread").value(c.spread);
        w.end_object();
    }
    w.end_array();
    w.key("moderation_threshold").value(r.moderation.threshold);
    w.key("flagged_assessors").begin_array();
    for (const auto& f : r.moderation.assessors) {
        w.begin_object();
        w.key("assessor").value(t.assessors[f.assessor].view());
        const bool rasch = r.effects.model == EffectsModel::Rasch;
        json_fitted(w.key("severity"), r.effects.assessors[f.assessor].severity, rasch);
        json_fitted(w.key("z"), f.z, rasch);
        w.key("p").value(f.p);
        w.end_object();
    }
    w.end_array();
}

void write_moves(JsonWriter& w, const std::optional<std::vector<ShortlistMove>>& moves) {
    w.key("shortlist_changes");
    if (!moves) {
        w.null();
        return;
    }
    w.begin_array();
    for (const auto& m : *moves) {
        w.begin_object();
        w.key("applicant_id").value(m.id.value());
        w.key("change").value(m.enters ? "enters" : "leaves");
        json_count(w.key("rank_before"), m.rank_before);
        json_count(w.key("rank_after"), m.rank_after);
        w.key("status_before").value(to_string(m.status_before));
        w.key("status_after").value(to_string(m.status_after));
        w.end_object();
    }
    w.end_array();
}

// ------------------------------------------------------------------ text

std::string fixed(const std::optional<double>& v, int decimals = 3) {
    return v && std::isfinite(*v) ? detail::format_fixed(*v, decimals) : "—";
}

/// Scale points for people: at most two decimals.
std::string points(double v) {
    return detail::format_shortest(std::round(v * 100) / 100);
}

void write_agreement_text(std::ostream& os, const CalibrationReport& r) {
    const auto& t = r.table;
    os << "ratings: " << t.ratings.size() << " numeric (" << t.skipped << " rows without a number)"
       << ", " << t.applicants.size() << " applicants, " << t.criteria.size() << " criteria, "
       << t.assessors.size() << " assessors\n\n";
    os << "agreement (ICC(2,1) absolute, ICC(3,1) consistency, Krippendorff's alpha, Fleiss' "
          "kappa, Kendall's W):\n";
    auto line = [&](const CriterionAgreement& a) {
        const auto icc = icc_values(a.icc);
        os << "  " << a.name << ": " << a.n_applicants << " applicants, " << a.n_assessors
           << " assessors, " << a.n_ratings << " ratings; ICC2 " << fixed(icc[1]) << ", ICC3 "
           << fixed(icc[2]) << "; alpha interval " << fixed(a.alpha[2].alpha) << ", ordinal "
           << fixed(a.alpha[1].alpha) << "; kappa " << fixed(a.fleiss.kappa) << "; W "
           << fixed(a.kendall.w) << '\n';
    };
    for (const auto& a : r.criteria)
        line(a);
    if (r.overall)
        line(*r.overall);
}

void write_severity_text(std::ostream& os, const CalibrationReport& r) {
    const auto& e = r.effects;
    const bool rasch = e.model == EffectsModel::Rasch;
    os << "\nassessor severity (" << to_string(e.model) << " model, "
       << (rasch ? "logits" : "scale points") << "; positive = harsher than the panel):\n";
    for (std::size_t j = 0; j < e.assessors.size(); ++j) {
        const auto& a = e.assessors[j];
        os << "  " << a.id.view() << ": ";
        if (!estimated(e, a)) {
            os << "—\n";
            continue;
        }
        os << detail::format_fixed(a.severity, 3);
        if (a.anchored)  // docs/calibration.md#anchoring
            os << " (anchored)";
        else
            os << " (se " << fixed(a.se) << ")";
        if (a.fit)
            os << ", infit " << detail::format_fixed(a.fit->infit, 2) << ", outfit "
               << detail::format_fixed(a.fit->outfit, 2);
        if (rasch)
            os << ", about " << detail::format_fixed(a.adjustment, 2) << " points to remove";
        os << ", " << a.n_ratings << " ratings";
        for (const auto& f : r.moderation.assessors)
            if (f.assessor == j)
                os << "  ** differs from the panel (z = " << detail::format_fixed(f.z, 2) << ")";
        os << '\n';
    }
    const auto& t = r.table;
    if (rasch && e.thresholds.size() == t.criteria.size()) {
        os << "\nRasch model: " << e.iterations << " sweeps"
           << (e.converged ? "" : " (not converged)")
           << "; criterion difficulty and rating-scale thresholds (logits):\n";
        for (std::size_t c = 0; c < t.criteria.size(); ++c) {
            os << "  " << t.criteria[c].view() << ": "
               << detail::format_fixed(e.criterion_effects[c], 3) << "; thresholds";
            for (double tau : e.thresholds[c])
                os << ' ' << detail::format_fixed(tau, 2);
            os << '\n';
        }
    }
}

void write_moderation_text(std::ostream& os, const CalibrationReport& r) {
    const auto& t = r.table;
    os << "\nmoderation worklist: " << r.moderation.cases.size()
       << " applicant/criterion ratings differ by more than "
       << detail::format_shortest(r.moderation.threshold) << " point(s); "
       << r.moderation.assessors.size() << " assessor(s) differ significantly from the panel "
       << "(|z| = |severity / se| significant at two-sided 5% with Bonferroni's correction, and "
          "an adjustment of at least "
       << detail::format_shortest(r.moderation.min_severity) << " points)\n";
    for (const auto& c : r.moderation.cases) {
        os << "  " << t.applicants[c.applicant].view() << "  " << t.criteria[c.criterion].view()
           << "  spread " << points(c.spread) << ":";
        for (std::size_t k = 0; k < c.assessors.size(); ++k)
            os << ' ' << t.assessors[c.assessors[k]].view() << '=' << points(c.scores[k]);
        os << '\n';
    }
    if (r.moves) {
        os << "\nshortlist without assessor effects: " << r.moves->size() << " change(s)\n";
        for (const auto& m : *r.moves)
            os << "  " << m.id.value() << (m.enters ? " enters" : " leaves") << ": rank "
               << (m.rank_before ? std::to_string(*m.rank_before) : "—") << " -> "
               << (m.rank_after ? std::to_string(*m.rank_after) : "—") << " ("
               << to_string(m.status_before) << " -> " << to_string(m.status_after) << ")\n";
    }
}

// ------------------------------------------------------------------ CSV

void agreement_csv(std::ostream& os, const CalibrationReport& r) {
    os << "criterion,n_applicants,n_assessors,n_ratings";
    for (auto n : icc_names)
        os << ',' << n;
    for (auto n : alpha_metric_names)
        os << ",alpha_" << n;
    os << ",fleiss_kappa,kendall_w\n";
    auto row = [&](const CriterionAgreement& a) {
        os << csv_text(a.name) << ',' << a.n_applicants << ',' << a.n_assessors << ','
           << a.n_ratings;
        for (const auto& v : icc_values(a.icc))
            os << ',' << csv_number(v);
        for (const auto& al : a.alpha)
            os << ',' << csv_number(al.alpha);
        os << ',' << csv_number(a.fleiss.kappa) << ',' << csv_number(a.kendall.w) << '\n';
    };
    for (const auto& a : r.criteria)
        row(a);
    if (r.overall)
        row(*r.overall);
}

void assessors_csv(std::ostream& os, const CalibrationReport& r) {
    const auto& e = r.effects;
    os << "assessor,severity,se,infit,outfit,n_ratings,group,adjustment,flagged\n";
    for (std::size_t j = 0; j < e.assessors.size(); ++j) {
        const auto& a = e.assessors[j];
        const bool rated = estimated(e, a);
        bool flagged = false;
        for (const auto& f : r.moderation.assessors)
            flagged = flagged || f.assessor == j;
        const auto fit = rated ? a.fit : std::nullopt;
        const bool rasch = e.model == EffectsModel::Rasch;
        os << csv_text(a.id.view()) << ','
           << csv_fitted(rated ? std::optional<double>(a.severity) : std::nullopt, rasch) << ','
           << csv_fitted(rated ? a.se : std::nullopt, rasch) << ',' << csv_fitted(infit(fit), rasch)
           << ',' << csv_fitted(outfit(fit), rasch) << ',' << a.n_ratings << ',' << a.component + 1u
           << ',' << csv_fitted(rated ? std::optional<double>(a.adjustment) : std::nullopt, rasch)
           << ',' << (flagged ? "true" : "false") << '\n';
    }
}

void moderation_csv(std::ostream& os, const CalibrationReport& r) {
    const auto& t = r.table;
    os << "applicant_id,criterion,assessors,scores,spread\n";
    for (const auto& c : r.moderation.cases) {
        std::string who, scores;
        for (std::size_t k = 0; k < c.assessors.size(); ++k) {
            who += (k ? ";" : "") + t.assessors[c.assessors[k]].value();
            scores += (k ? ";" : "") + detail::format_shortest(c.scores[k]);
        }
        os << csv_text(t.applicants[c.applicant].view()) << ','
           << csv_text(t.criteria[c.criterion].view()) << ',' << csv_text(who) << ',' << scores
           << ',' << detail::format_shortest(c.spread) << '\n';
    }
}

void moves_csv(std::ostream& os, const std::vector<ShortlistMove>& moves) {
    os << "applicant_id,change,rank_before,rank_after,status_before,status_after\n";
    for (const auto& m : moves)
        os << csv_text(m.id.value()) << ',' << (m.enters ? "enters" : "leaves") << ','
           << csv_count(m.rank_before) << ',' << csv_count(m.rank_after) << ','
           << to_string(m.status_before) << ',' << to_string(m.status_after) << '\n';
}

void rasch_criteria_csv(std::ostream& os, const CalibrationReport& r) {
    const auto& t = r.table;
    const auto& e = r.effects;
    os << "criterion,difficulty,thresholds\n";
    for (std::size_t c = 0; c < t.criteria.size(); ++c) {
        std::string tau;
        for (double x : e.thresholds[c])
            tau += (tau.empty() ? "" : ";") + detail::format_fixed(x, rasch_decimals);
        os << csv_text(t.criteria[c].view()) << ','
           << detail::format_fixed(e.criterion_effects[c], rasch_decimals) << ',' << tau << '\n';
    }
}

void rasch_applicants_csv(std::ostream& os, const CalibrationReport& r) {
    const auto& t = r.table;
    const auto& e = r.effects;
    os << "applicant_id,ability,infit,outfit\n";
    for (std::size_t a = 0; a < t.applicants.size(); ++a) {
        if (!e.applicant_effects[a])
            continue;
        os << csv_text(t.applicants[a].view()) << ','
           << detail::format_fixed(*e.applicant_effects[a], rasch_decimals) << ','
           << csv_fitted(infit(e.applicant_fit[a]), true) << ','
           << csv_fitted(outfit(e.applicant_fit[a]), true) << '\n';
    }
}

}  // namespace

void write_json(std::ostream& os, const CalibrationReport& r) {
    JsonWriter w(os);
    w.begin_object();
    w.key("model").value(to_string(r.effects.model));
    w.key("criteria").begin_object();
    for (const auto& a : r.criteria)
        write_agreement(w.key(a.name), a, study_of(r, a.name));
    w.end_object();
    w.key("overall");
    if (r.overall)
        write_agreement(w, *r.overall, &r.generalizability.overall, &r.table.criteria);
    else
        w.null();
    write_assessors(w, r.effects, r.anchoring.has_value());
    if (has_rasch_estimates(r))
        write_rasch(w, r);
    else if (r.effects.model == EffectsModel::Rasch)
        w.key("rasch").null();
    write_moderation(w, r);
    write_moves(w, r.moves);
    write_anchoring_json(w, r);
    write_wright_map_json(w, r);
    write_notes(w, r.notes);
    w.end_object();
    w.finish();
}

void write_text(std::ostream& os, const CalibrationReport& r) {
    write_agreement_text(os, r);
    write_generalizability_text(os, r.generalizability);
    write_severity_text(os, r);
    write_anchoring_text(os, r);
    write_moderation_text(os, r);
    write_notes(os, r.notes);
}

std::vector<CsvTable> csv_tables(const CalibrationReport& r) {
    std::vector<CsvTable> tables{
        {"agreement.csv", [&r](std::ostream& os) { agreement_csv(os, r); }},
        {"generalizability.csv",
         [&r](std::ostream& os) { generalizability_csv(os, r.generalizability); }},
        {"assessors.csv", [&r](std::ostream& os) { assessors_csv(os, r); }},
        {"moderation.csv", [&r](std::ostream& os) { moderation_csv(os, r); }}};
    if (r.moves)
        tables.push_back(
            {"shortlist_changes.csv", [&r](std::ostream& os) { moves_csv(os, *r.moves); }});
    // (The text's Rasch section asks less: the CSV needs the applicants' fit.)
    if (has_rasch_estimates(r)) {
        tables.push_back(
            {"rasch_criteria.csv", [&r](std::ostream& os) { rasch_criteria_csv(os, r); }});
        tables.push_back(
            {"rasch_applicants.csv", [&r](std::ostream& os) { rasch_applicants_csv(os, r); }});
    }
    tables.push_back(notes_table(r.notes));
    return tables;
}

std::span<const std::string_view> report::calibration_table_names() {
    return table_names;
}

}  // namespace shortlist

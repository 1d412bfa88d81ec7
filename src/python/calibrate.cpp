// sl.calibrate: agreement, assessor severity, moderation and the shortlist
// without assessor effects, computed as `shortlist calibrate` computes them
// (docs/calibration.md), handed to Python as rows for DataFrames.
#include <pybind11/stl.h>

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "python/common.hpp"
#include "python/evidence.hpp"
#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/scorer.hpp"
#include "util/io.hpp"

namespace shortlist::python {

namespace {

/// The largest subjects x assessors matrix handed to the agreement statistics,
/// as in the CLI (8 bytes a cell: 400 MB).
constexpr double max_agreement_cells = 50e6;

/// One row of the agreement table: criterion, counts, then the statistics.
struct AgreementRow {
    std::string name;
    std::size_t applicants = 0, assessors = 0, ratings = 0;
    std::array<std::optional<double>, 12> values{};  // ICC1..ICC3k, alpha x4, kappa, W
};

AgreementRow agreement(std::string name, const RatingMatrix& m, std::size_t bootstrap) {
    AgreementRow a;
    a.name = std::move(name);
    a.applicants = m.subjects;
    a.assessors = m.raters;
    for (const double v : m.values)
        a.ratings += std::isnan(v) ? 0U : 1U;
    const IccResult icc = intraclass_correlation(m);
    const std::array<const std::optional<IccEstimate>*, 6> forms{
        &icc.icc1_1, &icc.icc2_1, &icc.icc3_1, &icc.icc1_k, &icc.icc2_k, &icc.icc3_k};
    for (std::size_t i = 0; i < forms.size(); ++i)
        a.values[i] = *forms[i] ? std::optional((*forms[i])->value) : std::nullopt;
    for (std::size_t i = 0; i < 4; ++i) {
        AlphaOptions o;
        o.metric = static_cast<AlphaMetric>(i);
        o.bootstrap_samples = bootstrap;
        a.values[6 + i] = krippendorff_alpha(m, o).alpha;
    }
    a.values[10] = fleiss_kappa(m).kappa;
    a.values[11] = kendall_w(m).w;
    return a;
}

/// The agreement of `criterion` (or overall), or only its counts when its
/// dense matrix would be too large.
AgreementRow agreement_of(const RatingTable& t, std::optional<std::uint32_t> criterion,
                          std::size_t bootstrap) {
    const std::string name = criterion ? t.criteria[*criterion] : "overall";
    const MatrixShape shape = matrix_shape(t, criterion);
    if (static_cast<double>(shape.subjects) * static_cast<double>(shape.raters) >
        max_agreement_cells) {
        AgreementRow a;
        a.name = name;
        a.applicants = shape.subjects;
        a.assessors = shape.raters;
        a.ratings = shape.ratings;
        return a;
    }
    return agreement(name, criterion ? criterion_matrix(t, *criterion) : overall_matrix(t),
                     bootstrap);
}

struct Result {
    RatingTable table;
    AssessorEffects effects;
    Moderation moderation;
    std::vector<AgreementRow> agreement;
    std::optional<std::vector<ShortlistMove>> moves;
    std::vector<std::string> notes;
};

struct Options {
    std::optional<PyRulebook> rulebook;
    std::optional<Input> applicants;
    EffectsModel model = EffectsModel::Additive;
    std::size_t bootstrap = 0;
    std::optional<double> threshold, min_severity;
    std::optional<std::size_t> top;
};

RatingTable rating_table(const Input& ratings) {
    return ratings.path ? load_rating_table(*ratings.path)
                        : parse_rating_table(*ratings.text, ratings.name);
}

Result calibrate(const Input& ratings, const Options& o) {
    Result r;
    const Rulebook* rb = o.rulebook ? o.rulebook->rulebook.get() : nullptr;
    std::optional<Evidence> evidence;
    if (rb != nullptr && o.applicants) {
        evidence = load(*rb, *o.applicants, ratings);
        r.table = make_rating_table(*evidence, *rb);
    } else {
        r.table = rating_table(ratings);
        if (rb != nullptr)
            apply_scales(r.table, *rb);
        else
            r.notes.emplace_back("no rulebook: each criterion's scale is the range of its scores");
    }
    double threshold = o.threshold.value_or(default_moderation_threshold);
    double min_severity = o.min_severity.value_or(default_min_severity);
    if (rb != nullptr && !o.threshold && rb->moderation.threshold)
        threshold = *rb->moderation.threshold;
    if (rb != nullptr && !o.min_severity && rb->moderation.min_severity)
        min_severity = *rb->moderation.min_severity;
    r.effects = fit_assessor_effects(r.table, o.model);
    r.moderation = moderate(r.table, r.effects, threshold, min_severity);
    for (std::uint32_t c = 0; c < r.table.criteria.size(); ++c) {
        if (matrix_shape(r.table, c).subjects > 0)
            r.agreement.push_back(agreement_of(r.table, c, o.bootstrap));
    }
    r.agreement.push_back(agreement_of(r.table, std::nullopt, o.bootstrap));
    std::vector<bool> seen(r.table.applicants.size(), false);
    std::size_t applicants = 0;
    for (const auto& x : r.table.ratings) {
        applicants += seen[x.applicant] ? 0U : 1U;
        seen[x.applicant] = true;
    }
    r.agreement.back().applicants = applicants;
    r.notes.insert(r.notes.end(), r.effects.notes.begin(), r.effects.notes.end());
    if (evidence && r.effects.usable()) {
        const Scorer scorer(*rb);
        const Shortlist before = select(*rb, scorer.score(*evidence, {false}), o.top);
        const Evidence adjusted = adjust_for_assessors(*evidence, *rb, r.effects);
        const Shortlist after = select(*rb, scorer.score(adjusted, {false}), o.top);
        r.moves = compare_shortlists(before, after);
    } else if (evidence) {
        r.notes.emplace_back(
            "the assessor effects could not be estimated: the adjusted shortlist is not computed");
    }
    return r;
}

py::dict to_python(const Result& r) {
    const RatingTable& t = r.table;
    py::list agreement;
    for (const AgreementRow& a : r.agreement) {
        py::list row;
        row.append(a.name);
        row.append(a.applicants);
        row.append(a.assessors);
        row.append(a.ratings);
        for (const auto& v : a.values)
            row.append(or_nan(v && std::isfinite(*v) ? v : std::nullopt));
        agreement.append(row);
    }
    py::list assessors;
    for (std::size_t j = 0; j < r.effects.assessors.size(); ++j) {
        const AssessorEffect& a = r.effects.assessors[j];
        const bool rated = a.n_ratings > 0 && r.effects.usable();
        bool flagged = false;
        for (const auto& f : r.moderation.assessors)
            flagged = flagged || f.assessor == j;
        const auto fit = rated ? a.fit : std::nullopt;
        assessors.append(py::make_tuple(
            a.id, or_nan(rated ? std::optional(a.severity) : std::nullopt),
            or_nan(rated ? a.se : std::nullopt),
            or_nan(fit ? std::optional(fit->infit) : std::nullopt),
            or_nan(fit ? std::optional(fit->outfit) : std::nullopt), a.n_ratings, a.component + 1U,
            or_nan(rated ? std::optional(a.adjustment) : std::nullopt), flagged));
    }
    py::list moderation;
    for (const ModerationCase& c : r.moderation.cases) {
        std::vector<std::string> who;
        for (const std::uint32_t a : c.assessors)
            who.push_back(t.assessors[a]);
        moderation.append(py::make_tuple(t.applicants[c.applicant], t.criteria[c.criterion], who,
                                         c.scores, c.spread));
    }
    py::object changes = py::none();
    if (r.moves) {
        py::list rows;
        for (const ShortlistMove& m : *r.moves)
            rows.append(py::make_tuple(m.id, m.enters ? "enters" : "leaves", m.rank_before,
                                       m.rank_after, std::string(to_string(m.status_before)),
                                       std::string(to_string(m.status_after))));
        changes = rows;
    }
    py::dict out;
    out["agreement"] = agreement;
    out["assessors"] = assessors;
    out["moderation"] = moderation;
    out["changes"] = changes;
    out["notes"] = r.notes;
    out["model"] = std::string(to_string(r.effects.model));
    out["usable"] = r.effects.usable();
    out["threshold"] = r.moderation.threshold;
    out["min_severity"] = r.moderation.min_severity;
    return out;
}

}  // namespace

void bind_calibrate(py::module_& m) {
    m.def(
        "calibrate",
        [](const Input& ratings, std::optional<PyRulebook> rulebook,
           std::optional<Input> applicants, const std::string& model, std::size_t bootstrap,
           std::optional<double> threshold, std::optional<double> min_severity,
           std::optional<std::size_t> top) {
            if (model != "additive" && model != "rasch")
                throw UsageError({}, ErrorCode::InvalidArgument,
                                 "model must be additive or rasch, not '" + model + "'");
            Options o{std::move(rulebook),
                      std::move(applicants),
                      model == "rasch" ? EffectsModel::Rasch : EffectsModel::Additive,
                      bootstrap,
                      threshold,
                      min_severity,
                      top};
            Result r;
            {
                py::gil_scoped_release unlocked;
                r = calibrate(ratings, o);
            }
            return to_python(r);
        },
        py::arg("ratings"), py::arg("rulebook") = py::none(), py::arg("applicants") = py::none(),
        py::arg("model") = "additive", py::arg("bootstrap") = 0, py::arg("threshold") = py::none(),
        py::arg("min_severity") = py::none(), py::arg("top") = py::none());
}

}  // namespace shortlist::python

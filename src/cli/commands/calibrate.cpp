// shortlist calibrate: agreement, assessor severity, moderation worklist and
// the shortlist without assessor effects (docs/calibration.md).
#include <array>
#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/audit.hpp"
#include "cli/csv_cell.hpp"
#include "cli/options.hpp"
#include "cli/xlsx_output.hpp"
#include "shortlist/analysis/agreement.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "util/csv_cell.hpp"
#include "util/io.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "calibrate: " + std::move(message));
}

/// The agreement statistics of one criterion, or of all of them.
struct Agreement {
    std::string name;  ///< criterion id, or "overall"
    std::size_t n_applicants = 0;
    std::size_t n_assessors = 0;
    std::size_t n_ratings = 0;
    IccResult icc;
    std::array<AlphaResult, 4> alpha;  ///< nominal, ordinal, interval, ratio
    FleissKappaResult fleiss;
    KendallWResult kendall;
    std::vector<CohenKappaResult> cohen;  ///< every pair of assessors sharing applicants
    std::vector<std::string> labels;      ///< the matrix's assessors (Cohen's indices)
    std::vector<std::string> notes;
};

constexpr std::array<std::string_view, 4> alpha_names{"nominal", "ordinal", "interval", "ratio"};

/// The largest subjects x assessors matrix handed to the agreement
/// statistics (8 bytes a cell: 400 MB).
constexpr double max_agreement_cells = 50e6;

std::string too_big_note(const MatrixShape& shape) {
    return "agreement not computed: " + std::to_string(shape.subjects) + " subjects x " +
           std::to_string(shape.raters) +
           " assessors is more than the 50 million cells the statistics' dense matrix may hold";
}

/// A note that lists thousands of ids (subjects left out of a complete
/// block) cut to its first ids and a count of the rest, so that the report
/// stays readable; the statistics' own result keeps the full lists.
std::string shorten(const std::string& note) {
    constexpr std::size_t keep = 400;
    if (note.size() <= keep)
        return note;
    const auto cut = note.rfind(", ", keep);
    if (cut == std::string::npos || note.find(": ") > cut)
        return note;
    std::size_t rest = 1;
    for (auto p = note.find(", ", cut + 2); p != std::string::npos; p = note.find(", ", p + 2))
        ++rest;
    return note.substr(0, cut) + ", ... and " + std::to_string(rest) + " more";
}

Agreement agreement(std::string name, const RatingMatrix& m, std::size_t bootstrap,
                    std::size_t applicants, std::optional<ScaleRange> scale) {
    Agreement a;
    a.name = std::move(name);
    a.n_applicants = applicants;
    a.n_assessors = m.raters;
    for (double v : m.values)
        a.n_ratings += std::isnan(v) ? 0u : 1u;
    a.icc = intraclass_correlation(m);
    for (std::size_t i = 0; i < 4; ++i) {
        AlphaOptions o;
        o.metric = static_cast<AlphaMetric>(i);
        o.bootstrap_samples = bootstrap;
        a.alpha[i] = krippendorff_alpha(m, o);
    }
    a.fleiss = fleiss_kappa(m);
    a.kendall = kendall_w(m);
    // Cohen's categories: the scale's points when every rating is one of
    // them (so unused points still count), else the values given.
    CohenOptions cohen;
    bool whole = scale && std::floor(scale->min) == scale->min &&
                 std::floor(scale->max) == scale->max && scale->max > scale->min;
    for (double v : m.values)
        whole = whole && (std::isnan(v) || std::floor(v) == v);
    if (whole) {
        cohen.scale_min = scale->min;
        cohen.scale_max = scale->max;
    }
    a.cohen = pairwise_cohen_kappa(m, cohen);
    a.labels = m.rater_labels;
    auto add = [&](std::string_view what, const std::vector<std::string>& notes) {
        for (const auto& n : notes)
            a.notes.push_back(std::string(what) + ": " + shorten(n));
    };
    add("ICC", a.icc.notes);
    for (std::size_t i = 0; i < 4; ++i)
        add("alpha (" + std::string(alpha_names[i]) + ")", a.alpha[i].notes);
    add("Fleiss' kappa", a.fleiss.notes);
    add("Kendall's W", a.kendall.notes);
    for (const auto& c : a.cohen)
        add("Cohen's kappa (" + m.rater_labels[c.rater_a] + ", " + m.rater_labels[c.rater_b] + ")",
            c.notes);
    return a;
}

std::optional<double> icc_value(const std::optional<IccEstimate>& e) {
    return e ? std::optional<double>(e->value) : std::nullopt;
}

std::array<std::optional<double>, 6> icc_values(const IccResult& r) {
    return {icc_value(r.icc1_1), icc_value(r.icc2_1), icc_value(r.icc3_1),
            icc_value(r.icc1_k), icc_value(r.icc2_k), icc_value(r.icc3_k)};
}
constexpr std::array<std::string_view, 6> icc_names{"ICC1",  "ICC2",  "ICC3",
                                                    "ICC1k", "ICC2k", "ICC3k"};

struct Report {
    RatingTable table;
    AssessorEffects effects;
    Moderation moderation;
    std::vector<Agreement> criteria;
    std::optional<Agreement> overall;
    std::optional<std::vector<ShortlistMove>> moves;  ///< with --rules and --applicants
    std::vector<std::string> notes;
};

// ------------------------------------------------------------------ JSON

void value(detail::JsonWriter& w, const std::optional<double>& v) {
    if (v && std::isfinite(*v))
        w.value(*v);
    else
        w.null();
}

void write_agreement(detail::JsonWriter& w, const Agreement& a) {
    w.begin_object();
    w.key("n_applicants").value(static_cast<std::uint64_t>(a.n_applicants));
    w.key("n_assessors").value(static_cast<std::uint64_t>(a.n_assessors));
    w.key("n_ratings").value(static_cast<std::uint64_t>(a.n_ratings));
    w.key("icc").begin_object();
    const auto icc = icc_values(a.icc);
    for (std::size_t i = 0; i < icc.size(); ++i)
        value(w.key(icc_names[i]), icc[i]);
    w.end_object();
    w.key("krippendorff_alpha").begin_object();
    for (std::size_t i = 0; i < 4; ++i)
        value(w.key(alpha_names[i]), a.alpha[i].alpha);
    w.end_object();
    value(w.key("fleiss_kappa"), a.fleiss.kappa);
    value(w.key("kendall_w"), a.kendall.w);
    // Beyond the minimum document: tests, intervals and the pairwise kappas.
    w.key("icc_tests").begin_object();
    const std::array<const std::optional<IccEstimate>*, 6> forms{
        &a.icc.icc1_1, &a.icc.icc2_1, &a.icc.icc3_1, &a.icc.icc1_k, &a.icc.icc2_k, &a.icc.icc3_k};
    for (std::size_t i = 0; i < forms.size(); ++i) {
        const auto& f = *forms[i];
        w.key(icc_names[i]);
        if (!f) {
            w.null();
            continue;
        }
        w.begin_object();
        const auto& test = f->test;
        value(w.key("f"), test ? std::optional<double>(test->f) : std::nullopt);
        value(w.key("df1"), test ? std::optional<double>(test->df1) : std::nullopt);
        value(w.key("df2"), test ? std::optional<double>(test->df2) : std::nullopt);
        value(w.key("p"), test ? std::optional<double>(test->p_value) : std::nullopt);
        value(w.key("ci_lower"), f->ci ? std::optional<double>(f->ci->lower) : std::nullopt);
        value(w.key("ci_upper"), f->ci ? std::optional<double>(f->ci->upper) : std::nullopt);
        w.end_object();
    }
    w.end_object();
    w.key("krippendorff_alpha_ci").begin_object();
    for (std::size_t i = 0; i < 4; ++i) {
        w.key(alpha_names[i]);
        if (const auto& ci = a.alpha[i].ci)
            w.begin_array().value(ci->lower).value(ci->upper).end_array();
        else
            w.null();
    }
    w.end_object();
    w.key("cohen_kappa").begin_array();
    for (const auto& c : a.cohen) {
        w.begin_object();
        w.key("assessors").begin_array().value(a.labels[c.rater_a]).value(a.labels[c.rater_b]);
        w.end_array();
        w.key("shared").value(static_cast<std::uint64_t>(c.shared_subjects));
        value(w.key("unweighted"), c.unweighted);
        value(w.key("linear"), c.linear);
        value(w.key("quadratic"), c.quadratic);
        w.end_object();
    }
    w.end_array();
    w.key("notes").begin_array();
    for (const auto& n : a.notes)
        w.value(n);
    w.end_array();
    w.end_object();
}

void write_json(std::ostream& os, const Report& r) {
    const auto& t = r.table;
    detail::JsonWriter w(os);
    w.begin_object();
    w.key("model").value(to_string(r.effects.model));
    w.key("criteria").begin_object();
    for (const auto& a : r.criteria)
        write_agreement(w.key(a.name), a);
    w.end_object();
    w.key("overall");
    if (r.overall)
        write_agreement(w, *r.overall);
    else
        w.null();
    w.key("assessors").begin_object();
    for (const auto& a : r.effects.assessors) {
        w.key(a.id).begin_object();
        const bool rated = a.n_ratings > 0 && r.effects.usable();
        value(w.key("severity"), rated ? std::optional<double>(a.severity) : std::nullopt);
        value(w.key("se"), rated ? a.se : std::nullopt);
        const auto fit = rated ? a.fit : std::nullopt;
        value(w.key("infit"), fit ? std::optional<double>(fit->infit) : std::nullopt);
        value(w.key("outfit"), fit ? std::optional<double>(fit->outfit) : std::nullopt);
        w.key("n_ratings").value(static_cast<std::uint64_t>(a.n_ratings));
        w.key("group").value(static_cast<std::uint64_t>(a.component + 1u));
        value(w.key("adjustment"), rated ? std::optional<double>(a.adjustment) : std::nullopt);
        w.end_object();
    }
    w.end_object();
    const bool rasch_estimates = r.effects.criterion_effects.size() == t.criteria.size() &&
                                 r.effects.thresholds.size() == t.criteria.size() &&
                                 r.effects.applicant_effects.size() == t.applicants.size() &&
                                 r.effects.applicant_fit.size() == t.applicants.size();
    if (r.effects.model == EffectsModel::Rasch && !rasch_estimates) {
        w.key("rasch").null();
    } else if (r.effects.model == EffectsModel::Rasch) {
        w.key("rasch").begin_object();
        w.key("iterations").value(static_cast<std::uint64_t>(r.effects.iterations));
        w.key("converged").value(r.effects.converged);
        w.key("criteria").begin_object();
        for (std::size_t c = 0; c < t.criteria.size(); ++c) {
            w.key(t.criteria[c]).begin_object();
            w.key("difficulty").value(r.effects.criterion_effects[c]);
            w.key("thresholds").begin_array();
            for (double tau : r.effects.thresholds[c])
                w.value(tau);
            w.end_array();
            w.end_object();
        }
        w.end_object();
        w.key("applicants").begin_object();
        for (std::size_t a = 0; a < t.applicants.size(); ++a) {
            if (!r.effects.applicant_effects[a])
                continue;
            const auto& fit = r.effects.applicant_fit[a];
            w.key(t.applicants[a]).begin_object();
            w.key("ability").value(*r.effects.applicant_effects[a]);
            value(w.key("infit"), fit ? std::optional<double>(fit->infit) : std::nullopt);
            value(w.key("outfit"), fit ? std::optional<double>(fit->outfit) : std::nullopt);
            w.end_object();
        }
        w.end_object();
        w.end_object();
    }
    w.key("moderation").begin_array();
    for (const auto& c : r.moderation.cases) {
        w.begin_object();
        w.key("applicant_id").value(t.applicants[c.applicant]);
        w.key("criterion").value(t.criteria[c.criterion]);
        w.key("assessors").begin_array();
        for (auto j : c.assessors)
            w.value(t.assessors[j]);
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
        w.key("assessor").value(t.assessors[f.assessor]);
        w.key("severity").value(r.effects.assessors[f.assessor].severity);
        w.key("z").value(f.z);
        w.key("p").value(f.p);
        w.end_object();
    }
    w.end_array();
    w.key("shortlist_changes");
    if (r.moves) {
        w.begin_array();
        for (const auto& m : *r.moves) {
            w.begin_object();
            w.key("applicant_id").value(m.id);
            w.key("change").value(m.enters ? "enters" : "leaves");
            auto rank = [&](const std::optional<std::size_t>& k) {
                if (k)
                    w.value(static_cast<std::uint64_t>(*k));
                else
                    w.null();
            };
            w.key("rank_before");
            rank(m.rank_before);
            w.key("rank_after");
            rank(m.rank_after);
            w.key("status_before").value(to_string(m.status_before));
            w.key("status_after").value(to_string(m.status_after));
            w.end_object();
        }
        w.end_array();
    } else {
        w.null();
    }
    w.key("notes").begin_array();
    for (const auto& n : r.notes)
        w.value(n);
    w.end_array();
    w.end_object();
    w.finish();
}

// ------------------------------------------------------------------ text

std::string fixed(const std::optional<double>& v, int decimals = 3) {
    return v && std::isfinite(*v) ? detail::format_fixed(*v, decimals) : "—";
}

/// Scale points for people: at most two decimals.
std::string points(double v) {
    return detail::format_shortest(std::round(v * 100) / 100);
}

void write_text(std::ostream& os, const Report& r) {
    const auto& t = r.table;
    os << "ratings: " << t.ratings.size() << " numeric (" << t.skipped << " rows without a number)"
       << ", " << t.applicants.size() << " applicants, " << t.criteria.size() << " criteria, "
       << t.assessors.size() << " assessors\n\n";
    os << "agreement (ICC(2,1) absolute, ICC(3,1) consistency, Krippendorff's alpha, Fleiss' "
          "kappa, Kendall's W):\n";
    auto line = [&](const Agreement& a) {
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
    const bool rasch = r.effects.model == EffectsModel::Rasch;
    os << "\nassessor severity (" << to_string(r.effects.model) << " model, "
       << (rasch ? "logits" : "scale points") << "; positive = harsher than the panel):\n";
    for (std::size_t j = 0; j < r.effects.assessors.size(); ++j) {
        const auto& a = r.effects.assessors[j];
        os << "  " << a.id << ": ";
        if (a.n_ratings == 0 || !r.effects.usable()) {
            os << "—\n";
            continue;
        }
        os << detail::format_fixed(a.severity, 3) << " (se " << fixed(a.se) << ")";
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
    if (rasch && r.effects.thresholds.size() == t.criteria.size()) {
        os << "\nRasch model: " << r.effects.iterations << " sweeps"
           << (r.effects.converged ? "" : " (not converged)")
           << "; criterion difficulty and rating-scale thresholds (logits):\n";
        for (std::size_t c = 0; c < t.criteria.size(); ++c) {
            os << "  " << t.criteria[c] << ": "
               << detail::format_fixed(r.effects.criterion_effects[c], 3) << "; thresholds";
            for (double tau : r.effects.thresholds[c])
                os << ' ' << detail::format_fixed(tau, 2);
            os << '\n';
        }
    }
    os << "\nmoderation worklist: " << r.moderation.cases.size()
       << " applicant/criterion ratings differ by more than "
       << detail::format_shortest(r.moderation.threshold) << " point(s); "
       << r.moderation.assessors.size() << " assessor(s) differ significantly from the panel "
       << "(|z| = |severity / se| significant at two-sided 5% with Bonferroni's correction, and "
          "an adjustment of at least "
       << detail::format_shortest(r.moderation.min_severity) << " points)\n";
    for (const auto& c : r.moderation.cases) {
        os << "  " << t.applicants[c.applicant] << "  " << t.criteria[c.criterion] << "  spread "
           << points(c.spread) << ":";
        for (std::size_t k = 0; k < c.assessors.size(); ++k)
            os << ' ' << t.assessors[c.assessors[k]] << '=' << points(c.scores[k]);
        os << '\n';
    }
    if (r.moves) {
        os << "\nshortlist without assessor effects: " << r.moves->size() << " change(s)\n";
        for (const auto& m : *r.moves)
            os << "  " << m.id << (m.enters ? " enters" : " leaves") << ": rank "
               << (m.rank_before ? std::to_string(*m.rank_before) : "—") << " -> "
               << (m.rank_after ? std::to_string(*m.rank_after) : "—") << " ("
               << to_string(m.status_before) << " -> " << to_string(m.status_after) << ")\n";
    }
    if (!r.notes.empty()) {
        os << "\nnotes:\n";
        for (const auto& n : r.notes)
            os << "  - " << n << '\n';
    }
}

// ------------------------------------------------------------------ CSV

/// The --csv tables, in DIR or (`workbook`) as the sheets of --xlsx FILE.
void write_csv_dir(const fs::path& dir, const Report& r, Audit& audit, bool workbook = false) {
    std::error_code ec;
    if (!workbook)
        fs::create_directories(dir, ec);
    if (ec)
        throw usage("cannot create --csv directory " + dir.string() + ": " + ec.message());
    // No command overwrites one of its own inputs.
    for (const char* name :
         {"agreement.csv", "assessors.csv", "moderation.csv", "shortlist_changes.csv",
          "rasch_criteria.csv", "rasch_applicants.csv", "notes.csv", "audit.json"})
        if (!workbook)
            audit.refuse_overwriting_inputs(dir / name, "--csv");
    const auto& t = r.table;
    std::vector<CsvTable> tables;
    const auto emit = [&](const char* name, std::function<void(std::ostream&)> fill) {
        tables.push_back({name, std::move(fill)});
    };
    emit("agreement.csv", [&](std::ostream& os) {
        os << "criterion,n_applicants,n_assessors,n_ratings";
        for (auto n : icc_names)
            os << ',' << n;
        for (auto n : alpha_names)
            os << ",alpha_" << n;
        os << ",fleiss_kappa,kendall_w\n";
        auto row = [&](const Agreement& a) {
            os << csv_field(a.name) << ',' << a.n_applicants << ',' << a.n_assessors << ','
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
    });
    emit("assessors.csv", [&](std::ostream& os) {
        os << "assessor,severity,se,infit,outfit,n_ratings,group,adjustment,flagged\n";
        for (std::size_t j = 0; j < r.effects.assessors.size(); ++j) {
            const auto& a = r.effects.assessors[j];
            const bool rated = a.n_ratings > 0 && r.effects.usable();
            bool flagged = false;
            for (const auto& f : r.moderation.assessors)
                flagged = flagged || f.assessor == j;
            const auto fit = rated ? a.fit : std::nullopt;
            os << csv_field(a.id) << ','
               << csv_number(rated ? std::optional<double>(a.severity) : std::nullopt) << ','
               << csv_number(rated ? a.se : std::nullopt) << ','
               << csv_number(fit ? std::optional<double>(fit->infit) : std::nullopt) << ','
               << csv_number(fit ? std::optional<double>(fit->outfit) : std::nullopt) << ','
               << a.n_ratings << ',' << a.component + 1u << ','
               << csv_number(rated ? std::optional<double>(a.adjustment) : std::nullopt) << ','
               << (flagged ? "true" : "false") << '\n';
        }
    });
    emit("moderation.csv", [&](std::ostream& os) {
        os << "applicant_id,criterion,assessors,scores,spread\n";
        for (const auto& c : r.moderation.cases) {
            std::string who, scores;
            for (std::size_t k = 0; k < c.assessors.size(); ++k) {
                who += (k ? ";" : "") + t.assessors[c.assessors[k]];
                scores += (k ? ";" : "") + detail::format_shortest(c.scores[k]);
            }
            os << csv_field(t.applicants[c.applicant]) << ',' << csv_field(t.criteria[c.criterion])
               << ',' << csv_field(who) << ',' << scores << ',' << detail::format_shortest(c.spread)
               << '\n';
        }
    });
    if (r.moves)
        emit("shortlist_changes.csv", [&](std::ostream& os) {
            os << "applicant_id,change,rank_before,rank_after,status_before,status_after\n";
            for (const auto& m : *r.moves)
                os << csv_field(m.id) << ',' << (m.enters ? "enters" : "leaves") << ','
                   << (m.rank_before ? std::to_string(*m.rank_before) : "") << ','
                   << (m.rank_after ? std::to_string(*m.rank_after) : "") << ','
                   << to_string(m.status_before) << ',' << to_string(m.status_after) << '\n';
        });
    const auto& e = r.effects;
    if (e.model == EffectsModel::Rasch && e.criterion_effects.size() == t.criteria.size() &&
        e.thresholds.size() == t.criteria.size() && e.applicant_fit.size() == t.applicants.size()) {
        emit("rasch_criteria.csv", [&](std::ostream& os) {
            os << "criterion,difficulty,thresholds\n";
            for (std::size_t c = 0; c < t.criteria.size(); ++c) {
                std::string tau;
                for (double x : e.thresholds[c])
                    tau += (tau.empty() ? "" : ";") + detail::format_shortest(x);
                os << csv_field(t.criteria[c]) << ','
                   << detail::format_shortest(e.criterion_effects[c]) << ',' << tau << '\n';
            }
        });
        emit("rasch_applicants.csv", [&](std::ostream& os) {
            os << "applicant_id,ability,infit,outfit\n";
            for (std::size_t a = 0; a < t.applicants.size(); ++a) {
                if (!e.applicant_effects[a])
                    continue;
                const auto& fit = e.applicant_fit[a];
                os << csv_field(t.applicants[a]) << ','
                   << detail::format_shortest(*e.applicant_effects[a]) << ','
                   << csv_number(fit ? std::optional<double>(fit->infit) : std::nullopt) << ','
                   << csv_number(fit ? std::optional<double>(fit->outfit) : std::nullopt) << '\n';
            }
        });
    }
    emit("notes.csv", [&](std::ostream& os) {
        os << "note\n";
        for (const auto& n : r.notes)
            os << csv_field(n) << '\n';
    });
    if (workbook) {
        write_tables(audit, dir, tables, true);
        return;
    }
    for (const CsvTable& table : tables)
        write_output(audit, dir / table.name, table.fill);
}

}  // namespace

int run_calibrate(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("ratings,x", po::value<std::string>()->value_name("FILE"),
         "ratings CSV: applicant_id,criterion,assessor,score[,...] (required unless the "
         "--applicants JSON Lines file holds the ratings)")
        ("rules,r", po::value<std::string>()->value_name("FILE"),
         "the rulebook: scales from it (else from the data); with --applicants, the adjusted "
         "shortlist too")
        ("applicants,a", po::value<std::string>()->value_name("FILE"),
         "applicants CSV or JSON Lines (with --rules): the ratings are checked as score checks "
         "them, and the adjusted shortlist is computed")
        ("model,m", po::value<std::string>()->value_name("additive|rasch")->default_value("additive"),
         "assessor-effect model")
        ("threshold,t", po::value<double>()->value_name("T"),
         "moderation: ratings of one applicant and criterion more than T points apart (default: "
         "the rulebook's moderation.threshold, else 1)")
        ("min-severity", po::value<double>()->value_name("P"),
         "flag an assessor only if their adjustment is at least P scale points (default: the "
         "rulebook's moderation.min_severity, else 0.25)")
        ("top,n", po::value<std::size_t>()->value_name("N"),
         "shortlist size (overrides the rulebook's shortlist.top)")
        ("bootstrap", po::value<std::size_t>()->value_name("B")->default_value(1000),
         "bootstrap resamples for Krippendorff's alpha interval (0: none)")
        ("json", "print the JSON document instead of the text summary")
        ("csv", po::value<std::string>()->value_name("DIR"),
         "also write the tables as CSV files in DIR (atomically)")
        ("xlsx", po::value<std::string>()->value_name("FILE"), xlsx_option_help);
    // clang-format on
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist calibrate [--rules R [--applicants A]] [--ratings X]\n"
                      "                           [--model additive|rasch] [--threshold T]\n"
                      "                           [--top N] [--json] [--csv DIR]\n\n"
                      "How far the assessors agree, who marks harder or softer than the panel,\n"
                      "which ratings need moderation, and (with --rules and --applicants) who\n"
                      "enters or leaves the shortlist when assessor effects are removed.\n",
                      visible, nullptr, vm, out))
        return exit_ok;
    if (!vm.count("ratings") && !(vm.count("rules") && vm.count("applicants")))
        throw usage("--ratings is required (or --rules with --applicants A.jsonl holding them)");
    if (vm.count("applicants") && !vm.count("rules"))
        throw usage("--applicants needs --rules");
    const std::string model_name = vm["model"].as<std::string>();
    if (model_name != "additive" && model_name != "rasch")
        throw usage("--model must be additive or rasch, not '" + model_name + "'");
    const EffectsModel model = model_name == "rasch" ? EffectsModel::Rasch : EffectsModel::Additive;
    double threshold = default_moderation_threshold;
    if (vm.count("threshold")) {
        threshold = vm["threshold"].as<double>();
        if (!std::isfinite(threshold) || threshold < 0)
            throw usage("--threshold must be a number of points, 0 or more");
    }
    double min_severity = default_min_severity;
    if (vm.count("min-severity")) {
        min_severity = vm["min-severity"].as<double>();
        if (!std::isfinite(min_severity) || min_severity < 0)
            throw usage("--min-severity must be a number of points, 0 or more");
    }
    std::optional<std::size_t> top;
    if (vm.count("top")) {
        top = vm["top"].as<std::size_t>();
        if (*top == 0)
            throw usage("--top must be at least 1");
    }
    std::optional<fs::path> ratings_path;
    if (vm.count("ratings"))
        ratings_path = fs::path(vm["ratings"].as<std::string>());

    Audit audit("calibrate", args);
    Report r;
    std::optional<Rulebook> rulebook;
    std::optional<Evidence> evidence;
    if (vm.count("rules")) {
        rulebook = load_rulebook(vm["rules"].as<std::string>());
        audit.rulebook(*rulebook);
    }
    if (rulebook) {  // the rulebook's moderation policy, unless the command line says otherwise
        if (!vm.count("threshold") && rulebook->moderation.threshold)
            threshold = *rulebook->moderation.threshold;
        if (!vm.count("min-severity") && rulebook->moderation.min_severity)
            min_severity = *rulebook->moderation.min_severity;
    }
    if (rulebook && vm.count("applicants"))
        audit.input("applicants", vm["applicants"].as<std::string>());
    if (ratings_path)
        audit.input("ratings", *ratings_path);
    if (vm.count("xlsx"))
        audit.refuse_overwriting_inputs(vm["xlsx"].as<std::string>(), "--xlsx");
    if (vm["bootstrap"].as<std::size_t>() > 0)
        audit.seed(AlphaOptions{}.seed);
    if (rulebook && vm.count("applicants")) {
        // The adjusted shortlist is scored: the sift is blind here too.
        (void)check_blind_columns(*rulebook, vm["applicants"].as<std::string>());
        evidence = load_evidence(*rulebook, vm["applicants"].as<std::string>(), ratings_path);
        r.table = make_rating_table(*evidence, *rulebook);
    } else {
        r.table = load_rating_table(*ratings_path);
        if (rulebook) {
            apply_scales(r.table, *rulebook);
        } else {
            r.notes.push_back("no rulebook: each criterion's scale is the range of its scores");
        }
    }
    r.effects = fit_assessor_effects(r.table, model);
    r.moderation = moderate(r.table, r.effects, threshold, min_severity);
    const std::size_t bootstrap = vm["bootstrap"].as<std::size_t>();
    // The agreement statistics take a dense subjects x assessors matrix: a
    // national panel of hundreds of assessors would need gigabytes.
    auto too_big = [&](const std::string& name, const MatrixShape& shape) {
        const double cells =
            static_cast<double>(shape.subjects) * static_cast<double>(shape.raters);
        if (cells <= max_agreement_cells)
            return std::optional<Agreement>();
        Agreement a;
        a.name = name;
        a.n_applicants = shape.subjects;
        a.n_assessors = shape.raters;
        a.n_ratings = shape.ratings;
        a.notes.push_back(too_big_note(shape));
        return std::optional<Agreement>(std::move(a));
    };
    for (std::uint32_t c = 0; c < r.table.criteria.size(); ++c) {
        const MatrixShape shape = matrix_shape(r.table, c);
        if (shape.subjects == 0)
            continue;
        if (auto skipped = too_big(r.table.criteria[c], shape)) {
            r.criteria.push_back(std::move(*skipped));
            continue;
        }
        const RatingMatrix m = criterion_matrix(r.table, c);
        r.criteria.push_back(
            agreement(r.table.criteria[c], m, bootstrap, m.subjects, r.table.scales[c]));
    }
    {
        std::vector<bool> seen(r.table.applicants.size(), false);
        std::size_t applicants = 0;
        for (const auto& x : r.table.ratings)
            if (!seen[x.applicant]) {
                seen[x.applicant] = true;
                ++applicants;
            }
        std::optional<ScaleRange> common = r.table.scales.front();
        for (const auto& sc : r.table.scales)
            if (!(sc == *common))
                common.reset();
        r.overall = too_big("overall", matrix_shape(r.table, std::nullopt));
        if (!r.overall)
            r.overall =
                agreement("overall", overall_matrix(r.table), bootstrap, applicants, common);
        r.overall->n_applicants = applicants;
        r.overall->notes.insert(r.overall->notes.begin(),
                                "over all criteria, each applicant's rating of one criterion is "
                                "one unit (subject)");
    }
    for (const auto& n : r.effects.notes)
        r.notes.push_back(n);
    if (evidence && !r.effects.usable()) {
        r.notes.push_back(
            "the assessor effects could not be estimated: the adjusted shortlist "
            "is not computed");
    } else if (evidence) {
        const Scorer scorer(*rulebook);
        const Shortlist before = select(scorer.rulebook(), scorer.score(*evidence, {false}), top);
        const Evidence adjusted = adjust_for_assessors(*evidence, *rulebook, r.effects);
        const Shortlist after = select(scorer.rulebook(), scorer.score(adjusted, {false}), top);
        r.moves = compare_shortlists(before, after);
    } else {
        r.notes.push_back("no --rules and --applicants: the adjusted shortlist is not computed");
    }

    if (vm.count("xlsx"))  // docs/excel.md
        write_csv_dir(vm["xlsx"].as<std::string>(), r, audit, true);
    if (vm.count("csv")) {
        const fs::path dir = vm["csv"].as<std::string>();
        write_csv_dir(dir, r, audit);
        write_sidecar(audit, dir / "audit.json");
    }
    if (vm.count("json"))
        write_json_with_audit(out, audit, [&](std::ostream& doc) { write_json(doc, r); });
    else
        write_text(out, r);
    return exit_ok;
}

}  // namespace shortlist::cli

// The calibrate report's anchoring and Wright map sections, in JSON and text
// (docs/calibration.md#anchoring, docs/calibration.md#wright-map).
#include <cmath>
#include <ostream>

#include "report/calibration_sections.hpp"
#include "report/format.hpp"

namespace shortlist::report {

namespace {

using detail::JsonWriter;

void write_ids(JsonWriter& w, std::string_view key, const RatingTable& t,
               const std::vector<std::uint32_t>& assessors) {
    w.key(key).begin_array();
    for (auto j : assessors)
        w.value(t.assessors[j].view());
    w.end_array();
}

void write_drift(JsonWriter& w, const RatingTable& t, const Anchoring& a, bool rasch) {
    w.key("drift").begin_array();
    for (const auto& d : a.drift) {
        w.begin_object();
        w.key("assessor").value(t.assessors[d.assessor].view());
        w.key("anchored").value(d.anchored);
        json_fitted(w.key("free"), d.free, rasch);
        json_fitted(w.key("drift"), d.drift, rasch);
        json_fitted(w.key("se"), d.se, rasch);
        w.key("flagged").value(d.flagged);
        w.end_object();
    }
    w.end_array();
}

void write_entries(JsonWriter& w, std::string_view key, const std::vector<WrightMapEntry>& list,
                   bool assessors, bool rasch) {
    w.key(key).begin_array();
    for (const auto& e : list) {
        w.begin_object();
        w.key("id").value(e.id);
        json_fitted(w.key("measure"), e.measure, rasch);
        if (assessors)
            w.key("anchored").value(e.anchored);
        w.end_object();
    }
    w.end_array();
}

/// Three decimals with a sign, and no sign on what rounds to 0.
std::string signed_points(double v) {
    const std::string s = detail::format_fixed(v, 3);
    if (s == "0.000" || s == "-0.000")
        return "0.000";
    return (v > 0 ? "+" : "") + s;
}

}  // namespace

void write_anchoring_json(JsonWriter& w, const CalibrationReport& r) {
    if (!r.anchoring)
        return;
    const auto& a = *r.anchoring;
    w.key("anchoring").begin_object();
    w.key("source").value(a.source);
    w.key("units").value(wright_map_units(r.effects.model));
    write_ids(w, "anchored", r.table, a.anchored);
    write_ids(w, "estimated", r.table, a.estimated);
    w.key("not_rated").begin_array();
    for (const auto& id : a.not_rated)
        w.value(id.view());
    w.end_array();
    const bool rasch = r.effects.model == EffectsModel::Rasch;
    write_drift(w, r.table, a, rasch);
    json_fitted(w.key("mean_abs_drift"), a.mean_abs_drift, rasch);
    json_fitted(w.key("max_abs_drift"), a.max_abs_drift, rasch);
    w.key("threshold").value(a.threshold);
    json_count(w.key("flagged"), a.flagged);
    w.end_object();
}

void write_wright_map_json(JsonWriter& w, const CalibrationReport& r) {
    const auto map = wright_map(r.table, r.effects);
    w.key("wright_map");
    if (!map) {
        w.null();
        return;
    }
    w.begin_object();
    w.key("model").value(to_string(map->model));
    w.key("units").value(wright_map_units(map->model));
    const bool rasch = map->model == EffectsModel::Rasch;
    write_entries(w, "applicants", map->applicants, false, rasch);
    write_entries(w, "assessors", map->assessors, true, rasch);
    w.key("criteria").begin_array();
    for (std::size_t c = 0; c < map->criteria.size(); ++c) {
        w.begin_object();
        w.key("id").value(map->criteria[c].id);
        json_fitted(w.key("measure"), map->criteria[c].measure, rasch);
        w.key("scale").begin_array().value(map->scales[c].min).value(map->scales[c].max);
        w.end_array();
        if (map->model == EffectsModel::Rasch) {
            w.key("thresholds").begin_array();
            for (double tau : map->thresholds[c])
                w.value(tau, rasch_decimals);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void write_anchoring_text(std::ostream& os, const CalibrationReport& r) {
    if (!r.anchoring)
        return;
    const auto& a = *r.anchoring;
    const auto& t = r.table;
    os << "\nanchoring (" << a.source << "): " << a.anchored.size() << " assessors held at their "
       << "earlier severity, " << a.estimated.size() << " new on that scale\n";
    os << "drift of the anchors (free estimate − anchored, " << wright_map_units(r.effects.model)
       << "; flagged beyond " << detail::format_shortest(a.threshold) << "):";
    if (a.mean_abs_drift)
        os << " mean |drift| " << detail::format_fixed(*a.mean_abs_drift, 3) << ", max "
           << detail::format_fixed(*a.max_abs_drift, 3) << ", " << a.flagged << " flagged";
    os << '\n';
    for (const auto& d : a.drift) {
        os << "  " << t.assessors[d.assessor].view() << ": held at "
           << detail::format_fixed(d.anchored, 3);
        if (d.drift)
            os << ", free " << detail::format_fixed(*d.free, 3) << ", drift "
               << signed_points(*d.drift)
               << (d.se ? " (se " + detail::format_fixed(*d.se, 3) + ")" : std::string())
               << (d.flagged ? "  ** drifted" : "");
        else
            os << ", no free estimate";
        os << '\n';
    }
}

}  // namespace shortlist::report

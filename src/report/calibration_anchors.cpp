// Reading the anchors of `calibrate --anchor` from an earlier
// `calibrate --json` document (docs/calibration.md#anchoring).
#include <cmath>
#include <string>

#include "shortlist/error.hpp"
#include "shortlist/report/calibration.hpp"
#include "util/io.hpp"
#include "util/json.hpp"

namespace shortlist {

namespace {

using detail::JsonValue;

// Messages of this file, in one place.
namespace msg {
std::string not_a_calibration() {
    return "the anchor file must be the JSON document of an earlier calibrate --json (an object "
           "with \"model\" and \"assessors\")";
}
std::string shape(std::string_view what, std::string_view expected) {
    return std::string(what) + " must be " + std::string(expected);
}
std::string unknown_model(std::string_view model) {
    return "model '" + std::string(model) + "' is not additive or rasch";
}
}  // namespace msg

[[noreturn]] void fail(std::string_view name, const JsonValue& at, std::string message) {
    throw EvidenceError({std::string(name), at.line, at.column}, ErrorCode::InvalidArgument,
                        std::move(message));
}

const JsonValue& required(std::string_view name, const JsonValue& root, std::string_view key) {
    const JsonValue* v = root.find(key);
    if (v == nullptr)
        fail(name, root, msg::not_a_calibration());
    return *v;
}

void read_assessors(std::string_view name, const JsonValue& assessors, Anchors& out) {
    if (assessors.object() == nullptr)
        fail(name, assessors, msg::shape("\"assessors\"", "an object of assessors"));
    for (const auto& m : *assessors.object()) {
        if (m.value.object() == nullptr)
            fail(name, m.value, msg::shape("assessor '" + m.key + "'", "an object"));
        const JsonValue* severity = m.value.find("severity");
        if (severity == nullptr || severity->is_null())
            continue;  // not estimated in the earlier run: nothing to hold
        if (severity->number() == nullptr || !std::isfinite(*severity->number()))
            fail(name, *severity, msg::shape("the severity of '" + m.key + "'", "a number"));
        out.assessors.push_back({AssessorId(m.key),
                                 *severity->number(),
                                 {std::string(name), severity->line, severity->column}});
    }
}

/// [min, max]
ScaleRange read_range(std::string_view name, const JsonValue& v) {
    const auto* a = v.array();
    if (a == nullptr || a->size() != 2 || (*a)[0].number() == nullptr ||
        (*a)[1].number() == nullptr)
        fail(name, v, msg::shape("a criterion's \"scale\"", "[min, max]"));
    return {*(*a)[0].number(), *(*a)[1].number()};
}

void read_scales(std::string_view name, const JsonValue& map, Anchors& out) {
    if (map.is_null())
        return;
    const JsonValue* criteria = map.object() ? map.find("criteria") : nullptr;
    if (criteria == nullptr || criteria->array() == nullptr)
        fail(name, map, msg::shape("\"wright_map\"", "an object with a \"criteria\" array"));
    for (const auto& c : *criteria->array()) {
        const JsonValue* id = c.object() ? c.find("id") : nullptr;
        const JsonValue* scale = c.object() ? c.find("scale") : nullptr;
        if (id == nullptr || id->string() == nullptr || scale == nullptr)
            fail(name, c, msg::shape("a criterion of the Wright map", "{\"id\", \"scale\", ...}"));
        out.scales.push_back({CriterionId(*id->string()),
                              read_range(name, *scale),
                              {std::string(name), scale->line, scale->column}});
    }
}

}  // namespace

Anchors parse_anchors(std::string_view json, std::string_view name) {
    auto parsed = detail::parse_json(json);
    if (const auto* e = std::get_if<detail::JsonParseError>(&parsed))
        throw EvidenceError({std::string(name), e->line, e->column}, ErrorCode::InvalidArgument,
                            e->message);
    const JsonValue& root = std::get<JsonValue>(parsed);
    if (root.object() == nullptr)
        fail(name, root, msg::not_a_calibration());
    Anchors out;
    out.source = std::string(name);
    const JsonValue& model = required(name, root, "model");
    const auto parsed_model = model.string() ? parse_effects_model(*model.string()) : std::nullopt;
    if (!parsed_model)
        fail(name, model,
             model.string() ? msg::unknown_model(*model.string())
                            : msg::shape("\"model\"", "additive or rasch"));
    out.model = *parsed_model;
    out.model_location = {std::string(name), model.line, model.column};
    read_assessors(name, required(name, root, "assessors"), out);
    if (const JsonValue* map = root.find("wright_map"))
        read_scales(name, *map, out);
    return out;
}

Anchors load_anchors(const std::filesystem::path& file) {
    return parse_anchors(detail::read_file(file), file.string());
}

}  // namespace shortlist

// The messages and notes of anchoring (docs/calibration.md#anchoring).
#include "analysis/calibration/anchor_messages.hpp"

#include "util/number.hpp"

namespace shortlist::detail::anchor_msg {

namespace {

std::string range(const ScaleRange& s) {
    return format_shortest(s.min) + ".." + format_shortest(s.max);
}

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids)
        out += (out.empty() ? "" : ", ") + id;
    return out;
}

}  // namespace

std::string other_model(EffectsModel anchors, EffectsModel fitted) {
    return "the anchor file holds a " + std::string(to_string(anchors)) +
           " calibration; this run fits the " + std::string(to_string(fitted)) +
           " model (severities on another scale cannot anchor it)";
}

std::string other_scale(std::string_view criterion, const ScaleRange& earlier,
                        const ScaleRange& here) {
    return "criterion '" + std::string(criterion) + "' was on the scale " + range(earlier) +
           " in the anchor file but is on " + range(here) +
           " here: severities on another scale cannot anchor this run";
}

std::string no_shared_assessor(std::string_view file) {
    return "no assessor with a severity in " + std::string(file) +
           " has a rating here: nothing to anchor";
}

std::string scales_not_recorded(std::string_view file) {
    return "anchoring: " + std::string(file) +
           " does not record its criteria's scales (no wright_map): they are not checked";
}

std::string group_not_anchored(std::size_t group, const std::vector<std::string>& members) {
    return "anchoring: group " + std::to_string(group) + " (" + joined(members) +
           ") holds no anchored assessor: its severities are centred on its own panel, not on "
           "the earlier scale";
}

std::string only_anchor(std::string_view assessor) {
    return "anchoring: " + std::string(assessor) +
           " is the only anchor of its group: freed, the origin is unset, so it has no drift";
}

std::string not_rated(const std::vector<std::string>& ids) {
    return "anchoring: " + std::to_string(ids.size()) +
           " assessor(s) of the anchor file rated nothing here: " + joined(ids);
}

}  // namespace shortlist::detail::anchor_msg

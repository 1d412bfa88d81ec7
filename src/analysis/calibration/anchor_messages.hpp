// The messages and notes of anchoring (docs/calibration.md#anchoring), in one
// place so that tests can assert them exactly. Private to
// src/analysis/calibration/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/analysis/calibration.hpp"

namespace shortlist::detail::anchor_msg {

std::string other_model(EffectsModel anchors, EffectsModel fitted);
std::string other_scale(std::string_view criterion, const ScaleRange& earlier,
                        const ScaleRange& here);
std::string no_shared_assessor(std::string_view file);
std::string scales_not_recorded(std::string_view file);
std::string group_not_anchored(std::size_t group, const std::vector<std::string>& members);
std::string only_anchor(std::string_view assessor);
std::string not_rated(const std::vector<std::string>& ids);

}  // namespace shortlist::detail::anchor_msg

// The names of the CSV tables each report's csv_tables() may write (private):
// a --csv DIR is refused before a run reads anything if one of them, or
// DIR/audit.json, is one of its inputs.
#pragma once

#include <span>
#include <string_view>

namespace shortlist::report {

[[nodiscard]] std::span<const std::string_view> calibration_table_names();
[[nodiscard]] std::span<const std::string_view> sensitivity_table_names();
[[nodiscard]] std::span<const std::string_view> comparison_table_names();
[[nodiscard]] std::span<const std::string_view> fairness_table_names();

}  // namespace shortlist::report

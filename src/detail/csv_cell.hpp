// One CSV cell as the shortlist CSV writes it (report.cpp): text a spreadsheet
// would run as a formula (starting with = + - @, tab or carriage return) gets
// a leading single quote (OWASP, "CSV injection"), then RFC 4180 quoting if
// the cell holds a comma, a double quote or a line break.
#pragma once

#include <string>
#include <string_view>

namespace shortlist::detail {

[[nodiscard]] std::string csv_cell(std::string_view text);

}  // namespace shortlist::detail

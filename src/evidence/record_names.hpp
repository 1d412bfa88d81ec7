// How a message names another record of the file it is about: "line 12" in a
// text file, "rating 3" among an application's ratings, "row 12" in a sheet
// read as CSV text (docs/excel.md), where line 12 of the text is a later row
// when a cell above it holds a line break. Every message that cites a record
// builds the reference here, so a sheet's messages count its rows without
// their text being rewritten afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace shortlist::detail {

struct RecordNames {
    std::string_view unit = "line";
    /// A sheet's row of each line of its text ([0] unused), or empty when the
    /// records are counted as they are given.
    std::span<const std::uint32_t> row_of_line{};

    /// "line 12", "rating 3", "row 11".
    [[nodiscard]] std::string operator()(std::size_t n) const {
        if (n > 0 && n < row_of_line.size())
            n = row_of_line[n];
        return std::string(unit) + ' ' + std::to_string(n);
    }
};

}  // namespace shortlist::detail

// The rows of a ratings CSV into a RatingTable, on one thread or, for a large
// file, on two (a part each, joined in file order). Private to
// src/analysis/calibration/.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "evidence/internal.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "util/progress.hpp"

namespace shortlist::detail {

/// What parse_rating_table read of the header: the columns of applicant_id,
/// criterion, assessor and score in `header`.
struct RatingColumns {
    std::array<std::size_t, 4> col{};
    const CsvHeader* header = nullptr;
};

/// The rows after the header (`body`, whose first line is the file's line
/// `body_line`) appended to `t`, names interned in order of first appearance;
/// the same table, and the same first error (EvidenceError at file:line:column),
/// whether or not the body is read in two parts on two threads. `progress`
/// gets positions in `body` (read in two parts, the first reports for both).
void read_rating_rows(RatingTable& t, const RatingColumns& columns, std::string_view body,
                      std::size_t body_line, std::string_view name, RecordProgress progress = {});

}  // namespace shortlist::detail

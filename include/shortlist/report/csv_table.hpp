// One CSV table of a report (its file name and what it holds), as the
// reports' csv_tables() give them: write them anywhere, or as a --csv DIR
// with the audit record (write_csv_dir in shortlist/audit.hpp).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace shortlist {

struct CsvTable {
    std::string name;                         ///< e.g. "agreement.csv"
    std::function<void(std::ostream&)> fill;  ///< writes the table's bytes
};

}  // namespace shortlist

// The score report's writers: report.cpp's, given the report's additions.
#include "shortlist/report.hpp"
#include "shortlist/report/score.hpp"
#include "util/number.hpp"

namespace shortlist {

namespace {

ReportOptions options_of(const ScoreReport& r) {
    ReportOptions options;
    options.explain = r.explain;
    options.dropped_columns = r.dropped_columns;
    options.what_it_takes = r.what_it_takes;
    options.bands = r.bands;
    return options;
}

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
    return detail::parse_number(text);
}

void write_csv(std::ostream& os, const ScoreReport& report) {
    write_csv(os, report.rulebook, report.shortlist, options_of(report));
}

void write_json(std::ostream& os, const ScoreReport& report) {
    write_json(os, report.rulebook, report.shortlist, options_of(report));
}

}  // namespace shortlist

// score's workbook (docs/excel.md): the shortlist as write_csv has it, the
// per-criterion breakdown, the failed gates and the audit record.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/xlsx.hpp"
#include "util/json.hpp"

namespace shortlist {

namespace {

CellValue text(std::string_view s) {
    return std::string(s);
}

/// A computed number as the CSV prints it (6 decimals), held as a number.
CellValue number6(double v) {
    return rounded(v, 6);
}

CellValue count(std::size_t n) {
    return static_cast<double>(n);
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i > 0 ? "; " : "") + parts[i];
    return out;
}

/// The band and what-it-takes cells of entry p, when asked for (as write_csv).
void add_extra_cells(std::vector<CellValue>& row, const ReportOptions& options,
                     const std::vector<char>& boundary, std::size_t p) {
    if (options.bands) {
        const auto& band = options.bands->bands[p];
        row.push_back(band ? count(band->number) : CellValue{});
        row.push_back(band ? text(boundary[p] != 0 ? "yes" : "no") : CellValue{});
    }
    if (options.what_it_takes) {
        const WhatItTakes& w = (*options.what_it_takes)[p];
        row.push_back(w.margin ? number6(*w.margin) : CellValue{});
        if (!w.options.empty()) {
            const Improvement& i = w.options.front();
            row.push_back(text(i.criterion.view()));
            row.push_back(number6(i.points));
            row.push_back(number6(i.new_raw));
        } else {
            row.insert(row.end(), 3, CellValue{});
        }
        row.push_back(text(w.reason));
    }
}

Worksheet shortlist_sheet(const Shortlist& shortlist, const ReportOptions& options) {
    Worksheet sheet;
    sheet.name = "Shortlist";
    sheet.header = {"rank",      "applicant_id", "status",     "total",  "essential",
                    "desirable", "competency",   "conditions", "reasons"};
    if (options.bands)
        sheet.header.insert(sheet.header.end(), {"band", "band_boundary"});
    if (options.what_it_takes)
        sheet.header.insert(sheet.header.end(), {"margin", "improve_criterion", "improve_points",
                                                 "improve_to", "what_it_takes"});
    std::vector<char> boundary;
    if (options.bands) {
        boundary.assign(shortlist.entries.size(), 0);
        for (const std::size_t p : options.bands->boundary_entries)
            boundary[p] = 1;
    }
    sheet.rows.reserve(shortlist.entries.size());
    for (std::size_t p = 0; p < shortlist.entries.size(); ++p) {
        const ShortlistEntry& e = shortlist.entries[p];
        const Outcome& o = shortlist.outcomes[e.outcome];
        std::vector<CellValue> row;
        row.push_back(e.rank ? count(*e.rank) : CellValue{});
        row.push_back(text(o.id.view()));
        row.push_back(text(to_string(e.status)));
        row.push_back(number6(o.total));
        for (const auto& g : o.groups)
            row.push_back(g ? number6(100.0 * *g) : CellValue{});
        row.push_back(joined(o.conditions));
        row.push_back(joined(e.reasons));
        add_extra_cells(row, options, boundary, p);
        sheet.rows.push_back(std::move(row));
    }
    sheet.column_widths = {6, 14, 20, 11, 11, 11, 11, 30, 80};
    return sheet;
}

Worksheet criteria_sheet(const Shortlist& shortlist) {
    Worksheet sheet;
    sheet.name = "Criteria";
    sheet.header = {"rank",
                    "applicant_id",
                    "status",
                    "criterion",
                    "group",
                    "criterion_status",
                    "raw",
                    "normalised",
                    "weight",
                    "effective_weight",
                    "contribution",
                    "assessors",
                    "indicators_ticked"};
    for (const ShortlistEntry& e : shortlist.entries) {
        const Outcome& o = shortlist.outcomes[e.outcome];
        for (const CriterionResult& c : o.criteria) {
            sheet.rows.push_back(
                {e.rank ? count(*e.rank) : CellValue{}, text(o.id.view()),
                 text(to_string(e.status)), text(c.id.view()), text(to_string(c.group)),
                 text(to_string(c.status)), c.raw ? number6(*c.raw) : CellValue{},
                 number6(c.normalised), CellValue{c.weight}, number6(c.effective_weight),
                 number6(c.contribution), count(c.assessors), joined(c.indicators_ticked)});
        }
    }
    return sheet;
}

Worksheet failed_gates_sheet(const Shortlist& shortlist) {
    Worksheet sheet;
    sheet.name = "Failed gates";
    sheet.header = {"applicant_id", "status", "kind", "gate", "message"};
    for (const ShortlistEntry& e : shortlist.entries) {
        const Outcome& o = shortlist.outcomes[e.outcome];
        for (const GateFailure& g : o.failed_gates)
            sheet.rows.push_back({text(o.id.view()), text(to_string(e.status)),
                                  text(to_string(g.kind)), text(g.id), text(g.message)});
    }
    sheet.column_widths = {14, 20, 12, 20, 80};
    return sheet;
}

void flatten(const detail::JsonValue& v, const std::string& key, Worksheet& sheet) {
    const auto row = [&](CellValue value) { sheet.rows.push_back({text(key), std::move(value)}); };
    if (const auto* object = v.object()) {
        for (const auto& m : *object)
            flatten(m.value, key.empty() ? m.key : key + '.' + m.key, sheet);
    } else if (const auto* array = v.array()) {
        for (std::size_t i = 0; i < array->size(); ++i)
            flatten((*array)[i], key + '.' + std::to_string(i + 1), sheet);
    } else if (const auto* s = v.string()) {
        row(*s);
    } else if (const auto* d = v.number()) {
        row(*d);
    } else if (const auto* b = v.boolean()) {
        row(text(*b ? "true" : "false"));
    } else {
        row(CellValue{});
    }
}

}  // namespace

Worksheet json_sheet(std::string name, std::string_view json) {
    auto parsed = detail::parse_json(json);
    const auto* doc = std::get_if<detail::JsonValue>(&parsed);
    if (doc == nullptr || doc->object() == nullptr)
        throw UsageError({}, ErrorCode::InvalidArgument,
                         "xlsx: the '" + name + "' sheet needs a JSON object");
    Worksheet sheet;
    sheet.name = std::move(name);
    sheet.header = {"key", "value"};
    flatten(*doc, "", sheet);
    sheet.column_widths = {30, 80};
    return sheet;
}

Workbook shortlist_workbook(const Rulebook& /*rulebook*/, const Shortlist& shortlist,
                            const ReportOptions& options) {
    Workbook book;
    book.sheets.push_back(shortlist_sheet(shortlist, options));
    book.sheets.push_back(criteria_sheet(shortlist));
    book.sheets.push_back(failed_gates_sheet(shortlist));
    return book;
}

}  // namespace shortlist

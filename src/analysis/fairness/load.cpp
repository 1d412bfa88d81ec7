// Reading what the fairness report joins: the score output (CSV or JSON) and
// the equality-monitoring file. The CSV checks are the evidence loaders' own
// (evidence/internal.hpp), so messages read the same.
#include <algorithm>
#include <array>
#include <unordered_map>

#include "evidence/internal.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "shortlist/analysis/fairness.hpp"
#include "shortlist/error.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "util/json.hpp"

namespace shortlist {

namespace {

using detail::CsvReader;
using detail::JsonValue;
using detail::Place;
using detail::throw_evidence_error;

constexpr std::array<std::string_view, 4> statuses{"shortlisted", "guaranteed_interview",
                                                   "not_shortlisted", "not_eligible"};
constexpr std::array<std::string_view, 4> gate_kinds{"eligibility", "minimum", "no_evidence",
                                                     "pass_mark"};

// Messages of this file, in one place.
namespace msg {
std::string bad_status(std::string_view s) {
    return "status " + detail::quote(s) +
           " is not one of shortlisted, guaranteed_interview, not_shortlisted, not_eligible";
}
std::string json_shape(std::string_view what, std::string_view expected) {
    return std::string(what) + " must be " + std::string(expected);
}
std::string json_missing(std::string_view key, std::string_view where) {
    return "missing key '" + std::string(key) + "' in " + std::string(where);
}
std::string bad_gate_kind(std::string_view kind) {
    return "failed gate kind " + detail::quote(kind) +
           " is not one of eligibility, minimum, no_evidence, pass_mark";
}
std::string no_results() {
    return "no applicants: the results list none (is this the output of shortlist score?)";
}
std::string no_group_column() {
    return "no group column: a monitoring file has applicant_id and at least one column such as "
           "sex or ethnicity";
}
}  // namespace msg

/// The score CSV writes a leading ' before text a spreadsheet would run as a
/// formula; read back, the ' goes.
std::string_view unquote_formula(std::string_view s) {
    if (s.size() >= 2 && s.front() == '\'') {
        const char c = s[1];
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r')
            s.remove_prefix(1);
    }
    return s;
}

void check_status(std::string_view s, const Place& where) {
    if (std::find(statuses.begin(), statuses.end(), s) == statuses.end())
        throw_evidence_error(where, ErrorCode::InvalidArgument, msg::bad_status(s));
}

/// Records by applicant id, refusing a repeat.
class Seen {
  public:
    void add(const std::string& id, const Place& where) {
        auto [it, fresh] = first_.try_emplace(id, where.line);
        if (!fresh)
            throw_evidence_error(where, ErrorCode::AlreadyExists,
                                 detail::msg::duplicate_applicant(id, it->second));
    }

  private:
    std::unordered_map<std::string, std::size_t> first_;
};

ScoreResults parse_results_csv(std::string_view text, std::string_view name) {
    ScoreResults out;
    out.source = std::string(name);
    CsvReader reader(text, name);
    const detail::CsvHeader header = detail::read_header(reader, name);
    const std::size_t id_col = detail::require_column(header, "applicant_id", name);
    const std::size_t status_col = detail::require_column(header, "status", name);
    const std::size_t rank_col = header.find("rank");
    out.passed_known = rank_col != detail::CsvHeader::npos;
    Seen seen;
    while (reader.next()) {
        const auto fields = reader.fields();
        if (fields.size() != header.names.size())
            detail::throw_ragged_row(fields.size(), header, name, reader.line());
        ResultRecord r;
        r.line = reader.line();
        r.applicant_id =
            ApplicantId(std::string(unquote_formula(detail::value_of(fields[id_col]))));
        if (r.applicant_id.view().empty())
            throw_evidence_error({name, r.line, id_col + 1}, ErrorCode::InvalidArgument,
                                 detail::msg::empty_value("applicant_id"));
        r.status = std::string(detail::value_of(fields[status_col]));
        check_status(r.status, {name, r.line, status_col + 1});
        r.passed_gates = out.passed_known && !detail::value_of(fields[rank_col]).empty();
        seen.add(r.applicant_id.value(), {name, r.line, id_col + 1});
        out.records.push_back(std::move(r));
    }
    if (out.records.empty())
        throw_evidence_error({name, 0, 0}, ErrorCode::InvalidArgument,
                             detail::msg::no_applicants());
    return out;
}

[[noreturn]] void json_error(std::string_view name, const JsonValue& at, std::string message) {
    throw_evidence_error({name, at.line, at.column}, ErrorCode::InvalidArgument,
                         std::move(message));
}

const JsonValue& member(std::string_view name, const JsonValue& object, std::string_view key,
                        std::string_view where) {
    const JsonValue* v = object.find(key);
    if (v == nullptr)
        throw_evidence_error({name, object.line, object.column}, ErrorCode::NotFound,
                             msg::json_missing(key, where));
    return *v;
}

const std::string& string_member(std::string_view name, const JsonValue& object,
                                 std::string_view key, std::string_view where) {
    const JsonValue& v = member(name, object, key, where);
    if (v.string() == nullptr)
        json_error(name, v, msg::json_shape(key, "a string"));
    return *v.string();
}

ScoreResults parse_results_json(std::string_view text, std::string_view name) {
    ScoreResults out;
    out.source = std::string(name);
    out.gates_known = true;
    auto parsed = detail::parse_json(text);
    if (const auto* e = std::get_if<detail::JsonParseError>(&parsed))
        throw_evidence_error({name, e->line, e->column}, ErrorCode::InvalidArgument, e->message);
    const JsonValue& root = std::get<JsonValue>(parsed);
    if (root.object() == nullptr)
        json_error(name, root, msg::json_shape("the document", "an object (score --format json)"));
    const JsonValue& applicants = member(name, root, "applicants", "the document");
    if (applicants.array() == nullptr)
        json_error(name, applicants, msg::json_shape("applicants", "an array"));
    Seen seen;
    for (const JsonValue& a : *applicants.array()) {
        if (a.object() == nullptr)
            json_error(name, a, msg::json_shape("an applicant", "an object"));
        ResultRecord r;
        r.line = a.line;
        r.applicant_id = ApplicantId(string_member(name, a, "applicant_id", "an applicant"));
        const JsonValue& id = member(name, a, "applicant_id", "an applicant");
        if (r.applicant_id.view().empty())
            json_error(name, id, detail::msg::empty_value("applicant_id"));
        r.status = string_member(name, a, "status", "an applicant");
        const JsonValue& status = member(name, a, "status", "an applicant");
        check_status(r.status, {name, status.line, status.column});
        const JsonValue& gates = member(name, a, "failed_gates", "an applicant");
        if (gates.array() == nullptr)
            json_error(name, gates, msg::json_shape("failed_gates", "an array"));
        for (const JsonValue& g : *gates.array()) {
            if (g.object() == nullptr)
                json_error(name, g, msg::json_shape("a failed gate", "an object"));
            const std::string& kind = string_member(name, g, "kind", "a failed gate");
            if (std::find(gate_kinds.begin(), gate_kinds.end(), kind) == gate_kinds.end()) {
                const JsonValue& k = member(name, g, "kind", "a failed gate");
                json_error(name, k, msg::bad_gate_kind(kind));
            }
            if (kind == "pass_mark")
                r.failed_gates.push_back(kind);
            else
                r.failed_gates.push_back(kind + ":" +
                                         string_member(name, g, "id", "a failed gate"));
        }
        r.passed_gates = r.failed_gates.empty();
        seen.add(r.applicant_id.value(), {name, id.line, id.column});
        out.records.push_back(std::move(r));
    }
    if (out.records.empty())
        json_error(name, applicants, msg::no_results());
    return out;
}

bool looks_like_json(std::string_view text, std::string_view name) {
    if (name.size() >= 5) {
        std::string ext(name.substr(name.size() - 5));
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
        if (ext == ".json")
            return true;
    }
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] == '{';
}

}  // namespace

ScoreResults parse_results(std::string_view text, std::string_view name) {
    text = detail::strip_bom(text);
    return looks_like_json(text, name) ? parse_results_json(text, name)
                                       : parse_results_csv(text, name);
}

ScoreResults load_results(const std::filesystem::path& file) {
    if (detail::is_xlsx(file))  // docs/excel.md
        return detail::read_xlsx(file, [](std::string_view text, std::string_view name) {
            return parse_results(text, name);
        });
    const std::string text = detail::read_file(file);
    return parse_results(text, file.string());
}

Monitoring parse_monitoring(std::string_view text, std::string_view name) {
    text = detail::strip_bom(text);
    Monitoring out;
    out.source = std::string(name);
    CsvReader reader(text, name);
    const detail::CsvHeader header = detail::read_header(reader, name);
    const std::size_t id_col = detail::require_column(header, "applicant_id", name);
    std::vector<std::size_t> cols;
    for (std::size_t c = 0; c < header.names.size(); ++c)
        if (c != id_col && !header.names[c].empty()) {
            cols.push_back(c);
            out.columns.push_back(header.names[c]);
        }
    if (cols.empty())
        throw_evidence_error({name, header.line, 0}, ErrorCode::InvalidArgument,
                             msg::no_group_column());
    out.values.resize(cols.size());
    Seen seen;
    while (reader.next()) {
        const auto fields = reader.fields();
        if (fields.size() != header.names.size())
            detail::throw_ragged_row(fields.size(), header, name, reader.line());
        const Place where{name, reader.line(), id_col + 1};
        std::string id(detail::value_of(fields[id_col]));
        if (id.empty())
            throw_evidence_error(where, ErrorCode::InvalidArgument,
                                 detail::msg::empty_value("applicant_id"));
        seen.add(id, where);
        out.applicant_ids.emplace_back(std::move(id));
        for (std::size_t k = 0; k < cols.size(); ++k) {
            const std::string_view v = detail::value_of(fields[cols[k]]);
            out.values[k].emplace_back(v.empty() ? not_stated : v);
        }
    }
    if (out.applicant_ids.empty())
        throw_evidence_error({name, 0, 0}, ErrorCode::InvalidArgument,
                             detail::msg::no_applicants());
    return out;
}

Monitoring load_monitoring(const std::filesystem::path& file) {
    if (detail::is_xlsx(file))  // docs/excel.md
        return detail::read_xlsx(file, [](std::string_view text, std::string_view name) {
            return parse_monitoring(text, name);
        });
    const std::string text = detail::read_file(file);
    return parse_monitoring(text, file.string());
}

}  // namespace shortlist

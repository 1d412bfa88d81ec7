// JSON Lines evidence (one applicant with facts and ratings per line) and
// make_evidence (one application handed over by a recruitment system).
// Values in JSON strings and in an Application are taken as written: only
// unquoted CSV fields are trimmed.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "evidence/internal.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "util/json.hpp"

namespace shortlist {

namespace {

using detail::JsonValue;
using detail::Place;
using detail::quote;
using detail::throw_evidence_error;
namespace msg = detail::msg;

std::string_view type_name(const JsonValue& v) {
    if (v.is_null())
        return "null";
    if (v.boolean())
        return "a boolean";
    if (v.number())
        return "a number";
    if (v.string())
        return "a string";
    if (v.array())
        return "an array";
    return "an object";
}

Place at(std::string_view file, const JsonValue& v) {
    return {file, v.line, v.column};
}

std::unordered_map<std::string_view, std::size_t> index_facts(const Rulebook& rulebook) {
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t f = 0; f < rulebook.facts.size(); ++f)
        index.emplace(rulebook.facts[f].name, f);
    return index;
}

/// A fact's value from JSON: null is absent; strings are read as in CSV;
/// booleans and numbers where the type takes them.
Value json_fact(const FactSpec& spec, const JsonValue& v, std::string_view file) {
    if (v.is_null())
        return std::monostate{};
    const Place where = at(file, v);
    if (const std::string* s = v.string())
        return detail::parse_fact(spec, *s, where, detail::FactOrigin::Fact);
    const auto label = [&] { return detail::fact_label(detail::FactOrigin::Fact, spec.name); };
    const auto wrong_type = [&](std::string_view expected) {
        throw_evidence_error(where, ErrorCode::InvalidArgument,
                             msg::wrong_type(label(), expected, type_name(v)));
    };
    switch (spec.type) {
        case FactType::Boolean:
            if (const bool* b = v.boolean())
                return *b;
            wrong_type("true, false or a string");
            break;
        case FactType::Number:
            if (const double* d = v.number())
                return *d == 0 ? 0.0 : *d;  // -0 is 0
            wrong_type("a number or a string");
            break;
        case FactType::Level:
            if (v.number() == nullptr)
                wrong_type("a string such as \"5.4\"");
            if (!detail::is_level(v.number_text))
                throw_evidence_error(where, ErrorCode::InvalidArgument,
                                     msg::bad_level(label(), v.number_text));
            return v.number_text;  // 5.4 written as a number: the level "5.4"
        case FactType::Ordinal:
        case FactType::String:
            wrong_type("a string");
            break;
    }
    return std::monostate{};
}

const std::string& json_string(const JsonValue& v, std::string_view key, std::string_view file) {
    const std::string* s = v.string();
    if (s == nullptr)
        throw_evidence_error(at(file, v), ErrorCode::InvalidArgument,
                             msg::wrong_type(quote(key), "a string", type_name(v)));
    return *s;
}

/// One rating object of a JSON line; its comment and the indicators it ticks
/// are returned through the pointers.
Rating json_rating(const JsonValue& item, std::uint32_t applicant, std::string_view file,
                   const detail::CriteriaTable& criteria, detail::AssessorTable& assessors,
                   std::string* comment, std::uint64_t* indicators) {
    const JsonValue::Object* fields = item.object();
    if (fields == nullptr)
        throw_evidence_error(at(file, item), ErrorCode::InvalidArgument,
                             msg::wrong_type("a rating", "an object", type_name(item)));
    for (const auto& m : *fields) {
        static constexpr std::string_view keys[] = {"criterion", "assessor", "score", "indicators",
                                                    "comment"};
        if (std::find(std::begin(keys), std::end(keys), m.key) == std::end(keys))
            throw_evidence_error(
                {file, m.line, m.column}, ErrorCode::InvalidArgument,
                msg::unknown_key(m.key, "criterion, assessor, score, indicators or comment"));
    }
    const auto require = [&](std::string_view key) -> const JsonValue& {
        const JsonValue* v = item.find(key);
        if (v == nullptr)
            throw_evidence_error(at(file, item), ErrorCode::InvalidArgument, msg::missing_key(key));
        return *v;
    };
    Rating r;
    r.applicant = applicant;
    r.line = static_cast<std::uint32_t>(item.line);
    const JsonValue& criterion = require("criterion");
    r.criterion = criteria.find(json_string(criterion, "criterion", file), at(file, criterion));
    const JsonValue& assessor = require("assessor");
    const std::string& who = json_string(assessor, "assessor", file);
    if (who.empty())
        throw_evidence_error(at(file, assessor), ErrorCode::InvalidArgument,
                             msg::empty_value("assessor"));
    r.assessor = assessors.intern(who, at(file, assessor));
    std::uint64_t& ticked = *indicators;
    ticked = 0;
    if (const JsonValue* list = item.find("indicators"); list != nullptr && !list->is_null()) {
        const JsonValue::Array* ids = list->array();
        if (ids == nullptr)
            throw_evidence_error(
                at(file, *list), ErrorCode::InvalidArgument,
                msg::wrong_type("'indicators'", "an array of strings", type_name(*list)));
        for (const JsonValue& id : *ids) {
            const std::uint64_t bit = criteria.indicator_bit(
                r.criterion, json_string(id, "indicators", file), at(file, id));
            if (ticked & bit)
                throw_evidence_error(at(file, id), ErrorCode::AlreadyExists,
                                     msg::duplicate_indicator(*id.string()));
            ticked |= bit;
        }
    }
    const JsonValue* score = item.find("score");
    if (score == nullptr || score->is_null())
        criteria.set_no_score(r, ticked, score == nullptr ? at(file, item) : at(file, *score));
    else if (const double* d = score->number())
        criteria.set_score(r, *d, score->number_text, at(file, *score));
    else if (const std::string* s = score->string())
        criteria.parse_score(r, ticked, *s, at(file, *score));
    else
        throw_evidence_error(at(file, *score), ErrorCode::InvalidArgument,
                             msg::wrong_type("'score'", "a number or a string", type_name(*score)));
    if (const JsonValue* c = item.find("comment"); c != nullptr && !c->is_null())
        *comment = json_string(*c, "comment", file);
    return r;
}

/// The applicant lines of a JSON Lines file read into one Evidence, a line
/// at a time: a line's applicant, facts and ratings are kept only when the
/// whole line is read, so that the consistency check sees whole lines.
class JsonlReader {
  public:
    JsonlReader(const Rulebook& rulebook, Evidence& evidence, std::string_view name)
        : rulebook_(rulebook),
          evidence_(evidence),
          name_(name),
          fact_index_(index_facts(rulebook)),
          criteria_(rulebook),
          assessors_(evidence.assessors),
          index_(evidence.applicants),
          facts_(rulebook.facts.size()) {
        evidence.sources.emplace_back(name);
        evidence.ratings_source = std::string(name);
        evidence.facts.resize(rulebook.facts.size());
    }

    /// One non-blank line, the file's line `line`.
    void read_line(std::string_view row, std::size_t line);

    /// Duplicates and conflicts across the lines read (EvidenceError).
    void check_consistency() const {
        detail::check_consistency(evidence_.ratings, evidence_.applicants, evidence_.assessors,
                                  criteria_, name_, {});
    }

    /// The file line of each applicant, in the evidence's order.
    std::vector<std::size_t> take_first_lines() { return std::move(first_line_); }

  private:
    const std::string& read_id(const JsonValue& doc) const;
    void read_facts(const JsonValue& doc);
    void read_ratings(const JsonValue& doc, std::uint32_t applicant);

    const Rulebook& rulebook_;
    Evidence& evidence_;
    std::string_view name_;
    std::unordered_map<std::string_view, std::size_t> fact_index_;
    detail::CriteriaTable criteria_;
    detail::AssessorTable assessors_;
    detail::ApplicantIndex index_;
    std::vector<std::size_t> first_line_;
    std::vector<Value> facts_;  ///< the line's, by rulebook fact
    std::string comment_;
};

void JsonlReader::read_line(std::string_view row, std::size_t line) {
    auto parsed = detail::parse_json(row, line);
    if (const auto* e = std::get_if<detail::JsonParseError>(&parsed))
        throw_evidence_error({name_, e->line, e->column}, ErrorCode::InvalidArgument, e->message);
    const JsonValue& doc = std::get<JsonValue>(parsed);
    const JsonValue::Object* members = doc.object();
    if (members == nullptr)
        throw_evidence_error(at(name_, doc), ErrorCode::InvalidArgument,
                             msg::wrong_type("each line", "an object", type_name(doc)));
    for (const auto& m : *members) {
        if (m.key != "applicant_id" && m.key != "facts" && m.key != "ratings")
            throw_evidence_error({name_, m.line, m.column}, ErrorCode::InvalidArgument,
                                 msg::unknown_key(m.key, "applicant_id, facts or ratings"));
    }
    const std::string& id = read_id(doc);
    const auto n = static_cast<std::uint32_t>(evidence_.applicants.size());
    read_facts(doc);
    read_ratings(doc, n);
    evidence_.applicants.emplace_back(id);
    (void)index_.insert(n);
    first_line_.push_back(line);
    for (std::size_t f = 0; f < facts_.size(); ++f)
        evidence_.facts[f].push_back(std::move(facts_[f]));
}

const std::string& JsonlReader::read_id(const JsonValue& doc) const {
    const JsonValue* id_value = doc.find("applicant_id");
    if (id_value == nullptr)
        throw_evidence_error(at(name_, doc), ErrorCode::InvalidArgument,
                             msg::missing_key("applicant_id"));
    const std::string& id = json_string(*id_value, "applicant_id", name_);
    if (id.empty())
        throw_evidence_error(at(name_, *id_value), ErrorCode::InvalidArgument,
                             msg::empty_value("applicant_id"));
    if (const std::uint32_t first = index_.find(id); first != detail::ApplicantIndex::npos)
        throw_evidence_error(at(name_, *id_value), ErrorCode::AlreadyExists,
                             msg::duplicate_applicant(id, first_line_[first]));
    return id;
}

void JsonlReader::read_facts(const JsonValue& doc) {
    std::fill(facts_.begin(), facts_.end(), Value{});
    const JsonValue* given = doc.find("facts");
    if (given == nullptr || given->is_null())
        return;
    if (given->object() == nullptr)
        throw_evidence_error(at(name_, *given), ErrorCode::InvalidArgument,
                             msg::wrong_type("'facts'", "an object", type_name(*given)));
    for (const auto& m : *given->object()) {
        if (const auto f = fact_index_.find(m.key); f != fact_index_.end())
            facts_[f->second] = json_fact(rulebook_.facts[f->second], m.value, name_);
    }
}

void JsonlReader::read_ratings(const JsonValue& doc, std::uint32_t applicant) {
    const JsonValue* given = doc.find("ratings");
    if (given == nullptr || given->is_null())
        return;
    if (given->array() == nullptr)
        throw_evidence_error(at(name_, *given), ErrorCode::InvalidArgument,
                             msg::wrong_type("'ratings'", "an array", type_name(*given)));
    Evidence& e = evidence_;
    const std::size_t first_rating = e.ratings.size();
    const std::size_t first_comment = e.comments.size();
    const std::size_t first_indicators = e.indicators.size();
    try {
        for (const JsonValue& item : *given->array()) {
            comment_.clear();
            std::uint64_t ticked = 0;
            e.ratings.push_back(
                json_rating(item, applicant, name_, criteria_, assessors_, &comment_, &ticked));
            if (ticked != 0)
                e.indicators.push_back({e.ratings.size() - 1, ticked});
            if (!detail::trim(comment_).empty())
                e.comments.emplace_back(e.ratings.size() - 1, comment_);
        }
    } catch (...) {  // keep only whole lines, for the consistency check
        e.ratings.resize(first_rating);
        e.comments.resize(first_comment);
        e.indicators.resize(first_indicators);
        throw;
    }
}

}  // namespace

Evidence parse_jsonl(const Rulebook& rulebook, std::string_view text, std::string_view name) {
    return detail::parse_jsonl_lines(rulebook, text, name, 1);
}

Evidence detail::parse_jsonl_lines(const Rulebook& rulebook, std::string_view text,
                                   std::string_view name, std::size_t first_line_number,
                                   std::vector<std::size_t>* applicant_lines,
                                   RecordProgress* progress) {
    if (first_line_number <= 1)
        text = detail::strip_bom(text);
    Evidence evidence;
    JsonlReader reader(rulebook, evidence, name);
    RecordProgress silent;
    RecordProgress& bytes = progress != nullptr ? *progress : silent;
    try {
        std::size_t line = first_line_number - 1;
        for (std::size_t pos = 0; pos < text.size();) {
            ++line;
            std::size_t eol = text.find('\n', pos);
            if (eol == std::string_view::npos)
                eol = text.size();
            std::string_view row = text.substr(pos, eol - pos);
            pos = eol + 1;
            if (!row.empty() && row.back() == '\r')
                row.remove_suffix(1);
            if (row.size() > detail::max_record_bytes)
                throw_evidence_error({name, line, 1}, ErrorCode::OutOfRange,
                                     detail::record_too_long("this line"));
            if (row.find_first_not_of(" \t") == std::string_view::npos)
                continue;  // blank line
            bytes.record(pos);
            reader.read_line(row, line);
        }
    } catch (const EvidenceError&) {
        // A duplicate or conflict on an earlier line is reported first.
        reader.check_consistency();
        throw;
    }
    if (evidence.applicants.empty())
        throw_evidence_error({name, 0, 0}, ErrorCode::InvalidArgument, msg::no_applicant_lines());
    reader.check_consistency();
    if (applicant_lines != nullptr)
        *applicant_lines = reader.take_first_lines();
    return evidence;
}

Evidence make_evidence(const Rulebook& rulebook, const Application& application) {
    constexpr std::string_view file = "<application>";
    Evidence evidence;
    evidence.ratings_source = std::string(file);
    if (application.id.view().empty())
        throw_evidence_error({file, 0, 0}, ErrorCode::InvalidArgument,
                             msg::empty_value("applicant_id"));
    evidence.applicants.push_back(application.id);

    const auto fact_index = index_facts(rulebook);
    evidence.facts.resize(rulebook.facts.size());
    for (auto& column : evidence.facts)
        column.emplace_back();
    std::unordered_set<std::string_view> seen;
    for (const auto& [fact, value] : application.facts) {
        if (!seen.insert(fact).second)
            throw_evidence_error({file, 0, 0}, ErrorCode::AlreadyExists, msg::duplicate_fact(fact));
        if (const auto f = fact_index.find(fact); f != fact_index.end())
            evidence.facts[f->second][0] = detail::parse_fact(
                rulebook.facts[f->second], value, {file, 0, 0}, detail::FactOrigin::Fact);
    }

    const detail::CriteriaTable criteria(rulebook);
    detail::AssessorTable assessors(evidence.assessors);
    evidence.ratings.reserve(application.ratings.size());
    for (std::size_t i = 0; i < application.ratings.size(); ++i) {
        const RatingInput& in = application.ratings[i];
        const Place where{file, i + 1, 0};
        Rating r;
        r.line = static_cast<std::uint32_t>(i + 1);
        r.criterion = criteria.find(in.criterion.view(), where);
        if (in.assessor.view().empty())
            throw_evidence_error(where, ErrorCode::InvalidArgument, msg::empty_value("assessor"));
        r.assessor = assessors.intern(in.assessor.view(), where);
        std::uint64_t ticked = 0;
        for (const std::string& id : in.indicators) {
            const std::uint64_t bit = criteria.indicator_bit(r.criterion, id, where);
            if (ticked & bit)
                throw_evidence_error(where, ErrorCode::AlreadyExists, msg::duplicate_indicator(id));
            ticked |= bit;
        }
        criteria.parse_score(r, ticked, in.score, where);
        if (ticked != 0)
            evidence.indicators.push_back({evidence.ratings.size(), ticked});
        if (!detail::trim(in.comment).empty())
            evidence.comments.emplace_back(evidence.ratings.size(), in.comment);
        evidence.ratings.push_back(r);
    }
    detail::check_consistency(evidence.ratings, evidence.applicants, evidence.assessors, criteria,
                              file, {"rating"});
    return evidence;
}

}  // namespace shortlist

// Blind sifting: the one list of protected characteristics and identifying
// fields, and the check score makes of an applicants file's columns.
#include "shortlist/blind.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>

#include "evidence/internal.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "shortlist/error.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "util/json.hpp"

namespace shortlist {

namespace {

struct Term {
    std::string_view name;  ///< normalised
    SensitiveField field;
};

constexpr SensitiveField age{false, "age", "Equality Act 2010 s.5"};
constexpr SensitiveField disability{false, "disability", "Equality Act 2010 s.6"};
constexpr SensitiveField reassignment{false, "gender reassignment", "Equality Act 2010 s.7"};
constexpr SensitiveField marriage{false, "marriage and civil partnership", "Equality Act 2010 s.8"};
constexpr SensitiveField race{false, "race", "Equality Act 2010 s.9"};
constexpr SensitiveField religion{false, "religion or belief", "Equality Act 2010 s.10"};
constexpr SensitiveField sex{false, "sex", "Equality Act 2010 s.11"};
constexpr SensitiveField orientation{false, "sexual orientation", "Equality Act 2010 s.12"};
constexpr SensitiveField pregnancy{false, "pregnancy and maternity", "Equality Act 2010 s.18"};
constexpr SensitiveField name{true, "name", ""};
constexpr SensitiveField birth{true, "date of birth", ""};
constexpr SensitiveField address{true, "address", ""};
constexpr SensitiveField email{true, "email", ""};
constexpr SensitiveField phone{true, "phone", ""};

// The whole list (docs/fairness.md, "Blind sifting"). A name matches when, normalised
// and with one affix taken off, it is one of these.
constexpr std::array terms{
    Term{"age", age},
    Term{"age_years", age},
    Term{"disability", disability},
    Term{"disabled", disability},
    Term{"disabilities", disability},
    Term{"impairment", disability},
    Term{"gender_reassignment", reassignment},
    Term{"gender_identity", reassignment},
    Term{"transgender", reassignment},
    Term{"trans", reassignment},
    Term{"marital", marriage},
    Term{"married", marriage},
    Term{"marriage", marriage},
    Term{"civil_partnership", marriage},
    Term{"marriage_and_civil_partnership", marriage},
    Term{"race", race},
    Term{"ethnicity", race},
    Term{"ethnic", race},
    Term{"ethnic_origin", race},
    Term{"skin_colour", race},
    Term{"nationality", race},
    Term{"national_origin", race},
    Term{"religion", religion},
    Term{"religious", religion},
    Term{"belief", religion},
    Term{"beliefs", religion},
    Term{"faith", religion},
    Term{"religion_or_belief", religion},
    Term{"sex", sex},
    Term{"gender", sex},
    Term{"sexual_orientation", orientation},
    Term{"sexuality", orientation},
    Term{"orientation", orientation},
    Term{"pregnancy", pregnancy},
    Term{"pregnant", pregnancy},
    Term{"maternity", pregnancy},
    Term{"pregnancy_and_maternity", pregnancy},
    Term{"name", name},
    Term{"first_name", name},
    Term{"firstname", name},
    Term{"forename", name},
    Term{"forenames", name},
    Term{"given_name", name},
    Term{"middle_name", name},
    Term{"last_name", name},
    Term{"lastname", name},
    Term{"surname", name},
    Term{"family_name", name},
    Term{"full_name", name},
    Term{"fullname", name},
    Term{"maiden_name", name},
    Term{"title", name},
    Term{"dob", birth},
    Term{"date_of_birth", birth},
    Term{"birth_date", birth},
    Term{"birthdate", birth},
    Term{"birthday", birth},
    Term{"year_of_birth", birth},
    Term{"birth_year", birth},
    Term{"address", address},
    Term{"home_address", address},
    Term{"street", address},
    Term{"street_address", address},
    Term{"postcode", address},
    Term{"post_code", address},
    Term{"postal_code", address},
    Term{"zip", address},
    Term{"zip_code", address},
    Term{"zipcode", address},
    Term{"email", email},
    Term{"e_mail", email},
    Term{"email_address", email},
    Term{"phone", phone},
    Term{"telephone", phone},
    Term{"phone_number", phone},
    Term{"mobile", phone},
    Term{"mobile_number", phone},
    Term{"tel", phone},
};

/// Words that mean one thing wherever they stand in a name ("home_postcode",
/// "ethnicity_2021", "surname_at_birth").
constexpr std::array<std::string_view, 16> telling_words{
    "ethnicity",  "nationality", "religion",    "sexuality", "pregnancy", "maternity",
    "disability", "gender",      "transgender", "surname",   "forename",  "postcode",
    "email",      "telephone",   "address",     "dob"};

constexpr std::array<std::string_view, 2> prefixes{"applicant_", "candidate_"};
constexpr std::array<std::string_view, 6> suffixes{"_band", "_group",  "_category",
                                                   "_code", "_status", "_number"};

std::optional<SensitiveField> lookup(std::string_view n) {
    for (const Term& t : terms)
        if (t.name == n)
            return t.field;
    return std::nullopt;
}

bool is_json_lines(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".jsonl" || ext == ".ndjson";
}

std::string refused(std::string_view what, std::string_view column, const SensitiveField& f) {
    return std::string(what) + " " + detail::quote(column) + " is " + describe(f) +
           ": a blind sift does not read it; remove it from the applicants file, or declare it "
           "in the rulebook's monitoring_only list (it is then dropped on load)";
}

/// Decide one column: nothing (a fact, or not sensitive), dropped, or refused.
class ColumnCheck {
  public:
    explicit ColumnCheck(const Rulebook& rb) : rb_(rb) {}

    void check(std::string_view column, const detail::Place& where, std::string_view what) {
        if (column.empty() || column == "applicant_id" || rb_.find_fact(column) != nullptr)
            return;
        if (std::find(rb_.monitoring_only.begin(), rb_.monitoring_only.end(), column) !=
            rb_.monitoring_only.end()) {
            if (seen_.insert(std::string(column)).second)
                out_.dropped.emplace_back(column);
            return;
        }
        if (const auto f = sensitive_field(column))
            detail::throw_evidence_error(where, ErrorCode::FailedPrecondition,
                                         refused(what, column, *f));
    }
    BlindColumns result() && { return std::move(out_); }

  private:
    const Rulebook& rb_;
    BlindColumns out_;
    std::unordered_set<std::string> seen_;
};

}  // namespace

std::string normalise_field_name(std::string_view in) {
    std::string out;
    out.reserve(in.size() + 4);
    bool gap = false;
    char previous = 0;
    for (const char c : in) {
        const bool upper = c >= 'A' && c <= 'Z';
        const bool lower = c >= 'a' && c <= 'z';
        const bool digit = c >= '0' && c <= '9';
        if (!(upper || lower || digit)) {
            gap = true;
        } else {
            // camelCase: a capital after a small letter or digit starts a word.
            if (upper &&
                ((previous >= 'a' && previous <= 'z') || (previous >= '0' && previous <= '9')))
                gap = true;
            if (gap && !out.empty())
                out += '_';
            gap = false;
            out += upper ? static_cast<char>(c - 'A' + 'a') : c;
        }
        previous = c;
    }
    return out;
}

std::optional<SensitiveField> sensitive_field(std::string_view raw) {
    const std::string n = normalise_field_name(raw);
    std::string_view s = n;
    if (auto f = lookup(s))
        return f;
    for (auto p : prefixes)
        if (s.starts_with(p)) {
            s.remove_prefix(p.size());
            break;
        }
    if (auto f = lookup(s))
        return f;
    for (auto x : suffixes)
        if (s.ends_with(x)) {
            s.remove_suffix(x.size());
            break;
        }
    if (auto f = lookup(s))
        return f;
    // A telling word anywhere.
    std::string_view rest = n;
    while (!rest.empty()) {
        const auto cut = rest.find('_');
        const std::string_view word = rest.substr(0, cut);
        if (std::find(telling_words.begin(), telling_words.end(), word) != telling_words.end())
            return lookup(word);
        if (cut == std::string_view::npos)
            break;
        rest.remove_prefix(cut + 1);
    }
    return std::nullopt;
}

std::string describe(const SensitiveField& f) {
    if (f.identifying)
        return "an identifying field (" + std::string(f.what) + ")";
    return "a protected characteristic (" + std::string(f.what) + "; " + std::string(f.law) + ")";
}

BlindColumns check_blind_columns(const Rulebook& rulebook, std::string_view text,
                                 std::string_view file, bool jsonl) {
    text = detail::strip_bom(text);
    ColumnCheck check(rulebook);
    if (!jsonl) {
        detail::CsvReader reader(text, file);
        if (reader.next()) {
            const auto fields = reader.fields();
            for (std::size_t c = 0; c < fields.size(); ++c)
                check.check(detail::value_of(fields[c]), {file, reader.line(), c + 1}, "column");
        }
        return std::move(check).result();
    }
    std::size_t line = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        ++line;
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        const std::string_view row = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (row.find('{') == std::string_view::npos)
            continue;
        // A line that does not parse is left to the loader to report.
        auto parsed = detail::parse_json(row, line);
        const auto* doc = std::get_if<detail::JsonValue>(&parsed);
        const detail::JsonValue* facts = doc != nullptr ? doc->find("facts") : nullptr;
        if (facts == nullptr || facts->object() == nullptr)
            continue;
        for (const auto& m : *facts->object())
            check.check(m.key, {file, m.line, m.column}, "fact");
    }
    return std::move(check).result();
}

BlindColumns check_blind_columns(const Rulebook& rulebook,
                                 const std::filesystem::path& applicants) {
    if (detail::is_xlsx(applicants))  // docs/excel.md
        return detail::read_xlsx(applicants, [&](std::string_view text, std::string_view name) {
            return check_blind_columns(rulebook, text, name, false);
        });
    const detail::MappedFile file(applicants);
    return check_blind_columns(rulebook, file.text(), applicants.string(),
                               is_json_lines(applicants));
}

}  // namespace shortlist

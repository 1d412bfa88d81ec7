// Blind sifting: the list of protected characteristics and identifying
// fields, the rulebook refusals, and what score does with an applicants
// file's columns. Each refusal is asserted with its whole message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "shortlist/blind.hpp"
#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"

using namespace shortlist;

namespace {

const std::string blind_dir = SHORTLIST_TEST_DATA "/blind/";

std::vector<std::string> messages(const std::vector<Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) {
        std::string s = format(d);
        out.push_back(s.substr(s.find("blind/")));
    }
    return out;
}

std::string what_of(std::string_view name) {
    const auto f = sensitive_field(name);
    return f ? std::string(f->what) : "-";
}

std::string error_of(const Rulebook& rb, std::string_view text, bool jsonl) {
    try {
        (void)check_blind_columns(rb, text, jsonl ? "a.jsonl" : "a.csv", jsonl);
    } catch (const EvidenceError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("names are normalised before they are matched", "[blind]") {
    CHECK(normalise_field_name("dateOfBirth") == "date_of_birth");
    CHECK(normalise_field_name("Date-Of Birth") == "date_of_birth");
    CHECK(normalise_field_name("  E-mail ") == "e_mail");
    CHECK(normalise_field_name("address2Line") == "address2_line");
    CHECK(normalise_field_name("__x__") == "x");
}

TEST_CASE("the Equality Act 2010 characteristics and identifying fields", "[blind]") {
    // Equality Act 2010 s.4 lists the protected characteristics; ss.5-12 and
    // 18 define each. Synonyms and affixes as written in HR exports.
    const auto [name, what] = GENERATE(table<std::string, std::string>({
        {"age", "age"},
        {"age_band", "age"},
        {"applicant_age", "age"},
        {"disability", "disability"},
        {"Disabled", "disability"},
        {"gender_reassignment", "gender reassignment"},
        {"GenderIdentity", "gender reassignment"},
        {"marital_status", "marriage and civil partnership"},
        {"civil_partnership", "marriage and civil partnership"},
        {"pregnant", "pregnancy and maternity"},
        {"maternity", "pregnancy and maternity"},
        {"ethnicity", "race"},
        {"ethnic_group", "race"},
        {"EthnicOrigin", "race"},
        {"nationality", "race"},
        {"ethnicity_2021", "race"},
        {"religion", "religion or belief"},
        {"religion_or_belief", "religion or belief"},
        {"faith", "religion or belief"},
        {"sex", "sex"},
        {"Gender", "sex"},
        {"candidate_gender", "sex"},
        {"sexual_orientation", "sexual orientation"},
        {"sexuality", "sexual orientation"},
        {"first_name", "name"},
        {"Surname", "name"},
        {"FullName", "name"},
        {"title", "name"},
        {"DOB", "date of birth"},
        {"dateOfBirth", "date of birth"},
        {"postcode", "address"},
        {"home_postcode", "address"},
        {"address", "address"},
        {"Email Address", "email"},
        {"e-mail", "email"},
        {"mobile_number", "phone"},
        {"telephone", "phone"},
    }));
    CAPTURE(name);
    CHECK(what_of(name) == what);
}

TEST_CASE("ordinary facts and criteria are not sensitive", "[blind]") {
    for (const char* name : {"full_driving_licence", "bleep_test_level", "vetting",
                             "medical_clearance", "guaranteed_interview", "working_relationships",
                             "valuing_diversity", "colour", "meets_minimum_age", "right_to_work",
                             "shift_working", "gcse_maths_english", "usage", "image", "manager"}) {
        CAPTURE(name);
        CHECK_FALSE(sensitive_field(name));
    }
    // Every shipped rulebook validates (tests/cli: validate_shipped), so none
    // of their facts or criteria is on the list.
    for (const auto& e : std::filesystem::directory_iterator(SHORTLIST_SOURCE_DIR "/rules"))
        if (e.path().extension() == ".yaml") {
            CAPTURE(e.path().string());
            const Rulebook rb = load_rulebook(e.path());
            for (const auto& f : rb.facts)
                CHECK(
                    (!sensitive_field(f.name) || f.name == rb.shortlist.guaranteed_interview_fact));
            for (const auto& c : rb.criteria)
                CHECK_FALSE(sensitive_field(c.id.value()));
        }
}

TEST_CASE("a rulebook that refers to one fails validation, at file:line:column", "[blind]") {
    CHECK(messages(validate_file(blind_dir + "refused.yaml")) ==
          std::vector<std::string>{
              "blind/refused.yaml:6:3: error: fact 'gender' is a protected characteristic (sex; "
              "Equality Act 2010 s.11): it may not enter scoring (a blind sift); leave it to the "
              "monitoring file, or list the column under monitoring_only",
              "blind/refused.yaml:7:3: error: fact 'date_of_birth' is an identifying field (date "
              "of birth): it may not enter scoring (a blind sift); leave it to the monitoring "
              "file, or list the column under monitoring_only",
              "blind/refused.yaml:11:26: error: condition 'men_only' tests 'gender', a protected "
              "characteristic (sex; Equality Act 2010 s.11): it may not enter scoring (a blind "
              "sift)",
              // Undeclared too: the sensitive name is the problem to report.
              "blind/refused.yaml:12:28: error: condition 'white_only' tests 'ethnicity', a "
              "protected characteristic (race; Equality Act 2010 s.9): it may not enter scoring "
              "(a blind sift)",
              // The guaranteed-interview fact may be declared (disability_confident
              // is not refused at line 8), but never tested in a condition.
              "blind/refused.yaml:13:26: error: condition 'opted_in' tests "
              "'disability_confident', the guaranteed-interview opt-in: it is used only after "
              "scoring, never in a condition",
              "blind/refused.yaml:17:12: error: criterion 'surname' names an identifying field "
              "(name): it may not be scored (a blind sift)",
              "blind/refused.yaml:21:24: error: monitoring_only column 'licence' is also a "
              "declared fact: a column is scored or monitored, not both",
              "blind/refused.yaml:21:33: error: monitoring_only column 'applicant_id' must be a "
              "column name other than applicant_id",
              "blind/refused.yaml:21:47: error: duplicate monitoring_only column 'sex' (first at "
              "line 21, column 19)",
          });
    const Rulebook rb = load_rulebook(blind_dir + "monitored.yaml");
    CHECK(rb.monitoring_only == std::vector<std::string>{"sex", "ethnicity"});
}

TEST_CASE("score's column check: refused unless monitoring-only, then dropped", "[blind]") {
    const Rulebook plain = load_rulebook(blind_dir + "plain.yaml");
    const Rulebook monitored = load_rulebook(blind_dir + "monitored.yaml");
    const std::string csv = "applicant_id,licence,sex,ethnicity,disability_confident\n";
    CHECK(error_of(plain, csv, false) ==
          "a.csv:1:3: error: column 'sex' is a protected characteristic (sex; Equality Act 2010 "
          "s.11): a blind sift does not read it; remove it from the applicants file, or declare "
          "it in the rulebook's monitoring_only list (it is then dropped on load)");
    CHECK(check_blind_columns(monitored, csv, "a.csv", false).dropped ==
          std::vector<std::string>{"sex", "ethnicity"});
    // Declared monitoring-only or not, an identifying column is refused
    // unless it is listed.
    CHECK(error_of(monitored, "applicant_id,sex,Surname\n", false) ==
          "a.csv:1:3: error: column 'Surname' is an identifying field (name): a blind sift does "
          "not read it; remove it from the applicants file, or declare it in the rulebook's "
          "monitoring_only list (it is then dropped on load)");
    // Columns that are not sensitive pass, as the loader ignores them.
    CHECK(
        check_blind_columns(plain, "applicant_id,licence,notes\n", "a.csv", false).dropped.empty());

    // Line 2, column 34: the key "religion", after {"applicant_id": "B2", "facts": {.
    const std::string jsonl =
        "{\"applicant_id\": \"B1\", \"facts\": {\"licence\": true}}\n"
        "{\"applicant_id\": \"B2\", \"facts\": {\"religion\": \"none\"}}\n";
    CHECK(error_of(monitored, jsonl, true) ==
          "a.jsonl:2:34: error: fact 'religion' is a protected characteristic (religion or "
          "belief; Equality Act 2010 s.10): a blind sift does not read it; remove it from the "
          "applicants file, or declare it in the rulebook's monitoring_only list (it is then "
          "dropped on load)");
}

TEST_CASE("monitoring-only columns never reach the evidence", "[blind]") {
    const Rulebook rb = load_rulebook(blind_dir + "monitored.yaml");
    const BlindColumns blind = check_blind_columns(rb, blind_dir + "applicants.csv");
    CHECK(blind.dropped == std::vector<std::string>{"sex", "ethnicity"});
    const Evidence e = load_evidence(rb, blind_dir + "applicants.csv", blind_dir + "ratings.csv");
    REQUIRE(e.facts.size() == rb.facts.size());  // licence and the opt-in, nothing else
    CHECK(rb.find_fact("sex") == nullptr);
    CHECK(check_blind_columns(rb, blind_dir + "applicants.jsonl").dropped ==
          std::vector<std::string>{"sex", "ethnicity"});
}

/* The C interface from C: version, the rulebook's and the application's
 * error messages (exact), NULL arguments, and a scored application. Usage:
 * c_api_test SOURCE_DIR (for rules/ and tests/data/). */
#include <shortlist/shortlist.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

static void check(int ok, const char* what, const char* got) {
    if (!ok) {
        ++failures;
        fprintf(stderr, "FAILED: %s\n  got: %s\n", what, got ? got : "(null)");
    }
}

/* Score `json`, expecting an error equal to `expected`. */
static void expect_error(const shortlist_scorer* s, const char* json, const char* expected) {
    char* err = NULL;
    char* out = shortlist_score_json(s, json, &err);
    check(out == NULL, "no result when the application is bad", out);
    check(err != NULL && strcmp(err, expected) == 0, expected, err);
    shortlist_free(out);
    shortlist_free(err);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: c_api_test SOURCE_DIR\n");
        return 2;
    }
    char path[4096];
    char* err = NULL;

    check(strcmp(shortlist_version(), SHORTLIST_EXPECTED_VERSION) == 0, "version",
          shortlist_version());

    /* A rulebook error is the library's message, file:line:column. */
    snprintf(path, sizeof path, "%s/tests/data/bad/unknown_key.yaml", argv[1]);
    shortlist_scorer* bad = shortlist_scorer_load(path, &err);
    check(bad == NULL, "a bad rulebook gives no scorer", NULL);
    check(err != NULL && strstr(err,
                                "unknown_key.yaml:11:7: error: unknown key 'wieght' in "
                                "criterion 'communication'") != NULL,
          "rulebook error at file:line:column", err);
    check(err != NULL && strchr(err, '\n') != NULL, "every problem, one a line", err);
    shortlist_free(err);
    err = NULL;
    check(shortlist_scorer_load(NULL, &err) == NULL && err != NULL, "NULL path", err);
    shortlist_free(err);
    check(shortlist_scorer_load("/nonexistent/rules.yaml", NULL) == NULL, "no err asked", NULL);

    snprintf(path, sizeof path, "%s/rules/gloucestershire_pcso.yaml", argv[1]);
    err = NULL;
    shortlist_scorer* s = shortlist_scorer_load(path, &err);
    check(s != NULL && err == NULL, "load rules/gloucestershire_pcso.yaml", err);
    if (s == NULL)
        return 1;

    /* Not vetted yet and no ratings: vetting is a pre-employment check, so a
       condition of an offer, never an exclusion at the sift; the missing
       ratings are what make it not eligible. Spans lines. */
    char* out = shortlist_score_json(s,
                                     "{\"applicant_id\": \"A1\",\n"
                                     " \"facts\": {\"vetting\": \"none\"}}",
                                     &err);
    check(out != NULL && err == NULL, "score an application", err);
    check(out != NULL && strstr(out, "\"applicant_id\": \"A1\"") != NULL, "its id", out);
    check(out != NULL && strstr(out, "\"status\": \"not_eligible\"") != NULL, "not eligible", out);
    check(out != NULL && strstr(out, "\"rank\": null") != NULL, "no rank", out);
    check(out != NULL && strstr(out,
                                "\"pre_employment check: Vetted to a minimum of Recruitment "
                                "Vetting (RV)\"") != NULL,
          "vetting as a condition", out);
    check(out != NULL && strstr(out, "\"kind\": \"eligibility\"") == NULL, "no eligibility gate",
          out);
    check(out != NULL && strstr(out, "\"kind\": \"no_evidence\"") != NULL, "the missing ratings",
          out);
    check(out != NULL && out[0] == '{' && out[strlen(out) - 1] == '\n', "one object", out);
    shortlist_free(out);

    /* Errors name the place as a JSON path. */
    expect_error(s,
                 "{\"applicant_id\":\"A1\",\"ratings\":[{\"criterion\":\"communication\","
                 "\"assessor\":\"R1\",\"score\":9}]}",
                 "<application>:$.ratings[0].score: error: score 9 for criterion "
                 "'communication' is off its scale (1 to 5)");
    expect_error(s,
                 "{\"applicant_id\":\"A1\",\"ratings\":[{\"criterion\":\"communication\","
                 "\"assessor\":\"R1\",\"scor\":4}]}",
                 "<application>:$.ratings[0].scor: error: unknown key 'scor' (expected "
                 "criterion, assessor, score, indicators or comment)");
    expect_error(s, "{\"applicant_id\":\"A1\",\"facts\":{\"guaranteed_interview\":3}}",
                 "<application>:$.facts.guaranteed_interview: error: fact "
                 "'guaranteed_interview': expected true, false or a string, got a number");
    expect_error(s, "{\"applicant_id\":\"A1\",\n \"facts\": {,}}",
                 "<application>:2:12: error: expected a key in double quotes, found ','");
    /* A malformed document is placed in the text as given, even where its
       line breaks, taken as spaces, would make it well-formed, and a byte
       order mark (which JSON Lines files may start with) is malformed JSON. */
    expect_error(s, "{\"applicant_id\":\"A\n1\"}",
                 "<application>:1:19: error: line break in a string (write it as \\n)");
    expect_error(s, "{\"applicant_id\":\"A\\\"\n1\"}",
                 "<application>:1:21: error: line break in a string (write it as \\n)");
    expect_error(s, "{\"applicant_id\":\"A1\"}\n{\"applicant_id\":\"A2\"}",
                 "<application>:2:1: error: unexpected '{' after the JSON value");
    expect_error(s, "\xEF\xBB\xBF{\"applicant_id\":\"A1\"}",
                 "<application>:1:1: error: expected a value, found '\xEF\xBB\xBF'");
    expect_error(s, " \n ", "<application>:2:2: error: expected a value, found the end of input");
    /* Escapes inside a string do not end it: the line break after is a space. */
    out = shortlist_score_json(s, "{\"applicant_id\": \"A\\\"1\\\\\",\n \"facts\": {}}", &err);
    check(out != NULL && strstr(out, "\"applicant_id\": \"A\\\"1\\\\\"") != NULL,
          "escapes in a string that spans no line", out != NULL ? out : err);
    shortlist_free(out);
    shortlist_free(err);
    err = NULL;
    expect_error(s,
                 "{\"applicant_id\":\"A1\",\"ratings\":[{\"criterion\":\"communication\","
                 "\"assessor\":\"R1\",\"score\":4},{\"criterion\":\"communication\","
                 "\"assessor\":\"R1\",\"score\":5}]}",
                 "<application>:$.ratings: error: duplicate rating of criterion 'communication' "
                 "for applicant 'A1' by assessor 'R1' (first at line 1)");
    expect_error(s, "{\"applicant_id\":\"A1\",\"facts\":{\"ethnicity\":\"x\"}}",
                 "<application>:$.facts.ethnicity: error: fact 'ethnicity' is a protected "
                 "characteristic (race; Equality Act 2010 s.9): a blind sift does not read it; "
                 "remove it from the applicants file, or declare it in the rulebook's "
                 "monitoring_only list (it is then dropped on load)");
    expect_error(s, "[1]", "<application>:$: error: each line: expected an object, got an array");
    expect_error(NULL, "{}", "shortlist_score_json: the scorer is NULL");
    expect_error(s, NULL, "shortlist_score_json: the application is NULL");

    shortlist_scorer_free(s);
    shortlist_scorer_free(NULL);
    shortlist_free(NULL);
    if (failures == 0)
        printf("c_api_test: all passed\n");
    return failures == 0 ? 0 : 1;
}

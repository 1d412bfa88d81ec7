#include <shortlist/shortlist.h>
#include <stdio.h>

int main(void) {
    char* err = NULL;
    shortlist_scorer* s = shortlist_scorer_load("rules/gloucestershire_pcso.yaml", &err);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        shortlist_free(err);
        return 1;
    }
    char* out = shortlist_score_json(
        s,
        "{\"applicant_id\":\"A1\",\"facts\":{\"vetting\":\"RV\"},"
        "\"ratings\":[{\"criterion\":\"communication\",\"assessor\":\"R1\",\"score\":4}]}",
        &err);
    if (out)
        fputs(out, stdout);
    else
        fprintf(stderr, "%s\n", err);
    shortlist_free(out);
    shortlist_free(err);
    shortlist_scorer_free(s);
    printf("shortlist %s\n", shortlist_version());
    return 0;
}

/* A recruitment system's view of the C interface: load a rulebook, score each
 * line of a JSON Lines file as one application, print each result (or the
 * error and exit 1). Built against an install with
 *   cc consumer.c $(pkg-config --cflags --libs shortlist)
 * and in the build tree, where it is compared with `shortlist score`. */
#include <shortlist/shortlist.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: consumer RULES APPLICATIONS.jsonl\n");
        return 2;
    }
    char* err = NULL;
    shortlist_scorer* s = shortlist_scorer_load(argv[1], &err);
    if (s == NULL) {
        fprintf(stderr, "%s\n", err ? err : "out of memory");
        shortlist_free(err);
        return 1;
    }
    FILE* in = fopen(argv[2], "rb");
    if (in == NULL) {
        fprintf(stderr, "cannot open %s\n", argv[2]);
        shortlist_scorer_free(s);
        return 1;
    }
    size_t size = 1 << 16;
    char* line = malloc(size);
    int rc = 0;
    size_t used = 0;
    int c = 0;
    while (rc == 0 && line != NULL && (c = fgetc(in)) != EOF) {
        if (used + 1 >= size) {
            char* bigger = realloc(line, size *= 2);
            if (bigger == NULL)
                break;
            line = bigger;
        }
        if (c != '\n') {
            line[used++] = (char)c;
            continue;
        }
        line[used] = '\0';
        used = 0;
        char* out = shortlist_score_json(s, line, &err);
        if (out == NULL) {
            fprintf(stderr, "%s\n", err ? err : "out of memory");
            rc = 1;
        } else {
            fputs(out, stdout);
        }
        shortlist_free(out);
        shortlist_free(err);
        err = NULL;
    }
    free(line);
    fclose(in);
    shortlist_scorer_free(s);
    return rc;
}

/* One scorer shared by 8 threads at once (run under ThreadSanitizer by the
 * tsan preset): each thread scores every application of a JSON Lines file,
 * several times, and every result must equal the one scored alone first.
 * Usage: c_threads_test RULES APPLICATIONS.jsonl */
#include <shortlist/shortlist.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { threads = 8, rounds = 3, max_lines = 64 };

static const shortlist_scorer* scorer;
static char* lines[max_lines];
static char* expected[max_lines];
static size_t count;

static void* work(void* arg) {
    const size_t first = (size_t)arg;
    size_t wrong = 0;
    for (size_t r = 0; r < rounds; ++r) {
        for (size_t k = 0; k < count; ++k) {
            const size_t i = (first + k) % count; /* threads start at different lines */
            char* err = NULL;
            char* out = shortlist_score_json(scorer, lines[i], &err);
            if (out == NULL || strcmp(out, expected[i]) != 0)
                ++wrong;
            shortlist_free(out);
            shortlist_free(err);
        }
    }
    return (void*)wrong;
}

static char* read_file(const char* path) {
    FILE* f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    const long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char* text = malloc((size_t)n + 1);
    if (text != NULL && fread(text, 1, (size_t)n, f) == (size_t)n)
        text[n] = '\0';
    fclose(f);
    return text;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: c_threads_test RULES APPLICATIONS.jsonl\n");
        return 2;
    }
    char* err = NULL;
    shortlist_scorer* s = shortlist_scorer_load(argv[1], &err);
    char* text = read_file(argv[2]);
    if (s == NULL || text == NULL) {
        fprintf(stderr, "cannot load: %s\n", err ? err : argv[2]);
        return 1;
    }
    scorer = s;
    for (char* p = strtok(text, "\n"); p != NULL && count < max_lines; p = strtok(NULL, "\n")) {
        lines[count] = p;
        expected[count] = shortlist_score_json(s, p, &err);
        if (expected[count] == NULL) {
            fprintf(stderr, "line %zu: %s\n", count + 1, err);
            return 1;
        }
        ++count;
    }
    pthread_t ids[threads];
    for (size_t t = 0; t < threads; ++t) {
        if (pthread_create(&ids[t], NULL, work, (void*)(t * 7)) != 0) {
            fprintf(stderr, "cannot start thread %zu\n", t);
            return 1;
        }
    }
    size_t wrong = 0;
    for (size_t t = 0; t < threads; ++t) {
        void* result = NULL;
        pthread_join(ids[t], &result);
        wrong += (size_t)result;
    }
    for (size_t i = 0; i < count; ++i)
        shortlist_free(expected[i]);
    free(text);
    shortlist_scorer_free(s);
    printf("%d threads x %d rounds x %zu applications: %zu differ from the first scoring\n",
           threads, rounds, count, wrong);
    return wrong == 0 && count > 0 ? 0 : 1;
}

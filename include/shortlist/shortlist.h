/* The C interface: score one application at a time from any language that can
 * call C (Java, C#, Python, Node, Go). JSON text in, JSON text out; no C++
 * type crosses it and no C++ exception escapes it. docs/bindings.md shows it
 * in use.
 *
 *     char* err = NULL;
 *     shortlist_scorer* s = shortlist_scorer_load("rules/gloucestershire_pcso.yaml", &err);
 *     if (!s) { fprintf(stderr, "%s\n", err); shortlist_free(err); return 1; }
 *     char* out = shortlist_score_json(s, "{\"applicant_id\":\"A1\",\"facts\":{...},"
 *                                         "\"ratings\":[...]}", &err);
 *     ...
 *     shortlist_free(out);
 *     shortlist_scorer_free(s);
 *
 * Strings are UTF-8 and NUL-terminated. Every string the library returns
 * (a result or an error) is the caller's, to release with shortlist_free.
 * Link with `pkg-config --cflags --libs shortlist`.
 */
#ifndef SHORTLIST_SHORTLIST_H
#define SHORTLIST_SHORTLIST_H

#if defined(_WIN32) && defined(SHORTLIST_C_BUILDING)
#define SHORTLIST_C_API __declspec(dllexport)
#elif defined(_WIN32)
#define SHORTLIST_C_API __declspec(dllimport)
#elif defined(__GNUC__)
#define SHORTLIST_C_API __attribute__((visibility("default")))
#else
#define SHORTLIST_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A rulebook compiled for scoring. Opaque. Once loaded it is never changed:
 * one scorer may be used from many threads at once. */
typedef struct shortlist_scorer shortlist_scorer;

/* Load and check the rulebook (YAML) at `path` and compile it. Returns NULL on
 * failure and, if `err` is not NULL, sets *err to the library's message,
 * "file:line:column: error: message" (one line per problem found). */
SHORTLIST_C_API shortlist_scorer* shortlist_scorer_load(const char* path, char** err);

/* Score one application: `application_json` is one record of the JSON Lines
 * evidence format (docs/evidence.md), as one JSON object that may span lines:
 *   {"applicant_id": "A1", "facts": {"vetting": "RV"},
 *    "ratings": [{"criterion": "communication", "assessor": "R1", "score": 4,
 *                 "indicators": ["listens"], "comment": "..."}]}
 * with the same keys and the same checks as a line of an applicants .jsonl
 * file, and the blind sift of `shortlist score` (a fact naming a protected
 * characteristic is refused); "score" is a number, one of "not_evidenced",
 * "not_assessed", "not_applicable", or absent when indicators are given.
 *
 * Returns that applicant's object exactly as `shortlist score --format json`
 * writes it in "applicants" for a batch of this one applicant (rank, status,
 * total, groups, conditions, reasons, failed_gates), followed by a newline.
 * On failure returns NULL and, if `err` is not NULL, sets *err to the
 * library's message with the place as a JSON path,
 * "<application>:$.ratings[0].score: error: message" ("$.ratings" for a
 * duplicate or conflicting rating; the line and column for malformed JSON).
 * Thread-safe. */
SHORTLIST_C_API char* shortlist_score_json(const shortlist_scorer* scorer,
                                           const char* application_json, char** err);

/* Release a string returned by this library (NULL is ignored). */
SHORTLIST_C_API void shortlist_free(char* text);

/* Release a scorer (NULL is ignored). No call may be using it. */
SHORTLIST_C_API void shortlist_scorer_free(shortlist_scorer* scorer);

/* The library's version, "major.minor.patch". Static: do not free. */
SHORTLIST_C_API const char* shortlist_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SHORTLIST_SHORTLIST_H */

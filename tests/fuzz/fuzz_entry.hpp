// The fuzz entry points: one per loader, and one for the rulebook validator.
// Each takes the bytes of one input, runs the loader (and what consumes its
// result) and returns normally when the input loads or is refused with a
// shortlist::Error. Anything else escapes: another exception, a crash, a
// sanitizer report, or a broken invariant (checked with SHORTLIST_FUZZ_CHECK,
// which aborts). libFuzzer runs them from tests/fuzz/fuzz_<name>.cpp; the
// regular test suite replays tests/data/fuzz-regressions/<name>/ through the
// same functions (tests/fuzz/fuzz_replay_test.cpp).
//
// A new loader: add a function here and in fuzz_entry.cpp, a line to
// targets(), a three-line fuzz_<name>.cpp and its name in
// tests/fuzz/CMakeLists.txt (docs/hostile-input.md, "Fuzzing").
#pragma once

#include <span>
#include <string_view>

namespace shortlist::fuzz {

/// parse_rulebook, then validate(), effective_weights, to_json and a Scorer.
void rulebook(std::string_view data);
/// validate_text (a rulebook or a framework file).
void validate(std::string_view data);
/// parse_applicants_csv against tests/data/good/rulebook.yaml, then scoring.
void applicants_csv(std::string_view data);
/// parse_ratings_csv for three applicants, then scoring, select and write_csv.
void ratings_csv(std::string_view data);
/// parse_jsonl, then scoring, select and write_json.
void jsonl(std::string_view data);
/// parse_rating_table (calibrate's loader), then the assessor-effects fit.
void rating_table(std::string_view data);
/// parse_monitoring, then assess_fairness against three results.
void monitoring(std::string_view data);
/// parse_results (score's CSV or JSON output), then assess_fairness.
void results(std::string_view data);
/// parse_anchors (an earlier calibrate --json), then the anchored fit of a
/// small rating table, both models (docs/calibration.md#anchoring).
void anchors(std::string_view data);
#if defined(SHORTLIST_WITH_XLSX)
/// An .xlsx workbook's bytes: read_sheet (liborcus), the sheet as CSV text,
/// then applicants_csv's loader and scoring (docs/excel.md).
void xlsx(std::string_view data);
#endif

struct Target {
    std::string_view name;  ///< fuzz_<name>, tests/data/fuzz-regressions/<name>/
    void (*run)(std::string_view);
};

/// Every target, for the replay test.
[[nodiscard]] std::span<const Target> targets();

}  // namespace shortlist::fuzz

/// Define LLVMFuzzerTestOneInput for one entry point.
#define SHORTLIST_FUZZ_TARGET(function)                                                         \
    extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, unsigned long size) {      \
        shortlist::fuzz::function(std::string_view(reinterpret_cast<const char*>(data), size)); \
        return 0;                                                                               \
    }

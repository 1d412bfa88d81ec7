// libFuzzer target: shortlist::fuzz::jsonl (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(jsonl)

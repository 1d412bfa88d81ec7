// libFuzzer target: shortlist::fuzz::results (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(results)

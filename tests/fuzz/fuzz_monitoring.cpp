// libFuzzer target: shortlist::fuzz::monitoring (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(monitoring)

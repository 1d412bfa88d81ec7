// libFuzzer target: shortlist::fuzz::rulebook (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(rulebook)

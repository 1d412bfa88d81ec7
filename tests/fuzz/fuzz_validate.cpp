// libFuzzer target: shortlist::fuzz::validate (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(validate)

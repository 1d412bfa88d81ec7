// libFuzzer target: shortlist::fuzz::rating_table (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(rating_table)

// libFuzzer target: shortlist::fuzz::ratings_csv (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(ratings_csv)

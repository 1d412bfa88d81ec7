// libFuzzer target: shortlist::fuzz::xlsx (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(xlsx)

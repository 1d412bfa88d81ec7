// libFuzzer target: shortlist::fuzz::applicants_csv (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(applicants_csv)

// libFuzzer target: shortlist::fuzz::anchors (fuzz_entry.hpp).
#include "fuzz_entry.hpp"

SHORTLIST_FUZZ_TARGET(anchors)

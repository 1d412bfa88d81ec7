// A switch for the tests: make sensitivity() hold each draw's applicants as
// 16-byte records even where they would fit in one word, so that both layouts
// are checked to give the same result.
#pragma once

namespace shortlist::detail {

inline bool& sensitivity_force_wide_layout() {
    static bool force = false;
    return force;
}

}  // namespace shortlist::detail

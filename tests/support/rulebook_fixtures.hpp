// Helpers for the rulebook tests: what loading a bad rulebook reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/rulebook.hpp"

namespace rulebook_test {

/// Each diagnostic of loading tests/data/`relative`, with the data
/// directory's path taken off ("bad/x.yaml:3:1: error: ..."); empty if the
/// rulebook loads.
inline std::vector<std::string> load_errors(std::string_view relative) {
    const std::string prefix = std::string(SHORTLIST_TEST_DATA) + "/";
    std::vector<std::string> got;
    try {
        (void)shortlist::load_rulebook(prefix + std::string(relative));
    } catch (const shortlist::RulebookError& e) {
        for (const auto& d : e.diagnostics())
            got.push_back(shortlist::format(d).substr(prefix.size()));
    }
    return got;
}

}  // namespace rulebook_test

// The usage errors of a report's request: "<command>: <message>", as the
// command line reports its own (src/cli/options.hpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "shortlist/error.hpp"

namespace shortlist {

[[nodiscard]] inline UsageError request_error(std::string_view command, std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument,
                      std::string(command) + ": " + std::move(message));
}

}  // namespace shortlist

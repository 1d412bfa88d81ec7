// shortlist calibrate: being written (issue 3).
#include <ostream>

#include "cli/options.hpp"
#include "shortlist/error.hpp"

namespace shortlist::cli {

int run_calibrate(const Args& /*args*/, std::ostream& /*out*/, std::ostream& /*err*/) {
    throw UsageError({}, ErrorCode::FailedPrecondition, "calibrate: not built yet");
}

}  // namespace shortlist::cli

// The shortlist command's subcommands. Each takes the arguments after its name,
// writes to the given streams and returns an exit status; errors are thrown
// (shortlist::Error and its kinds) and mapped to exit codes in main.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace shortlist::cli {

/// Documented exit statuses.
enum ExitStatus : int {
    exit_ok = 0,
    exit_usage = 1,           ///< bad command line, unwritable output
    exit_input = 2,           ///< bad rulebook or evidence (file:line message)
    exit_internal = 3,        ///< a bug: please report it
    exit_inputs_changed = 4,  ///< verify: an input is missing or changed
    exit_not_reproduced = 5,  ///< verify: the re-run's output differs
};

using Args = std::vector<std::string>;

int run_validate(const Args& args, std::ostream& out, std::ostream& err);
int run_score(const Args& args, std::ostream& out, std::ostream& err);
int run_rules(const Args& args, std::ostream& out, std::ostream& err);
int run_calibrate(const Args& args, std::ostream& out, std::ostream& err);
int run_sensitivity(const Args& args, std::ostream& out, std::ostream& err);
int run_compare(const Args& args, std::ostream& out, std::ostream& err);
int run_fairness(const Args& args, std::ostream& out, std::ostream& err);
int run_report(const Args& args, std::ostream& out, std::ostream& err);
int run_verify(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace shortlist::cli

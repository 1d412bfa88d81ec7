// The shortlist command's subcommands. Each takes the arguments after its name,
// parses them, makes one library call and writes its result with the
// library's writer; errors are thrown (shortlist::Error and its kinds) and
// mapped to exit codes in main.
#pragma once

#include <array>
#include <iosfwd>
#include <string>
#include <string_view>
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
using Runner = int (*)(const Args& args, std::ostream& out, std::ostream& err);

int run_validate(const Args& args, std::ostream& out, std::ostream& err);
int run_score(const Args& args, std::ostream& out, std::ostream& err);
int run_rules(const Args& args, std::ostream& out, std::ostream& err);
int run_calibrate(const Args& args, std::ostream& out, std::ostream& err);
int run_sensitivity(const Args& args, std::ostream& out, std::ostream& err);
int run_compare(const Args& args, std::ostream& out, std::ostream& err);
int run_fairness(const Args& args, std::ostream& out, std::ostream& err);
int run_report(const Args& args, std::ostream& out, std::ostream& err);
int run_verify(const Args& args, std::ostream& out, std::ostream& err);
int run_simulate(const Args& args, std::ostream& out, std::ostream& err);

struct Command {
    std::string_view name;
    Runner run;
    bool audited;  ///< its results carry an audit record: verify can re-run it
};

/// Every subcommand, in the order the usage text lists them.
inline constexpr std::array<Command, 10> command_table{{
    {"validate", run_validate, false},
    {"score", run_score, true},
    {"rules", run_rules, false},
    {"calibrate", run_calibrate, true},
    {"sensitivity", run_sensitivity, true},
    {"compare", run_compare, true},
    {"fairness", run_fairness, true},
    {"report", run_report, true},
    {"verify", run_verify, false},
    {"simulate", run_simulate, false},
}};

}  // namespace shortlist::cli

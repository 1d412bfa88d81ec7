// shortlist: the command-line tool. The one place where errors become exit codes.
#include <boost/program_options/errors.hpp>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "shortlist/error.hpp"
#include "shortlist/version.hpp"

namespace {

constexpr std::string_view usage_text =
    R"(usage: shortlist <command> [options]

Shortlist job applicants against a role profile's rulebook.

commands:
  validate FILE...    check rulebook and framework files; report every problem
  score               score applicants and write the ranked shortlist
  rules R             show the compiled rulebook (--json for other tools)
  calibrate           assessor agreement, severity, moderation, adjusted shortlist
  sensitivity         how far the shortlist hinges on the weights (random weight draws)
  compare             two rulebooks on the same applicants: who enters, who leaves, why
  fairness            adverse impact on monitored groups, stage by stage
  verify RESULT       re-run a result's recorded command; say if it is reproduced

Run 'shortlist <command> --help' for a command's options.

exit status: 0 success, 1 usage error, 2 input error (the message names
file:line:column), 3 internal error; verify: 4 an input changed, 5 not
reproduced.
)";

/// Run `command`: its exit status.
int dispatch(const std::string& command, const shortlist::cli::Args& args) {
    using namespace shortlist::cli;
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << usage_text;
        return exit_ok;
    }
    if (command == "--version") {
        std::cout << "shortlist " << shortlist::version_string << '\n';
        return exit_ok;
    }
    for (const auto& c : command_table)
        if (c.name == command)
            return c.run(args, std::cout, std::cerr);
    std::cerr << "shortlist: error: unknown command '" << command << "'\n\n" << usage_text;
    return exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace shortlist;
    using namespace shortlist::cli;
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        std::cerr << usage_text;
        return exit_usage;
    }
    const std::string command = argv[1];
    try {
        return dispatch(command, Args(argv + 2, argv + argc));
    } catch (const UsageError& e) {
        std::cerr << "shortlist: " << e.what() << '\n';
        return exit_usage;
    } catch (const boost::program_options::error& e) {
        std::cerr << "shortlist " << command << ": error: " << e.what() << "\n(see 'shortlist "
                  << command << " --help')\n";
        return exit_usage;
    } catch (const Error& e) {
        std::cerr << e.what() << '\n';
        return exit_input;
    } catch (const std::bad_alloc&) {
        std::cerr << "shortlist: error: out of memory\n";
        return exit_internal;
    } catch (const std::exception& e) {
        std::cerr << "shortlist: internal error: " << e.what() << " (please report this)\n";
        return exit_internal;
    }
}

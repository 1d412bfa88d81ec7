// Shared command-line plumbing for the subcommands (Boost.Program_options).
#pragma once

#include <boost/program_options.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/commands.hpp"

namespace shortlist::cli {

namespace po = boost::program_options;

/// Parse `args` against `visible` options (and `positional`, if any) into `vm`.
/// Returns true when --help was asked for: the help text has been written.
inline bool parse_or_help(const Args& args, std::string_view synopsis,
                          const po::options_description& visible,
                          const po::positional_options_description* positional,
                          po::variables_map& vm, std::ostream& out,
                          const po::options_description* hidden = nullptr) {
    po::options_description all;
    all.add(visible);
    if (hidden)
        all.add(*hidden);
    auto parser = po::command_line_parser(args).options(all);
    if (positional)
        parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
        out << synopsis << "\n" << visible;
        return true;
    }
    po::notify(vm);
    return false;
}

}  // namespace shortlist::cli

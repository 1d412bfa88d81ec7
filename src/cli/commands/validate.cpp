// shortlist validate FILE...: check rulebooks and framework files.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "shortlist/error.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::cli {

int run_validate(const Args& args, std::ostream& out, std::ostream& err) {
    po::options_description visible("options");
    visible.add_options()("help,h", "show this help")("quiet,q", "print nothing when valid");
    po::options_description hidden;
    hidden.add_options()("file", po::value<std::vector<std::string>>(), "file");
    po::positional_options_description positional;
    positional.add("file", -1);
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist validate FILE...\n\n"
                      "Check rulebook and framework files (kind: rulebook | framework). Every\n"
                      "problem in a file is reported as file:line:column: error: message.\n"
                      "Exit status 0 when every file is valid, 2 otherwise.\n",
                      visible, &positional, vm, out, &hidden))
        return exit_ok;
    if (!vm.count("file"))
        throw UsageError({}, ErrorCode::InvalidArgument, "validate: no file given");
    const bool quiet = vm.count("quiet") > 0;
    std::size_t bad_files = 0;
    for (const auto& file : vm["file"].as<std::vector<std::string>>()) {
        const auto diagnostics = validate_file(file);
        if (diagnostics.empty()) {
            if (!quiet)
                out << file << ": ok\n";
            continue;
        }
        ++bad_files;
        for (const auto& d : diagnostics)
            err << format(d) << '\n';
    }
    if (bad_files > 0) {
        err << bad_files << (bad_files == 1 ? " file has" : " files have") << " errors\n";
        return exit_input;
    }
    return exit_ok;
}

}  // namespace shortlist::cli

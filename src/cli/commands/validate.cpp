// shortlist validate FILE...: check rulebooks and framework files.
#include <ostream>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "validate";
constexpr std::string_view synopsis =
    "usage: shortlist validate [--quiet] FILE...\n\n"
    "Check rulebook and framework files (kind: rulebook | framework). Every\n"
    "problem in a file is reported as file:line:column: error: message.\n"
    "Exit status 0 when every file is valid, 2 otherwise.\n";

}  // namespace

int run_validate(const Args& args, std::ostream& out, std::ostream& err) {
    CommandLine line(name, synopsis);
    line.add()("quiet,q", "print nothing when valid");
    line.operands("file", -1);
    if (!line.parse(args, out))
        return exit_ok;
    if (!line.has("file"))
        throw line.error("no file given");
    const bool quiet = line.has("quiet");
    std::size_t bad_files = 0;
    for (const auto& file : line.get<std::vector<std::string>>("file")) {
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

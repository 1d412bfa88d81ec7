// shortlist verify RESULT: re-run the command recorded in a result's audit
// block and say whether the result is reproduced exactly (docs/audit.md).
#include <filesystem>
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "shortlist/audit.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view name = "verify";
constexpr std::string_view synopsis =
    "usage: shortlist verify RESULT [--base DIR]\n\n"
    "Read the audit block of a result (a JSON result, the CSV's\n"
    "RESULT.audit.json, or a --csv directory), check that every\n"
    "input still has its recorded SHA-256, re-run the recorded command on\n"
    "them and compare the outputs byte for byte (the time of the run is\n"
    "taken from the record).\n\n"
    "exit status: 0 reproduced, 4 an input is missing or changed (not\n"
    "re-run), 5 re-run but the output differs (or the run failed).\n";

/// Run an audited command in `base` (the recorded relative paths are
/// against it), back in the current directory afterwards.
int rerun(std::string_view command, const Args& arguments, const fs::path& base, std::ostream& out,
          std::ostream& err) {
    Runner run = nullptr;
    for (const auto& c : command_table)
        if (c.audited && c.name == command)
            run = c.run;
    const fs::path here = fs::current_path();
    fs::current_path(base);
    try {
        const int status = run(arguments, out, err);
        fs::current_path(here);
        return status;
    } catch (...) {
        std::error_code ec;
        fs::current_path(here, ec);
        throw;
    }
}

}  // namespace

int run_verify(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    CommandLine line(name, synopsis);
    line.add()("base", po::value<std::string>()->value_name("DIR"),
               "resolve the recorded relative paths against DIR instead of the recorded working "
               "directory");
    line.operands("result", 1);
    if (!line.parse(args, out))
        return exit_ok;
    VerifyRequest request;
    if (!line.has("result"))
        throw line.error("RESULT is required");
    request.result = line.get<std::string>("result");
    request.base = line.path("base");
    for (const auto& c : command_table)
        if (c.audited)
            request.commands.emplace_back(c.name);
    request.run = rerun;
    const Verification verification = verify(request);
    write_text(out, verification);
    switch (verification.outcome) {
        case VerifyOutcome::Reproduced:
            return exit_ok;
        case VerifyOutcome::InputsChanged:
            return exit_inputs_changed;
        case VerifyOutcome::NotReproduced:
            break;
    }
    return exit_not_reproduced;
}

}  // namespace shortlist::cli

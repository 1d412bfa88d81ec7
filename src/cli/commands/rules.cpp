// shortlist rules R [--json]: the compiled rulebook, for people or for tools.
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "shortlist/report/rulebook.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "rules";
constexpr std::string_view synopsis =
    "usage: shortlist rules RULEBOOK [--json]\n\n"
    "Show the rulebook as it will be applied: frameworks resolved, competency\n"
    "indicators and minimums filled in, each criterion's share of the total.\n";

}  // namespace

int run_rules(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    CommandLine line(name, synopsis);
    line.add()("json", "print the compiled rulebook as JSON (stable keys; see README)");
    line.operands("rulebook", 1);
    if (!line.parse(args, out))
        return exit_ok;
    if (!line.has("rulebook"))
        throw line.error("no rulebook given");
    const Rulebook rulebook = load_rulebook(line.get<std::string>("rulebook"));
    if (line.has("json"))
        write_json(out, rulebook);
    else
        write_text(out, rulebook);
    return exit_ok;
}

}  // namespace shortlist::cli

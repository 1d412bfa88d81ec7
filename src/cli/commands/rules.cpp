// shortlist rules R [--json]: the compiled rulebook, for people or for tools.
#include <ostream>
#include <string>

#include "cli/options.hpp"
#include "shortlist/rulebook.hpp"
#include "util/number.hpp"

namespace shortlist::cli {

namespace {

void print_summary(const Rulebook& rb, std::ostream& out) {
    out << rb.id << " — " << rb.title;
    if (!rb.organisation.empty())
        out << ", " << rb.organisation;
    if (!rb.version.empty())
        out << " (version " << rb.version << ")";
    out << '\n';
    if (!rb.source.empty())
        out << "source: " << rb.source << '\n';
    out << "aggregation: " << to_string(rb.aggregation) << '\n';
    out << "pass mark: "
        << (rb.shortlist.pass_mark ? detail::format_shortest(*rb.shortlist.pass_mark) : "none")
        << "; top: " << (rb.shortlist.top ? std::to_string(*rb.shortlist.top) : "all")
        << "; ties: " << to_string(rb.shortlist.ties) << '\n';
    out << "eligibility conditions: " << rb.eligibility.size() << '\n';
    for (const auto& c : rb.eligibility)
        out << "  - " << c.id << (c.text.empty() ? "" : ": " + c.text)
            << (c.stage ? " [" + std::string(to_string(*c.stage)) + "]" : "") << '\n';
    const auto eff = effective_weights(rb);
    out << "criteria (share of the total):\n";
    for (std::size_t i = 0; i < rb.criteria.size(); ++i) {
        const auto& c = rb.criteria[i];
        out << "  " << to_string(c.group) << "  " << c.id.value() << "  "
            << detail::format_fixed(100 * eff[i], 2) << "%";
        if (c.minimum)
            out << "  minimum " << detail::format_shortest(*c.minimum);
        if (c.may_be_met_later)
            out << "  (may be met later)";
        if (c.stage)
            out << "  [" << to_string(*c.stage) << "]";
        if (c.from_fact)
            out << "  (from fact " << c.from_fact->fact << ")";
        out << '\n';
    }
    if (!rb.monitoring_only.empty()) {
        out << "monitoring only (dropped from the applicants file, never scored):";
        for (const auto& col : rb.monitoring_only)
            out << ' ' << col;
        out << '\n';
    }
}

}  // namespace

int run_rules(const Args& args, std::ostream& out, std::ostream& /*err*/) {
    po::options_description visible("options");
    visible.add_options()("help,h", "show this help")(
        "json", "print the compiled rulebook as JSON (stable keys; see README)");
    po::options_description hidden;
    hidden.add_options()("rulebook", po::value<std::string>(), "rulebook");
    po::positional_options_description positional;
    positional.add("rulebook", 1);
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist rules RULEBOOK [--json]\n\n"
                      "Show the rulebook as it will be applied: frameworks resolved, competency\n"
                      "indicators and minimums filled in, each criterion's share of the total.\n",
                      visible, &positional, vm, out, &hidden))
        return exit_ok;
    if (!vm.count("rulebook"))
        throw UsageError({}, ErrorCode::InvalidArgument, "rules: no rulebook given");
    const Rulebook rb = load_rulebook(vm["rulebook"].as<std::string>());
    if (vm.count("json"))
        out << to_json(rb);
    else
        print_summary(rb, out);
    return exit_ok;
}

}  // namespace shortlist::cli

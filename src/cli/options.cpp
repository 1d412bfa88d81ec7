#include "cli/options.hpp"

#include <ostream>
#include <vector>

namespace shortlist::cli {

UsageError usage_error(std::string_view command, std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument,
                      std::string(command) + ": " + std::move(message));
}

namespace {

/// The usage lines are written for a build with Excel support (docs/excel.md);
/// without it, --help drops --xlsx and the xlsx format, which it refuses.
std::string usage_for_this_build(std::string_view synopsis) {
    std::string usage(synopsis);
#if !defined(SHORTLIST_WITH_XLSX)
    for (const std::string_view cut : {" [--xlsx FILE]", "|xlsx"})
        for (auto at = usage.find(cut); at != std::string::npos; at = usage.find(cut, at))
            usage.erase(at, cut.size());
#endif
    return usage;
}

}  // namespace

CommandLine::CommandLine(std::string_view command, std::string_view synopsis)
    : command_(command), synopsis_(usage_for_this_build(synopsis)) {
    visible_.add_options()("help,h", "show this help");
}

CommandLine& CommandLine::file(const char* name, const char* help) {
    visible_.add_options()(name, po::value<std::string>()->value_name("FILE"), help);
    return *this;
}

CommandLine& CommandLine::top(const char* help) {
    visible_.add_options()("top,n", po::value<std::size_t>()->value_name("N"), help);
    return *this;
}

CommandLine& CommandLine::json() {
    visible_.add_options()("json", "print the JSON document instead of the text summary");
    return *this;
}

CommandLine& CommandLine::quiet() {
    visible_.add_options()("quiet,q",
                           "no progress on standard error (shown only when it is a terminal)");
    return *this;
}

CommandLine& CommandLine::csv(const char* help) {
    visible_.add_options()("csv", po::value<std::string>()->value_name("DIR"), help);
#if defined(SHORTLIST_WITH_XLSX)
    // The same tables as the sheets of one workbook (docs/excel.md).
    visible_.add_options()("xlsx", po::value<std::string>()->value_name("FILE"),
                           "also write the tables of --csv, and the audit record, as the sheets "
                           "of one .xlsx workbook (atomically; docs/excel.md)");
#endif
    return *this;
}

CommandLine& CommandLine::operands(const char* name, int count) {
    if (count == 1)
        hidden_.add_options()(name, po::value<std::string>(), "");
    else
        hidden_.add_options()(name, po::value<std::vector<std::string>>(), "");
    positional_.add(name, count);
    return *this;
}

bool CommandLine::parse(const Args& args, std::ostream& out) {
    po::options_description all;
    all.add(visible_).add(hidden_);
    auto parser = po::command_line_parser(args).options(all);
    if (positional_.max_total_count() > 0)
        parser.positional(positional_);
    po::store(parser.run(), vm_);
    if (vm_.count("help")) {
        out << synopsis_ << "\n" << visible_;
        return false;
    }
    po::notify(vm_);
    return true;
}

std::optional<std::string> CommandLine::text(const char* name) const {
    if (!has(name))
        return std::nullopt;
    return get<std::string>(name);
}

std::optional<std::filesystem::path> CommandLine::path(const char* name) const {
    if (!has(name))
        return std::nullopt;
    return std::filesystem::path(get<std::string>(name));
}

std::filesystem::path CommandLine::required_path(const char* name) const {
    if (!has(name))
        throw error("--" + std::string(name) + " is required");
    return get<std::string>(name);
}

std::optional<std::size_t> CommandLine::top_size() const {
    if (!has("top"))
        return std::nullopt;
    const auto top = get<std::size_t>("top");
    if (top == 0)
        throw error("--top must be at least 1");
    return top;
}

}  // namespace shortlist::cli

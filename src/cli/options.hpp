// The command line of every subcommand (Boost.Program_options), declared one
// way: the options several commands share (--rules, --applicants, --ratings,
// --top, --json, --csv) are declared here once, each command adds its own, and
// every usage error reads "<command>: <message>".
#pragma once

#include <boost/program_options.hpp>
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "shortlist/error.hpp"

namespace shortlist::cli {

namespace po = boost::program_options;

/// A usage error of `command`: "<command>: <message>" (main prints it after
/// "shortlist: ", and exits 1).
[[nodiscard]] UsageError usage_error(std::string_view command, std::string message);

/// One command's options: --help first, then the shared ones it asks for and
/// its own (add()), in the order --help shows them.
class CommandLine {
  public:
    CommandLine(std::string_view command, std::string_view synopsis);

    /// An option of this command alone.
    po::options_description_easy_init add() { return visible_.add_options(); }
    /// A file option: value name FILE.
    CommandLine& file(const char* name, const char* help);
    /// The inputs most commands share: --rules/-r, --applicants/-a and
    /// --ratings/-x (each command says what it does with them).
    CommandLine& rules(const char* help = "the rulebook (required)") {
        return file("rules,r", help);
    }
    CommandLine& applicants(const char* help) { return file("applicants,a", help); }
    CommandLine& ratings(const char* help) { return file("ratings,x", help); }
    /// --top N, the shortlist size.
    CommandLine& top(const char* help = "shortlist size (overrides the rulebook's shortlist.top)");
    /// --json: the JSON document instead of the text summary.
    CommandLine& json();
    /// --csv DIR: the tables as CSV files.
    CommandLine& csv(const char* help);
    /// --quiet: no progress on standard error (docs/cli.md, "Progress").
    CommandLine& quiet();
    /// Operands: up to `count` values (-1: any number) of a hidden option.
    CommandLine& operands(const char* name, int count);

    /// Parse `args`. Returns false when --help was asked for (the help has
    /// been written to `out`): the command then exits 0.
    [[nodiscard]] bool parse(const Args& args, std::ostream& out);

    [[nodiscard]] bool has(const char* name) const { return vm_.count(name) > 0; }
    /// Given on the command line, not taken from its default.
    [[nodiscard]] bool given(const char* name) const { return has(name) && !vm_[name].defaulted(); }
    template <class T>
    [[nodiscard]] T get(const char* name) const {
        return vm_[name].as<T>();
    }
    [[nodiscard]] std::optional<std::string> text(const char* name) const;
    [[nodiscard]] std::optional<std::filesystem::path> path(const char* name) const;
    /// The value of a required option; usage error "--NAME is required" if absent.
    [[nodiscard]] std::filesystem::path required_path(const char* name) const;
    /// --top N (at least 1), if given.
    [[nodiscard]] std::optional<std::size_t> top_size() const;

    [[nodiscard]] UsageError error(std::string message) const {
        return usage_error(command_, std::move(message));
    }

  private:
    std::string command_;
    std::string synopsis_;
    po::options_description visible_{"options"};
    po::options_description hidden_;
    po::positional_options_description positional_;
    po::variables_map vm_;
};

}  // namespace shortlist::cli

// What the shortlist command writes, for the tests that produce the same
// outputs from the library alone and compare bytes: run the command (its
// path is SHORTLIST_CLI), read its files, and mask the audit record's time
// (the one field two runs cannot share).
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "shortlist/audit.hpp"

namespace shortlist::testing {

namespace fs = std::filesystem;

/// A quoted shell word.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (const char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

/// Run `shortlist ARGS...` in the current directory: its standard output.
/// Fails the test unless it exits with `status`.
inline std::string run_cli(const std::vector<std::string>& args, int status = 0) {
    std::string command = shell_quote(SHORTLIST_CLI);
    for (const auto& a : args)
        command += ' ' + shell_quote(a);
    command += " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
        out.append(buf, n);
    const int rc = pclose(pipe);
    INFO(command);
    REQUIRE(WIFEXITED(rc));
    REQUIRE(WEXITSTATUS(rc) == status);
    return out;
}

/// Run `shortlist COMMAND ARGS... EXTRA...`: its standard output.
inline std::string run_cli(const std::string& command, const std::vector<std::string>& args,
                           const std::vector<std::string>& extra = {}) {
    std::vector<std::string> all{command};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), extra.begin(), extra.end());
    return run_cli(all);
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh directory under the build tree.
inline fs::path scratch_dir(const std::string& name) {
    fs::path dir = fs::path(SHORTLIST_BINARY_DIR) / "tests" / "parity_tmp" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// The record's "time" emptied (as tests/cli/audit.cmake compares runs).
inline std::string mask_time(const std::string& text) {
    static const std::regex time(R"("time": "[^"]*")");
    return std::regex_replace(text, time, R"("time": "")");
}

template <class Fill>
std::string written(const Fill& fill) {
    std::ostringstream os;
    fill(os);
    return os.str();
}

/// The report's text summary, as the library writes it.
template <class Report>
std::string text_of(const Report& report) {
    return written([&](std::ostream& os) { write_text(os, report); });
}

/// The report's JSON document with the record as its last member.
template <class Report>
std::string json_of(const Audit& audit, const Report& report) {
    return written([&](std::ostream& os) {
        write_json_with_audit(os, audit, [&](std::ostream& doc) { write_json(doc, report); });
    });
}

/// Each table the library writes is the file the command wrote in `dir`,
/// byte for byte, and the command wrote no other table.
inline void check_tables(const std::vector<CsvTable>& tables, const fs::path& dir) {
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        files += entry.path().extension() == ".csv" ? 1u : 0u;
    CHECK(files == tables.size());
    for (const auto& t : tables) {
        INFO(t.name);
        REQUIRE(fs::exists(dir / t.name));
        CHECK(written(t.fill) == slurp(dir / t.name));
    }
}

/// Run the test from `dir` (relative paths in the records are against it).
class InDirectory {
  public:
    explicit InDirectory(const fs::path& dir) : old_(fs::current_path()) { fs::current_path(dir); }
    ~InDirectory() { fs::current_path(old_); }
    InDirectory(const InDirectory&) = delete;
    InDirectory& operator=(const InDirectory&) = delete;

  private:
    fs::path old_;
};

}  // namespace shortlist::testing

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
#include <map>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
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

/// An Audit of `command` that has the time of the command's record in
/// `record_file` (as verify's Replay gives it): what it writes can then be
/// compared with the command's files byte for byte, including the hash of an
/// output that shows the record (the HTML report).
inline Audit audit_as_recorded(const fs::path& record_file, std::string command,
                               std::vector<std::string> args) {
    std::string why;
    const std::optional<AuditRecord> recorded = parse_audit_record(slurp(record_file), why);
    INFO(why);
    REQUIRE(recorded);
    const Replay at(recorded->time, fs::current_path().string());
    return Audit(std::move(command), std::move(args));
}

/// Every file in `dir`, by name.
inline std::map<std::string, std::string> files_in(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir))
        files[entry.path().filename().string()] = slurp(entry.path());
    return files;
}

/// The files the command wrote in `dir` are the ones `write` writes there
/// from the library: the command's are read and removed, `write` writes its
/// own, and they must be the same files with the same bytes (the record's
/// time masked).
template <class Write>
void check_rewritten(const fs::path& dir, const Write& write) {
    const std::map<std::string, std::string> command = files_in(dir);
    REQUIRE_FALSE(command.empty());
    for (const auto& file : command)
        fs::remove(dir / file.first);
    write();
    const std::map<std::string, std::string> library = files_in(dir);
    CHECK(library.size() == command.size());
    for (const auto& [name, bytes] : command) {
        INFO(name);
        REQUIRE(library.count(name) == 1);
        CHECK(mask_time(library.at(name)) == mask_time(bytes));
    }
}

/// `shortlist COMMAND ARGS... --csv tables` writes (each table and
/// tables/audit.json) what write_csv_dir writes from the library: the report
/// `make` builds with an Audit of the same arguments, its csv_tables().
template <class Make>
void check_csv_dir(const std::string& command, std::vector<std::string> args, const Make& make) {
    args.insert(args.end(), {"--csv", "tables"});
    (void)run_cli(command, args);
    Audit audit(command, args);
    const auto report = make(audit);
    check_rewritten("tables", [&] { write_csv_dir(audit, "tables", csv_tables(report)); });
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

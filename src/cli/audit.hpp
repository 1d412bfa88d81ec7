// The audit block: what a result was made from, so that it can be shown months
// later how it was produced, and re-run (`shortlist verify`). One piece that
// every command producing a result calls with its inputs, options and seed:
//
//     Audit audit("score", args);                  // argv after the command
//     audit.rulebook(rulebook);                    // file + each framework file
//     audit.input("applicants", applicants_path);  // hashed now
//     audit.seed(seed);                            // if the command draws numbers
//     audit.refuse_overwriting_inputs(out_path);   // UsageError if out is an input
//     audit.result_path(out_path);                 // where the JSON document goes
//     write_output(audit, out_path, fill);         // atomic; recorded; captured by verify
//     write_json_with_audit(os, audit, document);  // {..., "audit": {...}}
//     write_sidecar(audit, out_path + ".audit.json");  // for CSV results
//
// docs/audit.md, "Audited runs", defines every key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {
class JsonWriter;
struct JsonValue;
}  // namespace shortlist::detail

namespace shortlist::cli {

/// One file a run read or wrote: its role, its path as given (relative to the
/// working directory) and the SHA-256 of its bytes (none for a pipe or a
/// device, which cannot be read twice).
struct AuditFile {
    std::string role;  ///< "rules", "framework cvf", "applicants", "ratings", "output"
    std::string path;
    std::optional<std::string> sha256;

    friend bool operator==(const AuditFile&, const AuditFile&) = default;
};

/// What one run of a command was made from.
struct AuditRecord {
    std::string tool = "shortlist";
    std::string version;
    std::string command;
    std::vector<std::string> arguments;  ///< argv after the command, verbatim
    std::string working_directory;       ///< absolute; relative paths are against it
    std::vector<AuditFile> inputs;
    /// SHA-256 of the rulebook as applied (`shortlist rules --json`:
    /// frameworks resolved), so that a reformatted file with the same rules
    /// can be recognised.
    std::optional<std::string> rulebook_sha256;
    /// The same for each rulebook of a command that takes several (`compare`:
    /// "a" and "b"), by side; empty (and not written) otherwise.
    std::map<std::string, std::string> rulebooks_sha256;
    std::optional<std::uint64_t> seed;
    std::string time;  ///< UTC, ISO 8601: 2026-12-01T17:42:01Z
    /// The file that holds this block inside its JSON document, or none when
    /// that document went to standard output (or there is none).
    std::optional<std::string> result;
    std::vector<AuditFile> outputs;  ///< files written besides the document

    friend bool operator==(const AuditRecord&, const AuditRecord&) = default;
};

/// Builds the record of the running command.
class Audit {
  public:
    Audit(std::string command, const Args& args);

    /// The rulebook file and every framework file it resolved, hashed, and the
    /// SHA-256 of its compiled form.
    void rulebook(const Rulebook& rulebook);
    /// One of several rulebooks (`compare`'s "a" and "b"): roles "rules a",
    /// "framework cvf a", and its compiled hash under rulebooks_sha256[side].
    void rulebook(const Rulebook& rulebook, const std::string& side);
    /// Hash an input file now (before it is read: a file that changes while
    /// the run reads it is then reported by verify as not reproduced).
    void input(std::string role, const std::filesystem::path& path);
    void seed(std::uint64_t seed) { record_.seed = seed; }
    void result_path(const std::optional<std::filesystem::path>& path);
    /// No command overwrites one of its own inputs: UsageError ("<command>:
    /// --out X is one of the input files...") if `out` is the same file as any
    /// input recorded so far. `option` names the option in the message.
    void refuse_overwriting_inputs(const std::filesystem::path& out,
                                   std::string_view option = "--out") const;
    /// Record a file written (called by write_output).
    void output(const std::filesystem::path& path, std::string sha256);

    [[nodiscard]] const AuditRecord& record() const noexcept { return record_; }

  private:
    AuditRecord record_;
    std::vector<std::filesystem::path> input_paths_;
};

/// The record as a JSON object (at the writer's current place).
void write_audit(detail::JsonWriter& w, const AuditRecord& record);
/// Read a record back; nullopt (and `why`) if the value is not one.
[[nodiscard]] std::optional<AuditRecord> read_audit(const detail::JsonValue& v, std::string& why);

/// Write the JSON document that `document` writes (an object) with the audit
/// record as its last member, "audit". The document passes straight through.
void write_json_with_audit(std::ostream& os, const Audit& audit,
                           const std::function<void(std::ostream&)>& document);

/// Write `file` atomically and record its SHA-256 in the audit. Under
/// `shortlist verify` the bytes are kept for comparison instead.
void write_output(Audit& audit, const std::filesystem::path& file,
                  const std::function<void(std::ostream&)>& fill);

/// Write to standard output (`out`) and record the SHA-256 of what was written
/// (role "stdout"), for a result whose record is a sidecar.
void write_stdout(Audit& audit, std::ostream& out, const std::function<void(std::ostream&)>& fill);

/// Write the record alone as a JSON document, atomically (not under verify).
void write_sidecar(const Audit& audit, const std::filesystem::path& file);

/// One CSV table of a --csv DIR result: its file name and what it holds.
struct CsvTable {
    std::string name;
    std::function<void(std::ostream&)> fill;
};

/// Before a --csv DIR run reads anything: UsageError if DIR/<name> for any of
/// `names`, or DIR/audit.json, is one of the inputs recorded so far.
void refuse_overwriting_inputs_in(const Audit& audit, const std::filesystem::path& dir,
                                  std::span<const std::string_view> names);

/// A command's --csv DIR: create DIR (UsageError "<command>: cannot create
/// --csv directory" if it cannot be), refuse (before anything is written) if
/// any table or DIR/audit.json is one of the inputs, write each table with
/// write_output, then the record as DIR/audit.json.
void write_csv_dir(Audit& audit, const std::filesystem::path& dir,
                   const std::vector<CsvTable>& tables);

/// `shortlist verify` re-running a recorded command: while one is alive,
/// Audit takes the recorded time and working directory (the run may be
/// elsewhere, with verify --base), and write_output captures instead of
/// writing.
class Replay {
  public:
    Replay(std::string time, std::string working_directory);
    ~Replay();
    Replay(const Replay&) = delete;
    Replay& operator=(const Replay&) = delete;
    /// The bytes written per path, as the command named them.
    [[nodiscard]] const std::map<std::string, std::string>& outputs() const noexcept {
        return outputs_;
    }

  private:
    friend void write_output(Audit&, const std::filesystem::path&,
                             const std::function<void(std::ostream&)>&);
    friend class Audit;
    friend void write_sidecar(const Audit&, const std::filesystem::path&);
    std::string time_;
    std::string working_directory_;
    std::map<std::string, std::string> outputs_;
};

}  // namespace shortlist::cli

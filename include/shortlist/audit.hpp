// The audit record: what a result was made from, so that it can be shown
// months later how it was produced, and re-run (verify). One piece that every
// command producing a result calls with its inputs, options and seed:
//
//     Audit audit("score", arguments);             // the options, verbatim
//     audit.rulebook(rulebook);                    // file + each framework file
//     audit.input("applicants", applicants_path);  // hashed now
//     audit.seed(seed);                            // if the command draws numbers
//     audit.refuse_overwriting_inputs(out_path);   // UsageError if out is an input
//     audit.result_path(out_path);                 // where the JSON document goes
//     write_output(audit, out_path, fill);         // atomic; recorded; captured by verify
//     write_json_with_audit(os, audit, document);  // {..., "audit": {...}}
//     write_sidecar(audit, out_path + ".audit.json");  // for CSV results
//
// verify() reads a result's record back, checks the inputs' hashes, re-runs
// the command and compares the outputs byte for byte. docs/audit.md defines
// every key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/report/csv_table.hpp"
#include "shortlist/report/recorder.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

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
    std::vector<std::string> arguments;  ///< the command's options, verbatim
    std::string working_directory;       ///< absolute; relative paths are against it
    std::vector<AuditFile> inputs;
    /// SHA-256 of the rulebook as applied (to_json(): frameworks resolved), so
    /// that a reformatted file with the same rules can be recognised.
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

/// Builds the record of a running command (the reports record their inputs
/// through RunRecorder).
class Audit final : public RunRecorder {
  public:
    Audit(std::string command, std::vector<std::string> arguments);

    /// The rulebook file and every framework file it resolved, hashed, and the
    /// SHA-256 of its compiled form.
    void rulebook(const Rulebook& rulebook) override;
    /// One of several rulebooks (`compare`'s "a" and "b"): roles "rules a",
    /// "framework cvf a", and its compiled hash under rulebooks_sha256[side].
    void rulebook(const Rulebook& rulebook, const std::string& side) override;
    /// Hash an input file now (before it is read: a file that changes while
    /// the run reads it is then reported by verify as not reproduced).
    void input(std::string role, const std::filesystem::path& path) override;
    /// A regular file is hashed from the bytes the run reads (the digest of
    /// what was parsed), when inputs_read() is called; anything else is as
    /// input().
    std::function<void(std::string_view)> input_as_read(std::string role,
                                                        const std::filesystem::path& path) override;
    void inputs_read() override;
    void seed(std::uint64_t seed) override { record_.seed = seed; }
    void result_path(const std::optional<std::filesystem::path>& path) override;
    /// No command overwrites one of its own inputs: UsageError ("<command>:
    /// --out X is one of the input files...") if `out` is the same file as any
    /// input recorded so far. `option` names the option in the message.
    void refuse_overwriting_inputs(const std::filesystem::path& out,
                                   std::string_view option) const override;
    void refuse_overwriting_inputs(const std::filesystem::path& out) const {
        refuse_overwriting_inputs(out, "--out");
    }
    /// Record a file written (called by write_output).
    void output(const std::filesystem::path& path, std::string sha256);

    [[nodiscard]] const AuditRecord& record() const noexcept { return record_; }

  private:
    struct AsRead;  // an input hashed as it is read
    AuditRecord record_;
    std::vector<std::filesystem::path> input_paths_;
    std::vector<std::shared_ptr<AsRead>> as_read_;
};

/// The record alone as a JSON document (two-space indentation, a final newline).
void write_json(std::ostream& os, const AuditRecord& record);
/// Read a record from JSON text; nullopt (and `why`) if the text is not one.
[[nodiscard]] std::optional<AuditRecord> parse_audit_record(std::string_view json,
                                                            std::string& why);

/// Write the JSON document that `document` writes (an object) with the audit
/// record as its last member, "audit". The document passes straight through.
void write_json_with_audit(std::ostream& os, const Audit& audit,
                           const std::function<void(std::ostream&)>& document);

/// Write `file` atomically and record its SHA-256 in the audit. Under
/// verify the bytes are kept for comparison instead.
void write_output(Audit& audit, const std::filesystem::path& file,
                  const std::function<void(std::ostream&)>& fill);

/// Write to `out` (standard output) and record the SHA-256 of what was written
/// (role "stdout"), for a result whose record is a sidecar.
void write_stdout(Audit& audit, std::ostream& out, const std::function<void(std::ostream&)>& fill);

/// Write the record alone as a JSON document, atomically (not under verify).
void write_sidecar(const Audit& audit, const std::filesystem::path& file);

/// Write the result that `fill` writes to its destination (write_output, else
/// write_stdout when there is a record file, else plainly to `out`), then the
/// record file, if any (write_sidecar).
void write_result(Audit& audit, std::ostream& out, const ResultDestination& to,
                  const std::function<void(std::ostream&)>& fill);

/// A command's --csv DIR: create DIR (UsageError "<command>: cannot create
/// --csv directory" if it cannot be), refuse (before anything is written) if
/// any table or DIR/audit.json is one of the inputs, write each table with
/// write_output, then the record as DIR/audit.json.
void write_csv_dir(Audit& audit, const std::filesystem::path& dir,
                   const std::vector<CsvTable>& tables);

/// A recorded command being re-run (by verify): while one is alive, Audit
/// takes the recorded time and working directory (the run may be elsewhere,
/// with a base directory), and write_output captures instead of writing. One
/// at a time per process.
class Replay {
  public:
    Replay(std::string time, std::string working_directory);
    ~Replay();
    Replay(const Replay&) = delete;
    Replay& operator=(const Replay&) = delete;

    /// The replay in progress, or null.
    [[nodiscard]] static Replay* active() noexcept;
    [[nodiscard]] const std::string& time() const noexcept { return time_; }
    [[nodiscard]] const std::string& working_directory() const noexcept {
        return working_directory_;
    }
    /// Keep `bytes` as what the re-run wrote to `file`.
    void capture(const std::filesystem::path& file, std::string bytes);
    /// The bytes written per path, as the command named them.
    [[nodiscard]] const std::map<std::string, std::string>& outputs() const noexcept {
        return outputs_;
    }

  private:
    std::string time_;
    std::string working_directory_;
    std::map<std::string, std::string> outputs_;
};

// ------------------------------------------------------------------ verify

/// Re-runs one recorded command: `command` with its recorded `arguments`, the
/// recorded relative paths taken against `base`; returns its exit status (0:
/// success) or throws.
using CommandRunner =
    std::function<int(std::string_view command, const std::vector<std::string>& arguments,
                      const std::filesystem::path& base, std::ostream& out, std::ostream& err)>;

struct VerifyRequest {
    /// A JSON result (record inside), a record file (RESULT.audit.json, or
    /// any file holding one), a CSV result with its RESULT.audit.json beside
    /// it, or a --csv directory (DIR/audit.json).
    std::filesystem::path result;
    /// Resolve the recorded relative paths against this directory instead of
    /// the recorded working directory.
    std::optional<std::filesystem::path> base;
    std::vector<std::string> commands;  ///< the commands `run` can re-run
    CommandRunner run;
};

/// One recorded input, checked against its file now.
struct InputCheck {
    enum class State { Unchanged, Changed, Missing, NotHashed };
    AuditFile recorded;
    State state = State::Unchanged;
    std::string sha256_now;  ///< Changed: the file's hash now

    friend bool operator==(const InputCheck&, const InputCheck&) = default;
};

/// One output of the run compared with the re-run's.
struct OutputCheck {
    enum class Kind {
        Bytes,    ///< the file is here: compared byte for byte
        Hash,     ///< standard output, or a file no longer here: compared by SHA-256
        Missing,  ///< the JSON document that held the record is gone
    };
    std::string name;  ///< the path as recorded, or "standard output"
    Kind kind = Kind::Bytes;
    bool same = false;
    std::size_t bytes = 0;                       ///< Bytes: the recorded file's size
    std::string first_difference;                ///< Bytes, not same: where, as two lines
    std::string rerun_sha256;                    ///< Hash: the re-run's
    std::optional<std::string> recorded_sha256;  ///< Hash: the record's
    /// Bytes: the file is not the one the record hashed (edited since).
    bool changed_since_run = false;

    friend bool operator==(const OutputCheck&, const OutputCheck&) = default;
};

enum class VerifyOutcome { Reproduced, InputsChanged, NotReproduced };

/// What verify() found.
struct Verification {
    AuditRecord record;
    std::vector<InputCheck> inputs;
    /// Why the re-run gave no output to compare ("the re-run exited with
    /// status 3", "the re-run failed: ..."); none when it ran (or was not run).
    std::optional<std::string> rerun_failure;
    std::vector<OutputCheck> outputs;
    VerifyOutcome outcome = VerifyOutcome::NotReproduced;

    friend bool operator==(const Verification&, const Verification&) = default;
};

/// Read the result's record, check that every input still has its recorded
/// SHA-256 (if not: InputsChanged, not re-run), re-run the recorded command
/// under a Replay (the recorded time; outputs captured, nothing written) and
/// compare each output. Throws Error (NotFound, InvalidArgument) at the
/// result when there is no readable record or it names a command not in
/// request.commands, UsageError when the working directory is not there.
[[nodiscard]] Verification verify(const VerifyRequest& request);

/// The report verify prints: one line per input and output, then
/// "reproduced" or "not reproduced" (docs/audit.md).
void write_text(std::ostream& os, const Verification& verification);

}  // namespace shortlist

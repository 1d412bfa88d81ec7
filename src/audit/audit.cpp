// The audit record of a running command, and the writing of its results:
// atomically, hashed into the record, or captured when verify re-runs it.
#include "shortlist/audit.hpp"

#include <array>
#include <ctime>
#include <ostream>
#include <sstream>
#include <system_error>
#include <utility>

#include "audit/hashing.hpp"
#include "audit/record_json.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "shortlist/error.hpp"
#include "shortlist/version.hpp"
#include "util/io.hpp"
#include "util/sha256.hpp"

namespace shortlist {

namespace fs = std::filesystem;

namespace {

Replay* active_replay = nullptr;

/// Now, in UTC, as ISO 8601 to the second.
std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm t{};
#if defined(_WIN32)
    gmtime_s(&t, &now);
#else
    gmtime_r(&now, &t);
#endif
    std::array<char, 32> buf{};
    const std::size_t n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &t);
    return {buf.data(), n};
}

}  // namespace

// ------------------------------------------------------------------- Audit

Audit::Audit(std::string command, std::vector<std::string> arguments) {
    record_.version = version_string;
    record_.command = std::move(command);
    record_.arguments = std::move(arguments);
    std::error_code ec;
    record_.working_directory =
        active_replay ? active_replay->working_directory() : fs::current_path(ec).string();
    record_.time = active_replay ? active_replay->time() : utc_now();
}

void Audit::rulebook(const Rulebook& rulebook) {
    if (!rulebook.path.empty())
        input("rules", rulebook.path);
    for (const auto& f : rulebook.frameworks)
        input("framework " + f.id, f.resolved_path);
    record_.rulebook_sha256 = audit::sha256_of(to_json(rulebook));
}

void Audit::rulebook(const Rulebook& rulebook, const std::string& side) {
    if (!rulebook.path.empty())
        input("rules " + side, rulebook.path);
    for (const auto& f : rulebook.frameworks)
        input("framework " + f.id + " " + side, f.resolved_path);
    record_.rulebooks_sha256[side] = audit::sha256_of(to_json(rulebook));
}

void Audit::input(std::string role, const fs::path& given) {
    const fs::path path = detail::xlsx_file(given);  // book.xlsx#Sheet: the workbook's file
    std::error_code ec;
    AuditFile file{std::move(role), path.string(), std::nullopt};
    // A pipe or a device cannot be read twice: it is read, not hashed.
    if (!fs::exists(path, ec) || fs::is_regular_file(path, ec) || fs::is_directory(path, ec))
        file.sha256 = audit::sha256_of_file(path);  // the loader's "cannot open file" error
    record_.inputs.push_back(std::move(file));
    input_paths_.push_back(path);
}

struct Audit::AsRead {
    std::size_t index = 0;  // into record_.inputs
    fs::path path;
    std::uintmax_t size = 0;  // when recorded
    std::uintmax_t seen = 0;  // bytes passed so far
    detail::Sha256 sha;
};

std::function<void(std::string_view)> Audit::input_as_read(std::string role,
                                                           const fs::path& given) {
    const fs::path path = detail::xlsx_file(given);
    std::error_code ec;
    const std::uintmax_t size = fs::is_regular_file(path, ec) ? fs::file_size(path, ec) : 0;
    if (path != given || size == 0 || ec) {  // a sheet, a pipe, an empty file: as input()
        input(std::move(role), given);
        return {};
    }
    auto pending = std::make_shared<AsRead>();
    pending->index = record_.inputs.size();
    pending->path = path;
    pending->size = size;
    record_.inputs.push_back({std::move(role), path.string(), std::nullopt});
    input_paths_.push_back(path);
    as_read_.push_back(pending);  // the function shares it
    return [state = std::move(pending)](std::string_view bytes) {
        state->sha.update(bytes);
        state->seen += bytes.size();
    };
}

void Audit::inputs_read() {
    for (const auto& pending : as_read_) {
        // Passed whole: the digest of the bytes parsed; else the file's now.
        record_.inputs[pending->index].sha256 = pending->seen == pending->size
                                                    ? pending->sha.hex()
                                                    : audit::sha256_of_file(pending->path);
    }
    as_read_.clear();
}

void Audit::result_path(const std::optional<fs::path>& path) {
    record_.result = path ? std::optional<std::string>(path->string()) : std::nullopt;
}

void Audit::refuse_overwriting_inputs(const fs::path& out, std::string_view option) const {
    std::error_code ec;
    if (!fs::exists(out, ec))
        return;
    for (const auto& in : input_paths_) {
        if (fs::equivalent(out, in, ec))
            throw UsageError({}, ErrorCode::InvalidArgument,
                             record_.command + ": " + std::string(option) + " " + out.string() +
                                 " is one of the input files; refusing to overwrite it");
    }
}

void Audit::output(const fs::path& path, std::string sha256) {
    record_.outputs.push_back(
        {path == "-" ? "stdout" : "output", path.string(), std::move(sha256)});
}

// ------------------------------------------------------------------- files

void write_output(Audit& audit, const fs::path& file,
                  const std::function<void(std::ostream&)>& fill) {
    if (active_replay) {
        std::ostringstream captured;
        fill(captured);
        active_replay->capture(file, std::move(captured).str());
        return;
    }
    std::string sha;
    detail::write_file_atomically(file, [&](std::ostream& os) {
        audit::HashingBuf buf(os.rdbuf());
        std::ostream hashed(&buf);
        fill(hashed);
        hashed.flush();
        if (!hashed)
            os.setstate(std::ios::badbit);
        sha = buf.hex();
    });
    if (audit.record().result != std::optional<std::string>(file.string()))
        audit.output(file, std::move(sha));
}

void write_stdout(Audit& audit, std::ostream& out, const std::function<void(std::ostream&)>& fill) {
    audit::HashingBuf buf(out.rdbuf());
    std::ostream hashed(&buf);
    fill(hashed);
    hashed.flush();
    audit.output("-", buf.hex());
}

void write_sidecar(const Audit& audit, const fs::path& file) {
    if (active_replay)
        return;
    detail::write_file_atomically(file, [&](std::ostream& os) { write_json(os, audit.record()); });
}

void write_result(Audit& audit, std::ostream& out, const ResultDestination& to,
                  const std::function<void(std::ostream&)>& fill) {
    if (to.file)
        write_output(audit, *to.file, fill);
    else if (to.record)
        write_stdout(audit, out, fill);
    else
        fill(out);
    if (to.record)
        write_sidecar(audit, *to.record);
}

void write_csv_dir(Audit& audit, const fs::path& dir, const std::vector<CsvTable>& tables) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw UsageError({}, ErrorCode::InvalidArgument,
                         audit.record().command + ": cannot create --csv directory " +
                             dir.string() + ": " + ec.message());
    for (const auto& t : tables)
        audit.refuse_overwriting_inputs(dir / t.name, "--csv");
    audit.refuse_overwriting_inputs(dir / "audit.json", "--csv");
    for (const auto& t : tables)
        write_output(audit, dir / t.name, t.fill);
    write_sidecar(audit, dir / "audit.json");
}

// ------------------------------------------------------------------ Replay

Replay::Replay(std::string time, std::string working_directory)
    : time_(std::move(time)), working_directory_(std::move(working_directory)) {
    active_replay = this;
}

Replay::~Replay() {
    active_replay = nullptr;
}

Replay* Replay::active() noexcept {
    return active_replay;
}

void Replay::capture(const fs::path& file, std::string bytes) {
    outputs_[file.string()] = std::move(bytes);
}

}  // namespace shortlist

// verify(): re-run the command recorded in a result's audit block on the
// recorded inputs and say whether the result is reproduced exactly
// (docs/audit.md).
#include <algorithm>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/hashing.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/error.hpp"
#include "util/io.hpp"

namespace shortlist {

namespace fs = std::filesystem;

namespace {

/// The audit record a result carries, and where its document is.
struct Found {
    AuditRecord record;
    bool embedded = false;  ///< the record is inside the result document
    fs::path document;      ///< the result file (embedded), or the record's own file
};

/// The record that is the last member ("audit") of a JSON document: parsed
/// alone rather than a document of millions of rows.
std::optional<AuditRecord> parse_member(std::string_view text, std::string& why) {
    constexpr std::string_view key = "\n  \"audit\": ";
    const auto at = text.rfind(key);
    if (at == std::string_view::npos) {
        why = "no audit block";
        return std::nullopt;
    }
    std::string_view part = text.substr(at + key.size());
    if (part.size() >= 2 && part.substr(part.size() - 2) == "}\n")
        part.remove_suffix(2);
    return parse_audit_record(part, why);
}

/// A result file that is not a --csv directory nor named *.audit.json: the
/// record inside it, the file itself a record, or RESULT.audit.json beside it.
std::optional<Found> find_in_file(const fs::path& result, fs::path& record_file) {
    const detail::MappedFile file(result);
    std::string why;
    if (auto r = parse_member(file.text(), why))
        return Found{std::move(*r), true, result};
    // A record on its own, under any name.
    std::string own;
    if (file.text().size() < (std::size_t{1} << 20))
        if (auto r = parse_audit_record(file.text(), own))
            return Found{std::move(*r), false, result};
    record_file = result;
    record_file += ".audit.json";
    std::error_code ec;
    if (!fs::exists(record_file, ec))
        throw Error({result.string(), 0, 0}, ErrorCode::NotFound,
                    why + ", and no " + record_file.filename().string() + " beside it");
    return std::nullopt;
}

Found find_record(const fs::path& result) {
    std::error_code ec;
    fs::path record_file;
    if (fs::is_directory(result, ec)) {
        record_file = result / "audit.json";
    } else {
        const std::string name = result.filename().string();
        if (name.size() > 11 && name.ends_with(".audit.json"))
            record_file = result;
        else if (auto found = find_in_file(result, record_file))
            return std::move(*found);
    }
    const std::string text = detail::read_file(record_file);
    std::string why;
    auto r = parse_audit_record(text, why);
    if (!r)
        throw Error({record_file.string(), 0, 0}, ErrorCode::InvalidArgument, why);
    return Found{std::move(*r), false, record_file};
}

/// Where the first difference is, as two lines a person can compare.
std::string first_difference(std::string_view recorded, std::string_view rerun) {
    std::size_t line = 1;
    std::size_t start = 0;
    const std::size_t n = std::min(recorded.size(), rerun.size());
    for (std::size_t i = 0; i < n && recorded[i] == rerun[i]; ++i) {
        if (recorded[i] == '\n') {
            ++line;
            start = i + 1;
        }
    }
    auto line_at = [&](std::string_view text) {
        if (start >= text.size())
            return std::string("(end of output)");
        std::string_view l = text.substr(start, text.find('\n', start) - start);
        std::string s(l.substr(0, 300));
        if (l.size() > 300)
            s += "...";
        return s;
    };
    return "first difference at line " + std::to_string(line) +
           ":\n    recorded: " + line_at(recorded) + "\n    re-run:   " + line_at(rerun) + "\n";
}

fs::path at_base(const fs::path& base, const std::string& p) {
    const fs::path path(p);
    return path.is_absolute() ? path : base / path;
}

InputCheck check_input(const AuditFile& in, const fs::path& base) {
    InputCheck check{in, InputCheck::State::Unchanged, {}};
    const fs::path p = at_base(base, in.path);
    std::error_code ec;
    if (!in.sha256) {
        check.state = InputCheck::State::NotHashed;
    } else if (!fs::exists(p, ec)) {
        check.state = InputCheck::State::Missing;
    } else if (std::string now = audit::sha256_of_file(p); now != *in.sha256) {
        check.state = InputCheck::State::Changed;
        check.sha256_now = std::move(now);
    }
    return check;
}

OutputCheck output_check(std::string name, OutputCheck::Kind kind) {
    OutputCheck c;
    c.name = std::move(name);
    c.kind = kind;
    return c;
}

OutputCheck compare_bytes(std::string name, std::string_view recorded, std::string_view rerun) {
    OutputCheck c = output_check(std::move(name), OutputCheck::Kind::Bytes);
    c.same = recorded == rerun;
    c.bytes = recorded.size();
    if (!c.same)
        c.first_difference = first_difference(recorded, rerun);
    return c;
}

/// What the re-run wrote: standard output, and each file it named.
struct Rerun {
    std::string out;
    std::map<std::string, std::string> files;

    [[nodiscard]] std::string of(const std::optional<std::string>& path) const {
        if (!path)
            return out;
        const auto it = files.find(*path);
        return it == files.end() ? std::string() : it->second;
    }
};

/// Re-run the recorded command with the recorded time, outputs captured;
/// none (and the failure in `v`) if it failed.
std::optional<Rerun> rerun(const VerifyRequest& request, const fs::path& base, Verification& v) {
    const AuditRecord& rec = v.record;
    std::ostringstream out;
    std::ostringstream err;
    const Replay replay(rec.time, rec.working_directory);
    try {
        const int status = request.run(rec.command, rec.arguments, base, out, err);
        if (status != 0) {
            v.rerun_failure = "the re-run exited with status " + std::to_string(status);
            return std::nullopt;
        }
    } catch (const std::exception& e) {
        v.rerun_failure = "the re-run failed: " + std::string(e.what());
        return std::nullopt;
    }
    return Rerun{std::move(out).str(), replay.outputs()};
}

/// Each output of the record against the re-run's.
void compare_outputs(const Found& found, const fs::path& base, const Rerun& rerun,
                     Verification& v) {
    const AuditRecord& rec = v.record;
    std::error_code ec;
    if (found.embedded || rec.result) {
        // The JSON document that holds the record.
        const fs::path document = found.embedded ? found.document : at_base(base, *rec.result);
        if (!fs::exists(document, ec)) {
            v.outputs.push_back(output_check(document.string(), OutputCheck::Kind::Missing));
        } else {
            const detail::MappedFile file(document);
            v.outputs.push_back(
                compare_bytes(document.string(), file.text(), rerun.of(rec.result)));
        }
    }
    for (const auto& o : rec.outputs) {
        const fs::path p = at_base(base, o.path);
        const bool to_stdout = o.role == "stdout";
        const std::string again = to_stdout ? rerun.out : rerun.of(o.path);
        if (to_stdout || !fs::exists(p, ec)) {
            OutputCheck c =
                output_check(to_stdout ? "standard output" : o.path, OutputCheck::Kind::Hash);
            c.rerun_sha256 = audit::sha256_of(again);
            c.recorded_sha256 = o.sha256;
            c.same = o.sha256 && c.rerun_sha256 == *o.sha256;
            v.outputs.push_back(std::move(c));
            continue;
        }
        const detail::MappedFile file(p);
        OutputCheck c = compare_bytes(o.path, file.text(), again);
        c.changed_since_run = o.sha256 && audit::sha256_of(file.text()) != *o.sha256;
        v.outputs.push_back(std::move(c));
    }
}

}  // namespace

Verification verify(const VerifyRequest& request) {
    const Found found = find_record(request.result);
    Verification v;
    v.record = found.record;
    const AuditRecord& rec = v.record;
    if (std::find(request.commands.begin(), request.commands.end(), rec.command) ==
        request.commands.end())
        throw Error(
            {found.document.string(), 0, 0}, ErrorCode::InvalidArgument,
            "the audit block records command '" + rec.command + "', which verify cannot re-run");
    const fs::path base = request.base ? *request.base : fs::path(rec.working_directory);
    std::error_code ec;
    if (!fs::is_directory(base, ec))
        throw UsageError({}, ErrorCode::InvalidArgument,
                         "verify: the recorded working directory " + base.string() +
                             " does not exist here; give --base DIR");

    // The inputs first: a changed input is reported by name, and not re-run.
    for (const auto& in : rec.inputs)
        v.inputs.push_back(check_input(in, base));
    if (std::any_of(v.inputs.begin(), v.inputs.end(),
                    [](const InputCheck& c) { return c.state != InputCheck::State::Unchanged; })) {
        v.outcome = VerifyOutcome::InputsChanged;
        return v;
    }
    const std::optional<Rerun> again = rerun(request, base, v);
    if (!again) {
        v.outcome = VerifyOutcome::NotReproduced;
        return v;
    }
    compare_outputs(found, base, *again, v);
    const bool same = std::all_of(v.outputs.begin(), v.outputs.end(),
                                  [](const OutputCheck& c) { return c.same; });
    v.outcome =
        !v.outputs.empty() && same ? VerifyOutcome::Reproduced : VerifyOutcome::NotReproduced;
    return v;
}

}  // namespace shortlist

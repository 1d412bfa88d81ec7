// shortlist verify: re-run the command recorded in a result's audit block on
// the recorded inputs and say whether the result is reproduced exactly.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/audit.hpp"
#include "cli/options.hpp"
#include "shortlist/error.hpp"
#include "shortlist/version.hpp"
#include "util/io.hpp"
#include "util/json.hpp"
#include "util/sha256.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

using Runner = int (*)(const Args&, std::ostream&, std::ostream&);

/// The commands whose results carry an audit block. (A command that adopts
/// the audit adds its line here.)
Runner runner(std::string_view command) {
    if (command == "score")
        return run_score;
    if (command == "calibrate")
        return run_calibrate;
    if (command == "sensitivity")
        return run_sensitivity;
    if (command == "compare")
        return run_compare;
    if (command == "fairness")
        return run_fairness;
    if (command == "report")
        return run_report;
    return nullptr;
}

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "verify: " + std::move(message));
}

/// The audit record a result carries, and where its document is.
struct Found {
    AuditRecord record;
    bool embedded = false;  ///< the record is inside the result document
    fs::path document;      ///< the result file (embedded), or the record's own file
};

std::optional<AuditRecord> parse_record(std::string_view text, const fs::path& file, bool member,
                                        std::string& why) {
    std::string_view part = text;
    if (member) {
        // The block is the document's last member: parse it alone rather than
        // a document of millions of rows (whole document if that fails).
        constexpr std::string_view key = "\n  \"audit\": ";
        const auto at = text.rfind(key);
        if (at == std::string_view::npos) {
            why = "no audit block";
            return std::nullopt;
        }
        part = text.substr(at + key.size());
        if (part.size() >= 2 && part.substr(part.size() - 2) == "}\n")
            part.remove_suffix(2);
    }
    auto parsed = detail::parse_json(part);
    if (auto* err = std::get_if<detail::JsonParseError>(&parsed)) {
        why = "the audit block is not valid JSON: " + err->message;
        return std::nullopt;
    }
    (void)file;
    return read_audit(std::get<detail::JsonValue>(parsed), why);
}

Found find_record(const fs::path& result) {
    std::error_code ec;
    Found found;
    fs::path record_file;
    if (fs::is_directory(result, ec)) {
        record_file = result / "audit.json";
    } else {
        const std::string name = result.filename().string();
        if (name.size() > 11 && name.ends_with(".audit.json")) {
            record_file = result;
        } else {
            const detail::MappedFile file(result);
            std::string why;
            if (auto r = parse_record(file.text(), result, true, why)) {
                found.record = std::move(*r);
                found.embedded = true;
                found.document = result;
                return found;
            }
            // A record on its own, under any name.
            std::string own;
            if (file.text().size() < (std::size_t{1} << 20))
                if (auto r = parse_record(file.text(), result, false, own)) {
                    found.record = std::move(*r);
                    found.document = result;
                    return found;
                }
            record_file = result;
            record_file += ".audit.json";
            if (!fs::exists(record_file, ec))
                throw Error({result.string(), 0, 0}, ErrorCode::NotFound,
                            why + ", and no " + record_file.filename().string() + " beside it");
        }
    }
    const std::string text = detail::read_file(record_file);
    std::string why;
    auto r = parse_record(text, record_file, false, why);
    if (!r)
        throw Error({record_file.string(), 0, 0}, ErrorCode::InvalidArgument, why);
    found.record = std::move(*r);
    found.document = record_file;
    return found;
}

/// Where the first difference is, as two lines a person can compare.
std::string first_difference(std::string_view recorded, std::string_view rerun) {
    std::size_t line = 1;
    std::size_t start = 0;
    const std::size_t n = std::min(recorded.size(), rerun.size());
    std::size_t i = 0;
    for (; i < n && recorded[i] == rerun[i]; ++i) {
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

std::string short_hash(const std::optional<std::string>& h) {
    return h ? h->substr(0, 16) : std::string("(not hashed)");
}

}  // namespace

int run_verify(const Args& args, std::ostream& out, std::ostream& err) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("base", po::value<std::string>()->value_name("DIR"),
         "resolve the recorded relative paths against DIR instead of the recorded working "
         "directory");
    po::options_description hidden;
    hidden.add_options()
        ("result", po::value<std::string>(), "");
    // clang-format on
    po::positional_options_description positional;
    positional.add("result", 1);
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist verify RESULT [--base DIR]\n\n"
                      "Read the audit block of a result (a JSON result, the CSV's\n"
                      "RESULT.audit.json, or a --csv directory), check that every\n"
                      "input still has its recorded SHA-256, re-run the recorded command on\n"
                      "them and compare the outputs byte for byte (the time of the run is\n"
                      "taken from the record).\n\n"
                      "exit status: 0 reproduced, 4 an input is missing or changed (not\n"
                      "re-run), 5 re-run but the output differs (or the run failed).\n",
                      visible, &positional, vm, out, &hidden))
        return exit_ok;
    if (!vm.count("result"))
        throw usage("RESULT is required");
    const fs::path result = vm["result"].as<std::string>();
    const Found found = find_record(result);
    const AuditRecord& rec = found.record;
    const Runner run = runner(rec.command);
    if (run == nullptr)
        throw Error(
            {found.document.string(), 0, 0}, ErrorCode::InvalidArgument,
            "the audit block records command '" + rec.command + "', which verify cannot re-run");
    const fs::path base =
        vm.count("base") ? fs::path(vm["base"].as<std::string>()) : fs::path(rec.working_directory);
    std::error_code ec;
    if (!fs::is_directory(base, ec))
        throw usage("the recorded working directory " + base.string() +
                    " does not exist here; give --base DIR");
    auto at_base = [&](const std::string& p) {
        const fs::path path(p);
        return path.is_absolute() ? path : base / path;
    };

    out << "verify: shortlist " << rec.command << ", run " << rec.time << " with shortlist "
        << rec.version << "\n";
    if (rec.version != version_string)
        out << "  note: this is shortlist " << version_string
            << "; a difference may come from the version\n";

    // The inputs first: a changed input is reported by name, and not re-run.
    bool inputs_ok = true;
    for (const auto& in : rec.inputs) {
        const fs::path p = at_base(in.path);
        if (!in.sha256) {
            out << "  input " << in.role << " " << in.path
                << ": not hashed when run (a pipe or device): cannot be checked\n";
            inputs_ok = false;
            continue;
        }
        if (!fs::exists(p, ec)) {
            out << "  input " << in.role << " " << in.path << ": missing\n";
            inputs_ok = false;
            continue;
        }
        const std::string now = detail::sha256_file(p);
        if (now != *in.sha256) {
            out << "  input " << in.role << " " << in.path << ": changed\n    recorded sha256 "
                << *in.sha256 << "\n    now      sha256 " << now << "\n";
            inputs_ok = false;
        } else {
            out << "  input " << in.role << " " << in.path << ": unchanged (sha256 "
                << short_hash(in.sha256) << "...)\n";
        }
    }
    if (!inputs_ok) {
        out << "not reproduced: the inputs are not the ones recorded; not re-run\n";
        return exit_inputs_changed;
    }

    // Re-run in the recorded directory, with the recorded time; outputs are
    // captured, nothing is written.
    std::ostringstream captured_out;
    std::ostringstream captured_err;
    std::optional<Replay> replay;
    replay.emplace(rec.time, rec.working_directory);
    const fs::path here = fs::current_path();
    try {
        fs::current_path(base);
        const int status = run(rec.arguments, captured_out, captured_err);
        fs::current_path(here);
        if (status != exit_ok) {
            out << "not reproduced: the re-run exited with status " << status << "\n";
            return exit_not_reproduced;
        }
    } catch (const std::exception& e) {
        fs::current_path(here, ec);
        out << "not reproduced: the re-run failed: " << e.what() << "\n";
        return exit_not_reproduced;
    }

    bool same = true;
    auto compare = [&](std::string_view what, std::string_view recorded, std::string_view rerun) {
        if (recorded == rerun) {
            out << "  " << what << ": identical (" << recorded.size() << " bytes)\n";
            return;
        }
        same = false;
        out << "  " << what << ": differs; " << first_difference(recorded, rerun);
    };
    auto rerun_of = [&](const std::optional<std::string>& path) -> std::string {
        if (!path)
            return captured_out.str();
        const auto it = replay->outputs().find(*path);
        return it == replay->outputs().end() ? std::string() : it->second;
    };
    std::size_t compared = 0;
    if (found.embedded || rec.result) {
        // The JSON document that holds the record.
        const fs::path document = found.embedded ? found.document : at_base(*rec.result);
        if (!fs::exists(document, ec)) {
            same = false;
            out << "  " << document.string() << ": missing\n";
        } else {
            const detail::MappedFile file(document);
            compare(document.string(), file.text(), rerun_of(rec.result));
        }
        ++compared;
    }
    for (const auto& o : rec.outputs) {
        ++compared;
        const fs::path p = at_base(o.path);
        const std::string rerun =
            o.role == "stdout" ? captured_out.str() : rerun_of(std::optional<std::string>(o.path));
        if (o.role == "stdout" || !fs::exists(p, ec)) {
            const std::string h = detail::sha256_hex(rerun);
            if (o.sha256 && h == *o.sha256) {
                out << "  " << (o.role == "stdout" ? "standard output" : o.path)
                    << ": identical to the recorded sha256\n";
            } else {
                same = false;
                out << "  " << (o.role == "stdout" ? "standard output" : o.path)
                    << ": the re-run's sha256 " << h << " is not the recorded "
                    << short_hash(o.sha256) << "...\n";
            }
            continue;
        }
        const detail::MappedFile file(p);
        if (o.sha256 && detail::sha256_hex(file.text()) != *o.sha256)
            out << "  note: " << o.path << " has changed since the run (not its recorded sha256)\n";
        compare(o.path, file.text(), rerun);
    }
    replay.reset();
    (void)err;
    if (compared == 0) {
        out << "not reproduced: the record names no output to compare\n";
        return exit_not_reproduced;
    }
    if (!same) {
        out << "not reproduced\n";
        return exit_not_reproduced;
    }
    out << "reproduced\n";
    return exit_ok;
}

}  // namespace shortlist::cli

#include "cli/audit.hpp"

#include <array>
#include <cmath>
#include <ctime>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <system_error>
#include <utility>

#include "evidence/xlsx/xlsx_input.hpp"
#include "shortlist/error.hpp"
#include "shortlist/version.hpp"
#include "util/io.hpp"
#include "util/json.hpp"
#include "util/sha256.hpp"

namespace shortlist::cli {

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

/// Passes bytes to `next` and hashes them on the way.
class HashingBuf final : public std::streambuf {
  public:
    explicit HashingBuf(std::streambuf* next) : next_(next) {}
    std::string hex() { return sha_.hex(); }

  protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof()))
            return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        sha_.update({&ch, 1});
        return next_->sputc(ch);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        sha_.update({s, static_cast<std::size_t>(n)});
        return next_->sputn(s, n);
    }
    int sync() override { return next_->pubsync(); }

  private:
    std::streambuf* next_;
    detail::Sha256 sha_;
};

/// Passes bytes to `next` but holds back the last three, so that a document's
/// closing "\n}\n" can be replaced by one more member.
class TailBuf final : public std::streambuf {
  public:
    explicit TailBuf(std::streambuf* next) : next_(next) {}
    [[nodiscard]] const std::string& tail() const noexcept { return tail_; }
    [[nodiscard]] bool wrote_any() const noexcept { return passed_; }

  protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof()))
            return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        tail_.append(s, static_cast<std::size_t>(n));
        if (tail_.size() > keep) {
            const std::size_t pass = tail_.size() - keep;
            if (next_->sputn(tail_.data(), static_cast<std::streamsize>(pass)) !=
                static_cast<std::streamsize>(pass))
                return 0;
            passed_ = true;
            tail_.erase(0, pass);
        }
        return n;
    }

  private:
    static constexpr std::size_t keep = 3;
    std::streambuf* next_;
    std::string tail_;
    bool passed_ = false;
};

void optional_text(detail::JsonWriter& w, std::string_view key,
                   const std::optional<std::string>& v) {
    w.key(key);
    if (v)
        w.value(*v);
    else
        w.null();
}

void write_files(detail::JsonWriter& w, std::string_view key, const std::vector<AuditFile>& files) {
    w.key(key).begin_array();
    for (const auto& f : files) {
        w.begin_object();
        w.key("role").value(f.role);
        w.key("path").value(f.path);
        optional_text(w, "sha256", f.sha256);
        w.end_object();
    }
    w.end_array();
}

const std::string* text_member(const detail::JsonValue& v, std::string_view key) {
    const detail::JsonValue* m = v.find(key);
    return m ? m->string() : nullptr;
}

bool read_optional_text(const detail::JsonValue& v, std::string_view key,
                        std::optional<std::string>& out) {
    const detail::JsonValue* m = v.find(key);
    if (m == nullptr || m->is_null())
        return true;
    if (m->string() == nullptr)
        return false;
    out = *m->string();
    return true;
}

bool read_files(const detail::JsonValue& v, std::string_view key, std::vector<AuditFile>& out) {
    const detail::JsonValue* m = v.find(key);
    if (m == nullptr || m->array() == nullptr)
        return false;
    for (const auto& f : *m->array()) {
        const std::string* role = text_member(f, "role");
        const std::string* path = text_member(f, "path");
        AuditFile file;
        if (role == nullptr || path == nullptr || !read_optional_text(f, "sha256", file.sha256))
            return false;
        file.role = *role;
        file.path = *path;
        out.push_back(std::move(file));
    }
    return true;
}

}  // namespace

// ------------------------------------------------------------------- Audit

Audit::Audit(std::string command, const Args& args) {
    record_.version = version_string;
    record_.command = std::move(command);
    record_.arguments = args;
    std::error_code ec;
    record_.working_directory =
        active_replay ? active_replay->working_directory_ : fs::current_path(ec).string();
    record_.time = active_replay ? active_replay->time_ : utc_now();
}

void Audit::rulebook(const Rulebook& rulebook) {
    if (!rulebook.path.empty())
        input("rules", rulebook.path);
    for (const auto& f : rulebook.frameworks)
        input("framework " + f.id, f.resolved_path);
    record_.rulebook_sha256 = detail::sha256_hex(to_json(rulebook));
}

void Audit::rulebook(const Rulebook& rulebook, const std::string& side) {
    if (!rulebook.path.empty())
        input("rules " + side, rulebook.path);
    for (const auto& f : rulebook.frameworks)
        input("framework " + f.id + " " + side, f.resolved_path);
    record_.rulebooks_sha256[side] = detail::sha256_hex(to_json(rulebook));
}

void Audit::input(std::string role, const fs::path& given) {
    const fs::path path = detail::xlsx_file(given);  // book.xlsx#Sheet: the workbook's file
    std::error_code ec;
    AuditFile file{std::move(role), path.string(), std::nullopt};
    // A pipe or a device cannot be read twice: it is read, not hashed.
    if (!fs::exists(path, ec) || fs::is_regular_file(path, ec) || fs::is_directory(path, ec))
        file.sha256 = detail::sha256_file(path);  // the loader's "cannot open file" error
    record_.inputs.push_back(std::move(file));
    input_paths_.push_back(path);
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

// ------------------------------------------------------------------- JSON

void write_audit(detail::JsonWriter& w, const AuditRecord& r) {
    w.begin_object();
    w.key("tool").value(r.tool);
    w.key("version").value(r.version);
    w.key("command").value(r.command);
    w.key("arguments").begin_array();
    for (const auto& a : r.arguments)
        w.value(a);
    w.end_array();
    w.key("working_directory").value(r.working_directory);
    write_files(w, "inputs", r.inputs);
    optional_text(w, "rulebook_sha256", r.rulebook_sha256);
    if (!r.rulebooks_sha256.empty()) {
        w.key("rulebooks_sha256").begin_object();
        for (const auto& [side, sha] : r.rulebooks_sha256)
            w.key(side).value(sha);
        w.end_object();
    }
    w.key("seed");
    if (r.seed)
        w.value(*r.seed);
    else
        w.null();
    w.key("time").value(r.time);
    optional_text(w, "result", r.result);
    write_files(w, "outputs", r.outputs);
    w.end_object();
}

std::optional<AuditRecord> read_audit(const detail::JsonValue& v, std::string& why) {
    why = "not an audit block";
    if (v.object() == nullptr)
        return std::nullopt;
    AuditRecord r;
    for (auto [key, out] : {std::pair<std::string_view, std::string*>{"tool", &r.tool},
                            {"version", &r.version},
                            {"command", &r.command},
                            {"working_directory", &r.working_directory},
                            {"time", &r.time}}) {
        const std::string* s = text_member(v, key);
        if (s == nullptr) {
            why = "the audit block has no text '" + std::string(key) + "'";
            return std::nullopt;
        }
        *out = *s;
    }
    const detail::JsonValue* args = v.find("arguments");
    if (args == nullptr || args->array() == nullptr) {
        why = "the audit block has no 'arguments' list";
        return std::nullopt;
    }
    for (const auto& a : *args->array()) {
        if (a.string() == nullptr) {
            why = "the audit block's 'arguments' are not all text";
            return std::nullopt;
        }
        r.arguments.push_back(*a.string());
    }
    if (!read_files(v, "inputs", r.inputs) || !read_files(v, "outputs", r.outputs)) {
        why = "the audit block's 'inputs' or 'outputs' are not a list of {role, path, sha256}";
        return std::nullopt;
    }
    if (!read_optional_text(v, "rulebook_sha256", r.rulebook_sha256) ||
        !read_optional_text(v, "result", r.result)) {
        why = "the audit block's 'rulebook_sha256' or 'result' is not text or null";
        return std::nullopt;
    }
    if (const detail::JsonValue* many = v.find("rulebooks_sha256"); many != nullptr) {
        if (many->object() == nullptr) {
            why = "the audit block's 'rulebooks_sha256' is not an object";
            return std::nullopt;
        }
        for (const auto& m : *many->object()) {
            if (m.value.string() == nullptr) {
                why = "the audit block's 'rulebooks_sha256' values are not all text";
                return std::nullopt;
            }
            r.rulebooks_sha256[m.key] = *m.value.string();
        }
    }
    if (const detail::JsonValue* seed = v.find("seed"); seed != nullptr && !seed->is_null()) {
        const double* n = seed->number();
        if (n == nullptr || *n < 0 || std::floor(*n) != *n) {
            why = "the audit block's 'seed' is not a whole number";
            return std::nullopt;
        }
        r.seed = static_cast<std::uint64_t>(std::stoull(seed->number_text));
    }
    return r;
}

void write_json_with_audit(std::ostream& os, const Audit& audit,
                           const std::function<void(std::ostream&)>& document) {
    TailBuf buf(os.rdbuf());
    {
        std::ostream held(&buf);
        document(held);
        held.flush();
    }
    std::ostringstream block;
    {
        detail::JsonWriter w(block);
        write_audit(w, audit.record());
    }
    // One level in: every line of the block after the first gets two more
    // spaces (JSON text holds no raw line breaks inside strings).
    std::string indented;
    for (const char c : block.str()) {
        indented += c;
        if (c == '\n')
            indented += "  ";
    }
    if (buf.tail() == "\n}\n")
        os << ",\n  \"audit\": " << indented << "\n}\n";
    else if (!buf.wrote_any() && buf.tail() == "{}\n")
        os << "{\n  \"audit\": " << indented << "\n}\n";
    else  // not a document this function knows how to extend
        throw std::logic_error("write_json_with_audit: the document does not end in \"\\n}\\n\"");
}

// ------------------------------------------------------------------- files

void write_output(Audit& audit, const fs::path& file,
                  const std::function<void(std::ostream&)>& fill) {
    if (active_replay) {
        std::ostringstream captured;
        fill(captured);
        active_replay->outputs_[file.string()] = std::move(captured).str();
        return;
    }
    std::string sha;
    detail::write_file_atomically(file, [&](std::ostream& os) {
        HashingBuf buf(os.rdbuf());
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
    HashingBuf buf(out.rdbuf());
    std::ostream hashed(&buf);
    fill(hashed);
    hashed.flush();
    audit.output("-", buf.hex());
}

void write_sidecar(const Audit& audit, const fs::path& file) {
    if (active_replay)
        return;
    detail::write_file_atomically(file, [&](std::ostream& os) {
        detail::JsonWriter w(os);
        write_audit(w, audit.record());
        w.finish();
    });
}

void refuse_overwriting_inputs_in(const Audit& audit, const fs::path& dir,
                                  std::span<const std::string_view> names) {
    for (const auto name : names)
        audit.refuse_overwriting_inputs(dir / name, "--csv");
    audit.refuse_overwriting_inputs(dir / "audit.json", "--csv");
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

Replay::Replay(std::string time, std::string working_directory)
    : time_(std::move(time)), working_directory_(std::move(working_directory)) {
    active_replay = this;
}

Replay::~Replay() {
    active_replay = nullptr;
}

}  // namespace shortlist::cli

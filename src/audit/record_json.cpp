// The audit record as JSON: its keys (docs/audit.md), reading it back, and
// placing it as the last member of a result document.
#include "audit/record_json.hpp"

#include <cmath>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string_view>
#include <utility>
#include <variant>

namespace shortlist {

namespace audit {

namespace {

void write_files(detail::JsonWriter& w, std::string_view key, const std::vector<AuditFile>& files) {
    w.key(key).begin_array();
    for (const auto& f : files) {
        w.begin_object();
        w.key("role").value(f.role);
        w.key("path").value(f.path);
        w.key("sha256").value(f.sha256);
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

/// tool, version, command, working_directory, time and arguments; false
/// (and `why`) if one is missing or not text.
bool read_texts(const detail::JsonValue& v, AuditRecord& r, std::string& why) {
    for (auto [key, out] : {std::pair<std::string_view, std::string*>{"tool", &r.tool},
                            {"version", &r.version},
                            {"command", &r.command},
                            {"working_directory", &r.working_directory},
                            {"time", &r.time}}) {
        const std::string* s = text_member(v, key);
        if (s == nullptr) {
            why = "the audit block has no text '" + std::string(key) + "'";
            return false;
        }
        *out = *s;
    }
    const detail::JsonValue* args = v.find("arguments");
    if (args == nullptr || args->array() == nullptr) {
        why = "the audit block has no 'arguments' list";
        return false;
    }
    for (const auto& a : *args->array()) {
        if (a.string() == nullptr) {
            why = "the audit block's 'arguments' are not all text";
            return false;
        }
        r.arguments.push_back(*a.string());
    }
    return true;
}

/// rulebooks_sha256 and seed, both optional.
bool read_hashes_and_seed(const detail::JsonValue& v, AuditRecord& r, std::string& why) {
    if (const detail::JsonValue* many = v.find("rulebooks_sha256"); many != nullptr) {
        if (many->object() == nullptr) {
            why = "the audit block's 'rulebooks_sha256' is not an object";
            return false;
        }
        for (const auto& m : *many->object()) {
            if (m.value.string() == nullptr) {
                why = "the audit block's 'rulebooks_sha256' values are not all text";
                return false;
            }
            r.rulebooks_sha256[m.key] = *m.value.string();
        }
    }
    if (const detail::JsonValue* seed = v.find("seed"); seed != nullptr && !seed->is_null()) {
        const double* n = seed->number();
        if (n == nullptr || *n < 0 || std::floor(*n) != *n) {
            why = "the audit block's 'seed' is not a whole number";
            return false;
        }
        r.seed = static_cast<std::uint64_t>(std::stoull(seed->number_text));
    }
    return true;
}

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

}  // namespace

void write_record(detail::JsonWriter& w, const AuditRecord& r) {
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
    w.key("rulebook_sha256").value(r.rulebook_sha256);
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
    w.key("result").value(r.result);
    write_files(w, "outputs", r.outputs);
    w.end_object();
}

std::optional<AuditRecord> read_record(const detail::JsonValue& v, std::string& why) {
    why = "not an audit block";
    if (v.object() == nullptr)
        return std::nullopt;
    AuditRecord r;
    if (!read_texts(v, r, why))
        return std::nullopt;
    if (!read_files(v, "inputs", r.inputs) || !read_files(v, "outputs", r.outputs)) {
        why = "the audit block's 'inputs' or 'outputs' are not a list of {role, path, sha256}";
        return std::nullopt;
    }
    if (!read_optional_text(v, "rulebook_sha256", r.rulebook_sha256) ||
        !read_optional_text(v, "result", r.result)) {
        why = "the audit block's 'rulebook_sha256' or 'result' is not text or null";
        return std::nullopt;
    }
    if (!read_hashes_and_seed(v, r, why))
        return std::nullopt;
    return r;
}

}  // namespace audit

void write_json(std::ostream& os, const AuditRecord& record) {
    detail::JsonWriter w(os);
    audit::write_record(w, record);
    w.finish();
}

std::optional<AuditRecord> parse_audit_record(std::string_view json, std::string& why) {
    auto parsed = detail::parse_json(json);
    if (auto* err = std::get_if<detail::JsonParseError>(&parsed)) {
        why = "the audit block is not valid JSON: " + err->message;
        return std::nullopt;
    }
    return audit::read_record(std::get<detail::JsonValue>(parsed), why);
}

void write_json_with_audit(std::ostream& os, const Audit& audit,
                           const std::function<void(std::ostream&)>& document) {
    audit::TailBuf buf(os.rdbuf());
    {
        std::ostream held(&buf);
        document(held);
        held.flush();
    }
    std::ostringstream block;
    {
        detail::JsonWriter w(block);
        audit::write_record(w, audit.record());
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

}  // namespace shortlist

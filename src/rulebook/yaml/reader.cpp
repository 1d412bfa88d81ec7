// The bodies of YamlReader and the file-level guards (see reader.hpp).
#include "rulebook/yaml/reader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "util/io.hpp"
#include "util/number.hpp"
#include "util/utf8.hpp"

namespace shortlist::detail {

namespace {

/// True if the quoted scalar whose opening quote is at input[open] has no
/// closing quote: yaml-cpp 0.7 ends such a scalar at the end of the file,
/// silently taking the rest of the file as its text.
bool unterminated_quote(const std::string& input, std::size_t open) {
    const char q = input[open];
    std::size_t i = open + 1;
    while (i < input.size()) {
        if (q == '"' && input[i] == '\\') {
            i += 2;
        } else if (input[i] == q) {
            if (q == '\'' && i + 1 < input.size() && input[i + 1] == '\'') {
                i += 2;  // '' in a single-quoted scalar
                continue;
            }
            return false;
        } else {
            ++i;
        }
    }
    return true;
}

/// What one pass over the events of `input` finds: the start of the first and
/// second documents, if there is a second, and the first quoted scalar with no
/// closing quote. Parses events only (no nodes are built) and stops after two
/// documents. A second document starting where the first did means yaml-cpp
/// made no progress (it does that on a stray ',' before the first key).
struct DocumentScan {
    std::optional<std::pair<YAML::Mark, YAML::Mark>> second;
    std::optional<YAML::Mark> unterminated;
};

DocumentScan scan_documents(const std::string& input) {
    struct Starts final : YAML::EventHandler {
        explicit Starts(const std::string& text) : input(text) {}
        const std::string& input;
        std::vector<YAML::Mark> marks;
        std::optional<YAML::Mark> unterminated;
        void OnDocumentStart(const YAML::Mark& m) override { marks.push_back(m); }
        void OnDocumentEnd() override {}
        void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
        void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
        void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                      const std::string&) override {
            const auto at = static_cast<std::size_t>(m.pos);
            if (!unterminated && m.pos >= 0 && at < input.size() &&
                (input[at] == '"' || input[at] == '\'') && unterminated_quote(input, at))
                unterminated = m;
        }
        void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                             YAML::EmitterStyle::value) override {}
        void OnSequenceEnd() override {}
        void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                        YAML::EmitterStyle::value) override {}
        void OnMapEnd() override {}
    } starts(input);
    std::istringstream stream(input);
    YAML::Parser parser(stream);
    DocumentScan scan;
    for (int documents = 0; documents < 2; ++documents)
        if (!parser.HandleNextDocument(starts))
            break;
    scan.unterminated = starts.unterminated;
    if (starts.marks.size() >= 2)
        scan.second = std::pair{starts.marks[0], starts.marks[1]};
    return scan;
}

}  // namespace

YamlMarks::Pos YamlReader::pos(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0 || m.column < 0)
        return {file_, 0, 0};
    return {file_, static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
}

void YamlReader::report(const SourceLocation& where, rulebook_msg::Message m) {
    auto& out = ctx_.diagnostics;
    if (out.size() >= max_rulebook_diagnostics) {
        out.push_back({where, ErrorCode::InvalidArgument,
                       rulebook_msg::too_many_errors(max_rulebook_diagnostics).text});
        throw ReadAborted{};
    }
    out.push_back({where, m.code, std::move(m.text)});
}

/// Count one node looked at; stop the whole read past the limit.
void YamlReader::visit(const YAML::Mark& where) {
    if (++ctx_.visits > max_yaml_nodes) {
        ctx_.diagnostics.push_back({loc(where), ErrorCode::InvalidArgument,
                                    rulebook_msg::too_many_nodes(max_yaml_nodes).text});
        throw ReadAborted{};
    }
}

/// Report the first byte YAML text may not hold (YAML 1.2, 5.1: UTF-8
/// here, printable characters; tab, LF and CR the only C0 controls) at its
/// line and character column. yaml-cpp would take them, or guess UTF-16.
bool YamlReader::check_text(std::string_view text) {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    std::size_t line = 1;
    const char* line_start = begin;
    for (const char* p = begin; p != end;) {
        const auto c = static_cast<unsigned char>(*p);
        std::optional<rulebook_msg::Message> bad;
        if (c == '\n') {
            ++line;
            line_start = ++p;
            continue;
        }
        if (c == 0)
            bad = rulebook_msg::nul_byte();
        else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
            bad = rulebook_msg::control_character(c);
        else if (const std::size_t n = utf8_sequence_length(p, end); n == 0)
            bad = rulebook_msg::invalid_utf8(c);
        else {
            p += n;
            continue;
        }
        const std::size_t column =
            utf8_length({line_start, static_cast<std::size_t>(p - line_start)}) + 1;
        report(ctx_.marks.location({file_, line, column}), std::move(*bad));
        return false;
    }
    return true;
}

/// Parse the file's text: exactly one document. Reports and returns nullopt
/// on a syntax error.
std::optional<YAML::Node> YamlReader::load(std::string_view text) {
    if (text.size() > max_rulebook_bytes) {
        report_file(rulebook_msg::file_too_large(text.size()));
        return std::nullopt;
    }
    const std::string input(strip_bom(text));
    if (!check_text(input))
        return std::nullopt;
    try {
        // Not YAML::LoadAll: on some malformed input yaml-cpp 0.7 yields
        // empty documents forever. Count at most two, by events only.
        const DocumentScan scan = scan_documents(input);
        if (scan.unterminated) {
            report(*scan.unterminated, rulebook_msg::unterminated_quote());
            return std::nullopt;
        }
        if (const auto& starts = scan.second) {
            const auto [first, second] = *starts;
            const auto at = static_cast<std::size_t>(second.pos);
            if (second.pos == first.pos && at < input.size())
                report(second, rulebook_msg::yaml_syntax("unexpected " +
                                                         rulebook_msg::q(input.substr(at, 1))));
            else
                report(second, rulebook_msg::several_documents());
            return std::nullopt;
        }
        YAML::Node doc = YAML::Load(input);
        if (!doc.IsMap()) {
            report(doc.IsDefined() && !doc.IsNull() ? doc.Mark() : YAML::Mark::null_mark(),
                   rulebook_msg::not_a_document());
            return std::nullopt;
        }
        return doc;
    } catch (const YAML::DeepRecursion& e) {
        report(e.mark, rulebook_msg::yaml_too_deep());
    } catch (const YAML::Exception& e) {
        report(e.mark, rulebook_msg::yaml_syntax(e.msg));
    }
    return std::nullopt;
}

/// "'text'" for a scalar, else "a list", "a map" or "null".
std::string YamlReader::describe(const YAML::Node& n) {
    if (n.IsScalar())
        return rulebook_msg::q(n.Scalar());
    if (n.IsSequence())
        return "a list";
    if (n.IsMap())
        return "a map";
    return "null";
}

void YamlReader::type_error(const Entry& e, std::string_view expected) {
    report(e.mark(), rulebook_msg::wrong_type(e.key, e.where, expected, describe(e.value)));
}

/// The entry's value as a map named `where`; `allowed` empty = any key.
std::optional<Map> YamlReader::map(const Entry& e, std::string where, KeyList allowed) {
    visit(e.mark());
    if (!e.value.IsMap()) {
        type_error(e, "a map");
        return std::nullopt;
    }
    Map m{std::move(where), e.value.Mark(), {}};
    std::unordered_map<std::string, YAML::Mark> seen;
    for (auto it = e.value.begin(); it != e.value.end(); ++it) {
        const YAML::Node k = it->first;  // a copy: it-> returns a temporary proxy
        visit(k.Mark());
        if (!k.IsScalar()) {
            report(k.Mark(), rulebook_msg::key_not_text(m.where));
            continue;
        }
        std::string key = k.Scalar();
        auto [first, fresh] = seen.try_emplace(key, k.Mark());
        if (!fresh) {
            report(k.Mark(), rulebook_msg::duplicate_key(key, m.where, loc(first->second)));
            continue;
        }
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            report(k.Mark(), rulebook_msg::unknown_key(key, m.where, allowed));
            continue;
        }
        m.entries.push_back({std::move(key), m.where, k.Mark(), it->second});
    }
    return m;
}

/// The entry for a required key; reports it missing.
const Entry* YamlReader::need(const Map& m, std::string_view key) {
    const Entry* e = m.find(key);
    if (e == nullptr)
        report(m.mark, rulebook_msg::missing_key(key, m.where));
    return e;
}

/// The items of a list, each named "key[i]".
std::optional<std::vector<Entry>> YamlReader::list(const Entry& e) {
    visit(e.mark());
    if (!e.value.IsSequence()) {
        type_error(e, "a list");
        return std::nullopt;
    }
    std::vector<Entry> items;
    std::size_t i = 0;
    for (const auto& item : e.value) {
        visit(item.Mark());
        items.push_back({e.key + "[" + std::to_string(i++) + "]", e.where, item.Mark(), item});
    }
    return items;
}

std::optional<std::string> YamlReader::text(const Entry& e) {
    visit(e.mark());
    if (e.value.IsScalar())
        return e.value.Scalar();
    type_error(e, "text");
    return std::nullopt;
}

/// A plain (unquoted) decimal number; "5" in quotes is text, not a number.
std::optional<double> YamlReader::number(const Entry& e) {
    visit(e.mark());
    if (auto v = as_number(e.value))
        return v;
    type_error(e, "a number");
    return std::nullopt;
}

std::optional<double> YamlReader::as_number(const YAML::Node& n) {
    if (!n.IsScalar())
        return std::nullopt;
    const std::string& tag = n.Tag();
    if (tag != "?" && tag != "tag:yaml.org,2002:int" && tag != "tag:yaml.org,2002:float")
        return std::nullopt;
    return parse_number(n.Scalar());
}

/// Plain true or false (YAML 1.2: not yes/no/on/off).
std::optional<bool> YamlReader::as_boolean(const YAML::Node& n) {
    if (!n.IsScalar() || (n.Tag() != "?" && n.Tag() != "tag:yaml.org,2002:bool"))
        return std::nullopt;
    const std::string& s = n.Scalar();
    if (s == "true" || s == "True" || s == "TRUE")
        return true;
    if (s == "false" || s == "False" || s == "FALSE")
        return false;
    return std::nullopt;
}

/// The text of `key` in `map`, looked at before the map is read (the root's
/// `kind` decides which keys are allowed; an item's `id` names it in messages).
std::optional<std::string> peek_scalar(const YAML::Node& map, std::string_view key) {
    if (!map.IsMap())
        return std::nullopt;
    for (auto it = map.begin(); it != map.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key && it->second.IsScalar())
            return it->second.Scalar();
    return std::nullopt;
}

/// "criterion 'communication'".
std::string quoted(std::string_view what, std::string_view name) {
    return std::string(what) + " " + rulebook_msg::q(name);
}

/// The file's text, or nullopt (reported) when it is over the size limit.
/// Throws UsageError when it cannot be read at all. Pipes and devices are read
/// only up to the limit, so /dev/zero cannot hang us.
std::optional<std::string> read_limited(const std::filesystem::path& file, YamlReader& r) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(file, ec)) {
        const auto size = std::filesystem::file_size(file, ec);
        if (!ec && size > max_rulebook_bytes) {
            r.report_file(rulebook_msg::file_too_large(size));
            return std::nullopt;
        }
        return read_file(file);
    }
    std::ifstream in(file, std::ios::binary);
    if (std::filesystem::is_directory(file, ec) || !in)
        return read_file(file);  // throws
    std::string text;
    std::array<char, 1 << 16> buf{};
    while (in.read(buf.data(), buf.size()) || in.gcount() > 0) {
        text.append(buf.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_rulebook_bytes) {
            r.report_file(rulebook_msg::file_too_large(text.size()));
            return std::nullopt;
        }
    }
    return text;
}

}  // namespace shortlist::detail

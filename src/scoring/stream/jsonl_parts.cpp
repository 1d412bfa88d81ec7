// A JSON Lines file in parts of whole lines, each parsed (parts.hpp).
#include <string>
#include <string_view>

#include "scoring/stream/parts.hpp"
#include "util/json.hpp"

namespace shortlist::detail {

namespace {

/// The column of applicant_id's value on line `line` of the chunk.
std::size_t jsonl_id_column(std::string_view chunk, std::size_t first_line, std::size_t line) {
    std::size_t pos = 0;
    for (std::size_t l = first_line; l < line && pos != std::string_view::npos; ++l) {
        pos = chunk.find('\n', pos);
        if (pos != std::string_view::npos)
            ++pos;
    }
    if (pos == std::string_view::npos)
        return 0;
    std::string_view row = chunk.substr(pos, chunk.find('\n', pos) - pos);
    if (!row.empty() && row.back() == '\r')
        row.remove_suffix(1);
    auto parsed = parse_json(row, line);
    const auto* v = std::get_if<JsonValue>(&parsed);
    const JsonValue* id = v != nullptr ? v->find("applicant_id") : nullptr;
    return id != nullptr ? id->column : 0;
}

class JsonlParts final : public Parts {
  public:
    JsonlParts(const Rulebook& rulebook, const std::filesystem::path& file, std::size_t chunk_bytes,
               ReadSink sink)
        : rulebook_(rulebook),
          name_(file.string()),
          reader_(file, chunk_bytes, false, std::move(sink)) {}

    bool next(Part& part) override {
        std::string_view chunk;
        std::size_t first = 0;
        for (;;) {
            if (!reader_.next(chunk, first))
                return false;
            if (chunk.find_first_not_of(" \t\r\n") != std::string_view::npos ||
                (first == 1 && chunk.size() >= 3 && chunk.substr(0, 3) == "\xEF\xBB\xBF"))
                break;  // not blank lines only
        }
        part.chunk = chunk;
        part.first = first;
        part.error.reset();
        part.score = true;
        try {
            part.evidence = parse_jsonl_lines(rulebook_, chunk, name_, first, &part.lines);
        } catch (const EvidenceError& e) {
            // The ids of this chunk's lines before the error count too (a
            // repeated id on an earlier line is the error to report).
            part.error = e;
            part.score = false;
            part.evidence = Evidence{};
            part.lines.clear();
            parse_before(part, e.location().line);
        }
        return true;
    }
    [[nodiscard]] std::size_t id_column(const Part& part, std::size_t line) const override {
        return jsonl_id_column(part.chunk, part.first, line);
    }
    [[nodiscard]] std::optional<EvidenceError> finish() override { return std::nullopt; }
    [[nodiscard]] std::string no_applicants() const override { return msg::no_applicant_lines(); }

  private:
    /// The part's lines before `bad_line`, parsed.
    void parse_before(Part& part, std::size_t bad_line) const {
        if (bad_line <= part.first)
            return;
        const std::string_view chunk = part.chunk;
        std::size_t cut = 0;
        for (std::size_t l = part.first; l < bad_line && cut != std::string_view::npos; ++l)
            cut = chunk.find('\n', cut) == std::string_view::npos ? std::string_view::npos
                                                                  : chunk.find('\n', cut) + 1;
        if (cut == std::string_view::npos)
            return;
        const std::string_view before = chunk.substr(0, cut);
        if (before.find_first_not_of(" \t\r\n") != std::string_view::npos)
            part.evidence = parse_jsonl_lines(rulebook_, before, name_, part.first, &part.lines);
    }

    const Rulebook& rulebook_;
    std::string name_;
    ChunkReader reader_;
};

}  // namespace

std::unique_ptr<Parts> jsonl_parts(const Rulebook& rulebook, const std::filesystem::path& file,
                                   std::size_t chunk_bytes, ReadSink sink) {
    return std::make_unique<JsonlParts>(rulebook, file, chunk_bytes, std::move(sink));
}

}  // namespace shortlist::detail

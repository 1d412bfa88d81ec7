// The audit block (shortlist/audit.hpp): the record's JSON, its place in a
// result document, the refusal to overwrite inputs, and capture under verify.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <variant>

#include "audit/record_json.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/error.hpp"
#include "shortlist/version.hpp"
#include "util/json.hpp"
#include "util/sha256.hpp"

using namespace shortlist;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
    fs::path dir = fs::path(SHORTLIST_BINARY_DIR) / "tests" / "audit_tmp" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

detail::JsonValue parse(const std::string& text) {
    auto parsed = detail::parse_json(text);
    if (auto* e = std::get_if<detail::JsonParseError>(&parsed))
        FAIL(e->message << " at " << e->line << ":" << e->column << " in\n" << text);
    return std::get<detail::JsonValue>(parsed);
}

}  // namespace

TEST_CASE("an audit record names the inputs with their SHA-256 and reads back", "[audit]") {
    const fs::path dir = temp_dir("record");
    write(dir / "applicants.csv", "abc");
    Audit audit("score", {"--applicants", (dir / "applicants.csv").string(), "--top", "3"});
    audit.input("applicants", dir / "applicants.csv");
    audit.seed(42);
    const AuditRecord& r = audit.record();
    CHECK(r.version == version_string);
    CHECK(r.command == "score");
    REQUIRE(r.inputs.size() == 1);
    // FIPS 180-2, Appendix B.1: SHA-256("abc").
    CHECK(r.inputs[0].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(std::regex_match(r.time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    CHECK(fs::path(r.working_directory).is_absolute());

    std::ostringstream os;
    {
        detail::JsonWriter w(os);
        audit::write_record(w, r);
    }
    std::string why;
    const auto back = audit::read_record(parse(os.str()), why);
    REQUIRE(back);
    CHECK(*back == r);
    CHECK_FALSE(audit::read_record(parse(R"({"tool": "shortlist"})"), why));
    CHECK(why == "the audit block has no text 'version'");
}

TEST_CASE("an input hashed as it is read has the digest of its bytes", "[audit]") {
    const fs::path dir = temp_dir("as_read");
    write(dir / "whole.csv", "abc");
    write(dir / "unread.csv", "abc");
    write(dir / "part.csv", "abc");
    Audit audit("score", {});
    const auto whole = audit.input_as_read("applicants", dir / "whole.csv");
    const auto unread = audit.input_as_read("ratings", dir / "unread.csv");
    const auto part = audit.input_as_read("more", dir / "part.csv");
    REQUIRE(whole);
    whole("a");
    whole("bc");
    part("ab");                                    // not every byte: hashed from the file instead
    CHECK_FALSE(audit.record().inputs[0].sha256);  // not yet: when the reading is over
    audit.inputs_read();
    const AuditRecord& r = audit.record();
    REQUIRE(r.inputs.size() == 3);
    // FIPS 180-2, Appendix B.1: SHA-256("abc"), whichever way the bytes came.
    const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    CHECK(r.inputs[0].role == "applicants");
    CHECK(r.inputs[0].sha256 == abc);
    CHECK(r.inputs[1].sha256 == abc);
    CHECK(r.inputs[2].sha256 == abc);
    // A missing file is refused now, as input() refuses it.
    CHECK_THROWS_AS(audit.input_as_read("ratings", dir / "missing.csv"), UsageError);
    CHECK_THROWS_AS(audit.refuse_overwriting_inputs(dir / "unread.csv"), UsageError);
}

TEST_CASE("a JSON result carries the audit block as its last member", "[audit]") {
    const Audit audit("calibrate", {"--json"});
    for (const std::string& doc :
         {std::string("{\n  \"a\": [\n    1\n  ]\n}\n"), std::string("{}\n")}) {
        std::ostringstream os;
        write_json_with_audit(os, audit, [&](std::ostream& o) { o << doc; });
        const detail::JsonValue v = parse(os.str());
        const auto* members = v.object();
        REQUIRE(members != nullptr);
        CHECK(members->back().key == "audit");
        CHECK(members->size() == (doc.size() > 3 ? 2u : 1u));
        std::string why;
        const auto back = audit::read_record(members->back().value, why);
        REQUIRE(back);
        CHECK(*back == audit.record());
        // Indented as the JsonWriter indents a member one level in.
        CHECK(os.str().find("\n  \"audit\": {\n    \"tool\": \"shortlist\",") != std::string::npos);
    }
}

TEST_CASE("no command overwrites one of its own inputs", "[audit]") {
    const fs::path dir = temp_dir("inputs");
    write(dir / "ratings.csv", "x");
    fs::create_symlink(dir / "ratings.csv", dir / "link.csv");
    Audit audit("score", {});
    audit.input("ratings", dir / "ratings.csv");
    // The same file by another name: a symbolic link, a path with "..".
    for (const fs::path& same :
         {dir / "ratings.csv", dir / "link.csv", dir / ".." / dir.filename() / "ratings.csv"}) {
        INFO(same.string());
        try {
            audit.refuse_overwriting_inputs(same);
            FAIL("not refused");
        } catch (const UsageError& e) {
            CHECK(e.message() == "score: --out " + same.string() +
                                     " is one of the input files; refusing to overwrite it");
        }
    }
    CHECK_NOTHROW(audit.refuse_overwriting_inputs(dir / "shortlist.csv"));
}

TEST_CASE("outputs are recorded with their SHA-256, and captured under verify", "[audit]") {
    const fs::path dir = temp_dir("outputs");
    Audit audit("score", {});
    write_output(audit, dir / "out.csv", [](std::ostream& os) { os << "abc"; });
    CHECK(slurp(dir / "out.csv") == "abc");
    REQUIRE(audit.record().outputs.size() == 1);
    CHECK(audit.record().outputs[0].sha256 == detail::sha256_hex("abc"));

    const Replay replay("2026-01-01T00:00:00Z", "/srv/recorded");
    Audit again("score", {});
    CHECK(again.record().time == "2026-01-01T00:00:00Z");  // the recorded time
    CHECK(again.record().working_directory == "/srv/recorded");
    write_output(again, dir / "out.csv", [](std::ostream& os) { os << "changed"; });
    write_sidecar(again, dir / "out.csv.audit.json");
    CHECK(slurp(dir / "out.csv") == "abc");  // nothing written
    CHECK_FALSE(fs::exists(dir / "out.csv.audit.json"));
    CHECK(replay.outputs().at((dir / "out.csv").string()) == "changed");
}

TEST_CASE("a record of two rulebooks (compare) reads back with both hashes", "[audit]") {
    AuditRecord r;
    r.version = version_string;
    r.command = "compare";
    r.time = "2026-12-01T18:00:00Z";
    r.rulebooks_sha256 = {{"a", std::string(64, 'a')}, {"b", std::string(64, 'b')}};
    std::ostringstream os;
    {
        detail::JsonWriter w(os);
        audit::write_record(w, r);
    }
    CHECK(
        os.str().find("\"rulebook_sha256\": null,\n  \"rulebooks_sha256\": {\n    \"a\": \"aaa") !=
        std::string::npos);
    std::string why;
    const auto back = audit::read_record(parse(os.str()), why);
    REQUIRE(back);
    CHECK(*back == r);
    // One rulebook (score, calibrate, sensitivity): no such key.
    r.rulebooks_sha256.clear();
    std::ostringstream one;
    {
        detail::JsonWriter w(one);
        audit::write_record(w, r);
    }
    CHECK(one.str().find("rulebooks_sha256") == std::string::npos);
    CHECK_FALSE(
        audit::read_record(parse(R"({"tool": "shortlist", "version": "0", "command": "compare",
        "working_directory": "/", "time": "t", "arguments": [], "inputs": [], "outputs": [],
        "rulebooks_sha256": {"a": 1}})"),
                           why));
    CHECK(why == "the audit block's 'rulebooks_sha256' values are not all text");
}

TEST_CASE("a --csv DIR is refused whole when one table would overwrite an input", "[audit]") {
    const fs::path dir = temp_dir("csv_dir");
    write(dir / "notes.csv", "note\nmine\n");
    Audit audit("fairness", {});
    audit.input("monitoring", dir / "notes.csv");
    auto table = [](const std::string& text) { return [text](std::ostream& os) { os << text; }; };
    try {
        write_csv_dir(audit, dir, {{"impact.csv", table("a\n")}, {"notes.csv", table("b\n")}});
        FAIL("not refused");
    } catch (const UsageError& e) {
        CHECK(e.message() == "fairness: --csv " + (dir / "notes.csv").string() +
                                 " is one of the input files; refusing to overwrite it");
    }
    // Nothing written: not the first table, not the record.
    CHECK_FALSE(fs::exists(dir / "impact.csv"));
    CHECK_FALSE(fs::exists(dir / "audit.json"));
    CHECK(slurp(dir / "notes.csv") == "note\nmine\n");

    // Without the clash: each table, then the record naming each with its hash.
    const fs::path out = dir / "out";
    write_csv_dir(audit, out, {{"impact.csv", table("a\n")}, {"notes.csv", table("b\n")}});
    CHECK(slurp(out / "impact.csv") == "a\n");
    std::string why;
    const auto back = audit::read_record(parse(slurp(out / "audit.json")), why);
    REQUIRE(back);
    REQUIRE(back->outputs.size() == 2);
    CHECK(back->outputs[0].path == (out / "impact.csv").string());
    CHECK(back->outputs[0].sha256 == detail::sha256_hex("a\n"));
    CHECK(back->outputs[1].path == (out / "notes.csv").string());
}

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <thread>

#if defined(__unix__)
#include <sys/stat.h>
#endif

#include "shortlist/error.hpp"
#include "util/io.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

using namespace shortlist;
namespace fs = std::filesystem;

namespace {
fs::path temp_dir(const std::string& name) {
    fs::path dir = fs::path(SHORTLIST_BINARY_DIR) / "tests" / "io_tmp" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("format_fixed and format_shortest are locale-free and fold -0", "[io]") {
    CHECK(detail::format_fixed(2.5, 2) == "2.50");
    CHECK(detail::format_fixed(-0.0, 3) == "0.000");
    CHECK(detail::format_fixed(-0.0000001, 3) == "0.000");
    CHECK(detail::format_fixed(66.6666666666, 6) == "66.666667");
    CHECK(detail::format_shortest(0.1) == "0.1");
    CHECK(detail::format_shortest(2) == "2");
    CHECK(detail::format_shortest(-0.0) == "0");
}

TEST_CASE("parse_number accepts decimals and refuses everything else", "[io]") {
    using detail::parse_number;
    CHECK(parse_number("3") == 3.0);
    CHECK(parse_number("+3.5") == 3.5);
    CHECK(parse_number("-0") == 0.0);
    CHECK(parse_number("1e2") == 100.0);
    CHECK(parse_number(".5") == 0.5);
    for (const char* bad : {"", " 1", "1 ", "3,5", "1,000", "nan", "inf", "-inf", "1e309", "0x10",
                            "++1", "+-1", "1.2.3", "abc", "1e"}) {
        INFO(bad);
        CHECK_FALSE(parse_number(bad).has_value());
    }
}

TEST_CASE("JsonWriter writes nested documents with stable layout", "[io]") {
    std::ostringstream os;
    detail::JsonWriter w(os);
    w.begin_object();
    w.key("a").value(1.5);
    w.key("b").begin_array().value("x\"y\n").null().value(true).end_array();
    w.key("c").begin_object().end_object();
    w.key("d").value(2.0, 2);
    w.end_object();
    w.finish();
    CHECK(os.str() ==
          "{\n  \"a\": 1.5,\n  \"b\": [\n    \"x\\\"y\\n\",\n    null,\n    true\n  ],\n"
          "  \"c\": {},\n  \"d\": 2.00\n}\n");
}

TEST_CASE("json_quote escapes control characters", "[io]") {
    CHECK(detail::json_quote(std::string("a\x01z", 3)) == "\"a\\u0001z\"");
    CHECK(detail::json_quote("tab\there") == "\"tab\\there\"");
}

TEST_CASE("read_file names the file it cannot open", "[io]") {
    try {
        (void)detail::read_file("/nonexistent/x.csv");
        FAIL("no exception");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()) ==
              "/nonexistent/x.csv: error: cannot open file: No such file or directory");
    }
}

TEST_CASE("MappedFile maps a regular file and reads what cannot be mapped", "[io]") {
    const fs::path dir = temp_dir("mapped");
    const std::string text = "applicant_id,age\nA1,30\n" + std::string(10000, 'x') + "\n";
    {
        std::ofstream(dir / "a.csv", std::ios::binary) << text;
        std::ofstream(dir / "empty.csv", std::ios::binary).flush();
    }
    detail::MappedFile file(dir / "a.csv");
    CHECK(file.mapped());
    CHECK(file.text() == text);

    const detail::MappedFile empty(dir / "empty.csv");
    CHECK_FALSE(empty.mapped());
    CHECK(empty.text().empty());

    // Moving keeps the bytes where they are; the moved-from file is empty.
    detail::MappedFile moved(std::move(file));
    CHECK(moved.text() == text);
    CHECK(file.text().empty());  // NOLINT(bugprone-use-after-move): documented state
    detail::MappedFile assigned(dir / "empty.csv");
    assigned = std::move(moved);
    CHECK(assigned.mapped());
    CHECK(assigned.text() == text);
}

TEST_CASE("MappedFile::release lets pages go; the bytes stay the file's", "[io]") {
    const fs::path dir = temp_dir("release");
    std::string text;
    for (int i = 0; i < 100000; ++i)  // about 1.7 MB: hundreds of whole pages
        text += "A" + std::to_string(i) + ",communication,R1,3\n";
    std::ofstream(dir / "r.csv", std::ios::binary) << text;
    const detail::MappedFile file(dir / "r.csv");
    REQUIRE(file.mapped());
    file.release(file.text().substr(0, file.text().size() / 2));
    CHECK(file.text() == text);  // pages let go are read from the file again
    file.release(file.text());
    CHECK(file.text() == text);
    // Memory outside the mapping (here a string's) is never touched: letting
    // its pages go would have zeroed it.
    const std::string other(std::size_t{1} << 20, 'y');
    file.release(other);
    CHECK(other.find_first_not_of('y') == std::string::npos);
}

#if defined(__unix__)
TEST_CASE("MappedFile reads a pipe to its end", "[io]") {
    const fs::path dir = temp_dir("mapped_pipe");
    const fs::path fifo = dir / "ratings.csv";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string text;
    for (int i = 0; i < 20000; ++i)  // several pipe buffers
        text += "A" + std::to_string(i) + ",c,R1,4\n";
    std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
    detail::MappedFile file(fifo);
    writer.join();
    CHECK_FALSE(file.mapped());
    CHECK(file.text() == text);
    // A read pipe's bytes move with the object.
    const detail::MappedFile moved(std::move(file));
    CHECK(moved.text() == text);
}
#endif

TEST_CASE("MappedFile names the file it cannot open, as read_file does", "[io]") {
    const fs::path dir = temp_dir("mapped_errors");
    for (const fs::path& bad : {fs::path("/nonexistent/x.csv"), dir}) {
        std::string expected, got;
        try {
            (void)detail::read_file(bad);
        } catch (const UsageError& e) {
            expected = e.what();
        }
        try {
            (void)detail::MappedFile(bad);
        } catch (const UsageError& e) {
            got = e.what();
        }
        CHECK_FALSE(expected.empty());
        CHECK(got == expected);
    }
    try {
        (void)detail::MappedFile(dir);
        FAIL("no exception");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()) == dir.string() + ": error: is a directory, not a file");
    }
}

TEST_CASE("strip_bom removes a UTF-8 byte order mark only", "[io]") {
    CHECK(detail::strip_bom("\xEF\xBB\xBF"
                            "a,b") == "a,b");
    CHECK(detail::strip_bom("a,b") == "a,b");
    CHECK(detail::strip_bom("\xEF\xBB") == "\xEF\xBB");
}

TEST_CASE("an interrupted atomic write leaves the old file as it was", "[io]") {
    const fs::path dir = temp_dir("atomic");
    const fs::path file = dir / "out.csv";
    detail::write_file_atomically(file, [](std::ostream& os) { os << "first\n"; });
    CHECK(slurp(file) == "first\n");
    CHECK_THROWS_AS(detail::write_file_atomically(file,
                                                  [](std::ostream& os) {
                                                      os << "half a shortl";
                                                      throw std::runtime_error("interrupted");
                                                  }),
                    std::runtime_error);
    CHECK(slurp(file) == "first\n");
    // No temporary file is left behind.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++entries;
    CHECK(entries == 1);
}

TEST_CASE("an atomic write into a missing directory is a UsageError", "[io]") {
    const fs::path file = temp_dir("missing") / "no" / "such" / "dir" / "out.csv";
    CHECK_THROWS_AS(detail::write_file_atomically(file, [](std::ostream& os) { os << "x"; }),
                    UsageError);
    CHECK_FALSE(fs::exists(file));
}

namespace {
std::size_t entries_in(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++n;
    return n;
}
}  // namespace

TEST_CASE("an atomic write interrupted part-way through a large file", "[io]") {
    // More than the 64 KiB the writer buffers, so that part of the new
    // content has reached the temporary file when the exception comes.
    const fs::path dir = temp_dir("atomic_large");
    const fs::path file = dir / "shortlist.csv";
    detail::write_file_atomically(file, [](std::ostream& os) { os << "old\n"; });
    CHECK_THROWS_WITH(detail::write_file_atomically(file,
                                                    [](std::ostream& os) {
                                                        for (int i = 0; i < 100000; ++i)
                                                            os << "A" << i << ",shortlisted\n";
                                                        throw std::runtime_error("killed");
                                                    }),
                      "killed");
    CHECK(slurp(file) == "old\n");
    CHECK(entries_in(dir) == 1);
    // And the first write of a file, interrupted, leaves no file at all.
    const fs::path fresh = dir / "fresh.csv";
    CHECK_THROWS(detail::write_file_atomically(fresh, [](std::ostream& os) {
        os << std::string(200000, 'x');
        throw std::runtime_error("killed");
    }));
    CHECK_FALSE(fs::exists(fresh));
    CHECK(entries_in(dir) == 1);
}

TEST_CASE("a completed atomic write replaces the file whole, leaving nothing else", "[io]") {
    const fs::path dir = temp_dir("atomic_replace");
    const fs::path file = dir / "out.json";
    for (const std::string& text :
         {std::string("{}\n"), std::string(300000, 'y') + "\n", std::string("short\n")}) {
        detail::write_file_atomically(file, [&](std::ostream& os) { os << text; });
        CHECK(slurp(file) == text);
        CHECK(entries_in(dir) == 1);
    }
}

#if defined(__unix__)
TEST_CASE("an atomic write keeps the replaced file's permissions", "[io]") {
    // A shortlist readable by its owner only must not become world-readable
    // because it was rewritten.
    const fs::path dir = temp_dir("atomic_mode");
    const fs::path file = dir / "shortlist.csv";
    detail::write_file_atomically(file, [](std::ostream& os) { os << "1\n"; });
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    detail::write_file_atomically(file, [](std::ostream& os) { os << "2\n"; });
    CHECK(slurp(file) == "2\n");
    CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("an atomic write through a symbolic link replaces its target", "[io]") {
    const fs::path dir = temp_dir("atomic_link");
    fs::create_directories(dir / "real");
    const fs::path target = dir / "real" / "out.csv";
    detail::write_file_atomically(target, [](std::ostream& os) { os << "old\n"; });
    fs::create_symlink(target, dir / "link.csv");
    detail::write_file_atomically(dir / "link.csv", [](std::ostream& os) { os << "new\n"; });
    CHECK(fs::is_symlink(dir / "link.csv"));
    CHECK(slurp(target) == "new\n");
    CHECK(entries_in(dir / "real") == 1);
}
#endif

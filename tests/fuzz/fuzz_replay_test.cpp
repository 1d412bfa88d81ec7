// Every input the fuzzers found a problem with (tests/data/fuzz-regressions/
// <target>/), and the seed corpus (tests/fuzz/corpus/<target>/), fed to the
// same entry point as the fuzz target, with the regular compiler: each input
// loads or is refused with a shortlist::Error; a crash, another exception or
// a broken invariant (an abort) fails the run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_entry.hpp"

namespace fs = std::filesystem;

namespace {

struct Input {
    std::string target;
    fs::path file;
};

/// Every file under dir/<target>/ for each target, sorted.
std::vector<Input> inputs(const fs::path& dir) {
    std::vector<Input> found;
    for (const auto& t : shortlist::fuzz::targets()) {
        const fs::path sub = dir / t.name;
        if (!fs::is_directory(sub))
            continue;
        for (const auto& entry : fs::directory_iterator(sub))
            if (entry.is_regular_file() && entry.path().filename() != "README.md")
                found.push_back({std::string(t.name), entry.path()});
    }
    std::sort(found.begin(), found.end(),
              [](const Input& a, const Input& b) { return a.file < b.file; });
    return found;
}

void replay(const Input& input) {
    CAPTURE(input.target, input.file.string());
    std::ifstream in(input.file, std::ios::binary);
    REQUIRE(in);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const auto& ts = shortlist::fuzz::targets();
    const auto t =
        std::find_if(ts.begin(), ts.end(), [&](const auto& x) { return x.name == input.target; });
    REQUIRE(t != ts.end());
    CHECK_NOTHROW(t->run(bytes));
}

}  // namespace

TEST_CASE("every target has a fuzz regression directory and a seed corpus", "[fuzz]") {
    for (const auto& t : shortlist::fuzz::targets()) {
        CAPTURE(t.name);
        CHECK(fs::is_directory(fs::path(SHORTLIST_TEST_DATA) / "fuzz-regressions" / t.name));
        CHECK(fs::is_directory(fs::path(SHORTLIST_SOURCE_DIR) / "tests/fuzz/corpus" / t.name));
    }
}

TEST_CASE("fuzz regressions load or are refused with an Error", "[fuzz]") {
    const auto all = inputs(fs::path(SHORTLIST_TEST_DATA) / "fuzz-regressions");
    REQUIRE_FALSE(all.empty());
    for (const auto& input : all)
        replay(input);
}

TEST_CASE("the seed corpus loads or is refused with an Error", "[fuzz]") {
    const auto all = inputs(fs::path(SHORTLIST_SOURCE_DIR) / "tests/fuzz/corpus");
    REQUIRE(all.size() >= shortlist::fuzz::targets().size());
    for (const auto& input : all)
        replay(input);
}

// SHA-256 (src/util/sha256.hpp) against the published test vectors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "shortlist/error.hpp"
#include "util/sha256.hpp"

using shortlist::detail::Sha256;
using shortlist::detail::sha256_file;
using shortlist::detail::sha256_hex;

namespace {
// The 448-bit message of FIPS 180-2, Appendix B.2 (two blocks once padded).
const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
}  // namespace

TEST_CASE("SHA-256 of the FIPS 180-2 examples", "[sha256]") {
    // NIST, FIPS PUB 180-2 (2002), Appendix B: B.1 "abc", B.2 the 448-bit
    // message, B.3 one million 'a'. The empty message's digest is NIST's
    // example of SHA-256 of a zero-length input (CSRC "Examples with
    // Intermediate Values", SHA256.pdf) and sha256sum's of an empty file.
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex(two_blocks) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("SHA-256 is the same however the bytes are split", "[sha256]") {
    // Every split of the two-block message, and pieces of one byte: the
    // buffer joins them across the 64-byte block boundary.
    const std::string whole = sha256_hex(two_blocks);
    for (std::size_t cut = 0; cut <= two_blocks.size(); ++cut) {
        Sha256 s;
        s.update(std::string_view(two_blocks).substr(0, cut));
        s.update(std::string_view(two_blocks).substr(cut));
        CHECK(s.hex() == whole);
    }
    Sha256 bytes;
    for (char c : two_blocks)
        bytes.update({&c, 1});
    CHECK(bytes.hex() == whole);
    // Lengths either side of the 56-byte padding limit take one or two
    // final blocks; each must differ from its neighbours.
    std::string previous;
    for (std::size_t n = 50; n < 70; ++n) {
        const std::string h = sha256_hex(std::string(n, 'x'));
        CHECK(h.size() == 64);
        CHECK(h != previous);
        previous = h;
    }
}

TEST_CASE("sha256_file hashes a file's bytes in blocks", "[sha256]") {
    const auto dir = std::filesystem::path(SHORTLIST_BINARY_DIR) / "tests" / "sha256_tmp";
    std::filesystem::create_directories(dir);
    const auto file = dir / "million.txt";
    {
        std::ofstream out(file, std::ios::binary);
        out << std::string(1000000, 'a');  // read in blocks of 1 MiB: one short read
    }
    CHECK(sha256_file(file) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK_THROWS_AS(sha256_file(dir / "missing.txt"), shortlist::UsageError);
}

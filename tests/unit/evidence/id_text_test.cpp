// The readers' quick comparison of short ids (evidence/internal.hpp,
// equal_text) agrees with std::string_view's for every length the word
// loads treat differently, and a difference at any position.
#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "evidence/internal.hpp"

using shortlist::detail::equal_text;

TEST_CASE("equal_text is string equality for ids of any length", "[evidence]") {
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string a;
        for (std::size_t i = 0; i < n; ++i)
            a += static_cast<char>('A' + static_cast<char>(i % 26));
        // Inside longer buffers, so that a load past the end of the id would
        // read bytes that differ.
        const std::string x = a + "xyzxyzxyz";
        const std::string y = a + "pqrpqrpqr";
        const std::string_view va(x.data(), n), vb(y.data(), n);
        INFO("length " << n);
        CHECK(equal_text(va, vb));
        CHECK_FALSE(equal_text(va, std::string_view(y.data(), n + 1)));
        for (std::size_t at = 0; at < n; ++at) {
            std::string z = y;
            z[at] = '#';
            INFO("differs at " << at);
            CHECK_FALSE(equal_text(va, std::string_view(z.data(), n)));
            CHECK_FALSE(equal_text(std::string_view(z.data(), n), va));
        }
    }
}

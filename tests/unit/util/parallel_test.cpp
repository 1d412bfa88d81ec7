// The thread-splitting helpers: ranges cover the input exactly once, in
// order, whatever the thread count; errors on any thread reach the caller.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "util/parallel.hpp"

using shortlist::detail::parallel_for;
using shortlist::detail::run_beside;

TEST_CASE("parallel_for covers [0, n) once, in contiguous ranges, for any thread count",
          "[parallel]") {
    const auto threads = GENERATE(1U, 2U, 3U, 8U);
    const std::size_t n =
        GENERATE(std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000});
    std::vector<int> seen(n, 0);
    std::vector<std::pair<std::size_t, std::size_t>> ranges(threads, {0, 0});
    parallel_for(n, threads, [&](unsigned w, std::size_t begin, std::size_t end) {
        ranges[w] = {begin, end};
        for (std::size_t i = begin; i < end; ++i)
            ++seen[i];
    });
    for (int s : seen)
        REQUIRE(s == 1);
    // Worker w's range ends where worker w + 1's begins.
    std::size_t at = 0;
    for (const auto& [begin, end] : ranges) {
        if (begin == end)
            continue;
        REQUIRE(begin == at);
        at = end;
    }
    REQUIRE(at == n);
}

TEST_CASE("parallel_for rethrows the lowest-numbered worker's error after joining all",
          "[parallel]") {
    std::atomic<int> finished{0};
    REQUIRE_THROWS_WITH(
        parallel_for(100, 4,
                     [&](unsigned w, std::size_t, std::size_t) {
                         ++finished;
                         if (w >= 2)
                             throw std::runtime_error("worker " + std::to_string(w));
                     }),
        "worker 2");
    REQUIRE(finished == 4);
}

TEST_CASE("run_beside runs both parts, or neither when not split", "[parallel]") {
    int a = 0, b = 0;
    REQUIRE(run_beside(
        true, [&] { a = 1; }, [&] { b = 2; }));
    REQUIRE((a == 1 && b == 2));
    a = b = 0;
    REQUIRE_FALSE(run_beside(
        false, [&] { a = 1; }, [&] { b = 2; }));
    REQUIRE((a == 0 && b == 0));
}

TEST_CASE("run_beside rethrows the calling thread's error first, then the other's", "[parallel]") {
    auto fail = [](const char* what) { return [what] { throw std::runtime_error(what); }; };
    REQUIRE_THROWS_WITH(run_beside(true, fail("beside"), fail("here")), "here");
    REQUIRE_THROWS_WITH(run_beside(true, fail("beside"), [] {}), "beside");
}

// The thread-splitting helpers: ranges cover the input exactly once, in
// order, whatever the thread count; errors on any thread reach the caller.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <thread>
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

TEST_CASE("make_beside_in_order takes every part once, in order, after `here`", "[parallel]") {
    for (const bool split : {true, false}) {
        for (const std::size_t parts : {std::size_t{0}, std::size_t{1}, std::size_t{57}}) {
            std::vector<std::size_t> taken;
            bool here_ran = false;
            bool taken_before_here = false;
            shortlist::detail::make_beside_in_order<std::size_t>(
                split, parts, [](std::size_t k) { return k * k; },
                [&] {
                    here_ran = true;
                    taken_before_here = !taken.empty();
                },
                [&](std::size_t r) { taken.push_back(r); });
            INFO("split " << split << ", parts " << parts);
            CHECK(here_ran);
            CHECK_FALSE(taken_before_here);
            REQUIRE(taken.size() == parts);
            for (std::size_t k = 0; k < parts; ++k)
                CHECK(taken[k] == k * k);
        }
    }
}

TEST_CASE("make_beside_in_order rethrows a failed part's error, and stops after a failed take",
          "[parallel]") {
    for (const bool split : {true, false}) {
        std::vector<std::size_t> taken;
        CHECK_THROWS_WITH(shortlist::detail::make_beside_in_order<std::size_t>(
                              split, 40,
                              [](std::size_t k) {
                                  if (k == 20)
                                      throw std::runtime_error("part 20");
                                  return k;
                              },
                              [] {}, [&](std::size_t r) { taken.push_back(r); }),
                          "part 20");
        CHECK(taken.size() <= 20);  // nothing after the failed part
        for (std::size_t k = 0; k < taken.size(); ++k)
            CHECK(taken[k] == k);
        // The maker waits at part 5 until the take has failed, then takes a
        // millisecond a part: it must stop within a few, not make them all.
        std::atomic<std::size_t> made{0};
        std::atomic<bool> failed{false};
        CHECK_THROWS_WITH(shortlist::detail::make_beside_in_order<std::size_t>(
                              split, 1000,
                              [&](std::size_t k) {
                                  ++made;
                                  while (split && k == 5 && !failed)
                                      std::this_thread::yield();
                                  if (k > 5)
                                      std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                  return k;
                              },
                              [] {},
                              [&](std::size_t r) {
                                  if (r == 3) {
                                      failed = true;
                                      throw std::runtime_error("take 3");
                                  }
                              }),
                          "take 3");
        CHECK(made < 1000);
    }
}

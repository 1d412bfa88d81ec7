// The library's one way to split work over threads (docs/architecture.md,
// "Threads"). Every split is fixed by the input, never by timing, so a result
// never depends on the thread count: callers give each thread a fixed range
// and combine the parts in range order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace shortlist::detail {

/// Whether a job of `size` items is worth a second thread: at least
/// `threshold` items, and a machine with two hardware threads or more.
[[nodiscard]] inline bool worth_splitting(std::size_t size, std::size_t threshold) noexcept {
    return size >= threshold && std::thread::hardware_concurrency() >= 2;
}

/// Runs `beside()` on a second thread while the calling thread runs `here()`,
/// then joins. An exception from `here` is rethrown first (after the join),
/// then one from `beside`. When `split` is false, or no thread can be had,
/// neither is run and the result is false: the caller then does the whole job
/// on its own thread.
template <class Beside, class Here>
[[nodiscard]] bool run_beside(bool split, Beside&& beside, Here&& here) {
    if (!split)
        return false;
    std::exception_ptr failed;
    std::thread worker;
    try {
        worker = std::thread([&] {
            try {
                std::forward<Beside>(beside)();
            } catch (...) {  // bad_alloc and the like: rethrown on the calling thread
                failed = std::current_exception();
            }
        });
    } catch (const std::system_error&) {  // no thread to be had
        return false;
    }
    try {
        std::forward<Here>(here)();
    } catch (...) {
        worker.join();
        throw;
    }
    worker.join();
    if (failed)
        std::rethrow_exception(failed);
    return true;
}

/// Calls `body(worker, begin, end)` for `threads` contiguous ranges that
/// cover [0, n) in order (worker 0 takes the first), the first on the calling
/// thread and the rest on their own. Joins all, then rethrows the exception of
/// the lowest-numbered worker that failed. With one thread, or none to be had,
/// ranges run on the calling thread in order: the ranges, and so the result,
/// are the same either way.
template <class Body>
void parallel_for(std::size_t n, unsigned threads, Body&& body) {
    threads = std::max(1U, threads);
    if (n < threads)
        threads = static_cast<unsigned>(std::max<std::size_t>(1, n));
    auto bounds = [&](unsigned w) { return n * w / threads; };
    std::vector<std::exception_ptr> failed(threads);
    std::vector<std::thread> pool;
    std::vector<unsigned> inline_workers;
    pool.reserve(threads);
    for (unsigned w = 1; w < threads; ++w) {
        try {
            pool.emplace_back([&, w] {
                try {
                    body(w, bounds(w), bounds(w + 1));
                } catch (...) {
                    failed[w] = std::current_exception();
                }
            });
        } catch (const std::system_error&) {  // no more threads: this one runs the rest
            for (unsigned rest = w; rest < threads; ++rest)
                inline_workers.push_back(rest);
            break;
        }
    }
    auto run_here = [&](unsigned w) {
        try {
            body(w, bounds(w), bounds(w + 1));
        } catch (...) {
            failed[w] = std::current_exception();
        }
    };
    run_here(0);
    for (unsigned w : inline_workers)
        run_here(w);
    for (auto& t : pool)
        t.join();
    for (const auto& f : failed)
        if (f)
            std::rethrow_exception(f);
}

}  // namespace shortlist::detail

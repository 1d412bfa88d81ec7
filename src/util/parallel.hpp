// The library's one way to split work over threads (docs/architecture.md,
// "Threads"). Every split is fixed by the input, never by timing, so a result
// never depends on the thread count: callers give each thread a fixed range
// and combine the parts in range order.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
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

/// Runs `make(k)` for parts k = 0, 1, ... `parts` - 1 in order on a second
/// thread while the calling thread runs `here()`, then `take(result)` for
/// each part's result in order, as each is made: a producer a part ahead at
/// least, which the calling thread follows (a file written in order, its
/// second half formatted meanwhile). Joins, then rethrows as run_beside
/// does; when `split` is false or no thread can be had, `here()` and then
/// every make and take run on the calling thread, in the same order.
template <class Result, class Make, class Here, class Take>
void make_beside_in_order(bool split, std::size_t parts, Make&& make, Here&& here, Take&& take) {
    std::mutex m;
    std::condition_variable changed;
    std::deque<Result> ready;
    bool done = false, stop = false;
    const auto produce = [&] {
        struct Done {  // also when make throws: the taker must not wait for ever
            std::mutex& m;
            std::condition_variable& changed;
            bool& done;
            ~Done() {
                const std::lock_guard lock(m);
                done = true;
                changed.notify_one();
            }
        } mark{m, changed, done};
        for (std::size_t k = 0; k < parts; ++k) {
            Result r = make(k);
            const std::lock_guard lock(m);
            if (stop)
                return;
            ready.push_back(std::move(r));
            changed.notify_one();
        }
    };
    const auto consume = [&] {
        struct Stop {  // the taker failed: the maker stops at its next part
            std::mutex& m;
            bool& stop;
            ~Stop() {
                const std::lock_guard lock(m);
                stop = true;
            }
        } mark{m, stop};
        here();
        for (std::size_t k = 0; k < parts; ++k) {
            std::unique_lock lock(m);
            changed.wait(lock, [&] { return !ready.empty() || done; });
            if (ready.empty())
                return;  // the maker failed: rethrown after the join
            Result r = std::move(ready.front());
            ready.pop_front();
            lock.unlock();
            take(r);
        }
    };
    if (run_beside(split, produce, consume))
        return;
    here();
    for (std::size_t k = 0; k < parts; ++k) {
        Result r = make(k);
        take(r);
    }
}

}  // namespace shortlist::detail

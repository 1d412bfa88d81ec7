// What the library's long loops use to report progress (shortlist/progress.hpp;
// docs/cli.md, "Progress"): a position reported every so many records, so a
// loop pays one increment and one test a record, and parts of one step run on
// several threads summed into one count under a lock.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <mutex>
#include <utility>

namespace shortlist::detail {

using ProgressFunction = std::function<void(std::size_t done, std::size_t total)>;

/// Reports how far a pass over `total` units (bytes of a file) has gone:
/// record(position) every 2^14 records, position mapped to offset + position
/// x scale (a part of the whole: a file's body after its header, or one half
/// of it read as if it were all of it), never decreasing and never reaching
/// total before finish(). Silent without a callback.
class RecordProgress {
  public:
    RecordProgress() = default;
    RecordProgress(const ProgressFunction* callback, std::size_t total, std::size_t offset = 0,
                   double scale = 1)
        : callback_(callback != nullptr && *callback ? callback : nullptr),
          total_(total),
          offset_(offset),
          scale_(scale) {}

    void record(std::size_t position) {
        if (callback_ != nullptr && (++records_ & (every - 1)) == 0)
            report(position);
    }
    void report(std::size_t position) {
        if (callback_ == nullptr)
            return;
        const auto at = offset_ + static_cast<std::size_t>(static_cast<double>(position) * scale_);
        const std::size_t done = std::min(at, total_ > 0 ? total_ - 1 : 0);
        if (done > last_) {
            last_ = done;
            (*callback_)(done, total_);
        }
    }
    void finish() {
        if (callback_ != nullptr)
            (*callback_)(total_, total_);
    }
    /// The same, for a part of the text read as if it were `factor` times
    /// longer (the first of two halves read at once: factor 2).
    [[nodiscard]] RecordProgress scaled(double factor) const {
        RecordProgress copy = *this;
        copy.scale_ *= factor;
        return copy;
    }

  private:
    static constexpr std::size_t every = std::size_t{1} << 14;
    const ProgressFunction* callback_ = nullptr;
    std::size_t total_ = 0;
    std::size_t offset_ = 0;
    double scale_ = 1;
    std::size_t records_ = 0;
    std::size_t last_ = 0;
};

/// One step's count, added to by parts on any thread: each add() reports the
/// sum so far under a lock, so the callback is never called by two threads at
/// once and never sees the count go down.
class ProgressTally {
  public:
    ProgressTally() = default;
    ProgressTally(ProgressFunction callback, std::size_t total)
        : callback_(std::move(callback)), total_(total) {}

    [[nodiscard]] explicit operator bool() const noexcept { return static_cast<bool>(callback_); }
    void add(std::size_t n) {
        if (!callback_)
            return;
        const std::lock_guard<std::mutex> lock(mutex_);
        done_ = std::min(total_, done_ + n);
        callback_(done_, total_);
    }
    /// Reports (total, total): the step is done, whatever was counted.
    void finish() {
        if (!callback_)
            return;
        const std::lock_guard<std::mutex> lock(mutex_);
        done_ = total_;
        callback_(total_, total_);
    }
    /// A callback for one part of the step, which reports (done, of) for the
    /// part alone: each advance is added to the sum.
    [[nodiscard]] ProgressFunction part() {
        if (!callback_)
            return {};
        return [this, seen = std::size_t{0}](std::size_t done, std::size_t) mutable {
            if (done > seen) {
                add(done - seen);
                seen = done;
            }
        };
    }

  private:
    ProgressFunction callback_;
    std::size_t total_ = 0;
    std::size_t done_ = 0;
    std::mutex mutex_;
};

}  // namespace shortlist::detail

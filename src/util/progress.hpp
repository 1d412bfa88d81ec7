// What the library's long loops use to report progress (shortlist/progress.hpp;
// docs/cli.md, "Progress"): a position reported every so much of a file, so a
// loop pays one test a record, and parts of one step run on
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
/// record(position) reports about every 1/200 of the total (at least 64 KiB
/// apart), the position mapped to offset + position x scale (a part of the
/// whole: a file's body after its header, or one half of it read as if it
/// were all of it), never decreasing and never reaching total before
/// finish(). Silent without a callback.
class RecordProgress {
  public:
    RecordProgress() = default;
    RecordProgress(const ProgressFunction* callback, std::size_t total, std::size_t offset = 0,
                   double scale = 1)
        : callback_(callback != nullptr && *callback ? callback : nullptr),
          total_(total),
          offset_(offset),
          scale_(scale),
          step_(std::max<std::size_t>(total / 200, std::size_t{1} << 16)),
          next_(callback_ != nullptr ? step_ : never) {}

    /// One compare a record: silent, the next position is never reached.
    void record(std::size_t position) {
        if (position >= next_)
            report(position);
    }
    void report(std::size_t position) {
        if (callback_ == nullptr)
            return;
        next_ = position + step_;
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
    /// The same, for the rest of the text from `position` on, read as a text
    /// of its own (its positions counted from 0).
    [[nodiscard]] RecordProgress from(std::size_t position) const {
        RecordProgress copy = *this;
        copy.offset_ += static_cast<std::size_t>(static_cast<double>(position) * scale_);
        if (next_ != never)
            copy.next_ = next_ > position ? next_ - position : 0;
        return copy;
    }
    /// The same, for a part of the text read as if it were `factor` times
    /// longer (the first of two halves read at once: factor 2).
    [[nodiscard]] RecordProgress scaled(double factor) const {
        RecordProgress copy = *this;
        copy.scale_ *= factor;
        return copy;
    }

  private:
    const ProgressFunction* callback_ = nullptr;
    std::size_t total_ = 0;
    std::size_t offset_ = 0;
    double scale_ = 1;
    std::size_t step_ = 0;  ///< positions between reports
    static constexpr std::size_t never = static_cast<std::size_t>(-1);
    std::size_t next_ = never;  ///< the position of the next report
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
    /// Reports (total, total), unless the parts already have: the step is
    /// done, whatever was counted.
    void finish() {
        if (!callback_)
            return;
        const std::lock_guard<std::mutex> lock(mutex_);
        if (done_ == total_ && total_ > 0)
            return;
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

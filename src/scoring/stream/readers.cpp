// What a stream reads its files with: chunks of whole lines or records, and a
// window of whole CSV records that slides on (scoring/stream/parts.hpp).
#include <algorithm>
#include <cstring>
#include <utility>

#include "scoring/stream/parts.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"

namespace shortlist::detail {

namespace fs = std::filesystem;

namespace {

/// Where the last whole CSV record in `text` ends (the line break ending it),
/// or npos. A record ends at a line break with an even number of quotes
/// before it ("" escapes count twice; `text` starts a record): the last line
/// break outside quotes, found a run between two quotes at a time (most files
/// hold no quote at all).
std::size_t last_record_end(std::string_view text) {
    std::size_t last = std::string_view::npos;
    bool quoted = false;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t quote = std::min(text.find('"', pos), text.size());
        if (!quoted) {
            const std::size_t at = text.substr(pos, quote - pos).rfind('\n');
            if (at != std::string_view::npos)
                last = pos + at;
        }
        quoted = !quoted;
        pos = quote + 1;
    }
    return last;
}

[[noreturn]] void read_failed(const fs::path& file) {
    throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument, "read failed");
}

}  // namespace

// ---------------------------------------------------------------- chunks

ChunkReader::ChunkReader(const fs::path& file, std::size_t chunk_bytes, bool csv, ReadSink sink)
    : in_(open_for_reading(file)),
      file_(file),
      chunk_(std::max<std::size_t>(chunk_bytes, 4096)),
      csv_(csv),
      sink_(std::move(sink)) {}

void ChunkReader::set_chunk_bytes(std::size_t bytes) {
    chunk_ = std::max<std::size_t>(bytes, 4096);
}

std::size_t ChunkReader::cut() const {
    if (!csv_)
        return buffer_.rfind('\n');
    const std::size_t last = last_record_end(buffer_);
    // A record too long to be read whole (beyond max_record_bytes) is cut at
    // any line break: its parser refuses it.
    if (last == std::string::npos && buffer_.size() >= chunk_ + 2 * max_record_bytes)
        return buffer_.rfind('\n');
    return last;
}

bool ChunkReader::next(std::string_view& chunk, std::size_t& first_line) {
    // The last chunk stays where it is; what followed it starts the next.
    std::swap(buffer_, previous_);
    buffer_.assign(previous_, used_);
    used_ = 0;
    line_ += lines_in_last_;
    for (;;) {
        const std::size_t at = buffer_.size() >= chunk_ || eof_ ? cut() : std::string::npos;
        if ((at != std::string::npos && buffer_.size() >= chunk_) || (eof_ && !buffer_.empty())) {
            used_ = eof_ && (at == std::string::npos || buffer_.size() < chunk_) ? buffer_.size()
                                                                                 : at + 1;
            break;
        }
        if (eof_)
            return false;
        const std::size_t had = buffer_.size();
        buffer_.resize(had + chunk_);
        in_.read(buffer_.data() + had, static_cast<std::streamsize>(chunk_));
        buffer_.resize(had + static_cast<std::size_t>(in_.gcount()));
        if (in_.bad())
            read_failed(file_);
        if (sink_)
            sink_(std::string_view(buffer_).substr(had));
        eof_ = in_.eof();
    }
    chunk = std::string_view(buffer_).substr(0, used_);
    first_line = line_;
    lines_in_last_ = count_lines(chunk).lines - 1;
    return true;
}

// ---------------------------------------------------------------- a window of records

RecordWindow::RecordWindow(const fs::path& file, std::size_t block_bytes, std::size_t reserve,
                           ReadSink sink)
    : in_(open_for_reading(file)),
      file_(file),
      block_(std::max<std::size_t>(block_bytes, 4096)),
      capacity_(std::max(reserve, 2 * block_)),
      data_(new char[capacity_]),
      sink_(std::move(sink)) {}

bool RecordWindow::read() {
    for (;;) {
        if (eof_) {
            const bool added = end_ < size_;  // a last record without a line break
            end_ = size_;
            return added;
        }
        if (start_ > 0) {  // what is left moves to the front
            std::memmove(data_.get(), data_.get() + start_, size_ - start_);
            end_ -= start_;
            size_ -= start_;
            start_ = 0;
        }
        if (size_ + block_ > capacity_) {
            capacity_ = std::max(2 * capacity_, size_ + block_);
            std::unique_ptr<char[]> grown(new char[capacity_]);
            std::memcpy(grown.get(), data_.get(), size_);
            data_ = std::move(grown);
        }
        in_.read(data_.get() + size_, static_cast<std::streamsize>(block_));
        if (in_.bad())
            read_failed(file_);
        const auto got = static_cast<std::size_t>(in_.gcount());
        if (sink_)
            sink_(std::string_view(data_.get() + size_, got));
        size_ += got;
        eof_ = in_.eof();
        const std::string_view tail(data_.get() + end_, size_ - end_);
        std::size_t last = last_record_end(tail);
        // A record too long to be read whole is cut at any line break (as ChunkReader does).
        if (last == std::string_view::npos && tail.size() >= block_ + 2 * max_record_bytes)
            last = tail.rfind('\n');
        if (last != std::string_view::npos) {
            end_ += last + 1;
            return true;
        }
    }
}

}  // namespace shortlist::detail

// File input and output with the project's guarantees: whole-file reads with a
// clear error, and atomic writes (temporary file, then rename); and the page
// hints the large buffers filled from those files use.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace shortlist::detail {

/// Open a file to read its bytes. Throws UsageError (file, NotFound) if it
/// cannot be opened, or if it is a directory.
std::ifstream open_for_reading(const std::filesystem::path& file);

/// Read a whole file. Throws UsageError (file, NotFound) if it cannot be read.
std::string read_file(const std::filesystem::path& file);

/// A whole file's bytes, read-only, for as long as the object lives. A
/// regular file is memory-mapped (private, read-only): nothing is copied or
/// zero-filled, and pages come from the page cache as they are read. Anything
/// else (a pipe, a character device) and an empty file are read into memory,
/// as read_file does. Throws UsageError with read_file's messages.
///
/// A mapped file must not be truncated by another process while it is read:
/// reading a page that is no longer in the file raises SIGBUS. (Rewriting a
/// file by rename, as editors, spreadsheets and write_file_atomically do,
/// leaves the mapped one whole.)
class MappedFile {
  public:
    explicit MappedFile(const std::filesystem::path& file);
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    [[nodiscard]] std::string_view text() const noexcept { return {data_, size_}; }
    /// True when the bytes are mapped rather than read.
    [[nodiscard]] bool mapped() const noexcept { return mapping_ != nullptr; }
    /// A reader that is done with `bytes` (a part of text()) lets their whole
    /// pages go from the process's memory (Linux: MADV_DONTNEED; they stay
    /// in the page cache, and read again from the file if touched again), so
    /// that a file read once, front to back, is not all resident at the end.
    /// Nothing for bytes that were read rather than mapped, or elsewhere.
    void release(std::string_view bytes) const noexcept;

  private:
    void release() noexcept;

    void* mapping_ = nullptr;  // the mapping, when mapped
    std::size_t size_ = 0;
    const char* data_ = nullptr;  // the mapping or read_
    std::string read_;            // the bytes, when read
};

/// Hints for a large buffer about to be filled (Linux; elsewhere nothing):
/// back [begin, begin + bytes) with transparent huge pages where the system
/// allows them on request (one fault and one clear per 2 MiB instead of 512
/// of each), and with `populate`, fault it in now, written, in one system
/// call (so that each thread can prepare the part it fills). Only the whole
/// pages inside the range are touched; failures are ignored.
void prepare_pages(void* begin, std::size_t bytes, bool populate) noexcept;

/// Write through `fill` to a new temporary file beside `file` (created with
/// O_EXCL, so never one that exists; with the permissions of the file it
/// replaces), fsync it, rename it over `file`, then fsync the directory: after
/// a crash or a kill at any point, `file` is the old one or the complete new
/// one. If fill throws or the write fails, the temporary is removed and `file`
/// is left as it was. A symbolic link is written through (its target is
/// replaced, the link kept). Throws UsageError on I/O failure.
void write_file_atomically(const std::filesystem::path& file,
                           const std::function<void(std::ostream&)>& fill);

/// Strip a UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

}  // namespace shortlist::detail

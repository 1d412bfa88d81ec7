// File input and output with the project's guarantees: whole-file reads with a
// clear error, and atomic writes (temporary file, then rename).
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

namespace shortlist::detail {

/// Read a whole file. Throws UsageError (file, NotFound) if it cannot be read.
std::string read_file(const std::filesystem::path& file);

/// Write through `fill` to a temporary file beside `file`, flush, then rename
/// over `file`. If fill throws or the write fails, the temporary is removed and
/// `file` is left as it was. Throws UsageError on I/O failure.
void write_file_atomically(const std::filesystem::path& file,
                           const std::function<void(std::ostream&)>& fill);

/// Strip a UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

}  // namespace shortlist::detail

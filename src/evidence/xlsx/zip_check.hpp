// A look at a zip archive's central directory before anything is inflated:
// is it a zip at all, and how large would its entries be unzipped.
#pragma once

#include <cstdint>
#include <string_view>

namespace shortlist::detail {

/// Throws EvidenceError ("<name>: ...") if `bytes` is not a zip archive (no
/// end-of-central-directory record, or a central directory that does not fit
/// in the bytes), if its entries' unzipped sizes add up to more than
/// `max_unzipped` bytes (docs/excel.md, "Limits"), or if an entry does not
/// inflate to the size and CRC-32 its directory entry states (or is
/// compressed with a method other than deflate).
void check_zip(std::string_view bytes, std::string_view name, std::uint64_t max_unzipped);

}  // namespace shortlist::detail

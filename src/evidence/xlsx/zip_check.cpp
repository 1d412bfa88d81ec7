// The zip format's end-of-central-directory record, central directory headers
// and local file headers (PKWARE APPNOTE.TXT 6.3, sections 4.3.16, 4.3.12 and
// 4.3.7).
#include "evidence/xlsx/zip_check.hpp"

#include <algorithm>
#include <cstddef>
#include <new>
#include <string>

#include <zlib.h>

#include "shortlist/error.hpp"

namespace shortlist::detail {

namespace {

constexpr std::uint32_t end_signature = 0x06054b50;
constexpr std::uint32_t header_signature = 0x02014b50;
constexpr std::uint32_t local_signature = 0x04034b50;
constexpr std::size_t end_size = 22;
constexpr std::size_t header_size = 46;
constexpr std::size_t local_size = 30;

std::uint32_t read_u32(std::string_view b, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 4; i-- > 0;)
        v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

std::uint16_t read_u16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                      static_cast<unsigned char>(b[at + 1]) << 8);
}

[[noreturn]] void fail(std::string_view name, std::string message) {
    throw EvidenceError({std::string(name), 0, 0}, ErrorCode::InvalidArgument, std::move(message));
}

/// Inflate (or copy) one part's data and check it against the size and CRC-32
/// its directory entry states. liborcus does not check its inflation, and a
/// damaged stream reaches its XML parser as a buffer it reads past the end of
/// (an assertion in liborcus 0.17 aborts the process): every part is checked
/// here first.
bool part_is_whole(std::string_view data, unsigned method, std::uint32_t size, std::uint32_t crc) {
    const auto* in = reinterpret_cast<const Bytef*>(data.data());
    if (method == 0)
        return data.size() == size && crc32(0, in, static_cast<uInt>(data.size())) == crc;
    if (method != 8)
        return false;
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        throw std::bad_alloc();
    z.next_in = const_cast<Bytef*>(in);
    z.avail_in = static_cast<uInt>(data.size());
    unsigned char buffer[1 << 16];
    uLong sum = crc32(0, nullptr, 0);
    std::uint64_t total = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = buffer;
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = sizeof buffer - z.avail_out;
        total += produced;
        sum = crc32(sum, buffer, static_cast<uInt>(produced));
        if (total > size || (rc == Z_BUF_ERROR && z.avail_in == 0))
            break;
        if (rc == Z_BUF_ERROR)
            rc = Z_OK;
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END && total == size && sum == crc;
}

}  // namespace

void check_zip(std::string_view bytes, std::string_view name, std::uint64_t max_unzipped) {
    const char* not_zip = "not an .xlsx workbook (not a zip archive)";
    if (bytes.size() < end_size)
        fail(name, not_zip);
    // The record ends the file, after a comment of at most 65,535 bytes.
    std::size_t end = bytes.size() - end_size + 1;
    const std::size_t lowest =
        bytes.size() > end_size + 65535 ? bytes.size() - end_size - 65535 : 0;
    do {
        --end;
    } while (end > lowest && read_u32(bytes, end) != end_signature);
    if (read_u32(bytes, end) != end_signature)
        fail(name, not_zip);
    const std::size_t entries = read_u16(bytes, end + 10);
    const std::size_t directory_size = read_u32(bytes, end + 12);
    const std::size_t directory = read_u32(bytes, end + 16);
    // One disk, one count, the directory right before the end record:
    // readers differ in which of the record's fields they trust (liborcus
    // reads the directory up to the end record), so all must agree.
    if (directory > end || directory_size != end - directory || entries == 0 ||
        read_u16(bytes, end + 4) != 0 || read_u16(bytes, end + 6) != 0 ||
        read_u16(bytes, end + 8) != entries)
        fail(name, "not an .xlsx workbook (a damaged zip archive: its directory is out of place)");
    std::uint64_t total = 0;
    std::size_t at = directory;
    for (std::size_t i = 0; i < entries; ++i) {
        if (at + header_size > directory + directory_size ||
            read_u32(bytes, at) != header_signature)
            fail(name, "not an .xlsx workbook (a damaged zip archive: entry " +
                           std::to_string(i + 1) + " of its directory is not one)");
        // The entry's local header repeats its sizes, and a reader may trust
        // either: both are checked.
        const std::size_t local = read_u32(bytes, at + 42);
        if (local > bytes.size() || bytes.size() - local < local_size ||
            read_u32(bytes, local) != local_signature)
            fail(name, "not an .xlsx workbook (a damaged zip archive: entry " +
                           std::to_string(i + 1) + " has no local header)");
        for (const std::size_t compressed : {at + 20, local + 18})
            if (read_u32(bytes, compressed) > bytes.size())
                fail(name, "not an .xlsx workbook (a damaged zip archive: entry " +
                               std::to_string(i + 1) + " is larger than the file)");
        total += std::max(read_u32(bytes, at + 24), read_u32(bytes, local + 22));
        if (total > max_unzipped)
            fail(name, "the workbook would unzip to more than " +
                           std::to_string(max_unzipped >> 20) +
                           " MiB; refused (docs/excel.md, \"Limits\")");
        const std::size_t start =
            local + local_size + read_u16(bytes, local + 26) + read_u16(bytes, local + 28);
        const std::size_t compressed = read_u32(bytes, at + 20);
        if (start > bytes.size() || bytes.size() - start < compressed ||
            !part_is_whole(bytes.substr(start, compressed), read_u16(bytes, at + 10),
                           read_u32(bytes, at + 24), read_u32(bytes, at + 16)))
            fail(name, "not an .xlsx workbook (a damaged zip archive: entry " +
                           std::to_string(i + 1) + " does not unzip to what its directory says)");
        at += header_size + read_u16(bytes, at + 28) + read_u16(bytes, at + 30) +
              read_u16(bytes, at + 32);
    }
    if (at != directory + directory_size)
        fail(name,
             "not an .xlsx workbook (a damaged zip archive: its directory holds more than "
             "its entries)");
}

}  // namespace shortlist::detail

#include "detail/io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

#include "shortlist/error.hpp"

namespace shortlist::detail {

namespace fs = std::filesystem;

std::string read_file(const fs::path& file) {
    std::error_code ec;
    if (fs::is_directory(file, ec))
        throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument,
                         "is a directory, not a file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw UsageError({file.string(), 0, 0}, ErrorCode::NotFound,
                         std::string("cannot open file: ") + std::strerror(errno));
    std::string text;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0, std::ios::beg);
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
    } else {
        // Not seekable (a pipe): read in chunks.
        in.clear();
        std::ostringstream ss;
        ss << in.rdbuf();
        text = std::move(ss).str();
    }
    if (in.bad())
        throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument, "read failed");
    return text;
}

void write_file_atomically(const fs::path& file, const std::function<void(std::ostream&)>& fill) {
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::random_device rd;
    // Built by append: GCC 12 gives a false -Wrestrict on "." + std::string.
    std::string name(1, '.');
    name += file.filename().string();
    name += ".tmp-";
    name += std::to_string(rd() % 1000000);
    const fs::path tmp = dir / name;
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out)
                throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument,
                                 std::string("cannot write: ") + std::strerror(errno));
            fill(out);
            out.flush();
            if (!out)
                throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument,
                                 "write failed (disk full?)");
        }
        std::error_code ec;
        fs::rename(tmp, file, ec);
        if (ec)
            throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument,
                             "cannot replace file: " + ec.message());
    } catch (...) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    }
}

std::string_view strip_bom(std::string_view text) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
        text.remove_prefix(3);
    return text;
}

}  // namespace shortlist::detail

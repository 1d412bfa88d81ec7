#include "detail/io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>
#include <utility>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define SHORTLIST_HAVE_MMAP 1
#endif

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

// ---------------------------------------------------------------- MappedFile

#if defined(SHORTLIST_HAVE_MMAP)

namespace {

/// Closes a file descriptor on every path out.
class Descriptor {
  public:
    explicit Descriptor(int fd) noexcept : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0)
            (void)::close(fd_);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    [[nodiscard]] int get() const noexcept { return fd_; }

  private:
    int fd_;
};

/// Everything left to read from fd (a pipe, a device, a file that says it is
/// empty but is not, as files under /proc do).
std::string read_all(int fd, const fs::path& file) {
    std::string text;
    std::size_t used = 0;
    for (;;) {
        if (text.size() - used < (std::size_t{1} << 16))
            text.resize(std::max<std::size_t>(text.size() * 2, std::size_t{1} << 16));
        const ssize_t got = ::read(fd, text.data() + used, text.size() - used);
        if (got == 0)
            break;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument, "read failed");
        }
        used += static_cast<std::size_t>(got);
    }
    text.resize(used);
    return text;
}

}  // namespace

MappedFile::MappedFile(const fs::path& file) {
    std::error_code ec;
    if (fs::is_directory(file, ec))
        throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument,
                         "is a directory, not a file");
    const Descriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        throw UsageError({file.string(), 0, 0}, ErrorCode::NotFound,
                         std::string("cannot open file: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
        const auto size = static_cast<std::size_t>(info.st_size);
        void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
        if (map != MAP_FAILED) {
            // A hint (read ahead, drop behind); failure changes nothing.
            (void)::madvise(map, size, MADV_SEQUENTIAL);
            mapping_ = map;
            size_ = size;
            data_ = static_cast<const char*>(map);
            return;
        }
    }
    read_ = read_all(fd.get(), file);
    data_ = read_.data();
    size_ = read_.size();
}

void MappedFile::release() noexcept {
    if (mapping_ != nullptr)
        (void)::munmap(mapping_, size_);
    mapping_ = nullptr;
}

#else  // no mmap: read the whole file

MappedFile::MappedFile(const fs::path& file) : read_(read_file(file)) {
    data_ = read_.data();
    size_ = read_.size();
}

void MappedFile::release() noexcept {}

#endif

MappedFile::~MappedFile() {
    release();
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : mapping_(std::exchange(other.mapping_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      data_(std::exchange(other.data_, nullptr)),
      read_(std::move(other.read_)) {
    if (mapping_ == nullptr)
        data_ = read_.data();  // a moved string may have moved its bytes (short strings)
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        release();
        mapping_ = std::exchange(other.mapping_, nullptr);
        size_ = std::exchange(other.size_, 0);
        data_ = std::exchange(other.data_, nullptr);
        read_ = std::move(other.read_);
        if (mapping_ == nullptr)
            data_ = read_.data();
    }
    return *this;
}

// ---------------------------------------------------------------- page hints

void prepare_pages(void* begin, std::size_t bytes, bool populate) noexcept {
#if defined(__linux__)
    static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto from = reinterpret_cast<std::uintptr_t>(begin);
    const std::uintptr_t first = (from + page - 1) & ~(page - 1);
    const std::uintptr_t last = (from + bytes) & ~(page - 1);
    if (last <= first)
        return;
    void* const pages = reinterpret_cast<void*>(first);
#if defined(MADV_HUGEPAGE)
    (void)madvise(pages, last - first, MADV_HUGEPAGE);
#endif
#if defined(MADV_POPULATE_WRITE)  // Linux 5.14
    if (populate)
        (void)madvise(pages, last - first, MADV_POPULATE_WRITE);
#else
    (void)populate;
#endif
#else
    (void)begin;
    (void)bytes;
    (void)populate;
#endif
}

// ---------------------------------------------------------------- writing

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

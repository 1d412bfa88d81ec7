#include "util/io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

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

std::ifstream open_for_reading(const fs::path& file) {
    std::error_code ec;
    if (fs::is_directory(file, ec))
        throw UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument,
                         "is a directory, not a file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw UsageError({file.string(), 0, 0}, ErrorCode::NotFound,
                         std::string("cannot open file: ") + std::strerror(errno));
    return in;
}

std::string read_file(const fs::path& file) {
    std::ifstream in = open_for_reading(file);
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

void MappedFile::release(std::string_view bytes) const noexcept {
#if defined(__linux__)
    if (mapping_ == nullptr || bytes.data() < data_ || bytes.data() + bytes.size() > data_ + size_)
        return;
    static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto from = reinterpret_cast<std::uintptr_t>(bytes.data());
    const std::uintptr_t first = (from + page - 1) & ~(page - 1);
    const std::uintptr_t last = (from + bytes.size()) & ~(page - 1);
    if (last > first)
        (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#else
    (void)bytes;
#endif
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

void MappedFile::release(std::string_view /*bytes*/) const noexcept {}

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

namespace {

UsageError write_error(const fs::path& file, const std::string& what) {
    return UsageError({file.string(), 0, 0}, ErrorCode::InvalidArgument, what);
}

#if defined(SHORTLIST_HAVE_MMAP)

/// An output stream buffer over a file descriptor, so that the bytes can be
/// fsync'ed before the rename. Write errors are remembered, not thrown
/// (streams swallow exceptions from their buffers).
class DescriptorBuf final : public std::streambuf {
  public:
    explicit DescriptorBuf(int fd) : fd_(fd), buffer_(std::size_t{1} << 16) {
        setp(buffer_.data(), buffer_.data() + buffer_.size());
    }
    /// errno of the first failed write, or 0.
    [[nodiscard]] int error() const noexcept { return error_; }

  protected:
    int_type overflow(int_type c) override {
        if (!drain())
            return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

  private:
    bool drain() {
        const char* p = pbase();
        std::size_t left = static_cast<std::size_t>(pptr() - pbase());
        while (left > 0 && error_ == 0) {
            const ssize_t put = ::write(fd_, p, left);
            if (put < 0) {
                if (errno != EINTR)
                    error_ = errno;
                continue;
            }
            p += put;
            left -= static_cast<std::size_t>(put);
        }
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return error_ == 0;
    }
    int fd_;
    std::vector<char> buffer_;
    int error_ = 0;
};

/// Create a new temporary file beside `file` (never one that exists: O_EXCL),
/// with the permissions of the file it replaces, if that exists.
int create_temporary(const fs::path& file, fs::path& tmp) {
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::random_device rd;
    std::mt19937_64 names((std::uint64_t{rd()} << 32) ^ rd());
    for (int attempt = 0; attempt < 100; ++attempt) {
        // Built by append: GCC 12 gives a false -Wrestrict on "." + std::string.
        std::string name(1, '.');
        name += file.filename().string();
        name += ".tmp-";
        name += std::to_string(names() % 1000000000U);
        tmp = dir / name;
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            struct stat old {};
            if (::stat(file.c_str(), &old) == 0 && S_ISREG(old.st_mode))
                (void)::fchmod(fd, old.st_mode & 07777);
            return fd;
        }
        if (errno != EEXIST)
            throw write_error(file, std::string("cannot write: ") + std::strerror(errno));
    }
    throw write_error(file, "cannot write: no free temporary file name");
}

/// Make the rename itself durable: fsync the directory (best effort; some
/// file systems refuse it).
void sync_directory(const fs::path& file) {
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const Descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0)
        (void)::fsync(fd.get());
}

#endif

}  // namespace

void write_file_atomically(const fs::path& requested,
                           const std::function<void(std::ostream&)>& fill) {
    // Through a symbolic link to the file it names, which is replaced (the
    // link is kept); a dangling link is replaced by the file.
    fs::path file = requested;
    std::error_code ec;
    if (fs::is_symlink(requested, ec)) {
        const fs::path target = fs::canonical(requested, ec);
        if (!ec)
            file = target;
    }
#if defined(SHORTLIST_HAVE_MMAP)
    fs::path tmp;
    int fd = create_temporary(file, tmp);
    try {
        {
            DescriptorBuf buf(fd);
            std::ostream out(&buf);
            fill(out);
            out.flush();
            if (!out || buf.error() != 0)
                throw write_error(requested, std::string("write failed: ") +
                                                 std::strerror(buf.error() ? buf.error() : EIO));
        }
        // The bytes reach the disk before the name does: after a crash the
        // file is the old one or the new one, never a truncated new one.
        if (::fsync(fd) != 0)
            throw write_error(requested, std::string("write failed: ") + std::strerror(errno));
        const int closed = ::close(fd);
        fd = -1;
        if (closed != 0)
            throw write_error(requested, std::string("write failed: ") + std::strerror(errno));
        fs::rename(tmp, file, ec);
        if (ec)
            throw write_error(requested, "cannot replace file: " + ec.message());
        sync_directory(file);
    } catch (...) {
        if (fd >= 0)
            (void)::close(fd);
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    }
#else
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::random_device rd;
    std::string name(1, '.');
    name += file.filename().string();
    name += ".tmp-";
    name += std::to_string(rd() % 1000000);
    const fs::path tmp = dir / name;
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out)
                throw write_error(requested, std::string("cannot write: ") + std::strerror(errno));
            fill(out);
            out.close();
            if (!out)
                throw write_error(requested, "write failed (disk full?)");
        }
        fs::rename(tmp, file, ec);
        if (ec)
            throw write_error(requested, "cannot replace file: " + ec.message());
    } catch (...) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    }
#endif
}

std::string_view strip_bom(std::string_view text) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
        text.remove_prefix(3);
    return text;
}

}  // namespace shortlist::detail

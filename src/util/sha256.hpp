// SHA-256 (FIPS 180-4), for the audit block's file hashes. Our own: the design
// card has no OpenSSL, and Boost 1.74 has SHA-1 only (uuid/detail/sha1.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace shortlist::detail {

/// Incremental SHA-256: update() any number of times, then hex() once.
class Sha256 {
  public:
    Sha256() noexcept;
    void update(std::string_view bytes) noexcept;
    /// The digest of everything given, as 64 lowercase hex digits. The
    /// object is spent afterwards (construct a new one for another digest).
    [[nodiscard]] std::string hex() noexcept;

  private:
    void block(const unsigned char* p) noexcept;
    std::array<std::uint32_t, 8> h_;
    std::array<unsigned char, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;  ///< bytes given so far
};

/// SHA-256 of `bytes`, in hex.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// SHA-256 of a file's bytes, read in blocks (memory does not grow with the
/// file). Throws UsageError (file, NotFound) if it cannot be read.
[[nodiscard]] std::string sha256_file(const std::filesystem::path& file);

}  // namespace shortlist::detail

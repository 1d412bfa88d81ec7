// SHA-256 (FIPS 180-4), for the audit block's file hashes: OpenSSL's libcrypto
// (EVP), which uses the CPU's SHA extensions or vector units where it has
// them. It is built into the `shortlist::audit` target, not the scoring core,
// so that a program that only scores does not link libcrypto
// (docs/architecture.md).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace shortlist::detail {

/// Incremental SHA-256: update() any number of times, then hex() once.
class Sha256 {
  public:
    Sha256();  ///< throws std::bad_alloc if libcrypto cannot set up a digest
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view bytes) noexcept;
    /// The digest of everything given, as 64 lowercase hex digits. The
    /// object is spent afterwards (construct a new one for another digest).
    [[nodiscard]] std::string hex() noexcept;

  private:
    evp_md_ctx_st* ctx_;
};

/// SHA-256 of `bytes`, in hex.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// SHA-256 of a file's bytes, hashed where they lie: a regular file is mapped
/// (as the loaders map it, so the bytes come from the disk once and are never
/// copied), anything else is read. Throws UsageError (file, NotFound) if it
/// cannot be read.
[[nodiscard]] std::string sha256_file(const std::filesystem::path& file);

}  // namespace shortlist::detail

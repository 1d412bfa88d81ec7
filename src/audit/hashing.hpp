// The audit's hashing, in one place: every SHA-256 the audit record and verify
// take goes through these (the implementation may change; the record's hex
// digests may not).
#pragma once

#include <filesystem>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>

namespace shortlist::audit {

/// SHA-256 of `bytes`, 64 lowercase hex digits.
[[nodiscard]] std::string sha256_of(std::string_view bytes);

/// SHA-256 of a file's bytes, read in blocks. Throws UsageError (file,
/// NotFound) if it cannot be read.
[[nodiscard]] std::string sha256_of_file(const std::filesystem::path& file);

/// Passes bytes to `next` and hashes them on the way.
class HashingBuf final : public std::streambuf {
  public:
    explicit HashingBuf(std::streambuf* next);
    ~HashingBuf() override;
    HashingBuf(const HashingBuf&) = delete;
    HashingBuf& operator=(const HashingBuf&) = delete;
    /// The digest of everything passed (once).
    [[nodiscard]] std::string hex();

  protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

  private:
    struct State;
    std::streambuf* next_;
    std::unique_ptr<State> state_;
};

}  // namespace shortlist::audit

#include "util/sha256.hpp"

#include <array>
#include <new>

#include <openssl/evp.h>

#include "util/io.hpp"

namespace shortlist::detail {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx_);
        throw std::bad_alloc();
    }
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(ctx_);
}

void Sha256::update(std::string_view bytes) noexcept {
    // SHA-256 over memory cannot fail once the context is set up.
    (void)EVP_DigestUpdate(ctx_, bytes.data(), bytes.size());
}

std::string Sha256::hex() noexcept {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    (void)EVP_DigestFinal_ex(ctx_, digest.data(), &size);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(2 * std::size_t{size}, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 0xF];
    }
    return out;
}

std::string sha256_hex(std::string_view bytes) {
    Sha256 s;
    s.update(bytes);
    return s.hex();
}

std::string sha256_file(const std::filesystem::path& file) {
    const MappedFile bytes(file);  // the loaders' "cannot open file" errors
    return sha256_hex(bytes.text());
}

}  // namespace shortlist::detail

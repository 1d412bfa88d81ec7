#include "audit/hashing.hpp"

#include "util/sha256.hpp"

namespace shortlist::audit {

std::string sha256_of(std::string_view bytes) {
    return detail::sha256_hex(bytes);
}

std::string sha256_of_file(const std::filesystem::path& file) {
    return detail::sha256_file(file);
}

struct HashingBuf::State {
    detail::Sha256 sha;
};

HashingBuf::HashingBuf(std::streambuf* next) : next_(next), state_(std::make_unique<State>()) {}

HashingBuf::~HashingBuf() = default;

std::string HashingBuf::hex() {
    return state_->sha.hex();
}

HashingBuf::int_type HashingBuf::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof()))
        return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    state_->sha.update({&ch, 1});
    return next_->sputc(ch);
}

std::streamsize HashingBuf::xsputn(const char* s, std::streamsize n) {
    state_->sha.update({s, static_cast<std::size_t>(n)});
    return next_->sputn(s, n);
}

int HashingBuf::sync() {
    return next_->pubsync();
}

}  // namespace shortlist::audit

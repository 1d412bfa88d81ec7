// The stream's blocked Bloom filter of applicant ids (id_filter.hpp).
#include "scoring/stream/id_filter.hpp"

#include <algorithm>

#include "evidence/internal.hpp"

namespace shortlist::detail {

namespace {

__extension__ using u128 = unsigned __int128;

std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace

IdFilter::IdFilter(std::uintmax_t ids) {
    const std::uintmax_t bits =
        std::clamp<std::uintmax_t>(ids * 32, 1 << 19, std::uintmax_t{1} << 27);
    blocks_.resize(static_cast<std::size_t>(bits / 512));
}

std::uint64_t IdFilter::hash(std::string_view id) noexcept {
    return mix(hash_id(id));
}

std::size_t IdFilter::block_of(std::uint64_t hash) const noexcept {
    // hash * blocks / 2^64: a block in [0, blocks) (Lemire's multiply-shift).
    return static_cast<std::size_t>((u128{hash} * blocks_.size()) >> 64);
}

void IdFilter::prefetch(std::uint64_t hash) const noexcept {
    __builtin_prefetch(&blocks_[block_of(hash)], 1);
}

bool IdFilter::test_and_set(std::uint64_t hash) noexcept {
    Block& block = blocks_[block_of(hash)];
    // Eight bits of the block's 512, nine bits of hash each: seven from a
    // second hash, one from the first's low bits (the block comes from its
    // high ones). Not by double hashing, whose runs of bits in so small a
    // block overlap for one pair of ids in some ten thousand.
    const std::uint64_t h2 = mix(hash ^ 0x9e3779b97f4a7c15ULL);
    bool seen = true;
    for (int k = 0; k < 8; ++k) {
        const auto bit = static_cast<unsigned>(k < 7 ? h2 >> (9 * k) : hash) & 511U;
        std::uint64_t& word = block.words[bit >> 6];
        const std::uint64_t m = std::uint64_t{1} << (bit & 63);
        seen = seen && (word & m) != 0;
        word |= m;
    }
    return seen;
}

}  // namespace shortlist::detail

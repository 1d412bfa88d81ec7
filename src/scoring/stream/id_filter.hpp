// The applicant ids a stream has seen, as a blocked Bloom filter
// (docs/streaming.md): a repeated id is caught across parts in bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace shortlist::detail {

/// "Maybe seen" for an id that was, and now and then for one that was not
/// (each such id is confirmed by reading the file again). The bits of an id
/// lie in one 64-byte block, so a test touches one cache line; at most 16 MiB,
/// whatever the file's size (13 bits an id at 10 million: some thousands of
/// false "maybe"s, each a few dozen bytes until the second pass reads the
/// applicants file again).
class IdFilter {
  public:
    /// For about `ids` ids: 32 bits each (8 hashes: a false "maybe" about
    /// once in 10 million ids at half that many, as the stream sizes it, so
    /// that a file of a million ids is seldom read twice), 64 KiB to 16 MiB.
    explicit IdFilter(std::uintmax_t ids);

    /// The id's hash, as test_and_set takes it.
    [[nodiscard]] static std::uint64_t hash(std::string_view id) noexcept;
    /// Ask for the hash's block ahead of test_and_set (a batch of ids hides
    /// the memory's latency).
    void prefetch(std::uint64_t hash) const noexcept;
    /// Add the id of this hash; true if it may have been added before.
    bool test_and_set(std::uint64_t hash) noexcept;

  private:
    struct alignas(64) Block {
        std::uint64_t words[8] = {};
    };
    [[nodiscard]] std::size_t block_of(std::uint64_t hash) const noexcept;
    std::vector<Block> blocks_;
};

}  // namespace shortlist::detail

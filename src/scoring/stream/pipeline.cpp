// A stream's parts, each used while the next is read (parts.hpp;
// docs/architecture.md, "Threads").
#include <array>

#include "scoring/stream/parts.hpp"
#include "util/parallel.hpp"

namespace shortlist::detail {

void for_each_part(Parts& parts, const std::function<void(const Part&)>& read,
                   const std::function<bool(Part&)>& use) {
    std::array<Part, 2> part;
    bool have = parts.next(part[0]);
    if (have)
        read(part[0]);
    for (std::size_t now = 0; have; now ^= 1) {
        bool more = false;
        bool go_on = true;
        // The reading on this thread: the parts' large buffers are then all
        // allocated by one thread (so from one malloc arena, which a new
        // thread for each part would multiply).
        const auto read_next = [&] {
            more = parts.next(part[now ^ 1]);
            if (more)
                read(part[now ^ 1]);
        };
        const auto use_now = [&] { go_on = use(part[now]); };
        if (!run_beside(worth_splitting(2, 2), use_now, read_next)) {
            use_now();
            if (go_on)
                read_next();
        }
        if (!go_on)
            return;
        have = more;
    }
}

}  // namespace shortlist::detail

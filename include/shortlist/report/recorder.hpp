// What a report built from files tells about its run as it runs: each input
// before it is read, the seed of any draws, where its result will go (an
// output that is one of the inputs is refused before anything is read). The
// audit record (Audit in shortlist/audit.hpp) is such a recorder; this base
// records nothing, for a program that wants the report without a record (and
// without hashing every input).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "shortlist/rulebook.hpp"

namespace shortlist {

/// Where a result goes: a file (atomically), or standard output; and where
/// its record goes when it is not inside the document.
struct ResultDestination {
    std::optional<std::filesystem::path> file;
    std::optional<std::filesystem::path> record;
};

class RunRecorder {
  public:
    RunRecorder() = default;
    RunRecorder(const RunRecorder&) = default;
    RunRecorder& operator=(const RunRecorder&) = default;
    virtual ~RunRecorder() = default;

    /// The rulebook file and every framework file it resolved.
    virtual void rulebook(const Rulebook& /*rulebook*/) {}
    /// One of several rulebooks (`compare`'s "a" and "b").
    virtual void rulebook(const Rulebook& /*rulebook*/, const std::string& /*side*/) {}
    /// An input file, before it is read.
    virtual void input(std::string /*role*/, const std::filesystem::path& /*path*/) {}
    /// An input file the run reads whole, once, front to back: the recorder
    /// may take its bytes as they are read, through the function it returns
    /// (called with consecutive parts of the file, in order, never on two
    /// threads at once), rather than read the file now. inputs_read() must
    /// follow once the run has read its inputs. By default: input(), and no
    /// function.
    virtual std::function<void(std::string_view)> input_as_read(std::string role,
                                                                const std::filesystem::path& path) {
        input(std::move(role), path);
        return {};
    }
    /// The inputs given to input_as_read() have been read; any whose bytes
    /// were not all passed is read now.
    virtual void inputs_read() {}
    virtual void seed(std::uint64_t /*seed*/) {}
    /// The file the JSON result document will be (none: standard output).
    virtual void result_path(const std::optional<std::filesystem::path>& /*path*/) {}
    /// Throws UsageError if `out` is one of the inputs recorded so far;
    /// `option` names the option in the message.
    virtual void refuse_overwriting_inputs(const std::filesystem::path& /*out*/,
                                           std::string_view /*option*/) const {}

    /// The same for DIR/<name> for each of `names` and DIR/audit.json: a
    /// --csv DIR refused before the run reads anything.
    void refuse_overwriting_inputs_in(const std::filesystem::path& dir,
                                      std::span<const std::string_view> names) const {
        for (const auto name : names)
            refuse_overwriting_inputs(dir / name, "--csv");
        refuse_overwriting_inputs(dir / "audit.json", "--csv");
    }
};

}  // namespace shortlist

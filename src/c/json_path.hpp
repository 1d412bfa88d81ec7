// Where in an application's JSON a library error points, as a JSON path
// ("$.ratings[0].score"): the C interface names places that way, since the
// text it is given has no file and often no lines (docs/bindings.md).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "util/json.hpp"

namespace shortlist::capi {

/// Every value's (and every object key's) line and column in a parsed
/// document, mapped to the value's JSON path.
class JsonPaths {
  public:
    explicit JsonPaths(const detail::JsonValue& document) { add(document, "$"); }

    /// The path of the value or key at (line, column), or nullptr.
    [[nodiscard]] const std::string* find(std::size_t line, std::size_t column) const;

  private:
    void add(const detail::JsonValue& v, const std::string& path);
    std::map<std::pair<std::size_t, std::size_t>, std::string> paths_;
};

/// `key` appended to `path` as ".key", or as ["key"] when it is not a plain name.
[[nodiscard]] std::string member_path(const std::string& path, const std::string& key);

}  // namespace shortlist::capi

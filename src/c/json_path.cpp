#include "c/json_path.hpp"

namespace shortlist::capi {

std::string member_path(const std::string& path, const std::string& key) {
    bool plain = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
    for (const char c : key) {
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_');
    }
    if (plain)
        return path + "." + key;
    return path + "[" + detail::json_quote(key) + "]";
}

void JsonPaths::add(const detail::JsonValue& v, const std::string& path) {
    paths_.emplace(std::pair{v.line, v.column}, path);
    if (const auto* members = v.object()) {
        for (const auto& m : *members) {
            std::string inner = member_path(path, m.key);
            paths_.emplace(std::pair{m.line, m.column}, inner);
            add(m.value, inner);
        }
    } else if (const auto* items = v.array()) {
        for (std::size_t i = 0; i < items->size(); ++i)
            add((*items)[i], path + "[" + std::to_string(i) + "]");
    }
}

const std::string* JsonPaths::find(std::size_t line, std::size_t column) const {
    const auto it = paths_.find({line, column});
    return it == paths_.end() ? nullptr : &it->second;
}

}  // namespace shortlist::capi

// The audit record in JSON (private): written into a document at the writer's
// place, and read back from a parsed value.
#pragma once

#include <optional>
#include <string>

#include "shortlist/audit.hpp"
#include "util/json.hpp"

namespace shortlist::audit {

/// The record as a JSON object (at the writer's current place).
void write_record(detail::JsonWriter& w, const AuditRecord& record);

/// Read a record back; nullopt (and `why`) if the value is not one.
[[nodiscard]] std::optional<AuditRecord> read_record(const detail::JsonValue& v, std::string& why);

}  // namespace shortlist::audit

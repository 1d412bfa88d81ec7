#include "shortlist/error.hpp"

#include <utility>

namespace shortlist {

std::string to_string(const SourceLocation& where) {
    std::string s = where.file.empty() ? std::string("<input>") : where.file;
    if (where.line > 0) {
        s += ':' + std::to_string(where.line);
        if (where.column > 0)
            s += ':' + std::to_string(where.column);
    }
    return s;
}

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return "InvalidArgument";
        case ErrorCode::NotFound:
            return "NotFound";
        case ErrorCode::OutOfRange:
            return "OutOfRange";
        case ErrorCode::AlreadyExists:
            return "AlreadyExists";
        case ErrorCode::FailedPrecondition:
            return "FailedPrecondition";
    }
    return "Unknown";
}

std::string format(const Diagnostic& d) {
    return to_string(d.location) + ": error: " + d.message;
}

namespace {
std::string join(const std::vector<Diagnostic>& ds) {
    std::string s;
    for (const auto& d : ds) {
        if (!s.empty())
            s += '\n';
        s += format(d);
    }
    return s;
}
std::vector<Diagnostic> non_empty(std::vector<Diagnostic> ds) {
    if (ds.empty())
        ds.push_back({{}, ErrorCode::InvalidArgument, "unknown error"});
    return ds;
}
}  // namespace

Error::Error(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(non_empty(diagnostics))),
      diagnostics_(non_empty(std::move(diagnostics))) {}

Error::Error(SourceLocation where, ErrorCode code, std::string message)
    : Error(std::vector<Diagnostic>{{std::move(where), code, std::move(message)}}) {}

}  // namespace shortlist

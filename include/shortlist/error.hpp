// Errors: one hierarchy, each carrying where in which file it happened.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shortlist {

/// A place in an input file. Line and column are 1-based; 0 means "not known"
/// (for example a whole-file problem has line 0).
struct SourceLocation {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;

    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

/// "file:line:col" (parts that are not known are left out).
[[nodiscard]] std::string to_string(const SourceLocation& where);

/// Canonical error codes, after abseil's Status codes.
enum class ErrorCode {
    InvalidArgument,     ///< the input is malformed or breaks a rule
    NotFound,            ///< a referenced thing (file, criterion, applicant) does not exist
    OutOfRange,          ///< a value lies outside what is allowed (score off its scale)
    AlreadyExists,       ///< a duplicate (id, key, rating row)
    FailedPrecondition,  ///< the data cannot be used as asked (e.g. conflicting ratings)
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

/// One problem found in an input, with its place.
struct Diagnostic {
    SourceLocation location;
    ErrorCode code = ErrorCode::InvalidArgument;
    std::string message;

    friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// "file:line:col: error: message", the form editors jump to.
[[nodiscard]] std::string format(const Diagnostic& d);

/// Base of every exception the library throws. what() reads
/// "file:line:col: error: message" for the first diagnostic, followed by one
/// line for each further diagnostic.
class Error : public std::runtime_error {
  public:
    explicit Error(std::vector<Diagnostic> diagnostics);
    Error(SourceLocation where, ErrorCode code, std::string message);

    [[nodiscard]] const SourceLocation& location() const noexcept {
        return diagnostics_.front().location;
    }
    [[nodiscard]] ErrorCode code() const noexcept { return diagnostics_.front().code; }
    /// The message without its location.
    [[nodiscard]] const std::string& message() const noexcept {
        return diagnostics_.front().message;
    }
    /// Every problem found (at least one).
    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept {
        return diagnostics_;
    }

  private:
    std::vector<Diagnostic> diagnostics_;
};

/// A rulebook or framework file is malformed or inconsistent.
class RulebookError : public Error {
  public:
    using Error::Error;
};

/// Applicant evidence (facts, ratings) is malformed or inconsistent with the rulebook.
class EvidenceError : public Error {
  public:
    using Error::Error;
};

/// The caller asked for something that cannot be done (bad option, unwritable output).
class UsageError : public Error {
  public:
    using Error::Error;
};

}  // namespace shortlist

#pragma once

#include <string>
#include <string_view>

namespace zq {

// Where a Status was made. std::source_location needs __builtin_source_location, which clang 14
// (the fuzzing compiler) lacks with libstdc++ 12; __builtin_FILE/__builtin_LINE work in both.
class SourceLocation {
 public:
  static constexpr SourceLocation current(const char* file = __builtin_FILE(),
                                          unsigned line = __builtin_LINE()) noexcept {
    return SourceLocation(file, line);
  }

  constexpr SourceLocation() = default;

  constexpr const char* file_name() const noexcept { return file_; }

  constexpr unsigned line() const noexcept { return line_; }

 private:
  constexpr SourceLocation(const char* file, unsigned line) : file_(file), line_(line) {}

  const char* file_ = "";
  unsigned line_ = 0;
};

// The kinds of failure that cross module boundaries. api/error_mapping.cc maps each to HTTP.
enum class StatusCode {
  kOk,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

// "INVALID_ARGUMENT" etc.: the code as it appears in the API's error body.
std::string_view StatusCodeName(StatusCode code);

// The outcome of an operation: ok, or a code with a message, the input field it concerns (may be
// empty) and where in our code it was made. Cheap to copy when ok. Not thread-safe to mutate.
class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  Status(StatusCode code, std::string message, std::string field = {},
         SourceLocation location = ::zq::SourceLocation::current());

  static Status Ok() { return Status(); }

  static Status InvalidArgument(std::string message, std::string field = {},
                                SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field), loc);
  }

  static Status NotFound(std::string message, std::string field = {},
                         SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kNotFound, std::move(message), std::move(field), loc);
  }

  static Status AlreadyExists(std::string message, std::string field = {},
                              SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kAlreadyExists, std::move(message), std::move(field), loc);
  }

  static Status FailedPrecondition(std::string message, std::string field = {},
                                   SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kFailedPrecondition, std::move(message), std::move(field), loc);
  }

  static Status PermissionDenied(std::string message, std::string field = {},
                                 SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kPermissionDenied, std::move(message), std::move(field), loc);
  }

  static Status Unauthenticated(std::string message,
                                SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kUnauthenticated, std::move(message), {}, loc);
  }

  static Status ResourceExhausted(std::string message, std::string field = {},
                                  SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kResourceExhausted, std::move(message), std::move(field), loc);
  }

  static Status Unavailable(std::string message,
                            SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kUnavailable, std::move(message), {}, loc);
  }

  static Status Internal(std::string message,
                         SourceLocation loc = ::zq::SourceLocation::current()) {
    return Status(StatusCode::kInternal, std::move(message), {}, loc);
  }

  bool ok() const { return code_ == StatusCode::kOk; }

  StatusCode code() const { return code_; }

  const std::string& message() const { return message_; }

  const std::string& field() const { return field_; }

  const SourceLocation& location() const { return location_; }

  // "INVALID_ARGUMENT: check character mismatch [uscc]" for logs and the CLI.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  SourceLocation location_;
};

// Invariant check, always on (Envoy's RELEASE_ASSERT). Never use it on input.
[[noreturn]] void CheckFailed(const char* condition, SourceLocation location);

}  // namespace zq

#define ZQ_CHECK(cond)                                           \
  do {                                                           \
    if (!(cond))                                                 \
      ::zq::CheckFailed(#cond, ::zq::SourceLocation::current()); \
  } while (false)

#define ZQ_STATUS_CONCAT_INNER(a, b) a##b
#define ZQ_STATUS_CONCAT(a, b) ZQ_STATUS_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` (a Status) is not ok. The temporary
// gets a unique name so that the macro nests (e.g. inside a lambda passed to another use).
#define ZQ_RETURN_IF_ERROR(expr) \
  ZQ_RETURN_IF_ERROR_IMPL(ZQ_STATUS_CONCAT(zq_status_tmp_, __COUNTER__), expr)

#define ZQ_RETURN_IF_ERROR_IMPL(tmp, expr) \
  do {                                     \
    ::zq::Status tmp = (expr);             \
    if (!tmp.ok())                         \
      return tmp;                          \
  } while (false)

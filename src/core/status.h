#pragma once

#include <source_location>
#include <string>
#include <string_view>

namespace zq {

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
         std::source_location location = std::source_location::current());

  static Status Ok() { return Status(); }

  static Status InvalidArgument(std::string message, std::string field = {},
                                std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field), loc);
  }

  static Status NotFound(std::string message, std::string field = {},
                         std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kNotFound, std::move(message), std::move(field), loc);
  }

  static Status AlreadyExists(std::string message, std::string field = {},
                              std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kAlreadyExists, std::move(message), std::move(field), loc);
  }

  static Status FailedPrecondition(std::string message, std::string field = {},
                                   std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kFailedPrecondition, std::move(message), std::move(field), loc);
  }

  static Status PermissionDenied(std::string message, std::string field = {},
                                 std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kPermissionDenied, std::move(message), std::move(field), loc);
  }

  static Status Unauthenticated(std::string message,
                                std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kUnauthenticated, std::move(message), {}, loc);
  }

  static Status ResourceExhausted(std::string message, std::string field = {},
                                  std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kResourceExhausted, std::move(message), std::move(field), loc);
  }

  static Status Unavailable(std::string message,
                            std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kUnavailable, std::move(message), {}, loc);
  }

  static Status Internal(std::string message,
                         std::source_location loc = std::source_location::current()) {
    return Status(StatusCode::kInternal, std::move(message), {}, loc);
  }

  bool ok() const { return code_ == StatusCode::kOk; }

  StatusCode code() const { return code_; }

  const std::string& message() const { return message_; }

  const std::string& field() const { return field_; }

  const std::source_location& location() const { return location_; }

  // "INVALID_ARGUMENT: check character mismatch [uscc]" for logs and the CLI.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  std::source_location location_;
};

// Invariant check, always on (Envoy's RELEASE_ASSERT). Never use it on input.
[[noreturn]] void CheckFailed(const char* condition, std::source_location location);

}  // namespace zq

#define ZQ_CHECK(cond)                                           \
  do {                                                           \
    if (!(cond))                                                 \
      ::zq::CheckFailed(#cond, std::source_location::current()); \
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

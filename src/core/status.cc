#include "core/status.h"

#include <cstdio>
#include <cstdlib>

namespace zq {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StatusCode::kNotFound:
      return "NOT_FOUND";
    case StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    case StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case StatusCode::kInternal:
      return "INTERNAL";
  }
  return "UNKNOWN";
}

Status::Status(StatusCode code, std::string message, std::string field, SourceLocation location)
    : code_(code), message_(std::move(message)), field_(std::move(field)), location_(location) {}

std::string Status::ToString() const {
  if (ok())
    return "OK";
  std::string out(StatusCodeName(code_));
  out += ": ";
  out += message_;
  if (!field_.empty()) {
    out += " [";
    out += field_;
    out += "]";
  }
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok())
    return *this;
  Status copy = *this;
  copy.message_ = std::string(context) + ": " + message_;
  return copy;
}

void CheckFailed(const char* condition, SourceLocation location) {
  std::fprintf(stderr, "ZQ_CHECK failed: %s at %s:%u\n", condition, location.file_name(),
               static_cast<unsigned>(location.line()));
  std::abort();
}

}  // namespace zq

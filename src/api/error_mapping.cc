#include "api/error_mapping.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace zq::api {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Response HttpError(int http_status, std::string_view code, std::string_view message,
                   std::string_view field) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty())
    error["field"] = field;
  return Response::Json({{"error", error}}, http_status);
}

Response ErrorResponse(const Status& status, std::string_view request_id) {
  if (status.code() == StatusCode::kInternal) {
    spdlog::error("request {}: {} ({}:{})", request_id, status.message(),
                  status.location().file_name(), status.location().line());
    return HttpError(500, "INTERNAL",
                     "internal error; quote request id " + std::string(request_id));
  }
  if (status.code() == StatusCode::kUnavailable) {
    spdlog::warn("request {}: {}", request_id, status.message());
    return HttpError(503, "UNAVAILABLE", "the service is temporarily unavailable");
  }
  return HttpError(HttpStatusFor(status.code()), StatusCodeName(status.code()), status.message(),
                   status.field());
}

}  // namespace zq::api

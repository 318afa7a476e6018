#pragma once

#include "api/http.h"
#include "core/status.h"

namespace zq::api {

// The only place that knows HTTP status codes for our errors:
// INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404,
// ALREADY_EXISTS and FAILED_PRECONDITION 409, RESOURCE_EXHAUSTED 429, UNAVAILABLE 503,
// INTERNAL 500. The body is {"error":{"code":"…","message":"…","field":"…"}}; an internal
// error never carries its message to the client (it is logged with the request id instead).
int HttpStatusFor(StatusCode code);
Response ErrorResponse(const Status& status, std::string_view request_id);

// An error that arises in HTTP itself (unknown route 404, method 405, body too large 413).
Response HttpError(int http_status, std::string_view code, std::string_view message,
                   std::string_view field = {});

}  // namespace zq::api

#pragma once
// The `headers` parameter of the routes that export files for people (core/export_headers.h):
// documented once, read once.
#include "api/http.h"
#include "api/router.h"
#include "core/export_headers.h"
#include "core/result.h"

namespace zq::api {

ParamSpec ExportHeadersParam();

// zh when absent (the console is Chinese by default); kInvalidArgument (field "headers") for
// anything but codes, zh or en.
Result<ExportHeaders> ExportHeadersOf(const Request& req);

}  // namespace zq::api

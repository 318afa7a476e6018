#include "api/export_params.h"

namespace zq::api {

ParamSpec ExportHeadersParam() {
  return {.name = "headers",
          .description =
              "zh (default: Chinese headers and labels, names beside codes, Beijing "
              "time) | en (English headers, names beside codes, Beijing time) | codes "
              "(the machine layout: field names, code values, UTC)"};
}

Result<ExportHeaders> ExportHeadersOf(const Request& req) {
  return ParseExportHeaders(req.HasQuery("headers") ? req.Query("headers") : "zh");
}

}  // namespace zq::api

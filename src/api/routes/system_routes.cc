// GET /api/v1/health.
#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/context.h"
#include "store/database.h"

namespace zq::api {

void AddSystemRoutes(Router& router, app::Context& services) {
  router.Add(
      RouteSpec{"GET",
                "/api/v1/health",
                "Liveness and the database the server uses",
                "system",
                {},
                "",
                {503},
                "application/json",
                [&services](const Request&, RequestContext&) -> Result<Response> {
                  ZQ_ASSIGN_OR_RETURN(int version, services.db().SchemaVersion());
                  return Response::Json({{"status", "ok"},
                                         {"database", store::BackendName(services.db().backend())},
                                         {"schema_version", version}});
                }},
      Access::kPublic);
}

}  // namespace zq::api

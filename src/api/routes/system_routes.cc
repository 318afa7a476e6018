// GET /api/v1/health.
#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/context.h"
#include "store/database.h"

namespace zq::api {

void AddSystemRoutes(Router& router, app::Context& services) {
  router.Add({.route = "GET /api/v1/health",
              .access = Access::kPublic,
              .summary = "Liveness, the database the server uses and its event consumers' lag",
              .errors = {503},
              .handler = [&services](const Request&, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(int version, services.db().SchemaVersion());
                // Each domain-event consumer's lag: events stored but not yet delivered to it.
                ZQ_ASSIGN_OR_RETURN(const auto consumers,
                                    services.Get<events::EventDispatcher>().Consumers());
                nlohmann::json lag = nlohmann::json::array();
                for (const events::ConsumerState& c : consumers)
                  lag.push_back({{"consumer", c.consumer}, {"lag", c.lag}});
                return Response::Json({{"status", "ok"},
                                       {"database", store::BackendName(services.db().backend())},
                                       {"schema_version", version},
                                       {"event_consumers", lag}});
              }});
}

}  // namespace zq::api

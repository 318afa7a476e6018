// GET /api/v1/dashboard: the counts behind the console's overview (总览), for the caller's
// jurisdiction or a region within it (issue 4).
#include <nlohmann/json.hpp>

#include "api/routes/registry_json.h"
#include "api/routes/routes.h"

namespace zq::api {

namespace {

nlohmann::json CountsJson(const std::vector<registry::EntityStats::Count>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const registry::EntityStats::Count& c : counts) {
    out.push_back({{"code", c.code}, {"name", c.name}, {"count", c.count}});
  }
  return out;
}

}  // namespace

void AddDashboardRoutes(Router& router, app::Context& services) {
  registry::Registry& reg = services.Get<registry::Registry>();
  router.Add(
      {.route = "GET /api/v1/dashboard",
       .access = Access::kOfficial,
       .summary =
           "Entity counts by sub-region, industry section and status, and the latest records",
       .params =
           {{.name = "region",
             .description =
                 "GB/T 2260 code within the caller's jurisdiction; default: the jurisdiction"},
            {.name = "latest",
             .type = ParamType::kInteger,
             .description = "how many recent entities, 0 to 50 (default 10)"}},
       .errors = {404},
       .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
         std::string region = req.Query("region");
         if (region.empty()) {
           region = ctx.caller.region_code;
         }
         int latest = 10;
         ZQ_RETURN_IF_ERROR(ReadInt(req, "latest", 10, latest));
         if (latest < 0 || latest > 50) {
           return Status::InvalidArgument("latest is 0 to 50", "latest");
         }
         ZQ_ASSIGN_OR_RETURN(const auto code, RegionParam(region, "region"));
         ZQ_ASSIGN_OR_RETURN(registry::EntityStats stats, reg.StatsFor(ctx.caller, code, latest));
         nlohmann::json region_json = nullptr;
         if (!region.empty()) {
           ZQ_ASSIGN_OR_RETURN(registry::Region r, reg.GetRegion(region));
           region_json = RegionJson(r);
         }
         nlohmann::json recent = nlohmann::json::array();
         for (const registry::MarketEntity& e : stats.latest) {
           recent.push_back(EntityJson(e));
         }
         return Response::Json({{"region", region_json},
                                {"total", stats.total},
                                {"by_region", CountsJson(stats.by_region)},
                                {"by_industry", CountsJson(stats.by_industry)},
                                {"by_status", CountsJson(stats.by_status)},
                                {"latest", recent}});
       }});
}

}  // namespace zq::api

// GET /api/v1/credit/distribution: the class distribution (信用风险分类分布) of the caller's
// jurisdiction or a region within it, by sub-region and industry section, for the console's
// credit overview (issue 6).
#include <nlohmann/json.hpp>

#include "api/routes/routes.h"
#include "credit/credit_distribution.h"

namespace zq::api {
namespace {

using credit::ClassDistribution;

nlohmann::json CountsJson(const ClassDistribution::Counts& c) {
  return {{"A", c[0]}, {"B", c[1]}, {"C", c[2]}, {"D", c[3]}};
}

nlohmann::json GroupsJson(const std::vector<ClassDistribution::Group>& groups) {
  nlohmann::json out = nlohmann::json::array();
  for (const ClassDistribution::Group& g : groups) {
    out.push_back({{"code", g.code},
                   {"name", g.name},
                   {"counts", CountsJson(g.counts)},
                   {"graded", g.graded}});
  }
  return out;
}

}  // namespace

void AddCreditDistributionRoutes(Router& router, app::Context& services) {
  router.Add(
      {.route = "GET /api/v1/credit/distribution",
       .access = Access::kOfficial,
       .summary = "Risk class distribution (信用风险分类分布) of active entities by sub-region and "
                  "industry "
                  "section; never-graded entities have the rule set's class for no events",
       .params =
           {{.name = "region",
             .description =
                 "GB/T 2260 code within the caller's jurisdiction; default: the jurisdiction"}},
       .errors = {404},
       .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const auto region, QueryRegion(req));
         ZQ_ASSIGN_OR_RETURN(
             const ClassDistribution d,
             credit::ClassDistributionFor(services.db(), services.Get<registry::Registry>(),
                                          services.Get<credit::CreditService>(), services.clock(),
                                          ctx.caller, region));
         return Response::Json({{"region_code", d.region_code},
                                {"rule_version", d.rule_version},
                                {"as_of", d.as_of},
                                {"default_class", d.default_class},
                                {"total", CountsJson(d.total)},
                                {"graded", d.graded},
                                {"by_region", GroupsJson(d.by_region)},
                                {"by_industry", GroupsJson(d.by_industry)}});
       }});
}

}  // namespace zq::api

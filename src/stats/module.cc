// The stats module's manifest (质量统计): the indicator catalogue and values (IndicatorStore,
// indicators.h) with their routes, and the statistical engines behind them — stratified pass
// rates (stratified.h), PLS path modelling for the satisfaction index (plspm.h), composite
// indices and grades (composite.h).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/router.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/commands.h"
#include "inspection/pass_rate_store.h"
#include "stats/indicators.h"
#include "stats/stats_commands.h"

namespace zq::stats {

// The indicator catalogue and values (read by officials within their jurisdiction, by the public
// where the indicator is published) and the spot-check pass rate by region from the cube.
void AddIndicatorRoutes(api::Router& router, app::Context& context);

namespace {

using nlohmann::json;

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json DefinitionJson(const IndicatorDefinition& d) {
  return {{"code", d.code},
          {"version", d.version},
          {"valid_from", d.valid_from},
          {"valid_to", d.valid_to ? json(*d.valid_to) : json(nullptr)},
          {"name_zh", d.name_zh},
          {"name_en", d.name_en},
          {"definition", d.definition},
          {"formula", d.formula},
          {"unit", d.unit},
          {"direction", d.direction},
          {"data_source", d.data_source},
          {"aggregation", d.aggregation},
          {"published", d.publication == Publication::kPublished}};
}

json ValueJson(const IndicatorValue& v) {
  json inputs = json::parse(v.inputs, nullptr, false);
  return {{"indicator", v.indicator_code},
          {"rule_version", v.rule_version},
          {"region_code", v.region_code},
          {"period", v.period},
          {"value", v.value},
          {"lower", Optional(v.lower)},
          {"upper", Optional(v.upper)},
          {"interval_method", v.interval_method},
          {"inputs", inputs.is_discarded() ? json(v.inputs) : inputs},
          {"computed_at", v.computed_at}};
}

struct ComputeRequest {
  std::string from, to, region;
};

const api::Body<ComputeRequest> kComputeBody =
    api::Body<ComputeRequest>()
        .Member("from", &ComputeRequest::from, api::Presence::kRequired,
                {.description = "first month, YYYY-MM"})
        .Member("to", &ComputeRequest::to, api::Presence::kRequired,
                {.description = "last month, YYYY-MM"})
        .Member("region", &ComputeRequest::region, api::Presence::kOptional,
                {.description = "GB/T 2260 code within the jurisdiction (default: all of it)"});

}  // namespace

void AddIndicatorRoutes(api::Router& router, app::Context& context) {
  IndicatorStore& indicators = context.Get<IndicatorStore>();
  router.Add(
      {.route = "GET /api/v1/stats/indicators",
       .access = api::Access::kPublic,
       .summary = "The indicator catalogue (指标目录): every indicator for officials, the "
                  "published ones for everyone else; with as_of, the versions valid then",
       .params = {{.name = "as_of", .description = "YYYY-MM-DD"}},
       .handler = [&indicators](const api::Request& req,
                                api::RequestContext& ctx) -> Result<api::Response> {
         const std::string as_of = req.Query("as_of");
         ZQ_ASSIGN_OR_RETURN(
             const auto list,
             indicators.Catalogue(ctx.caller, as_of.empty() ? std::nullopt : std::optional(as_of)));
         return api::Response::Json(api::ItemsJson(list, DefinitionJson));
       }});
  router.Add({.route = "GET /api/v1/stats/indicators/{code}/values",
              .access = api::Access::kPublic,
              .summary = "An indicator's values by region and period with their intervals, "
                         "inputs and rule version: officials within their jurisdiction, the "
                         "public for a published indicator",
              .params = {{.name = "code", .description = "indicator code"},
                         {.name = "region", .description = "GB/T 2260 code: its subtree"},
                         {.name = "period", .description = "e.g. 2026-01..2026-12"}},
              .handler = [&indicators](const api::Request& req,
                                       api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const auto region, api::QueryRegion(req));
                const std::string period = req.Query("period");
                ZQ_ASSIGN_OR_RETURN(
                    const auto list,
                    indicators.Values(ctx.caller, req.path_params.at("code"), region,
                                      period.empty() ? std::nullopt : std::optional(period)));
                return api::Response::Json(api::ItemsJson(list, ValueJson));
              }});
  router.Add(
      {.route = "POST /api/v1/stats/indicators/spot_check_pass_rate/compute",
       .access = api::Access::kWriter,
       .summary = "Compute and store the spot-check pass rate (监督抽查合格率) of the region and "
                  "each region one level below it over the months from–to, from the final "
                  "verdicts, with 95% Wilson intervals (Clopper–Pearson in the inputs)",
       .request_schema = kComputeBody.Schema(),
       .errors = {404},
       .handler = [&indicators, &context](const api::Request& req,
                                          api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const ComputeRequest body, kComputeBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const auto region, api::RegionParam(body.region, "region"));
         auto& store = context.Get<inspection::PassRateStore>();
         ZQ_RETURN_IF_ERROR(store.EnsureLoaded(context.db()));
         const PassRateQuery query = [&store](const inspection::CubeQuery& q) {
           return store.Query(q);
         };
         ZQ_ASSIGN_OR_RETURN(const auto list, indicators.ComputeSpotCheckPassRates(
                                                  query, ctx.caller, region, body.from, body.to));
         return api::Response::Json(api::ItemsJson(list, ValueJson));
       }});
}

app::Module Manifest() {
  app::Module m;
  m.name = "stats";
  m.depends_on = {"inspection"};  // the pass-rate cube of spot-check verdicts
  m.build = [](app::Context& ctx) {
    ctx.Emplace<IndicatorStore>(ctx.db(), ctx.clock());
    return Status::Ok();
  };
  m.start = [](app::Context& ctx) { return ctx.Get<IndicatorStore>().EnsureCatalogue(); };
  m.routes = {app::Routes("stats.indicators", AddIndicatorRoutes)};
  m.commands = {{"stats", [](CLI::App& app) {
                   RegisterStatsCommands(app, [](const Status& status, bool as_json) {
                     cli::FailCommand(status, as_json);
                   });
                 }}};
  return m;
}

}  // namespace zq::stats

// GET /api/v1/workbench: the 工作台 (issue 21). Every module lists its kinds of to-do and its key
// indicators in its manifest (app/workbench.h); this route asks each for the caller.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/app.h"
#include "auth/caller.h"
#include "registry/registry.h"

namespace zq::api {

namespace {

nlohmann::json FigureJson(const app::KpiFigure& f, registry::Registry& registry) {
  nlohmann::json out = {
      {"region_code", f.region_code}, {"name", nullptr}, {"numerator", f.numerator},
      {"denominator", f.denominator}, {"rate", nullptr}, {"interval", nullptr}};
  if (!f.region_code.empty()) {
    if (Result<registry::Region> r = registry.GetRegion(f.region_code); r.ok()) {
      out["name"] = r->name;
    }
  }
  if (f.denominator > 0) {
    out["rate"] = static_cast<double>(f.numerator) / static_cast<double>(f.denominator);
  }
  if (f.low && f.high) {
    out["interval"] = {{"low", *f.low}, {"high", *f.high}, {"confidence", 0.95}};
  }
  return out;
}

Result<nlohmann::json> TodosJson(const std::vector<app::TodoSource>& todos, app::Context& context,
                                 const auth::Caller& caller) {
  nlohmann::json out = nlohmann::json::array();
  for (const app::TodoSource& source : todos) {
    ZQ_ASSIGN_OR_RETURN(const std::optional<app::TodoCount> count, source.count(context, caller));
    if (count) {
      out.push_back({{"key", source.key},
                     {"count", count->count},
                     {"overdue", count->overdue},
                     {"next_due", count->next_due}});
    }
  }
  return out;
}

}  // namespace

void AddWorkbenchRoutes(Router& router, app::App& app) {
  std::vector<app::TodoSource> todos;
  // Every module's indicators in module order, a single one as a group of one.
  std::vector<app::KpiGroup> kpis;
  for (const app::Module& module : app.modules()) {
    todos.insert(todos.end(), module.todos.begin(), module.todos.end());
    for (const app::KpiSource& source : module.kpis) {
      kpis.push_back(
          {{source.key},
           [report = source.report](
               app::Context& c, const auth::Caller& caller,
               const std::string& region) -> Result<std::vector<std::optional<app::KpiReport>>> {
             ZQ_ASSIGN_OR_RETURN(std::optional<app::KpiReport> r, report(c, caller, region));
             std::vector<std::optional<app::KpiReport>> out;
             out.push_back(std::move(r));
             return out;
           }});
    }
    kpis.insert(kpis.end(), module.kpi_groups.begin(), module.kpi_groups.end());
  }
  app::Context& context = app.context();
  router.Add(
      {.route = "GET /api/v1/workbench",
       .access = Access::kSignedIn,
       .summary =
           "The caller's 工作台: each kind of to-do (count, overdue, next due date) and, for "
           "officials, the key indicators of the jurisdiction or a region within it, with "
           "each direct sub-region's figure for the map",
       .params = {{.name = "region",
                   .description = "GB/T 2260 code within the caller's jurisdiction for the "
                                  "indicators; default: the jurisdiction"}},
       .errors = {404},
       .handler = [todos, kpis = std::move(kpis), &context](
                      const Request& req, RequestContext& ctx) -> Result<Response> {
         const std::string region = req.Query("region");
         registry::Registry& registry = context.Get<registry::Registry>();
         ZQ_ASSIGN_OR_RETURN(nlohmann::json todo_json, TodosJson(todos, context, ctx.caller));
         nlohmann::json kpi_json = nlohmann::json::array();
         for (const app::KpiGroup& group : kpis) {
           ZQ_ASSIGN_OR_RETURN(const std::vector<std::optional<app::KpiReport>> reports,
                               group.reports(context, ctx.caller, region));
           for (std::size_t i = 0; i < reports.size() && i < group.keys.size(); ++i) {
             const std::optional<app::KpiReport>& report = reports[i];
             if (!report) {
               continue;
             }
             nlohmann::json by_region = nlohmann::json::array();
             for (const app::KpiFigure& f : report->by_region) {
               by_region.push_back(FigureJson(f, registry));
             }
             kpi_json.push_back({{"key", group.keys[i]},
                                 {"period", report->period},
                                 {"total", FigureJson(report->total, registry)},
                                 {"by_region", std::move(by_region)}});
           }
         }
         return Response::Json({{"todos", std::move(todo_json)}, {"kpis", std::move(kpi_json)}});
       }});
  router.Add({.route = "GET /api/v1/workbench/todos",
              .access = Access::kSignedIn,
              .summary = "The caller's to-dos alone (the console's reminder bell)",
              .handler = [todos = std::move(todos), &context](
                             const Request&, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(nlohmann::json todo_json,
                                    TodosJson(todos, context, ctx.caller));
                return Response::Json({{"todos", std::move(todo_json)}});
              }});
}

}  // namespace zq::api

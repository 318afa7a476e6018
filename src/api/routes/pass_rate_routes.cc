// Pass-rate statistics (合格率) over stored final verdicts, from the in-process cube
// (inspection/pass_rate_store.h): by category, region, industry, firm size or period, with
// Wilson and Clopper–Pearson intervals, the change against an earlier period (Newcombe) and a
// target. Methods: docs/statistics.md.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/export_params.h"
#include "api/routes/routes.h"
#include "core/calendar.h"
#include "inspection/pass_rate_export.h"
#include "inspection/pass_rate_report.h"
#include "registry/registry.h"

namespace zq::api {
namespace {

using nlohmann::json;

json IntervalJson(const inspection::Interval& i) { return json::array({i.lower, i.upper}); }

json LineJson(const inspection::PassRateLine& l) {
  json out = {{"key", l.key},
              {"tested", l.rate.tested},
              {"passed", l.rate.passed},
              {"rate", l.rate.rate},
              {"wilson", IntervalJson(l.rate.wilson)},
              {"clopper_pearson", IntervalJson(l.rate.clopper_pearson)}};
  if (l.earlier) {
    out["earlier"] = {
        {"tested", l.earlier->tested}, {"passed", l.earlier->passed}, {"rate", l.earlier->rate}};
  }
  if (l.change)
    out["change"] = {{"difference", l.change->difference},
                     {"newcombe", IntervalJson(l.change->interval)}};
  if (l.target)
    out["target"] = inspection::TargetVerdictName(*l.target);
  return out;
}

}  // namespace

void AddPassRateRoutes(Router& router, app::Context& services) {
  router.Add(
      {.route = "GET /api/v1/inspection/pass-rates",
       .access = Access::kOfficial,
       .summary =
           "Batch pass rates (合格率) of final verdicts in the caller's jurisdiction, grouped by "
           "category, sub-region, industry, firm size or month, with 95% Wilson and "
           "Clopper–Pearson "
           "intervals, the change from an earlier period (Newcombe) and a target",
       .params = {{.name = "by",
                   .description = "category (default), region, industry, size, period"},
                  {.name = "region", .description = "GB/T 2260 code within the jurisdiction"},
                  {.name = "category", .description = "catalogue code"},
                  {.name = "from", .description = "first month, YYYY-MM"},
                  {.name = "to", .description = "last month, YYYY-MM"},
                  {.name = "compare_from", .description = "earlier period's first month"},
                  {.name = "compare_to", .description = "earlier period's last month"},
                  {.name = "target", .description = "e.g. 0.90"},
                  {.name = "format", .description = "json (default) or csv"},
                  ExportHeadersParam()},
       .errors = {404},
       .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
         inspection::PassRateRequest r;
         const std::string by = req.Query("by");
         ZQ_ASSIGN_OR_RETURN(r.by, inspection::ParseDimension(by.empty() ? "category" : by));
         r.region = req.Query("region");
         r.category = req.Query("category");
         r.from = req.Query("from");
         r.to = req.Query("to");
         r.compare_from = req.Query("compare_from");
         r.compare_to = req.Query("compare_to");
         const std::string target = req.Query("target");
         if (!target.empty()) {
           double value = 0;
           const auto [end, ec] =
               std::from_chars(target.data(), target.data() + target.size(), value);
           if (ec != std::errc() || end != target.data() + target.size())
             return Status::InvalidArgument("target is a number such as 0.9", "target");
           r.target = value;
         }
         const std::string format = req.Query("format");
         if (!format.empty() && format != "json" && format != "csv")
           return Status::InvalidArgument("format is json or csv", "format");
         ZQ_ASSIGN_OR_RETURN(const ExportHeaders headers, ExportHeadersOf(req));
         ZQ_RETURN_IF_ERROR(services.Get<inspection::PassRateStore>().EnsureLoaded(services.db()));
         ZQ_ASSIGN_OR_RETURN(
             auto report, inspection::BuildPassRateReport(services.Get<inspection::PassRateStore>(),
                                                          ctx.caller, r));
         if (format == "csv") {
           ZQ_ASSIGN_OR_RETURN(
               const inspection::GroupNames names,
               inspection::PassRateGroupNames(services.Get<registry::Registry>(), r.by, headers));
           return Response::Download(
               inspection::PassRateCsv(report, r.by, headers, names), "text/csv; charset=utf-8",
               inspection::PassRateFileName(headers, TodayText(services.clock())));
         }
         json lines = json::array();
         for (const auto& l : report.lines) lines.push_back(LineJson(l));
         return Response::Json({{"region", report.region},
                                {"by", by.empty() ? "category" : by},
                                {"method", "docs/statistics.md"},
                                {"lines", lines},
                                {"total", LineJson(report.total)}});
       }});
}

}  // namespace zq::api

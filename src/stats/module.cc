// The stats module's manifest (质量统计): the indicator catalogue and values (IndicatorStore,
// indicators.h) with their routes, and the statistical engines behind them — stratified pass
// rates (stratified.h), PLS path modelling for the satisfaction index (plspm.h), composite
// indices and grades (composite.h), and the 质量工作考核 (evaluation_store.h) with its routes.
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/router.h"
#include "app/context.h"
#include "app/manifests.h"
#include "app/workbench.h"
#include "cli/commands/commands.h"
#include "complaint/complaint_service.h"
#include "core/calendar.h"
#include "demo/steps.h"
#include "inspection/pass_rate_store.h"
#include "stats/complaint_signals.h"
#include "stats/evaluation_store.h"
#include "stats/indicators.h"
#include "stats/quality_report.h"
#include "stats/report_store.h"
#include "stats/stats_commands.h"
#include "stats/stats_json.h"

namespace zq::stats {

// The indicator catalogue and values (read by officials within their jurisdiction, by the public
// where the indicator is published) and the spot-check pass rate by region from the cube.
void AddIndicatorRoutes(api::Router& router, app::Context& context);
// 投诉预警信号 (complaint_signals.h): the complaint series of the caller's jurisdiction whose
// judged week is above its EARS bound, with their FDR-adjusted q-values.
void AddSignalRoutes(api::Router& router, app::Context& context);
// 质量工作考核 (evaluation_store.h): rule sets (administrators), the regions' self-assessments and
// the verified inputs (regulators), and the scored, graded and ranked results (officials).
void AddEvaluationRoutes(api::Router& router, app::Context& context);
// 统计报表 (report_store.h, module_report_routes.cc): the forms, the panel, filings and revisions,
// and the quality loss rate computed from them.
void AddReportRoutes(api::Router& router, app::Context& context);
void AddQualityReportRoutes(api::Router& router, app::Context& context);

// Inspection's pass-rate cube, loaded from the database on first use, as the indicator store and
// the quality report query it.
Result<PassRateQuery> LoadedPassRates(app::Context& context);

Result<PassRateQuery> LoadedPassRates(app::Context& context) {
  auto& store = context.Get<inspection::PassRateStore>();
  ZQ_RETURN_IF_ERROR(store.EnsureLoaded(context.db()));
  return PassRateQuery([&store](const inspection::CubeQuery& q) { return store.Query(q); });
}

namespace {

using nlohmann::json;

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
                return api::Response::Json(api::ItemsJson(list, IndicatorValueJson));
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
         ZQ_ASSIGN_OR_RETURN(const PassRateQuery query, LoadedPassRates(context));
         ZQ_ASSIGN_OR_RETURN(const auto list, indicators.ComputeSpotCheckPassRates(
                                                  query, ctx.caller, region, body.from, body.to));
         return api::Response::Json(api::ItemsJson(list, IndicatorValueJson));
       }});
}

namespace {

// The query parameter `name` as a number, `fallback` when absent; kInvalidArgument naming it.
Result<double> QueryNumber(const api::Request& req, const char* name, double fallback) {
  if (!req.HasQuery(name))
    return fallback;
  const std::string text = req.Query(name);
  double out = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(out))
    return Status::InvalidArgument(std::string(name) + " is a number", name);
  return out;
}

json SignalJson(const ComplaintSeriesSignal& s) {
  return {{"region", s.region},
          {"code", s.code},
          {"weekly", s.weekly},
          {"baseline_mean", s.baseline_mean},
          {"upperbound", s.upperbound},
          {"statistic", std::isfinite(s.statistic) ? json(s.statistic) : json(nullptr)},
          {"p_value", s.p_value},
          {"q_value", s.q_value},
          {"alarm", s.alarm},
          {"signal", s.signal}};
}

}  // namespace

void AddSignalRoutes(api::Router& router, app::Context& context) {
  complaint::ComplaintService& complaints = context.Get<complaint::ComplaintService>();
  const Clock& clock = context.clock();
  router.Add(
      {.route = "GET /api/v1/stats/complaint-signals",
       .access = api::Access::kOfficial,
       .summary = "投诉预警信号: the weekly complaint series (handling county × object class or "
                  "problem) whose judged week is above its EARS upperbound, with Benjamini–"
                  "Hochberg q-values over every series judged; signals first",
       .params = {{.name = "as_of", .description = "the judged week's last day (default today)"},
                  {.name = "region", .description = "GB/T 2260 code: its subtree"},
                  {.name = "by", .description = "object_class (default) or problem"},
                  {.name = "method", .description = "EARS C1 (default), C2 or C3"},
                  {.name = "baseline", .description = "weeks of baseline, ≥ 3 (default 7)"},
                  {.name = "alpha", .description = "EARS upper-tail level (default 0.001)"},
                  {.name = "min_sigma", .description = "least standard deviation (default 1)"},
                  {.name = "fdr", .description = "false discovery rate (default 0.05)"}},
       .handler = [&complaints, &clock](const api::Request& req,
                                        api::RequestContext& ctx) -> Result<api::Response> {
         ComplaintSignalQuery q;
         q.as_of = req.HasQuery("as_of") ? req.Query("as_of") : TodayText(clock);
         q.region = req.Query("region");
         if (req.HasQuery("by"))
           q.by = req.Query("by");
         const std::string method = req.HasQuery("method") ? req.Query("method") : "C1";
         if (method != "C1" && method != "C2" && method != "C3")
           return Status::InvalidArgument("method is C1, C2 or C3", "method");
         q.ears.method = method == "C1"   ? EarsMethod::kC1
                         : method == "C2" ? EarsMethod::kC2
                                          : EarsMethod::kC3;
         int baseline = 7;
         ZQ_RETURN_IF_ERROR(api::ReadInt(req, "baseline", 7, baseline));
         if (baseline > 52)
           return Status::InvalidArgument("baseline is at most 52 weeks", "baseline");
         q.ears.baseline = baseline;
         ZQ_ASSIGN_OR_RETURN(q.ears.alpha, QueryNumber(req, "alpha", 0.001));
         ZQ_ASSIGN_OR_RETURN(q.ears.min_sigma, QueryNumber(req, "min_sigma", 1));
         ZQ_ASSIGN_OR_RETURN(q.fdr, QueryNumber(req, "fdr", 0.05));
         if (q.ears.alpha == 0)
           return Status::InvalidArgument("alpha lies in (0, 1)", "alpha");
         ZQ_ASSIGN_OR_RETURN(const ComplaintSignalRun run,
                             ComplaintSignals(complaints, ctx.caller, q));
         json out = api::ItemsJson(run.items, SignalJson);
         out["as_of"] = run.query.as_of;
         out["week_ends"] = run.week_ends;
         out["by"] = run.query.by;
         out["method"] = method;
         out["baseline"] = run.query.ears.baseline;
         out["alpha"] = run.query.ears.alpha;
         out["min_sigma"] = run.query.ears.min_sigma;
         out["fdr"] = run.query.fdr;
         out["series"] = run.series;
         return api::Response::Json(out);
       }});
}

namespace {

Result<int> PathYear(const api::Request& req) {
  ZQ_ASSIGN_OR_RETURN(const std::int64_t year, api::PathId(req, "year"));
  if (year > 9999)
    return Status::InvalidArgument("the year is the one the assessment year starts in", "year");
  return static_cast<int>(year);
}

json RulesSummaryJson(const RulesSummary& r) {
  return {{"version", r.version},
          {"name", r.name},
          {"effective_from", r.effective_from},
          {"created_at", r.created_at},
          {"created_by", r.created_by}};
}

// PUT …/self and …/verified: the same body, the stage from the path.
api::RouteSpec StageRoute(EvaluationStore& store, EvaluationStage stage) {
  const bool self = stage == EvaluationStage::kSelf;
  return {
      .route = std::string("PUT /api/v1/stats/evaluation/{year}/regions/{code}/") +
               (self ? "self" : "verified"),
      .access = api::Access::kWriter,
      .summary = self ? "质量工作考核 自评: the region's own office replaces its self-assessment "
                        "for the year: {\"items\": {item code: {\"level\" | \"missing\" | "
                        "\"actual\", \"evidence\"}}}, checked against the rule set in force"
                      : "质量工作考核 核查: the office above the region replaces the verified "
                        "inputs that make its score: {\"items\": {…}, \"vetoes\": [code]}; an "
                        "actual value may carry its standard_error",
      .params = {{.name = "year", .description = "the year the assessment year starts in"}},
      .handler = [&store, stage](const api::Request& req,
                                 api::RequestContext& ctx) -> Result<api::Response> {
        ZQ_ASSIGN_OR_RETURN(const int year, PathYear(req));
        ZQ_RETURN_IF_ERROR(api::ParseJsonBody(req).status());
        const std::string& region = req.path_params.at("code");
        ZQ_RETURN_IF_ERROR(store.SubmitInputs(ctx.caller, year, region, stage, req.body));
        return api::Response::Json(
            {{"year", year},
             {"region_code", region},
             {"stage", stage == EvaluationStage::kSelf ? "self" : "verified"}});
      }};
}

}  // namespace

void AddEvaluationRoutes(api::Router& router, app::Context& context) {
  EvaluationStore& store = context.Get<EvaluationStore>();
  router.Add(
      {.route = "POST /api/v1/stats/evaluation/rules",
       .access = api::Access::kAdmin,
       .summary =
           "Store a 质量工作考核 rule set (评分细则) as docs/statistics.md gives it: items in "
           "up to three levels with their rules, bonus cap, vetoes, grade bands, "
           "effective_from; checked whole before it is stored",
       .errors = {409},
       .handler = [&store](const api::Request& req,
                           api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_RETURN_IF_ERROR(api::ParseJsonBody(req).status());
         EvaluationRules rules;
         ZQ_RETURN_IF_ERROR(store.AddRules(ctx.caller, req.body, &rules));
         return api::Response::Json({{"version", rules.version},
                                     {"name", rules.name},
                                     {"effective_from", DayText(rules.effective_from)}},
                                    201);
       }});
  router.Add(
      {.route = "GET /api/v1/stats/evaluation/rules",
       .access = api::Access::kOfficial,
       .summary = "The stored 质量工作考核 rule sets, the latest in force first",
       .handler = [&store](const api::Request&, api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const auto list, store.ListRules(ctx.caller));
         return api::Response::Json(api::ItemsJson(list, RulesSummaryJson));
       }});
  router.Add(StageRoute(store, EvaluationStage::kSelf));
  router.Add(StageRoute(store, EvaluationStage::kVerified));
  router.Add(
      {.route = "GET /api/v1/stats/evaluation/{year}",
       .access = api::Access::kOfficial,
       .summary = "质量工作考核 results: the regions one level below `region` scored by the rule "
                  "set in force, by their verified inputs with the self-assessment beside, "
                  "graded and ranked; with replications, rank and grade uncertainty",
       .params = {{.name = "year", .description = "the year the assessment year starts in"},
                  {.name = "region",
                   .description = "the assessing region (default: the "
                                  "caller's jurisdiction)"},
                  {.name = "replications", .description = "0 (default) to 100000"},
                  {.name = "seed", .description = "the replications' seed (default 1)"}},
       .handler = [&store](const api::Request& req,
                           api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const int year, PathYear(req));
         std::string region = req.Query("region");
         if (region.empty())
           region = ctx.caller.region_code;
         if (region.empty())
           return Status::InvalidArgument("give the assessing region", "region");
         EvaluationUncertaintyOptions options;
         ZQ_RETURN_IF_ERROR(api::ReadInt(req, "replications", 0, options.replications));
         if (options.replications < 0 || options.replications > 100000)
           return Status::InvalidArgument("replications run from 0 to 100,000", "replications");
         int seed = 1;
         ZQ_RETURN_IF_ERROR(api::ReadInt(req, "seed", 1, seed));
         if (seed < 0)
           return Status::InvalidArgument("the seed is a whole number ≥ 0", "seed");
         options.seed = static_cast<std::uint64_t>(seed);
         ZQ_ASSIGN_OR_RETURN(const YearEvaluation result,
                             store.Results(ctx.caller, year, region, options));
         json out = EvaluationJson(result.rules, result.year, result.regions, result.uncertainty,
                                   result.options);
         out["region"] = result.parent;
         out["awaiting_verification"] = result.awaiting_verification;
         return api::Response::Json(out);
       }});
}

namespace {

// 投诉预警 on the 工作台: this week's signals (the route's defaults, as of today) in the
// jurisdiction of an official who acts on them; nothing is due by a date.
Result<std::optional<app::TodoCount>> SignalsToReview(app::Context& ctx,
                                                      const auth::Caller& caller) {
  if (!caller.CanWrite())
    return std::optional<app::TodoCount>();
  ComplaintSignalQuery q;
  q.as_of = TodayText(ctx.clock());
  ZQ_ASSIGN_OR_RETURN(const ComplaintSignalRun run,
                      ComplaintSignals(ctx.Get<complaint::ComplaintService>(), caller, q));
  app::TodoCount count;
  for (const ComplaintSeriesSignal& s : run.items) count.count += s.signal ? 1 : 0;
  return std::optional(count);
}

}  // namespace

app::Module Manifest() {
  app::Module m;
  m.name = "stats";
  // The pass-rate cube of spot-check verdicts; the complaint counts behind the signals.
  // The registry's firms, asked to file report forms.
  m.depends_on = {"registry", "inspection", "complaint"};
  m.build = [](app::Context& ctx) {
    ctx.Emplace<IndicatorStore>(ctx.db(), ctx.audit(), ctx.clock());
    ctx.Emplace<EvaluationStore>(ctx.db(), ctx.audit(), ctx.clock());
    ctx.Emplace<ReportStore>(ctx.db(), ctx.audit(), ctx.clock(), ctx.Get<registry::Registry>(),
                             ctx.Get<IndicatorStore>());
    ctx.Emplace<QualityReports>(ctx.db(), ctx.audit(), ctx.clock(), ctx.Get<registry::Registry>(),
                                ctx.Get<IndicatorStore>(), ctx.Get<EvaluationStore>());
    return Status::Ok();
  };
  m.start = [](app::Context& ctx) { return ctx.Get<IndicatorStore>().EnsureCatalogue(); };
  m.routes = {app::Routes("stats.indicators", AddIndicatorRoutes),
              app::Routes("stats.signals", AddSignalRoutes),
              app::Routes("stats.evaluation", AddEvaluationRoutes),
              app::Routes("stats.reports", AddReportRoutes),
              app::Routes("stats.quality_reports", AddQualityReportRoutes)};
  m.todos = {{"stats.complaint_signals", SignalsToReview},
             {"stats.reports", [](app::Context& ctx, const auth::Caller& caller) {
                return ctx.Get<ReportStore>().DueFor(caller);
              }}};
  m.demo = {{"report forms", app::DemoStage::kRecords, demo::ReportFormsStep},
            {"evaluation", app::DemoStage::kRecords, demo::EvaluationStep},
            {"quality report", app::DemoStage::kRecords, demo::QualityReportStep}};
  m.commands = {{"stats", [](CLI::App& app) {
                   RegisterStatsCommands(app, [](const Status& status, bool as_json) {
                     cli::FailCommand(status, as_json);
                   });
                 }}};
  return m;
}

}  // namespace zq::stats

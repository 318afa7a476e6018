// Spot-check routes (监督抽查): plans, the verifiable draw (双随机: commit → draw → publish, and
// verification by anyone), and GB/T 2828.1 sampling plans.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/handlers.h"
#include "api/routes/inspection_result_json.h"
#include "api/routes/routes.h"
#include "inspection/sampling_plan.h"

namespace zq::api {
namespace {

using inspection::SpotCheckPlan;

nlohmann::json PlanJson(const SpotCheckPlan& p) {
  nlohmann::json parameters = inspection::DrawParametersToJson(p.parameters);
  return {{"id", p.id},
          {"plan_code", p.plan_code},
          {"name", p.name},
          {"authority", p.authority},
          {"region_code", p.region_code},
          {"period_start", p.period_start},
          {"period_end", p.period_end},
          {"parameters", parameters},
          {"min_commit_interval_minutes", p.min_commit_interval_minutes},
          {"created_by", p.created_by},
          {"created_at", p.created_at},
          {"actions", p.actions}};
}

nlohmann::json DrawJson(const inspection::DrawSummary& d) {
  return {{"id", d.id},
          {"plan_id", d.plan_id},
          {"status", d.status},
          {"commitment", d.commitment},
          {"frame_hash", d.frame_hash},
          {"pool_hash", d.pool_hash},
          {"parameters_hash", d.parameters_hash},
          {"frame_size", d.frame_size},
          {"excluded", d.excluded},
          {"pool_size", d.pool_size},
          {"tasks", d.tasks},
          {"unstaffed", d.unstaffed},
          {"committed_at", d.committed_at},
          {"drawn_at", d.drawn_at},
          {"run_not_before", d.run_not_before},
          {"actions", d.actions}};
}

nlohmann::json PublicDrawJson(const inspection::PublicDraw& d) {
  return {{"id", d.id},
          {"plan_id", d.plan_id},
          {"plan_code", d.plan_code},
          {"plan_name", d.plan_name},
          {"authority", d.authority},
          {"region_code", d.region_code},
          {"period_end", d.period_end},
          {"status", d.status},
          {"committed_at", d.committed_at},
          {"run_not_before", d.run_not_before},
          {"drawn_at", d.drawn_at},
          {"tasks", d.tasks},
          {"full_record_public", d.full_record_public}};
}

// The parties' contributions of a commit ({party, commitment}) or a run ({party, secret}), a
// commit's beacon source and a run's beacon, from an optional body: no body (or {}) is the
// bureau's seed alone.
struct CeremonyBody {
  std::vector<inspection::SeedContribution> contributions;
  std::string beacon_source;
  std::string beacon;
};

Result<CeremonyBody> ReadCeremonyBody(const Request& req) {
  CeremonyBody out;
  if (req.body.empty())
    return out;
  ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
  if (!body.is_object())
    return Status::InvalidArgument("the body is an object", "body");
  try {
    for (const nlohmann::json& c : body.value("contributions", nlohmann::json::array())) {
      out.contributions.push_back({c.at("party").get<std::string>(),
                                   c.value("commitment", std::string()),
                                   c.value("secret", std::string())});
    }
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument(
        "contributions: [{party, commitment}] to commit, [{party, secret}] to run",
        "contributions");
  }
  for (const char* text : {"beacon_source", "beacon"}) {
    if (body.contains(text) && !body.at(text).is_string())
      return Status::InvalidArgument(std::string(text) + " is text", text);
  }
  out.beacon_source = body.value("beacon_source", std::string());
  out.beacon = body.value("beacon", std::string());
  return out;
}

// The record as the caller may see it: before the plan's inspections end, the summary unless
// the caller is an official in scope (audited).
nlohmann::json ViewJson(const inspection::DrawView& view) {
  nlohmann::json out = view.full ? inspection::DrawRecordToJson(view.record)
                                 : inspection::DrawRecordSummaryJson(view.record);
  out["full_record_from"] = view.full_record_from;
  return out;
}

// `parameters` over the plan's: members not given keep their defaults (Henan rates, teams of two,
// a 6-month window); an error names "parameters.<member>" (or "parameters" when malformed).
Status ReadParameters(const nlohmann::json& value, SpotCheckPlan& plan) {
  if (!value.is_object())
    return Status::InvalidArgument("parameters must be an object", "parameters");
  nlohmann::json merged = inspection::DrawParametersToJson(plan.parameters);
  merged.update(value);
  Result<inspection::DrawParameters> parameters = inspection::DrawParametersFromJson(merged);
  if (!parameters.ok()) {
    const std::string& field = parameters.status().field();
    return Status::InvalidArgument(parameters.status().message(),
                                   field.starts_with("parameters") ? field : "parameters." + field);
  }
  plan.parameters = std::move(parameters).value();
  return Status::Ok();
}

// 抽查计划.
const Body<SpotCheckPlan> kPlanBody =
    Body<SpotCheckPlan>()
        .Member("plan_code", &SpotCheckPlan::plan_code, Presence::kRequired,
                {.description = "unique, e.g. SD-2026-001"})
        .Member("name", &SpotCheckPlan::name, Presence::kRequired,
                {.description = "e.g. 2026年电线电缆产品质量监督抽查"})
        .Member("authority", &SpotCheckPlan::authority, Presence::kRequired,
                {.description = "检查实施机关, e.g. 山东省市场监督管理局"})
        .Member("region_code", &SpotCheckPlan::region_code, Presence::kRequired,
                {.description = "GB/T 2260 code: the regions in scope (its whole subtree)"})
        .Member("period_start", &SpotCheckPlan::period_start, Presence::kRequired,
                {.format = "date"})
        .Member("period_end", &SpotCheckPlan::period_end, Presence::kRequired, {.format = "date"})
        .Custom("parameters",
                {{"type", "object"},
                 {"description",
                  "the draw parameters (docs/random-draw.md): product_categories (catalogue "
                  "codes; empty: all), quotas by risk class A-D ({\"rate_bp\": n} or "
                  "{\"fixed\": n}), rounding (ceil, half_up), inspectors_per_task (at least 2), "
                  "max_tasks_per_inspector (0: no cap), locality (any, local, cross_region), "
                  "recheck_months; members not given keep their defaults (Henan rates A 1%, "
                  "B 4%, C 8%, D 20%, teams of two, 6 months)"}},
                Presence::kOptional, ReadParameters)
        .Member("min_commit_interval_minutes", &SpotCheckPlan::min_commit_interval_minutes,
                Presence::kOptional,
                {.description = "how long each draw's commitment is public before the draw may "
                                "run (0, the default: at once; docs/random-draw.md §1)"});

Result<inspection::InspectionLevel> LevelFrom(std::string_view text) {
  using inspection::InspectionLevel;
  static const std::pair<std::string_view, InspectionLevel> kLevels[] = {
      {"S-1", InspectionLevel::kS1}, {"S-2", InspectionLevel::kS2}, {"S-3", InspectionLevel::kS3},
      {"S-4", InspectionLevel::kS4}, {"I", InspectionLevel::kI},    {"II", InspectionLevel::kII},
      {"III", InspectionLevel::kIII}};
  for (const auto& [name, level] : kLevels) {
    if (name == text)
      return level;
  }
  return Status::InvalidArgument("level is one of S-1, S-2, S-3, S-4, I, II, III", "level");
}

Result<inspection::Severity> SeverityFrom(std::string_view text) {
  for (auto s : {inspection::Severity::kNormal, inspection::Severity::kTightened,
                 inspection::Severity::kReduced}) {
    if (inspection::SeverityName(s) == text)
      return s;
  }
  return Status::InvalidArgument("severity is normal, tightened or reduced", "severity");
}

}  // namespace

void AddInspectionRoutes(Router& router, app::Context& services) {
  inspection::SpotCheckService& checks = services.Get<inspection::SpotCheckService>();
  router.Add({.route = "GET /api/v1/inspection/plans",
              .access = Access::kOfficial,
              .summary = "Spot-check plans (抽查计划) in the caller's jurisdiction, newest first",
              .handler = OnItems(std::bind_front(&inspection::SpotCheckService::ListPlans, &checks),
                                 PlanJson)});
  router.Add({.route = "POST /api/v1/inspection/plans",
              .access = Access::kWriter,
              .summary =
                  "Create a spot-check plan: catalogue categories, regions, period, class quotas, "
                  "team size",
              .request_schema = kPlanBody.Schema(),
              .errors = {404, 409},
              .handler = OnBody(kPlanBody,
                                std::bind_front(&inspection::SpotCheckService::CreatePlan, &checks),
                                PlanJson)});
  router.Add({.route = "GET /api/v1/inspection/plans/{id}",
              .access = Access::kOfficial,
              .summary = "One spot-check plan",
              .handler = OnId(std::bind_front(&inspection::SpotCheckService::GetPlan, &checks),
                              PlanJson)});
  router.Add({.route = "GET /api/v1/inspection/plans/{id}/draws",
              .access = Access::kOfficial,
              .summary = "The draws of a plan with their commitments and hashes",
              .handler = OnIdItems(
                  std::bind_front(&inspection::SpotCheckService::ListDraws, &checks), DrawJson)});
  router.Add(
      {.route = "POST /api/v1/inspection/plans/{id}/draws",
       .access = Access::kWriter,
       .summary = "Step 1 of the draw: build the frame and pool, seal the bureau's secret, publish "
                  "the commitment to it and to the witnesses' commitments, and the input hashes",
       .request_schema =
           R"({"type":"object","properties":{"contributions":{"type":"array","items":{"type":"object","required":["party","commitment"],"properties":{"party":{"type":"string"},"commitment":{"type":"string","description":"hex SM3 of the party's secret"}}}},"beacon_source":{"type":"string","description":"where the beacon entered at the run will be read, e.g. a lottery draw; bound into the commitment"}}})",
       .handler = [&checks](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(CeremonyBody body, ReadCeremonyBody(req));
         ZQ_ASSIGN_OR_RETURN(auto d,
                             checks.CommitDraw(ctx.caller, id, std::move(body.contributions),
                                               std::move(body.beacon_source)));
         return Response::Json(DrawJson(d));
       }});
  router.Add(
      {.route = "POST /api/v1/inspection/draws/{id}/run",
       .access = Access::kWriter,
       .summary = "Step 2: run the committed draw (not before run_not_before) with the witnesses' "
                  "secrets and the beacon; publish the seed, the targets and the teams",
       .request_schema =
           R"({"type":"object","properties":{"contributions":{"type":"array","items":{"type":"object","required":["party","secret"],"properties":{"party":{"type":"string"},"secret":{"type":"string","description":"hex, 16-64 bytes"}}}},"beacon":{"type":"string","description":"the value read at the source announced with the commitment; required then, refused otherwise"}}})",
       .errors = {409},
       .handler = [&checks](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(CeremonyBody body, ReadCeremonyBody(req));
         ZQ_ASSIGN_OR_RETURN(
             auto d, checks.RunDraw(ctx.caller, id,
                                    {std::move(body.contributions), std::move(body.beacon)}));
         return Response::Json(DrawJson(d));
       }});
  router.Add({.route = "GET /api/v1/inspection/draws",
              .access = Access::kPublic,
              .summary =
                  "The published draws (一公开), newest first: plan, dates, status, and whether "
                  "the full record is public yet",
              .params = {{.name = "plan", .description = "a plan code"},
                         {.name = "page", .type = ParamType::kInteger},
                         {.name = "page_size", .type = ParamType::kInteger}},
              .handler = [&checks](const Request& req, RequestContext&) -> Result<Response> {
                Page page;
                ZQ_RETURN_IF_ERROR(ReadPage(req, page.page, page.page_size));
                ZQ_ASSIGN_OR_RETURN(auto draws, checks.PublicDraws(page, req.Query("plan")));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& d : draws.items) items.push_back(PublicDrawJson(d));
                return Response::Json({{"items", items},
                                       {"page", draws.page},
                                       {"page_size", draws.page_size},
                                       {"total", draws.total}});
              }});
  router.Add(
      {.route = "GET /api/v1/inspection/draws/{id}",
       .access = Access::kPublic,
       .summary =
           "The published draw record (一公开): before the plan's inspections end the summary "
           "(hashes, commitments, parameters, ceremony, counts); after it, or for officials in "
           "scope (audited), the full record with frame, pool and teams (docs/random-draw.md)",
       .handler = [&checks](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(auto view, checks.ViewRecord(ctx.caller, id));
         return Response::Json(ViewJson(view));
       }});
  router.Add({.route = "GET /api/v1/inspection/draws/{id}/verify",
              .access = Access::kPublic,
              .summary =
                  "Re-run a published draw from its inputs and list every mismatch (before the "
                  "full record is public: the kinds only)",
              .errors = {409},
              .handler = [&checks](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
                ZQ_ASSIGN_OR_RETURN(auto view, checks.ViewRecord(ctx.caller, id));
                ZQ_ASSIGN_OR_RETURN(auto v, inspection::VerifyDraw(view.record));
                nlohmann::json out = inspection::DrawVerificationToJson(v);
                if (!view.full) {
                  for (nlohmann::json& m : out["mismatches"]) {
                    m.erase("published");
                    m.erase("recomputed");
                  }
                }
                out["draw_id"] = id;
                return Response::Json(out);
              }});
  router.Add(
      {.route = "POST /api/v1/inspection/verify-draw",
       .access = Access::kPublic,
       .summary =
           "Verify a draw record held by the caller (the JSON of GET /inspection/draws/{id})",
       .request_schema = R"({"type":"object","required":["algorithm","seed","commitment"]})",
       .errors = {409},
       .handler = [](const Request& req, RequestContext&) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(inspection::DrawRecord record, inspection::DrawRecordFromJson(body));
         ZQ_ASSIGN_OR_RETURN(auto v, inspection::VerifyDraw(record));
         return Response::Json(inspection::DrawVerificationToJson(v));
       }});
  router.Add(
      {.route = "GET /api/v1/inspection/sampling-plan",
       .access = Access::kPublic,
       .summary = "GB/T 2828.1 single sampling plan for a lot: code letter, n, Ac, Re",
       .params = {{.name = "lot_size",
                   .type = ParamType::kInteger,
                   .presence = Presence::kRequired},
                  {.name = "aql",
                   .presence = Presence::kRequired,
                   .description = "an AQL of the series, e.g. 0.65, 1.0, 2.5"},
                  {.name = "level", .description = "S-1 … S-4, I, II (default), III"},
                  {.name = "severity", .description = "normal (default), tightened, reduced"}},
       .handler = [](const Request& req, RequestContext&) -> Result<Response> {
         int lot_size = 0;
         ZQ_RETURN_IF_ERROR(ReadInt(req, "lot_size", 0, lot_size));
         const std::string aql_text = req.Query("aql");
         double aql = 0;
         const auto [end, ec] =
             std::from_chars(aql_text.data(), aql_text.data() + aql_text.size(), aql);
         if (aql_text.empty() || ec != std::errc() || end != aql_text.data() + aql_text.size()) {
           return Status::InvalidArgument("aql must be a number of the AQL series", "aql");
         }
         const std::string level_text = req.Query("level");
         ZQ_ASSIGN_OR_RETURN(auto level, LevelFrom(level_text.empty() ? "II" : level_text));
         const std::string severity_text = req.Query("severity");
         ZQ_ASSIGN_OR_RETURN(auto severity,
                             SeverityFrom(severity_text.empty() ? "normal" : severity_text));
         ZQ_ASSIGN_OR_RETURN(auto plan,
                             inspection::SingleSamplingPlan(lot_size, level, aql, severity));
         return Response::Json({{"lot_size", lot_size},
                                {"severity", inspection::SeverityName(plan.severity)},
                                {"aql", plan.aql},
                                {"code_letter", std::string(1, plan.code_letter)},
                                {"plan_letter", std::string(1, plan.plan_letter)},
                                {"sample_size", plan.sample_size},
                                {"acceptance", plan.acceptance},
                                {"rejection", plan.rejection},
                                {"full_inspection", plan.full_inspection}});
       }});
}

}  // namespace zq::api

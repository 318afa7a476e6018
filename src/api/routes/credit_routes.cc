// Quality credit routes (质量信用): the department query (single and batch) and event reporting for
// department clients with API keys ("credit.query", "credit.events"), the regulator's credit file,
// the change feed, recomputation of a stored grade, and the public grade for the portal.
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/routes/routes.h"
#include "credit/credit_json.h"
#include "credit/event_import.h"

namespace zq::api {
namespace {

using credit::AssessmentJson;
using credit::CreditEvent;
using credit::EventJson;
using credit::GradeJson;

nlohmann::json StatusJson(const credit::CreditStatus& s) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const credit::Reason& r : s.reasons) {
    reasons.push_back({{"event_type", r.event_type},
                       {"name_zh", r.name_zh},
                       {"occurred_on", r.occurred_on},
                       {"legal_basis", r.legal_basis},
                       {"risk_points", r.risk_points},
                       {"grade_points", r.grade_points},
                       {"disputed", r.disputed}});
  }
  return {{"uscc", s.uscc},
          {"found", s.found},
          {"risk_class", s.risk_class},
          {"grade", s.grade},
          {"abnormal_listed", s.abnormal_listed},
          {"serious_listed", s.serious_listed},
          {"rule_version", s.rule_version},
          {"as_of", s.as_of},
          {"vetoes", s.vetoes},
          {"reasons", reasons}};
}

const Body<CreditEvent> kEventBody =
    Body<CreditEvent>()
        .Member("source", &CreditEvent::source, Presence::kOptional,
                {.description = "who reports it (tax-370000, court-3701, …); default: the "
                                "department key's name"})
        .Member("source_id", &CreditEvent::source_id, Presence::kRequired,
                {.description = "the reporter's own id; (source, source_id) is unique"})
        .Member("event_type", &CreditEvent::event_type, Presence::kRequired,
                {.description = "a code of the event catalogue, e.g. penalty.ordinary"})
        .Member("uscc", &CreditEvent::uscc, Presence::kRequired,
                {.description = "统一社会信用代码 of the entity"})
        .Member("occurred_on", &CreditEvent::occurred_on, Presence::kRequired,
                {.description = "decision, verdict or listing date", .format = "date"})
        .Member("evidence_ref", &CreditEvent::evidence_ref, Presence::kRequired,
                {.description = "决定书文号, report number or URL"})
        .Member("summary", &CreditEvent::summary, Presence::kOptional,
                {.description = "a line shown in the credit file"})
        .Member("severity", &CreditEvent::severity, Presence::kOptional,
                {.description = "0-5; default: the catalogue's"});

struct BatchQuery {
  std::vector<std::string> usccs;
};

const Body<BatchQuery> kBatchQueryBody = Body<BatchQuery>().Custom(
    "usccs",
    {{"type", "array"},
     {"items", {{"type", "string"}}},
     {"maxItems", 1000},
     {"description", "统一社会信用代码s, 1-1000"}},
    Presence::kRequired, [](const nlohmann::json& v, BatchQuery& out) {
      return JsonMember<std::vector<std::string>>::Read(v, "usccs", out.usccs);
    });

}  // namespace

void AddCreditRoutes(Router& router, app::Context& services) {
  credit::CreditService& credit = services.Get<credit::CreditService>();
  const ParamSpec uscc_param{
      .name = "uscc", .in = ParamIn::kPath, .description = "unified social credit code"};
  router.Add(
      {.route = "GET /api/v1/credit/entities/{uscc}",
       .access = Access::kSignedIn,
       .summary = "Department query (部门共享): risk class, grade, list status and the reasons",
       .params = {uscc_param},
       .handler = [&credit](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, PathUscc(req));
         ZQ_ASSIGN_OR_RETURN(const credit::CreditStatus s, credit.Query(ctx.caller, uscc));
         return Response::Json(StatusJson(s));
       }});
  router.Add(
      {.route = "POST /api/v1/credit/query",
       .access = Access::kSignedIn,
       .summary = "Batch department query: up to 1000 USCCs; unknown ones answer found=false",
       .request_schema = kBatchQueryBody.Schema(),
       .handler = [&credit](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const BatchQuery q, kBatchQueryBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const auto statuses, credit.QueryBatch(ctx.caller, q.usccs));
         nlohmann::json items = nlohmann::json::array();
         for (const auto& s : statuses) items.push_back(StatusJson(s));
         return Response::Json({{"items", items}});
       }});
  router.Add(
      {.route = "POST /api/v1/credit/events",
       .access = Access::kSignedIn,
       .summary =
           "Report a credit event (idempotent by source and source_id); the entity is rescored",
       .request_schema = kEventBody.Schema(),
       .errors = {404},
       .handler = [&credit](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(CreditEvent e, kEventBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const credit::RecordOutcome o, credit.RecordEvent(ctx.caller, e));
         return Response::Json({{"created", o.created}, {"event", EventJson(o.event)}},
                               o.created ? 201 : 200);
       }});
  router.Add(
      {.route = "POST /api/v1/credit/events/import",
       .access = Access::kSignedIn,
       .summary =
           "Import credit events from a CSV or XLSX file sent as the body (the columns of "
           "POST /credit/events, header row; up to the body limit): good rows kept, each bad row "
           "reported with its line and field; idempotent",
       .request_schema = R"({"type":"string","format":"binary"})",
       .request_media_types = {"text/csv",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
       .errors = {413},
       .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
         if (req.body.empty())
           return Status::InvalidArgument("the body is the CSV or XLSX file", "body");
         std::istringstream in(req.body);
         ZQ_ASSIGN_OR_RETURN(const registry::ImportReport report,
                             credit::ImportEvents(services.Get<credit::CreditService>(),
                                                  services.db(), ctx.caller, in));
         return Response::Json(registry::ImportReportJson(report));
       }});
  router.Add(
      {.route = "GET /api/v1/credit/entities/{uscc}/file",
       .access = Access::kSignedIn,
       .summary = "Credit file (信用档案): events timeline, grade history, explained current grade",
       .params = {uscc_param},
       .handler = [&credit](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, PathUscc(req));
         ZQ_ASSIGN_OR_RETURN(const credit::CreditFile f, credit.File(ctx.caller, uscc));
         return Response::Json(credit::CreditFileJson(f));
       }});
  router.Add({.route = "GET /api/v1/credit/changes",
              .access = Access::kSignedIn,
              .summary = "Change feed: grade changes after a cursor, oldest first",
              .params = {{.name = "cursor",
                          .type = ParamType::kInteger,
                          .description = "last id received (0 at first)"},
                         {.name = "limit",
                          .type = ParamType::kInteger,
                          .description = "1-1000, default 500"}},
              .handler = [&credit](const Request& req, RequestContext& ctx) -> Result<Response> {
                int cursor = 0;
                int limit = 500;
                ZQ_RETURN_IF_ERROR(ReadInt(req, "cursor", 0, cursor));
                ZQ_RETURN_IF_ERROR(ReadInt(req, "limit", 500, limit));
                ZQ_ASSIGN_OR_RETURN(const credit::ChangePage page,
                                    credit.Changes(ctx.caller, cursor, limit));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& g : page.changes) items.push_back(GradeJson(g));
                return Response::Json({{"items", items}, {"next_cursor", page.next_cursor}});
              }});
  router.Add({.route = "GET /api/v1/credit/grades/{id}/recompute",
              .access = Access::kOfficial,
              .summary = "Recompute a stored grade from its rule version and event snapshot",
              .params = {{.name = "id",
                          .in = ParamIn::kPath,
                          .type = ParamType::kInteger,
                          .description = "grade id"}},
              .handler = OnId(std::bind_front(&credit::CreditService::Recompute, &credit),
                              AssessmentJson)});
  router.Add({.route = "GET /api/v1/public/credit/{uscc}",
              .access = Access::kPublic,
              .summary = "Public quality credit grade (portal): grade and public list status",
              .params = {uscc_param},
              .handler = [&credit](const Request& req, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, PathUscc(req));
                ZQ_ASSIGN_OR_RETURN(const credit::PublicGrade p, credit.Public(uscc));
                return Response::Json({{"uscc", p.uscc},
                                       {"grade", p.grade},
                                       {"abnormal_listed", p.abnormal_listed},
                                       {"serious_listed", p.serious_listed},
                                       {"as_of", p.as_of}});
              }});
}

}  // namespace zq::api

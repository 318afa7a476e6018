// Objections to credit records (异议), credit repair (信用修复) and the procurement preference list
// (优质优价). Enterprise users file for their own USCC (others' records answer not found),
// regulators on a firm's behalf in their region; regulators in scope extend and decide.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routes/inspection_result_json.h"
#include "api/routes/routes.h"
#include "core/calendar.h"
#include "credit/procurement.h"

namespace zq::api {
namespace {

using credit::Objection;
using credit::RepairApplication;

nlohmann::json ObjectionJson(const Objection& o) {
  return {{"id", o.id},
          {"uscc", o.uscc},
          {"region_code", o.region_code},
          {"event_id", o.event_id},
          {"event_type", o.event_type},
          {"grounds", o.grounds},
          {"evidence_ref", o.evidence_ref},
          {"filed_by", o.filed_by},
          {"filed_on", o.filed_on},
          {"due_on", o.due_on},
          {"extended", o.extended},
          {"extension_reason", o.extension_reason},
          {"status", o.status},
          {"decided_by", o.decided_by},
          {"decided_on", o.decided_on},
          {"decision_reason", o.decision_reason},
          {"ending_event_id", o.ending_event_id},
          {"overdue", o.overdue}};
}

nlohmann::json RepairJson(const RepairApplication& a) {
  return {{"id", a.id},
          {"uscc", a.uscc},
          {"region_code", a.region_code},
          {"kind", credit::RepairKindName(a.kind)},
          {"event_id", a.event_id},
          {"event_type", a.event_type},
          {"facts",
           {{"ground", a.facts.ground},
            {"domain", a.facts.domain},
            {"measures", a.facts.measures},
            {"penalty_fulfilled", a.facts.penalty_fulfilled},
            {"harm_removed", a.facts.harm_removed}}},
          {"evidence_ref", a.evidence_ref},
          {"statement", a.statement},
          {"filed_by", a.filed_by},
          {"filed_on", a.filed_on},
          {"due_on", a.due_on},
          {"status", a.status},
          {"decided_by", a.decided_by},
          {"decided_on", a.decided_on},
          {"decision_reason", a.decision_reason},
          {"fraudulent", a.fraudulent},
          {"barred_until", a.barred_until},
          {"ending_event_id", a.ending_event_id},
          {"overdue", a.overdue}};
}

Result<std::int64_t> IdField(const nlohmann::json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_number_integer() ||
      body[field].get<std::int64_t>() <= 0)
    return Status::InvalidArgument(std::string(field) + " must be a positive whole number", field);
  return body[field].get<std::int64_t>();
}

Result<bool> BoolField(const nlohmann::json& body, const char* field) {
  if (!body.contains(field))
    return false;
  if (!body[field].is_boolean())
    return Status::InvalidArgument(std::string(field) + " must be true or false", field);
  return body[field].get<bool>();
}

Result<credit::NewRepair> RepairFromJson(const nlohmann::json& body) {
  credit::NewRepair r;
  ZQ_ASSIGN_OR_RETURN(const std::string kind, StringField(body, "kind", true));
  ZQ_ASSIGN_OR_RETURN(r.kind, credit::ParseRepairKind(kind));
  ZQ_ASSIGN_OR_RETURN(r.event_id, IdField(body, "event_id"));
  ZQ_ASSIGN_OR_RETURN(r.evidence_ref, StringField(body, "evidence_ref", true));
  ZQ_ASSIGN_OR_RETURN(r.statement, StringField(body, "statement", false));
  ZQ_ASSIGN_OR_RETURN(r.facts.ground, StringField(body, "ground", false));
  ZQ_ASSIGN_OR_RETURN(std::string domain, StringField(body, "domain", false));
  if (!domain.empty())
    r.facts.domain = std::move(domain);
  if (body.contains("measures")) {
    if (!body["measures"].is_array())
      return Status::InvalidArgument("measures must be an array of strings", "measures");
    for (const auto& m : body["measures"]) {
      if (!m.is_string())
        return Status::InvalidArgument("measures must be an array of strings", "measures");
      r.facts.measures.push_back(m.get<std::string>());
    }
  }
  ZQ_ASSIGN_OR_RETURN(r.facts.penalty_fulfilled, BoolField(body, "penalty_fulfilled"));
  ZQ_ASSIGN_OR_RETURN(r.facts.harm_removed, BoolField(body, "harm_removed"));
  return r;
}

Result<credit::CaseFilter> FilterFrom(const Request& req) {
  credit::CaseFilter f;
  f.uscc = req.Query("uscc");
  f.status = req.Query("status");
  const std::string overdue = req.Query("overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false")
    return Status::InvalidArgument("overdue: true or false", "overdue");
  f.overdue_only = overdue == "true";
  ZQ_RETURN_IF_ERROR(ReadPage(req, f.page, f.page_size));
  return f;
}

const char kObjectionSchema[] =
    R"({"type":"object","required":["event_id","grounds","evidence_ref"],"properties":{"event_id":{"type":"integer"},"grounds":{"type":"string"},"evidence_ref":{"type":"string"}}})";
const char kRepairSchema[] =
    R"({"type":"object","required":["kind","event_id","evidence_ref"],"properties":{"kind":{"type":"string","enum":["abnormal_list","serious_list","penalty_publication"]},"event_id":{"type":"integer"},"evidence_ref":{"type":"string"},"statement":{"type":"string"},"ground":{"type":"string"},"domain":{"type":"string"},"measures":{"type":"array","items":{"type":"string"}},"penalty_fulfilled":{"type":"boolean"},"harm_removed":{"type":"boolean"}}})";
const char kDecisionSchema[] =
    R"({"type":"object","required":["decision"],"properties":{"decision":{"type":"string"},"reason":{"type":"string"},"fraudulent":{"type":"boolean"}}})";

// GET `base` (the cases in the caller's scope, filtered and paged, soonest due first, overdue
// ones flagged) and GET `base`/{id}.
template <typename T>
void AddCaseReads(
    Router& router, const std::string& base, const std::string& what,
    std::vector<std::string> statuses,
    std::function<Result<std::vector<T>>(const auth::Caller&, const credit::CaseFilter&)> list,
    std::function<Result<T>(const auth::Caller&, std::int64_t)> get,
    nlohmann::json (*to_json)(const T&)) {
  const std::vector<ParamSpec> params = {
      {.name = "uscc", .description = "one firm"},
      {.name = "status", .description = "pending or a decision"},
      {.name = "overdue", .description = "true: pending past the deadline only"},
      {.name = "page", .type = ParamType::kInteger, .description = "from 1"},
      {.name = "page_size", .type = ParamType::kInteger, .description = "1-500"}};
  router.Add({.method = "GET",
              .pattern = base,
              .access = Access::kSignedIn,
              .summary = what + " in scope, soonest due first; overdue ones flagged",
              .tag = "credit",
              .params = params,
              .errors = {400, 401},
              .handler = [statuses, list, to_json](const Request& req,
                                                   RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const credit::CaseFilter f, FilterFrom(req));
                if (!f.status.empty() &&
                    std::find(statuses.begin(), statuses.end(), f.status) == statuses.end())
                  return Status::InvalidArgument("status: pending or a decision", "status");
                ZQ_ASSIGN_OR_RETURN(const std::vector<T> found, list(ctx.caller, f));
                nlohmann::json items = nlohmann::json::array();
                for (const T& item : found) items.push_back(to_json(item));
                return Response::Json({{"items", items}});
              }});
  router.Add(
      {.method = "GET",
       .pattern = base + "/{id}",
       .access = Access::kSignedIn,
       .summary = "One of the " + what,
       .tag = "credit",
       .params =
           {{.name = "id", .in = ParamIn::kPath, .type = ParamType::kInteger, .description = "id"}},
       .errors = {400, 401, 404},
       .handler = [get, to_json](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const T item, get(ctx.caller, id));
         return Response::Json(to_json(item));
       }});
}

}  // namespace

void AddCreditRepairRoutes(Router& router, app::Context& services) {
  credit::RepairService& repairs = services.Get<credit::RepairService>();
  const ParamSpec id{.name = "id", .in = ParamIn::kPath, .type = ParamType::kInteger};

  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/objections",
       .access = Access::kSignedIn,
       .summary = "File an objection (异议) against a credit record: deadline in working days",
       .tag = "credit",
       .request_schema = kObjectionSchema,
       .errors = {400, 401, 404, 409},
       .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         credit::NewObjection o;
         ZQ_ASSIGN_OR_RETURN(o.event_id, IdField(body, "event_id"));
         ZQ_ASSIGN_OR_RETURN(o.grounds, StringField(body, "grounds", true));
         ZQ_ASSIGN_OR_RETURN(o.evidence_ref, StringField(body, "evidence_ref", true));
         ZQ_ASSIGN_OR_RETURN(const Objection filed, repairs.FileObjection(ctx.caller, o));
         return Response::Json(ObjectionJson(filed), 201);
       }});
  AddCaseReads<Objection>(
      router, "/api/v1/credit/objections", "Objections", {"pending", "upheld", "rejected"},
      [&repairs](const auth::Caller& c, const credit::CaseFilter& f) {
        return repairs.ListObjections(c, f);
      },
      [&repairs](const auth::Caller& c, std::int64_t case_id) {
        return repairs.GetObjection(c, case_id);
      },
      ObjectionJson);
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/objections/{id}/extension",
       .access = Access::kWriter,
       .summary = "Extend an objection's deadline once, with a reason",
       .tag = "credit",
       .params = {id},
       .request_schema =
           R"({"type":"object","required":["reason"],"properties":{"reason":{"type":"string"}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t oid, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(const std::string reason, StringField(body, "reason", true));
         ZQ_ASSIGN_OR_RETURN(const Objection o, repairs.ExtendObjection(ctx.caller, oid, reason));
         return Response::Json(ObjectionJson(o));
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/objections/{id}/decision",
       .access = Access::kWriter,
       .summary =
           "Decide an objection: upheld (the record is withdrawn, grades change) or rejected",
       .tag = "credit",
       .params = {id},
       .request_schema = kDecisionSchema,
       .errors = {400, 401, 403, 404, 409},
       .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t oid, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(const std::string d, StringField(body, "decision", true));
         if (d != "upheld" && d != "rejected")
           return Status::InvalidArgument("decision: upheld or rejected", "decision");
         ZQ_ASSIGN_OR_RETURN(const std::string reason, StringField(body, "reason", false));
         ZQ_ASSIGN_OR_RETURN(
             const Objection o,
             repairs.DecideObjection(ctx.caller, oid,
                                     d == "upheld" ? credit::ObjectionDecision::kUpheld
                                                   : credit::ObjectionDecision::kRejected,
                                     reason));
         return Response::Json(ObjectionJson(o));
       }});

  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/repairs/eligibility",
       .access = Access::kSignedIn,
       .summary =
           "Check a credit repair (信用修复) application without filing it: each failed condition",
       .tag = "credit",
       .request_schema = kRepairSchema,
       .errors = {400, 401, 404},
       .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(const credit::NewRepair r, RepairFromJson(body));
         ZQ_ASSIGN_OR_RETURN(const credit::Eligibility e, repairs.CheckEligibility(ctx.caller, r));
         nlohmann::json failures = nlohmann::json::array();
         for (const auto& f : e.failures)
           failures.push_back({{"condition", f.condition}, {"reason", f.reason}});
         return Response::Json({{"eligible", e.eligible()},
                                {"earliest_on", e.earliest_on == 0 ? "" : DayText(e.earliest_on)},
                                {"failures", failures}});
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/repairs",
       .access = Access::kSignedIn,
       .summary =
           "Apply for credit repair: leaving the abnormal list, early removal from the serious "
           "list, early stop of a penalty's publication",
       .tag = "credit",
       .request_schema = kRepairSchema,
       .errors = {400, 401, 404, 409},
       .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(credit::NewRepair r, RepairFromJson(body));
         ZQ_ASSIGN_OR_RETURN(const RepairApplication a,
                             repairs.ApplyForRepair(ctx.caller, std::move(r)));
         return Response::Json(RepairJson(a), 201);
       }});
  AddCaseReads<RepairApplication>(
      router, "/api/v1/credit/repairs", "Repair applications", {"pending", "approved", "rejected"},
      [&repairs](const auth::Caller& c, const credit::CaseFilter& f) {
        return repairs.ListRepairs(c, f);
      },
      [&repairs](const auth::Caller& c, std::int64_t case_id) {
        return repairs.GetRepair(c, case_id);
      },
      RepairJson);
  router.Add({.method = "POST",
              .pattern = "/api/v1/credit/repairs/{id}/decision",
              .access = Access::kWriter,
              .summary =
                  "Decide a repair: approved (the listing or publication ends, grades change) or "
                  "rejected (fraudulent: re-application barred)",
              .tag = "credit",
              .params = {id},
              .request_schema = kDecisionSchema,
              .errors = {400, 401, 403, 404, 409},
              .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t rid, PathId(req));
                ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
                ZQ_ASSIGN_OR_RETURN(const std::string d, StringField(body, "decision", true));
                if (d != "approved" && d != "rejected")
                  return Status::InvalidArgument("decision: approved or rejected", "decision");
                ZQ_ASSIGN_OR_RETURN(const std::string reason, StringField(body, "reason", false));
                ZQ_ASSIGN_OR_RETURN(const bool fraud, BoolField(body, "fraudulent"));
                ZQ_ASSIGN_OR_RETURN(
                    const RepairApplication a,
                    repairs.DecideRepair(ctx.caller, rid,
                                         d == "approved" ? credit::RepairDecision::kApproved
                                                         : credit::RepairDecision::kRejected,
                                         reason, fraud ? credit::Fraud::kYes : credit::Fraud::kNo));
                return Response::Json(RepairJson(a));
              }});

  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/credit/procurement",
       .access = Access::kSignedIn,
       .summary =
           "Procurement preference list (优质优价): firms at or above a grade and on no list",
       .tag = "credit",
       .params = {{.name = "region", .description = "GB/T 2260 code"},
                  {.name = "industry", .description = "GB/T 4754 code prefix"},
                  {.name = "min_grade", .description = "default AA"},
                  {.name = "page", .type = ParamType::kInteger, .description = "from 1"},
                  {.name = "page_size", .type = ParamType::kInteger, .description = "1-500"}},
       .errors = {400, 401, 404},
       .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
         credit::PreferenceFilter f;
         f.region_code = req.Query("region");
         f.industry_code = req.Query("industry");
         if (req.HasQuery("min_grade"))
           f.min_grade = req.Query("min_grade");
         ZQ_RETURN_IF_ERROR(ReadPage(req, f.page, f.page_size));
         ZQ_ASSIGN_OR_RETURN(
             const credit::PreferencePage p,
             credit::ProcurementPreferenceList(services.db(), services.Get<credit::CreditService>(),
                                               services.clock(), ctx.caller, f));
         nlohmann::json items = nlohmann::json::array();
         for (const credit::PreferredFirm& firm : p.items) {
           items.push_back({{"uscc", firm.uscc},
                            {"name", firm.name},
                            {"region_code", firm.region_code},
                            {"industry_code", firm.industry_code},
                            {"grade", firm.grade},
                            {"risk_class", firm.risk_class},
                            {"as_of", firm.as_of}});
         }
         return Response::Json({{"items", items},
                                {"total", p.total},
                                {"page", p.page},
                                {"page_size", p.page_size},
                                {"min_grade", p.min_grade}});
       }});
}

}  // namespace zq::api

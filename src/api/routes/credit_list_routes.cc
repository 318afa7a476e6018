// Credit list routes: the serious-dishonesty list (严重违法失信名单) with
// proposal, approval by the level above, rejection and removal; the abnormal-operations list
// (经营异常名录); penalty publication (行政处罚信息公示); the daily sweep; and the public serious
// list and published penalties for the portal (names of persons masked).
#include <nlohmann/json.hpp>

#include "api/routes/credit_list_json.h"
#include "api/routes/inspection_result_json.h"
#include "api/routes/routes.h"

namespace zq::api {
namespace {

using credit::AbnormalListing;
using credit::PenaltyPublication;
using credit::SeriousListing;

template <typename T, typename F>
nlohmann::json PageJson(const credit::ListPage<T>& page, F to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const T& item : page.items) items.push_back(to_json(item));
  return {
      {"items", items}, {"total", page.total}, {"page", page.page}, {"page_size", page.page_size}};
}

Result<credit::ListFilter> ListFilterFrom(const Request& req, const char* category_param) {
  credit::ListFilter f;
  f.status = req.Query("status");
  f.region_code = req.Query("region");
  f.uscc = req.Query("uscc");
  f.category = req.Query(category_param);
  f.escalation_due_only = req.Query("escalation_due") == "true";
  ZQ_RETURN_IF_ERROR(ReadPage(req, f.page, f.page_size));
  return f;
}

Result<credit::PublicationFilter> PublicationFilterFrom(const Request& req) {
  credit::PublicationFilter f;
  f.status = req.Query("status");
  f.region_code = req.Query("region");
  f.uscc = req.Query("uscc");
  f.overdue_only = req.Query("overdue") == "true";
  ZQ_RETURN_IF_ERROR(ReadPage(req, f.page, f.page_size));
  return f;
}

Result<std::int64_t> IntField(const nlohmann::json& body, const char* field, bool required) {
  if (!body.contains(field)) {
    if (required)
      return Status::InvalidArgument(std::string(field) + " is required", field);
    return std::int64_t{0};
  }
  if (!body[field].is_number_integer())
    return Status::InvalidArgument(std::string(field) + " must be a whole number", field);
  return body[field].get<std::int64_t>();
}

const ParamSpec kId{
    .name = "id", .in = ParamIn::kPath, .type = ParamType::kInteger, .description = "record id"};
const ParamSpec kStatus{.name = "status", .description = "filter by status"};
const ParamSpec kRegion{.name = "region", .description = "GB/T 2260 code: its subtree"};
const ParamSpec kUscc{.name = "uscc", .description = "one entity"};
const ParamSpec kPage{.name = "page", .type = ParamType::kInteger, .description = "from 1"};
const ParamSpec kPageSize{
    .name = "page_size", .type = ParamType::kInteger, .description = "1-500, default 20"};

}  // namespace

void AddCreditListRoutes(Router& router, app::Context& services) {
  credit::CreditLists& lists = services.Get<credit::CreditLists>();
  credit::PenaltyPublications& publications = services.Get<credit::PenaltyPublications>();
  // --- 严重违法失信名单 ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/credit/lists/serious",
       .access = Access::kOfficial,
       .summary = "Serious-dishonesty listings (严重违法失信名单) in the caller's jurisdiction",
       .tag = "credit",
       .params = {kStatus,
                  kRegion,
                  kUscc,
                  {.name = "category",
                   .description = "violation category (总局令第44号 Arts. 5-10)"},
                  kPage,
                  kPageSize},
       .errors = {400, 401, 403},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const credit::ListFilter f, ListFilterFrom(req, "category"));
         ZQ_ASSIGN_OR_RETURN(const auto page, lists.SeriousListings(ctx.caller, f));
         return Response::Json(PageJson(page, SeriousJson));
       }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/credit/lists/serious/{id}",
              .access = Access::kOfficial,
              .summary = "One serious listing",
              .tag = "credit",
              .params = {kId},
              .errors = {400, 401, 403, 404},
              .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
                ZQ_ASSIGN_OR_RETURN(const SeriousListing s, lists.GetSerious(ctx.caller, id));
                return Response::Json(SeriousJson(s));
              }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/lists/serious",
       .access = Access::kWriter,
       .summary =
           "Propose a serious listing: violation category, the heavier penalty (a penalty.heavy "
           "event), the Art. 12 judgement and the decision number; a county or city bureau's "
           "proposal waits for the level above, a province lists directly",
       .tag = "credit",
       .request_schema =
           R"({"type":"object","required":["uscc","category","penalty_event_id","judgement","decision_no"],"properties":{"uscc":{"type":"string"},"category":{"type":"string","enum":["food","drug_device_cosmetic","quality_safety","consumer_harm","fair_competition","obstructing_inspection"]},"penalty_event_id":{"type":"integer"},"judgement":{"type":"string"},"decision_no":{"type":"string"}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         credit::SeriousProposal p;
         ZQ_ASSIGN_OR_RETURN(p.uscc, StringField(body, "uscc", true));
         ZQ_ASSIGN_OR_RETURN(p.category, StringField(body, "category", true));
         ZQ_ASSIGN_OR_RETURN(p.penalty_event_id, IntField(body, "penalty_event_id", true));
         ZQ_ASSIGN_OR_RETURN(p.judgement, StringField(body, "judgement", true));
         ZQ_ASSIGN_OR_RETURN(p.decision_no, StringField(body, "decision_no", true));
         ZQ_ASSIGN_OR_RETURN(const SeriousListing s, lists.ProposeSerious(ctx.caller, p));
         return Response::Json(SeriousJson(s), 201);
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/lists/serious/{id}/approve",
       .access = Access::kWriter,
       .summary = "Approve a proposal: a regulator of the level above, not the proposer; lists it",
       .tag = "credit",
       .params = {kId},
       .errors = {400, 401, 403, 404, 409},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const SeriousListing s, lists.ApproveSerious(ctx.caller, id));
         return Response::Json(SeriousJson(s));
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/lists/serious/{id}/reject",
       .access = Access::kWriter,
       .summary = "Reject a proposal with its reason (the level above)",
       .tag = "credit",
       .params = {kId},
       .request_schema =
           R"({"type":"object","required":["reason"],"properties":{"reason":{"type":"string"}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(std::string reason, StringField(body, "reason", true));
         ZQ_ASSIGN_OR_RETURN(const SeriousListing s,
                             lists.RejectSerious(ctx.caller, id, std::move(reason)));
         return Response::Json(SeriousJson(s));
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/lists/serious/{id}/remove",
       .access = Access::kWriter,
       .summary =
           "Remove a listing (谁列入谁移出: the listing bureau); the term's end is the sweep's",
       .tag = "credit",
       .params = {kId},
       .request_schema =
           R"({"type":"object","required":["reason"],"properties":{"reason":{"type":"string","enum":["decision_revoked","repaired","corrected"]}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(const std::string reason, StringField(body, "reason", true));
         ZQ_ASSIGN_OR_RETURN(const SeriousListing s, lists.RemoveSerious(ctx.caller, id, reason));
         return Response::Json(SeriousJson(s));
       }});
  // --- 经营异常名录 ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/credit/lists/abnormal",
       .access = Access::kOfficial,
       .summary =
           "Abnormal-operations listings (经营异常名录); escalation_due=true: within 60 days "
           "of the move to the serious list",
       .tag = "credit",
       .params = {kStatus,
                  kRegion,
                  kUscc,
                  {.name = "reason", .description = "listing reason"},
                  {.name = "escalation_due",
                   .type = ParamType::kBoolean,
                   .description = "only those due for escalation"},
                  kPage,
                  kPageSize},
       .errors = {400, 401, 403},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const credit::ListFilter f, ListFilterFrom(req, "reason"));
         ZQ_ASSIGN_OR_RETURN(const auto page, lists.AbnormalListings(ctx.caller, f));
         return Response::Json(PageJson(page, AbnormalJson));
       }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/credit/lists/abnormal/{id}",
              .access = Access::kOfficial,
              .summary = "One abnormal listing",
              .tag = "credit",
              .params = {kId},
              .errors = {400, 401, 403, 404},
              .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
                ZQ_ASSIGN_OR_RETURN(const AbnormalListing a, lists.GetAbnormal(ctx.caller, id));
                return Response::Json(AbnormalJson(a));
              }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/lists/abnormal",
       .access = Access::kWriter,
       .summary = "List an entity on the abnormal-operations list with its reason",
       .tag = "credit",
       .request_schema =
           R"({"type":"object","required":["uscc","reason","decision_no"],"properties":{"uscc":{"type":"string"},"reason":{"type":"string","enum":["annual_report_not_filed","instant_disclosure_overdue","false_information","unreachable_at_address"]},"decision_no":{"type":"string"}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(std::string uscc, StringField(body, "uscc", true));
         ZQ_ASSIGN_OR_RETURN(std::string reason, StringField(body, "reason", true));
         ZQ_ASSIGN_OR_RETURN(std::string decision_no, StringField(body, "decision_no", true));
         ZQ_ASSIGN_OR_RETURN(const AbnormalListing a,
                             lists.ListAbnormal(ctx.caller, std::move(uscc), std::move(reason),
                                                std::move(decision_no)));
         return Response::Json(AbnormalJson(a), 201);
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/lists/abnormal/{id}/remove",
       .access = Access::kWriter,
       .summary = "Remove an abnormal listing once the duty is discharged",
       .tag = "credit",
       .params = {kId},
       .request_schema =
           R"({"type":"object","required":["reason"],"properties":{"reason":{"type":"string","enum":["annual_report_filed","disclosure_made","information_corrected","reachable_again","corrected"]}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(const std::string reason, StringField(body, "reason", true));
         ZQ_ASSIGN_OR_RETURN(const AbnormalListing a, lists.RemoveAbnormal(ctx.caller, id, reason));
         return Response::Json(AbnormalJson(a));
       }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/credit/sweep",
              .access = Access::kAdmin,
              .summary =
                  "Daily credit sweep as of today: list terms ending, escalations after 3 years, "
                  "counts of warnings and overdue publications (idempotent)",
              .tag = "credit",
              .errors = {401, 403},
              .handler = [&lists](const Request&, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const credit::SweepReport r, lists.Sweep(ctx.caller));
                return Response::Json({{"as_of", r.as_of},
                                       {"serious_expired", r.serious_expired},
                                       {"abnormal_escalated", r.abnormal_escalated},
                                       {"escalation_warnings", r.escalation_warnings},
                                       {"publications_overdue", r.publications_overdue},
                                       {"retractions_overdue", r.retractions_overdue}});
              }});
  // --- 行政处罚信息公示 ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/credit/publications",
       .access = Access::kOfficial,
       .summary = "Penalty publications (行政处罚信息公示); overdue=true: pending past due or "
                  "retraction past due",
       .tag = "credit",
       .params = {kStatus,
                  kRegion,
                  kUscc,
                  {.name = "overdue",
                   .type = ParamType::kBoolean,
                   .description = "only overdue ones"},
                  kPage,
                  kPageSize},
       .errors = {400, 401, 403},
       .handler = [&publications](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const credit::PublicationFilter f, PublicationFilterFrom(req));
         ZQ_ASSIGN_OR_RETURN(const auto page, publications.List(ctx.caller, f));
         return Response::Json(PageJson(page, PublicationJson));
       }});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/credit/publications/{id}",
       .access = Access::kOfficial,
       .summary = "One penalty publication",
       .tag = "credit",
       .params = {kId},
       .errors = {400, 401, 403, 404},
       .handler = [&publications](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p, publications.Get(ctx.caller, id));
         return Response::Json(PublicationJson(p));
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/publications",
       .access = Access::kWriter,
       .summary =
           "Register a penalty decision (a stored penalty.* event) for publication, due within 20 "
           "working days; a warning alone is not published",
       .tag = "credit",
       .request_schema =
           R"({"type":"object","required":["penalty_event_id","violation_type","penalty_kind","penalty_text","case_domain","authority"],"properties":{"penalty_event_id":{"type":"integer"},"decision_no":{"type":"string"},"violation_type":{"type":"string"},"penalty_kind":{"type":"string","enum":["criticism","small_fine","fine","confiscation","suspension","licence_revoked","employment_ban","other"]},"penalty_text":{"type":"string"},"restriction_months":{"type":"integer"},"case_domain":{"type":"string","enum":["food","drug","special_equipment","other"]},"authority":{"type":"string"},"authority_province":{"type":"string"},"received_on":{"type":"string","format":"date"}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&publications](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         credit::PenaltyDecision d;
         ZQ_ASSIGN_OR_RETURN(d.penalty_event_id, IntField(body, "penalty_event_id", true));
         ZQ_ASSIGN_OR_RETURN(d.decision_no, StringField(body, "decision_no", false));
         ZQ_ASSIGN_OR_RETURN(d.violation_type, StringField(body, "violation_type", true));
         ZQ_ASSIGN_OR_RETURN(d.penalty_kind, StringField(body, "penalty_kind", true));
         ZQ_ASSIGN_OR_RETURN(d.penalty_text, StringField(body, "penalty_text", true));
         ZQ_ASSIGN_OR_RETURN(const std::int64_t months,
                             IntField(body, "restriction_months", false));
         if (months < 0 || months > 1200)
           return Status::InvalidArgument("restriction_months lies in 0-1200",
                                          "restriction_months");
         d.restriction_months = static_cast<int>(months);
         ZQ_ASSIGN_OR_RETURN(d.case_domain, StringField(body, "case_domain", true));
         ZQ_ASSIGN_OR_RETURN(d.authority, StringField(body, "authority", true));
         ZQ_ASSIGN_OR_RETURN(d.authority_province, StringField(body, "authority_province", false));
         ZQ_ASSIGN_OR_RETURN(d.received_on, StringField(body, "received_on", false));
         ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p, publications.Register(ctx.caller, d));
         return Response::Json(PublicationJson(p), 201);
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/publications/{id}/publish",
       .access = Access::kWriter,
       .summary = "Publish a pending penalty today (display period by kind, restriction and cap)",
       .tag = "credit",
       .params = {kId},
       .errors = {400, 401, 403, 404, 409},
       .handler = [&publications](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p, publications.Publish(ctx.caller, id));
         return Response::Json(PublicationJson(p));
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/publications/{id}/revoke",
       .access = Access::kWriter,
       .summary =
           "The decision was revoked: the penalty's credit event ends; retraction due in 3 working "
           "days",
       .tag = "credit",
       .params = {kId},
       .request_schema =
           R"({"type":"object","required":["revocation_ref"],"properties":{"revocation_ref":{"type":"string"},"revoked_on":{"type":"string","format":"date"}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&publications](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(std::string ref, StringField(body, "revocation_ref", true));
         ZQ_ASSIGN_OR_RETURN(std::string on, StringField(body, "revoked_on", false));
         ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p,
                             publications.Revoke(ctx.caller, id, std::move(ref), std::move(on)));
         return Response::Json(PublicationJson(p));
       }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/credit/publications/{id}/retract",
       .access = Access::kWriter,
       .summary = "Retract the publication of a revoked decision",
       .tag = "credit",
       .params = {kId},
       .errors = {400, 401, 403, 404, 409},
       .handler = [&publications](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p, publications.Retract(ctx.caller, id));
         return Response::Json(PublicationJson(p));
       }});
  // --- public (portal) ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/public/credit/serious-list",
       .access = Access::kPublic,
       .summary = "The current serious-dishonesty list (portal); legal representatives masked",
       .tag = "credit",
       .params = {kRegion, kPage, kPageSize},
       .errors = {400},
       .handler = [&lists](const Request& req, RequestContext&) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const credit::ListFilter f, ListFilterFrom(req, "category"));
         ZQ_ASSIGN_OR_RETURN(const auto page, lists.PublicSeriousList(f));
         return Response::Json(PageJson(page, [](const credit::PublicSeriousEntry& e) {
           return nlohmann::json{{"uscc", e.uscc},
                                 {"entity_name", e.entity_name},
                                 {"legal_representative", e.legal_representative},
                                 {"category", e.category},
                                 {"decision_no", e.decision_no},
                                 {"authority_region", e.authority_region},
                                 {"listed_on", e.listed_on},
                                 {"term_ends_on", e.term_ends_on}};
         }));
       }});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/public/credit/penalties",
       .access = Access::kPublic,
       .summary = "Published administrative penalties being shown today (portal; Art. 4 summary)",
       .tag = "credit",
       .params = {kRegion, kUscc, kPage, kPageSize},
       .errors = {400},
       .handler = [&publications](const Request& req, RequestContext&) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const credit::PublicationFilter f, PublicationFilterFrom(req));
         ZQ_ASSIGN_OR_RETURN(const auto page, publications.PublicList(f));
         return Response::Json(PageJson(page, [](const credit::PublicPenalty& p) {
           return nlohmann::json{{"uscc", p.uscc},
                                 {"party", p.party},
                                 {"legal_representative", p.legal_representative},
                                 {"decision_no", p.decision_no},
                                 {"violation_type", p.violation_type},
                                 {"penalty_text", p.penalty_text},
                                 {"authority", p.authority},
                                 {"decision_date", p.decision_date},
                                 {"published_on", p.published_on},
                                 {"display_until", p.display_until}};
         }));
       }});
}

}  // namespace zq::api

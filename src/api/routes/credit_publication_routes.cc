// Penalty publication routes (行政处罚信息公示, 总局令第45号): registration of a decision,
// publication, revocation and retraction, and the published penalties for the portal (names of
// persons masked).
#include <functional>

#include <nlohmann/json.hpp>

#include "api/routes/credit_list_json.h"
#include "api/routes/credit_route_kit.h"
#include "api/routes/routes.h"

namespace zq::api {
namespace {

using credit::PenaltyDecision;
using credit::PenaltyPublication;
using credit::PenaltyPublications;

Result<credit::PublicationFilter> PublicationFilterFrom(const Request& req) {
  credit::PublicationFilter f;
  f.status = req.Query("status");
  f.region_code = req.Query("region");
  f.uscc = req.Query("uscc");
  f.overdue_only = req.Query("overdue") == "true";
  ZQ_RETURN_IF_ERROR(ReadPage(req, f.page, f.page_size));
  return f;
}

const Body<PenaltyDecision> kDecisionBody =
    Body<PenaltyDecision>()
        .Member(
            "penalty_event_id", &PenaltyDecision::penalty_event_id, Presence::kRequired,
            {.description = "the stored penalty.minor, penalty.ordinary or penalty.heavy event"})
        .Member("decision_no", &PenaltyDecision::decision_no, Presence::kOptional,
                {.description = "行政处罚决定书文号; default: the event's evidence_ref"})
        .Member("violation_type", &PenaltyDecision::violation_type, Presence::kRequired,
                {.description = "违法行为类型, e.g. 生产销售不合格产品"})
        .Member("penalty_kind", &PenaltyDecision::penalty_kind, Presence::kRequired,
                {.description = "处罚种类 (Art. 2, 13); a warning alone is not published",
                 .one_of = Texts(credit::kPenaltyKinds)})
        .Member("penalty_text", &PenaltyDecision::penalty_text, Presence::kRequired,
                {.description = "处罚内容, e.g. 罚款5万元，没收违法所得"})
        .Member("restriction_months", &PenaltyDecision::restriction_months, Presence::kOptional,
                {.description = "length of a business restriction (suspension, ban), 0-1200"})
        .Member("case_domain", &PenaltyDecision::case_domain, Presence::kRequired,
                {.description = "food, drug and special-equipment cases are repaired later",
                 .one_of = Texts(credit::kCaseDomains)})
        .Member("authority", &PenaltyDecision::authority, Presence::kRequired,
                {.description = "处罚机关"})
        .Member("authority_province", &PenaltyDecision::authority_province, Presence::kOptional,
                {.description = "跨省: the two-digit GB/T 2260 code of another province's deciding "
                                "authority"})
        .Member(
            "received_on", &PenaltyDecision::received_on, Presence::kOptional,
            {.description = "跨省: the day the decision reached this bureau", .format = "date"});

struct Revocation {
  std::string revocation_ref;
  std::string revoked_on;
};

const Body<Revocation> kRevocationBody =
    Body<Revocation>()
        .Member("revocation_ref", &Revocation::revocation_ref, Presence::kRequired,
                {.description = "the revoking document (撤销决定书文号 or judgement)"})
        .Member("revoked_on", &Revocation::revoked_on, Presence::kOptional,
                {.description = "default today", .format = "date"});

}  // namespace

void AddPenaltyPublicationRoutes(Router& router, app::Context& services) {
  PenaltyPublications& publications = services.Get<PenaltyPublications>();
  router.Add({.route = "GET /api/v1/credit/publications",
              .access = Access::kOfficial,
              .summary =
                  "Penalty publications (行政处罚信息公示); overdue=true: pending past due or "
                  "retraction past due",
              .params = {{.name = "status", .description = "filter by status"},
                         kRegionParam,
                         kUsccParam,
                         {.name = "overdue",
                          .type = ParamType::kBoolean,
                          .description = "only overdue ones"},
                         kPageParam,
                         kPageSizeParam},
              .handler = OnPage(PublicationFilterFrom,
                                std::bind_front(&PenaltyPublications::List, &publications),
                                PublicationJson)});
  router.Add({.route = "GET /api/v1/credit/publications/{id}",
              .access = Access::kOfficial,
              .summary = "One penalty publication",
              .handler = OnId(std::bind_front(&PenaltyPublications::Get, &publications),
                              PublicationJson)});
  router.Add(
      {.route = "POST /api/v1/credit/publications",
       .access = Access::kWriter,
       .summary =
           "Register a penalty decision (a stored penalty.* event) for publication, due within 20 "
           "working days; a warning alone is not published",
       .request_schema = kDecisionBody.Schema(),
       .errors = {404, 409},
       .handler =
           OnBody(kDecisionBody, std::bind_front(&PenaltyPublications::Register, &publications),
                  PublicationJson, 201)});
  router.Add(
      {.route = "POST /api/v1/credit/publications/{id}/publish",
       .access = Access::kWriter,
       .summary = "Publish a pending penalty today (display period by kind, restriction and cap)",
       .errors = {409},
       .handler =
           OnId(std::bind_front(&PenaltyPublications::Publish, &publications), PublicationJson)});
  router.Add(
      {.route = "POST /api/v1/credit/publications/{id}/revoke",
       .access = Access::kWriter,
       .summary =
           "The decision was revoked: the penalty's credit event ends; retraction due in 3 working "
           "days",
       .request_schema = kRevocationBody.Schema(),
       .errors = {409},
       .handler = OnIdWith(
           kRevocationBody,
           [&publications](const auth::Caller& caller, std::int64_t id, Revocation r) {
             return publications.Revoke(caller, id, std::move(r.revocation_ref),
                                        std::move(r.revoked_on));
           },
           PublicationJson)});
  router.Add({.route = "POST /api/v1/credit/publications/{id}/retract",
              .access = Access::kWriter,
              .summary = "Retract the publication of a revoked decision",
              .errors = {409},
              .handler = OnId(std::bind_front(&PenaltyPublications::Retract, &publications),
                              PublicationJson)});
  router.Add(
      {.route = "GET /api/v1/public/credit/penalties",
       .access = Access::kPublic,
       .summary = "Published administrative penalties being shown today (portal; Art. 4 summary)",
       .params = {kRegionParam, kUsccParam, kPageParam, kPageSizeParam},
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

// Credit list routes: the serious-dishonesty list (严重违法失信名单) with proposal, approval by the
// level above, rejection and removal; the abnormal-operations list (经营异常名录); the daily sweep;
// the public serious list for the portal (names of persons masked). The penalty publications
// (行政处罚信息公示) are in credit_publication_routes.cc.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routes/credit_list_json.h"
#include "api/routes/credit_route_kit.h"
#include "api/routes/routes.h"

namespace zq::api {
namespace {

using credit::AbnormalListing;
using credit::CreditLists;
using credit::SeriousListing;

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

Result<credit::ListFilter> SeriousFilterFrom(const Request& req) {
  return ListFilterFrom(req, "category");
}

const Body<credit::SeriousProposal> kProposalBody =
    Body<credit::SeriousProposal>()
        .Member("uscc", &credit::SeriousProposal::uscc, Presence::kRequired,
                {.description = "统一社会信用代码 of the entity"})
        .Member("category", &credit::SeriousProposal::category, Presence::kRequired,
                {.description = "violation category (总局令第44号 Arts. 5-10)",
                 .one_of = Texts(credit::kSeriousCategories)})
        .Member("penalty_event_id", &credit::SeriousProposal::penalty_event_id, Presence::kRequired,
                {.description = "the entity's stored 较重行政处罚 (penalty.heavy) event"})
        .Member(
            "judgement", &credit::SeriousProposal::judgement, Presence::kRequired,
            {.description = "Art. 12: 性质恶劣、情节严重、社会危害较大, and why (12-4000 bytes)"})
        .Member("decision_no", &credit::SeriousProposal::decision_no, Presence::kRequired,
                {.description = "列入决定书文号"});

const Body<WithReason> kRejectionBody = Body<WithReason>().Member(
    "reason", &WithReason::reason, Presence::kRequired, {.description = "why it is not listed"});

// The listing bureau's removal reasons: kSeriousRemovalReasons but the sweep's "term_expired".
std::vector<std::string> SeriousRemovalReasons() {
  std::vector<std::string> reasons = Texts(credit::kSeriousRemovalReasons);
  std::erase(reasons, "term_expired");
  return reasons;
}

const Body<WithReason> kSeriousRemovalBody = Body<WithReason>().Member(
    "reason", &WithReason::reason, Presence::kRequired, {.one_of = SeriousRemovalReasons()});

struct AbnormalEntry {
  std::string uscc;
  std::string reason;
  std::string decision_no;
};

const Body<AbnormalEntry> kAbnormalBody =
    Body<AbnormalEntry>()
        .Member("uscc", &AbnormalEntry::uscc, Presence::kRequired,
                {.description = "统一社会信用代码 of the entity"})
        .Member("reason", &AbnormalEntry::reason, Presence::kRequired,
                {.description = "企业信息公示暂行条例 Art. 17",
                 .one_of = Texts(credit::kAbnormalReasons)})
        .Member("decision_no", &AbnormalEntry::decision_no, Presence::kRequired,
                {.description = "列入决定书文号"});

const Body<WithReason> kAbnormalRemovalBody = Body<WithReason>().Member(
    "reason", &WithReason::reason, Presence::kRequired,
    {.description = "the duty discharged (信用修复), or corrected: the listing was wrong",
     .one_of = Texts(credit::kAbnormalRemovalReasons)});

const ParamSpec kStatus{.name = "status", .description = "filter by status"};

}  // namespace

void AddCreditListRoutes(Router& router, app::Context& services) {
  credit::CreditLists& lists = services.Get<credit::CreditLists>();
  // --- 严重违法失信名单 ---
  router.Add(
      {.route = "GET /api/v1/credit/lists/serious",
       .access = Access::kOfficial,
       .summary = "Serious-dishonesty listings (严重违法失信名单) in the caller's jurisdiction",
       .params = {kStatus,
                  kRegionParam,
                  kUsccParam,
                  {.name = "category",
                   .description = "violation category (总局令第44号 Arts. 5-10)"},
                  kPageParam,
                  kPageSizeParam},
       .handler = OnPage(SeriousFilterFrom, std::bind_front(&CreditLists::SeriousListings, &lists),
                         SeriousJson)});
  router.Add({.route = "GET /api/v1/credit/lists/serious/{id}",
              .access = Access::kOfficial,
              .summary = "One serious listing",
              .handler = OnId(std::bind_front(&CreditLists::GetSerious, &lists), SeriousJson)});
  router.Add(
      {.route = "POST /api/v1/credit/lists/serious",
       .access = Access::kWriter,
       .summary =
           "Propose a serious listing: violation category, the heavier penalty (a penalty.heavy "
           "event), the Art. 12 judgement and the decision number; a county or city bureau's "
           "proposal waits for the level above, a province lists directly",
       .request_schema = kProposalBody.Schema(),
       .errors = {404, 409},
       .handler =
           OnBody(kProposalBody, std::bind_front(&credit::CreditLists::ProposeSerious, &lists),
                  SeriousJson, 201)});
  router.Add(
      {.route = "POST /api/v1/credit/lists/serious/{id}/approve",
       .access = Access::kWriter,
       .summary = "Approve a proposal: a regulator of the level above, not the proposer; lists it",
       .errors = {409},
       .handler = OnId(std::bind_front(&CreditLists::ApproveSerious, &lists), SeriousJson)});
  router.Add({.route = "POST /api/v1/credit/lists/serious/{id}/reject",
              .access = Access::kWriter,
              .summary = "Reject a proposal with its reason (the level above)",
              .request_schema = kRejectionBody.Schema(),
              .errors = {409},
              .handler = OnIdWith(
                  kRejectionBody,
                  [&lists](const auth::Caller& caller, std::int64_t id, WithReason body) {
                    return lists.RejectSerious(caller, id, std::move(body.reason));
                  },
                  SeriousJson)});
  router.Add(
      {.route = "POST /api/v1/credit/lists/serious/{id}/remove",
       .access = Access::kWriter,
       .summary =
           "Remove a listing (谁列入谁移出: the listing bureau); the term's end is the sweep's",
       .request_schema = kSeriousRemovalBody.Schema(),
       .errors = {409},
       .handler = OnIdWith(
           kSeriousRemovalBody,
           [&lists](const auth::Caller& caller, std::int64_t id, const WithReason& body) {
             return lists.RemoveSerious(caller, id, body.reason);
           },
           SeriousJson)});
  // --- 经营异常名录 ---
  router.Add(
      {.route = "GET /api/v1/credit/lists/abnormal",
       .access = Access::kOfficial,
       .summary =
           "Abnormal-operations listings (经营异常名录); escalation_due=true: within 60 days "
           "of the move to the serious list",
       .params = {kStatus,
                  kRegionParam,
                  kUsccParam,
                  {.name = "reason", .description = "listing reason"},
                  {.name = "escalation_due",
                   .type = ParamType::kBoolean,
                   .description = "only those due for escalation"},
                  kPageParam,
                  kPageSizeParam},
       .handler = OnPage([](const Request& req) { return ListFilterFrom(req, "reason"); },
                         std::bind_front(&CreditLists::AbnormalListings, &lists), AbnormalJson)});
  router.Add({.route = "GET /api/v1/credit/lists/abnormal/{id}",
              .access = Access::kOfficial,
              .summary = "One abnormal listing",
              .handler = OnId(std::bind_front(&CreditLists::GetAbnormal, &lists), AbnormalJson)});
  router.Add({.route = "POST /api/v1/credit/lists/abnormal",
              .access = Access::kWriter,
              .summary = "List an entity on the abnormal-operations list with its reason",
              .request_schema = kAbnormalBody.Schema(),
              .errors = {404, 409},
              .handler = [&lists](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(AbnormalEntry e, kAbnormalBody.Parse(req));
                ZQ_ASSIGN_OR_RETURN(
                    const AbnormalListing a,
                    lists.ListAbnormal(ctx.caller, std::move(e.uscc), std::move(e.reason),
                                       std::move(e.decision_no)));
                return Response::Json(AbnormalJson(a), 201);
              }});
  router.Add({.route = "POST /api/v1/credit/lists/abnormal/{id}/remove",
              .access = Access::kWriter,
              .summary = "Remove an abnormal listing once the duty is discharged",
              .request_schema = kAbnormalRemovalBody.Schema(),
              .errors = {409},
              .handler = OnIdWith(
                  kAbnormalRemovalBody,
                  [&lists](const auth::Caller& caller, std::int64_t id, const WithReason& body) {
                    return lists.RemoveAbnormal(caller, id, body.reason);
                  },
                  AbnormalJson)});
  router.Add({.route = "POST /api/v1/credit/sweep",
              .access = Access::kAdmin,
              .summary =
                  "Daily credit sweep as of today: list terms ending, escalations after 3 years, "
                  "counts of warnings and overdue publications (idempotent)",
              .handler = [&lists](const Request&, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const credit::SweepReport r, lists.Sweep(ctx.caller));
                return Response::Json({{"as_of", r.as_of},
                                       {"serious_expired", r.serious_expired},
                                       {"abnormal_escalated", r.abnormal_escalated},
                                       {"escalation_warnings", r.escalation_warnings},
                                       {"publications_overdue", r.publications_overdue},
                                       {"retractions_overdue", r.retractions_overdue}});
              }});
  // --- public (portal) ---
  router.Add(
      {.route = "GET /api/v1/public/credit/serious-list",
       .access = Access::kPublic,
       .summary = "The current serious-dishonesty list (portal); legal representatives masked",
       .params = {kRegionParam, kPageParam, kPageSizeParam},
       .handler = [&lists](const Request& req, RequestContext&) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const credit::ListFilter f, SeriousFilterFrom(req));
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
  AddPenaltyPublicationRoutes(router, services);
}

}  // namespace zq::api

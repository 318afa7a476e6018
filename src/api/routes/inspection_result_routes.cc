// Spot-check results routes: tasks for inspectors, sampling, test results, the notice, 异议 and
// 复检, the final verdict, 后处理 (follow-up), and 一公开 (the public list of results).
#include <functional>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/handlers.h"
#include "api/routes/inspection_result_json.h"
#include "api/routes/routes.h"

namespace zq::api {
namespace {

using inspection::Batch;
using inspection::ResultService;
using nlohmann::json;

Result<std::optional<std::int64_t>> OptionalId(const Request& req, const char* name) {
  if (req.Query(name).empty())
    return std::optional<std::int64_t>();
  int value = 0;
  ZQ_RETURN_IF_ERROR(ReadInt(req, name, 0, value));
  if (value < 1)
    return Status::InvalidArgument(std::string(name) + " must be a positive whole number", name);
  return std::optional<std::int64_t>(value);
}

// The small bodies of the batch and follow-up steps.
struct Notice {
  std::string received_on;
};

const Body<Notice> kNoticeBody = Body<Notice>().Member(
    "received_on", &Notice::received_on, Presence::kRequired,
    {.description = "the day the firm received the result notice (送达): the objection and "
                    "re-test windows run from it",
     .format = "date"});

struct AppealRequest {
  inspection::AppealKind kind = inspection::AppealKind::kObjection;
  std::string reason;
};

const Body<AppealRequest> kAppealBody =
    Body<AppealRequest>()
        .Enumerated("kind", &AppealRequest::kind, Presence::kRequired, inspection::ParseAppealKind,
                    {.description = "objection (异议: on the sampling or its procedure) or retest "
                                    "(复检: on the result, tested on the reserve sample)",
                     .one_of = {"objection", "retest"}})
        .Member("reason", &AppealRequest::reason, Presence::kRequired,
                {.description = "at most 2000 bytes"});

struct ObjectionDecisionRequest {
  inspection::ObjectionDecision decision = inspection::ObjectionDecision::kRejected;
};

Result<inspection::ObjectionDecision> ParseObjectionDecision(std::string_view text) {
  if (text == "upheld")
    return inspection::ObjectionDecision::kUpheld;
  if (text == "rejected")
    return inspection::ObjectionDecision::kRejected;
  return Status::InvalidArgument("decision is upheld or rejected", "decision");
}

const Body<ObjectionDecisionRequest> kObjectionDecisionBody =
    Body<ObjectionDecisionRequest>().Enumerated(
        "decision", &ObjectionDecisionRequest::decision, Presence::kRequired,
        ParseObjectionDecision,
        {.description = "upheld (异议成立: the sampling is annulled) or rejected (不成立: the "
                        "result stands)",
         .one_of = {"upheld", "rejected"}});

struct Extension {
  int days = 0;
};

const Body<Extension> kExtensionBody = Body<Extension>().Member(
    "days", &Extension::days, Presence::kRequired,
    {.description = "days added to the rectification deadline (延期): once, at most 30 by "
                    "default, asked at least 5 days before the deadline"});

struct Reinspection {
  inspection::Verdict verdict = inspection::Verdict::kPass;
};

const Body<Reinspection> kReinspectionBody = Body<Reinspection>().Enumerated(
    "verdict", &Reinspection::verdict, Presence::kRequired,
    [](std::string_view text) { return inspection::ParseVerdict(text, "verdict"); },
    {.description = "复查结论: pass (合格) closes the follow-up, fail escalates it one step",
     .one_of = {"pass", "fail"}});

json RecordJson(const Batch& b) { return BatchJson(b); }

json RecordJson(const inspection::FollowUp& f) { return FollowUpJson(f); }

// What differs between the POSTs on one task, batch or follow-up {id}.
struct Post {
  std::string pattern;
  std::string summary;
  Access access = Access::kWriter;
};

void AddPostRoute(Router& router, Post post, std::string schema, Handler handler) {
  router.Add({.route = "POST " + std::move(post.pattern),
              .access = post.access,
              .summary = std::move(post.summary),
              .request_schema = std::move(schema),
              .errors = {409},
              .handler = std::move(handler)});
}

// A POST whose body is `body`: `action` (a ResultService member, or a function of the service,
// the caller, the id and the body) answers the updated batch or follow-up.
template <class In, class Action>
void AddPost(Router& router, ResultService& results, Post post, const Body<In>& body,
             Action action) {
  AddPostRoute(
      router, std::move(post), body.Schema(),
      [&results, &body, action](const Request& req, RequestContext& ctx) -> Result<Response> {
        ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
        ZQ_ASSIGN_OR_RETURN(In in, body.Parse(req));
        ZQ_ASSIGN_OR_RETURN(auto record, std::invoke(action, results, ctx.caller, id, in));
        return Response::Json(RecordJson(record));
      });
}

// A POST without a body: `action` is a ResultService member of the caller and the id.
template <class Action>
void AddPost(Router& router, ResultService& results, Post post, Action action) {
  AddPostRoute(router, std::move(post), "",
               [&results, action](const Request& req, RequestContext& ctx) -> Result<Response> {
                 ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
                 ZQ_ASSIGN_OR_RETURN(auto record, std::invoke(action, results, ctx.caller, id));
                 return Response::Json(RecordJson(record));
               });
}

void AddReadRoutes(Router& router, ResultService& results) {
  router.Add({.route = "GET /api/v1/inspection/tasks",
              .access = Access::kOfficial,
              .summary =
                  "Drawn tasks in the caller's jurisdiction with their batch status; "
                  "inspector= gives one inspector's tasks; inspector=me the tasks of the inspector "
                  "linked to the caller's account (我的任务)",
              .params = {{.name = "plan_id", .type = ParamType::kInteger},
                         {.name = "inspector", .description = "enforcement certificate number"},
                         {.name = "open",
                          .type = ParamType::kBoolean,
                          .description = "true: only tasks without a final verdict"}},
              .errors = {404},
              .handler = [&results](const Request& req, RequestContext& ctx) -> Result<Response> {
                inspection::TaskFilter filter;
                ZQ_ASSIGN_OR_RETURN(filter.plan_id, OptionalId(req, "plan_id"));
                filter.inspector_id = req.Query("inspector");
                filter.mine = filter.inspector_id == "me";
                filter.open_only = req.Query("open") == "true" || req.Query("open") == "1";
                ZQ_ASSIGN_OR_RETURN(auto tasks, results.ListTasks(ctx.caller, filter));
                json items = json::array();
                for (const auto& t : tasks) items.push_back(TaskJson(t));
                return Response::Json({{"items", items}});
              }});
  router.Add({.route = "GET /api/v1/inspection/batches",
              .access = Access::kSignedIn,
              .summary = "Sampled batches in scope (an enterprise: its own), newest first",
              .params = {{.name = "plan_id", .type = ParamType::kInteger},
                         {.name = "status",
                          .description = "sampled, tested, notified, appealed, final, annulled"},
                         {.name = "page", .type = ParamType::kInteger},
                         {.name = "page_size", .type = ParamType::kInteger}},
              .handler = [&results](const Request& req, RequestContext& ctx) -> Result<Response> {
                inspection::BatchFilter filter;
                ZQ_ASSIGN_OR_RETURN(filter.plan_id, OptionalId(req, "plan_id"));
                filter.status = req.Query("status");
                ZQ_RETURN_IF_ERROR(ReadPage(req, filter.page, filter.page_size));
                ZQ_ASSIGN_OR_RETURN(auto batches, results.ListBatches(ctx.caller, filter));
                json items = json::array();
                for (const Batch& b : batches) items.push_back(BatchJson(b));
                return Response::Json({{"items", items}, {"page", filter.page}});
              }});
  router.Add(
      {.route = "GET /api/v1/inspection/batches/{id}",
       .access = Access::kSignedIn,
       .summary =
           "One batch: sampling record (samplers masked unless allowed), results, deadlines, "
           "appeals, verdict, publication",
       .handler = OnId(std::bind_front(&ResultService::GetBatch, &results), BatchJson)});
  router.Add(
      {.route = "GET /api/v1/inspection/unpublished",
       .access = Access::kOfficial,
       .summary = "Final verdicts not yet published (一公开), soonest due first, overdue flagged",
       .handler = [&results](const Request&, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(auto batches, results.ListUnpublished(ctx.caller));
         json items = json::array();
         for (const Batch& b : batches) items.push_back(BatchJson(b));
         return Response::Json({{"items", items}});
       }});
  router.Add({.route = "GET /api/v1/inspection/follow-ups",
              .access = Access::kSignedIn,
              .summary =
                  "Follow-ups (后处理) in scope (an enterprise: its own) by due date; overdue=true "
                  "lists only those past their deadline",
              .params = {{.name = "overdue", .type = ParamType::kBoolean}},
              .handler = [&results](const Request& req, RequestContext& ctx) -> Result<Response> {
                const auto overdue = req.Query("overdue") == "true" || req.Query("overdue") == "1"
                                         ? inspection::FollowUpSelection::kOverdueOnly
                                         : inspection::FollowUpSelection::kAll;
                ZQ_ASSIGN_OR_RETURN(auto follow_ups, results.ListFollowUps(ctx.caller, overdue));
                json items = json::array();
                for (const auto& f : follow_ups) items.push_back(FollowUpJson(f));
                return Response::Json({{"items", items}});
              }});
  router.Add(
      {.route = "GET /api/v1/inspection/follow-ups/{id}",
       .access = Access::kSignedIn,
       .summary = "One follow-up with its deadline and escalation level",
       .handler = OnId(std::bind_front(&ResultService::GetFollowUp, &results), FollowUpJson)});
  router.Add({.route = "GET /api/v1/public/spot-check-results",
              .access = Access::kPublic,
              .summary =
                  "Published spot-check results (一公开): firm, product, batch, items failed, "
                  "institution, verdict; no personal data",
              .params = {{.name = "category", .description = "catalogue code"},
                         {.name = "region", .description = "GB/T 2260 code: that region and below"},
                         {.name = "uscc", .description = "one firm's results"},
                         {.name = "verdict", .description = "pass (合格) or fail (不合格)"},
                         {.name = "page", .type = ParamType::kInteger},
                         {.name = "page_size", .type = ParamType::kInteger}},
              .handler = [&results](const Request& req, RequestContext&) -> Result<Response> {
                inspection::PublicFilter filter;
                filter.category = req.Query("category");
                filter.region = req.Query("region");
                filter.uscc = req.Query("uscc");
                if (const std::string verdict = req.Query("verdict"); !verdict.empty()) {
                  ZQ_ASSIGN_OR_RETURN(filter.verdict, inspection::ParseVerdict(verdict, "verdict"));
                }
                ZQ_RETURN_IF_ERROR(ReadPage(req, filter.page, filter.page_size));
                ZQ_ASSIGN_OR_RETURN(auto published, results.PublicResults(filter));
                json items = json::array();
                for (const auto& p : published.items) items.push_back(PublishedJson(p));
                return Response::Json({{"items", items},
                                       {"page", filter.page},
                                       {"page_size", filter.page_size},
                                       {"total", published.total}});
              }});
}

}  // namespace

void AddInspectionResultRoutes(Router& router, app::Context& services) {
  ResultService& results = services.Get<inspection::ResultService>();
  AddReadRoutes(router, results);
  AddPost(router, results,
          {"/api/v1/inspection/tasks/{id}/sample",
           "Record the sampling (抽样) of a drawn task: date, place, batch, quantities, catalogue "
           "category, product, at least two samplers"},
          kSamplingBody, &ResultService::RecordSample);
  AddPost(router, results,
          {"/api/v1/inspection/batches/{id}/results",
           "Record the test results (检验结果): institution, items with method, limit, measured "
           "value and verdict; the batch fails when any item fails"},
          kTestResultsBody, &ResultService::RecordResults);
  AddPost(router, results,
          {"/api/v1/inspection/batches/{id}/notice",
           "Record the date the firm received the result notice (opens the appeal windows)"},
          kNoticeBody,
          [](ResultService& s, const auth::Caller& c, std::int64_t id, const Notice& n) {
            return s.RecordNotice(c, id, n.received_on);
          });
  AddPost(router, results,
          {"/api/v1/inspection/batches/{id}/appeals",
           "Request an objection (异议, on sampling) or a re-test (复检, on the reserve sample) "
           "within the window from the notice; the firm itself or a regulator",
           Access::kSignedIn},
          kAppealBody,
          [](ResultService& s, const auth::Caller& c, std::int64_t id, const AppealRequest& a) {
            return s.RequestAppeal(c, id, a.kind, a.reason);
          });
  AddPost(router, results,
          {"/api/v1/inspection/batches/{id}/objection-decision",
           "Decide a pending objection: upheld annuls the sampling, rejected keeps the result"},
          kObjectionDecisionBody,
          [](ResultService& s, const auth::Caller& c, std::int64_t id,
             const ObjectionDecisionRequest& d) { return s.DecideObjection(c, id, d.decision); });
  AddPost(router, results,
          {"/api/v1/inspection/batches/{id}/retest",
           "Record the re-test (复检) on the reserve sample; its verdict is final"},
          kTestResultsBody, &ResultService::RecordRetest);
  AddPost(router, results,
          {"/api/v1/inspection/batches/{id}/finalize",
           "Make a failing result final once the appeal windows have closed unused"},
          &ResultService::Finalize);
  AddPost(router, results,
          {"/api/v1/inspection/batches/{id}/publish", "Publish a final verdict (一公开) today"},
          &ResultService::Publish);
  AddPost(router, results,
          {"/api/v1/inspection/follow-ups/{id}/extension",
           "Request the one extension of the rectification deadline (at most 30 days, at least 5 "
           "days before it expires)",
           Access::kSignedIn},
          kExtensionBody,
          [](ResultService& s, const auth::Caller& c, std::int64_t id, const Extension& e) {
            return s.RequestExtension(c, id, e.days);
          });
  AddPost(router, results,
          {"/api/v1/inspection/follow-ups/{id}/rectification",
           "Report the rectification done (整改报告) and ask for re-inspection", Access::kSignedIn},
          &ResultService::ReportRectification);
  AddPost(router, results,
          {"/api/v1/inspection/follow-ups/{id}/reinspection",
           "Record the re-inspection (复查): pass closes, fail escalates one step"},
          kReinspectionBody,
          [](ResultService& s, const auth::Caller& c, std::int64_t id, const Reinspection& r) {
            return s.RecordReinspection(c, id, r.verdict);
          });
  AddPost(router, results,
          {"/api/v1/inspection/follow-ups/{id}/escalate",
           "Escalate an overdue follow-up one step: public notice → suspension → licence revoked"},
          &ResultService::Escalate);
}

}  // namespace zq::api

// Spot-check results routes: tasks for inspectors, sampling, test results, the notice, 异议 and
// 复检, the final verdict, 后处理 (follow-up), and 一公开 (the public list of results).
#include <nlohmann/json.hpp>

#include "api/routes/inspection_result_json.h"
#include "api/routes/routes.h"

namespace zq::api {
namespace {

using inspection::Batch;
using inspection::ResultService;
using nlohmann::json;

using BatchAction =
    std::function<Result<Batch>(ResultService&, const auth::Caller&, std::int64_t, const json&)>;
using FollowUpAction = std::function<Result<inspection::FollowUp>(
    ResultService&, const auth::Caller&, std::int64_t, const json&)>;

Result<std::string> BodyText(const json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_string())
    return Status::InvalidArgument(std::string(field) + " is required (a string)", field);
  return body[field].get<std::string>();
}

Result<std::optional<std::int64_t>> OptionalId(const Request& req, const char* name) {
  if (req.Query(name).empty())
    return std::optional<std::int64_t>();
  int value = 0;
  ZQ_RETURN_IF_ERROR(ReadInt(req, name, 0, value));
  if (value < 1)
    return Status::InvalidArgument(std::string(name) + " must be a positive whole number", name);
  return std::optional<std::int64_t>(value);
}

// A POST on one batch or follow-up that answers the updated record as JSON.
template <typename Record>
void AddPost(
    Router& router, ResultService& results, std::string pattern, std::string summary,
    std::string schema, Access access,
    std::function<Result<Record>(ResultService&, const auth::Caller&, std::int64_t, const json&)>
        action,
    json (*to_json)(const Record&)) {
  router.Add({.method = "POST",
              .pattern = std::move(pattern),
              .access = access,
              .summary = std::move(summary),
              .tag = "inspection",
              .params = {{.name = "id", .in = ParamIn::kPath, .type = ParamType::kInteger}},
              .request_schema = std::move(schema),
              .errors = {400, 401, 403, 404, 409},
              .handler = [&results, action, to_json](const Request& req,
                                                     RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
                ZQ_ASSIGN_OR_RETURN(json body, ParseJsonBody(req));
                ZQ_ASSIGN_OR_RETURN(Record record, action(results, ctx.caller, id, body));
                return Response::Json(to_json(record));
              }});
}

void AddBatchPost(Router& router, ResultService& results, std::string pattern, std::string summary,
                  std::string schema, Access access, BatchAction action) {
  AddPost<Batch>(router, results, std::move(pattern), std::move(summary), std::move(schema), access,
                 std::move(action), &BatchJson);
}

void AddFollowUpPost(Router& router, ResultService& results, std::string pattern,
                     std::string summary, std::string schema, Access access,
                     FollowUpAction action) {
  AddPost<inspection::FollowUp>(router, results, std::move(pattern), std::move(summary),
                                std::move(schema), access, std::move(action), &FollowUpJson);
}

constexpr char kResultsSchema[] =
    R"({"type":"object","required":["institution","tested_on","items"],"properties":{"institution":{"type":"string"},"report_number":{"type":"string"},"tested_on":{"type":"string","format":"date"},"items":{"type":"array","items":{"type":"object","required":["name","method","limit","measured","verdict"],"properties":{"name":{"type":"string"},"key_item":{"type":"boolean"},"method":{"type":"string"},"limit":{"type":"string"},"measured":{"type":"string"},"unit":{"type":"string"},"verdict":{"enum":["pass","fail"]}}}}}})";

void AddReadRoutes(Router& router, ResultService& results) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/inspection/tasks",
              .access = Access::kOfficial,
              .summary =
                  "Drawn tasks in the caller's jurisdiction with their batch status; "
                  "inspector= gives one inspector's tasks; inspector=me the tasks of the inspector "
                  "linked to the caller's account (我的任务)",
              .tag = "inspection",
              .params = {{.name = "plan_id", .type = ParamType::kInteger},
                         {.name = "inspector", .description = "enforcement certificate number"},
                         {.name = "open",
                          .type = ParamType::kBoolean,
                          .description = "true: only tasks without a final verdict"}},
              .errors = {400, 401, 403, 404},
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
  router.Add({.method = "GET",
              .pattern = "/api/v1/inspection/batches",
              .access = Access::kSignedIn,
              .summary = "Sampled batches in scope (an enterprise: its own), newest first",
              .tag = "inspection",
              .params = {{.name = "plan_id", .type = ParamType::kInteger},
                         {.name = "status",
                          .description = "sampled, tested, notified, appealed, final, annulled"},
                         {.name = "page", .type = ParamType::kInteger},
                         {.name = "page_size", .type = ParamType::kInteger}},
              .errors = {400, 401},
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
      {.method = "GET",
       .pattern = "/api/v1/inspection/batches/{id}",
       .access = Access::kSignedIn,
       .summary =
           "One batch: sampling record (samplers masked unless allowed), results, deadlines, "
           "appeals, verdict, publication",
       .tag = "inspection",
       .params = {{.name = "id", .in = ParamIn::kPath, .type = ParamType::kInteger}},
       .errors = {400, 401, 404},
       .handler = [&results](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(Batch b, results.GetBatch(ctx.caller, id));
         return Response::Json(BatchJson(b));
       }});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/inspection/unpublished",
       .access = Access::kOfficial,
       .summary = "Final verdicts not yet published (一公开), soonest due first, overdue flagged",
       .tag = "inspection",
       .errors = {401, 403},
       .handler = [&results](const Request&, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(auto batches, results.ListUnpublished(ctx.caller));
         json items = json::array();
         for (const Batch& b : batches) items.push_back(BatchJson(b));
         return Response::Json({{"items", items}});
       }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/inspection/follow-ups",
              .access = Access::kSignedIn,
              .summary =
                  "Follow-ups (后处理) in scope (an enterprise: its own) by due date; overdue=true "
                  "lists only those past their deadline",
              .tag = "inspection",
              .params = {{.name = "overdue", .type = ParamType::kBoolean}},
              .errors = {401},
              .handler = [&results](const Request& req, RequestContext& ctx) -> Result<Response> {
                const auto overdue = req.Query("overdue") == "true" || req.Query("overdue") == "1"
                                         ? inspection::FollowUpSelection::kOverdueOnly
                                         : inspection::FollowUpSelection::kAll;
                ZQ_ASSIGN_OR_RETURN(auto follow_ups, results.ListFollowUps(ctx.caller, overdue));
                json items = json::array();
                for (const auto& f : follow_ups) items.push_back(FollowUpJson(f));
                return Response::Json({{"items", items}});
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/inspection/follow-ups/{id}",
              .access = Access::kSignedIn,
              .summary = "One follow-up with its deadline and escalation level",
              .tag = "inspection",
              .params = {{.name = "id", .in = ParamIn::kPath, .type = ParamType::kInteger}},
              .errors = {400, 401, 404},
              .handler = [&results](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
                ZQ_ASSIGN_OR_RETURN(auto f, results.GetFollowUp(ctx.caller, id));
                return Response::Json(FollowUpJson(f));
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/public/spot-check-results",
              .access = Access::kPublic,
              .summary =
                  "Published spot-check results (一公开): firm, product, batch, items failed, "
                  "institution, verdict; no personal data",
              .tag = "inspection",
              .params = {{.name = "category", .description = "catalogue code"},
                         {.name = "region", .description = "GB/T 2260 code: that region and below"},
                         {.name = "page", .type = ParamType::kInteger},
                         {.name = "page_size", .type = ParamType::kInteger}},
              .errors = {400},
              .handler = [&results](const Request& req, RequestContext&) -> Result<Response> {
                inspection::PublicFilter filter;
                filter.category = req.Query("category");
                filter.region = req.Query("region");
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
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/inspection/tasks/{id}/sample",
       .access = Access::kWriter,
       .summary = "Record the sampling (抽样) of a drawn task: date, place, batch, quantities, "
                  "catalogue category, product, at least two samplers",
       .tag = "inspection",
       .params = {{.name = "id", .in = ParamIn::kPath, .type = ParamType::kInteger}},
       .request_schema =
           R"({"type":"object","required":["sampled_on","place","batch_number","quantity","category_code","product_name","specification","samplers"],"properties":{"sampled_on":{"type":"string","format":"date"},"place":{"type":"string"},"batch_number":{"type":"string"},"quantity":{"type":"integer"},"reserve_quantity":{"type":"integer"},"category_code":{"type":"string"},"product_name":{"type":"string"},"specification":{"type":"string"},"brand":{"type":"string"},"samplers":{"type":"array","items":{"type":"string"}}}})",
       .errors = {400, 401, 403, 404, 409},
       .handler = [&results](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
         ZQ_ASSIGN_OR_RETURN(json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(auto record, SamplingFromJson(body));
         ZQ_ASSIGN_OR_RETURN(Batch b, results.RecordSample(ctx.caller, id, record));
         return Response::Json(BatchJson(b));
       }});
  AddBatchPost(router, results, "/api/v1/inspection/batches/{id}/results",
               "Record the test results (检验结果): institution, items with method, limit, "
               "measured value and verdict; the batch fails when any item fails",
               kResultsSchema, Access::kWriter,
               [](ResultService& s, const auth::Caller& c, std::int64_t id,
                  const json& body) -> Result<Batch> {
                 ZQ_ASSIGN_OR_RETURN(auto r, ResultsFromJson(body));
                 return s.RecordResults(c, id, r);
               });
  AddBatchPost(
      router, results, "/api/v1/inspection/batches/{id}/notice",
      "Record the date the firm received the result notice (opens the appeal windows)",
      R"({"type":"object","required":["received_on"],"properties":{"received_on":{"type":"string","format":"date"}}})",
      Access::kWriter,
      [](ResultService& s, const auth::Caller& c, std::int64_t id,
         const json& body) -> Result<Batch> {
        ZQ_ASSIGN_OR_RETURN(std::string on, BodyText(body, "received_on"));
        return s.RecordNotice(c, id, on);
      });
  AddBatchPost(
      router, results, "/api/v1/inspection/batches/{id}/appeals",
      "Request an objection (异议, on sampling) or a re-test (复检, on the reserve "
      "sample) within the window from the notice; the firm itself or a regulator",
      R"({"type":"object","required":["kind","reason"],"properties":{"kind":{"enum":["objection","retest"]},"reason":{"type":"string"}}})",
      Access::kSignedIn,
      [](ResultService& s, const auth::Caller& c, std::int64_t id,
         const json& body) -> Result<Batch> {
        ZQ_ASSIGN_OR_RETURN(std::string kind, BodyText(body, "kind"));
        ZQ_ASSIGN_OR_RETURN(auto k, inspection::ParseAppealKind(kind));
        ZQ_ASSIGN_OR_RETURN(std::string reason, BodyText(body, "reason"));
        return s.RequestAppeal(c, id, k, reason);
      });
  AddBatchPost(
      router, results, "/api/v1/inspection/batches/{id}/objection-decision",
      "Decide a pending objection: upheld annuls the sampling, rejected keeps the result",
      R"({"type":"object","required":["decision"],"properties":{"decision":{"enum":["upheld","rejected"]}}})",
      Access::kWriter,
      [](ResultService& s, const auth::Caller& c, std::int64_t id,
         const json& body) -> Result<Batch> {
        ZQ_ASSIGN_OR_RETURN(std::string d, BodyText(body, "decision"));
        if (d != "upheld" && d != "rejected")
          return Status::InvalidArgument("decision is upheld or rejected", "decision");
        return s.DecideObjection(c, id,
                                 d == "upheld" ? inspection::ObjectionDecision::kUpheld
                                               : inspection::ObjectionDecision::kRejected);
      });
  AddBatchPost(router, results, "/api/v1/inspection/batches/{id}/retest",
               "Record the re-test (复检) on the reserve sample; its verdict is final",
               kResultsSchema, Access::kWriter,
               [](ResultService& s, const auth::Caller& c, std::int64_t id,
                  const json& body) -> Result<Batch> {
                 ZQ_ASSIGN_OR_RETURN(auto r, ResultsFromJson(body));
                 return s.RecordRetest(c, id, r);
               });
  AddBatchPost(router, results, "/api/v1/inspection/batches/{id}/finalize",
               "Make a failing result final once the appeal windows have closed unused", "",
               Access::kWriter,
               [](ResultService& s, const auth::Caller& c, std::int64_t id, const json&) {
                 return s.Finalize(c, id);
               });
  AddBatchPost(router, results, "/api/v1/inspection/batches/{id}/publish",
               "Publish a final verdict (一公开) today", "", Access::kWriter,
               [](ResultService& s, const auth::Caller& c, std::int64_t id, const json&) {
                 return s.Publish(c, id);
               });
  AddFollowUpPost(
      router, results, "/api/v1/inspection/follow-ups/{id}/extension",
      "Request the one extension of the rectification deadline (at most 30 days, at "
      "least 5 days before it expires)",
      R"({"type":"object","required":["days"],"properties":{"days":{"type":"integer"}}})",
      Access::kSignedIn,
      [](ResultService& s, const auth::Caller& c, std::int64_t id,
         const json& body) -> Result<inspection::FollowUp> {
        if (!body.contains("days") || !body["days"].is_number_integer())
          return Status::InvalidArgument("days is a whole number", "days");
        return s.RequestExtension(c, id, body["days"].get<int>());
      });
  AddFollowUpPost(router, results, "/api/v1/inspection/follow-ups/{id}/rectification",
                  "Report the rectification done (整改报告) and ask for re-inspection", "",
                  Access::kSignedIn,
                  [](ResultService& s, const auth::Caller& c, std::int64_t id, const json&) {
                    return s.ReportRectification(c, id);
                  });
  AddFollowUpPost(
      router, results, "/api/v1/inspection/follow-ups/{id}/reinspection",
      "Record the re-inspection (复查): pass closes, fail escalates one step",
      R"({"type":"object","required":["verdict"],"properties":{"verdict":{"enum":["pass","fail"]}}})",
      Access::kWriter,
      [](ResultService& s, const auth::Caller& c, std::int64_t id,
         const json& body) -> Result<inspection::FollowUp> {
        ZQ_ASSIGN_OR_RETURN(std::string v, BodyText(body, "verdict"));
        ZQ_ASSIGN_OR_RETURN(auto verdict, inspection::ParseVerdict(v, "verdict"));
        return s.RecordReinspection(c, id, verdict);
      });
  AddFollowUpPost(router, results, "/api/v1/inspection/follow-ups/{id}/escalate",
                  "Escalate an overdue follow-up one step: public notice → suspension → "
                  "licence revoked",
                  "", Access::kWriter,
                  [](ResultService& s, const auth::Caller& c, std::int64_t id, const json&) {
                    return s.Escalate(c, id);
                  });
}

}  // namespace zq::api

// The domain-event loop for administrators: consumers with their cursor, lag and dead letters,
// and the redelivery of a dead letter (audited like the other administrators' writes).
#include <nlohmann/json.hpp>

#include "api/routes/inspection_result_json.h"  // PathId
#include "api/server.h"
#include "app/context.h"
#include "auth/audit_log.h"
#include "events/events_json.h"

namespace zq::api {
events::RedeliveryHook AuditRedelivery(const auth::AuditLog& audit, const auth::Caller& caller) {
  return [&audit, caller](store::Transaction& tx, const events::DeadLetter& d, bool delivered) {
    const nlohmann::json detail = {
        {"consumer", d.consumer}, {"seq", d.seq}, {"kind", d.kind}, {"delivered", delivered}};
    return audit.Append(tx, caller, "events.dead_letter.retry",
                        "dead_letter:" + std::to_string(d.id), detail.dump());
  };
}

void AddEventRoutes(Router& router, app::Context& services) {
  events::EventDispatcher& dispatcher = services.Get<events::EventDispatcher>();
  router.Add({.route = "GET /api/v1/admin/events",
              .access = Access::kAdmin,
              .summary = "Domain-event consumers (cursor, lag, dead letters) and the dead letters",
              .params = {{.name = "limit",
                          .type = ParamType::kInteger,
                          .description = "dead letters listed, 1-500 (default 100)"}},
              .handler = [&dispatcher](const Request& req, RequestContext&) -> Result<Response> {
                int limit = 100;
                ZQ_RETURN_IF_ERROR(ReadInt(req, "limit", 100, limit));
                if (limit < 1 || limit > 500)
                  return Status::InvalidArgument("limit lies in 1-500", "limit");
                ZQ_ASSIGN_OR_RETURN(const auto consumers, dispatcher.Consumers());
                ZQ_ASSIGN_OR_RETURN(const auto letters,
                                    dispatcher.DeadLetters(static_cast<std::size_t>(limit)));
                nlohmann::json c = nlohmann::json::array();
                for (const auto& consumer : consumers) c.push_back(events::ToJson(consumer));
                nlohmann::json d = nlohmann::json::array();
                for (const auto& letter : letters) d.push_back(events::ToJson(letter));
                return Response::Json({{"consumers", c}, {"dead_letters", d}});
              }});
  router.Add({.route = "POST /api/v1/admin/events/dead-letters/{id}/retry",
              .access = Access::kAdmin,
              .summary =
                  "Redeliver a dead letter to its consumer; success removes it, a failure counts "
                  "one more attempt",
              .errors = {409},
              .handler = [&services, &dispatcher](const Request& req,
                                                  RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
                ZQ_ASSIGN_OR_RETURN(
                    const events::Redelivery r,
                    dispatcher.Redeliver(id, AuditRedelivery(services.audit(), ctx.caller)));
                return Response::Json({{"id", id}, {"delivered", r.delivered}, {"error", r.error}});
              }});
}

}  // namespace zq::api

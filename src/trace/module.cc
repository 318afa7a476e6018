// The trace module's manifest (追溯): GS1 EPCIS 2.0 events. Capture and storage (CaptureService,
// capture.h) and event identity (the CBV 2.0 event hash, event_hash.h), with their commands,
// `zq trace capture` and `zq trace hash`; the capture routes of the EPCIS REST bindings.
#include <string>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/http.h"
#include "api/router.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/commands.h"
#include "trace/capture.h"
#include "trace/trace_commands.h"

namespace zq::trace {

// The capture interface of the EPCIS 2.0 REST bindings (gs1/EPCIS `REST Bindings/openapi.yaml`,
// /capture): POST /epcis/capture answers 202 with the job at Location; GET
// /epcis/capture/{id} reads the job. Capture runs within the request (the job is finished when
// 202 is sent); the answer keeps the standard's asynchronous form so that clients need not change
// when capture moves to a worker.
void AddCaptureRoutes(api::Router& router, app::Context& context);

namespace {

// The version and limit headers every capture answer carries.
void AddCaptureHeaders(api::Response& r, const CaptureLimits& limits) {
  r.headers.emplace_back("GS1-EPCIS-Version", "2.0.0");
  r.headers.emplace_back("GS1-CBV-Version", "2.0.0");
  r.headers.emplace_back("GS1-EPCIS-Capture-Limit", std::to_string(limits.max_events));
  r.headers.emplace_back("GS1-EPCIS-Capture-File-Size-Limit", std::to_string(limits.max_bytes));
}

Result<CaptureJob> CaptureIntoWorkspace(const std::string& db, const std::string& key_file,
                                        std::string_view document, ErrorBehaviour behaviour) {
  ZQ_ASSIGN_OR_RETURN(cli::Workspace w, cli::OpenWorkspace(db, key_file));
  return w.Get<CaptureService>().Capture(document, behaviour, "cli");
}

}  // namespace

void AddCaptureRoutes(api::Router& router, app::Context& context) {
  CaptureService& capture = context.Get<CaptureService>();
  router.Add({.route = "POST /epcis/capture",
              .access = api::Access::kWriter,
              .summary =
                  "Capture an EPCIS 2.0 document (JSON-LD or XML) as a capture job: 202 with "
                  "the job at Location; header GS1-Capture-Error-Behaviour: rollback (default, "
                  "all events or none) or proceed (every valid event)",
              .request_media_types = {"application/ld+json", "application/json", "application/xml"},
              .errors = {400, 413},
              .handler = [&capture](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                const std::string header = req.Header("gs1-capture-error-behaviour");
                ZQ_ASSIGN_OR_RETURN(const ErrorBehaviour behaviour,
                                    ParseErrorBehaviour(header.empty() ? "rollback" : header));
                if (req.body.size() > capture.limits().max_bytes) {
                  const EpcisException e{
                      .type = "CaptureLimitExceededException",
                      .detail = "the document is larger than the capture file size limit",
                      .status = 413};
                  api::Response r = api::Response::Json(e.ToJson(), e.status);
                  r.content_type = "application/problem+json";
                  AddCaptureHeaders(r, capture.limits());
                  return r;
                }
                ZQ_ASSIGN_OR_RETURN(const CaptureJob job,
                                    capture.Capture(req.body, behaviour, ctx.caller.actor));
                api::Response r = api::Response::Json(CaptureJobJson(job), 202);
                r.headers.emplace_back("Location", "/epcis/capture/" + std::to_string(job.id));
                AddCaptureHeaders(r, capture.limits());
                return r;
              }});
  router.Add({.route = "GET /epcis/capture/{id}",
              .access = api::Access::kWriter,
              .summary = "A capture job: running, success, captureErrorBehaviour, errors",
              .handler = [&capture](const api::Request& req,
                                    api::RequestContext&) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t id, api::PathId(req));
                ZQ_ASSIGN_OR_RETURN(const std::optional<CaptureJob> job, capture.Job(id));
                if (!job)
                  return Status::NotFound("no such capture job", "id");
                api::Response r = api::Response::Json(CaptureJobJson(*job));
                AddCaptureHeaders(r, capture.limits());
                return r;
              }});
}

app::Module Manifest() {
  app::Module m;
  m.name = "trace";
  m.build = [](app::Context& ctx) {
    ctx.Emplace<CaptureService>(ctx.db(), ctx.clock());
    return Status::Ok();
  };
  m.routes = {app::Routes("trace.capture", AddCaptureRoutes)};
  m.commands = {{"trace", [](CLI::App& app) { RegisterTraceCommands(app, CaptureIntoWorkspace); }}};
  return m;
}

}  // namespace zq::trace

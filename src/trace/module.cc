// The trace module's manifest (追溯): GS1 EPCIS 2.0 events. Capture and storage (CaptureService,
// capture.h) and event identity (the CBV 2.0 event hash, event_hash.h), with their commands,
// `zq trace capture` and `zq trace hash`; the capture routes of the EPCIS REST bindings.
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/http.h"
#include "api/router.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/commands.h"
#include "trace/capture.h"
#include "trace/trace_commands.h"
#include "trace/trace_export.h"
#include "trace/trace_graph_commands.h"
#include "trace/trace_service.h"

namespace zq::trace {

// The capture interface of the EPCIS 2.0 REST bindings (gs1/EPCIS `REST Bindings/openapi.yaml`,
// /capture): POST /epcis/capture answers 202 with the job at Location; GET
// /epcis/capture/{id} reads the job. Capture runs within the request (the job is finished when
// 202 is sent); the answer keeps the standard's asynchronous form so that clients need not change
// when capture moves to a worker.
void AddCaptureRoutes(api::Router& router, app::Context& context);

// Forward and backward trace for regulators (trace_service.h): GET /api/v1/trace/forward and
// /backward, the answer as JSON or as the key data elements' spreadsheet (CSV or XLSX).
void AddTraceGraphRoutes(api::Router& router, app::Context& context);

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

Result<TraceAnswer> TraceInWorkspace(const std::string& db, const std::string& key_file,
                                     const TraceQuery& query, Direction direction) {
  ZQ_ASSIGN_OR_RETURN(cli::Workspace w, cli::OpenWorkspace(db, key_file));
  return w.Get<TraceService>().Trace(query, direction);
}

// The answer of a trace route in the format asked for.
Result<api::Response> TraceResponse(TraceService& trace, const api::Request& req, Direction d) {
  const std::string format = req.Query("format").empty() ? "json" : req.Query("format");
  if (format != "json" && format != "csv" && format != "xlsx")
    return Status::InvalidArgument("the format is json, csv or xlsx", "format");
  ZQ_ASSIGN_OR_RETURN(const TraceAnswer a, trace.Trace({.id = req.Query("id"),
                                                        .produced_from = req.Query("producedFrom"),
                                                        .produced_to = req.Query("producedTo")},
                                                       d));
  if (format == "json")
    return api::Response::Json(TraceAnswerJson(a));
  const std::string name = "trace-" + std::string(DirectionName(d)) + "." + format;
  api::Response r;
  if (format == "csv") {
    std::ostringstream csv;
    WriteTraceCsv(a, csv);
    r = api::Response::Bytes(csv.str(), "text/csv; charset=utf-8");
  } else {
    ZQ_ASSIGN_OR_RETURN(std::string bytes, TraceXlsx(a));
    r = api::Response::Bytes(std::move(bytes),
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  }
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return r;
}

}  // namespace

void AddTraceGraphRoutes(api::Router& router, app::Context& context) {
  TraceService& trace = context.Get<TraceService>();
  const std::vector<api::ParamSpec> params = {
      {.name = "id",
       .presence = api::Presence::kRequired,
       .description = "an EPC URN, a GS1 Digital Link URI, GTIN+LOT, or a GTIN (with "
                      "producedFrom/producedTo)"},
      {.name = "producedFrom", .description = "a GTIN's production window: from (date or time)"},
      {.name = "producedTo", .description = "a GTIN's production window: to (date or time)"},
      {.name = "format", .description = "json (default) | csv | xlsx: the key data elements"}};
  for (const Direction d : {Direction::kForward, Direction::kBackward}) {
    const bool forward = d == Direction::kForward;
    router.Add(
        {.route = "GET /api/v1/trace/" + std::string(DirectionName(d)),
         .access = api::Access::kOfficial,
         .summary = forward ? "Forward trace of an item, lot or GTIN: every place, firm and region "
                              "reached, with the quantity that arrived and when; who holds it now"
                            : "Backward trace of an item, lot or GTIN: every input lot and "
                              "container content, with its origin firm",
         .params = params,
         .handler = [&trace, d](const api::Request& req, api::RequestContext&) {
           return TraceResponse(trace, req, d);
         }});
  }
}

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
    ctx.Emplace<TraceService>(ctx.db(), ctx.Find<PartyDirectory>());
    return Status::Ok();
  };
  m.routes = {app::Routes("trace.capture", AddCaptureRoutes),
              app::Routes("trace.graph", AddTraceGraphRoutes)};
  m.commands = {{"trace", [](CLI::App& app) {
                   RegisterTraceCommands(app, CaptureIntoWorkspace);
                   RegisterTraceGraphCommands(*app.get_subcommand("trace"), TraceInWorkspace);
                 }}};
  return m;
}

}  // namespace zq::trace

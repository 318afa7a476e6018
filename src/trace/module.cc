// The trace module's manifest (追溯): GS1 EPCIS 2.0 events. Capture and storage (CaptureService,
// capture.h) and event identity (the CBV 2.0 event hash, event_hash.h), with their commands,
// `zq trace capture` and `zq trace hash`; the capture routes of the EPCIS REST bindings.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/export_params.h"
#include "api/handlers.h"
#include "api/http.h"
#include "api/router.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/commands.h"
#include "core/calendar.h"
#include "demo/steps.h"
#include "registry/registry.h"
#include "trace/capture.h"
#include "trace/event_query.h"
#include "trace/master_data.h"
#include "trace/public_trace.h"
#include "trace/query_commands.h"
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

// The event queries of the REST bindings: GET /epcis/events and the per-resource paths.
void AddQueryRoutes(api::Router& router, app::Context& context);

// Master data: locations (GLN / SGLN) and company prefixes linked to registered entities.
void AddMasterDataRoutes(api::Router& router, app::Context& context);

namespace {

struct NewLocation {
  std::string location;
  std::string uscc;
  std::string name;
};

const api::Body<NewLocation> kNewLocationBody =
    api::Body<NewLocation>()
        .Member("location", &NewLocation::location, api::Presence::kRequired,
                {.description = "a GLN (13 digits), an SGLN (urn:epc:id:sgln:…) or a GS1 Digital "
                                "Link …/414/<GLN>[/254/<extension>]"})
        .Member("uscc", &NewLocation::uscc, api::Presence::kRequired,
                {.description = "the registered market entity at the location"})
        .Member("name", &NewLocation::name, api::Presence::kOptional,
                {.description = "what the firm calls the place (仓库, 车间)"});

struct NewPrefix {
  std::string prefix;
  std::string uscc;
};

const api::Body<NewPrefix> kNewPrefixBody =
    api::Body<NewPrefix>()
        .Member("prefix", &NewPrefix::prefix, api::Presence::kRequired,
                {.description = "the GS1 company prefix, 6 to 12 digits"})
        .Member("uscc", &NewPrefix::uscc, api::Presence::kRequired,
                {.description = "the registered market entity the prefix was allotted to"});

const api::ParamSpec kUsccFilter = {.name = "uscc",
                                    .description = "only the records of this market entity"};

// The version and limit headers every capture answer carries.
void AddCaptureHeaders(api::Response& r, const CaptureLimits& limits) {
  r.headers.emplace_back("GS1-EPCIS-Version", "2.0.0");
  r.headers.emplace_back("GS1-CBV-Version", "2.0.0");
  r.headers.emplace_back("GS1-EPCIS-Capture-Limit", std::to_string(limits.max_events));
  r.headers.emplace_back("GS1-EPCIS-Capture-File-Size-Limit", std::to_string(limits.max_bytes));
}

// A job that stored nothing because an event lay outside the caller's capture scope: answered
// 403 (SecurityException), with the job.
bool RefusedOutOfScope(const CaptureJob& job) {
  if (job.stored_count > 0)
    return false;
  const nlohmann::json errors = nlohmann::json::parse(job.errors, nullptr, false);
  if (!errors.is_array())
    return false;
  return std::any_of(errors.begin(), errors.end(), [](const nlohmann::json& e) {
    return e.value("title", "") == "SecurityException";
  });
}

// An EPCIS exception as the REST bindings answer it (RFC 7807).
api::Response Problem(const EpcisException& e) {
  api::Response r = api::Response::Json(e.ToJson(), e.status);
  r.content_type = "application/problem+json";
  return r;
}

// The standard's query parameters, documented once for every query route.
std::vector<api::ParamSpec> QueryParams() {
  std::vector<api::ParamSpec> out;
  for (const char* name :
       {"eventType",         "GE_eventTime",   "LT_eventTime",        "GE_recordTime",
        "LT_recordTime",     "EQ_action",      "EQ_bizStep",          "EQ_disposition",
        "EQ_readPoint",      "WD_readPoint",   "EQ_bizLocation",      "WD_bizLocation",
        "MATCH_epc",         "MATCH_parentID", "MATCH_inputEPC",      "MATCH_outputEPC",
        "MATCH_anyEPC",      "MATCH_epcClass", "MATCH_inputEPCClass", "MATCH_outputEPCClass",
        "MATCH_anyEPCClass", "EQ_quantity",    "GT_quantity",         "GE_quantity",
        "LT_quantity",       "LE_quantity",    "EQ_eventID",          "EXISTS_errorDeclaration",
        "orderBy",           "orderDirection", "eventCountLimit",     "maxEventCount",
        "perPage",           "nextPageToken"})
    out.push_back(
        {.name = name, .description = "EPCIS 2.0 REST bindings; lists are pipe-delimited (a|b)"});
  out.push_back({.name = "EQ_ILMD_{field}", .description = "an ILMD field, e.g. EQ_ILMD_ex:lot"});
  out.push_back({.name = "EQ_bizTransaction_{type}"});
  out.push_back({.name = "EQ_source_{type}"});
  out.push_back({.name = "EQ_destination_{type}"});
  return out;
}

// The handler of a query route: the request's parameters, with the path's one as `filter`
// (EQ_bizStep for /bizSteps/{bizStep}/events; "" for /events), answered as an
// EPCISQueryDocument with a Link to the next page; a bad parameter as QueryParameterException.
api::Handler QueryHandler(const EventQueryService& queries, std::string filter,
                          bool one_event = false) {
  return [&queries, filter, one_event](const api::Request& req,
                                       api::RequestContext& ctx) -> Result<api::Response> {
    std::multimap<std::string, std::string> params = req.query;
    if (!filter.empty() && !req.path_params.empty())
      params.emplace(filter, req.path_params.begin()->second);
    Result<EventQuery> query = ParseEventQuery(params);
    Result<EventPage> page = query.ok() ? queries.Run(ctx.caller, *query) : query.status();
    if (!page.ok()) {
      const std::optional<EpcisException> e = QueryException(page.status());
      if (!e)
        return page.status();
      return Problem(*e);
    }
    if (one_event && page->bodies.empty())
      return Status::NotFound("no such event", "eventID");
    api::Response r = api::Response::Json(queries.QueryDocument(*page));
    r.content_type = "application/ld+json";
    r.headers.emplace_back("GS1-EPCIS-Version", "2.0.0");
    r.headers.emplace_back("GS1-CBV-Version", "2.0.0");
    if (!page->next_page_token.empty())
      r.headers.emplace_back("Link", NextPageLink(req.path, req.query, page->next_page_token));
    return r;
  };
}

Result<CaptureJob> CaptureIntoWorkspace(const std::string& db, const std::string& key_file,
                                        std::string_view document, ErrorBehaviour behaviour) {
  ZQ_ASSIGN_OR_RETURN(cli::Workspace w, cli::OpenWorkspace(db, key_file));
  return w.Get<CaptureService>().Capture(document, behaviour, "cli");
}

Result<TraceWithNames> TraceInWorkspace(const std::string& db, const std::string& key_file,
                                        const TraceQuery& query, Direction direction,
                                        RegionNames region_names) {
  ZQ_ASSIGN_OR_RETURN(cli::Workspace w, cli::OpenWorkspace(db, key_file));
  TraceWithNames out;
  ZQ_ASSIGN_OR_RETURN(out.answer, w.Get<TraceService>().Trace(query, direction));
  if (region_names == RegionNames::kYes) {
    ZQ_ASSIGN_OR_RETURN(registry::Registry::ReferenceNames names,
                        w.Get<registry::Registry>().AllReferenceNames());
    out.region_names = std::move(names.regions);
  }
  return out;
}

// The answer of a trace route in the format asked for; a file in the `headers` layout, named for
// the direction and the Beijing day.
Result<api::Response> TraceResponse(app::Context& context, const api::Request& req,
                                    const auth::Caller& caller, Direction d) {
  const std::string format = req.Query("format").empty() ? "json" : req.Query("format");
  if (format != "json" && format != "csv" && format != "xlsx")
    return Status::InvalidArgument("the format is json, csv or xlsx", "format");
  TraceExportOptions options;
  ZQ_ASSIGN_OR_RETURN(options.headers, api::ExportHeadersOf(req));
  ZQ_ASSIGN_OR_RETURN(const TraceAnswer a,
                      context.Get<TraceService>().Trace(caller,
                                                        {.id = req.Query("id"),
                                                         .produced_from = req.Query("producedFrom"),
                                                         .produced_to = req.Query("producedTo")},
                                                        d));
  if (format == "json")
    return api::Response::Json(TraceAnswerJson(a));
  if (options.headers != ExportHeaders::kCodes) {
    ZQ_ASSIGN_OR_RETURN(registry::Registry::ReferenceNames names,
                        context.Get<registry::Registry>().AllReferenceNames());
    options.region_names = std::move(names.regions);
  }
  const std::string name = TraceFileName(d, options.headers, format, TodayText(context.clock()));
  if (format == "csv") {
    std::ostringstream csv;
    WriteTraceCsv(a, csv, options);
    return api::Response::Download(csv.str(), "text/csv; charset=utf-8", name);
  }
  ZQ_ASSIGN_OR_RETURN(std::string bytes, TraceXlsx(a, options));
  return api::Response::Download(
      std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}

Status WithServicesOf(const std::string& db, const std::string& key_file,
                      const std::function<Status(TraceServices&)>& work) {
  ZQ_ASSIGN_OR_RETURN(cli::Workspace w, cli::OpenWorkspace(db, key_file));
  TraceServices services{.queries = w.Get<EventQueryService>(), .master_data = w.Get<MasterData>()};
  return work(services);
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
      {.name = "format", .description = "json (default) | csv | xlsx: the key data elements"},
      api::ExportHeadersParam()};
  for (const Direction d : {Direction::kForward, Direction::kBackward}) {
    const bool forward = d == Direction::kForward;
    router.Add(
        {.route = "GET /api/v1/trace/" + std::string(DirectionName(d)),
         .access = api::Access::kOfficial,
         .summary = std::string(forward ? "Forward trace of an item, lot or GTIN: every place, "
                                          "firm and region reached, with the quantity that "
                                          "arrived and when; who holds it now"
                                        : "Backward trace of an item, lot or GTIN: every input "
                                          "lot and container content, with its origin firm") +
                    " (within the caller's jurisdiction; withheld: true when part of the chain "
                    "lies beyond it)",
         .params = params,
         .handler = [&context, d](const api::Request& req, api::RequestContext& ctx) {
           return TraceResponse(context, req, ctx.caller, d);
         }});
  }
  router.Add(
      {.route = "GET /api/v1/public/trace",
       .access = api::Access::kPublic,
       .summary = "The product trace page of a lot (公众追溯): the product and lot, the firms "
                  "that made it (name and USCC) and when, and its recall notices; nothing of "
                  "where it went",
       .params = {{.name = "id",
                   .presence = api::Presence::kRequired,
                   .description = "GTIN+LOT, a GS1 Digital Link with its lot, or an LGTIN"}},
       .handler = [&trace](const api::Request& req, api::RequestContext&) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const PublicTrace p, PublicTraceOf(trace, req.Query("id")));
         return api::Response::Json(PublicTraceJson(p));
       }});
}

void AddCaptureRoutes(api::Router& router, app::Context& context) {
  CaptureService& capture = context.Get<CaptureService>();
  const MasterData& parties = context.Get<MasterData>();
  router.Add(
      {.route = "POST /epcis/capture",
       .access = api::Access::kSignedIn,
       .summary = "Capture an EPCIS 2.0 document (JSON-LD or XML) as a capture job: 202 with "
                  "the job at Location; header GS1-Capture-Error-Behaviour: rollback (default, "
                  "all events or none) or proceed (every valid event). A firm captures the "
                  "events at its own locations (or of its own prefixes), a regulator those of "
                  "its jurisdiction; an event outside is refused as SecurityException (403)",
       .request_media_types = {"application/ld+json", "application/json", "application/xml"},
       .errors = {400, 413},
       .handler = [&capture, &parties](const api::Request& req,
                                       api::RequestContext& ctx) -> Result<api::Response> {
         const std::string header = req.Header("gs1-capture-error-behaviour");
         ZQ_ASSIGN_OR_RETURN(const ErrorBehaviour behaviour,
                             ParseErrorBehaviour(header.empty() ? "rollback" : header));
         if (req.body.size() > capture.limits().max_bytes) {
           api::Response r =
               Problem({.type = "CaptureLimitExceededException",
                        .detail = "the document is larger than the capture file size limit",
                        .status = 413});
           AddCaptureHeaders(r, capture.limits());
           return r;
         }
         Result<CaptureJob> captured = capture.Capture(req.body, behaviour, ctx.caller, parties);
         if (captured.status().code() == StatusCode::kPermissionDenied)
           return Problem(
               {.type = "SecurityException", .detail = captured.status().message(), .status = 403});
         ZQ_ASSIGN_OR_RETURN(const CaptureJob job, std::move(captured));
         api::Response r = RefusedOutOfScope(job) ? api::Response::Json(CaptureJobJson(job), 403)
                                                  : api::Response::Json(CaptureJobJson(job), 202);
         r.headers.emplace_back("Location", "/epcis/capture/" + std::to_string(job.id));
         AddCaptureHeaders(r, capture.limits());
         return r;
       }});
  router.Add({.route = "GET /epcis/capture/{id}",
              .access = api::Access::kSignedIn,
              .summary = "A capture job (the caller's own; an administrator's any): running, "
                         "success, captureErrorBehaviour, errors",
              .handler = [&capture](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t id, api::PathId(req));
                ZQ_ASSIGN_OR_RETURN(const std::optional<CaptureJob> job,
                                    capture.Job(ctx.caller, id));
                if (!job)
                  return Status::NotFound("no such capture job", "id");
                api::Response r = api::Response::Json(CaptureJobJson(*job));
                AddCaptureHeaders(r, capture.limits());
                return r;
              }});
}

void AddQueryRoutes(api::Router& router, app::Context& context) {
  const EventQueryService& queries = context.Get<EventQueryService>();
  const std::string scope =
      " (a regulator sees the events at locations of its jurisdiction, a firm those at its own)";
  router.Add({.route = "GET /epcis/events",
              .access = api::Access::kSignedIn,
              .summary = "EPCIS events matching the standard query parameters, as an "
                         "EPCISQueryDocument (JSON-LD), perPage at a time with a Link to the next "
                         "page" +
                         scope,
              .params = QueryParams(),
              .errors = {413},
              .handler = QueryHandler(queries, "")});
  router.Add({.route = "GET /epcis/events/{eventID}",
              .access = api::Access::kSignedIn,
              .summary = "One event by its eventID, as an EPCISQueryDocument",
              .params = {{.name = "eventID", .in = api::ParamIn::kPath}},
              .handler = QueryHandler(queries, "EQ_eventID", true)});
  // The per-resource paths: the same query with the path's value as one more condition.
  for (const auto& [path, filter, what] :
       {std::tuple{"epcs/{epc}", "MATCH_anyEPC", "naming an EPC (an EPC URN)"},
        std::tuple{"bizSteps/{bizStep}", "EQ_bizStep", "of a business step"},
        std::tuple{"bizLocations/{bizLocation}", "EQ_bizLocation",
                   "at a business location (an SGLN URN)"},
        std::tuple{"readPoints/{readPoint}", "EQ_readPoint", "at a read point (an SGLN URN)"},
        std::tuple{"dispositions/{disposition}", "EQ_disposition", "with a disposition"},
        std::tuple{"eventTypes/{eventType}", "eventType", "of an event type"}}) {
    std::vector<api::ParamSpec> params = QueryParams();
    const std::string name = std::string(path).substr(std::string(path).find('{') + 1);
    params.insert(params.begin(),
                  {.name = name.substr(0, name.size() - 1), .in = api::ParamIn::kPath});
    router.Add({.route = "GET /epcis/" + std::string(path) + "/events",
                .access = api::Access::kSignedIn,
                .summary = std::string("EPCIS events ") + what + ", as GET /epcis/events",
                .params = std::move(params),
                .errors = {413},
                .handler = QueryHandler(queries, filter)});
  }
}

void AddMasterDataRoutes(api::Router& router, app::Context& context) {
  MasterData& data = context.Get<MasterData>();
  router.Add({.route = "GET /api/v1/trace/locations",
              .access = api::Access::kSignedIn,
              .summary = "Locations (GLN / SGLN) linked to market entities, in the caller's "
                         "jurisdiction (a firm: its own)",
              .params = {kUsccFilter},
              .handler = [&data](const api::Request& req,
                                 api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const auto list, data.Locations(ctx.caller, req.Query("uscc")));
                return api::Response::Json(api::ItemsJson(list, LocationJson));
              }});
  router.Add({.route = "POST /api/v1/trace/locations",
              .access = api::Access::kWriter,
              .summary = "Link a location to a registered market entity in the caller's "
                         "jurisdiction (errors: a bad GLN check digit, an unknown USCC, a "
                         "location registered already)",
              .request_schema = kNewLocationBody.Schema(),
              .errors = {404, 409},
              .handler = api::OnBody(
                  kNewLocationBody,
                  [&data](const auth::Caller& caller, const NewLocation& l) {
                    return data.AddLocation(caller, l.location, l.uscc, l.name);
                  },
                  LocationJson, 201)});
  router.Add({.route = "POST /api/v1/trace/locations/{id}/remove",
              .access = api::Access::kWriter,
              .summary = "Remove a location's link",
              .handler = [&data](const api::Request& req,
                                 api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t id, api::PathId(req));
                ZQ_RETURN_IF_ERROR(data.RemoveLocation(ctx.caller, id));
                return api::Response::Json({{"removed", id}});
              }});
  router.Add({.route = "GET /api/v1/trace/company-prefixes",
              .access = api::Access::kSignedIn,
              .summary = "GS1 company prefixes linked to market entities, in the caller's "
                         "jurisdiction (a firm: its own)",
              .params = {kUsccFilter},
              .handler = [&data](const api::Request& req,
                                 api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const auto list,
                                    data.CompanyPrefixes(ctx.caller, req.Query("uscc")));
                return api::Response::Json(api::ItemsJson(list, CompanyPrefixJson));
              }});
  router.Add({.route = "POST /api/v1/trace/company-prefixes",
              .access = api::Access::kWriter,
              .summary = "Link a GS1 company prefix to a registered market entity in the "
                         "caller's jurisdiction (errors: not 6 to 12 digits, an unknown USCC, a "
                         "prefix that is, starts or is started by a registered one)",
              .request_schema = kNewPrefixBody.Schema(),
              .errors = {404, 409},
              .handler = api::OnBody(
                  kNewPrefixBody,
                  [&data](const auth::Caller& caller, const NewPrefix& p) {
                    return data.AddCompanyPrefix(caller, p.prefix, p.uscc);
                  },
                  CompanyPrefixJson, 201)});
  router.Add({.route = "POST /api/v1/trace/company-prefixes/{id}/remove",
              .access = api::Access::kWriter,
              .summary = "Remove a company prefix's link",
              .handler = [&data](const api::Request& req,
                                 api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const std::int64_t id, api::PathId(req));
                ZQ_RETURN_IF_ERROR(data.RemoveCompanyPrefix(ctx.caller, id));
                return api::Response::Json({{"removed", id}});
              }});
}

app::Module Manifest() {
  app::Module m;
  m.name = "trace";
  m.depends_on = {"registry"};
  m.build = [](app::Context& ctx) {
    ctx.Emplace<CaptureService>(ctx.db(), ctx.clock());
    // MasterData is the PartyDirectory of the trace graph and of the capture and query scopes.
    MasterData& master_data =
        ctx.Emplace<MasterData>(ctx.db(), ctx.Get<registry::Registry>(), ctx.audit(), ctx.clock());
    ctx.Emplace<EventQueryService>(ctx.db(), ctx.clock());
    ctx.Emplace<TraceService>(ctx.db(), &master_data);
    return Status::Ok();
  };
  m.demo = {{"supply chains", app::DemoStage::kRecords, demo::TraceChainsStep}};
  m.routes = {app::Routes("trace.capture", AddCaptureRoutes),
              app::Routes("trace.query", AddQueryRoutes),
              app::Routes("trace.master_data", AddMasterDataRoutes),
              app::Routes("trace.graph", AddTraceGraphRoutes)};
  m.commands = {{"trace", [](CLI::App& app) {
                   RegisterTraceCommands(app, CaptureIntoWorkspace);
                   RegisterTraceQueryCommands(*app.get_subcommand("trace"), WithServicesOf);
                   RegisterTraceGraphCommands(*app.get_subcommand("trace"), TraceInWorkspace);
                 }}};
  return m;
}

}  // namespace zq::trace

// The master data routes of the trace module's manifest (module.cc): locations (GLN / SGLN) and
// GS1 company prefixes linked to registered market entities, read within the caller's scope.
#include <string>

#include "api/body.h"
#include "api/handlers.h"
#include "api/router.h"
#include "app/context.h"
#include "trace/master_data.h"

namespace zq::trace {

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

}  // namespace

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

}  // namespace zq::trace

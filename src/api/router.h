#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "api/http.h"

namespace zq::api {

// Whether a parameter or a body member must be present.
enum class Presence { kOptional, kRequired };

enum class ParamIn { kQuery, kPath };
enum class ParamType { kString, kInteger, kBoolean };

// One query or path parameter of a route, for the OpenAPI document. A path parameter is always
// required. Declared with designated initialisers: {.name = "id", .in = ParamIn::kPath}.
struct ParamSpec {
  std::string name;
  ParamIn in = ParamIn::kQuery;
  ParamType type = ParamType::kString;
  Presence presence = Presence::kOptional;
  std::string description;

  bool required() const { return in == ParamIn::kPath || presence == Presence::kRequired; }
};

// Who may call a route, in auth/'s vocabulary (auth::Caller). The server enforces it before the
// handler runs (which still checks the caller's jurisdiction for each record). kUndeclared is
// refused for everyone, and a test fails for any route left undeclared.
enum class Access {
  kUndeclared,
  kPublic,    // anyone, signed in or not
  kSignedIn,  // Caller::IsSignedIn: any signed-in user or API client
  kOfficial,  // Caller::IsOfficial: platform administrators, regulators and analysts
  kWriter,    // Caller::CanWrite: platform administrators and regulators
  kAdmin,     // Caller::IsAdministrator: platform administrators
};

std::string_view AccessName(Access access);

// The one mapping of a route's Access to the caller's capabilities: Ok when `caller` may call a
// route declared `access`; kUnauthenticated for the anonymous public on any route but a public
// one, kPermissionDenied for a signed-in caller without the capability (and for kUndeclared).
Status CheckAccess(Access access, const auth::Caller& caller);

// One route as a module declares it: what it answers, how it is documented, and its handler. The
// OpenAPI document is built from these, so a route cannot exist undocumented. Declared with
// designated initialisers, in this order:
//   router.Add({.route = "GET /api/v1/regions/{code}", .access = Access::kPublic,
//               .summary = "…", .params = {…}, .errors = {409},
//               .handler = […](const Request& req, RequestContext& ctx) -> Result<Response> {…}});
// What the declaration implies is not written again: the OpenAPI tag is the route group's
// (Router::BeginGroup); each "{name}" of the path is a path parameter (DefaultPathParam says how
// it is documented unless `params` names it); and the error statuses every such route can answer
// are added to `errors` (ImpliedErrors). A JSON body is declared once as an api::Body
// (api/body.h), which gives request_schema.
struct RouteSpec {
  std::string route;  // the method, one space, the path pattern: "GET /api/v1/regions/{code}"
  Access access = Access::kUndeclared;
  std::string summary;
  std::vector<ParamSpec> params;  // the query parameters; a path parameter only to document it
  std::string request_schema;     // JSON Schema text of the body, or empty
  // Media types of the request body that request_schema describes (a file upload names its own).
  std::vector<std::string> request_media_types = {"application/json"};
  std::vector<int> errors;  // error statuses besides the implied ones, 429 and 500 (e.g. 409)
  std::string content_type = "application/json";  // of the success response
  Handler handler;
};

// A route as the router holds it: its spec resolved into method and pattern, with its tag, every
// path parameter and every documented error status.
struct Route {
  std::string method;   // GET, POST, PUT, DELETE
  std::string pattern;  // "/api/v1/regions/{code}/children"
  std::string tag;      // the route group's name, e.g. "credit.lists"
  Access access = Access::kUndeclared;
  std::string summary;
  std::vector<ParamSpec> params;  // the path parameters in path order, then the query ones
  std::string request_schema;
  std::vector<std::string> request_media_types;
  std::vector<int> errors;  // sorted, without 429 and 500 (every route may answer those)
  std::string content_type;
  Handler handler;
};

// How a path parameter is documented when the route's `params` does not name it: "id" an integer
// record id, "uscc" a 统一社会信用代码, "code" a GB/T code; any other name a string.
ParamSpec DefaultPathParam(std::string_view name);

// The error statuses a route can answer by its declaration alone: 401 and 403 unless it is public
// (not signed in; no capability, or no CSRF token); 400 when it takes a body, a query parameter
// or an integer path parameter; 404 when its path has a parameter (a record that does not exist,
// or is outside the caller's jurisdiction).
std::vector<int> ImpliedErrors(const Route& route);

// Routes matched by method and path segments; "{name}" matches one non-empty segment.
// Immutable after set-up: thread-safe for matching.
class Router {
 public:
  // The tag of the routes added from now on: the route group's name (app::RouteGroup::name).
  void BeginGroup(std::string tag) { tag_ = std::move(tag); }

  // Adds a route of the current group. A route text that is not "METHOD /path", or a declared
  // path parameter the path lacks, is a programming error: it stops the process at set-up, where
  // every test sees it.
  void Add(RouteSpec spec);

  // The route for `method` and `path`, with its path parameters; nullptr when none. `path_known`
  // tells whether some route has this path with another method (405 rather than 404).
  const Route* Match(std::string_view method, std::string_view path,
                     std::map<std::string, std::string>& params, bool& path_known) const;

  const std::vector<Route>& routes() const { return routes_; }

  // The OpenAPI 3.0 document of every route.
  nlohmann::json OpenApi() const;

 private:
  std::string tag_ = "system";
  std::vector<Route> routes_;
};

}  // namespace zq::api

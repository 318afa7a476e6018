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

// One route: what it answers, how it is documented, and its handler. The OpenAPI document is
// built from these specs, so a route cannot exist undocumented.
// Declared with designated initialisers, in this order:
//   router.Add({.method = "GET", .pattern = "/api/v1/…", .access = Access::kOfficial,
//               .summary = "…", .tag = "registry", .params = {…}, .errors = {404},
//               .handler = […](const Request& req, RequestContext& ctx) -> Result<Response> {…}});
// A JSON body is declared once as an api::Body (api/body.h), which gives request_schema.
struct RouteSpec {
  std::string method;   // GET, POST, PUT, DELETE
  std::string pattern;  // "/api/v1/regions/{code}/children"
  Access access = Access::kUndeclared;
  std::string summary;
  std::string tag;
  std::vector<ParamSpec> params;
  std::string request_schema;  // JSON Schema text of the body, or empty
  // Media types of the request body that request_schema describes (a file upload names its own).
  std::vector<std::string> request_media_types = {"application/json"};
  std::vector<int> errors;                        // documented error statuses besides 429 and 500
  std::string content_type = "application/json";  // of the success response
  Handler handler;
};

// Routes matched by method and path segments; "{name}" matches one non-empty segment.
// Immutable after set-up: thread-safe for matching.
class Router {
 public:
  void Add(RouteSpec spec);

  // The route for `method` and `path`, with its path parameters; nullptr when none. `path_known`
  // tells whether some route has this path with another method (405 rather than 404).
  const RouteSpec* Match(std::string_view method, std::string_view path,
                         std::map<std::string, std::string>& params, bool& path_known) const;

  const std::vector<RouteSpec>& routes() const { return routes_; }

  // The OpenAPI 3.0 document of every route.
  nlohmann::json OpenApi() const;

 private:
  std::vector<RouteSpec> routes_;
};

}  // namespace zq::api

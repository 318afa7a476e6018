#include "api/router.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace zq::api {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const std::size_t end = std::min(path.find('/', pos), path.size());
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params) {
  const auto want = Segments(pattern);
  const auto have = Segments(path);
  if (want.size() != have.size())
    return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      found[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

std::string_view ReasonFor(int status) {
  switch (status) {
    case 400:
      return "Invalid input: the error names the field";
    case 401:
      return "Not signed in, or the session has expired";
    case 403:
      return "Signed in but not allowed, or a missing CSRF token";
    case 404:
      return "Not found (also for records outside the caller's jurisdiction)";
    case 409:
      return "Conflicts with the current state";
    case 413:
      return "The request body is too large";
    case 429:
      return "Too many requests: retry after the Retry-After header";
    case 503:
      return "A dependency (the database) is unavailable";
    default:
      return "Internal error: quote the request id";
  }
}

}  // namespace

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kSignedIn:
      return "signed_in";
    case Access::kOfficial:
      return "official";
    case Access::kWriter:
      return "writer";
    case Access::kAdmin:
      return "admin";
    case Access::kUndeclared:
      break;
  }
  return "undeclared";
}

Status CheckAccess(Access access, const auth::Caller& caller) {
  if (access == Access::kUndeclared)
    return Status::PermissionDenied("this route declares no access rule");
  if (access == Access::kPublic)
    return Status::Ok();
  if (!caller.IsSignedIn())
    return Status::Unauthenticated("sign in first");
  switch (access) {
    case Access::kOfficial:
      return caller.IsOfficial() ? Status::Ok()
                                 : Status::PermissionDenied("for regulators and analysts only");
    case Access::kWriter:
      return caller.CanWrite() ? Status::Ok()
                               : Status::PermissionDenied("this role may not change records");
    case Access::kAdmin:
      return caller.IsAdministrator()
                 ? Status::Ok()
                 : Status::PermissionDenied("for platform administrators only");
    case Access::kSignedIn:
      return Status::Ok();
    case Access::kPublic:
    case Access::kUndeclared:
      break;  // answered above
  }
  return Status::PermissionDenied("this route declares no access rule");
}

ParamSpec DefaultPathParam(std::string_view name) {
  ParamSpec p{.name = std::string(name), .in = ParamIn::kPath};
  if (name == "id") {
    p.type = ParamType::kInteger;
    p.description = "record id";
  } else if (name == "uscc") {
    p.description = "统一社会信用代码 (unified social credit code), 18 characters";
  } else if (name == "code") {
    p.description = "GB/T code (GB/T 2260 region, GB/T 4754 industry)";
  }
  return p;
}

std::vector<int> ImpliedErrors(const Route& route) {
  std::vector<int> out;
  const bool typed_input =
      !route.request_schema.empty() || std::ranges::any_of(route.params, [](const ParamSpec& p) {
        return p.in == ParamIn::kQuery || p.type != ParamType::kString;
      });
  if (typed_input)
    out.push_back(400);
  if (route.access != Access::kPublic) {
    out.push_back(401);
    out.push_back(403);
  }
  if (std::ranges::any_of(route.params, [](const ParamSpec& p) { return p.in == ParamIn::kPath; }))
    out.push_back(404);
  return out;
}

void Router::Add(RouteSpec spec) {
  const std::size_t space = spec.route.find(' ');
  ZQ_CHECK(space != std::string::npos && space > 0 && space + 1 < spec.route.size() &&
           spec.route[space + 1] == '/');
  Route r{.method = spec.route.substr(0, space),
          .pattern = spec.route.substr(space + 1),
          .tag = tag_,
          .access = spec.access,
          .summary = std::move(spec.summary),
          .request_schema = std::move(spec.request_schema),
          .request_media_types = std::move(spec.request_media_types),
          .content_type = std::move(spec.content_type),
          .handler = std::move(spec.handler)};
  // The path parameters in path order, each as declared or by default; then the query ones.
  for (std::string_view segment : Segments(r.pattern)) {
    if (segment.size() < 3 || segment.front() != '{' || segment.back() != '}')
      continue;
    const std::string_view name = segment.substr(1, segment.size() - 2);
    const auto declared = std::ranges::find_if(
        spec.params, [&](const ParamSpec& p) { return p.in == ParamIn::kPath && p.name == name; });
    r.params.push_back(declared != spec.params.end() ? *declared : DefaultPathParam(name));
  }
  for (ParamSpec& p : spec.params) {
    ZQ_CHECK(p.in == ParamIn::kQuery ||
             std::ranges::any_of(r.params, [&](const ParamSpec& q) { return q.name == p.name; }));
    if (p.in == ParamIn::kQuery)
      r.params.push_back(std::move(p));
  }
  r.errors = ImpliedErrors(r);
  r.errors.insert(r.errors.end(), spec.errors.begin(), spec.errors.end());
  std::sort(r.errors.begin(), r.errors.end());
  r.errors.erase(std::unique(r.errors.begin(), r.errors.end()), r.errors.end());
  routes_.push_back(std::move(r));
}

const Route* Router::Match(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>& params, bool& path_known) const {
  path_known = false;
  // Literal segments win over parameters: "/entities/export" before "/entities/{uscc}".
  const Route* best = nullptr;
  int best_literals = -1;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> p;
    if (!MatchPattern(r.pattern, path, p))
      continue;
    path_known = true;
    if (r.method != method)
      continue;
    const int literals = static_cast<int>(Segments(r.pattern).size() - p.size());
    if (literals > best_literals) {
      best = &r;
      best_literals = literals;
      params = std::move(p);
    }
  }
  return best;
}

nlohmann::json Router::OpenApi() const {
  nlohmann::json error_schema = {{"type", "object"},
                                 {"required", {"error"}},
                                 {"properties",
                                  {{"error",
                                    {{"type", "object"},
                                     {"required", {"code", "message"}},
                                     {"properties",
                                      {{"code", {{"type", "string"}}},
                                       {"message", {{"type", "string"}}},
                                       {"field", {{"type", "string"}}}}}}}}}};
  nlohmann::json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Zhiqiang (质强) API"},
        {"version", "1"},
        {"description",
         "Quality-governance platform. Errors share one body: {\"error\":{\"code\",\"message\","
         "\"field\"}}. Records outside the caller's jurisdiction answer 404."}}},
      {"components",
       {{"schemas", {{"Error", error_schema}}},
        {"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "zq_session"}}},
          {"apiKey", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
      {"paths", nlohmann::json::object()}};
  for (const Route& r : routes_) {
    nlohmann::json op = {{"summary", r.summary},
                         {"tags", {r.tag}},
                         {"operationId", r.method + " " + r.pattern},
                         {"x-zq-access", AccessName(r.access)}};
    nlohmann::json params = nlohmann::json::array();
    for (const ParamSpec& p : r.params) {
      const char* type = p.type == ParamType::kInteger   ? "integer"
                         : p.type == ParamType::kBoolean ? "boolean"
                                                         : "string";
      params.push_back({{"name", p.name},
                        {"in", p.in == ParamIn::kPath ? "path" : "query"},
                        {"required", p.required()},
                        {"description", p.description},
                        {"schema", {{"type", type}}}});
    }
    if (!params.empty())
      op["parameters"] = params;
    if (!r.request_schema.empty()) {
      nlohmann::json content = nlohmann::json::object();
      for (const std::string& type : r.request_media_types)
        content[type] = {{"schema", nlohmann::json::parse(r.request_schema)}};
      op["requestBody"] = {{"required", true}, {"content", content}};
    }
    op["responses"]["200"] = {{"description", "OK"},
                              {"content", {{r.content_type, nlohmann::json::object()}}}};
    std::vector<int> errors = r.errors;
    errors.push_back(429);
    errors.push_back(500);
    for (int status : errors) {
      op["responses"][std::to_string(status)] = {
          {"description", ReasonFor(status)},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    }
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    doc["paths"][r.pattern][method] = op;
  }
  return doc;
}

}  // namespace zq::api

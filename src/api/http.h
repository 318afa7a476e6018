#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "auth/caller.h"
#include "core/result.h"

// Our own view of an HTTP exchange, so that the HTTP library stays behind http_server.cc.
namespace zq::api {

// Whether a path is the server's API rather than the console's static files: /api/… and the
// EPCIS 2.0 REST bindings' /epcis/… (the trace module), which keep the standard's paths.
inline bool IsApiPath(std::string_view path) {
  return path.starts_with("/api/") || path == "/epcis" || path.starts_with("/epcis/");
}

struct Request {
  std::string method;                              // "GET", "POST", …
  std::string path;                                // without the query string
  std::map<std::string, std::string> path_params;  // from "{name}" segments of the route
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_addr;
  std::string request_id;

  // The first value of a query parameter, or "".
  std::string Query(std::string_view name) const;

  bool HasQuery(std::string_view name) const { return query.contains(std::string(name)); }

  std::string Header(std::string_view lower_case_name) const;
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(const nlohmann::json& body, int status = 200);
  static Response Bytes(std::string body, std::string content_type);
  // A download (Content-Disposition: attachment) named `file_name`, which may be Chinese: an
  // ASCII fallback (non-ASCII bytes as '_') plus RFC 6266's UTF-8 filename*.
  static Response Download(std::string body, std::string content_type, std::string_view file_name);
};

// Who is calling, resolved from the session cookie or the API key before the handler runs.
struct RequestContext {
  auth::Caller caller;
  std::string session_token;  // empty unless signed in through the console
  std::string csrf_token;
  bool must_change_password = false;      // a one-time password: only /auth/password, /me, /logout
  bool must_enrol_second_factor = false;  // an admin without one: only enrolment and the above
};

using Handler = std::function<Result<Response>(const Request&, RequestContext&)>;

}  // namespace zq::api

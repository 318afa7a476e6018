// Sign-in, sessions, users and the audit log (issue 3).
#include <nlohmann/json.hpp>

#include "api/server.h"

namespace zq::api {
namespace {

nlohmann::json UserJson(const auth::UserInfo& u) {
  return {{"username", u.username},
          {"role", auth::RoleName(u.role)},
          {"region_code", u.region_code},
          {"uscc", u.uscc},
          {"display_name", u.display_name},
          {"disabled", u.disabled},
          {"locked", u.locked},
          {"must_change_password", u.must_change_password},
          {"created_at", u.created_at}};
}

nlohmann::json CallerJson(const auth::Caller& c) {
  return {{"actor", c.actor},
          {"role", auth::RoleName(c.role)},
          {"region_code", c.region_code},
          {"uscc", c.uscc}};
}

Result<std::string> RequiredString(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) {
    return Status::InvalidArgument(std::string(field) + " is required", field);
  }
  return it->get<std::string>();
}

std::string OptionalString(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void AddAuthRoutes(Router& router, Services& services, const ServerOptions& options) {
  const std::string secure = options.secure_cookies ? "; Secure" : "";
  router.Add(
      RouteSpec{
          "POST",
          "/api/v1/auth/login",
          "Sign in; sets the session cookie and returns the CSRF token",
          "auth",
          {},
          R"({"type":"object","required":["username","password"],"properties":{"username":{"type":"string"},"password":{"type":"string"}}})",
          {400, 401, 429},
          "application/json",
          [&services, secure](const Request& req, RequestContext& ctx) -> Result<Response> {
            ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
            ZQ_ASSIGN_OR_RETURN(std::string username, RequiredString(body, "username"));
            ZQ_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
            ZQ_ASSIGN_OR_RETURN(auth::Session s,
                                services.accounts.Login(username, password, ctx.caller));
            Response r = Response::Json({{"caller", CallerJson(s.caller)},
                                         {"csrf_token", s.csrf_token},
                                         {"expires_at", s.expires_at},
                                         {"must_change_password", s.must_change_password}});
            r.headers.emplace_back(
                "Set-Cookie",
                "zq_session=" + s.token + "; Path=/; HttpOnly; SameSite=Strict" + secure);
            return r;
          }},
      Access::kPublic);
  router.Add(RouteSpec{"POST",
                       "/api/v1/auth/logout",
                       "Sign out",
                       "auth",
                       {},
                       "",
                       {403},
                       "application/json",
                       [&services](const Request&, RequestContext& ctx) -> Result<Response> {
                         if (!ctx.session_token.empty())
                           ZQ_RETURN_IF_ERROR(services.accounts.Logout(ctx.session_token));
                         Response r = Response::Json({{"signed_out", true}});
                         r.headers.emplace_back(
                             "Set-Cookie",
                             "zq_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                         return r;
                       }},
             Access::kPublic);
  router.Add(
      RouteSpec{
          "POST",
          "/api/v1/auth/password",
          "Change your own password (required first after a one-time password); ends every "
          "session of the user",
          "auth",
          {},
          R"({"type":"object","required":["current_password","new_password"],"properties":{"current_password":{"type":"string"},"new_password":{"type":"string"}}})",
          {400, 401, 403, 409, 429},
          "application/json",
          [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
            if (ctx.session_token.empty()) {
              return Status::FailedPrecondition(
                  "API clients have keys, not passwords: sign in through the console");
            }
            ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
            ZQ_ASSIGN_OR_RETURN(std::string current, RequiredString(body, "current_password"));
            ZQ_ASSIGN_OR_RETURN(std::string next, RequiredString(body, "new_password"));
            ZQ_RETURN_IF_ERROR(services.accounts.ChangeOwnPassword(ctx.caller, current, next));
            Response r = Response::Json({{"changed", true}, {"signed_out", true}});
            r.headers.emplace_back("Set-Cookie",
                                   "zq_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
            return r;
          }},
      Access::kSignedIn);
  router.Add(
      RouteSpec{"GET",
                "/api/v1/auth/me",
                "Who the caller is, with the CSRF token of the session",
                "auth",
                {},
                "",
                {401},
                "application/json",
                [](const Request&, RequestContext& ctx) -> Result<Response> {
                  if (ctx.caller.role == auth::Role::kPublic)
                    return Status::Unauthenticated("not signed in");
                  return Response::Json({{"caller", CallerJson(ctx.caller)},
                                         {"csrf_token", ctx.csrf_token},
                                         {"must_change_password", ctx.must_change_password}});
                }},
      Access::kSignedIn);
  router.Add(RouteSpec{"GET",
                       "/api/v1/admin/users",
                       "List users (administrators)",
                       "admin",
                       {},
                       "",
                       {401, 403},
                       "application/json",
                       [&services](const Request&, RequestContext& ctx) -> Result<Response> {
                         ZQ_ASSIGN_OR_RETURN(std::vector<auth::UserInfo> users,
                                             services.accounts.ListUsers(ctx.caller));
                         nlohmann::json items = nlohmann::json::array();
                         for (const auth::UserInfo& u : users) items.push_back(UserJson(u));
                         return Response::Json({{"items", items}});
                       }},
             Access::kAdmin);
  router.Add(
      RouteSpec{
          "POST",
          "/api/v1/admin/users",
          "Create a user (administrators)",
          "admin",
          {},
          R"({"type":"object","required":["username","password","role"],"properties":{"username":{"type":"string"},"password":{"type":"string"},"role":{"type":"string"},"region_code":{"type":"string"},"uscc":{"type":"string"},"display_name":{"type":"string"}}})",
          {400, 401, 403, 409},
          "application/json",
          [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
            ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
            auth::NewUser u;
            ZQ_ASSIGN_OR_RETURN(u.username, RequiredString(body, "username"));
            ZQ_ASSIGN_OR_RETURN(u.password, RequiredString(body, "password"));
            ZQ_ASSIGN_OR_RETURN(std::string role, RequiredString(body, "role"));
            if (!auth::ParseRole(role, u.role))
              return Status::InvalidArgument("unknown role", "role");
            u.region_code = OptionalString(body, "region_code");
            u.uscc = OptionalString(body, "uscc");
            u.display_name = OptionalString(body, "display_name");
            ZQ_ASSIGN_OR_RETURN(auth::UserInfo created,
                                services.accounts.CreateUser(ctx.caller, u));
            return Response::Json(UserJson(created), 201);
          }},
      Access::kAdmin);
  router.Add(RouteSpec{"GET",
                       "/api/v1/admin/audit",
                       "Search the audit log (administrators)",
                       "admin",
                       {{"actor"},
                        {"action"},
                        {"object"},
                        {"from"},
                        {"to"},
                        {"limit", "query", "integer"},
                        {"offset", "query", "integer"}},
                       "",
                       {400, 401, 403},
                       "application/json",
                       [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
                         auth::AuditLog::Filter f;
                         f.actor = req.Query("actor");
                         f.action_prefix = req.Query("action");
                         f.object_prefix = req.Query("object");
                         f.from = req.Query("from");
                         f.to = req.Query("to");
                         ZQ_RETURN_IF_ERROR(ReadInt(req, "limit", 100, f.limit));
                         ZQ_RETURN_IF_ERROR(ReadInt(req, "offset", 0, f.offset));
                         ZQ_ASSIGN_OR_RETURN(auto tx, services.db.Begin(store::TxMode::kReadOnly));
                         ZQ_ASSIGN_OR_RETURN(std::vector<auth::AuditEntry> entries,
                                             services.audit.Search(*tx, ctx.caller, f));
                         nlohmann::json items = nlohmann::json::array();
                         for (const auth::AuditEntry& e : entries) {
                           items.push_back({{"seq", e.seq},
                                            {"at", e.at},
                                            {"actor", e.actor},
                                            {"role", e.role},
                                            {"action", e.action},
                                            {"object", e.object},
                                            {"request_id", e.request_id},
                                            {"source", e.source},
                                            {"detail", e.detail},
                                            {"hash", e.hash}});
                         }
                         return Response::Json({{"items", items}});
                       }},
             Access::kAdmin);
}

}  // namespace zq::api

// Sign-in, sessions, users and the audit log (issue 3).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/routes/routes.h"

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

// 登录: what a user types to sign in.
const Body<auth::Credentials> kCredentialsBody =
    Body<auth::Credentials>()
        .Member("username", &auth::Credentials::username, Presence::kRequired, {.non_empty = true})
        .Member("password", &auth::Credentials::password, Presence::kRequired, {.non_empty = true})
        .Member("code", &auth::Credentials::code, Presence::kOptional,
                {.description = "the second factor: the 6 digits of the authenticator app (TOTP) "
                                "or a recovery code; asked for by a 401 with field \"code\""});

struct TotpCode {
  std::string code;
};

const Body<TotpCode> kTotpCodeBody = Body<TotpCode>().Member(
    "code", &TotpCode::code, Presence::kRequired,
    {.description = "the 6 digits the authenticator app shows now", .non_empty = true});

struct PasswordChange {
  std::string current_password;
  std::string new_password;
};

const Body<PasswordChange> kPasswordChangeBody =
    Body<PasswordChange>()
        .Member("current_password", &PasswordChange::current_password, Presence::kRequired,
                {.non_empty = true})
        .Member("new_password", &PasswordChange::new_password, Presence::kRequired,
                {.description =
                     "口令复杂度 (GB/T 22239-2019): at least 12 characters (by default), "
                     "three of upper-case, lower-case, digits and symbols, not the user name, "
                     "not a common password or keyboard run",
                 .non_empty = true});

// A new account, created by an administrator.
const Body<auth::NewUser> kNewUserBody =
    Body<auth::NewUser>()
        .Member("username", &auth::NewUser::username, Presence::kRequired, {.non_empty = true})
        .Member("password", &auth::NewUser::password, Presence::kRequired, {.non_empty = true})
        .Enumerated("role", &auth::NewUser::role, Presence::kRequired, auth::ParseRole,
                    {.one_of = {"platform_admin", "regulator", "analyst", "enterprise",
                                "sentinel_hospital", "department_client", "public"}})
        .Member("region_code", &auth::NewUser::region_code, Presence::kOptional,
                {.description = "regulator and analyst: the GB/T 2260 code at the root of their "
                                "jurisdiction (辖区)"})
        .Member("uscc", &auth::NewUser::uscc, Presence::kOptional,
                {.description = "enterprise: the 统一社会信用代码 of their entity"})
        .Member("display_name", &auth::NewUser::display_name, Presence::kOptional);

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Login CSRF: a form or a text/plain fetch from another site could otherwise sign the browser
// into the attacker's account. A sign-in must be JSON (which a cross-site page cannot send
// without a CORS preflight, and we answer none) and, when the browser names its Origin, come
// from this site: the Host the request was sent to, or the configured public origin.
Status CheckSameSiteJson(const Request& req, const ServerOptions& options) {
  std::string type = Lower(req.Header("content-type"));
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type != "application/json")
    return Status::InvalidArgument("send the sign-in as application/json", "content-type");
  if (Lower(req.Header("sec-fetch-site")) == "cross-site")
    return Status::PermissionDenied("a sign-in from another site is refused", "origin");
  const std::string origin = Lower(req.Header("origin"));
  if (origin.empty())
    return Status::Ok();  // not a browser, or a same-origin GET-less client: nothing to forge
  if (!options.public_origin.empty() && origin == Lower(options.public_origin))
    return Status::Ok();
  const std::size_t scheme_end = origin.find("://");
  const std::string host = Lower(req.Header("host"));
  if (scheme_end == std::string::npos || host.empty() || origin.substr(scheme_end + 3) != host)
    return Status::PermissionDenied("a sign-in from another site is refused", "origin");
  return Status::Ok();
}

// The second factor (TOTP) of the signed-in user, and the administrator's unlock and reset.
// POST /api/v1/admin/users/{username}/…: `act(accounts, caller, username)` answers the members
// that follow "username" in the reply.
template <class Act>
Handler OnUser(auth::AccountService& accounts, Act act) {
  return [&accounts, act](const Request& req, RequestContext& ctx) -> Result<Response> {
    const std::string& name = req.path_params.at("username");
    ZQ_ASSIGN_OR_RETURN(nlohmann::json answer, act(accounts, ctx.caller, name));
    answer["username"] = name;
    return Response::Json(answer);
  };
}

void AddSecondFactorRoutes(Router& router, app::Context& services) {
  auto console_only = [](const RequestContext& ctx) -> Status {
    if (ctx.session_token.empty()) {
      return Status::FailedPrecondition(
          "API clients have keys, not second factors: sign in through the console");
    }
    return Status::Ok();
  };
  router.Add({.route = "GET /api/v1/auth/second-factor",
              .access = Access::kSignedIn,
              .summary = "Whether the caller has a second factor, must have one, and how many "
                         "recovery codes are left",
              .errors = {409},
              .handler = [&services, console_only](const Request&,
                                                   RequestContext& ctx) -> Result<Response> {
                ZQ_RETURN_IF_ERROR(console_only(ctx));
                ZQ_ASSIGN_OR_RETURN(
                    auth::SecondFactorStatus st,
                    services.Get<auth::AccountService>().GetSecondFactorStatus(ctx.caller));
                return Response::Json({{"enrolled", st.enrolled},
                                       {"required", st.required},
                                       {"recovery_codes_left", st.recovery_codes_left}});
              }});
  router.Add(
      {.route = "POST /api/v1/auth/second-factor/enrol",
       .access = Access::kSignedIn,
       .summary = "Start enrolling an authenticator app: a new secret, shown once as an "
                  "otpauth:// URI and in base32; it takes effect when confirmed",
       .errors = {409},
       .handler = [&services, console_only](const Request&,
                                            RequestContext& ctx) -> Result<Response> {
         ZQ_RETURN_IF_ERROR(console_only(ctx));
         ZQ_ASSIGN_OR_RETURN(auth::TotpEnrolment e,
                             services.Get<auth::AccountService>().BeginTotpEnrolment(ctx.caller));
         return Response::Json({{"secret", e.secret_base32}, {"otpauth_uri", e.otpauth_uri}});
       }});
  router.Add(
      {.route = "POST /api/v1/auth/second-factor/confirm",
       .access = Access::kSignedIn,
       .summary =
           "Finish the enrolment with the app's current code; returns ten single-use recovery "
           "codes, shown once",
       .request_schema = kTotpCodeBody.Schema(),
       .errors = {409},
       .handler = [&services, console_only](const Request& req,
                                            RequestContext& ctx) -> Result<Response> {
         ZQ_RETURN_IF_ERROR(console_only(ctx));
         ZQ_ASSIGN_OR_RETURN(TotpCode totp, kTotpCodeBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(
             std::vector<std::string> codes,
             services.Get<auth::AccountService>().ConfirmTotpEnrolment(ctx.caller, totp.code));
         return Response::Json({{"enrolled", true}, {"recovery_codes", codes}});
       }});
  auth::AccountService& accounts = services.Get<auth::AccountService>();
  using Answer = Result<nlohmann::json>;
  router.Add({.route = "POST /api/v1/admin/users/{username}/unlock",
              .access = Access::kAdmin,
              .summary = "Lift every sign-in lock of a user (administrators)",
              .handler = OnUser(accounts,
                                [](auth::AccountService& a, const auth::Caller& by,
                                   const std::string& name) -> Answer {
                                  ZQ_RETURN_IF_ERROR(a.Unlock(by, name));
                                  return nlohmann::json{{"unlocked", true}};
                                })});
  for (const auto& change : {std::pair{"disable", auth::AccountState::kDisabled},
                             std::pair{"enable", auth::AccountState::kActive}}) {
    const auth::AccountState state = change.second;
    router.Add({.route = fmt::format("POST /api/v1/admin/users/{{username}}/{}", change.first),
                .access = Access::kAdmin,
                .summary = state == auth::AccountState::kDisabled
                               ? "停用: disable a user and end their sessions (administrators; not "
                                 "oneself)"
                               : "启用: enable a disabled user again (administrators)",
                .errors = {409},
                .handler = OnUser(
                    accounts,
                    [state](auth::AccountService& a, const auth::Caller& by,
                            const std::string& name) -> Answer {
                      ZQ_RETURN_IF_ERROR(a.SetAccountState(by, name, state));
                      return nlohmann::json{{"disabled", state == auth::AccountState::kDisabled}};
                    })});
  }
  router.Add(
      {.route = "POST /api/v1/admin/users/{username}/password/reset",
       .access = Access::kAdmin,
       .summary = "重置密码: a new one-time password, answered once, to be changed at the "
                  "next sign-in; ends the user's sessions (administrators)",
       .handler = OnUser(
           accounts,
           [](auth::AccountService& a, const auth::Caller& by, const std::string& name) -> Answer {
             ZQ_ASSIGN_OR_RETURN(std::string password, a.ResetPassword(by, name));
             return nlohmann::json{{"one_time_password", password}};
           })});
  router.Add({.route = "POST /api/v1/admin/users/{username}/second-factor/reset",
              .access = Access::kAdmin,
              .summary = "Remove a user's second factor and recovery codes (a lost phone) and end "
                         "their sessions (administrators)",
              .handler = OnUser(accounts,
                                [](auth::AccountService& a, const auth::Caller& by,
                                   const std::string& name) -> Answer {
                                  ZQ_RETURN_IF_ERROR(a.ResetSecondFactor(by, name));
                                  return nlohmann::json{{"reset", true}};
                                })});
}

}  // namespace

void AddAuthRoutes(Router& router, app::Context& services, const ServerOptions& options) {
  const std::string secure = options.secure_cookies ? "; Secure" : "";
  router.Add(
      {.route = "POST /api/v1/auth/login",
       .access = Access::kPublic,
       .summary =
           "Sign in; sets the session cookie and returns the CSRF token. JSON only, and from this "
           "site when the browser sends Origin (403 otherwise). A user with a second factor gets "
           "401 with field \"code\" until the request carries a current code or a recovery code",
       .request_schema = kCredentialsBody.Schema(),
       .errors = {401, 403, 429},
       .handler = [&services, secure, options](const Request& req,
                                               RequestContext& ctx) -> Result<Response> {
         ZQ_RETURN_IF_ERROR(CheckSameSiteJson(req, options));
         ZQ_ASSIGN_OR_RETURN(auth::Credentials credentials, kCredentialsBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(auth::Session s,
                             services.Get<auth::AccountService>().Login(credentials, ctx.caller));
         Response r = Response::Json({{"caller", CallerJson(s.caller)},
                                      {"csrf_token", s.csrf_token},
                                      {"expires_at", s.expires_at},
                                      {"must_change_password", s.must_change_password},
                                      {"must_enrol_second_factor", s.must_enrol_second_factor}});
         r.headers.emplace_back("Set-Cookie", "zq_session=" + s.token +
                                                  "; Path=/; HttpOnly; SameSite=Strict" + secure);
         return r;
       }});
  router.Add({.route = "POST /api/v1/auth/logout",
              .access = Access::kPublic,
              .summary = "Sign out",
              .errors = {403},
              .handler = [&services](const Request&, RequestContext& ctx) -> Result<Response> {
                if (!ctx.session_token.empty())
                  ZQ_RETURN_IF_ERROR(
                      services.Get<auth::AccountService>().Logout(ctx.session_token));
                Response r = Response::Json({{"signed_out", true}});
                r.headers.emplace_back("Set-Cookie",
                                       "zq_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                return r;
              }});
  router.Add({.route = "POST /api/v1/auth/password",
              .access = Access::kSignedIn,
              .summary =
                  "Change your own password (required first after a one-time password); ends every "
                  "session of the user",
              .request_schema = kPasswordChangeBody.Schema(),
              .errors = {409, 429},
              .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
                if (ctx.session_token.empty()) {
                  return Status::FailedPrecondition(
                      "API clients have keys, not passwords: sign in through the console");
                }
                ZQ_ASSIGN_OR_RETURN(PasswordChange change, kPasswordChangeBody.Parse(req));
                ZQ_RETURN_IF_ERROR(services.Get<auth::AccountService>().ChangeOwnPassword(
                    ctx.caller, change.current_password, change.new_password));
                Response r = Response::Json({{"changed", true}, {"signed_out", true}});
                r.headers.emplace_back("Set-Cookie",
                                       "zq_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                return r;
              }});
  router.Add({.route = "GET /api/v1/auth/me",
              .access = Access::kSignedIn,
              .summary = "Who the caller is, with the CSRF token of the session",
              .handler = [](const Request&, RequestContext& ctx) -> Result<Response> {
                if (!ctx.caller.IsSignedIn())
                  return Status::Unauthenticated("not signed in");
                return Response::Json({{"caller", CallerJson(ctx.caller)},
                                       {"csrf_token", ctx.csrf_token},
                                       {"must_change_password", ctx.must_change_password},
                                       {"must_enrol_second_factor", ctx.must_enrol_second_factor}});
              }});
  AddSecondFactorRoutes(router, services);
  router.Add({.route = "GET /api/v1/admin/users",
              .access = Access::kAdmin,
              .summary = "List users (administrators)",
              .handler = [&services](const Request&, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(std::vector<auth::UserInfo> users,
                                    services.Get<auth::AccountService>().ListUsers(ctx.caller));
                nlohmann::json items = nlohmann::json::array();
                for (const auth::UserInfo& u : users) items.push_back(UserJson(u));
                return Response::Json({{"items", items}});
              }});
  router.Add({.route = "POST /api/v1/admin/users",
              .access = Access::kAdmin,
              .summary = "Create a user (administrators)",
              .request_schema = kNewUserBody.Schema(),
              .errors = {409},
              .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auth::NewUser u, kNewUserBody.Parse(req));
                ZQ_ASSIGN_OR_RETURN(auth::UserInfo created,
                                    services.Get<auth::AccountService>().CreateUser(ctx.caller, u));
                return Response::Json(UserJson(created), 201);
              }});
  router.Add({.route = "GET /api/v1/admin/audit",
              .access = Access::kAdmin,
              .summary = "Search the audit log (administrators)",
              .params = {{.name = "actor"},
                         {.name = "action"},
                         {.name = "object"},
                         {.name = "from"},
                         {.name = "to"},
                         {.name = "limit", .type = ParamType::kInteger},
                         {.name = "offset", .type = ParamType::kInteger}},
              .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
                auth::AuditLog::Filter f;
                f.actor = req.Query("actor");
                f.action_prefix = req.Query("action");
                f.object_prefix = req.Query("object");
                f.from = req.Query("from");
                f.to = req.Query("to");
                ZQ_RETURN_IF_ERROR(ReadInt(req, "limit", 100, f.limit));
                ZQ_RETURN_IF_ERROR(ReadInt(req, "offset", 0, f.offset));
                ZQ_ASSIGN_OR_RETURN(auto tx, services.db().Begin(store::TxMode::kReadOnly));
                ZQ_ASSIGN_OR_RETURN(std::vector<auth::AuditEntry> entries,
                                    services.audit().Search(*tx, ctx.caller, f));
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
              }});
}

}  // namespace zq::api

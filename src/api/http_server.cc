// The server above the transport (http_transport.cc, Boost.Beast): resolves the caller, applies
// rate limits and CSRF checks, routes, serves the console's static files, and sets the headers
// every answer carries.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/error_mapping.h"
#include "api/internal/http_transport.h"
#include "api/server.h"
#include "app/app.h"
#include "auth/account_service.h"
#include "core/csv.h"

namespace zq::api {
namespace {

enum class TlsMode { kOff, kOn };

// Fixed one-minute windows per (bucket, address). Small and good enough for one server.
class RateLimiter {
 public:
  // Returns 0 when allowed, else the seconds to wait.
  int Take(const std::string& bucket, const std::string& key, int per_minute) {
    const auto now = std::chrono::steady_clock::now();
    const auto minute = std::chrono::duration_cast<std::chrono::minutes>(now.time_since_epoch());
    std::lock_guard lock(mu_);
    if (minute != window_) {
      window_ = minute;
      counts_.clear();
    }
    int& n = counts_[bucket + "|" + key];
    if (n >= per_minute) {
      const auto next = std::chrono::steady_clock::time_point(minute + std::chrono::minutes(1));
      return std::max(1, static_cast<int>(
                             std::chrono::duration_cast<std::chrono::seconds>(next - now).count()));
    }
    ++n;
    return 0;
  }

 private:
  std::mutex mu_;
  std::chrono::minutes window_{0};
  std::map<std::string, int> counts_;
};

constexpr char kBuiltInIndex[] = R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>质强 Zhiqiang</title></head>
<body><h1>质强 Zhiqiang</h1>
<p>质量治理平台 API 已启动。The quality-governance platform's API is running.</p>
<ul><li><a href="/api/v1/health">/api/v1/health</a></li>
<li><a href="/api/v1/openapi.json">/api/v1/openapi.json</a></li>
<li><a href="/api/v1/regions/370000/children">/api/v1/regions/370000/children</a></li></ul>
</body></html>
)";

std::string ContentTypeFor(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html")
    return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs")
    return "text/javascript; charset=utf-8";
  if (ext == ".css")
    return "text/css; charset=utf-8";
  if (ext == ".json")
    return "application/json";
  if (ext == ".svg")
    return "image/svg+xml";
  if (ext == ".png")
    return "image/png";
  if (ext == ".ico")
    return "image/x-icon";
  if (ext == ".woff2")
    return "font/woff2";
  return "application/octet-stream";
}

// The console and the portal (web/, Vite) load only their own scripts, styles, fonts and images
// and talk only to this server. Inline style attributes stay allowed: Element Plus and ECharts set
// them at run time (and index.html's loading placeholder has one); inline scripts do not.
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
constexpr char kPermissionsPolicy[] =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

// Whether any header value holds a control character. RFC 9110 §5.5: CR, LF and NUL are invalid in
// a field value; a recipient must reject them (or replace them) rather than pass them on, so that
// nothing downstream can be split.
bool HasControlCharacter(const std::map<std::string, std::string>& headers) {
  return std::any_of(headers.begin(), headers.end(), [](const auto& header) {
    return std::any_of(header.second.begin(), header.second.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return (u < 0x20 && u != '\t') || u == 0x7f;
    });
  });
}

// The headers every answer carries, after dropping any whose name or value holds CR or LF
// (response splitting: never let a value that came from input split a header).
void FinishResponse(const Request& req, Response& res, TlsMode tls) {
  std::erase_if(res.headers, [&](const auto& header) {
    const bool split = header.first.find_first_of("\r\n") != std::string::npos ||
                       header.second.find_first_of("\r\n") != std::string::npos;
    if (split)
      spdlog::error("request {}: dropped a response header with CR or LF", req.request_id);
    return split;
  });
  const bool api = IsApiPath(req.path);
  if (api) {
    std::erase_if(res.headers, [](const auto& header) { return header.first == "Cache-Control"; });
    res.headers.emplace_back("Cache-Control", "no-store");
  }
  res.headers.emplace_back("X-Request-Id", req.request_id);
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  res.headers.emplace_back("Referrer-Policy", "same-origin");
  res.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  res.headers.emplace_back("Permissions-Policy", kPermissionsPolicy);
  res.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  if (tls == TlsMode::kOn)
    res.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
}

bool IsStateChanging(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// A session opened with a one-time password may only change it, see who it is, or sign out; one
// of an administrator without a second factor may also enrol one (and do nothing else).
Status FirstSignInGate(const RequestContext& ctx, std::string_view pattern) {
  const bool always = pattern == "/api/v1/auth/password" || pattern == "/api/v1/auth/me" ||
                      pattern == "/api/v1/auth/logout";
  if (ctx.must_change_password && !always) {
    return Status::PermissionDenied(
        "this account signed in with a one-time password: change it first "
        "(POST /api/v1/auth/password)",
        "password");
  }
  if (ctx.must_enrol_second_factor && !always &&
      !pattern.starts_with("/api/v1/auth/second-factor")) {
    return Status::PermissionDenied(
        "administrators sign in with a second factor: enrol one first "
        "(POST /api/v1/auth/second-factor/enrol)",
        "second_factor");
  }
  return Status::Ok();
}

}  // namespace

struct ApiServer::Impl {
  std::unique_ptr<internal::HttpTransport> transport;
  RateLimiter limiter;
  std::mutex wait_mu;
  std::condition_variable wait_cv;
  bool stopped = false;
};

ApiServer::ApiServer(app::App& app, ServerOptions options)
    : app_(app),
      accounts_(app.Get<auth::AccountService>()),
      options_(std::move(options)),
      impl_(std::make_unique<Impl>()) {
  if (!options_.tls_cert_file.empty())
    options_.secure_cookies = true;  // cookies set over TLS never travel in clear text
  router_.BeginGroup("system");
  AddSystemRoutes(router_, app_.context());
  router_.BeginGroup("events");
  AddEventRoutes(router_, app_.context());
  router_.BeginGroup("workbench");
  AddWorkbenchRoutes(router_, app_);
  for (const app::Module& module : app_.modules()) {
    for (const app::RouteGroup& group : module.routes) {
      router_.BeginGroup(group.name);
      group.add(router_, app_.context(), options_);
    }
  }
  router_.BeginGroup("system");
  // The OpenAPI document describes every route, itself included.
  router_.Add({.route = "GET /api/v1/openapi.json",
               .access = Access::kPublic,
               .summary = "This OpenAPI 3 document",
               .handler = [this](const Request&, RequestContext&) -> Result<Response> {
                 return Response::Json(router_.OpenApi());
               }});
}

ApiServer::~ApiServer() { Stop(); }

Response ApiServer::Handle(Request& req) {
  if (!IsValidUtf8(req.path))
    return HttpError(400, "INVALID_ARGUMENT", "the path is not UTF-8");
  for (const auto& [k, v] : req.query) {
    if (!IsValidUtf8(k) || !IsValidUtf8(v)) {
      return HttpError(400, "INVALID_ARGUMENT", "a query parameter is not UTF-8", k);
    }
  }
  if (!IsApiPath(req.path)) {
    // Static files of the console.
    if (req.method != "GET" && req.method != "HEAD") {
      return HttpError(405, "METHOD_NOT_ALLOWED", "static files are read-only");
    }
    if (req.path.find("..") != std::string::npos || req.path.find('\\') != std::string::npos ||
        req.path.find('\0') != std::string::npos) {
      return HttpError(404, "NOT_FOUND", "no such file");
    }
    if (options_.static_dir.empty()) {
      if (req.path == "/" || req.path == "/index.html") {
        return Response::Bytes(kBuiltInIndex, "text/html; charset=utf-8");
      }
      return HttpError(404, "NOT_FOUND", "no such file");
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(options_.static_dir, ec);
    fs::path file = fs::weakly_canonical(root / req.path.substr(1), ec);
    const bool inside = !ec && file.string().starts_with(root.string());
    if (!inside)
      return HttpError(404, "NOT_FOUND", "no such file");
    if (!fs::is_regular_file(file, ec)) {
      if (fs::path(req.path).has_extension())
        return HttpError(404, "NOT_FOUND", "no such file");
      file = root / "index.html";  // client-side routes of the single-page console
    }
    std::ifstream in(file, std::ios::binary);
    if (!in)
      return HttpError(404, "NOT_FOUND", "no such file");
    std::stringstream data;
    data << in.rdbuf();
    Response r = Response::Bytes(data.str(), ContentTypeFor(file));
    r.headers.emplace_back("Cache-Control", file.filename() == "index.html"
                                                ? "no-cache"
                                                : "public, max-age=31536000, immutable");
    return r;
  }

  // API: who is calling?
  RequestContext ctx;
  ctx.caller.request_id = req.request_id;
  ctx.caller.source = req.remote_addr;
  const std::string authz = req.Header("authorization");
  const std::string cookie = req.Cookie("zq_session");
  if (authz.starts_with("Bearer ")) {
    Result<auth::Caller> c = accounts_.AuthenticateApiKey(authz.substr(7));
    if (!c.ok())
      return ErrorResponse(c.status(), req.request_id);
    ctx.caller = *c;
    ctx.caller.request_id = req.request_id;
    ctx.caller.source = req.remote_addr;
  } else if (!cookie.empty()) {
    Result<auth::Session> s = accounts_.Authenticate(cookie);
    if (s.ok()) {
      ctx.caller = s->caller;
      ctx.caller.request_id = req.request_id;
      ctx.caller.source = req.remote_addr;
      ctx.session_token = cookie;
      ctx.csrf_token = s->csrf_token;
      ctx.must_change_password = s->must_change_password;
      ctx.must_enrol_second_factor = s->must_enrol_second_factor;
    } else if (req.path != "/api/v1/auth/login") {
      return ErrorResponse(s.status(), req.request_id);
    }
  }
  if (!ctx.caller.IsSignedIn()) {
    if (int wait = impl_->limiter.Take("anonymous", req.remote_addr,
                                       options_.anonymous_requests_per_minute)) {
      Response r = HttpError(429, "RESOURCE_EXHAUSTED", "too many requests");
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return r;
    }
  }
  if (req.path == "/api/v1/auth/login" && req.method == "POST") {
    if (int wait =
            impl_->limiter.Take("login", req.remote_addr, options_.login_attempts_per_minute)) {
      Response r = HttpError(429, "RESOURCE_EXHAUSTED", "too many sign-in attempts");
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return r;
    }
  }
  if (!ctx.session_token.empty() && IsStateChanging(req.method) &&
      req.Header("x-csrf-token") != ctx.csrf_token) {
    return HttpError(403, "PERMISSION_DENIED", "missing or wrong X-CSRF-Token header",
                     "x-csrf-token");
  }

  bool path_known = false;
  const Route* route = router_.Match(req.method, req.path, req.path_params, path_known);
  if (route == nullptr) {
    if (path_known)
      return HttpError(405, "METHOD_NOT_ALLOWED", "this path takes another method");
    return HttpError(404, "NOT_FOUND", "no such API route");
  }
  if (Status allowed = CheckAccess(route->access, ctx.caller); !allowed.ok()) {
    return ErrorResponse(allowed, req.request_id);
  }
  if (Status gate = FirstSignInGate(ctx, route->pattern); !gate.ok())
    return ErrorResponse(gate, req.request_id);
  try {
    Result<Response> r = route->handler(req, ctx);
    if (!r.ok())
      return ErrorResponse(r.status(), req.request_id);
    return std::move(r).value();
  } catch (const std::exception& e) {
    spdlog::error("request {}: unhandled exception: {}", req.request_id, e.what());
    return ErrorResponse(Status::Internal("unhandled exception"), req.request_id);
  }
}

Result<int> ApiServer::Start() {
  const TlsMode tls = options_.tls_cert_file.empty() ? TlsMode::kOff : TlsMode::kOn;
  internal::TransportHooks hooks;
  hooks.finish = [tls](const Request& req, Response& res) { FinishResponse(req, res, tls); };
  hooks.serve = [this, tls](Request& req) {
    Response res = HasControlCharacter(req.headers)
                       ? HttpError(400, "INVALID_ARGUMENT",
                                   "a request header holds a control character", "headers")
                       : Handle(req);
    FinishResponse(req, res, tls);
    return res;
  };
  ZQ_ASSIGN_OR_RETURN(impl_->transport, internal::HttpTransport::Start(options_, std::move(hooks)));
  {
    std::lock_guard lock(impl_->wait_mu);
    impl_->stopped = false;
  }
  return impl_->transport->port();
}

void ApiServer::Stop() {
  impl_->transport.reset();  // joins its threads: no handler runs after this
  std::lock_guard lock(impl_->wait_mu);
  impl_->stopped = true;
  impl_->wait_cv.notify_all();
}

void ApiServer::Wait() {
  std::unique_lock lock(impl_->wait_mu);
  impl_->wait_cv.wait(lock, [&] { return impl_->stopped; });
}

namespace {
std::atomic<bool> g_stop_requested{false};

extern "C" void OnStopSignal(int) { g_stop_requested = true; }
}  // namespace

Status ServeForever(app::App& app, const ServerOptions& options,
                    const std::function<void(int port)>& on_ready) {
  ApiServer server(app, options);
  ZQ_ASSIGN_OR_RETURN(int port, server.Start());
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  if (on_ready)
    on_ready(port);
  while (!g_stop_requested) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.Stop();
  return Status::Ok();
}

}  // namespace zq::api

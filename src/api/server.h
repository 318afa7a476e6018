#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "api/body.h"
#include "api/http.h"
#include "api/router.h"
#include "core/result.h"
#include "events/dispatcher.h"

namespace zq::app {
class App;
class Context;
}  // namespace zq::app

namespace zq::auth {
class AccountService;
class AuditLog;
struct Caller;
}  // namespace zq::auth

namespace zq::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                          // 0 picks a free port (tests)
  std::string static_dir;                   // the built console; empty: a small built-in page
  std::size_t max_body_bytes = 1 << 20;     // larger bodies answer 413, chunked ones too
  int login_attempts_per_minute = 10;       // per source address; beyond: 429 with Retry-After
  int anonymous_requests_per_minute = 600;  // per source address, for callers not signed in
  bool secure_cookies = false;              // set when served over TLS (also implied by TLS)
  // TLS (1.2 and later): PEM files; both or neither. With them the server speaks HTTPS only,
  // sets Strict-Transport-Security and marks cookies Secure.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Reverse proxies (addresses or CIDR blocks) whose X-Forwarded-For names the caller: the
  // right-most address in it that is not one of them becomes Request::remote_addr. From any other
  // peer the header is ignored.
  std::vector<std::string> trusted_proxies;
  // Slow clients: the whole request head must arrive within head_timeout (of the connection's
  // start, or of the first byte of a later keep-alive request), the body within body_timeout,
  // the answer be taken within write_timeout; a keep-alive connection idles out after idle_timeout.
  std::chrono::milliseconds head_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds write_timeout{60'000};
  std::chrono::milliseconds idle_timeout{30'000};
  int max_connections = 4096;             // beyond: new connections are closed at once
  int max_connections_per_address = 256;  // the same, per source address
  int worker_threads = 8;                 // run the (blocking) handlers
  // The console's origin ("https://zq.example.gov.cn") when a proxy in front rewrites Host; a
  // sign-in whose Origin header matches neither it nor the Host header answers 403.
  std::string public_origin;
};

// The HTTP server: JSON API under /api/v1 and the console's static files. Its routes are the
// platform's (health, OpenAPI, the event loop's) and the route groups of the app's modules, in
// build order; it takes the services from the app (which must outlive it, and have the auth
// module: sign-in and API keys). Start() binds and serves on background threads; Stop() ends it.
// Not copyable.
class ApiServer {
 public:
  ApiServer(app::App& app, ServerOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds options.host:options.port and starts serving; returns the bound port.
  // kUnavailable when the address cannot be bound.
  Result<int> Start();
  void Stop();
  // Blocks until Stop() is called from another thread or a signal handler.
  void Wait();

  const Router& router() const { return router_; }

  // Handles one request without the network (used by the adapter and by tests of routing).
  Response Handle(Request& request);

 private:
  struct Impl;
  app::App& app_;
  auth::AccountService& accounts_;
  ServerOptions options_;
  Router router_;
  std::unique_ptr<Impl> impl_;
};

// Starts a server and blocks until SIGINT or SIGTERM. `on_ready` gets the bound port.
Status ServeForever(app::App& app, const ServerOptions& options,
                    const std::function<void(int port)>& on_ready);

// GET /api/v1/health (routes/system_routes.cc). The modules' route groups: routes/routes.h.
void AddSystemRoutes(Router& router, app::Context& services);
// The event loop's consumers and dead letters, for administrators (routes/event_routes.cc).
void AddEventRoutes(Router& router, app::Context& services);
// GET /api/v1/workbench: the 工作台 of every module's to-dos and indicators (app/workbench.h;
// routes/workbench_routes.cc).
void AddWorkbenchRoutes(Router& router, app::App& app);

// Writes the audit entry of a dead letter's redelivery (the route's and `zq events retry`'s).
events::RedeliveryHook AuditRedelivery(const auth::AuditLog& audit, const auth::Caller& caller);

}  // namespace zq::api

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "api/http.h"
#include "api/router.h"
#include "auth/account_service.h"
#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "core/clock.h"
#include "credit/credit_lists.h"
#include "credit/credit_service.h"
#include "credit/inspection_events.h"
#include "credit/penalty_publication.h"
#include "credit/repair_service.h"
#include "events/dispatcher.h"
#include "inspection/pass_rate_store.h"
#include "inspection/result_service.h"
#include "inspection/spot_check_service.h"
#include "registry/registry.h"
#include "store/database.h"

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

// The services the routes call, built once per server from the database and the keys.
struct Services {
  Services(store::Database& database, const auth::KeyRing& key_ring, const Clock& clk,
           auth::AuthPolicy policy = {})
      : db(database),
        keys(key_ring),
        clock(clk),
        audit(keys.audit_chain(), clock),
        accounts(db, audit, keys.personal_data(), clock, std::move(policy)),
        registry(db, audit, keys.personal_data(), clock),
        spot_checks(db, registry, audit, keys.personal_data(), clock, &credit),
        results(db, registry, audit, keys.personal_data(), clock, {}, &pass_rates),
        credit(db, registry, audit, clock),
        credit_lists(db, registry, credit, clock),
        penalty_publications(credit_lists),
        repairs(db, credit, audit, clock, {}, &credit_lists, &penalty_publications),
        events(db, {credit::InspectionEventConsumer(credit)}, {}, clock) {}

  store::Database& db;
  const auth::KeyRing& keys;
  const Clock& clock;
  auth::AuditLog audit;
  auth::AccountService accounts;
  registry::Registry registry;
  inspection::SpotCheckService spot_checks;
  inspection::PassRateStore pass_rates;  // loaded on first use, then kept current by `results`
  inspection::ResultService results;
  credit::CreditService credit;                      // loads its rule sets on first use
  credit::CreditLists credit_lists;                  // 严重违法失信名单, 经营异常名录
  credit::PenaltyPublications penalty_publications;  // 行政处罚信息公示
  credit::RepairService repairs;  // 异议 and 信用修复 (after `credit`, which it uses)
  // Domain events to their consumers (`zq serve` runs its thread); last, so it stops first.
  events::EventDispatcher events;
};

// The HTTP server: JSON API under /api/v1 and the console's static files. Start() binds and
// serves on background threads; Stop() ends it. Not copyable.
class ApiServer {
 public:
  ApiServer(Services& services, ServerOptions options);
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
  Services& services_;
  ServerOptions options_;
  Router router_;
  std::unique_ptr<Impl> impl_;
};

// Starts a server and blocks until SIGINT or SIGTERM. `on_ready` gets the bound port.
Status ServeForever(Services& services, const ServerOptions& options,
                    const std::function<void(int port)>& on_ready);

// Route groups (api/routes/*.cc).
void AddSystemRoutes(Router& router, Services& services);
void AddAuthRoutes(Router& router, Services& services, const ServerOptions& options);
void AddRegistryRoutes(Router& router, Services& services);
void AddInspectionRoutes(Router& router, Services& services);
void AddInspectionResultRoutes(Router& router, Services& services);  // results, follow-up, 一公开
void AddPassRateRoutes(Router& router, Services& services);          // 合格率 statistics
void AddApiKeyRoutes(Router& router, Services& services);
void AddDashboardRoutes(Router& router, Services& services);
void AddCreditRoutes(Router& router, Services& services);  // 质量信用: query, events, file, feed
void AddCreditDistributionRoutes(Router& router, Services& services);  // 信用风险分类分布
void AddCreditListRoutes(Router& router, Services& services);          // lists, penalty publication
void AddCreditRepairRoutes(Router& router, Services& services);  // 异议, 信用修复, 优质优价
void AddEventRoutes(Router& router, Services& services);  // consumers and dead letters (admin)

// Writes the audit entry of a dead letter's redelivery (the route's and `zq events retry`'s).
events::RedeliveryHook AuditRedelivery(const auth::AuditLog& audit, const auth::Caller& caller);

// Parses a JSON request body: kInvalidArgument (field "body") when it is not JSON, is nested
// deeper than 32 levels, or is not an object.
Result<nlohmann::json> ParseJsonBody(const Request& request);

// Reads a whole-number query parameter; kInvalidArgument (field `name`) when malformed.
Status ReadInt(const Request& request, const char* name, int fallback, int& out);

// Reads page/page_size query parameters (defaults 1 and 20).
Status ReadPage(const Request& request, int& page, int& page_size);

}  // namespace zq::api

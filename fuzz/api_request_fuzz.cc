// libFuzzer target: any request (method, path, query, body) handled by the API against an
// in-memory database answers with a status and a body, never a crash. Input format: the first
// byte picks the method (bits 0-1) and the route family (bits 2-4), the rest splits at the first
// '\n' into the path with its query and the body.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/server.h"
#include "app/app.h"
#include "app/registered_modules.h"
#include "registry/registry.h"

namespace {

struct World {
  std::unique_ptr<zq::store::Database> db;
  std::unique_ptr<zq::auth::KeyRing> keys;
  zq::FakeClock clock{std::chrono::system_clock::time_point{}};
  std::unique_ptr<zq::app::App> app;
  std::unique_ptr<zq::api::ApiServer> server;
};

World& TheWorld() {
  static World* w = [] {
    auto* world = new World();
    world->db = std::move(zq::store::Database::Open(":memory:")).value();
    ZQ_CHECK(world->db->Migrate().ok());
    world->keys = std::make_unique<zq::auth::KeyRing>(
        *zq::auth::KeyRing::FromMasterKey(std::string(32, 'f')));
    world->app = std::move(zq::app::App::Build(zq::app::RegisteredModules(), *world->db,
                                               *world->keys, world->clock))
                     .value();
    ZQ_CHECK(world->app->Start().ok());
    zq::api::ServerOptions options;
    options.anonymous_requests_per_minute = 1 << 30;
    options.login_attempts_per_minute = 1 << 30;
    world->server = std::make_unique<zq::api::ApiServer>(*world->app, options);
    return world;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE"};
  static const char* kPrefixes[] = {"/api/v1/entities",         "/api/v1/regions/",
                                    "/api/v1/auth/login",       "/api/v1/validate/",
                                    "/api/v1/admin/users",      "/",
                                    "/api/v1/public/trace?id=", "/api/v1/public/"};
  zq::api::Request req;
  req.method = kMethods[data[0] % 4];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t nl = rest.find('\n');
  std::string target = std::string(kPrefixes[(data[0] >> 2) % 8]) + rest.substr(0, nl);
  req.body = nl == std::string::npos ? "" : rest.substr(nl + 1);
  const std::size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) {
    const std::string query = target.substr(q + 1);
    std::size_t pos = 0;
    while (pos <= query.size()) {
      const std::size_t amp = std::min(query.find('&', pos), query.size());
      const std::string item = query.substr(pos, amp - pos);
      const std::size_t eq = item.find('=');
      req.query.emplace(item.substr(0, eq), eq == std::string::npos ? "" : item.substr(eq + 1));
      pos = amp + 1;
    }
  }
  req.remote_addr = "127.0.0.1";
  req.request_id = "fuzz";
  const zq::api::Response res = TheWorld().server->Handle(req);
  ZQ_CHECK(res.status >= 200 && res.status < 600);
  ZQ_CHECK(res.status != 500);  // nothing a client sends may be an internal error
  return 0;
}

// API keys of department clients (banks, tax, procurement): administrators create, list and
// revoke them. A key is shown once, at creation; only its SM3 hash is stored.
#include <nlohmann/json.hpp>

#include "api/handlers.h"
#include "api/routes/routes.h"
#include "core/ids/region_code.h"

namespace zq::api {
namespace {

nlohmann::json ApiKeyJson(const auth::ApiKeyInfo& k) {
  return {{"name", k.name},
          {"permissions", k.permissions},
          {"region_code", k.region_code},
          {"created_at", k.created_at},
          {"last_used_at", k.last_used_at},
          {"revoked_at", k.revoked_at},
          {"active", k.revoked_at.empty()}};
}

struct NewApiKey {
  std::string name;
  std::vector<std::string> permissions;
  std::string region_code;
};

const Body<NewApiKey> kNewApiKeyBody =
    Body<NewApiKey>()
        .Member("name", &NewApiKey::name, Presence::kRequired,
                {.description = "the client, e.g. provincial-bank: 1 to 100 bytes, unique"})
        .Member("permissions", &NewApiKey::permissions, Presence::kRequired,
                {.description = "what the key may do, e.g. credit.query"})
        .Member("region_code", &NewApiKey::region_code, Presence::kOptional,
                {.description = "GB/T 2260 code: the key reads only that region's subtree; "
                                "empty: no bound (checked by RegionParam)"});

}  // namespace

void AddApiKeyRoutes(Router& router, app::Context& services) {
  auth::AccountService& accounts = services.Get<auth::AccountService>();
  router.Add({.route = "GET /api/v1/admin/api-keys",
              .access = Access::kAdmin,
              .summary = "Department clients' API keys, active and revoked, with their last use",
              .handler = OnItems(std::bind_front(&auth::AccountService::ListApiKeys, &accounts),
                                 ApiKeyJson)});
  router.Add(
      {.route = "POST /api/v1/admin/api-keys",
       .access = Access::kAdmin,
       .summary = "Create an API key for a department client; the key is in this response only",
       .request_schema = kNewApiKeyBody.Schema(),
       .errors = {409},
       .handler = [&accounts](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(NewApiKey k, kNewApiKeyBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const auto bound, RegionParam(k.region_code, "region_code"));
         ZQ_ASSIGN_OR_RETURN(std::string key,
                             accounts.CreateApiKey(ctx.caller, k.name, k.permissions, bound));
         return Response::Json({{"name", k.name}, {"key", key}});
       }});
  router.Add({.route = "POST /api/v1/admin/api-keys/{name}/revoke",
              .access = Access::kAdmin,
              .summary = "Revoke an API key at once",
              .handler = [&accounts](const Request& req, RequestContext& ctx) -> Result<Response> {
                const std::string& name = req.path_params.at("name");
                ZQ_RETURN_IF_ERROR(accounts.RevokeApiKey(ctx.caller, name));
                return Response::Json({{"name", name}, {"revoked", true}});
              }});
}

}  // namespace zq::api

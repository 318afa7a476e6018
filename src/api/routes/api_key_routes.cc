// API keys of department clients (banks, tax, procurement): administrators create, list and
// revoke them. A key is shown once, at creation; only its SM3 hash is stored.
#include <nlohmann/json.hpp>

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

}  // namespace

void AddApiKeyRoutes(Router& router, app::Context& services) {
  auth::AccountService& accounts = services.Get<auth::AccountService>();
  router.Add({.method = "GET",
              .pattern = "/api/v1/admin/api-keys",
              .access = Access::kAdmin,
              .summary = "Department clients' API keys, active and revoked, with their last use",
              .tag = "admin",
              .errors = {401, 403},
              .handler = [&accounts](const Request&, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto keys, accounts.ListApiKeys(ctx.caller));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& k : keys) items.push_back(ApiKeyJson(k));
                return Response::Json({{"items", items}});
              }});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/admin/api-keys",
       .access = Access::kAdmin,
       .summary = "Create an API key for a department client; the key is in this response only",
       .tag = "admin",
       .request_schema =
           R"({"type":"object","required":["name","permissions"],"properties":{"name":{"type":"string"},"permissions":{"type":"array","items":{"type":"string"}},"region_code":{"type":"string"}}})",
       .errors = {400, 401, 403, 409},
       .handler = [&accounts](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
         if (!body.contains("name") || !body["name"].is_string())
           return Status::InvalidArgument("name is required", "name");
         if (!body.contains("permissions") || !body["permissions"].is_array())
           return Status::InvalidArgument("permissions is a list of names", "permissions");
         std::vector<std::string> permissions;
         for (const nlohmann::json& p : body["permissions"]) {
           if (!p.is_string())
             return Status::InvalidArgument("permissions is a list of names", "permissions");
           permissions.push_back(p.get<std::string>());
         }
         std::string region;
         if (body.contains("region_code")) {
           if (!body["region_code"].is_string())
             return Status::InvalidArgument("region_code must be a string", "region_code");
           region = body["region_code"].get<std::string>();
           if (!region.empty()) {
             Result<ids::RegionCode> rc = ids::ParseRegionCode(region);
             if (!rc.ok())
               return Status::InvalidArgument(rc.status().message(), "region_code");
           }
         }
         const std::string name = body["name"].get<std::string>();
         ZQ_ASSIGN_OR_RETURN(const auto bound, RegionParam(region, "region_code"));
         ZQ_ASSIGN_OR_RETURN(std::string key,
                             accounts.CreateApiKey(ctx.caller, name, permissions, bound));
         return Response::Json({{"name", name}, {"key", key}});
       }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/admin/api-keys/{name}/revoke",
              .access = Access::kAdmin,
              .summary = "Revoke an API key at once",
              .tag = "admin",
              .params = {{.name = "name", .in = ParamIn::kPath}},
              .errors = {401, 403, 404},
              .handler = [&accounts](const Request& req, RequestContext& ctx) -> Result<Response> {
                const std::string& name = req.path_params.at("name");
                ZQ_RETURN_IF_ERROR(accounts.RevokeApiKey(ctx.caller, name));
                return Response::Json({{"name", name}, {"revoked", true}});
              }});
}

}  // namespace zq::api

// The auth module's manifest: accounts, sessions, second factors and API keys
// (auth::AccountService). The audit log and the key ring are the app's shared parts
// (app/context.h). Tests put an auth::AuthPolicy in the context to make password hashing cheap.
#include "api/routes/routes.h"
#include "app/context.h"
#include "app/manifests.h"
#include "auth/account_service.h"
#include "cli/commands/module_commands.h"

namespace zq::auth {

app::Module Manifest() {
  app::Module m;
  m.name = "auth";
  m.build = [](app::Context& ctx) {
    const AuthPolicy* policy = ctx.Find<AuthPolicy>();
    ctx.Emplace<AccountService>(ctx.db(), ctx.audit(), ctx.keys().personal_data(), ctx.clock(),
                                policy != nullptr ? *policy : AuthPolicy{});
    return Status::Ok();
  };
  m.routes = {
      {"auth", [](api::Router& router, app::Context& ctx,
                  const api::ServerOptions& options) { api::AddAuthRoutes(router, ctx, options); }},
      app::Routes("auth.api_keys", api::AddApiKeyRoutes)};
  m.commands = {{"apikey", cli::RegisterApiKeyCommands}};
  return m;
}

}  // namespace zq::auth

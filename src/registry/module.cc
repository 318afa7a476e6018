// The registry module's manifest: regions, industries, market entities, products, catalogues and
// inspectors (registry::Registry), its reference data loaded at start, and the demo province.
#include "api/routes/routes.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/module_commands.h"
#include "demo/steps.h"
#include "registry/registry.h"

namespace zq::registry {

app::Module Manifest() {
  app::Module m;
  m.name = "registry";
  m.build = [](app::Context& ctx) {
    ctx.Emplace<Registry>(ctx.db(), ctx.audit(), ctx.keys().personal_data(), ctx.clock());
    return Status::Ok();
  };
  m.start = [](app::Context& ctx) { return ctx.Get<Registry>().LoadReferenceData(); };
  m.routes = {app::Routes("registry", api::AddRegistryRoutes),
              app::Routes("registry.dashboard", api::AddDashboardRoutes)};
  m.commands = {{"registry", cli::RegisterRegistryCommands},
                {"import/export", cli::RegisterImportExportCommands}};
  m.demo = {{"market entities", app::DemoStage::kRecords, demo::ProvinceStep}};
  return m;
}

}  // namespace zq::registry

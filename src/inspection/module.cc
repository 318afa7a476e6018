// The inspection module's manifest (监督抽查): plans and random draws (SpotCheckService), results,
// objections, follow-up and publication (ResultService), pass-rate statistics (PassRateStore).
// Publishes the verdicts and escalations the credit module turns into credit events (payloads:
// README.md).
#include "api/routes/routes.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/module_commands.h"
#include "credit/credit_service.h"
#include "demo/steps.h"
#include "inspection/inspection_workbench.h"
#include "inspection/pass_rate_store.h"
#include "inspection/result_service.h"
#include "inspection/spot_check_service.h"
#include "registry/registry.h"

namespace zq::inspection {

app::Module Manifest() {
  app::Module m;
  m.name = "inspection";
  m.depends_on = {"registry", "credit"};  // the draw frame's credit-risk classes
  m.build = [](app::Context& ctx) {
    registry::Registry& registry = ctx.Get<registry::Registry>();
    PassRateStore& pass_rates = ctx.Emplace<PassRateStore>();
    ctx.Emplace<SpotCheckService>(ctx.db(), registry, ctx.audit(), ctx.keys().personal_data(),
                                  ctx.clock(), &ctx.Get<credit::CreditService>());
    ctx.Emplace<ResultService>(ctx.db(), registry, ctx.audit(), ctx.keys().personal_data(),
                               ctx.clock(), ResultRules{}, &pass_rates);
    return Status::Ok();
  };
  m.publishes = {"inspection.batch_failed", "inspection.batch_passed", "inspection.escalated"};
  m.routes = {app::Routes("inspection", api::AddInspectionRoutes),
              app::Routes("inspection.results", api::AddInspectionResultRoutes),
              app::Routes("inspection.pass_rates", api::AddPassRateRoutes)};
  m.commands = {{"inspection", cli::RegisterInspectionCommands}};
  m.demo = {{"spot-check plans and draws", app::DemoStage::kRecords, demo::SpotChecksStep},
            {"a year of spot-check results", app::DemoStage::kRecords, demo::SpotCheckResultsStep}};
  m.todos = InspectionTodos();
  m.kpis = InspectionKpis();
  return m;
}

}  // namespace zq::inspection

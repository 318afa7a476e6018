// The credit module's manifest (质量信用): credit events and grades (credit::CreditService), the
// serious-dishonesty and abnormal-operations lists (CreditLists), penalty publication
// (PenaltyPublications), objections and credit repair (RepairService).
#include "api/routes/routes.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/module_commands.h"
#include "credit/complaint_events.h"
#include "credit/credit_lists.h"
#include "credit/credit_service.h"
#include "credit/credit_workbench.h"
#include "credit/inspection_events.h"
#include "credit/penalty_publication.h"
#include "credit/repair_service.h"
#include "demo/steps.h"
#include "registry/registry.h"

namespace zq::credit {
app::Module Manifest() {
  app::Module m;
  m.name = "credit";
  m.depends_on = {"registry"};
  m.build = [](app::Context& ctx) {
    registry::Registry& registry = ctx.Get<registry::Registry>();
    CreditService& credit =
        ctx.Emplace<CreditService>(ctx.db(), registry, ctx.audit(), ctx.clock());
    CreditLists& lists = ctx.Emplace<CreditLists>(ctx.db(), registry, credit, ctx.clock());
    PenaltyPublications& publications =
        ctx.Emplace<PenaltyPublications>(ctx.db(), registry, credit, lists, ctx.clock());
    ctx.Emplace<RepairService>(ctx.db(), credit, ctx.audit(), ctx.clock(), RepairRules{}, &lists,
                               &publications);
    return Status::Ok();
  };
  // Spot-check verdicts and escalations, upheld complaints become credit events.
  m.consumers = [](app::Context& c) {
    return std::vector<store::DomainEventConsumer>{InspectionEventConsumer(c.Get<CreditService>()),
                                                   ComplaintEventConsumer(c.Get<CreditService>())};
  };
  m.routes = {app::Routes("credit", api::AddCreditRoutes),
              app::Routes("credit.distribution", api::AddCreditDistributionRoutes),
              app::Routes("credit.lists", api::AddCreditListRoutes),
              app::Routes("credit.repair", api::AddCreditRepairRoutes)};
  m.commands = {{"credit", cli::RegisterCreditCommands}};
  m.demo = {{"credit events", app::DemoStage::kRecords, demo::CreditEventsStep},
            {"credit lists", app::DemoStage::kRecords, demo::CreditListsStep},
            {"objections and repairs", app::DemoStage::kAfterEvents, demo::RepairCasesStep}};
  m.todos = CreditTodos();
  m.kpi_groups = {CreditKpis()};
  return m;
}

}  // namespace zq::credit

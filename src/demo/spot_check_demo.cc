#include "demo/spot_check_demo.h"

#include <fmt/format.h>

#include "auth/caller.h"
#include "demo/authority_names.h"

namespace zq::demo {

Result<SpotCheckDemoSummary> GenerateSpotChecks(inspection::SpotCheckService& checks,
                                                registry::Registry& registry,
                                                std::string_view province_code, int year) {
  const auth::Caller system = auth::Caller::System();
  const std::string province(province_code);
  const std::string capital = province.substr(0, 2) + "0100";
  const std::string district = province.substr(0, 2) + "0102";  // the capital's first district

  struct PlanSpec {
    std::string code;
    std::string name;
    std::string region;
    std::vector<std::string> categories;
    std::uint32_t class_b_basis_points;
    bool every_class = false;  // a small district frame: every risk class drawn, so it has tasks
  };

  const std::vector<PlanSpec> specs = {
      {fmt::format("DEMO-{}-{}-CABLE", province.substr(0, 2), year),
       fmt::format("{}年电线电缆产品质量省级监督抽查", year),
       province,
       {"CP-01"},
       400},
      {fmt::format("DEMO-{}-{}-TOYS", province.substr(0, 2), year),
       fmt::format("{}年儿童玩具及童车产品质量省级监督抽查", year),
       province,
       {"CP-04", "CP-05"},
       800},
      {fmt::format("DEMO-{}-{}-HOME", capital.substr(0, 4), year),
       fmt::format("{}年家用电器产品质量市级监督抽查", year),
       capital,
       {"CP-15", "CP-16", "CP-17"},
       1000},
      // A district's own check (县级抽查): its tasks go to the district's inspectors, so that the
      // demo's district regulator (lixia) is always one of them (我的任务), whatever the seed.
      {fmt::format("DEMO-{}-{}-DISTRICT", district, year),
       fmt::format("{}年消费品质量区级监督抽查", year),
       district,
       {},
       1000,
       true},
  };
  SpotCheckDemoSummary summary;
  for (const PlanSpec& spec : specs) {
    inspection::SpotCheckPlan plan;
    plan.plan_code = spec.code;
    plan.name = spec.name;
    plan.authority = AuthorityName(registry, spec.region);
    plan.region_code = spec.region;
    plan.period_start = fmt::format("{}-03-01", year);
    plan.period_end = fmt::format("{}-11-30", year);
    plan.parameters.product_categories = spec.categories;
    plan.parameters.quotas[static_cast<int>(inspection::RiskClass::kB)] =
        inspection::ClassQuota::Rate(spec.class_b_basis_points);
    if (spec.every_class) {
      for (inspection::ClassQuota& quota : plan.parameters.quotas)
        quota = inspection::ClassQuota::Rate(spec.class_b_basis_points);
    }
    plan.parameters.max_tasks_per_inspector = 5;
    Result<inspection::SpotCheckPlan> created = checks.CreatePlan(system, plan);
    if (created.status().code() == StatusCode::kAlreadyExists)
      continue;
    ZQ_RETURN_IF_ERROR(created.status());
    ++summary.plans;
    ZQ_ASSIGN_OR_RETURN(inspection::DrawSummary committed, checks.CommitDraw(system, created->id));
    ZQ_ASSIGN_OR_RETURN(inspection::DrawSummary drawn, checks.RunDraw(system, committed.id));
    ++summary.draws;
    summary.tasks += drawn.tasks;
  }
  return summary;
}

}  // namespace zq::demo

#include "demo/steps.h"

#include <chrono>
#include <ostream>

#include <fmt/format.h>

#include "demo/complaint_demo.h"
#include "demo/credit_demo.h"
#include "demo/credit_lists_demo.h"
#include "demo/credit_repair_demo.h"
#include "demo/evaluation_demo.h"
#include "demo/province_generator.h"
#include "demo/report_demo.h"
#include "demo/spot_check_demo.h"
#include "demo/spot_check_results_demo.h"
#include "demo/trace_demo.h"
#include "inspection/pass_rate_store.h"
#include "stats/quality_report.h"

namespace zq::demo {

using app::DemoNext;

namespace {

// Wall seconds since `start`, for a step's summary line.
double StepSecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<DemoNext> ProvinceStep(app::Context& ctx, const app::DemoRun& run) {
  DemoOptions options;
  options.province_code = run.province_code;
  ZQ_ASSIGN_OR_RETURN(options.scale, ParseDemoScale(run.scale));
  options.seed = run.seed;
  options.progress = run.progress;
  const auto start = std::chrono::steady_clock::now();
  Result<DemoSummary> s = GenerateProvince(ctx.db(), ctx.Get<registry::Registry>(), options);
  if (run.progress_done)
    run.progress_done();
  ZQ_RETURN_IF_ERROR(s.status());
  std::ostream& out = *run.out;
  if (s->reused) {
    out << "zq demo: " << run.database << " already holds this demo (" << s->entities
        << " market entities)\n";
    return DemoNext::kStop;
  }
  const double seconds = StepSecondsSince(start);
  out << "zq demo: generated " << s->entities << " market entities (" << s->enterprises
      << " enterprises, " << s->individual_businesses << " individual businesses, "
      << s->cooperatives << " cooperatives), " << s->products << " products, "
      << s->catalogue_entries << " catalogue entries, " << s->inspectors << " inspectors in "
      << seconds << " s\n";
  return DemoNext::kContinue;
}

Result<DemoNext> CreditEventsStep(app::Context& ctx, const app::DemoRun& run) {
  ZQ_ASSIGN_OR_RETURN(
      const CreditDemoSummary s,
      GenerateCreditEvents(ctx.Get<credit::CreditService>(), ctx.Get<registry::Registry>(),
                           run.province_code, ctx.clock().TodayInChina(), run.seed));
  *run.out << "zq demo: " << s.events << " credit events (质量信用), " << s.graded
           << " firms graded\n";
  return DemoNext::kContinue;
}

Result<DemoNext> CreditListsStep(app::Context& ctx, const app::DemoRun& run) {
  ZQ_ASSIGN_OR_RETURN(
      const CreditListsDemoSummary s,
      GenerateCreditLists(ctx.db(), ctx.Get<registry::Registry>(), ctx.Get<credit::CreditService>(),
                          ctx.Get<credit::CreditLists>(), run.province_code,
                          ctx.clock().TodayInChina()));
  *run.out << "zq demo: serious list (严重违法失信名单) " << s.serious_listed << " listed, "
           << s.serious_pending << " awaiting approval, " << s.serious_rejected
           << " rejected; abnormal list (经营异常名录) " << s.abnormal_listed << " listed, "
           << s.abnormal_removed << " removed, " << s.escalated << " escalated; " << s.publications
           << " penalty decisions for publication, " << s.published << " published, " << s.retracted
           << " retracted\n";
  return DemoNext::kContinue;
}

Result<DemoNext> RepairCasesStep(app::Context& ctx, const app::DemoRun& run) {
  ZQ_ASSIGN_OR_RETURN(
      const RepairDemoSummary s,
      GenerateRepairCases(ctx.Get<credit::RepairService>(), ctx.Get<credit::CreditService>(),
                          ctx.Get<registry::Registry>(), run.province_code));
  *run.out << "zq demo: " << s.objections << " credit objections (异议: " << s.upheld << " upheld, "
           << s.rejected << " rejected), " << s.repairs
           << " credit repairs (信用修复: " << s.approved << " approved)\n";
  return DemoNext::kContinue;
}

Result<DemoNext> SpotChecksStep(app::Context& ctx, const app::DemoRun& run) {
  const int year = static_cast<int>(ctx.clock().TodayInChina().year());
  ZQ_ASSIGN_OR_RETURN(const SpotCheckDemoSummary s,
                      GenerateSpotChecks(ctx.Get<inspection::SpotCheckService>(),
                                         ctx.Get<registry::Registry>(), run.province_code, year));
  *run.out << "zq demo: " << s.plans << " spot-check plans, " << s.draws
           << " published draws (双随机) with " << s.tasks << " tasks\n";
  return DemoNext::kContinue;
}

Result<DemoNext> SpotCheckResultsStep(app::Context& ctx, const app::DemoRun& run) {
  ZQ_ASSIGN_OR_RETURN(const ResultsDemoSummary s,
                      GenerateSpotCheckResults(ctx.db(), ctx.Get<registry::Registry>(), ctx.audit(),
                                               ctx.keys().personal_data(), run.province_code,
                                               ctx.clock().TodayInChina(), run.seed));
  *run.out << "zq demo: a year of spot-check results: " << s.plans << " plans, " << s.batches
           << " batches sampled, " << s.failed << " failed (final), " << s.appeals
           << " objections/re-tests, " << s.published << " published\n";
  return DemoNext::kContinue;
}

Result<DemoNext> TraceChainsStep(app::Context& ctx, const app::DemoRun& run) {
  const auto start = std::chrono::steady_clock::now();
  ZQ_ASSIGN_OR_RETURN(
      const TraceDemoSummary s,
      GenerateTraceChains(ctx.Get<registry::Registry>(), ctx.Get<trace::MasterData>(),
                          ctx.Get<trace::CaptureService>(),
                          {.province_code = run.province_code,
                           .chains = TraceDemoChains(run.scale),
                           .seed = run.seed,
                           .today = ctx.clock().TodayInChina()}));
  const double seconds = StepSecondsSince(start);
  *run.out << "zq demo: " << s.chains << " supply chains (追溯) with " << s.events
           << " EPCIS events at " << s.locations << " firms' locations, " << s.recalled
           << " returns, in " << seconds << " s\n";
  return DemoNext::kContinue;
}

Result<DemoNext> ComplaintCasesStep(app::Context& ctx, const app::DemoRun& run) {
  const auto start = std::chrono::steady_clock::now();
  ZQ_ASSIGN_OR_RETURN(const ComplaintDemoSummary s,
                      GenerateComplaintCases(ctx.db(), ctx.Get<registry::Registry>(), ctx.audit(),
                                             ctx.keys().personal_data(),
                                             {.province_code = run.province_code,
                                              .per_week = ComplaintDemoPerWeek(run.scale),
                                              .seed = run.seed,
                                              .today = ctx.clock().TodayInChina()}));
  const double seconds = StepSecondsSince(start);
  std::string states;
  for (const auto& [state, n] : s.by_state)
    states += fmt::format("{}{} {}", states.empty() ? "" : ", ", n, state);
  *run.out << fmt::format(
      "zq demo: {} complaint and report cases (投诉举报) from {} submissions: {}; {} overdue, {} "
      "found 查证属实 (to credit), {} rated; {} cases this week against kettle sellers of {} "
      "(投诉预警), in {:.1f} s\n",
      s.cases, s.submissions, states, s.overdue, s.upheld, s.rated, s.rising, s.rising_region,
      seconds);
  return DemoNext::kContinue;
}

Result<DemoNext> ReportFormsStep(app::Context& ctx, const app::DemoRun& run) {
  const auto start = std::chrono::steady_clock::now();
  const int firms = run.scale == "province" ? 1500 : run.scale == "city" ? 400 : 120;
  ZQ_ASSIGN_OR_RETURN(const ReportDemoSummary s,
                      GenerateReportFilings(ctx, {.province_code = run.province_code,
                                                  .firms = firms,
                                                  .seed = run.seed,
                                                  .today = ctx.clock().TodayInChina()}));
  const std::string rate = s.rate
                               ? fmt::format("{:.2f} % [{:.2f}, {:.2f}]", 100 * *s.rate,
                                             100 * s.lower.value_or(0), 100 * s.upper.value_or(0))
                               : std::string("none");
  *run.out << fmt::format(
      "zq demo: 企业质量统计表 {} asked of {} manufacturers: {} filed ({} late, {} corrected), {} "
      "never; 质量损失率 of the province {}; {} asked for {}, in {:.1f} s\n",
      s.year, s.asked, s.filed, s.late, s.corrected, s.overdue, rate, s.asked, s.year + 1,
      StepSecondsSince(start));
  return DemoNext::kContinue;
}

Result<DemoNext> EvaluationStep(app::Context& ctx, const app::DemoRun& run) {
  const auto start = std::chrono::steady_clock::now();
  ZQ_ASSIGN_OR_RETURN(const EvaluationDemoSummary s,
                      GenerateEvaluationCycle(ctx, {.province_code = run.province_code,
                                                    .seed = run.seed,
                                                    .today = ctx.clock().TodayInChina()}));
  *run.out << fmt::format(
      "zq demo: 质量工作考核 {}–{} of {} cities: {} self-assessed, {} verified ({} vetoed), in "
      "{:.1f} s\n",
      s.year, s.year + 1, s.cities, s.self_assessed, s.verified, s.vetoed, StepSecondsSince(start));
  return DemoNext::kContinue;
}

Result<DemoNext> QualityReportStep(app::Context& ctx, const app::DemoRun& run) {
  const auto start = std::chrono::steady_clock::now();
  auto& cube = ctx.Get<inspection::PassRateStore>();
  ZQ_RETURN_IF_ERROR(cube.Load(ctx.db()));  // the verdicts the demo has just recorded
  const stats::PassRateQuery query = [&cube](const inspection::CubeQuery& q) {
    return cube.Query(q);
  };
  ZQ_ASSIGN_OR_RETURN(const ids::RegionCode province, ids::ParseRegionCode(run.province_code));
  const int year = static_cast<int>(ctx.clock().TodayInChina().year());
  ZQ_ASSIGN_OR_RETURN(
      const stats::QualityReportEdition report,
      ctx.Get<stats::QualityReports>().Generate(query, auth::Caller::System(), province, year));
  const nlohmann::json& s = report.snapshot;
  const nlohmann::json& rate = s["region"]["pass_rate"];
  const std::string headline =
      rate.is_object()
          ? fmt::format("{:.2f} % [{:.2f}, {:.2f}]", 100 * rate["rate"].get<double>(),
                        100 * rate["lower"].get<double>(), 100 * rate["upper"].get<double>())
          : std::string("none");
  *run.out << fmt::format(
      "zq demo: 质量状况分析报告 {} of {} (edition {}): spot-check pass rate {}; {} product "
      "categories ({} improved, {} worse), {} regions, {} sources, in {:.1f} s\n",
      year, s["region"]["name"].get<std::string>(), report.edition, headline,
      s["product_categories"].size(), s["improved"].size(), s["worsened"].size(),
      s["regions"].size(), s["sources"].size(), StepSecondsSince(start));
  return DemoNext::kContinue;
}

}  // namespace zq::demo

// 统计报表演示 (report_demo.h).
#include "demo/report_demo.h"

#include <cmath>
#include <numbers>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "demo/random.h"
#include "registry/registry.h"
#include "stats/report_store.h"

namespace zq::demo {
namespace {

// A standard normal draw (Box–Muller).
double Normal(SplitMix64& rng) {
  const double u = 1.0 - rng.Unit();  // (0, 1]
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * rng.Unit());
}

// A firm's figures: the output value log-normal about 3,000 万元; failure costs about 1.2 % of
// it (log-normal), 60 % internal, spread over the form's items; rounded to 0.1 万元.
nlohmann::json Figures(SplitMix64& rng) {
  const auto round = [](double x) { return std::round(x * 10) / 10; };
  const double output = round(std::exp(std::log(3000.0) + 1.1 * Normal(rng))) + 50;
  const double failure = output * 0.012 * std::exp(0.6 * Normal(rng));
  const double internal = failure * (0.45 + 0.3 * rng.Unit());
  const double external = failure - internal;
  return {{"output_value", output},
          {"scrap_loss", round(internal * 0.5)},
          {"rework_cost", round(internal * 0.3)},
          {"stoppage_loss", round(internal * 0.2)},
          {"claims", round(external * 0.3)},
          {"returns_loss", round(external * 0.5)},
          {"warranty_cost", round(external * 0.2)}};
}

}  // namespace

Result<ReportDemoSummary> GenerateReportFilings(app::Context& ctx, const ReportDemoOptions& o) {
  const auth::Caller system = auth::Caller::System();
  auto& registry = ctx.Get<registry::Registry>();
  ZQ_ASSIGN_OR_RETURN(const auto makers, registry.ManufacturersIn(system, o.province_code, {}));
  SplitMix64 rng(o.seed ^ 0x5EA7'0F0E'2025'0331ULL);
  // A sample of `firms` manufacturers, spread over the province (every k-th from a random start).
  std::vector<std::string> usccs;
  const std::size_t n = std::min<std::size_t>(makers.size(), static_cast<std::size_t>(o.firms));
  if (n == 0)
    return ReportDemoSummary{};
  const std::size_t step = makers.size() / n;
  const std::size_t start = rng.Below(step);
  for (std::size_t i = 0; i < n; ++i) usccs.push_back(makers[start + i * step].uscc);

  ReportDemoSummary s;
  s.year = static_cast<int>(o.today.year()) - 1;
  s.asked = static_cast<int>(usccs.size());
  const std::string last_year = std::to_string(s.year);
  const std::string this_year = std::to_string(s.year + 1);
  // Filed on the day a firm would have: the store's clock, moved per filing.
  const auto first_day = std::chrono::sys_days{std::chrono::year{s.year + 1} / 1 / 5};
  FakeClock clock(first_day);
  stats::ReportStore reports(ctx.db(), ctx.audit(), clock, registry,
                             ctx.Get<stats::IndicatorStore>());
  ZQ_RETURN_IF_ERROR(reports.Enrol(system, "enterprise_quality", last_year, usccs).status());
  ZQ_RETURN_IF_ERROR(reports.Enrol(system, "enterprise_quality", this_year, usccs).status());
  for (const std::string& uscc : usccs) {
    const double fate = rng.Unit();
    if (fate < 0.06) {
      ++s.overdue;  // never filed
      continue;
    }
    // On time: 5 January to 31 March (85 days); late: in April.
    const bool late = fate < 0.11;
    const auto day = first_day + std::chrono::days(late ? 86 + rng.Below(28) : rng.Below(86)) +
                     std::chrono::hours(1 + rng.Below(8));
    clock.Set(day);
    const nlohmann::json figures = Figures(rng);
    ZQ_RETURN_IF_ERROR(
        reports.File(system, "enterprise_quality", last_year, uscc, figures, "").status());
    ++s.filed;
    s.late += late ? 1 : 0;
    if (rng.Unit() < 0.06) {  // a correction a few days later
      nlohmann::json corrected = figures;
      corrected["rework_cost"] = std::round(figures["rework_cost"].get<double>() * 13) / 10;
      clock.Set(day + std::chrono::days(3 + rng.Below(10)));
      ZQ_RETURN_IF_ERROR(reports
                             .File(system, "enterprise_quality", last_year, uscc, corrected,
                                   "更正：漏报一笔返修费用")
                             .status());
      ++s.corrected;
    }
  }
  clock.Set(std::chrono::sys_days{o.today});
  ZQ_ASSIGN_OR_RETURN(const auto province, ids::ParseRegionCode(o.province_code));
  ZQ_ASSIGN_OR_RETURN(const auto values,
                      reports.ComputeQualityLossRates(system, last_year, province));
  for (const stats::IndicatorValue& v : values) {
    if (v.region_code == o.province_code) {
      s.rate = v.value;
      s.lower = v.lower;
      s.upper = v.upper;
    }
  }
  return s;
}

}  // namespace zq::demo

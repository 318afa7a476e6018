#include "inspection/inspection_workbench.h"

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "app/context.h"
#include "auth/caller.h"
#include "core/calendar.h"
#include "core/page.h"
#include "inspection/pass_rate_report.h"
#include "inspection/pass_rate_store.h"
#include "inspection/result_service.h"

namespace zq::inspection {

namespace {

using Count = Result<std::optional<app::TodoCount>>;

Count TasksToSample(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  ZQ_ASSIGN_OR_RETURN(const std::vector<TaskSummary> tasks,
                      ctx.Get<ResultService>().ListTasks(caller, {.open_only = true}));
  app::TodoCount count;
  for (const TaskSummary& t : tasks) {
    if (t.may_sample) {
      app::Tally(count, "", false);
    }
  }
  return std::optional(count);
}

Count AppealsToDecide(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  ResultService& results = ctx.Get<ResultService>();
  app::TodoCount count;
  ZQ_RETURN_IF_ERROR(app::TallyPages(
      count,
      [&](int page) {
        return results.ListBatches(caller,
                                   {.status = "appealed", .page = page, .page_size = kMaxPageSize});
      },
      [](app::TodoCount& c, const Batch&) { app::Tally(c, "", false); }));
  return std::optional(count);
}

Count ResultsToPublish(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  ZQ_ASSIGN_OR_RETURN(const std::vector<Batch> batches,
                      ctx.Get<ResultService>().ListUnpublished(caller));
  app::TodoCount count;
  for (const Batch& b : batches) {
    app::Tally(count, b.publication_due, b.publication_overdue);
  }
  return std::optional(count);
}

Count OpenFollowUps(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite() && !caller.ActsForEntity()) {
    return std::optional<app::TodoCount>();
  }
  ZQ_ASSIGN_OR_RETURN(const std::vector<FollowUp> follow_ups,
                      ctx.Get<ResultService>().ListFollowUps(caller, FollowUpSelection::kAll));
  app::TodoCount count;
  for (const FollowUp& f : follow_ups) {
    if (f.status == "open") {
      app::Tally(count, f.due_on, f.overdue);
    }
  }
  return std::optional(count);
}

// "YYYY-MM" of the month `back` months before `day`'s.
std::string MonthBefore(std::chrono::year_month_day day, int back) {
  const std::chrono::year_month month =
      std::chrono::year_month{day.year(), day.month()} - std::chrono::months{back};
  return FormatDate(month / std::chrono::day{1}).substr(0, 7);
}

app::KpiFigure FailRate(std::string region_code, const PassRate& rate) {
  app::KpiFigure figure{.region_code = std::move(region_code),
                        .numerator = rate.tested - rate.passed,
                        .denominator = rate.tested};
  if (rate.tested > 0) {
    figure.low = 1 - rate.wilson.upper;
    figure.high = 1 - rate.wilson.lower;
  }
  return figure;
}

Result<std::optional<app::KpiReport>> FailRateReport(app::Context& ctx, const auth::Caller& caller,
                                                     const std::string& region) {
  if (!caller.IsOfficial()) {
    return std::optional<app::KpiReport>();
  }
  PassRateStore& store = ctx.Get<PassRateStore>();
  ZQ_RETURN_IF_ERROR(store.EnsureLoaded(ctx.db()));
  const std::chrono::year_month_day today = ctx.clock().TodayInChina();
  const PassRateRequest request{.by = CubeDimension::kRegion,
                                .region = region,
                                .from = MonthBefore(today, 11),
                                .to = MonthBefore(today, 0)};
  ZQ_ASSIGN_OR_RETURN(const PassRateReport report, BuildPassRateReport(store, caller, request));
  app::KpiReport out{.period = request.from + "/" + request.to,
                     .total = FailRate(report.region, report.total.rate)};
  for (const PassRateLine& line : report.lines) {
    out.by_region.push_back(FailRate(line.key, line.rate));
  }
  return std::optional(std::move(out));
}

}  // namespace

std::vector<app::TodoSource> InspectionTodos() {
  return {{"inspection.tasks", TasksToSample},
          {"inspection.appeals", AppealsToDecide},
          {"inspection.publications", ResultsToPublish},
          {"inspection.follow_ups", OpenFollowUps}};
}

std::vector<app::KpiSource> InspectionKpis() { return {{"inspection.fail_rate", FailRateReport}}; }

}  // namespace zq::inspection

#include "demo/spot_check_results_demo.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "auth/caller.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "demo/authority_names.h"
#include "demo/random.h"
#include "inspection/result_service.h"
#include "inspection/spot_check_service.h"

namespace zq::demo {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

struct CategorySpec {
  const char* code;
  double failure;  // base probability that a batch fails
  const char* product;
  const char* key_items[2];
  const char* general_item;
};

// Base failure rates: national campaigns fail ≈9.7 % of batches (research §5); children's
// products and cables do worse, large appliances better.
constexpr CategorySpec kSpotCheckCategories[] = {
    {"CP-01", 0.13, "聚氯乙烯绝缘电缆", {"导体电阻", "绝缘厚度"}, "标志"},
    {"CP-19", 0.10, "插座", {"防触电保护", "温升"}, "标志"},
    {"CP-04", 0.14, "塑胶玩具", {"小零件", "可触及锐利边缘"}, "使用说明"},
    {"CP-05", 0.10, "儿童推车", {"制动性能", "稳定性"}, "警示说明"},
    {"CP-15", 0.04, "家用电冰箱", {"泄漏电流", "电气强度"}, "能效标识"},
    {"CP-16", 0.05, "房间空气调节器", {"泄漏电流", "接地措施"}, "能效标识"},
    {"CP-17", 0.07, "电热水壶", {"防触电保护", "发热"}, "标志和说明"},
    {"CP-18", 0.08, "LED灯具", {"防触电保护", "爬电距离"}, "标记"},
};

struct PlanSpec {
  const char* suffix;
  const char* name;
  std::vector<std::size_t> categories;  // indexes into kSpotCheckCategories
};

const CategorySpec& Category(const std::string& code) {
  for (const CategorySpec& c : kSpotCheckCategories) {
    if (code == c.code)
      return c;
  }
  return kSpotCheckCategories[0];
}

constexpr const char* kBrands[] = {"泰山", "齐鲁", "金鼎", "华光", "海川", "鲁星"};

constexpr const char* kSamplers[] = {"张伟", "王芳", "李娜", "刘洋",
                                     "陈静", "杨磊", "赵敏", "黄强"};

class Timeline {
 public:
  Timeline(FakeClock& clock, sys_days today) : clock_(clock), today_(today) {}

  // Moves the demo clock to `day` (10:00 China time); false when `day` is after today.
  bool At(sys_days day) {
    if (day > today_)
      return false;
    clock_.Set(day + std::chrono::hours(2));
    return true;
  }

  static std::string Date(sys_days day) { return FormatDate(std::chrono::year_month_day(day)); }

 private:
  FakeClock& clock_;
  sys_days today_;
};

inspection::TestResults MakeResults(const CategorySpec& c, bool fail, bool key_fails, sys_days on,
                                    SplitMix64& rng) {
  inspection::TestResults r;
  r.institution = rng.Below(3) == 0 ? "国家电线电缆质量检验检测中心" : "省产品质量监督检验研究院";
  r.report_number = fmt::format("ZQJ{}{:05d}", Timeline::Date(on).substr(0, 4), rng.Below(100000));
  r.tested_on = Timeline::Date(on);
  const std::size_t failing = !fail ? 9 : key_fails ? rng.Below(2) : 2;
  for (std::size_t i = 0; i < 3; ++i) {
    const bool bad = i == failing;
    r.items.push_back({i < 2 ? c.key_items[i] : c.general_item, i < 2,
                       i < 2 ? "GB 4706.1-2005" : "GB/T 5296.2-2008",
                       i < 2 ? "符合标准要求" : "清晰完整", bad ? "不符合" : "符合", "",
                       bad ? inspection::Verdict::kFail : inspection::Verdict::kPass});
  }
  return r;
}

}  // namespace

Result<ResultsDemoSummary> GenerateSpotCheckResults(
    store::Database& db, registry::Registry& registry, const auth::AuditLog& audit,
    const auth::PersonalDataCipher& cipher, std::string_view province_code,
    std::chrono::year_month_day today, std::uint64_t seed) {
  const auth::Caller system = auth::Caller::System();
  const std::string province(province_code);
  const sys_days now{today};
  FakeClock clock(now);
  Timeline timeline(clock, now);
  inspection::SpotCheckService checks(db, registry, audit, cipher, clock);
  inspection::ResultService results(db, registry, audit, cipher, clock);
  SplitMix64 rng(seed ^ 0x5EC0FFEEULL);
  std::map<std::string, double> city_factor;  // cities differ: 0.5× … 1.5× the base rate
  const std::vector<PlanSpec> plans = {{"CABLE", "电线电缆和开关插座", {0, 1}},
                                       {"TOYS", "儿童玩具及童车", {2, 3}},
                                       {"HOME", "家用电器及灯具", {4, 5, 6, 7}}};
  ResultsDemoSummary summary;
  for (int round = 0; round < 4; ++round) {
    const sys_days drawn = now - days(330 - 90 * round);
    for (const PlanSpec& spec : plans) {
      inspection::SpotCheckPlan plan;
      plan.plan_code = fmt::format("DEMO-{}-{}-{}", province.substr(0, 2),
                                   Timeline::Date(drawn).substr(0, 7), spec.suffix);
      plan.name = fmt::format("{}年第{}批{}产品质量省级监督抽查",
                              Timeline::Date(drawn).substr(0, 4), round + 1, spec.name);
      plan.authority = AuthorityName(registry, province);
      plan.region_code = province;
      plan.period_start = Timeline::Date(drawn);
      plan.period_end = Timeline::Date(drawn + days(89));
      for (std::size_t c : spec.categories)
        plan.parameters.product_categories.push_back(kSpotCheckCategories[c].code);
      plan.parameters.quotas[static_cast<int>(inspection::RiskClass::kB)] =
          inspection::ClassQuota::Fixed(30);
      plan.parameters.max_tasks_per_inspector = 5;
      timeline.At(drawn);
      Result<inspection::SpotCheckPlan> created = checks.CreatePlan(system, plan);
      if (created.status().code() == StatusCode::kAlreadyExists)
        continue;
      ZQ_RETURN_IF_ERROR(created.status());
      ++summary.plans;
      ZQ_ASSIGN_OR_RETURN(inspection::DrawSummary committed,
                          checks.CommitDraw(system, created->id));
      ZQ_RETURN_IF_ERROR(checks.RunDraw(system, committed.id).status());
      inspection::TaskFilter filter;
      filter.plan_id = created->id;
      ZQ_ASSIGN_OR_RETURN(std::vector<inspection::TaskSummary> tasks,
                          results.ListTasks(system, filter));
      for (const inspection::TaskSummary& task : tasks) {
        const CategorySpec& c =
            Category(plan.parameters.product_categories[rng.Below(spec.categories.size())]);
        const std::string city = task.region_code.substr(0, 4);
        if (!city_factor.contains(city))
          city_factor[city] = 0.5 + rng.Unit();
        const bool fail = rng.Unit() < c.failure * city_factor[city];
        sys_days day = drawn + days(3 + rng.Below(18));
        if (!timeline.At(day))
          continue;
        inspection::SamplingRecord s;
        s.sampled_on = Timeline::Date(day);
        s.place = rng.Below(4) == 0 ? "销售门店" : "成品仓库";
        s.batch_number =
            fmt::format("{}{:03d}", Timeline::Date(day - days(20)).substr(0, 7), rng.Below(1000));
        s.quantity = 2 + static_cast<std::int64_t>(rng.Below(4));
        s.reserve_quantity = rng.Below(10) == 0 ? 0 : s.quantity;
        s.category_code = c.code;
        s.product_name = c.product;
        s.specification = fmt::format("ZQ-{}", 100 + rng.Below(900));
        s.brand = kBrands[rng.Below(std::size(kBrands))];
        const std::size_t first = rng.Below(std::size(kSamplers));
        s.samplers = {kSamplers[first], kSamplers[(first + 1 + rng.Below(6)) % 8]};
        ZQ_ASSIGN_OR_RETURN(inspection::Batch batch,
                            results.RecordSample(system, task.task_id, std::move(s)));
        ++summary.batches;
        day += days(10 + rng.Below(16));
        if (!timeline.At(day))
          continue;
        ZQ_RETURN_IF_ERROR(
            results
                .RecordResults(system, batch.id, MakeResults(c, fail, rng.Unit() < 0.6, day, rng))
                .status());
        if (fail) {
          day += days(2 + rng.Below(4));
          if (!timeline.At(day))
            continue;
          ZQ_RETURN_IF_ERROR(results.RecordNotice(system, batch.id, Timeline::Date(day)).status());
          const sys_days notified = day;
          bool final_fail = true;
          bool annulled = false;
          const double appeal = rng.Unit();
          if (appeal < 0.15 && batch.sampling.reserve_quantity > 0) {  // 复检
            day += days(3 + rng.Below(10));
            if (!timeline.At(day))
              continue;
            ZQ_RETURN_IF_ERROR(results
                                   .RequestAppeal(system, batch.id, inspection::AppealKind::kRetest,
                                                  "对检验结果有异议，申请复检")
                                   .status());
            ++summary.appeals;
            day += days(10 + rng.Below(10));
            if (!timeline.At(day))
              continue;
            final_fail = rng.Unit() >= 0.3;  // about a third of re-tests overturn
            ZQ_RETURN_IF_ERROR(
                results
                    .RecordRetest(system, batch.id,
                                  MakeResults(c, final_fail, rng.Unit() < 0.6, day, rng))
                    .status());
          } else {
            if (appeal < 0.22) {  // 异议 on the sampling
              day += days(2 + rng.Below(8));
              if (!timeline.At(day))
                continue;
              ZQ_RETURN_IF_ERROR(results
                                     .RequestAppeal(system, batch.id,
                                                    inspection::AppealKind::kObjection,
                                                    "抽样程序不符合规定")
                                     .status());
              ++summary.appeals;
              day += days(5 + rng.Below(5));
              if (!timeline.At(day))
                continue;
              annulled = rng.Unit() < 0.2;
              ZQ_RETURN_IF_ERROR(
                  results
                      .DecideObjection(system, batch.id,
                                       annulled ? inspection::ObjectionDecision::kUpheld
                                                : inspection::ObjectionDecision::kRejected)
                      .status());
            }
            if (annulled)
              continue;
            day = std::max(day, notified + days(16 + rng.Below(8)));
            // A rejected objection gave the re-test days back (the window paused): final after.
            ZQ_ASSIGN_OR_RETURN(const inspection::Batch waiting,
                                results.GetBatch(system, batch.id));
            if (!waiting.retest_deadline.empty())
              day = std::max(day, sys_days(ParseDate(waiting.retest_deadline).value()) + days(1));
            if (!timeline.At(day))
              continue;
            ZQ_RETURN_IF_ERROR(results.Finalize(system, batch.id).status());
          }
          if (final_fail) {
            ++summary.failed;
            ++summary.follow_ups;
          }
        }
        // 一公开: most within the 20 working days, some late, a few not yet.
        const sys_days final_day = day;
        const double publish = rng.Unit();
        if (publish < 0.93) {
          const sys_days on =
              final_day + days(publish < 0.85 ? 3 + rng.Below(20) : 30 + rng.Below(15));
          if (timeline.At(on)) {
            ZQ_RETURN_IF_ERROR(results.Publish(system, batch.id).status());
            ++summary.published;
          }
        }
        if (!fail)
          continue;
        ZQ_ASSIGN_OR_RETURN(inspection::Batch final_batch, results.GetBatch(system, batch.id));
        if (final_batch.final_verdict != "fail")
          continue;
        // 后处理 in every state: closed, extended, escalated, overdue and still open.
        ZQ_ASSIGN_OR_RETURN(std::vector<inspection::FollowUp> open,
                            results.ListFollowUps(system, inspection::FollowUpSelection::kAll));
        std::int64_t follow_up = 0;
        sys_days due{};
        for (const inspection::FollowUp& f : open) {
          if (f.batch_id == batch.id) {
            follow_up = f.id;
            due = sys_days(ParseDate(f.due_on).value());
          }
        }
        const double path = rng.Unit();
        if (path < 0.2 && timeline.At(due - days(8))) {  // one extension
          ZQ_RETURN_IF_ERROR(results.RequestExtension(system, follow_up, 20).status());
          due += days(20);
        }
        if (path < 0.65) {
          if (!timeline.At(due - days(5 + rng.Below(10))))
            continue;
          ZQ_RETURN_IF_ERROR(results.ReportRectification(system, follow_up).status());
          if (!timeline.At(due - days(rng.Below(4))))
            continue;
          ZQ_RETURN_IF_ERROR(results
                                 .RecordReinspection(system, follow_up,
                                                     rng.Unit() < 0.85 ? inspection::Verdict::kPass
                                                                       : inspection::Verdict::kFail)
                                 .status());
        } else if (path < 0.85 && timeline.At(due + days(1 + rng.Below(10)))) {
          ZQ_RETURN_IF_ERROR(results.Escalate(system, follow_up).status());  // 公告
          if (rng.Unit() < 0.4 && timeline.At(due + days(25))) {
            ZQ_RETURN_IF_ERROR(
                results.RecordReinspection(system, follow_up, inspection::Verdict::kFail).status());
          }
        }
      }
    }
  }
  return summary;
}

}  // namespace zq::demo

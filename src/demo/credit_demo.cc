#include "demo/credit_demo.h"

#include <fmt/format.h>

#include "core/calendar.h"
#include "demo/random.h"

namespace zq::demo {
namespace {

// Yearly rate per entity, in parts per 100 000, and whether it applies to enterprises only.
struct Rate {
  const char* type;
  std::uint64_t per_100k;
};

constexpr Rate kRates[] = {{"spot_check.passed", 3000},   {"spot_check.failed", 400},
                           {"penalty.minor", 1000},       {"penalty.ordinary", 1500},
                           {"penalty.heavy", 100},        {"complaint.upheld", 2000},
                           {"recall.voluntary", 100},     {"recall.ordered", 20},
                           {"incident.quality", 10},      {"certification.granted", 4000},
                           {"award.brand", 200},          {"award.quality", 20},
                           {"court.judgement", 500},      {"court.dishonest_debtor", 100},
                           {"list.abnormal.added", 4000}, {"list.serious.added", 50}};

// The yearly tax credit grade (纳税信用等级) of an enterprise, by cumulative share.
constexpr Rate kTaxGrades[] = {{"tax.grade_a", 12000},
                               {"tax.grade_b", 72000},
                               {"tax.grade_m", 80000},
                               {"tax.grade_c", 83000},
                               {"tax.grade_d", 84000}};  // the rest: not graded that year

}  // namespace

Result<CreditDemoSummary> GenerateCreditEvents(credit::CreditService& credit,
                                               registry::Registry& registry,
                                               std::string_view province_code,
                                               std::chrono::year_month_day today,
                                               std::uint64_t seed) {
  const auth::Caller system = auth::Caller::System();
  CreditDemoSummary summary;
  const std::int32_t end =
      static_cast<std::int32_t>(std::chrono::sys_days{today}.time_since_epoch().count());
  SplitMix64 rng(seed ^ 0xC4ED17ULL);
  std::vector<credit::CreditEvent> batch;
  std::int64_t serial = 0;
  Status failure;
  const auto add = [&](const registry::MarketEntity& e, std::string_view type, std::int32_t day) {
    credit::CreditEvent ev;
    ev.source = "demo";
    ev.source_id = fmt::format("{}-{}", e.uscc, ++serial);
    ev.event_type = std::string(type);
    ev.uscc = e.uscc;
    ev.region_code = e.region_code;
    ev.occurred_on = DayText(day);
    ev.evidence_ref = fmt::format("演示-{}号", serial);
    batch.push_back(std::move(ev));
  };
  bool already_loaded = false;
  const auto flush = [&]() -> Status {
    if (batch.empty())
      return Status::Ok();
    Result<std::int64_t> n = credit.BulkLoadEvents(system, std::move(batch));
    batch.clear();
    if (!n.ok() && n.status().code() == StatusCode::kAlreadyExists && summary.events == 0) {
      already_loaded = true;  // the province already has its demo events
      return n.status();
    }
    ZQ_RETURN_IF_ERROR(n.status());
    summary.events += *n;
    return Status::Ok();
  };
  registry::EntityFilter filter;
  filter.region_code = std::string(province_code);
  ZQ_RETURN_IF_ERROR(registry.ForEachEntity(
      system, filter,
      [&](const registry::MarketEntity& e) {
        for (int year = 0; year < 3; ++year) {
          const std::int32_t from = end - 365 * (year + 1);
          const auto day = [&] { return from + static_cast<std::int32_t>(rng.Below(365)); };
          for (const Rate& r : kRates) {
            if (rng.Below(100000) >= r.per_100k)
              continue;
            const std::int32_t d = day();
            add(e, r.type, d);
            // Some listed firms leave the list (移出 / 信用修复) later on.
            const std::string_view type = r.type;
            const std::uint64_t removed = type == "list.abnormal.added"  ? 40
                                          : type == "list.serious.added" ? 33
                                                                         : 0;
            if (removed > 0 && rng.Below(100) < removed) {
              const std::int32_t later = d + 30 + static_cast<std::int32_t>(rng.Below(300));
              if (later <= end) {
                add(e,
                    type == "list.abnormal.added" ? "list.abnormal.removed"
                                                  : "list.serious.removed",
                    later);
              }
            }
          }
          if (e.type == registry::EntityType::kEnterprise) {
            const std::uint64_t pick = rng.Below(100000);
            for (const Rate& g : kTaxGrades) {
              if (pick < g.per_100k) {
                add(e, g.type, from + 120);  // published in spring for the year before
                break;
              }
            }
          }
        }
        if (batch.size() >= 50000) {
          failure = flush();
          return failure.ok();
        }
        return true;
      },
      "credit demo"));
  if (failure.ok())
    failure = flush();
  if (already_loaded)
    return summary;
  ZQ_RETURN_IF_ERROR(failure);
  ZQ_ASSIGN_OR_RETURN(const credit::RescoreStats stats, credit.RescoreAll(system));
  summary.graded = stats.changed;
  return summary;
}

}  // namespace zq::demo

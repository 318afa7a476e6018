// The eligible frame (docs/random-draw.md §1.1): the firms in scope less those out of scope,
// already drawn in the plan or recently checked, each exclusion with its evidence.
#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "core/calendar.h"
#include "inspection/internal/draw_canonical.h"
#include "inspection/random_draw.h"

namespace zq::inspection {
namespace {

using internal::SortedUnique;

std::chrono::sys_days MonthsBefore(std::chrono::year_month_day day, std::uint32_t months) {
  std::chrono::year_month_day back = day - std::chrono::months(months);
  if (!back.ok()) {  // 31 August − 6 months: the last day of February
    back = std::chrono::year_month_day_last(back.year(), back.month() / std::chrono::last);
  }
  return std::chrono::sys_days(back);
}

}  // namespace

Result<EligibleFrame> BuildEligibleFrame(std::vector<FrameEntry> frame,
                                         const DrawParameters& parameters,
                                         const ExclusionInputs& exclusions) {
  ZQ_RETURN_IF_ERROR(internal::CanonicaliseFrame(frame));
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day draw_day,
                      ParseDate(parameters.draw_date, "draw_date"));
  ZQ_RETURN_IF_ERROR(internal::SerialiseParameters(parameters).status());
  const std::chrono::sys_days cutoff = MonthsBefore(draw_day, parameters.recheck_months);
  const std::vector<std::string> plan = SortedUnique(parameters.product_categories);
  const std::unordered_set<std::string_view> drawn(exclusions.already_drawn.begin(),
                                                   exclusions.already_drawn.end());
  std::unordered_map<std::string_view, std::vector<std::string_view>> recent;
  std::unordered_map<std::string_view, const PriorCheck*> newest;  // the evidence
  for (const PriorCheck& check : exclusions.prior_checks) {
    ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day day,
                        ParseDate(check.date, "prior_checks.date"));
    if (check.authority == parameters.authority && std::chrono::sys_days(day) >= cutoff) {
      recent[check.uscc].push_back(check.product_category);
      const PriorCheck*& n = newest[check.uscc];
      if (n == nullptr || n->date < check.date)
        n = &check;
    }
  }
  EligibleFrame out;
  for (FrameEntry& firm : frame) {
    std::vector<std::string_view> relevant;
    for (const std::string& c : firm.product_categories) {
      if (plan.empty() || std::binary_search(plan.begin(), plan.end(), c)) {
        relevant.push_back(c);
      }
    }
    std::optional<ExclusionReason> reason;
    if (!plan.empty() && relevant.empty()) {
      reason = ExclusionReason::kOutOfScope;
    } else if (drawn.contains(firm.uscc)) {
      reason = ExclusionReason::kAlreadyDrawnInPlan;
    } else if (auto it = recent.find(firm.uscc); it != recent.end() && !relevant.empty()) {
      const std::vector<std::string_view>& checked = it->second;
      if (std::all_of(relevant.begin(), relevant.end(), [&](std::string_view c) {
            return std::find(checked.begin(), checked.end(), c) != checked.end();
          })) {
        reason = ExclusionReason::kRecentlyChecked;
      }
    }
    if (reason) {
      std::string evidence;
      if (*reason == ExclusionReason::kOutOfScope) {
        for (const std::string& c : firm.product_categories)
          evidence += (evidence.empty() ? "categories:" : ",") + c;
      } else if (*reason == ExclusionReason::kAlreadyDrawnInPlan) {
        const auto it = exclusions.drawn_evidence.find(firm.uscc);
        evidence = it == exclusions.drawn_evidence.end() ? "" : it->second;
      } else {
        evidence = newest.at(firm.uscc)->evidence;
      }
      out.excluded.push_back({firm.uscc, *reason, std::move(evidence), std::move(firm.region_code),
                              std::move(firm.product_categories)});
    } else {
      out.entries.push_back(std::move(firm));
    }
  }
  return out;
}

}  // namespace zq::inspection

#include "credit/repair_rules.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "core/calendar.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

template <std::size_t N>
bool OneOf(std::string_view value, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), value) != std::end(set);
}

std::string_view Province(std::string_view region_code) { return region_code.substr(0, 2); }

}  // namespace

std::string_view RepairKindName(RepairKind kind) {
  switch (kind) {
    case RepairKind::kAbnormalList:
      return "abnormal_list";
    case RepairKind::kSeriousList:
      return "serious_list";
    case RepairKind::kPenaltyPublication:
      return "penalty_publication";
  }
  return "";
}

Result<RepairKind> ParseRepairKind(std::string_view text) {
  for (RepairKind k :
       {RepairKind::kAbnormalList, RepairKind::kSeriousList, RepairKind::kPenaltyPublication}) {
    if (RepairKindName(k) == text)
      return k;
  }
  return Status::InvalidArgument("kind: abnormal_list, serious_list or penalty_publication",
                                 "kind");
}

const ObjectionDeadlines& RepairRules::ObjectionFor(std::string_view region_code) const {
  const auto it = objection_by_province.find(Province(region_code));
  return it == objection_by_province.end() ? objection : it->second;
}

bool RepairRules::SeriousRepairAllowed(std::string_view region_code) const {
  const auto it = serious_list_repair_by_province.find(Province(region_code));
  return it == serious_list_repair_by_province.end() ? serious_list_repair_allowed : it->second;
}

bool Eligibility::Fails(std::string_view condition) const {
  return std::any_of(failures.begin(), failures.end(),
                     [&](const EligibilityFailure& f) { return f.condition == condition; });
}

Result<std::int32_t> AddWorkingDays(std::int32_t day, int n, std::string_view field) {
  using std::chrono::sys_days;
  const std::chrono::year_month_day from{sys_days{std::chrono::days{day}}};
  Result<std::chrono::year_month_day> to = WorkingDayCalendar::China().AddWorkingDays(from, n);
  if (!to.ok())
    return Status::InvalidArgument(to.status().message(), std::string(field));
  return static_cast<std::int32_t>(sys_days{*to}.time_since_epoch().count());
}

Eligibility CheckRepairEligibility(const RepairRules& rules, const RepairCase& c,
                                   std::int32_t today) {
  Eligibility out;
  const auto fail = [&](std::string_view condition, std::string reason) {
    out.failures.push_back({std::string(condition), std::move(reason)});
  };
  if (c.barred_until > today) {
    fail("barred", fmt::format("a fraudulent repair application bars new ones until {}",
                               DayText(c.barred_until)));
  }
  if (!c.target_open)
    fail("not_open", "the record is no longer listed or published: nothing to repair");
  const auto need_declared = [&] {
    if (!c.penalty_fulfilled)
      fail("penalty_fulfilled", "the penalty has not been declared fulfilled (履行完毕)");
    if (!c.harm_removed)
      fail("harm_removed", "the harm has not been declared removed (消除危害后果)");
  };
  switch (c.kind) {
    case RepairKind::kAbnormalList:
      if (c.target_type != "list.abnormal.added")
        fail("target_type", "the record is not a listing on the abnormal-operations list");
      if (!OneOf(c.ground, kAbnormalGrounds)) {
        fail("ground",
             "name one ground: annual_report, disclosure, corrected or reachable (any one of "
             "the four)");
      }
      break;
    case RepairKind::kSeriousList: {
      if (c.target_type != "list.serious.added")
        fail("target_type", "the record is not a listing on the serious-dishonesty list");
      if (!rules.SeriousRepairAllowed(c.region_code)) {
        fail("province",
             "this province does not allow credit repair for serious-dishonesty listings");
      }
      const std::int32_t from = AddMonths(c.target_on, rules.serious_min_listed_months);
      out.earliest_on = from;
      if (today < from) {
        fail("listed_period",
             fmt::format("listed on {}: early removal from {} ({} months)", DayText(c.target_on),
                         DayText(from), rules.serious_min_listed_months));
      }
      need_declared();
      if (c.heavier_penalty_since)
        fail("heavier_penalty", "a further heavier penalty (较重行政处罚) followed the listing");
      break;
    }
    case RepairKind::kPenaltyPublication: {
      if (!c.target_type.starts_with("penalty."))
        fail("target_type", "the record is not a published administrative penalty");
      if (c.target_type == "penalty.minor") {
        fail("measures", "通报批评 and small fines are published 3 months and are not repaired");
      }
      for (const std::string& m : c.measures) {
        if (OneOf(m, kExcludedMeasures))
          fail("measures", fmt::format("a penalty including '{}' cannot be repaired early", m));
        else if (!OneOf(m, kPenaltyMeasures))
          fail("measures", fmt::format("unknown penalty measure '{}'", m));
      }
      if (!OneOf(c.domain, kDomains))
        fail("domain", "domain: general, food, drug or special_equipment");
      const int months = OneOf(c.domain, kSpecialDomains) ? rules.publication_min_months_special
                                                          : rules.publication_min_months;
      const std::int32_t from = AddMonths(c.target_on, months);
      out.earliest_on = from;
      if (today < from) {
        fail("publication_period", fmt::format("published from {}: early stop from {} ({} months)",
                                               DayText(c.target_on), DayText(from), months));
      }
      need_declared();
      if (c.same_violation_since)
        fail("same_violation", "the same violation was penalised again after this penalty");
      if (c.abnormal_listed || c.serious_listed)
        fail("listed", "the firm is on the abnormal-operations or serious-dishonesty list");
      break;
    }
  }
  return out;
}

}  // namespace zq::credit

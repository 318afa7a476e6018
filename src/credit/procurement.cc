#include "credit/procurement.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/ids/region_code.h"
#include "core/page.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using store::Value;

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<PreferencePage> ProcurementPreferenceList(store::Database& db, CreditService& credit,
                                                 const Clock& clock, const auth::Caller& caller,
                                                 const PreferenceFilter& filter) {
  const bool official = caller.IsOfficial();
  const bool department =
      caller.IsDepartmentClient() &&
      (caller.HasPermission("credit.procurement") || caller.HasPermission("credit.query"));
  if (!official && !department)
    return Status::NotFound("no credit information in your scope", "region");
  ZQ_RETURN_IF_ERROR(CheckPage(filter.page, filter.page_size));
  if (filter.industry_code.size() > 5 || !IsDigits(filter.industry_code))
    return Status::InvalidArgument("industry: a GB/T 4754 code (up to 4 digits)", "industry");
  std::string region = filter.region_code;
  if (region.empty() && caller.ReadsWithinRegion())
    region = caller.region_code;  // a regulator's (or a bound key's) list is its region's
  if (!region.empty()) {
    if (Result<ids::RegionCode> code = ids::ParseRegionCode(region); !code.ok())
      return Status::InvalidArgument(std::string(code.status().message()), "region");
    if (!caller.CanReadRegion(region))
      return Status::NotFound("no such region in your scope", "region");
  }
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules,
                      credit.RuleSetOn(static_cast<std::int32_t>(
                          std::chrono::sys_days{clock.TodayInChina()}.time_since_epoch().count())));
  const std::vector<std::string>& labels = rules->grade_axis().labels;
  const auto at = std::find(labels.begin(), labels.end(), filter.min_grade);
  if (at == labels.end()) {
    return Status::InvalidArgument(fmt::format("min_grade: one of {}", fmt::join(labels, ", ")),
                                   "min_grade");
  }
  // The entity's newest grade row is its current state (credit migration 0001).
  std::string sql = fmt::format(
      "SELECT g.uscc, g.region_code, g.grade, g.risk_class, g.as_of, f.name, f.industry_code "
      "FROM credit_grades g JOIN registry_entity_facts f ON f.uscc = g.uscc WHERE "
      "g.id IN (SELECT MAX(id) FROM credit_grades GROUP BY uscc) AND g.abnormal_listed = 0 AND "
      "g.serious_listed = 0 AND g.grade IN ({})",
      fmt::join(std::vector<std::string>(static_cast<std::size_t>(at - labels.begin()) + 1, "?"),
                ", "));
  std::vector<Value> params(labels.begin(), at + 1);
  if (!region.empty()) {
    sql += " AND g.region_code LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(region)) + "%");
  }
  if (!filter.industry_code.empty()) {  // digits only (checked above): a GB/T 4754 prefix
    sql += " AND f.industry_code LIKE ?";
    params.emplace_back(filter.industry_code + "%");
  }
  sql += " ORDER BY g.uscc";
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx->Query(sql, params));
  tx.reset();

  PreferencePage page;
  page.page = filter.page;
  page.page_size = filter.page_size;
  page.min_grade = filter.min_grade;
  const std::size_t skip =
      static_cast<std::size_t>(filter.page - 1) * static_cast<std::size_t>(filter.page_size);
  // Name and industry come from the registry's entity facts (public fields, no personal data),
  // in the same statement: no identity is borrowed to read the registry.
  for (const store::Row& row : rs.rows) {
    const bool wanted = page.total >= static_cast<std::int64_t>(skip) &&
                        page.items.size() < static_cast<std::size_t>(filter.page_size);
    ++page.total;
    if (!wanted)
      continue;
    page.items.push_back({row.GetText(0), row.GetText(5), row.GetText(1), row.GetText(6),
                          row.GetText(2), row.GetText(3), row.GetText(4)});
  }
  return page;
}

}  // namespace zq::credit

#include "credit/procurement.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/ids/region_code.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using store::Value;

// GB/T 2260 codes nest by prefix: a province PP0000 holds every PP…, a city PPCC00 every PPCC….
std::string RegionPrefix(std::string_view code) {
  if (code.substr(2) == "0000")
    return std::string(code.substr(0, 2));
  if (code.substr(4) == "00")
    return std::string(code.substr(0, 4));
  return std::string(code);
}

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<PreferencePage> ProcurementPreferenceList(store::Database& db, CreditService& credit,
                                                 registry::Registry& registry, const Clock& clock,
                                                 const auth::Caller& caller,
                                                 const PreferenceFilter& filter) {
  const bool official = caller.role == auth::Role::kPlatformAdmin ||
                        caller.role == auth::Role::kRegulator ||
                        caller.role == auth::Role::kAnalyst;
  const bool department =
      caller.role == auth::Role::kDepartmentClient &&
      (caller.HasPermission("credit.procurement") || caller.HasPermission("credit.query"));
  if (!official && !department)
    return Status::NotFound("no credit information in your scope", "region");
  if (filter.page < 1)
    return Status::InvalidArgument("page >= 1", "page");
  if (filter.page_size < 1 || filter.page_size > 500)
    return Status::InvalidArgument("page_size lies in 1-500", "page_size");
  if (filter.industry_code.size() > 5 || !IsDigits(filter.industry_code))
    return Status::InvalidArgument("industry: a GB/T 4754 code (up to 4 digits)", "industry");
  std::string region = filter.region_code;
  if (region.empty() && caller.ReadsWithinRegion())
    region = caller.region_code;  // a regulator's (or a bound key's) list is its region's
  if (!region.empty()) {
    if (!ids::ParseRegionCode(region).ok())
      return Status::InvalidArgument("region: a 6-digit GB/T 2260 code", "region");
    if (caller.role != auth::Role::kPlatformAdmin && !caller.CanReadRegion(region))
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
      "SELECT g.uscc, g.region_code, g.grade, g.risk_class, g.as_of FROM credit_grades g WHERE "
      "g.id IN (SELECT MAX(id) FROM credit_grades GROUP BY uscc) AND g.abnormal_listed = 0 AND "
      "g.serious_listed = 0 AND g.grade IN ({})",
      fmt::join(std::vector<std::string>(static_cast<std::size_t>(at - labels.begin()) + 1, "?"),
                ", "));
  std::vector<Value> params(labels.begin(), at + 1);
  if (!region.empty()) {
    sql += " AND g.region_code LIKE ?";
    params.emplace_back(RegionPrefix(region) + "%");
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
  for (const store::Row& row : rs.rows) {
    const bool wanted = page.total >= static_cast<std::int64_t>(skip) &&
                        page.items.size() < static_cast<std::size_t>(filter.page_size);
    // Without an industry filter only the rows of the page need their registry entry.
    if (filter.industry_code.empty() && !wanted) {
      ++page.total;
      continue;
    }
    // As the public sees it (name and industry are public; no personal data read, so no audit).
    Result<registry::MarketEntity> e = registry.GetEntity(auth::Caller(), row.GetText(0));
    if (!e.ok() || !e->industry_code.starts_with(filter.industry_code)) {
      continue;
    }
    ++page.total;
    if (!wanted)
      continue;
    page.items.push_back({row.GetText(0), e->name, row.GetText(1), e->industry_code, row.GetText(2),
                          row.GetText(3), row.GetText(4)});
  }
  return page;
}

}  // namespace zq::credit

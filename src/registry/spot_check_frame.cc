// The registry's side of the spot-check draw (双随机): the frame of firms that make the plan's
// product categories (registry.h: ManufacturersIn; the inspector pool is in catalogue.cc).
#include "registry/internal/entity_sql.h"
#include "registry/registry.h"

namespace zq::registry {

Result<std::vector<Manufacturer>> Registry::ManufacturersIn(
    const auth::Caller& caller, std::string_view region_code,
    std::span<const std::string> category_codes) {
  if (!caller.IsOfficial()) {
    return Status::PermissionDenied("the spot-check frame is for regulators");
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  EntityFilter scope;
  scope.region_code = std::string(region_code);
  scope.status = EntityStatus::kActive;
  ZQ_ASSIGN_OR_RETURN(internal::Where w, internal::BuildEntityWhere(*tx, caller, scope));
  std::vector<Manufacturer> out;
  if (w.empty_result)
    return out;
  // Columns of entities are qualified through a derived table, so that the shared WHERE builder
  // (written for the entities table) applies unchanged.
  std::string sql =
      "SELECT e.uscc, e.region_code, p.category_code FROM (SELECT uscc, region_code FROM entities "
      "WHERE " +
      w.sql + ") e JOIN products p ON p.manufacturer_uscc = e.uscc WHERE p.category_code <> ''";
  std::vector<store::Value> params = w.params;
  if (!category_codes.empty()) {
    sql += " AND p.category_code IN (";
    for (std::size_t i = 0; i < category_codes.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.emplace_back(category_codes[i]);
    }
    sql += ")";
  }
  sql += " ORDER BY e.uscc, p.category_code";
  ZQ_RETURN_IF_ERROR(tx->QueryEach(sql, params, [&](const store::Row& row) {
    std::string uscc = row.GetText(0);
    if (out.empty() || out.back().uscc != uscc)
      out.push_back({std::move(uscc), row.GetText(1), {}});
    std::vector<std::string>& categories = out.back().category_codes;
    std::string category = row.GetText(2);
    if (categories.empty() || categories.back() != category)
      categories.push_back(std::move(category));
    return true;
  }));
  return out;
}

}  // namespace zq::registry

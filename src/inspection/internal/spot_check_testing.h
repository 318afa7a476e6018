#pragma once
// Tests only: what the spot-check and result tests set up alike: product categories in the
// catalogue, and a plan of the Jinan bureau.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "inspection/spot_check_service.h"
#include "registry/registry.h"

namespace zq::inspection::testing {

inline constexpr char kCables[] = "CP-TEST-CABLE";
inline constexpr char kFood[] = "CP-TEST-FOOD";
inline constexpr char kToys[] = "CP-TEST-TOY";

// Adds each {code, name} to the catalogue of key supervised products.
inline Status AddCategories(registry::Registry& r,
                            std::initializer_list<std::pair<const char*, const char*>> categories) {
  for (const auto& [code, name] : categories) {
    registry::CatalogueEntry c;
    c.code = code;
    c.name = name;
    ZQ_RETURN_IF_ERROR(r.UpsertCatalogueEntry(auth::Caller::System(), c).status());
  }
  return Status::Ok();
}

// A plan of the Jinan bureau (370100) from `period_start` to the end of 2026 over `categories`,
// drawing `class_b_basis_points` / 10000 of the class B firms.
inline SpotCheckPlan JinanPlan(std::string code, std::string name, std::string period_start,
                               std::vector<std::string> categories,
                               std::uint32_t class_b_basis_points) {
  SpotCheckPlan p;
  p.plan_code = std::move(code);
  p.name = std::move(name);
  p.authority = "济南市市场监督管理局";
  p.region_code = "370100";
  p.period_start = std::move(period_start);
  p.period_end = "2026-12-31";
  p.parameters.product_categories = std::move(categories);
  p.parameters.quotas[static_cast<int>(RiskClass::kB)] = ClassQuota::Rate(class_b_basis_points);
  return p;
}

}  // namespace zq::inspection::testing

#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "credit/repair_service.h"
#include "registry/registry.h"

namespace zq::demo {

struct RepairDemoSummary {
  std::int64_t objections = 0;  // filed
  std::int64_t upheld = 0;
  std::int64_t rejected = 0;
  std::int64_t repairs = 0;  // applications filed
  std::int64_t approved = 0;
};

// A few objections (异议: one upheld, one rejected, one left pending) and credit repairs (信用修复:
// penalty publications stopped early, firms off the abnormal list, one left pending) among the
// first firms of the province whose demo credit events allow them, filed and decided through the
// repair service like a regulator would (audited, regraded). Run once after the credit events.
Result<RepairDemoSummary> GenerateRepairCases(credit::RepairService& repairs,
                                              credit::CreditService& credit,
                                              registry::Registry& registry,
                                              std::string_view province_code);

}  // namespace zq::demo

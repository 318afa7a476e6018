#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "inspection/spot_check_service.h"
#include "registry/registry.h"

namespace zq::demo {

struct SpotCheckDemoSummary {
  std::int64_t plans = 0;
  std::int64_t draws = 0;
  std::int64_t tasks = 0;
};

// Spot-check plans for the demo province (a provincial plan for wires and cables, one for
// children's toys and prams, and a city plan of the capital for household appliances), each with
// one draw committed and run, so that the console and the portal show published, verifiable
// draws. Seeds come from the CSPRNG as in production. Idempotent by plan code.
Result<SpotCheckDemoSummary> GenerateSpotChecks(inspection::SpotCheckService& checks,
                                                registry::Registry& registry,
                                                std::string_view province_code, int year);

}  // namespace zq::demo

#pragma once

// What the stats module's stores share when they compute and store (indicators.cc,
// report_store.cc, evaluation_store.cc): the regions a computation values (the region asked for
// or the caller's jurisdiction, and the regions one level below it) and the time a record is
// stamped with.

#include <chrono>
#include <optional>
#include <string>

#include "auth/caller.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/ids/region_code.h"
#include "core/result.h"

namespace zq::stats::internal {

// Now as FormatUtcTimestamp writes it (UTC, whole seconds).
inline std::string NowUtcText(const Clock& clock) {
  return FormatUtcTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(clock.Now()));
}

// What the caller does in the region a computation or a list covers.
enum class RegionUse { kRead, kWrite };

// The region asked for, else the caller's jurisdiction; nullopt for an administrator's whole
// country. kNotFound "region" when the caller may not read it (kRead) or write in it (kWrite).
inline Result<std::optional<ids::RegionCode>> ComputedRoot(
    const auth::Caller& caller, const std::optional<ids::RegionCode>& region,
    RegionUse use = RegionUse::kWrite) {
  std::optional<ids::RegionCode> root = region;
  if (!root && caller.HasJurisdiction()) {
    ZQ_ASSIGN_OR_RETURN(const ids::RegionCode own, ids::ParseRegionCode(caller.region_code));
    root = own;
  }
  const bool allowed = !root || (use == RegionUse::kWrite ? caller.CanWriteIn(root->code)
                                                          : caller.CanReadRegion(root->code));
  if (!allowed)
    return Status::NotFound("the region is outside your jurisdiction", "region");
  return root;
}

// The level one below `root` (a province's cities, a city's counties; the provinces for the whole
// country); nullopt below a county.
inline std::optional<ids::RegionLevel> LevelBelow(const std::optional<ids::RegionCode>& root) {
  if (!root)
    return ids::RegionLevel::kProvince;
  switch (root->level()) {
    case ids::RegionLevel::kProvince:
      return ids::RegionLevel::kCity;
    case ids::RegionLevel::kCity:
      return ids::RegionLevel::kCounty;
    case ids::RegionLevel::kCounty:
      break;
  }
  return std::nullopt;
}

}  // namespace zq::stats::internal

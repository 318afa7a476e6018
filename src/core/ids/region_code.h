#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zq::ids {

// 行政区划代码: GB/T 2260 six-digit region code, PPCCDD. Level from trailing zeros: PP0000 is a
// province, PPCC00 a prefecture-level city, otherwise a county-level unit. This is syntax only;
// whether the code exists is the registry's business (registry/regions.h).
enum class RegionLevel { kProvince = 1, kCity = 2, kCounty = 3 };

struct RegionCode {
  std::string code;  // six digits

  RegionLevel level() const;
  // The code of the level above: county → city (PPCC00), city → province (PP0000); none for a
  // province. Note municipalities' counties have a "city" parent such as 110100 (市辖区).
  std::optional<RegionCode> Parent() const;
  std::string ProvincePrefix() const;  // "37"
  // True when `other` is this region or lies beneath it (370102 is within 370100 and 370000).
  bool Contains(const RegionCode& other) const;
};

// GB/T 2260 codes nest by prefix: the prefix every code beneath `code` starts with ("37" for a
// province 370000, "3701" for a city 370100, the code itself for a county). For SQL `LIKE prefix%`
// and prefix checks; a text that is not six characters is returned as it is.
std::string_view SubtreePrefix(std::string_view code);

// Six digits, province part 11-82, not 000000. Errors: kInvalidArgument, field "region_code".
Result<RegionCode> ParseRegionCode(std::string_view text);

// For an optional region (a filter, a key's bound): none for "", else ParseRegionCode's result.
Result<std::optional<RegionCode>> ParseOptionalRegionCode(std::string_view text);

// The code of an optional region, "" for none (the caller's whole jurisdiction, by convention).
inline std::string_view CodeOrEmpty(const std::optional<RegionCode>& region) {
  return region ? std::string_view(region->code) : std::string_view();
}

}  // namespace zq::ids

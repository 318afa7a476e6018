#include "core/ids/region_code.h"

namespace zq::ids {

RegionLevel RegionCode::level() const {
  if (code.substr(2) == "0000")
    return RegionLevel::kProvince;
  if (code.substr(4) == "00")
    return RegionLevel::kCity;
  return RegionLevel::kCounty;
}

std::optional<RegionCode> RegionCode::Parent() const {
  switch (level()) {
    case RegionLevel::kProvince:
      return std::nullopt;
    case RegionLevel::kCity:
      return RegionCode{code.substr(0, 2) + "0000"};
    case RegionLevel::kCounty:
      return RegionCode{code.substr(0, 4) + "00"};
  }
  return std::nullopt;
}

std::string RegionCode::ProvincePrefix() const { return code.substr(0, 2); }

bool RegionCode::Contains(const RegionCode& other) const {
  switch (level()) {
    case RegionLevel::kProvince:
      return other.code.compare(0, 2, code, 0, 2) == 0;
    case RegionLevel::kCity:
      return other.code.compare(0, 4, code, 0, 4) == 0;
    case RegionLevel::kCounty:
      return other.code == code;
  }
  return false;
}

Result<RegionCode> ParseRegionCode(std::string_view text) {
  if (text.size() != 6) {
    return Status::InvalidArgument("a region code has six digits", "region_code");
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return Status::InvalidArgument("a region code has digits only", "region_code");
    }
  }
  // GB/T 2260 province codes run from 11 (北京) to 82 (澳门).
  if (text.substr(0, 2) < "11" || text.substr(0, 2) > "82") {
    return Status::InvalidArgument("the first two digits are not a province code (11-82)",
                                   "region_code");
  }
  return RegionCode{std::string(text)};
}

Result<std::optional<RegionCode>> ParseOptionalRegionCode(std::string_view text) {
  if (text.empty())
    return std::optional<RegionCode>();
  ZQ_ASSIGN_OR_RETURN(RegionCode region, ParseRegionCode(text));
  return std::optional<RegionCode>(std::move(region));
}

std::string_view SubtreePrefix(std::string_view code) {
  if (code.size() != 6)
    return code;
  if (code.substr(2) == "0000")
    return code.substr(0, 2);
  if (code.substr(4) == "00")
    return code.substr(0, 4);
  return code;
}

}  // namespace zq::ids

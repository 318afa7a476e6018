#include "demo/authority_names.h"

namespace zq::demo {

std::string AuthorityName(registry::Registry& registry, std::string_view region_code) {
  std::string name;
  Result<registry::Region> region = registry.GetRegion(region_code);
  if (region.ok()) {
    name = region->name;
    if (region->level == 3) {  // a county-level unit: under its city's name, when it has one
      Result<registry::Region> city = registry.GetRegion(region->parent_code);
      if (city.ok() && city->level == 2 && !city->name.ends_with("直辖县级行政区划"))
        name = city->name + name;
    }
  }
  return name + "市场监督管理局";
}

}  // namespace zq::demo

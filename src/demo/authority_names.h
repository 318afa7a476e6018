#pragma once
// The names of the demo's market regulation bureaus, as real ones are written:
// 山东省市场监督管理局, 济南市市场监督管理局, 济南市历下区市场监督管理局 (a county-level unit under
// its city's name).
#include <string>
#include <string_view>

#include "registry/registry.h"

namespace zq::demo {

// The bureau of the region `region_code` (province, city or county), from the registry's
// GB/T 2260 names; "市场监督管理局" alone when the region is unknown.
std::string AuthorityName(registry::Registry& registry, std::string_view region_code);

}  // namespace zq::demo

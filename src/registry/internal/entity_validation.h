#pragma once

#include <functional>
#include <string_view>

#include "core/status.h"
#include "registry/records.h"

namespace zq::registry::internal {

// Checks every field of a market entity. `region_level` answers 0 for an unknown region code,
// else its level (3 = county); `industry_exists` answers whether a GB/T 4754 code exists.
// kInvalidArgument with the field's name.
Status ValidateEntityFields(const MarketEntity& e,
                            const std::function<int(std::string_view)>& region_level,
                            const std::function<bool(std::string_view)>& industry_exists);

}  // namespace zq::registry::internal

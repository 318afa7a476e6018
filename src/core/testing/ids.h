#pragma once

// Tests only: typed identifiers from text known to be well formed, for calling the services'
// lookups (which take ids::Uscc and ids::RegionCode) from fixtures that keep codes as text.

#include <optional>
#include <string_view>

#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "core/result.h"
#include "core/status.h"

namespace zq {

inline ids::Uscc TestUscc(std::string_view text) {
  Result<ids::Uscc> u = ids::ParseUscc(text);
  ZQ_CHECK(u.ok());
  return std::move(u).value();
}

// None for "" (the caller's whole jurisdiction).
inline std::optional<ids::RegionCode> TestRegion(std::string_view text) {
  Result<std::optional<ids::RegionCode>> r = ids::ParseOptionalRegionCode(text);
  ZQ_CHECK(r.ok());
  return std::move(r).value();
}

}  // namespace zq

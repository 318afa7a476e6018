#pragma once

#include <nlohmann/json.hpp>

#include "registry/records.h"

namespace zq::api {

// The JSON forms of registry records that more than one route file answers with (defined in
// registry_routes.cc). Personal fields arrive already masked for the caller.
nlohmann::json RegionJson(const registry::Region& r);
nlohmann::json EntityJson(const registry::MarketEntity& e);

}  // namespace zq::api

#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "auth/caller.h"
#include "core/result.h"
#include "registry/registry.h"

namespace zq::demo {

enum class DemoScale { kSmall, kCity, kProvince };

// "small" | "city" | "province"; kInvalidArgument (field "scale") otherwise.
Result<DemoScale> ParseDemoScale(std::string_view text);
std::string_view DemoScaleName(DemoScale scale);

// small ≈ 50,000 market entities, city ≈ 1 million, province ≈ 14 million.
std::int64_t EntityCountFor(DemoScale scale);

struct DemoOptions {
  std::string province_code = "370000";  // any GB/T 2260 province
  DemoScale scale = DemoScale::kSmall;
  std::uint64_t seed = 20261124;
  std::int64_t entity_count = 0;  // overrides the scale's count when > 0 (tests)
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

struct DemoSummary {
  std::int64_t entities = 0;
  std::int64_t enterprises = 0;
  std::int64_t individual_businesses = 0;
  std::int64_t cooperatives = 0;
  std::int64_t products = 0;
  std::int64_t inspectors = 0;
  std::int64_t catalogue_entries = 0;
  bool reused = false;  // the database already held this demo
};

// Generates a synthetic province into the registry: market entities with valid USCCs whose
// region part is their county, spread over the real counties of the province by city weights
// (population-like for Shandong; by county count elsewhere) and over GB/T 4754 industries by a
// realistic mix; products with valid GTIN-13 (690-699) for manufacturers; an illustrative key
// supervised product catalogue; and an inspector pool per county. Deterministic: the same
// options give the same records on any machine (splitmix64, no std distributions). Streams in
// batches, so the province scale never holds all entities in memory. When the database already
// holds a demo with the same options it is left as it is (reused = true); another demo there
// is kFailedPrecondition. The demo's options are kept under the key "demo" of `db`'s meta table
// (the store's), the records only through the registry's functions.
Result<DemoSummary> GenerateProvince(store::Database& db, registry::Registry& registry,
                                     const DemoOptions& options);

}  // namespace zq::demo

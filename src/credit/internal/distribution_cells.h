#pragma once
// The reads behind the class distribution (credit_distribution.h; internal): the graded entities
// of a subtree per county, industry division and current risk class, and its active entities per
// county and division. Two sources give the same cells: the maintained counts (credit migration
// 0006 and the registry's registry_entity_counts: a key range of two small tables) and the scan
// of the grades and entities they replace (the reference in tests and the bench's baseline).
#include <functional>
#include <optional>
#include <string_view>

#include "auth/caller.h"
#include "core/result.h"
#include "credit/credit_distribution.h"
#include "store/database.h"

namespace zq::credit::internal {

// Receives one cell: `risk_class` "" for the active entities of the cell (graded or not).
using CellSink = std::function<Status(std::string_view county, std::string_view division,
                                      std::string_view risk_class, std::int64_t n)>;

// Reads the cells of the subtree whose region codes begin with `prefix` ("" for all) in `tx`:
// every graded cell before any active one.
using CellReader = Status (*)(store::Transaction& tx, std::string_view prefix,
                              const CellSink& sink);

Status ReadMaintainedCells(store::Transaction& tx, std::string_view prefix, const CellSink& sink);
Status ScanCells(store::Transaction& tx, std::string_view prefix, const CellSink& sink);

// ClassDistributionFor with the cells from `read`.
Result<ClassDistribution> DistributionFrom(CellReader read, store::Database& db,
                                           registry::Registry& registry, CreditService& credit,
                                           const Clock& clock, const auth::Caller& caller,
                                           const std::optional<ids::RegionCode>& region);

}  // namespace zq::credit::internal

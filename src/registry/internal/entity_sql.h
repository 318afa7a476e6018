#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "registry/registry.h"
#include "store/row_mapping.h"

// SQL shapes of the entities table shared by entities.cc and entity_import.cc.
namespace zq::registry::internal {

// The entity columns read back, declared once: SELECT list and row mapping (legal_representative
// still sealed).
const store::Columns<MarketEntity>& EntityColumns();

// Column names for BulkInsert (EntityColumns() plus province_code, updated_at and the blind index
// of the legal representative).
const std::vector<std::string>& EntityColumnList();

// A row selected with EntityColumns(); legal_representative is still sealed.
MarketEntity EntityFromRow(const store::Row& row);

// Values in EntityColumnList() order.
std::vector<store::Value> EntityValues(const MarketEntity& e, SealedField representative,
                                       const std::string& now);

// The stored entity (legal representative still sealed), or nullopt.
Result<std::optional<MarketEntity>> LoadEntity(store::Transaction& tx, std::string_view uscc);

// Insert or replace by USCC.
Status WriteEntity(store::Transaction& tx, const MarketEntity& e, const SealedField& representative,
                   const std::string& now);

// "ON CONFLICT (uscc) DO UPDATE SET …": every column of EntityColumnList() from `excluded`.
const std::string& EntityUpsertClause();

// The change Registry::UpsertEntity makes, without its audit entry (which the caller appends in
// the same transaction): validates `e`, reads the stored entity and writes `e` over it. Returns
// the audit action, "entity.create" or "entity.update", or nullopt when nothing changed.
// kPermissionDenied when the stored entity lies outside the caller's jurisdiction. Also the
// baseline of zq_bench_audit, which times this step with and without the entry.
Result<std::optional<std::string_view>> UpsertEntityRow(store::Transaction& tx, Registry& registry,
                                                        const auth::Caller& caller,
                                                        const MarketEntity& e);

// True when every field the registry keeps is equal (legal representative in plain text).
bool SameEntity(const MarketEntity& a, const MarketEntity& b);

struct Where {
  std::string sql = "1 = 1";
  std::vector<store::Value> params;
  bool empty_result = false;  // the filter lies wholly outside the caller's scope
};

// The WHERE clause for `filter` within the caller's scope. kInvalidArgument for a malformed
// region or industry code in the filter.
Result<Where> BuildEntityWhere(store::Transaction& tx, const auth::Caller& caller,
                               const EntityFilter& filter);

// "3701" → ["3701", "3702"): the half-open key range of codes starting with `prefix`.
std::pair<std::string, std::string> PrefixRange(std::string_view prefix);

}  // namespace zq::registry::internal

// Registry: market entities (registry.h).
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/csv.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "registry/internal/entity_sql.h"
#include "registry/internal/entity_validation.h"
#include "registry/internal/text_search.h"
#include "registry/registry.h"

namespace zq::registry {
namespace {

using store::Value;

}  // namespace

Status Registry::ValidateEntity(store::Transaction& tx, const MarketEntity& e) {
  Status lookup;
  auto region_level = [&](std::string_view code) -> int {
    const std::vector<Value> p = {std::string(code)};
    Result<store::ResultSet> r = tx.Query("SELECT level FROM regions WHERE code = ?", p);
    if (!r.ok()) {
      lookup = r.status();
      return 0;
    }
    return r->rows.empty() ? 0 : static_cast<int>(r->rows[0].GetInt(0));
  };
  auto industry_exists = [&](std::string_view code) {
    const std::vector<Value> p = {std::string(code)};
    Result<store::ResultSet> r = tx.Query("SELECT 1 FROM industries WHERE code = ?", p);
    if (!r.ok())
      lookup = r.status();
    return r.ok() && !r->rows.empty();
  };
  Status s = internal::ValidateEntityFields(e, region_level, industry_exists);
  ZQ_RETURN_IF_ERROR(lookup);
  return s;
}

Result<MarketEntity> Registry::GetEntity(const auth::Caller& caller, const ids::Uscc& uscc) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const std::vector<Value> p = {uscc.code};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT {} FROM entities WHERE uscc = ?",
                                            internal::EntityColumns().List()),
                                p));
  if (rs.rows.empty())
    return Status::NotFound("no such market entity", "uscc");
  MarketEntity e = internal::EntityFromRow(rs.rows[0]);
  if (caller.ReadsWithinRegion() && !caller.CanReadRegion(e.region_code)) {
    return Status::NotFound("no such market entity", "uscc");
  }
  const bool full = caller.CanSeePersonalData();
  e.legal_representative = PersonalField(caller, e.legal_representative);
  if (full && !e.legal_representative.empty()) {
    tx.reset();
    ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& wtx) {
      return audit_.Append(wtx, caller, "personal_data.read", "entity:" + e.uscc,
                           R"({"fields":["legal_representative"]})");
    }));
  }
  return e;
}

Result<PageOf<MarketEntity>> Registry::SearchEntities(const auth::Caller& caller,
                                                      const EntityFilter& filter, Page page) {
  ZQ_RETURN_IF_ERROR(CheckPage(page));
  ZQ_RETURN_IF_ERROR(AuthoriseRepresentativeSearch(caller, filter, "search"));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(internal::Where where, internal::BuildEntityWhere(*tx, caller, filter));
  AddRepresentativeCondition(filter, where.sql, where.params);
  PageOf<MarketEntity> out;
  out.page = page.page;
  out.page_size = page.page_size;
  if (where.empty_result)
    return out;
  const bool by_text = !filter.name_contains.empty() || !filter.address_contains.empty();
  if (by_text) {
    // A broad search ("有限公司") matches millions: count up to the platform's bound.
    std::vector<Value> params = where.params;
    params.emplace_back(kMaxCountedTotal + 1);
    ZQ_ASSIGN_OR_RETURN(store::ResultSet count,
                        tx->Query("SELECT COUNT(*) FROM (SELECT 1 FROM entities WHERE " +
                                      where.sql + " LIMIT ?) AS matches",
                                  params));
    out.total = std::min(count.rows[0].GetInt(0), kMaxCountedTotal);
    out.total_exact = count.rows[0].GetInt(0) <= kMaxCountedTotal;
  } else {
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet count,
        tx->Query("SELECT COUNT(*) FROM entities WHERE " + where.sql, where.params));
    out.total = count.rows[0].GetInt(0);
  }
  std::vector<Value> params = where.params;
  // region_code, uscc: the order of the entities_region index, so a region's page is read from
  // the index without sorting the region. A search by name ranks by closeness first.
  const std::string order = internal::ClosenessOrder(tx->backend(), filter, params);
  params.emplace_back(std::int64_t{page.page_size});
  params.emplace_back(std::int64_t{page.page - 1} * page.page_size);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT {} FROM entities WHERE {} ORDER BY {} "
                                            "LIMIT ? OFFSET ?",
                                            internal::EntityColumns().List(), where.sql, order),
                                params));
  for (const store::Row& row : rs.rows) {
    MarketEntity e = internal::EntityFromRow(row);
    e.legal_representative = MaskedPersonalField(e.legal_representative);
    out.items.push_back(std::move(e));
  }
  return out;
}

Result<std::int64_t> Registry::CountEntities(const auth::Caller& caller,
                                             const EntityFilter& filter) {
  ZQ_RETURN_IF_ERROR(AuthoriseRepresentativeSearch(caller, filter, "count"));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(internal::Where where, internal::BuildEntityWhere(*tx, caller, filter));
  AddRepresentativeCondition(filter, where.sql, where.params);
  if (where.empty_result)
    return std::int64_t{0};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet count,
                      tx->Query("SELECT COUNT(*) FROM entities WHERE " + where.sql, where.params));
  return count.rows[0].GetInt(0);
}

Result<bool> Registry::UpsertEntity(const auth::Caller& caller, const MarketEntity& e) {
  bool changed = false;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(CheckWriter(caller, e.region_code));
    ZQ_ASSIGN_OR_RETURN(std::optional<std::string_view> action,
                        internal::UpsertEntityRow(tx, *this, caller, e));
    if (!action)
      return Status::Ok();
    changed = true;
    return audit_.Append(tx, caller, *action, "entity:" + e.uscc);
  }));
  return changed;
}

Status Registry::AppendEntities(const auth::Caller& caller,
                                std::span<const MarketEntity> entities) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not change the registry");
  std::vector<std::vector<Value>> rows;
  rows.reserve(entities.size());
  const std::string now = auth::FormatTimestamp(clock_.Now());
  for (const MarketEntity& e : entities) {
    ZQ_RETURN_IF_ERROR(ids::ParseUscc(e.uscc).status());
    ZQ_RETURN_IF_ERROR(ids::ParseRegionCode(e.region_code).status());
    if (!caller.CanSeeRegion(e.region_code)) {
      return Status::PermissionDenied("an entity lies outside your jurisdiction", "region_code");
    }
    rows.push_back(internal::EntityValues(e, SealWithIndex(e.legal_representative), now));
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(tx.BulkInsert("entities", internal::EntityColumnList(), rows));
    return audit_.Append(tx, caller, "entity.append", "entities",
                         fmt::format(R"({{"count":{}}})", rows.size()));
  });
}

Status Registry::ForEachEntity(const auth::Caller& caller, const EntityFilter& filter,
                               const std::function<bool(const MarketEntity&)>& on_entity,
                               std::string_view purpose) {
  ZQ_RETURN_IF_ERROR(AuthoriseRepresentativeSearch(caller, filter, purpose));
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) {
    nlohmann::json detail = {{"purpose", purpose},
                             {"region_code", filter.region_code},
                             {"name_contains", filter.name_contains},
                             {"industry_code", filter.industry_code}};
    if (!filter.address_contains.empty())
      detail["address_contains"] = filter.address_contains;
    return audit_.Append(tx, caller, "entity.export", "entities", detail.dump());
  }));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(internal::Where where, internal::BuildEntityWhere(*tx, caller, filter));
  AddRepresentativeCondition(filter, where.sql, where.params);
  if (where.empty_result)
    return Status::Ok();
  return tx->QueryEach(fmt::format("SELECT {} FROM entities WHERE {} ORDER BY uscc",
                                   internal::EntityColumns().List(), where.sql),
                       where.params, [&](const store::Row& row) {
                         MarketEntity e = internal::EntityFromRow(row);
                         // Exports keep personal data in full only for administrators.
                         e.legal_representative =
                             caller.IsAdministrator()
                                 ? PersonalField(caller, e.legal_representative)
                                 : MaskedPersonalField(e.legal_representative);
                         return on_entity(e);
                       });
}

}  // namespace zq::registry

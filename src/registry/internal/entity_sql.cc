#include "registry/internal/entity_sql.h"

#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "registry/internal/text_search.h"

namespace zq::registry::internal {

using store::Value;

const std::vector<std::string>& EntityColumnList() {
  static const std::vector<std::string> cols = {"uscc",
                                                "name",
                                                "legal_representative",
                                                "region_code",
                                                "industry_code",
                                                "entity_type",
                                                "registered_capital_fen",
                                                "established_on",
                                                "deregistered_on",
                                                "status",
                                                "size",
                                                "address",
                                                "province_code",
                                                "updated_at",
                                                "legal_representative_index"};
  return cols;
}

const store::Columns<MarketEntity>& EntityColumns() {
  using E = MarketEntity;
  static const store::Columns<E> kColumns(
      "uscc", &E::uscc, "name", &E::name, "legal_representative", &E::legal_representative,
      "region_code", &E::region_code, "industry_code", &E::industry_code, "entity_type", &E::type,
      ParseEntityType, "registered_capital_fen", &E::registered_capital_fen, "established_on",
      &E::established_on, "deregistered_on", &E::deregistered_on, store::NonEmpty, "status",
      &E::status, ParseEntityStatus, "size", &E::size, ParseEntitySize, "address", &E::address);
  return kColumns;
}

MarketEntity EntityFromRow(const store::Row& r) { return EntityColumns().FromRow(r); }

std::vector<Value> EntityValues(const MarketEntity& e, SealedField representative,
                                const std::string& now) {
  return {e.uscc,
          e.name,
          std::move(representative.sealed),
          e.region_code,
          e.industry_code,
          std::string(EntityTypeName(e.type)),
          e.registered_capital_fen,
          e.established_on,
          e.deregistered_on.value_or(""),
          std::string(EntityStatusName(e.status)),
          std::string(EntitySizeName(e.size)),
          e.address,
          e.region_code.substr(0, 2),
          now,
          std::move(representative.index)};
}

Result<std::optional<MarketEntity>> LoadEntity(store::Transaction& tx, std::string_view uscc) {
  const std::vector<Value> p = {std::string(uscc)};
  return EntityColumns().QueryOne(tx, "entities WHERE uscc = ?", p);
}

Status WriteEntity(store::Transaction& tx, const MarketEntity& e, const SealedField& representative,
                   const std::string& now) {
  const std::vector<Value> v = EntityValues(e, representative, now);
  static const std::string sql =
      "INSERT INTO entities (uscc, name, legal_representative, region_code, industry_code, "
      "entity_type, registered_capital_fen, established_on, deregistered_on, status, size, "
      "address, province_code, updated_at, legal_representative_index) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) " +
      EntityUpsertClause();
  return tx.Execute(sql, v).status();
}

const std::string& EntityUpsertClause() {
  static const std::string clause =
      "ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, "
      "legal_representative = excluded.legal_representative, "
      "region_code = excluded.region_code, industry_code = excluded.industry_code, "
      "entity_type = excluded.entity_type, "
      "registered_capital_fen = excluded.registered_capital_fen, "
      "established_on = excluded.established_on, deregistered_on = excluded.deregistered_on, "
      "status = excluded.status, size = excluded.size, address = excluded.address, "
      "province_code = excluded.province_code, updated_at = excluded.updated_at, "
      "legal_representative_index = excluded.legal_representative_index";
  return clause;
}

Result<std::optional<std::string_view>> UpsertEntityRow(store::Transaction& tx, Registry& registry,
                                                        const auth::Caller& caller,
                                                        const MarketEntity& e) {
  ZQ_RETURN_IF_ERROR(registry.ValidateEntity(tx, e));
  ZQ_ASSIGN_OR_RETURN(std::optional<MarketEntity> old, LoadEntity(tx, e.uscc));
  if (old) {
    if (!caller.CanSeeRegion(old->region_code)) {
      return Status::PermissionDenied("the record lies outside your jurisdiction", "uscc");
    }
    old->legal_representative = registry.OpenedPersonalField(old->legal_representative);
    if (SameEntity(*old, e))
      return std::optional<std::string_view>();
  }
  ZQ_RETURN_IF_ERROR(WriteEntity(tx, e, registry.SealWithIndex(e.legal_representative),
                                 auth::FormatTimestamp(registry.clock().Now())));
  return std::optional<std::string_view>(old ? "entity.update" : "entity.create");
}

bool SameEntity(const MarketEntity& a, const MarketEntity& b) {
  return a.uscc == b.uscc && a.name == b.name && a.legal_representative == b.legal_representative &&
         a.region_code == b.region_code && a.industry_code == b.industry_code && a.type == b.type &&
         a.registered_capital_fen == b.registered_capital_fen &&
         a.established_on == b.established_on &&
         a.deregistered_on.value_or("") == b.deregistered_on.value_or("") && a.status == b.status &&
         a.size == b.size && a.address == b.address;
}

std::pair<std::string, std::string> PrefixRange(std::string_view prefix) {
  std::string hi(prefix);
  hi.back() = static_cast<char>(hi.back() + 1);  // digits and letters: '9' + 1 = ':' sorts after
  return {std::string(prefix), hi};
}

namespace {

std::string RegionPrefix(const ids::RegionCode& code) {
  switch (code.level()) {
    case ids::RegionLevel::kProvince:
      return code.code.substr(0, 2);
    case ids::RegionLevel::kCity:
      return code.code.substr(0, 4);
    case ids::RegionLevel::kCounty:
      return code.code;
  }
  return code.code;
}

void AddRange(Where& w, std::string_view column, std::string_view prefix) {
  auto [lo, hi] = PrefixRange(prefix);
  w.sql += " AND " + std::string(column) + " >= ? AND " + std::string(column) + " < ?";
  w.params.emplace_back(lo);
  w.params.emplace_back(hi);
}

}  // namespace

Result<Where> BuildEntityWhere(store::Transaction& tx, const auth::Caller& caller,
                               const EntityFilter& filter) {
  Where w;
  if (caller.ReadsWithinRegion()) {  // officials, and department clients bound to a region
    Result<ids::RegionCode> scope = ids::ParseRegionCode(caller.region_code);
    if (!scope.ok()) {
      w.empty_result = true;
      return w;
    }
    AddRange(w, "region_code", RegionPrefix(*scope));
  }
  if (!filter.region_code.empty()) {
    ZQ_ASSIGN_OR_RETURN(ids::RegionCode region, ids::ParseRegionCode(filter.region_code));
    AddRange(w, "region_code", RegionPrefix(region));
  }
  if (!filter.uscc.empty()) {
    w.sql += " AND uscc = ?";
    w.params.emplace_back(filter.uscc);
  }
  ZQ_RETURN_IF_ERROR(AddTextConditions(tx, filter, w));
  if (!filter.industry_code.empty()) {
    const std::string& code = filter.industry_code;
    const bool section = code.size() == 1 && code[0] >= 'A' && code[0] <= 'T';
    bool digits = code.size() >= 2 && code.size() <= 4;
    for (char c : code) digits = digits && c >= '0' && c <= '9';
    if (!section && !digits) {
      return Status::InvalidArgument("not a GB/T 4754-2017 industry code", "industry_code");
    }
    if (section) {
      // A section (门类) spans a run of divisions (大类): C is 13-43.
      const std::vector<Value> p = {code};
      ZQ_ASSIGN_OR_RETURN(
          store::ResultSet rs,
          tx.Query("SELECT MIN(code), MAX(code) FROM industries WHERE parent_code = ?", p));
      if (rs.rows.empty() || rs.rows[0].IsNull(0)) {
        w.empty_result = true;
        return w;
      }
      w.sql += " AND industry_code >= ? AND industry_code < ?";
      w.params.emplace_back(rs.rows[0].GetText(0));
      w.params.emplace_back(PrefixRange(rs.rows[0].GetText(1)).second);
    } else {
      AddRange(w, "industry_code", code);
    }
  }
  if (filter.status) {
    w.sql += " AND status = ?";
    w.params.emplace_back(std::string(EntityStatusName(*filter.status)));
  }
  if (filter.type) {
    w.sql += " AND entity_type = ?";
    w.params.emplace_back(std::string(EntityTypeName(*filter.type)));
  }
  return w;
}

}  // namespace zq::registry::internal

#include "registry/internal/entity_chunk.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "registry/internal/entity_sql.h"

namespace zq::registry::internal {
namespace {

using store::Value;

constexpr std::size_t kKeysPerQuery = 1000;
// Inside a chunk's transaction: the per-row triggers of the search index and the counts stand
// aside (registry migration 0011); the chunk maintains both itself.
constexpr std::string_view kChunkKey = "registry.import_chunk";

// "?, ?, …": n placeholders.
std::string Marks(std::size_t n) {
  std::string marks;
  marks.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) marks += i == 0 ? "?" : ", ?";
  return marks;
}

struct Stored {
  MarketEntity entity;  // legal representative still sealed
  std::string index;    // its blind index as stored
};

// The stored rows of the chunk's USCCs; on PostgreSQL locked until commit, so that the counts
// computed from them stay right while another transaction writes the same firm.
Result<std::unordered_map<std::string, Stored>> ReadStored(store::Transaction& tx,
                                                           std::span<const ChunkRow> rows) {
  std::unordered_map<std::string, Stored> stored;
  const std::size_t index_column = EntityColumns().size();
  const char* lock = tx.backend() == store::Backend::kPostgres ? " FOR UPDATE" : "";
  for (std::size_t start = 0; start < rows.size(); start += kKeysPerQuery) {
    const std::size_t end = std::min(rows.size(), start + kKeysPerQuery);
    std::vector<Value> keys;
    keys.reserve(end - start);
    for (std::size_t i = start; i < end; ++i) keys.emplace_back(rows[i].entity.uscc);
    ZQ_RETURN_IF_ERROR(tx.QueryEach(
        fmt::format("SELECT {}, legal_representative_index FROM entities WHERE uscc IN ({}){}",
                    EntityColumns().List(), Marks(end - start), lock),
        keys, [&](const store::Row& r) {
          Stored s{EntityFromRow(r), r.GetText(index_column)};
          std::string key = s.entity.uscc;
          stored.emplace(std::move(key), std::move(s));
          return true;
        }));
  }
  return stored;
}

DigestRow DigestOf(const MarketEntity& e, const std::string& index) {
  return DigestRow{
      {e.uscc, e.name, index, e.region_code, e.industry_code, std::string(EntityTypeName(e.type)),
       std::to_string(e.registered_capital_fen), e.established_on, e.deregistered_on.value_or(""),
       std::string(EntityStatusName(e.status)), std::string(EntitySizeName(e.size)), e.address}};
}

// The dashboard's counts cell of an entity (registry migration 0009).
using Cell = std::tuple<std::string, std::string, std::string>;

Cell CellOf(const MarketEntity& e) {
  return {e.region_code, e.industry_code.substr(0, 2), std::string(EntityStatusName(e.status))};
}

Status ApplyCounts(store::Transaction& tx, const std::map<Cell, std::int64_t>& deltas) {
  for (const auto& [cell, delta] : deltas) {
    if (delta == 0)
      continue;
    const std::vector<Value> p = {std::get<0>(cell), std::get<1>(cell), std::get<2>(cell), delta};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO entity_counts (region_code, division, status, n) "
                                  "VALUES (?, ?, ?, ?) ON CONFLICT (region_code, division, status) "
                                  "DO UPDATE SET n = entity_counts.n + excluded.n",
                                  p)
                           .status());
  }
  return Status::Ok();
}

// SQLite's FTS5 index of names and addresses (registry migration 0008), in one statement each
// for the whole chunk: the old text of changed rows out, the text of new and changed rows in.
Status MaintainSearch(store::Transaction& tx, std::span<const std::vector<Value>> old_text,
                      std::span<const std::vector<Value>> new_keys) {
  if (old_text.empty() && new_keys.empty())
    return Status::Ok();
  for (const char* sql :
       {"CREATE TEMP TABLE IF NOT EXISTS import_search_old (uscc TEXT, name TEXT, address TEXT)",
        "CREATE TEMP TABLE IF NOT EXISTS import_search_new (uscc TEXT PRIMARY KEY)"}) {
    ZQ_RETURN_IF_ERROR(tx.Execute(sql).status());
  }
  static const std::vector<std::string> kOld = {"uscc", "name", "address"}, kNew = {"uscc"};
  ZQ_RETURN_IF_ERROR(tx.BulkInsert("import_search_old", kOld, old_text));
  ZQ_RETURN_IF_ERROR(tx.BulkInsert("import_search_new", kNew, new_keys));
  for (const char* sql :
       {"INSERT INTO entity_search (entity_search, rowid, name, address) "
        "SELECT 'delete', k.id, o.name, o.address FROM import_search_old o "
        "JOIN entity_search_keys k ON k.uscc = o.uscc",
        "INSERT OR IGNORE INTO entity_search_keys (uscc) "
        "SELECT uscc FROM import_search_new ORDER BY uscc",
        "INSERT INTO entity_search (rowid, name, address) "
        "SELECT k.id, e.name, e.address FROM import_search_new n "
        "JOIN entity_search_keys k ON k.uscc = n.uscc JOIN entities e ON e.uscc = n.uscc",
        "DELETE FROM import_search_old", "DELETE FROM import_search_new"}) {
    ZQ_RETURN_IF_ERROR(tx.Execute(sql).status());
  }
  return Status::Ok();
}

// Changed rows: SQLite upserts each through one cached statement; PostgreSQL copies them into a
// staging table (COPY FROM STDIN) and upserts them in one statement.
Status WriteChanged(store::Transaction& tx, std::span<const std::vector<Value>> changed) {
  if (changed.empty())
    return Status::Ok();
  if (tx.backend() == store::Backend::kSqlite) {
    static const std::string sql =
        fmt::format("INSERT INTO entities ({}) VALUES ({}) {}", fmt::join(EntityColumnList(), ", "),
                    Marks(EntityColumnList().size()), EntityUpsertClause());
    for (const std::vector<Value>& row : changed) ZQ_RETURN_IF_ERROR(tx.Execute(sql, row).status());
    return Status::Ok();
  }
  ZQ_RETURN_IF_ERROR(
      tx.Execute("CREATE TEMP TABLE import_entities (uscc TEXT, name TEXT, "
                 "legal_representative TEXT, region_code TEXT, industry_code TEXT, "
                 "entity_type TEXT, registered_capital_fen BIGINT, established_on TEXT, "
                 "deregistered_on TEXT, status TEXT, size TEXT, address TEXT, "
                 "province_code TEXT, updated_at TEXT, legal_representative_index TEXT) "
                 "ON COMMIT DROP")
          .status());
  ZQ_RETURN_IF_ERROR(tx.BulkInsert("import_entities", EntityColumnList(), changed));
  static const std::string upsert =
      fmt::format("INSERT INTO entities ({0}) SELECT {0} FROM import_entities {1}",
                  fmt::join(EntityColumnList(), ", "), EntityUpsertClause());
  return tx.Execute(upsert).status();
}

}  // namespace

Result<ChunkOutcome> WriteEntityChunk(store::Transaction& tx, Registry& registry,
                                      const auth::Caller& caller, std::span<const ChunkRow> rows) {
  ChunkOutcome out;
  if (rows.empty())
    return out;
  ZQ_ASSIGN_OR_RETURN(auto stored, ReadStored(tx, rows));
  const std::string now = auth::FormatTimestamp(registry.clock().Now());
  std::vector<std::vector<Value>> fresh, changed, old_text, new_keys;
  std::vector<DigestRow> digest;
  std::map<Cell, std::int64_t> counts;
  for (const ChunkRow& row : rows) {
    const MarketEntity& e = row.entity;
    auto it = stored.find(e.uscc);
    if (it != stored.end()) {
      MarketEntity old = it->second.entity;
      if (!caller.CanSeeRegion(old.region_code)) {
        out.rejected.push_back(ImportError{row.line, "uscc", "PERMISSION_DENIED",
                                           "the stored entity lies outside your jurisdiction"});
        continue;
      }
      old.legal_representative = registry.OpenedPersonalField(old.legal_representative);
      if (SameEntity(old, e)) {
        ++out.unchanged;
        digest.push_back(DigestOf(e, it->second.index));
        continue;
      }
      if (CellOf(old) != CellOf(e)) {
        --counts[CellOf(old)];
        ++counts[CellOf(e)];
      }
      if (old.name != e.name || old.address != e.address) {
        old_text.push_back({old.uscc, old.name, old.address});
        new_keys.push_back({e.uscc});
      }
    } else {
      ++counts[CellOf(e)];
      new_keys.push_back({e.uscc});
    }
    digest.push_back(DigestOf(e, row.sealed.index));
    (it == stored.end() ? fresh : changed).push_back(EntityValues(e, row.sealed, now));
    ++(it == stored.end() ? out.inserted : out.updated);
  }
  if (fresh.empty() && changed.empty())
    return out;  // nothing written, nothing to audit
  const std::vector<Value> key = {std::string(kChunkKey), std::string()};
  ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO meta (key, value) VALUES (?, ?)", key).status());
  if (!fresh.empty())
    ZQ_RETURN_IF_ERROR(tx.BulkInsert("entities", EntityColumnList(), fresh));
  ZQ_RETURN_IF_ERROR(WriteChanged(tx, changed));
  ZQ_RETURN_IF_ERROR(ApplyCounts(tx, counts));
  if (tx.backend() == store::Backend::kSqlite)
    ZQ_RETURN_IF_ERROR(MaintainSearch(tx, old_text, new_keys));
  const std::vector<Value> k = {std::string(kChunkKey)};
  ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM meta WHERE key = ?", k).status());
  const nlohmann::json detail = {
      {"inserted", out.inserted},        {"updated", out.updated},
      {"unchanged", out.unchanged},      {"rejected", out.rejected.size()},
      {"first_line", rows.front().line}, {"last_line", rows.back().line},
      {"rows", digest.size()},           {"digest", ChunkDigest(digest)}};
  ZQ_RETURN_IF_ERROR(
      registry.audit().Append(tx, caller, "entity.import", "entities", detail.dump()));
  return out;
}

std::string ChunkDigest(std::vector<DigestRow>& rows) {
  std::sort(rows.begin(), rows.end(), [](const DigestRow& a, const DigestRow& b) {
    return a.fields.front() < b.fields.front();
  });
  std::string text;
  for (const DigestRow& r : rows) {
    for (const std::string& f : r.fields) {
      text += f;
      text += '\x1f';
    }
    text += '\x1e';
  }
  return "sm3:" + auth::ToHex(auth::Sm3(text));
}

Result<std::vector<DigestRow>> StoredDigestRows(store::Transaction& tx,
                                                std::span<const std::string> usccs) {
  std::vector<DigestRow> out;
  for (std::size_t start = 0; start < usccs.size(); start += kKeysPerQuery) {
    const std::size_t end = std::min(usccs.size(), start + kKeysPerQuery);
    const std::vector<Value> keys(usccs.begin() + static_cast<std::ptrdiff_t>(start),
                                  usccs.begin() + static_cast<std::ptrdiff_t>(end));
    ZQ_RETURN_IF_ERROR(tx.QueryEach(
        fmt::format("SELECT uscc, name, COALESCE(legal_representative_index, ''), region_code, "
                    "industry_code, entity_type, registered_capital_fen, established_on, "
                    "deregistered_on, status, size, address FROM entities WHERE uscc IN ({})",
                    Marks(end - start)),
        keys, [&](const store::Row& r) {
          DigestRow d;
          for (std::size_t i = 0; i < r.size(); ++i) d.fields.push_back(r.GetText(i));
          out.push_back(std::move(d));
          return true;
        }));
  }
  return out;
}

}  // namespace zq::registry::internal

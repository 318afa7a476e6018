// Registry: personal fields (个人信息) — sealing, masking, blind indexes for exact-match search,
// key rotation and re-indexing (registry.h).
#include <algorithm>
#include <functional>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/masking.h"
#include "registry/registry.h"

namespace zq::registry {
namespace {

using store::Value;

// The stored personal columns: the sealed value and its blind index, keyed by `key`.
struct PersonalColumn {
  const char* table;
  const char* key;
  const char* field;
  const char* index;
};

constexpr PersonalColumn kPersonalColumns[] = {
    {"entities", "uscc", "legal_representative", "legal_representative_index"},
    {"inspectors", "inspector_id", "name", "name_index"},
};

// Rows are rewritten in key-ordered batches, so that a province's table is never held in memory
// and no statement runs while a query is still streaming (PostgreSQL's single-row mode).
constexpr std::int64_t kBatch = 5000;

// Surrounding ASCII white space and U+3000 (ideographic space) do not change a name.
std::string_view Trimmed(std::string_view s) {
  for (;;) {
    if (!s.empty() &&
        (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (s.starts_with("\xE3\x80\x80")) {
      s.remove_prefix(3);
    } else if (!s.empty() &&
               (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.ends_with("\xE3\x80\x80")) {
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

std::string IndexOf(const auth::PersonalDataCipher& cipher, std::string_view plain) {
  const std::string_view t = Trimmed(plain);
  return t.empty() ? std::string() : cipher.BlindIndex(t);
}

struct Rewrite {
  std::string key;
  std::string sealed;  // empty: keep the stored value
  std::string index;
};

// Walks every row of `c` in key order, opening the sealed value under `from` and asking
// `rewrite` for the row's new values (nullopt: leave the row alone); returns the rows rewritten.
Result<std::int64_t> RewriteColumn(
    store::Transaction& tx, const PersonalColumn& c, const auth::PersonalDataCipher& from,
    const std::function<std::optional<Rewrite>(std::string key, std::string_view plain,
                                               const store::Row& row)>& rewrite) {
  const std::string select =
      fmt::format("SELECT {0}, {1}, {2} FROM {3} WHERE {0} > ? ORDER BY {0} LIMIT ?", c.key,
                  c.field, c.index, c.table);
  const std::string update_both =
      fmt::format("UPDATE {} SET {} = ?, {} = ? WHERE {} = ?", c.table, c.field, c.index, c.key);
  const std::string update_index =
      fmt::format("UPDATE {} SET {} = ? WHERE {} = ?", c.table, c.index, c.key);
  std::int64_t rewritten = 0;
  std::string after;
  for (;;) {
    const std::vector<Value> p = {after, kBatch};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query(select, p));
    std::vector<Rewrite> batch;
    for (const store::Row& r : rs.rows) {
      std::string plain;
      if (!r.GetText(1).empty()) {
        Result<std::string> opened = from.Open(r.GetText(1));
        if (!opened.ok()) {
          return Status::PermissionDenied(
              fmt::format("{} {} does not open under the current key", c.table, r.GetText(0)));
        }
        plain = std::move(*opened);
      }
      if (std::optional<Rewrite> w = rewrite(r.GetText(0), plain, r))
        batch.push_back(std::move(*w));
    }
    for (const Rewrite& w : batch) {
      if (w.sealed.empty()) {
        const std::vector<Value> u = {w.index, w.key};
        ZQ_RETURN_IF_ERROR(tx.Execute(update_index, u).status());
      } else {
        const std::vector<Value> u = {w.sealed, w.index, w.key};
        ZQ_RETURN_IF_ERROR(tx.Execute(update_both, u).status());
      }
    }
    rewritten += static_cast<std::int64_t>(batch.size());
    if (static_cast<std::int64_t>(rs.rows.size()) < kBatch)
      return rewritten;
    after = rs.rows.back().GetText(0);
  }
}

}  // namespace

std::string Registry::PersonalField(const auth::Caller& caller, std::string_view sealed) const {
  return caller.CanSeePersonalData() ? OpenedPersonalField(sealed) : MaskedPersonalField(sealed);
}

std::string Registry::OpenedPersonalField(std::string_view sealed) const {
  if (sealed.empty())
    return {};
  Result<std::string> plain = cipher_.Open(sealed);
  return plain.ok() ? *plain : "(unreadable)";  // wrong key or tampered: never the raw value
}

std::string Registry::MaskedPersonalField(std::string_view sealed) const {
  if (sealed.empty())
    return {};
  Result<std::string> plain = cipher_.Open(sealed);
  return plain.ok() ? auth::MaskPersonName(*plain) : "(unreadable)";
}

Result<ListedEntity> Registry::ListedEntityIn(store::Transaction& tx, std::string_view uscc) const {
  const std::vector<store::Value> key = {std::string(uscc)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT name, region_code, legal_representative FROM entities WHERE uscc = ?", key));
  if (rs.rows.empty())
    return Status::NotFound("no such market entity", "uscc");
  return ListedEntity{rs.rows[0].GetText(0), rs.rows[0].GetText(1),
                      MaskedPersonalField(rs.rows[0].GetText(2))};
}

Result<std::map<std::string, ListedEntity, std::less<>>> Registry::ListedEntitiesIn(
    store::Transaction& tx, std::span<const std::string> usccs) const {
  constexpr std::size_t kPerQuery = 500;  // well under either backend's parameter limit
  std::map<std::string, ListedEntity, std::less<>> out;
  for (std::size_t start = 0; start < usccs.size(); start += kPerQuery) {
    const std::span<const std::string> chunk =
        usccs.subspan(start, std::min(kPerQuery, usccs.size() - start));
    std::string sql =
        "SELECT uscc, name, region_code, legal_representative FROM entities WHERE uscc IN (";
    std::vector<store::Value> params;
    for (const std::string& u : chunk) {
      sql += params.empty() ? "?" : ",?";
      params.emplace_back(u);
    }
    sql += ")";
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query(sql, params));
    for (const store::Row& row : rs.rows) {
      out[row.GetText(0)] =
          ListedEntity{row.GetText(1), row.GetText(2), MaskedPersonalField(row.GetText(3))};
    }
  }
  return out;
}

SealedField Registry::SealWithIndex(std::string_view plain) const {
  if (plain.empty())
    return {};
  return SealedField{cipher_.Seal(plain), IndexOf(cipher_, plain)};
}

Status Registry::RekeyPersonalData(store::Transaction& tx,
                                   const auth::PersonalDataCipher& to) const {
  for (const PersonalColumn& c : kPersonalColumns) {
    ZQ_RETURN_IF_ERROR(
        RewriteColumn(tx, c, cipher_,
                      [&](std::string key, std::string_view plain,
                          const store::Row&) -> std::optional<Rewrite> {
                        if (plain.empty())
                          return Rewrite{std::move(key), "", ""};
                        return Rewrite{std::move(key), to.Seal(plain), IndexOf(to, plain)};
                      })
            .status());
  }
  return Status::Ok();
}

Result<std::int64_t> Registry::ReindexPersonalData(store::Transaction& tx) const {
  std::int64_t changed = 0;
  for (const PersonalColumn& c : kPersonalColumns) {
    ZQ_ASSIGN_OR_RETURN(std::int64_t n,
                        RewriteColumn(tx, c, cipher_,
                                      [&](std::string key, std::string_view plain,
                                          const store::Row& row) -> std::optional<Rewrite> {
                                        std::string index = IndexOf(cipher_, plain);
                                        if (!row.IsNull(2) && row.GetText(2) == index)
                                          return std::nullopt;
                                        return Rewrite{std::move(key), "", std::move(index)};
                                      }));
    changed += n;
  }
  return changed;
}

Status Registry::AuthoriseRepresentativeSearch(const auth::Caller& caller,
                                               const EntityFilter& filter,
                                               std::string_view purpose) {
  if (filter.legal_representative.empty())
    return Status::Ok();
  // Whether a named person represents any firm is itself personal data: only callers who may
  // read it in full may ask, and not by a masked answer, which would still confirm the name.
  if (!caller.CanSeePersonalData()) {
    return Status::PermissionDenied(
        "searching by legal representative needs the right to see personal data",
        "legal_representative");
  }
  if (Trimmed(filter.legal_representative).empty()) {
    return Status::InvalidArgument("the legal representative to find is blank",
                                   "legal_representative");
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet missing,
        tx.Query("SELECT 1 FROM entities WHERE legal_representative_index IS NULL LIMIT 1"));
    if (!missing.rows.empty()) {
      return Status::FailedPrecondition(
          "some entities have no blind index of their legal representative yet: run `zq keys "
          "reindex`",
          "legal_representative");
    }
    // The name itself stays out of the log, which would otherwise hold it in clear.
    const nlohmann::json detail = {
        {"fields", {"legal_representative"}}, {"match", "exact"}, {"purpose", purpose}};
    return audit_.Append(tx, caller, "personal_data.read", "entities", detail.dump());
  });
}

void Registry::AddRepresentativeCondition(const EntityFilter& filter, std::string& sql,
                                          std::vector<store::Value>& params) const {
  if (filter.legal_representative.empty())
    return;
  sql += " AND legal_representative_index = ?";
  params.emplace_back(IndexOf(cipher_, filter.legal_representative));
}

}  // namespace zq::registry

#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "auth/crypto.h"
#include "core/clock.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "core/page.h"
#include "core/result.h"
#include "registry/records.h"
#include "store/database.h"

namespace zq::registry {

using zq::kMaxCountedTotal;  // the list conventions: core/page.h
using zq::kMaxPageSize;
using zq::Page;
using zq::PageOf;

struct EntityFilter {
  // Words of the registered name, each a substring of it (full-text search, issue 22: words of
  // three characters or more come from a trigram index; see NameMatchOf for shorter ones).
  std::string name_contains;
  std::string address_contains;  // words of the address, likewise (one needs three characters)
  std::string uscc;              // exact
  std::string region_code;       // the region and everything beneath it
  std::string industry_code;     // the industry and everything beneath it (prefix of the code)
  // 法定代表人, exact (after trimming spaces), through its blind index: only for callers who may
  // see personal data in full (kPermissionDenied, field "legal_representative", for others), and
  // audited as a read of personal data.
  std::string legal_representative;
  std::optional<EntityStatus> status;
  std::optional<EntityType> type;
};

// How a search by name is answered, shown beside its results: "substring" (every word anywhere
// in the name), or "prefix" when no word of the name or address has the three characters a
// trigram needs (the first word then begins the name), with the reason in Chinese and English.
struct NameMatch {
  std::string mode;
  std::string reason;  // "" for "substring"
};

NameMatch NameMatchOf(const EntityFilter& filter);  // registry/internal/text_search.cc

// A personal field as stored: the sealed value (auth::PersonalDataCipher::Seal) and its blind
// index (HMAC-SM3 keyed hash of the trimmed value) for exact-match search; both "" when empty.
struct SealedField {
  std::string sealed;
  std::string index;
};

// Counts of the market entities in one region's subtree, for dashboards (registry/entity_stats.cc).
struct EntityStats {
  struct Count {
    std::string code;
    std::string name;
    std::int64_t count = 0;
  };

  std::int64_t total = 0;
  std::vector<Count> by_region;      // per direct child of the region (per province for "")
  std::vector<Count> by_industry;    // per GB/T 4754-2017 section (门类), all 20
  std::vector<Count> by_status;      // per registration status, e.g. "active"
  std::vector<MarketEntity> latest;  // the most recently updated, newest first, masked
};

// The registry (登记信息): regions, industries, market entities, products, the key supervised
// product catalogue and the inspector pool. Every call takes the Caller:
// - platform admins see everything; regulators and analysts see entities in their region's subtree
//   and nothing else (kNotFound, so existence does not leak); the public, enterprises and
//   department clients see the public registration view;
// - personal fields (legal representative, inspector names) are stored encrypted (SM4, see
//   auth/crypto.h) and shown masked (张*) except to admins and regulators reading one record, whose
//   full reads are audited;
// - writes need an admin or a regulator in scope, run in one transaction and are audited in it.
// Thread-safe: holds references only.
class Registry {
 public:
  Registry(store::Database& db, const auth::AuditLog& audit, const auth::PersonalDataCipher& cipher,
           const Clock& clock)
      : db_(db), audit_(audit), cipher_(cipher), clock_(clock) {}

  store::Database& db() { return db_; }

  // Loads the GB/T 2260 regions and GB/T 4754-2017 industries compiled into the binary.
  // Idempotent: rows already present are left alone.
  Status LoadReferenceData();

  Result<Region> GetRegion(std::string_view code);
  // The direct children; for "" the provinces.
  Result<std::vector<Region>> RegionChildren(std::string_view code);
  // The code of every county-level region in the subtree of `code`.
  Result<std::vector<Region>> CountiesUnder(std::string_view code);
  Result<Industry> GetIndustry(std::string_view code);
  Result<std::vector<Industry>> IndustryChildren(std::string_view code);  // "" → the 20 sections

  // Every region's full name by its code ("山东省济南市历下区" for 370102) and every industry's
  // name by its code at any level: for exports that write names beside codes.
  struct ReferenceNames {
    std::map<std::string, std::string, std::less<>> regions;
    std::map<std::string, std::string, std::less<>> industries;
  };

  Result<ReferenceNames> AllReferenceNames();
  // Every 小类 (class, level 3) code by its 门类 (section letter), in code order.
  Result<std::map<char, std::vector<std::string>>> IndustryClassesBySection();

  // One entity by its USCC (parsed at the edge: ids::ParseUscc gives the precise error of a
  // malformed one); kNotFound (field "uscc") when not registered or outside the caller's scope.
  Result<MarketEntity> GetEntity(const auth::Caller& caller, const ids::Uscc& uscc);
  Result<PageOf<MarketEntity>> SearchEntities(const auth::Caller& caller,
                                              const EntityFilter& filter, Page page);
  // Checks every field of `e` (USCC, name, region is a county-level unit that exists, the USCC's
  // region part is a real region, industry exists, dates, capital). kInvalidArgument with field.
  Status ValidateEntity(store::Transaction& tx, const MarketEntity& e);
  // Inserts or replaces one entity. Returns true when something changed.
  Result<bool> UpsertEntity(const auth::Caller& caller, const MarketEntity& e);

  // Appends entities that are not yet registered, through the backend's bulk path, in one
  // transaction with one audit entry. For generated or pre-validated data: syntax is checked,
  // existence of regions and industries is not. kAlreadyExists if any USCC is present.
  Status AppendEntities(const auth::Caller& caller, std::span<const MarketEntity> entities);

  // Bulk-load mode for loading millions of entities and products at once (the demo generator):
  // BeginBulkLoad drops the secondary indexes of those tables, recording their definitions in
  // `meta`; EndBulkLoad re-creates them from sorted data, which is many times faster than keeping
  // them up to date row by row. Searches are slow in between, but correct. If a load dies half-way,
  // the next EndBulkLoad (or BeginBulkLoad) restores the recorded indexes. Platform admins and the
  // system only (kPermissionDenied otherwise); each call is audited.
  Status BeginBulkLoad(const auth::Caller& caller);
  Status EndBulkLoad(const auth::Caller& caller);

  // 检查对象名录库: the active market entities in the subtree of `region_code` (within the
  // caller's scope) that make products of any of `category_codes` (every catalogued category when
  // empty), each with the categories it makes, ordered by USCC. For the spot-check draw.
  // kInvalidArgument (field "region_code") for a malformed region.
  Result<std::vector<Manufacturer>> ManufacturersIn(const auth::Caller& caller,
                                                    std::string_view region_code,
                                                    std::span<const std::string> category_codes);

  // 执法检查人员名录库: every active inspector whose unit lies in the subtree of `region_code`,
  // without names (the draw needs none), ordered by id.
  Result<std::vector<Inspector>> InspectorPool(const auth::Caller& caller,
                                               std::string_view region_code);

  // Counts by region subtree for dashboards: the caller's scope applies.
  Result<std::int64_t> CountEntities(const auth::Caller& caller, const EntityFilter& filter);

  // Counts in the subtree of `region` (none: every province) within the caller's scope, with
  // the `latest` most recently updated entities. kNotFound for an unknown region or one outside
  // the caller's jurisdiction.
  Result<EntityStats> StatsFor(const auth::Caller& caller,
                               const std::optional<ids::RegionCode>& region, int latest);

  // Streams every entity matching `filter` in the caller's scope, masked for the caller, to
  // `on_entity` (return false to stop). Audited as one export.
  Status ForEachEntity(const auth::Caller& caller, const EntityFilter& filter,
                       const std::function<bool(const MarketEntity&)>& on_entity,
                       std::string_view purpose);

  // Products, catalogue and inspectors (registry/catalogue.cc).
  Result<bool> UpsertProduct(const auth::Caller& caller, const Product& p);
  Status AppendProducts(const auth::Caller& caller, std::span<const Product> products);
  Result<Product> GetProduct(const auth::Caller& caller, std::string_view product_code);
  Result<PageOf<Product>> SearchProducts(const auth::Caller& caller, std::string_view name_contains,
                                         std::string_view manufacturer_uscc, Page page);
  Result<bool> UpsertCatalogueEntry(const auth::Caller& caller, const CatalogueEntry& c);
  Result<std::vector<CatalogueEntry>> ListCatalogue();
  Result<CatalogueEntry> GetCatalogueEntry(std::string_view code);
  Result<bool> UpsertInspector(const auth::Caller& caller, const Inspector& i);
  Status AppendInspectors(const auth::Caller& caller, std::span<const Inspector> inspectors);
  // The inspectors in the subtree of `region` (none: the caller's whole scope), officials only.
  Result<PageOf<Inspector>> ListInspectors(const auth::Caller& caller,
                                           const std::optional<ids::RegionCode>& region,
                                           std::string_view qualification, Page page);
  // The inspector whose console account is the caller's (for 我的任务), without the name.
  // kNotFound (field "inspector") when the caller's account is not linked to an inspector.
  Result<Inspector> InspectorOfCaller(const auth::Caller& caller);
  // Links (or with "" unlinks) the console account `username` to the inspector; the same
  // checks as UpsertInspector (jurisdiction, one account per inspector); kNotFound (field
  // "inspector_id") for an inspector outside the caller's jurisdiction or not in the pool.
  Status LinkInspectorAccount(const auth::Caller& caller, std::string_view inspector_id,
                              std::string_view username);

  // Re-seals every stored personal field (legal representatives, inspector names) under `to`
  // and recomputes its blind index under `to`, inside `tx`, for a key rotation.
  // kPermissionDenied if a value does not open under the current key (tampered), so nothing is
  // re-sealed from garbage. (registry/personal_data.cc)
  Status RekeyPersonalData(store::Transaction& tx, const auth::PersonalDataCipher& to) const;

  // Recomputes the blind index of every stored personal field under the current key, inside
  // `tx`; returns the number of rows whose index changed. For databases written before the
  // indexes existed (registry migration 0004 leaves them NULL): `zq keys reindex`.
  // kPermissionDenied as RekeyPersonalData.
  Result<std::int64_t> ReindexPersonalData(store::Transaction& tx) const;

  // The name, region and masked legal representative of `uscc`, read in `tx` (a transaction of
  // the calling module, which checks scope itself); kNotFound field "uscc" when not registered. A
  // list never shows personal data in full, so this read is not audited.
  Result<ListedEntity> ListedEntityIn(store::Transaction& tx, std::string_view uscc) const;

  // The same for a page of USCCs in one query per 500: the registered ones, by USCC.
  Result<std::map<std::string, ListedEntity, std::less<>>> ListedEntitiesIn(
      store::Transaction& tx, std::span<const std::string> usccs) const;

  // A stored personal field (the sealed value as stored) on a single record's page: in full for
  // a caller who CanSeePersonalData, else masked. Lists use MaskedPersonalField.
  std::string PersonalField(const auth::Caller& caller, std::string_view sealed) const;
  // The field masked, whoever asks (every list). "(unreadable)" under a wrong key or tampering.
  std::string MaskedPersonalField(std::string_view sealed) const;
  // The field in plain text for the registry's own comparisons (an update against the stored
  // record); never returned to a caller, so not audited. "(unreadable)" as above.
  std::string OpenedPersonalField(std::string_view sealed) const;

  std::string Seal(std::string_view plain) const { return cipher_.Seal(plain); }

  // The sealed value and blind index of a personal field, for writing it.
  SealedField SealWithIndex(std::string_view plain) const;

  const auth::AuditLog& audit() const { return audit_; }

  const Clock& clock() const { return clock_; }

 private:
  Status CheckWriter(const auth::Caller& caller, std::string_view region_code) const;

  // For a filter with a legal representative: checks that the caller may see personal data,
  // that every row has its blind index, and audits the search (in its own transaction, before
  // the read). Does nothing for other filters.
  Status AuthoriseRepresentativeSearch(const auth::Caller& caller, const EntityFilter& filter,
                                       std::string_view purpose);

  // Adds the blind-index condition of filter.legal_representative to `where`.
  void AddRepresentativeCondition(const EntityFilter& filter, std::string& sql,
                                  std::vector<store::Value>& params) const;

  store::Database& db_;
  const auth::AuditLog& audit_;
  const auth::PersonalDataCipher& cipher_;
  const Clock& clock_;
};

using zq::CheckPage;

}  // namespace zq::registry

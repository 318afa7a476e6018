#pragma once
// One chunk of `zq import entities` written in one transaction (internal; issue 22): the stored
// rows read in a few queries, new rows appended through the backend's bulk path, changed rows
// upserted (PostgreSQL: COPY into a staging table, then one INSERT … ON CONFLICT), the search
// index (SQLite's FTS5) and the dashboard's counts maintained once for the chunk instead of by
// their per-row triggers, and one audit entry carrying the digest of the chunk's rows.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "auth/caller.h"
#include "registry/entity_import.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::registry::internal {

struct ChunkRow {
  std::size_t line = 0;  // where the record starts in the file
  MarketEntity entity;   // validated; legal representative in plain text
  SealedField sealed;    // the legal representative sealed, with its blind index
};

struct ChunkOutcome {
  std::size_t inserted = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::vector<ImportError> rejected;  // rows refused on what is stored (outside the jurisdiction)
};

// Writes `rows` (distinct USCCs) in `tx` and appends the chunk's audit entry "entity.import" (none
// when nothing was written). Its detail: inserted, updated, unchanged, rejected, first_line,
// last_line, rows (the accepted rows), digest (ChunkDigest of the accepted rows as stored).
Result<ChunkOutcome> WriteEntityChunk(store::Transaction& tx, Registry& registry,
                                      const auth::Caller& caller, std::span<const ChunkRow> rows);

// The columns a chunk digest covers, as stored, legal representative as its blind index:
// uscc, name, legal_representative_index, region_code, industry_code, entity_type,
// registered_capital_fen, established_on, deregistered_on, status, size, address.
struct DigestRow {
  std::vector<std::string> fields;  // in the order above
};

// "sm3:" + hex SM3 over the rows sorted by USCC, each field followed by 0x1F and each row by
// 0x1E. `rows` is sorted in place.
std::string ChunkDigest(std::vector<DigestRow>& rows);

// The stored rows of `usccs` as DigestRows (for checking an audit entry's digest).
Result<std::vector<DigestRow>> StoredDigestRows(store::Transaction& tx,
                                                std::span<const std::string> usccs);

}  // namespace zq::registry::internal

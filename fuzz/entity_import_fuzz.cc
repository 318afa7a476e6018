// libFuzzer target: `zq import entities` (registry::ImportEntities, chunked, on an in-memory
// SQLite database) given any file answers with a report or a clear error, never a crash, and keeps
// its promises whatever the input: every row read is counted once (inserted, updated, unchanged or
// rejected), and the dashboard's maintained counts equal a recount of the entities afterwards.
// Input format: the first byte picks the importer (the operator, or a regulator of 历下区 whose
// rows elsewhere are refused) and the chunk size (1–8 rows, so that chunk boundaries fall
// everywhere); the rest is the file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "auth/key_ring.h"
#include "core/clock.h"
#include "core/status.h"
#include "registry/entity_import.h"
#include "registry/registry.h"
#include "store/database.h"

namespace {

struct World {
  std::unique_ptr<zq::store::Database> db;
  zq::FakeClock clock{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24}};
  zq::auth::KeyRing keys = *zq::auth::KeyRing::FromMasterKey(std::string(32, 'f'));
  std::unique_ptr<zq::auth::AuditLog> audit;
  std::unique_ptr<zq::registry::Registry> registry;
};

World& TheWorld() {
  static World* w = [] {
    auto* world = new World();
    world->db = std::move(zq::store::Database::Open(":memory:")).value();
    ZQ_CHECK(world->db->Migrate().ok());
    world->audit = std::make_unique<zq::auth::AuditLog>(world->keys.audit_chain(), world->clock);
    world->registry = std::make_unique<zq::registry::Registry>(
        *world->db, *world->audit, world->keys.personal_data(), world->clock);
    ZQ_CHECK(world->registry->LoadReferenceData().ok());
    return world;
  }();
  return *w;
}

// The rows of `sql`, each as its columns joined by '|'.
std::string Rows(zq::store::Database& db, const char* sql) {
  auto tx = std::move(db.Begin(zq::store::TxMode::kReadOnly)).value();
  std::string out;
  const zq::store::ResultSet rs = tx->Query(sql).value();
  for (const zq::store::Row& r : rs.rows) {
    for (std::size_t i = 0; i < r.size(); ++i) out += r.GetText(i) + "|";
    out += "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  World& world = TheWorld();
  zq::auth::Caller caller = zq::auth::Caller::System();
  if (data[0] & 1) {
    caller.actor = "reg-370102";
    caller.role = zq::auth::Role::kRegulator;
    caller.region_code = "370102";
  }
  zq::registry::ImportOptions options;
  options.batch_size = 1 + (data[0] >> 1) % 8;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  const zq::Result<zq::registry::ImportReport> report =
      zq::registry::ImportEntities(*world.registry, caller, in, options);
  if (report.ok()) {
    const zq::registry::ImportReport& r = *report;
    ZQ_CHECK(r.inserted + r.updated + r.unchanged + r.rejected == r.rows_read);
    ZQ_CHECK(r.errors.size() >= r.rejected);
  } else {
    ZQ_CHECK(!report.status().message().empty());
  }
  ZQ_CHECK(Rows(*world.db,
                "SELECT region_code, division, status, n FROM entity_counts WHERE n <> 0 "
                "ORDER BY 1, 2, 3") ==
           Rows(*world.db,
                "SELECT region_code, substr(industry_code, 1, 2), status, COUNT(*) FROM entities "
                "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
  return 0;
}

// The audit log's cost on write throughput: the same single-row writes, each in its own
// transaction, with and without the audit entry that every write carries. Usage:
//   zq_bench_audit DB_URL [WRITES]     (DB_URL: an SQLite path or a postgresql:// URI; emptied)
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include <fmt/format.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "core/ids/org_code.h"
#include "core/ids/uscc.h"
#include "registry/registry.h"
#include "store/database.h"

namespace {

using zq::store::Value;

// Wall-clock and process CPU-time rates of a run of writes. On SQLite every write runs in this
// process, so the CPU-time rate is the one that other load on a shared machine disturbs least; on
// PostgreSQL the server works in another process and only the wall-clock rate means anything.
struct Rates {
  double wall = 0;
  double cpu = 0;

  Rates& operator+=(const Rates& o) {
    wall += o.wall;
    cpu += o.cpu;
    return *this;
  }
};

class Stopwatch {
 public:
  Rates RatesFor(int n) const {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    const double cpu = static_cast<double>(std::clock() - cpu_) / CLOCKS_PER_SEC;
    return Rates{n / wall, cpu > 0 ? n / cpu : 0};
  }

 private:
  std::chrono::steady_clock::time_point wall_ = std::chrono::steady_clock::now();
  std::clock_t cpu_ = std::clock();
};

Rates WritesPerSecond(zq::store::Database& db, int n, int offset, const zq::auth::AuditLog* audit) {
  const Stopwatch watch;
  const zq::auth::Caller caller = zq::auth::Caller::System();
  for (int i = 0; i < n; ++i) {
    zq::Status s = zq::store::InTransaction(db, [&](zq::store::Transaction& tx) -> zq::Status {
      const std::vector<Value> row = {std::int64_t{offset + i}, fmt::format("企业{}", offset + i),
                                      std::string("370102")};
      ZQ_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO bench_writes (id, name, region_code) VALUES (?, ?, ?)", row)
              .status());
      if (audit == nullptr)
        return zq::Status::Ok();
      return audit->Append(tx, caller, "bench.write", fmt::format("bench:{}", offset + i));
    });
    ZQ_CHECK(s.ok());
  }
  return watch.RatesFor(n);
}

std::string EntityUscc(int serial) {
  const std::string body = fmt::format("MA{:06d}", serial % 1000000);
  std::string head = "91370102" + body;
  head += *zq::ids::OrgCodeCheckCharacter(body);
  head += *zq::ids::UsccCheckCharacter(head);
  return head;
}

zq::registry::MarketEntity MakeEntity(int serial) {
  zq::registry::MarketEntity e;
  e.uscc = EntityUscc(serial);
  e.name = fmt::format("济南质强测试{}电缆有限公司", serial);
  e.legal_representative = "张三";
  e.region_code = "370102";
  e.industry_code = "3831";
  e.registered_capital_fen = 500'000'00;
  e.established_on = "2015-06-01";
  e.address = "山东省济南市历下区经十路1号";
  return e;
}

// A registry-shaped write: one market entity row (four indexes) per transaction, as a plain
// INSERT, with or without its audit entry.
Rates EntityWritesPerSecond(zq::store::Database& db, int n, int offset,
                            const zq::auth::AuditLog* audit) {
  const Stopwatch watch;
  const zq::auth::Caller caller = zq::auth::Caller::System();
  for (int i = 0; i < n; ++i) {
    const zq::registry::MarketEntity e = MakeEntity(offset + i);
    zq::Status s = zq::store::InTransaction(db, [&](zq::store::Transaction& tx) -> zq::Status {
      const std::vector<Value> row = {e.uscc,
                                      e.name,
                                      e.legal_representative,
                                      e.region_code,
                                      std::string("370000"),
                                      e.industry_code,
                                      std::string("enterprise"),
                                      e.registered_capital_fen,
                                      e.established_on,
                                      std::string("active"),
                                      std::string("small"),
                                      e.address,
                                      std::string("2026-11-24T00:00:00.000Z")};
      ZQ_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO entities (uscc, name, legal_representative, region_code, "
                     "province_code, industry_code, entity_type, registered_capital_fen, "
                     "established_on, status, size, address, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     row)
              .status());
      if (audit == nullptr)
        return zq::Status::Ok();
      return audit->Append(tx, caller, "entity.upsert", "entity:" + e.uscc);
    });
    ZQ_CHECK(s.ok());
  }
  return watch.RatesFor(n);
}

// The registry's own path: validation, SM4 sealing, the row and its audit entry.
double RegistryUpsertsPerSecond(zq::registry::Registry& registry, int n, int offset) {
  const Stopwatch watch;
  for (int i = 0; i < n; ++i) {
    ZQ_CHECK(registry.UpsertEntity(zq::auth::Caller::System(), MakeEntity(offset + i)).ok());
  }
  return watch.RatesFor(n).wall;
}

void Print(const Rates& without, const Rates& with, int rounds, zq::store::Backend backend) {
  std::cout << fmt::format("  without audit entry: {:>9.0f} writes/s (baseline)\n",
                           without.wall / rounds);
  std::cout << fmt::format("  with audit entry:    {:>9.0f} writes/s ({:.1f}% fewer)\n",
                           with.wall / rounds, 100.0 * (1.0 - with.wall / without.wall));
  if (backend == zq::store::Backend::kSqlite) {
    std::cout << fmt::format(
        "  per CPU second:      {:>9.0f} → {:.0f} writes ({:.1f}% fewer; steadier on a busy "
        "machine)\n",
        without.cpu / rounds, with.cpu / rounds, 100.0 * (1.0 - with.cpu / without.cpu));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: zq_bench_audit DB_URL [WRITES]\n";
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 2000;
  auto db = zq::store::Database::Open(argv[1]);
  if (!db.ok() || !(*db)->Migrate().ok()) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 1;
  }
  zq::store::Database& d = **db;
  ZQ_CHECK(zq::store::InTransaction(d, [](zq::store::Transaction& tx) {
             ZQ_RETURN_IF_ERROR(tx.Execute("DROP TABLE IF EXISTS bench_writes").status());
             ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM entities").status());
             return tx
                 .Execute(
                     "CREATE TABLE bench_writes (id BIGINT PRIMARY KEY, name TEXT, "
                     "region_code TEXT)")
                 .status();
           }).ok());
  auto keys = *zq::auth::KeyRing::FromMasterKey(std::string(32, 'a'));
  zq::auth::AuditLog audit(keys.audit_chain(), zq::SystemClock::Instance());
  // Alternate the two kinds in rounds so that drift in the machine's speed hits both alike.
  Rates without, with;
  const int rounds = 4;
  for (int r = 0; r < rounds; ++r) {
    without += WritesPerSecond(d, n / rounds, (2 * r) * n, nullptr);
    with += WritesPerSecond(d, n / rounds, (2 * r + 1) * n, &audit);
  }
  std::cout << fmt::format("{}: {} single-row write transactions of each kind\n", d.description(),
                           n);
  Print(without, with, rounds, d.backend());

  zq::registry::Registry registry(d, audit, keys.personal_data(), zq::SystemClock::Instance());
  ZQ_CHECK(registry.LoadReferenceData().ok());
  Rates entity_without, entity_with;
  double upserts = 0;
  for (int r = 0; r < rounds; ++r) {
    entity_without += EntityWritesPerSecond(d, n / rounds, (3 * r) * n, nullptr);
    entity_with += EntityWritesPerSecond(d, n / rounds, (3 * r + 1) * n, &audit);
    upserts += RegistryUpsertsPerSecond(registry, n / rounds, (3 * r + 2) * n);
  }
  upserts /= rounds;
  std::cout << fmt::format("{} market-entity writes of each kind (a row and its indexes)\n", n);
  Print(entity_without, entity_with, rounds, d.backend());
  std::cout << fmt::format(
      "  Registry::UpsertEntity (validation, SM4 sealing, row, audit): {:.0f} writes/s\n", upserts);
  return 0;
}

// The audit log's cost on write throughput: the same single-row writes, each in its own
// transaction, with and without the audit entry that every write carries. Usage:
//   zq_bench_audit DB_URL [WRITES]     (DB_URL: an SQLite path or a postgresql:// URI; emptied)
#include <chrono>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "store/database.h"

namespace {

using zq::store::Value;

double WritesPerSecond(zq::store::Database& db, int n, int offset,
                       const zq::auth::AuditLog* audit) {
  const auto start = std::chrono::steady_clock::now();
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
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return n / seconds;
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
             return tx
                 .Execute(
                     "CREATE TABLE bench_writes (id BIGINT PRIMARY KEY, name TEXT, "
                     "region_code TEXT)")
                 .status();
           }).ok());
  auto keys = *zq::auth::KeyRing::FromMasterKey(std::string(32, 'a'));
  zq::auth::AuditLog audit(keys.audit_chain(), zq::SystemClock::Instance());
  // Alternate the two kinds in rounds so that drift in the machine's speed hits both alike.
  double without = 0, with = 0;
  const int rounds = 4;
  for (int r = 0; r < rounds; ++r) {
    without += WritesPerSecond(d, n / rounds, (2 * r) * n, nullptr);
    with += WritesPerSecond(d, n / rounds, (2 * r + 1) * n, &audit);
  }
  without /= rounds;
  with /= rounds;
  std::cout << fmt::format("{}: {} single-row write transactions of each kind\n", d.description(),
                           n);
  std::cout << fmt::format("  without audit entry: {:>9.0f} writes/s (baseline)\n", without);
  std::cout << fmt::format("  with audit entry:    {:>9.0f} writes/s ({:.1f}% fewer)\n", with,
                           100.0 * (1.0 - with / without));
  return 0;
}

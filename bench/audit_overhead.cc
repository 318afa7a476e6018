// The audit log's cost on write throughput: the same writes, each in its own transaction, with
// and without the audit entry that every write carries, alternated in rounds within one run.
//   zq_bench_audit DB_URL [WRITES_PER_BATCH] [ROUNDS]   (DB_URL: an SQLite path or a
//                                                        postgresql:// URI; its data is replaced)
//
// What is measured (the figure the 15 % target applies to): the registry's entity create and
// update through its service, Registry::UpsertEntity — the write an operator makes from the
// console or the API: it validates the entity (region and industry looked up), reads the stored
// row, seals the legal representative (SM4 + blind index), writes the row and its indexes, and
// appends the audit entry in the same transaction. The baseline is the same service step without
// the entry (registry::internal::UpsertEntityRow, which UpsertEntity itself calls), so the only
// difference between the two sides is AuditLog::Append. A tiny three-column insert with and
// without its entry is printed too, as the floor: there the entry is most of the transaction.
//
// Each round runs a batch of every kind, baseline and audited back to back (their order
// alternating between rounds, so drift in the machine's speed hits both alike); the figures are
// medians over rounds. Rates are per wall-clock second and per CPU second; the CPU time is this
// process's plus, on PostgreSQL, that of the server backend serving the bench's connection
// (/proc/PID/schedstat), which a loaded machine disturbs far less than wall-clock time. On
// PostgreSQL also the WAL bytes per write, which load does not move at all (SQLite's pages per
// commit: bench/audit_wal_frames.py).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>

#include <fmt/format.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "core/ids/uscc.h"
#include "registry/internal/entity_sql.h"
#include "registry/registry.h"
#include "store/database.h"

namespace {

using zq::store::Value;

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// CPU seconds of another process on this machine (the PostgreSQL backend), 0 when unknown.
double OtherProcessCpuSeconds(long pid) {
  if (pid <= 0)
    return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
  double ns = 0;
  in >> ns;
  return ns * 1e-9;
}

struct Rates {
  double wall = 0;       // writes per wall-clock second
  double cpu = 0;        // writes per CPU second (this process + the server backend)
  double wal_bytes = 0;  // PostgreSQL: WAL bytes per write (load does not move it)
};

// PostgreSQL: the WAL insert position, as text; empty on SQLite.
std::string WalPosition(zq::store::Database& db) {
  if (db.backend() != zq::store::Backend::kPostgres)
    return {};
  std::string lsn;
  ZQ_CHECK(zq::store::InTransaction(db, [&](zq::store::Transaction& tx) -> zq::Status {
             ZQ_ASSIGN_OR_RETURN(zq::store::ResultSet rs,
                                 tx.Query("SELECT CAST(pg_current_wal_insert_lsn() AS TEXT)"));
             lsn = rs.rows[0].GetText(0);
             return zq::Status::Ok();
           }).ok());
  return lsn;
}

double WalBytesSince(zq::store::Database& db, const std::string& from) {
  if (from.empty())
    return 0;
  double bytes = 0;
  ZQ_CHECK(zq::store::InTransaction(db, [&](zq::store::Transaction& tx) -> zq::Status {
             const std::vector<Value> p = {from};
             ZQ_ASSIGN_OR_RETURN(
                 zq::store::ResultSet rs,
                 tx.Query("SELECT CAST(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), "
                          "CAST(? AS pg_lsn)) AS DOUBLE PRECISION)",
                          p));
             bytes = rs.rows[0].GetDouble(0);
             return zq::Status::Ok();
           }).ok());
  return bytes;
}

class Stopwatch {
 public:
  explicit Stopwatch(long server_pid)
      : server_pid_(server_pid), cpu_(ProcessCpuSeconds() + OtherProcessCpuSeconds(server_pid)) {}

  Rates RatesFor(int n) const {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    const double cpu = ProcessCpuSeconds() + OtherProcessCpuSeconds(server_pid_) - cpu_;
    return Rates{n / wall, cpu > 0 ? n / cpu : 0};
  }

 private:
  long server_pid_;
  double cpu_;
  std::chrono::steady_clock::time_point wall_ = std::chrono::steady_clock::now();
};

std::string EntityUscc(int serial) {
  return *zq::ids::ComposeUscc("91370102", fmt::format("MA{:06d}", serial % 1000000));
}

zq::registry::MarketEntity MakeEntity(int serial, int version) {
  zq::registry::MarketEntity e;
  e.uscc = EntityUscc(serial);
  e.name = fmt::format("济南质强测试{}电缆有限公司", serial);
  e.legal_representative = "张三";
  e.region_code = "370102";
  e.industry_code = "3831";
  e.registered_capital_fen = 500'000'00;
  e.established_on = "2015-06-01";
  e.address = fmt::format("山东省济南市历下区经十路{}号", version);
  return e;
}

// One kind of write: `write(i, audited)` makes the i-th write of a batch in its own transaction.
struct Kind {
  Kind(std::string n, std::function<void(int, bool)> w, bool fresh = true)
      : name(std::move(n)), write(std::move(w)), new_rows(fresh) {}

  std::string name;
  std::function<void(int i, bool audited)> write;
  bool new_rows;                      // each batch writes rows of a new batch number
  std::vector<Rates> plain, audited;  // one per round
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One line of the report: the medians of `rate` without and with the entry, and of the rounds'
// ratios.
void PrintRates(std::string_view label, const Kind& k, double Rates::*rate) {
  std::vector<double> without, with, ratio;
  for (std::size_t r = 0; r < k.plain.size(); ++r) {
    without.push_back(k.plain[r].*rate);
    with.push_back(k.audited[r].*rate);
    ratio.push_back(k.audited[r].*rate / k.plain[r].*rate);
  }
  std::cout << fmt::format(
      "  {:<16} {:>7.0f} without → {:>7.0f} with the entry  ({:.1f}% fewer; median of rounds' "
      "ratios {:.1f}%, range {:.1f}…{:.1f}%)\n",
      label, Median(without), Median(with), 100.0 * (1.0 - Median(with) / Median(without)),
      100.0 * (1.0 - Median(ratio)), 100.0 * (1.0 - *std::max_element(ratio.begin(), ratio.end())),
      100.0 * (1.0 - *std::min_element(ratio.begin(), ratio.end())));
}

void Report(const Kind& k) {
  std::cout << fmt::format("{}\n", k.name);
  PrintRates("per wall second:", k, &Rates::wall);
  PrintRates("per CPU second:", k, &Rates::cpu);
  std::vector<double> wal0, wal1;
  for (std::size_t r = 0; r < k.plain.size(); ++r) {
    wal0.push_back(k.plain[r].wal_bytes);
    wal1.push_back(k.audited[r].wal_bytes);
  }
  if (Median(wal0) > 0) {
    std::cout << fmt::format(
        "  WAL per write:   {:>7.0f} without → {:>7.0f} bytes with the entry (+{:.0f}%)\n",
        Median(wal0), Median(wal1), 100.0 * (Median(wal1) / Median(wal0) - 1));
  }
}

// A registry write through the service (audited) or its step without the entry (the baseline).
void RegistryWrite(zq::store::Database& d, zq::registry::Registry& registry,
                   const zq::auth::Caller& caller, const zq::registry::MarketEntity& e,
                   bool audited) {
  if (audited) {
    ZQ_CHECK(*registry.UpsertEntity(caller, e));
    return;
  }
  ZQ_CHECK(zq::store::InTransaction(d, [&](zq::store::Transaction& tx) {
             return zq::registry::internal::UpsertEntityRow(tx, registry, caller, e).status();
           }).ok());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: zq_bench_audit DB_URL [WRITES_PER_BATCH] [ROUNDS]\n";
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 300;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 7;
  auto db = zq::store::Database::Open(argv[1]);
  if (!db.ok() || !(*db)->Migrate().ok()) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 1;
  }
  zq::store::Database& d = **db;
  long server_pid = 0;
  ZQ_CHECK(zq::store::InTransaction(d, [&](zq::store::Transaction& tx) {
             ZQ_RETURN_IF_ERROR(tx.Execute("DROP TABLE IF EXISTS bench_writes").status());
             ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM entities").status());
             if (tx.backend() == zq::store::Backend::kPostgres) {
               ZQ_ASSIGN_OR_RETURN(zq::store::ResultSet pid, tx.Query("SELECT pg_backend_pid()"));
               server_pid = static_cast<long>(pid.rows[0].GetInt(0));
             }
             return tx
                 .Execute(
                     "CREATE TABLE bench_writes (id BIGINT PRIMARY KEY, name TEXT, "
                     "region_code TEXT)")
                 .status();
           }).ok());
  auto keys = *zq::auth::KeyRing::FromMasterKey(std::string(32, 'a'));
  zq::auth::AuditLog audit(keys.audit_chain(), zq::SystemClock::Instance());
  zq::registry::Registry registry(d, audit, keys.personal_data(), zq::SystemClock::Instance());
  ZQ_CHECK(registry.LoadReferenceData().ok());
  const zq::auth::Caller caller = zq::auth::Caller::System();

  // Serial numbers: batch b of a round uses [b * n, (b + 1) * n); creates never repeat, updates
  // rewrite the entities the creates of the same round made (a new address each time).
  int batch = 0;
  int version = 0;
  std::vector<Kind> kinds;
  kinds.emplace_back("registry entity create (Registry::UpsertEntity of a new entity)",
                     [&](int i, bool audited) {
                       RegistryWrite(d, registry, caller, MakeEntity(batch * n + i, 0), audited);
                     });
  kinds.emplace_back(
      "registry entity update (Registry::UpsertEntity, the address changed)",
      [&](int i, bool audited) {
        // The creates just before used batches batch - 2 and batch - 1.
        const int serial = (batch - 2 + (audited ? 1 : 0)) * n + i;
        RegistryWrite(d, registry, caller, MakeEntity(serial, ++version), audited);
      },
      false);
  kinds.emplace_back("floor: tiny insert (3 columns, primary key only)", [&](int i, bool audited) {
    const std::int64_t id = std::int64_t{batch} * n + i;
    ZQ_CHECK(
        zq::store::InTransaction(d, [&](zq::store::Transaction& tx) -> zq::Status {
          const std::vector<Value> row = {id, fmt::format("企业{}", id), std::string("370102")};
          ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO bench_writes (id, name, "
                                        "region_code) VALUES (?, ?, ?)",
                                        row)
                                 .status());
          if (!audited)
            return zq::Status::Ok();
          return audit.Append(tx, caller, "bench.write", fmt::format("bench:{}", id));
        }).ok());
  });

  // A warm-up batch of each kind (caches, the audit head, prepared statements), not counted.
  for (Kind& k : kinds) {
    for (bool audited : {false, true}) {
      for (int i = 0; i < n; ++i) k.write(i, audited);
      batch += k.new_rows ? 1 : 0;
    }
  }
  for (int r = 0; r < rounds; ++r) {
    for (Kind& k : kinds) {
      for (int j = 0; j < 2; ++j) {
        const bool audited = (j == 1) == (r % 2 == 0);
        const std::string wal = WalPosition(d);
        const Stopwatch watch(server_pid);
        for (int i = 0; i < n; ++i) k.write(i, audited);
        Rates rates = watch.RatesFor(n);
        rates.wal_bytes = WalBytesSince(d, wal) / n;
        (audited ? k.audited : k.plain).push_back(rates);
        batch += k.new_rows ? 1 : 0;
      }
    }
  }
  std::cout << fmt::format(
      "{}: {} rounds of {} writes of each kind with and without the audit entry, each write its "
      "own transaction (medians over rounds)\n",
      d.description(), rounds, n);
  for (const Kind& k : kinds) Report(k);
  if (server_pid > 0) {
    std::cout << "  (CPU: this process and its PostgreSQL backend; the server's WAL writer and "
                 "other background processes are not counted)\n";
  }
  return 0;
}

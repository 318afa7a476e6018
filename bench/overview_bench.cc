// The two overviews a regulator opens first (issue 22), each beside the path it replaced, in the
// same run on an existing database (`zq demo --generate-only`):
//  - the whole-province dashboard (Registry::StatsFor): the maintained counts read in place
//    (Transaction::Scan) against the same rows copied into store::Row objects (the old read);
//  - the credit class distribution behind the 工作台's class-A and class-D shares: read from the
//    maintained class counts (credit migration 0006), once per request, against the scan of the
//    grades and entities it replaced, which the 工作台 ran twice per request.
// Each line: p50 and p99 wall time and mean CPU time (user + system) per call, and the ratio of
// CPU times. Also checks that both distributions are equal.
// Usage: zq_bench_overview DB_URL [CALLS]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <sys/resource.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "credit/credit_service.h"
#include "credit/internal/distribution_cells.h"
#include "registry/registry.h"

namespace {

struct Figures {
  double p50_ms;
  double p99_ms;
  double cpu_ms;  // mean user + system per call
};

double CpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

Figures Measure(int n, const std::function<void()>& run) {
  std::vector<double> ms;
  const double cpu0 = CpuMs();
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  const double cpu = (CpuMs() - cpu0) / n;
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(n)))];
  };
  return {at(0.5), at(0.99), cpu};
}

template <typename T>
T OrDie(zq::Result<T> r) {
  if (!r.ok()) {
    std::cerr << r.status().ToString() << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: zq_bench_overview DB_URL [CALLS]\n";
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 50;
  auto db = OrDie(zq::store::Database::Open(argv[1]));
  zq::store::Database& d = *db;
  auto keys = OrDie(zq::auth::KeyRing::FromMasterKey(std::string(32, 'b')));
  const zq::Clock& clock = zq::SystemClock::Instance();
  zq::auth::AuditLog audit(keys.audit_chain(), clock);
  zq::registry::Registry reg(d, audit, keys.personal_data(), clock);
  zq::credit::CreditService credit(d, reg, audit, clock);
  if (!credit.LoadRuleSets().ok())
    return 1;
  zq::auth::Caller province;
  province.role = zq::auth::Role::kRegulator;
  province.region_code = "370000";
  const auto whole = zq::ids::ParseRegionCode("370000").value();

  struct Line {
    std::string what;
    Figures f;
  };

  std::vector<Line> lines;
  // The dashboard's counts: the old read (rows copied) and the new (in place), then the route's
  // call.
  const std::string counts_sql =
      "SELECT region_code, division, status, n FROM entity_counts "
      "WHERE region_code >= ? AND region_code < ? AND n > 0";
  const std::vector<zq::store::Value> range = {std::string("37"), std::string("38")};
  std::int64_t rows = 0;
  lines.push_back({"dashboard counts, province: rows copied (old)", Measure(n, [&] {
                     auto tx = OrDie(d.Begin(zq::store::TxMode::kReadOnly));
                     std::map<std::string, std::int64_t> by_status;
                     const zq::store::ResultSet rs = OrDie(tx->Query(counts_sql, range));
                     rows = static_cast<std::int64_t>(rs.rows.size());
                     for (const zq::store::Row& r : rs.rows) by_status[r.GetText(2)] += r.GetInt(3);
                   })});
  lines.push_back({"dashboard counts, province: read in place (new)", Measure(n, [&] {
                     auto tx = OrDie(d.Begin(zq::store::TxMode::kReadOnly));
                     std::map<std::string, std::int64_t, std::less<>> by_status;
                     (void)tx->Scan(counts_sql, range, [&](const zq::store::RowView& r) {
                       const std::string_view s = r.Text(2);
                       if (auto it = by_status.find(s); it != by_status.end())
                         it->second += r.Int(3);
                       else
                         by_status.emplace(s, r.Int(3));
                       return true;
                     });
                   })});
  lines.push_back({"dashboard, province: StatsFor, 10 latest (new)",
                   Measure(n, [&] { (void)OrDie(reg.StatsFor(province, whole, 10)); })});
  const auto distribution = [&](zq::credit::internal::CellReader read) {
    return OrDie(
        zq::credit::internal::DistributionFrom(read, d, reg, credit, clock, province, whole));
  };
  lines.push_back({"工作台 shares, province: 2 scanned distributions (old)", Measure(n, [&] {
                     (void)distribution(zq::credit::internal::ScanCells);
                     (void)distribution(zq::credit::internal::ScanCells);
                   })});
  lines.push_back({"distribution, province: scanned (old)",
                   Measure(n, [&] { (void)distribution(zq::credit::internal::ScanCells); })});
  lines.push_back({"distribution, province: maintained counts (new)", Measure(n, [&] {
                     (void)distribution(zq::credit::internal::ReadMaintainedCells);
                   })});
  const zq::credit::ClassDistribution a = distribution(zq::credit::internal::ScanCells);
  const zq::credit::ClassDistribution b = distribution(zq::credit::internal::ReadMaintainedCells);
  bool same = a.total == b.total && a.graded == b.graded &&
              a.by_region.size() == b.by_region.size() &&
              a.by_industry.size() == b.by_industry.size();
  for (std::size_t i = 0; same && i < a.by_region.size(); ++i)
    same = a.by_region[i].counts == b.by_region[i].counts &&
           a.by_region[i].graded == b.by_region[i].graded;
  for (std::size_t i = 0; same && i < a.by_industry.size(); ++i)
    same = a.by_industry[i].counts == b.by_industry[i].counts &&
           a.by_industry[i].graded == b.by_industry[i].graded;

  std::cout << fmt::format("database: {}; {} calls each; province counts rows: {}\n",
                           d.description(), n, rows);
  std::cout << fmt::format("{:<56} {:>9} {:>9} {:>9}\n", "call", "p50 ms", "p99 ms", "CPU ms");
  for (const Line& l : lines)
    std::cout << fmt::format("{:<56} {:>9.2f} {:>9.2f} {:>9.2f}\n", l.what, l.f.p50_ms, l.f.p99_ms,
                             l.f.cpu_ms);
  std::cout << fmt::format("dashboard counts read: old / new CPU = {:.1f}x\n",
                           lines[0].f.cpu_ms / lines[1].f.cpu_ms);
  std::cout << fmt::format("工作台 shares: old (2 scans) / new (1 from counts) CPU = {:.1f}x\n",
                           lines[3].f.cpu_ms / lines[5].f.cpu_ms);
  std::cout << fmt::format("distributions equal (scan vs counts): {}\n", same ? "yes" : "NO");
  return same ? 0 : 1;
}

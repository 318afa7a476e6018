// Entity search latency (p50/p99) on an existing database, against the baseline of a plain
// primary-key SELECT on the same table. Usage: zq_bench_search DB_URL [QUERIES]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>

#include <fmt/format.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "registry/registry.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Percentiles {
  double p50_ms;
  double p99_ms;
};

Percentiles Measure(int n, const std::function<void(int)>& run) {
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    run(i);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  return {at(0.50), at(0.99)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: zq_bench_search DB_URL [QUERIES]\n";
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 200;
  auto db = zq::store::Database::Open(argv[1]);
  if (!db.ok()) {
    std::cerr << db.status().ToString() << "\n";
    return 1;
  }
  zq::store::Database& d = **db;
  auto keys = *zq::auth::KeyRing::FromMasterKey(std::string(32, 'b'));
  zq::auth::AuditLog audit(keys.audit_chain(), zq::SystemClock::Instance());
  zq::registry::Registry reg(d, audit, keys.personal_data(), zq::SystemClock::Instance());

  // Sample keys spread over the table.
  std::vector<std::string> usccs;
  std::vector<std::string> fragments;
  {
    auto tx = std::move(d.Begin(zq::store::TxMode::kReadOnly)).value();
    const std::int64_t total = tx->Query("SELECT COUNT(*) FROM entities")->rows[0].GetInt(0);
    const std::int64_t step = std::max<std::int64_t>(1, total / n);
    int i = 0;
    (void)tx->QueryEach(
        "SELECT uscc, name FROM entities ORDER BY uscc", {}, [&](const zq::store::Row& r) {
          if (i++ % step == 0) {
            usccs.push_back(r.GetText(0));
            // A two-character trade name (字号) fragment, as users type them.
            const std::string name = r.GetText(1);
            fragments.push_back(name.size() >= 12 ? name.substr(6, 6) : name.substr(0, 6));
          }
          return static_cast<int>(usccs.size()) < n;
        });
    std::cout << fmt::format("database: {} ({} market entities), {} queries per kind\n",
                             d.description(), total, usccs.size());
  }
  const int q = static_cast<int>(usccs.size());
  std::vector<zq::ids::Uscc> parsed;  // the look-up takes a parsed USCC, as at the edge
  for (const std::string& u : usccs) parsed.push_back(zq::ids::ParseUscc(u).value());
  zq::auth::Caller public_caller;
  zq::auth::Caller city;
  city.role = zq::auth::Role::kRegulator;
  city.region_code = "370100";
  const std::vector<std::string> regions = {"370100", "370200", "370102", "371300", "370000"};

  struct Row {
    std::string what;
    Percentiles p;
  };

  std::vector<Row> rows;
  rows.push_back({"baseline: SELECT by primary key", Measure(q, [&](int i) {
                    auto tx = std::move(d.Begin(zq::store::TxMode::kReadOnly)).value();
                    const std::vector<zq::store::Value> p = {usccs[static_cast<std::size_t>(i)]};
                    (void)tx->Query("SELECT * FROM entities WHERE uscc = ?", p);
                  })});
  rows.push_back({"entity by USCC (registry, masked)", Measure(q, [&](int i) {
                    (void)reg.GetEntity(public_caller, parsed[static_cast<std::size_t>(i)]);
                  })});
  rows.push_back({"search: region subtree, page 1", Measure(q, [&](int i) {
                    zq::registry::EntityFilter f;
                    f.region_code = regions[static_cast<std::size_t>(i) % regions.size()];
                    (void)reg.SearchEntities(public_caller, f, {});
                  })});
  rows.push_back({"search: name fragment, page 1", Measure(std::min(q, 50), [&](int i) {
                    zq::registry::EntityFilter f;
                    f.name_contains = fragments[static_cast<std::size_t>(i)];
                    (void)reg.SearchEntities(public_caller, f, {});
                  })});
  rows.push_back(
      {"search: name fragment in a city (regulator)", Measure(std::min(q, 50), [&](int i) {
         zq::registry::EntityFilter f;
         f.name_contains = fragments[static_cast<std::size_t>(i)];
         (void)reg.SearchEntities(city, f, {});
       })});
  const double base = rows[0].p.p50_ms;
  std::cout << fmt::format("{:<46} {:>10} {:>10} {:>12}\n", "query", "p50 ms", "p99 ms",
                           "p50 / base");
  for (const Row& r : rows) {
    std::cout << fmt::format("{:<46} {:>10.3f} {:>10.3f} {:>11.1f}x\n", r.what, r.p.p50_ms,
                             r.p.p99_ms, r.p.p50_ms / base);
  }
  return 0;
}

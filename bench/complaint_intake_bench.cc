// Complaint intake and the overdue sweep (投诉举报, issue 19) on one database, each beside plain
// SQL on the same rows in the same run:
//  1. intake: N submissions from another system through ComplaintService::SubmitBatch, 500 a
//     call (one transaction): the respondent looked up in the registry, routed, classified by the
//     keyword rules, the submitter's identity sealed, the case, its first history entry and the
//     audit entry stored. Baseline: the same stored rows (submissions, cases, history) inserted
//     again into twin tables by plain parameterised INSERTs, 500 submissions a transaction.
//  2. the sweep, over M cases (the N taken, copied until there are M; a tenth of them overdue):
//     the 工作台's count of running and overdue timers and the earliest due day (DueCounts, one
//     aggregate) against the same three figures as three plain SQL queries, and the first page of
//     the overdue list (List with overdue_only: 100 cases with their deadlines computed) against
//     the same page as plain SQL. The count is also timed the way the 工作台 took
//     it before (every case of the jurisdiction read through the list), on the first 20,000.
// Usage: zq_bench_complaint_intake DB_URL [N] [M]   (a fresh SQLite file or PostgreSQL database)
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>

#include <fmt/format.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "complaint/complaint_service.h"
#include "core/ids/uscc.h"
#include "registry/registry.h"

namespace {

using namespace zq;
using Steady = std::chrono::steady_clock;

double Seconds(Steady::time_point t0) {
  return std::chrono::duration<double>(Steady::now() - t0).count();
}

// Median wall milliseconds of `n` calls.
double MedianMs(int n, const std::function<void()>& call) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto t0 = Steady::now();
    call();
    ms.push_back(Seconds(t0) * 1e3);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

template <typename T>
T OrDie(Result<T> r) {
  if (!r.ok()) {
    std::cerr << r.status().ToString() << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

void OrDie(const Status& s) {
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    std::exit(1);
  }
}

constexpr std::array<std::string_view, 10> kCounties = {"370102", "370103", "370104", "370105",
                                                        "370112", "370202", "370203", "370302",
                                                        "370602", "370702"};
constexpr std::array<std::string_view, 6> kFacts = {
    "在该店买的电热水壶用了三天就漏电", "买的羽绒服掉色严重，商家拒绝退换",
    "超市出售过期牛奶，孩子喝后腹泻",   "电动自行车电池充不进电，售后不予处理",
    "美发店预付卡余额不予退还",         "网购的手机是翻新机，商家虚假宣传"};

// A firm per county and serial, registered once.
registry::MarketEntity Firm(std::size_t county, int serial) {
  registry::MarketEntity e;
  e.uscc = OrDie(
      ids::ComposeUscc(fmt::format("91{}", kCounties[county]), fmt::format("MA{:06d}", serial)));
  e.name = fmt::format("济南某商行{}号店", serial);
  e.legal_representative = "张三";
  e.region_code = std::string(kCounties[county]);
  e.industry_code = "5211";
  e.registered_capital_fen = 100'000'00;
  e.established_on = "2018-03-01";
  e.size = registry::EntitySize::kMicro;
  return e;
}

complaint::SubmissionInput Form(int i) {
  complaint::SubmissionInput in;
  in.kinds = i % 10 == 0 ? std::vector<std::string>{"complaint", "report"}
                         : std::vector<std::string>{"complaint"};
  in.external_id = fmt::format("B{:08d}", i);
  in.name = "李四";
  in.phone = fmt::format("138{:08d}", i);
  in.address = "山东省济南市历下区泉城路1号";
  in.respondent_uscc = Firm(static_cast<std::size_t>(i) % kCounties.size(), i % 200).uscc;
  in.facts = std::string(kFacts[static_cast<std::size_t>(i) % kFacts.size()]);
  in.request = "要求退货退款";
  return in;
}

// The plain INSERT of every row of `table` into `twin`, spread over `transactions`; seconds.
double CopyRows(store::Database& db, const std::string& table, const std::string& twin,
                std::size_t transactions) {
  store::ResultSet rows;
  {
    auto tx = OrDie(db.Begin(store::TxMode::kReadWrite));
    OrDie(tx->Execute(fmt::format("DROP TABLE IF EXISTS {}", twin)).status());
    OrDie(tx->Execute(fmt::format("CREATE TABLE {} AS SELECT * FROM {} WHERE 1 = 0", twin, table))
              .status());
    rows = OrDie(tx->Query(fmt::format("SELECT * FROM {} ORDER BY id", table)));
    OrDie(tx->Commit());
  }
  const std::size_t per_tx = (rows.rows.size() + transactions - 1) / transactions;
  std::string marks;
  for (std::size_t c = 0; c < rows.columns.size(); ++c) marks += c ? ", ?" : "?";
  const std::string sql = fmt::format("INSERT INTO {} VALUES ({})", twin, marks);
  const auto t0 = Steady::now();
  for (std::size_t start = 0; start < rows.rows.size(); start += per_tx) {
    auto tx = OrDie(db.Begin(store::TxMode::kReadWrite));
    for (std::size_t r = start; r < std::min(rows.rows.size(), start + per_tx); ++r) {
      std::vector<store::Value> v;
      for (std::size_t c = 0; c < rows.columns.size(); ++c) v.push_back(rows.rows[r][c]);
      OrDie(tx->Execute(sql, v).status());
    }
    OrDie(tx->Commit());
  }
  return Seconds(t0);
}

std::int64_t CountOf(store::Database& db, const std::string& sql,
                     std::vector<store::Value> params = {}) {
  auto tx = OrDie(db.Begin(store::TxMode::kReadOnly));
  return OrDie(tx->Query(sql, params)).rows.at(0).GetInt(0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: zq_bench_complaint_intake DB_URL [N] [M]\n";
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 100'000;
  const std::int64_t m = argc > 3 ? std::atoll(argv[3]) : 1'000'000;
  auto db_owner = OrDie(store::Database::Open(argv[1]));
  store::Database& db = *db_owner;
  OrDie(db.Migrate());
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 2} + std::chrono::hours(2));
  auto keys = OrDie(auth::KeyRing::FromMasterKey(std::string(32, 'c')));
  auth::AuditLog audit(keys.audit_chain(), clock);
  registry::Registry registry(db, audit, keys.personal_data(), clock);
  OrDie(registry.LoadReferenceData());
  for (std::size_t county = 0; county < kCounties.size(); ++county)
    for (int serial = 0; serial < 200; ++serial)
      OrDie(registry.UpsertEntity(auth::Caller::System(), Firm(county, serial)).status());
  complaint::ComplaintService service(db, registry, audit, keys.personal_data(), clock,
                                      {.max_batch = 500});
  auth::Caller client;
  client.actor = "bench-12315";
  client.role = auth::Role::kDepartmentClient;
  client.permissions = {"complaint.submit"};

  // 1. Intake.
  const auto t0 = Steady::now();
  for (int start = 0; start < n; start += 500) {
    std::vector<complaint::SubmissionInput> batch;
    for (int i = start; i < std::min(n, start + 500); ++i) batch.push_back(Form(i));
    OrDie(service.SubmitBatch(client, batch).status());
  }
  const double intake_s = Seconds(t0);
  const std::int64_t cases = CountOf(db, "SELECT COUNT(*) FROM complaint_cases");
  double plain_s = 0;
  for (const char* table : {"complaint_submissions", "complaint_cases", "complaint_case_history"})
    plain_s += CopyRows(db, table, fmt::format("bench_{}", table), (n + 499) / 500);
  fmt::print("intake of {} submissions ({} cases), {} a call, {}:\n", n, cases, 500,
             store::BackendName(db.backend()));
  fmt::print("  ComplaintService::SubmitBatch: {:.1f} s, {:.0f} submissions/s\n", intake_s,
             n / intake_s);
  fmt::print("  plain INSERT of the same rows (baseline): {:.1f} s, {:.0f} submissions/s\n",
             plain_s, n / plain_s);
  fmt::print("  ratio service/baseline throughput: {:.2f}\n", plain_s / intake_s);

  // 2. The sweep over M cases: copies of the taken cases, dated so that a tenth of them are
  // overdue for acceptance on 2026-12-07 (the rest received later and still in time).
  const std::string columns = OrDie([&]() -> Result<std::string> {
    auto tx = OrDie(db.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(auto r, tx->Query("SELECT * FROM complaint_cases LIMIT 1"));
    std::string out;
    for (const std::string& c : r.columns)
      if (c != "id" && c != "number")
        out += ", " + c;
    return out;
  }());
  for (std::int64_t round = 1; CountOf(db, "SELECT COUNT(*) FROM complaint_cases") < m; ++round) {
    auto tx = OrDie(db.Begin(store::TxMode::kReadWrite));
    OrDie(tx->Execute(fmt::format("INSERT INTO complaint_cases (number{0}) SELECT number || "
                                  "'-{1}'{0} FROM complaint_cases WHERE id <= ?",
                                  columns, round),
                      std::vector<store::Value>{std::min<std::int64_t>(
                          cases, m - CountOf(db, "SELECT COUNT(*) FROM complaint_cases"))})
              .status());
    OrDie(tx->Commit());
  }
  {
    auto tx = OrDie(db.Begin(store::TxMode::kReadWrite));
    OrDie(tx->Execute("UPDATE complaint_cases SET next_due_on = CASE WHEN id % 10 = 0 THEN "
                      "'2026-11-11' ELSE '2026-12-15' END")
              .status());
    OrDie(tx->Commit());
  }
  {  // the planner's statistics after the bulk copy, as a database that grew by use would have
    auto tx = OrDie(db.Begin(store::TxMode::kReadWrite));
    OrDie(tx->Execute("ANALYZE complaint_cases").status());
    OrDie(tx->Commit());
  }
  clock.Set(std::chrono::sys_days{std::chrono::year{2026} / 12 / 7} + std::chrono::hours(2));
  const std::int64_t total = CountOf(db, "SELECT COUNT(*) FROM complaint_cases");
  const auth::Caller office = [] {
    auth::Caller c;
    c.actor = "bench-office";
    c.role = auth::Role::kRegulator;
    c.region_code = "370100";
    return c;
  }();
  const std::vector<store::Value> scope = {std::string("2026-12-07"), std::string("3701%")};
  complaint::DueCount due;
  const double due_ms = MedianMs(7, [&] { due = OrDie(service.DueCounts(office)); });
  // The same three figures as the plain SQL one would write: each its own indexed query.
  complaint::DueCount plain;
  const double plain_due_ms = MedianMs(7, [&] {
    plain.running = CountOf(db,
                            "SELECT COUNT(*) FROM complaint_cases WHERE next_due_on <> '' AND "
                            "handling_region LIKE ?",
                            {scope[1]});
    plain.overdue = CountOf(db,
                            "SELECT COUNT(*) FROM complaint_cases WHERE next_due_on <> '' AND "
                            "next_due_on < ? AND handling_region LIKE ?",
                            scope);
    auto tx = OrDie(db.Begin(store::TxMode::kReadOnly));
    plain.next_due = OrDie(tx->Query("SELECT COALESCE(MIN(next_due_on), '') FROM complaint_cases "
                                     "WHERE next_due_on >= ? AND handling_region LIKE ?",
                                     scope))
                         .rows.at(0)
                         .GetText(0);
  });
  fmt::print("the sweep over {} cases (Jinan's office: {} running, {} overdue, next due {}):\n",
             total, due.running, due.overdue, due.next_due);
  if (plain.running != due.running || plain.overdue != due.overdue ||
      plain.next_due != due.next_due) {
    std::cerr << "the counts differ: " << plain.running << " " << plain.overdue << " "
              << plain.next_due << " by SQL\n";
    return 1;
  }
  fmt::print(
      "  工作台 count, DueCounts: {:.1f} ms; plain SQL of the same three figures "
      "(baseline): {:.1f} ms; ratio {:.2f}\n",
      due_ms, plain_due_ms, due_ms / plain_due_ms);
  complaint::CaseFilter overdue_page;
  overdue_page.overdue_only = true;
  overdue_page.page = {.page = 1, .page_size = 100};
  const double list_ms = MedianMs(7, [&] { OrDie(service.List(office, overdue_page)); });
  const double plain_list_ms = MedianMs(7, [&] {  // the page and its total, as the list answers
    auto tx = OrDie(db.Begin(store::TxMode::kReadOnly));
    OrDie(
        tx->Query("SELECT COUNT(*) FROM complaint_cases WHERE next_due_on <> '' AND "
                  "next_due_on < ? AND handling_region LIKE ?",
                  scope));
    OrDie(
        tx->Query("SELECT * FROM complaint_cases WHERE next_due_on <> '' AND next_due_on < ? "
                  "AND handling_region LIKE ? ORDER BY next_due_on, handling_region, id LIMIT 100",
                  scope));
  });
  fmt::print(
      "  overdue list, first 100 with deadlines and the total: {:.1f} ms; plain SQL of the same "
      "page and count (baseline): {:.1f} ms; ratio {:.2f}\n",
      list_ms, plain_list_ms, list_ms / plain_list_ms);
  // The count as the 工作台 took it before: every case of the jurisdiction through the list.
  const int old_cases = 20'000;
  const double old_ms = MedianMs(3, [&] {
    for (int page = 1; page <= old_cases / kMaxPageSize; ++page)
      OrDie(service.List(office, {.page = {.page = page, .page_size = kMaxPageSize}}));
  });
  fmt::print(
      "  the count as it was taken before (the list read page by page), first {} cases "
      "only: {:.0f} ms, {:.0f}x DueCounts over all {}\n",
      old_cases, old_ms, old_ms / due_ms, total);
  return 0;
}

// EPCIS capture throughput and event query latency (issue 18), each beside its baseline in the
// same run, on generated data in a SQLite file:
//   - BM_Capture: JSON-LD documents of 1,000 events through CaptureService (schema validation,
//     the CBV 2.0 hash, rollback mode, one transaction per document): events/s;
//   - BM_StoreEvents: the same events' records stored through StoreEvent (no parsing,
//     validation or hashing: the module's writer alone);
//   - BM_BareInsert (the baseline): the same rows through the store's bulk path (BulkInsert);
//   - BM_Query*: GET /epcis/events' service (EventQueryService::Run, as an administrator and as a
//     county regulator, whose scope joins the master data) for MATCH_anyEPCClass of a lot and for
//     a time window + bizStep, first page of 30, against a bare SELECT of the same rows written
//     by hand (a join from the lot's quantity rows; the window on trace_events).
//
//   zq_bench_trace_capture [--scale small|city] [Google Benchmark flags]
// small: 50,000 events stored before the queries; city: 500,000.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/database.h"
#include "trace/capture.h"
#include "trace/epcis_json.h"
#include "trace/event_hash.h"
#include "trace/event_query.h"
#include "trace/event_record.h"
#include "trace/event_store.h"
#include "trace_bench_tables.h"

namespace {

using nlohmann::json;
using zq::store::Value;

constexpr int kPerDocument = 1000;
int g_preload = 50'000;  // events stored before the query benchmarks (--scale)

std::string Gln(int n) {
  const std::string body = fmt::format("69{:010d}", n % 1'000'000'000);
  int sum = 0;
  for (std::size_t i = 0; i < body.size(); ++i)
    sum += (body[body.size() - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  return body + std::to_string((10 - sum % 10) % 10);
}

std::string Lot(int n) {
  return fmt::format("https://id.gs1.org/01/06901234567892/10/L{}", n / 20);
}

// Document `d`: kPerDocument shipping and receiving events of lots (20 events a lot) between
// 200 places, each unique by its time.
std::string Document(int d) {
  json events = json::array();
  for (int i = 0; i < kPerDocument; ++i) {
    const int n = d * kPerDocument + i;
    const std::string from = "https://id.gs1.org/414/" + Gln(n % 200);
    const std::string to = "https://id.gs1.org/414/" + Gln((n * 7 + 1) % 200);
    const bool receiving = n % 2 == 1;
    events.push_back(
        {{"type", "ObjectEvent"},
         {"eventTime",
          fmt::format("2026-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", 1 + n / 2'678'400 % 12,
                      1 + n / 86'400 % 28, n / 3600 % 24, n / 60 % 60, n % 60)},
         {"eventTimeZoneOffset", "+08:00"},
         {"action", "OBSERVE"},
         {"bizStep", receiving ? "receiving" : "shipping"},
         {"disposition", receiving ? "in_progress" : "in_transit"},
         {"bizLocation", {{"id", receiving ? to : from}}},
         {"quantityList",
          json::array({{{"epcClass", Lot(n)}, {"quantity", 100 + n % 50}, {"uom", "EA"}}})},
         {"sourceList", json::array({{{"type", "location"}, {"source", from}}})},
         {"destinationList", json::array({{{"type", "location"}, {"destination", to}}})},
         {"bizTransactionList",
          json::array({{{"type", "po"},
                        {"bizTransaction",
                         fmt::format("urn:epcglobal:cbv:bt:{}:PO-{}", Gln(n % 200), n / 2)}}})}});
  }
  return json{{"@context", {"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}},
              {"type", "EPCISDocument"},
              {"schemaVersion", "2.0"},
              {"creationDate", "2026-12-06T00:00:00Z"},
              {"epcisBody", {{"eventList", events}}}}
      .dump();
}

// The records capture stores for document `d` (body: the event's JSON).
std::vector<zq::trace::EventRecord> Records(int d) {
  const std::string text = Document(d);
  const json doc = json::parse(text);
  std::vector<zq::trace::EventRecord> out;
  const auto events = zq::trace::ReadEpcisJson(text).value();
  for (std::size_t i = 0; i < events.size(); ++i) {
    zq::trace::EventRecord r = zq::trace::RecordOf(events[i], zq::trace::EventHash(events[i]));
    r.record_time = "2026-12-06T00:00:00.000Z";
    r.body = doc["epcisBody"]["eventList"][i].dump();
    out.push_back(std::move(r));
  }
  return out;
}

struct Db {
  std::string path;
  std::unique_ptr<zq::store::Database> db;

  explicit Db(const std::string& name) : path("/tmp/zq-bench-trace-" + name + ".db") {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    db = std::move(zq::store::Database::Open(path)).value();
    if (!db->Migrate().ok())
      std::abort();
  }

  ~Db() {
    db.reset();
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  }
};

zq::SystemClock g_clock;

void BM_Capture(benchmark::State& state) {
  Db d("capture");
  zq::trace::CaptureService capture(*d.db, g_clock);
  int doc = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string text = Document(doc++);
    state.ResumeTiming();
    auto job = capture.Capture(text, zq::trace::ErrorBehaviour::kRollback, "bench");
    if (!job.ok() || !job->success)
      state.SkipWithError("capture refused the document");
  }
  state.SetItemsProcessed(state.iterations() * kPerDocument);
  state.counters["bytes/event"] = static_cast<double>(std::filesystem::file_size(d.path)) /
                                  static_cast<double>(doc * kPerDocument);
}

void BM_StoreEvents(benchmark::State& state) {
  Db d("store");
  int doc = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto records = Records(doc++);
    state.ResumeTiming();
    auto tx = std::move(d.db->Begin()).value();
    for (const auto& r : records) benchmark::DoNotOptimize(zq::trace::StoreEvent(*tx, r, 0).ok());
    if (!tx->Commit().ok())
      state.SkipWithError("commit failed");
  }
  state.SetItemsProcessed(state.iterations() * kPerDocument);
}

// The baseline: the same rows through BulkInsert, ids given.
zq::Status BareInsert(zq::store::Database& db, const std::vector<zq::trace::EventRecord>& records,
                      std::int64_t& next_id) {
  const auto& kEvents = zq::bench::kTraceEventColumns;
  const auto& kQuantities = zq::bench::kTraceQuantityColumns;
  const auto& kParties = zq::bench::kTracePartyColumns;
  std::vector<std::vector<Value>> events, quantities, parties;
  for (const auto& r : records) {
    const std::int64_t id = next_id++;
    events.push_back({id, r.event_hash, r.event_id, r.type, r.event_time, r.event_time_zone_offset,
                      r.record_time, r.action, r.biz_step, r.disposition, r.read_point,
                      r.biz_location, std::int64_t{0}, std::int64_t{0}, r.body});
    for (const auto& q : r.quantities)
      quantities.push_back({id, q.role, q.epc_class, q.quantity.value_or(0), q.uom});
    for (const auto& p : r.parties) parties.push_back({id, p.role, p.type, p.id});
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin());
  ZQ_RETURN_IF_ERROR(tx->BulkInsert("trace_events", kEvents, events));
  ZQ_RETURN_IF_ERROR(tx->BulkInsert("trace_event_quantities", kQuantities, quantities));
  ZQ_RETURN_IF_ERROR(tx->BulkInsert("trace_event_parties", kParties, parties));
  return tx->Commit();
}

void BM_BareInsert(benchmark::State& state) {
  Db d("bare");
  int doc = 0;
  std::int64_t next_id = 1;
  for (auto _ : state) {
    state.PauseTiming();
    const auto records = Records(doc++);
    state.ResumeTiming();
    if (!BareInsert(*d.db, records, next_id).ok())
      state.SkipWithError("bulk insert failed");
  }
  state.SetItemsProcessed(state.iterations() * kPerDocument);
  state.counters["bytes/event"] = static_cast<double>(std::filesystem::file_size(d.path)) /
                                  static_cast<double>(doc * kPerDocument);
}

// The query database: g_preload events stored once, and a county's locations in master data.
Db& QueryDb() {
  static Db* d = [] {
    auto* q = new Db("query");
    std::int64_t next_id = 1;
    for (int doc = 0; doc < g_preload / kPerDocument; ++doc) {
      if (!BareInsert(*q->db, Records(doc), next_id).ok())
        std::abort();
    }
    std::vector<std::vector<Value>> places;
    for (int n = 0; n < 200; ++n) {
      places.push_back({std::int64_t{n + 1}, "https://id.gs1.org/414/" + Gln(n), Gln(n),
                        std::string(""), std::string(""), fmt::format("91370102MA{:07d}X", n),
                        std::string("firm"), std::string(n < 20 ? "370102" : "370202"),
                        std::string("bench"), std::string("2026-12-06T00:00:00.000Z")});
    }
    auto tx = std::move(q->db->Begin()).value();
    if (!tx->BulkInsert(
               "trace_locations",
               std::vector<std::string>{"id", "location", "gln", "extension", "name", "uscc",
                                        "entity_name", "region_code", "created_by", "created_at"},
               places)
             .ok() ||
        !tx->Commit().ok())
      std::abort();
    return q;
  }();
  return *d;
}

zq::auth::Caller Caller(bool county) {
  zq::auth::Caller c = zq::auth::Caller::System();
  if (county) {
    c.actor = "bench-county";
    c.role = zq::auth::Role::kRegulator;
    c.region_code = "370102";
  }
  return c;
}

const std::multimap<std::string, std::string> kByLot = {
    {"MATCH_anyEPCClass", "https://id.gs1.org/01/06901234567892/10/L777"}};
const std::multimap<std::string, std::string> kWindow = {{"GE_eventTime", "2026-01-01T05:00:00Z"},
                                                         {"LT_eventTime", "2026-01-01T06:00:00Z"},
                                                         {"EQ_bizStep", "receiving"}};

void BM_Query(benchmark::State& state, const std::multimap<std::string, std::string>* params,
              bool county) {
  Db& d = QueryDb();
  zq::trace::EventQueryService queries(*d.db, g_clock);
  const auto query = zq::trace::ParseEventQuery(*params).value();
  const zq::auth::Caller caller = Caller(county);
  std::size_t n = 0;
  for (auto _ : state) {
    auto page = queries.Run(caller, query);
    if (!page.ok())
      state.SkipWithError(page.status().ToString().c_str());
    else
      n = page->bodies.size();
  }
  state.counters["events"] = static_cast<double>(n);
}

// The baseline: the same first page by a bare SELECT over the indexes.
void BM_QueryBareSql(benchmark::State& state, bool by_lot) {
  Db& d = QueryDb();
  const std::string sql =
      by_lot ? "SELECT e.body FROM trace_events e WHERE EXISTS (SELECT 1 FROM "
               "trace_event_quantities x WHERE x.event = e.id AND x.epc_class = ?) ORDER BY "
               "e.event_time DESC, e.id DESC LIMIT 31"
             : "SELECT e.body FROM trace_events e WHERE e.event_time >= ? AND e.event_time < ? "
               "AND e.biz_step = ? ORDER BY e.event_time DESC, e.id DESC LIMIT 31";
  const std::vector<Value> params =
      by_lot ? std::vector<Value>{std::string("https://id.gs1.org/01/06901234567892/10/L777")}
             : std::vector<Value>{std::string("2026-01-01T05:00:00.000Z"),
                                  std::string("2026-01-01T06:00:00.000Z"),
                                  std::string("https://ref.gs1.org/cbv/BizStep-receiving")};
  std::size_t n = 0;
  for (auto _ : state) {
    auto tx = std::move(d.db->Begin(zq::store::TxMode::kReadOnly)).value();
    auto rs = tx->Query(sql, params);
    if (!rs.ok())
      state.SkipWithError(rs.status().ToString().c_str());
    else
      n = rs->rows.size();
  }
  state.counters["events"] = static_cast<double>(n);
}

}  // namespace

BENCHMARK(BM_Capture)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_StoreEvents)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_BareInsert)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK_CAPTURE(BM_Query, lot_admin, &kByLot, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Query, lot_county, &kByLot, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_QueryBareSql, lot, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Query, window_step_admin, &kWindow, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Query, window_step_county, &kWindow, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_QueryBareSql, window_step, false)->Unit(benchmark::kMicrosecond);

int main(int argc, char** argv) {
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--scale" && i + 1 < argc) {
      g_preload = std::string(argv[++i]) == "city" ? 500'000 : 50'000;
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// Forward and backward trace of a lot six transformations deep (issue 18), p50/p99 over sampled
// lots, against a recursive SQL CTE over the same tables in the same database (the baseline),
// and the trace graph's load time and memory per event and per edge.
//
//   zq_bench_trace DB [--scale small|city] [--queries N]
//
// Generated chains: lot 0 of each chain is commissioned at a farm, and each lot k is shipped in
// two parts to two firms (one records the receiving), where part of it is transformed with lot k
// of the next chain into lot k+1 (so forward traces fan out: a DAG, not a line), up to lot 6;
// 4 events per lot, 28 per chain. The CTE follows input → output (or back) and sums the shipped
// quantities per destination; it neither respects time nor follows aggregation, so it does less
// than the graph's walk.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/database.h"
#include "trace/trace_service.h"
#include "trace/trace_walk.h"
#include "trace_bench_tables.h"

namespace {

using zq::store::Value;
using Clock = std::chrono::steady_clock;

constexpr int kLevels = 7;  // lots 0..6: six transformations

std::string WithCheck(std::string digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const int d = digits[digits.size() - 1 - i] - '0';
    sum += d * (i % 2 == 0 ? 3 : 1);
  }
  return digits + std::to_string((10 - sum % 10) % 10);
}

std::string Lot(int chain, int level) {
  return "https://id.gs1.org/01/" + WithCheck(fmt::format("006141410000{}", level)) +
         fmt::format("/10/C{}L{}", chain, level);
}

std::string Place(int chain, int level, int which) {
  return "https://id.gs1.org/414/" +
         WithCheck(fmt::format("69{:07d}{:01d}{:01d}0", chain % 1000000, level, which));
}

std::string Time(int chain, int level, int step) {
  return fmt::format("2026-{:02d}-{:02d}T{:02d}:{:02d}:00.000Z", 1 + level, 1 + step,
                     (chain / 60) % 24, chain % 60);
}

struct Rows {
  std::vector<std::vector<Value>> events, epcs, quantities, parties;
  std::int64_t next = 1;
};

std::int64_t Event(Rows& r, const char* type, const std::string& time, const char* action,
                   const std::string& step, const std::string& where) {
  const std::int64_t id = r.next++;
  r.events.push_back({id, "bench-" + std::to_string(id), "bench-" + std::to_string(id),
                      std::string(type), time, std::string("+08:00"), time, std::string(action),
                      step.empty() ? step : "https://ref.gs1.org/cbv/BizStep-" + step,
                      std::string(""), std::string(""), where, std::int64_t{0}, std::int64_t{0},
                      std::string("{}")});
  return id;
}

void Quantity(Rows& r, std::int64_t event, const char* role, const std::string& cls, double q) {
  r.quantities.push_back({event, std::string(role), cls, q, std::string("KGM")});
}

void Chain(Rows& r, int chain, int chains) {
  const std::string farm = Place(chain, 0, 9);
  Quantity(r, Event(r, "ObjectEvent", Time(chain, 0, 0), "ADD", "commissioning", farm), "quantity",
           Lot(chain, 0), 1000);
  for (int k = 0; k < kLevels; ++k) {
    const std::string here = k == 0 ? farm : Place(chain, k, 0);
    const std::string lot = Lot(chain, k);
    for (int which = 0; which < 2; ++which) {
      const std::string there = Place(chain, k + 1, which);
      const std::int64_t ship =
          Event(r, "ObjectEvent", Time(chain, k, 1 + which), "OBSERVE", "shipping", here);
      Quantity(r, ship, "quantity", lot, 400);
      r.parties.push_back({ship, std::string("destination"),
                           std::string("https://ref.gs1.org/cbv/SDT-location"), there});
      if (which == 0) {
        const std::int64_t recv =
            Event(r, "ObjectEvent", Time(chain, k, 3), "OBSERVE", "receiving", there);
        Quantity(r, recv, "quantity", lot, 400);
      }
    }
    if (k + 1 < kLevels) {
      const std::int64_t t =
          Event(r, "TransformationEvent", Time(chain, k, 4), "", "", Place(chain, k + 1, 0));
      Quantity(r, t, "input", lot, 300);
      Quantity(r, t, "input", Lot((chain + 1) % chains, k), 100);
      Quantity(r, t, "output", Lot(chain, k + 1), 350);
    }
  }
}

zq::Status Flush(zq::store::Transaction& tx, Rows& r) {
  const auto& kEvents = zq::bench::kTraceEventColumns;
  const auto& kQuantities = zq::bench::kTraceQuantityColumns;
  const auto& kParties = zq::bench::kTracePartyColumns;
  ZQ_RETURN_IF_ERROR(tx.BulkInsert("trace_events", kEvents, r.events));
  ZQ_RETURN_IF_ERROR(tx.BulkInsert("trace_event_quantities", kQuantities, r.quantities));
  ZQ_RETURN_IF_ERROR(tx.BulkInsert("trace_event_parties", kParties, r.parties));
  r.events.clear();
  r.quantities.clear();
  r.parties.clear();
  return zq::Status::Ok();
}

zq::Status Generate(zq::store::Database& db, int chains) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin());
  Rows r;
  for (int c = 0; c < chains; ++c) {
    Chain(r, c, chains);
    if (r.events.size() > 100'000)
      ZQ_RETURN_IF_ERROR(Flush(*tx, r));
  }
  ZQ_RETURN_IF_ERROR(Flush(*tx, r));
  return tx->Commit();
}

// The baseline: forward (input → output) or backward reach by a recursive CTE, then the shipped
// quantity per destination of every lot reached.
constexpr const char* kForwardCte = R"(
WITH RECURSIVE reach(cls, depth) AS (
  SELECT ?, 0
  UNION
  SELECT o.epc_class, r.depth + 1 FROM reach r
  JOIN trace_event_quantities i ON i.epc_class = r.cls AND i.role = 'input'
  JOIN trace_event_quantities o ON o.event = i.event AND o.role = 'output'
  WHERE r.depth < 10)
SELECT p.id, q.epc_class, SUM(q.quantity) FROM reach r
JOIN trace_event_quantities q ON q.epc_class = r.cls AND q.role = 'quantity'
JOIN trace_event_parties p ON p.event = q.event AND p.role = 'destination'
GROUP BY p.id, q.epc_class)";

constexpr const char* kBackwardCte = R"(
WITH RECURSIVE reach(cls, depth) AS (
  SELECT ?, 0
  UNION
  SELECT i.epc_class, r.depth + 1 FROM reach r
  JOIN trace_event_quantities o ON o.epc_class = r.cls AND o.role = 'output'
  JOIN trace_event_quantities i ON i.event = o.event AND i.role = 'input'
  WHERE r.depth < 10)
SELECT r.cls, MIN(e.biz_location) FROM reach r
JOIN trace_event_quantities q ON q.epc_class = r.cls
JOIN trace_events e ON e.id = q.event AND e.action = 'ADD'
GROUP BY r.cls)";

struct Percentiles {
  double p50 = 0, p99 = 0;
};

Percentiles Of(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))];
  };
  return {at(0.50), at(0.99)};
}

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: zq_bench_trace DB [--scale small|city] [--queries N]\n");
    return 2;
  }
  const std::string path = argv[1];
  std::string scale = "small";
  int queries = 200;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--scale")
      scale = argv[i + 1];
    else if (std::string(argv[i]) == "--queries")
      queries = std::stoi(argv[i + 1]);
  }
  const int chains = scale == "city" ? 100'000 : 10'000;
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  auto db = std::move(zq::store::Database::Open(path)).value();
  if (zq::Status s = db->Migrate(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  auto t0 = Clock::now();
  if (zq::Status s = Generate(*db, chains); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  auto t1 = Clock::now();
  zq::trace::TraceService trace(*db, nullptr);
  const auto size = trace.Size().value();  // the first load
  auto t2 = Clock::now();
  std::printf(
      "%d chains, %zu events generated in %.1f s; graph loaded in %.1f s: %zu members "
      "(edges), %zu identifiers, %.0f MB = %.0f B/event, %.0f B/edge\n",
      chains, size.events, Ms(t0, t1) / 1000, Ms(t1, t2) / 1000, size.members, size.nodes,
      static_cast<double>(size.bytes) / 1e6,
      static_cast<double>(size.bytes) / static_cast<double>(size.events),
      static_cast<double>(size.bytes) / static_cast<double>(size.members));

  // The walk alone, over a graph of its own: what the answer costs before the event hashes and
  // documents of its rows are read from the tables.
  zq::trace::TraceGraph graph;
  {
    auto tx = std::move(db->Begin(zq::store::TxMode::kReadOnly)).value();
    if (zq::Status s = graph.Refresh(*tx); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }
  std::mt19937 rng(20261206);
  for (const auto direction : {zq::trace::Direction::kForward, zq::trace::Direction::kBackward}) {
    const bool forward = direction == zq::trace::Direction::kForward;
    std::vector<double> graph_ms, cte_ms, walk_ms, seam_ms;
    std::size_t graph_rows = 0, cte_rows = 0;
    for (int q = 0; q < queries; ++q) {
      const std::string lot =
          Lot(static_cast<int>(rng() % static_cast<unsigned>(chains)), forward ? 0 : kLevels - 1);
      auto a = Clock::now();
      auto answer = trace.Trace({.id = lot}, direction);
      auto b = Clock::now();
      if (!answer.ok()) {
        std::fprintf(stderr, "%s\n", answer.status().ToString().c_str());
        return 1;
      }
      graph_rows += forward ? answer->destinations.size() : answer->inputs.size();
      if (forward) {
        auto s0 = Clock::now();
        if (!trace.WhereDidItGo(lot).ok())
          return 1;
        seam_ms.push_back(Ms(s0, Clock::now()));
      }
      const std::uint32_t root[] = {*graph.Find(lot)};
      auto w0 = Clock::now();
      const zq::trace::Walk walk =
          forward ? zq::trace::WalkForward(graph, root) : zq::trace::WalkBackward(graph, root);
      walk_ms.push_back(Ms(w0, Clock::now()));
      if (walk.steps.empty())
        return 1;
      auto tx = std::move(db->Begin(zq::store::TxMode::kReadOnly)).value();
      const Value p[] = {lot};
      auto c = Clock::now();
      auto rs = tx->Query(forward ? kForwardCte : kBackwardCte, p);
      auto d = Clock::now();
      if (!rs.ok()) {
        std::fprintf(stderr, "%s\n", rs.status().ToString().c_str());
        return 1;
      }
      cte_rows += rs->rows.size();
      graph_ms.push_back(Ms(a, b));
      cte_ms.push_back(Ms(c, d));
    }
    const Percentiles g = Of(graph_ms), s = Of(cte_ms), w = Of(walk_ms);
    std::printf(
        "%-8s trace of a lot 6 deep, %d lots: graph p50 %.2f ms p99 %.2f ms (%.1f %s "
        "per answer) | recursive CTE p50 %.2f ms p99 %.2f ms (%.1f rows) | ratio p50 "
        "%.1fx p99 %.1fx\n",
        forward ? "forward" : "backward", queries, g.p50, g.p99,
        static_cast<double>(graph_rows) / queries, forward ? "destinations" : "inputs", s.p50,
        s.p99, static_cast<double>(cte_rows) / queries, s.p50 / g.p50, s.p99 / g.p99);
    std::printf(
        "%-8s walk alone (in memory): p50 %.3f ms p99 %.3f ms | ratio to the CTE p50 "
        "%.0fx p99 %.0fx\n",
        forward ? "forward" : "backward", w.p50, w.p99, s.p50 / w.p50, s.p99 / w.p99);
    if (forward) {
      const Percentiles seam = Of(seam_ms);
      std::printf(
          "recall seam WhereDidItGo (destinations, no rows): p50 %.3f ms p99 %.3f ms | "
          "ratio to the CTE p50 %.1fx p99 %.1fx\n",
          seam.p50, seam.p99, s.p50 / seam.p50, s.p99 / seam.p99);
    }
  }
  return 0;
}

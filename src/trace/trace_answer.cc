#include "trace/trace_answer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace zq::trace {
namespace {

constexpr double kEpsilon = 1e-9;

std::optional<double> Known(double q) { return std::isnan(q) ? std::nullopt : std::optional(q); }

std::string NameOr(const TraceGraph& g, std::uint32_t node) {
  return node == kNoNode ? std::string() : g.Name(node);
}

// What arrived at and left one place, of one identifier in one unit.
struct Ledger {
  double produced = 0;    // commissioned or produced there
  double shipped_to = 0;  // shipped there
  double received = 0;    // received there
  double left = 0;        // shipped on, used up, decommissioned
  bool unknown = false;   // a step without a quantity
  bool was_shipped_to = false;
  bool was_received = false;
  std::int64_t first_arrival = kNever;
  std::int64_t last_arrival = -kNever;
  std::int64_t last_departure = -kNever;
  int depth = 0;

  double Arrived() const { return was_received ? received : shipped_to; }
};

// (location, what, uom)
using LedgerKey = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;

std::map<LedgerKey, Ledger> Ledgers(const TraceGraph& g, const Walk& walk) {
  std::map<LedgerKey, Ledger> out;
  auto at = [&](std::uint32_t where, const TraceStep& s) -> Ledger& {
    auto [it, added] = out.try_emplace({where, s.what, s.uom});
    if (added)
      it->second.depth = s.depth;
    it->second.depth = std::min(it->second.depth, s.depth);
    if (std::isnan(s.quantity))
      it->second.unknown = true;
    return it->second;
  };
  for (const TraceStep& s : walk.steps) {
    const GraphEvent& e = g.Event(s.event);
    const double q = std::isnan(s.quantity) ? 0 : s.quantity;
    auto arrive = [&](Ledger& l, double& field) {
      field += q;
      l.first_arrival = std::min(l.first_arrival, e.time_ms);
      l.last_arrival = std::max(l.last_arrival, e.time_ms);
    };
    auto leave = [&](Ledger& l) {
      l.left += q;
      l.last_departure = std::max(l.last_departure, e.time_ms);
    };
    switch (s.cte) {
      case Cte::kCommissioning:
      case Cte::kProduction:
        if (e.location != kNoNode) {
          Ledger& l = at(e.location, s);
          arrive(l, l.produced);
        }
        break;
      case Cte::kReceiving:
        if (e.location != kNoNode) {
          Ledger& l = at(e.location, s);
          arrive(l, l.received);
          l.was_received = true;
        }
        break;
      case Cte::kShipping:
        if (s.counterpart != kNoNode) {
          Ledger& l = at(s.counterpart, s);
          arrive(l, l.shipped_to);
          l.was_shipped_to = true;
        }
        [[fallthrough]];
      case Cte::kTransformation:
      case Cte::kDecommissioning:
        if (e.location != kNoNode)
          leave(at(e.location, s));
        break;
      default:
        break;
    }
  }
  return out;
}

void Forward(const TraceGraph& g, const Walk& walk, TraceAnswer& a) {
  for (const auto& [key, l] : Ledgers(g, walk)) {
    const auto [where, what, uom] = key;
    const double arrived = l.Arrived();
    if (l.was_received || l.was_shipped_to) {
      a.destinations.push_back({.location = g.Name(where),
                                .what = g.Name(what),
                                .quantity = l.unknown ? std::nullopt : std::optional(arrived),
                                .uom = NameOr(g, uom),
                                .first_time = EventTimeText(l.first_arrival),
                                .last_time = EventTimeText(l.last_arrival),
                                .depth = l.depth});
    }
    const double net = l.produced + arrived - l.left;
    const bool holds = l.unknown ? l.last_arrival > l.last_departure : net > kEpsilon;
    if (holds) {
      a.holders.push_back({.location = g.Name(where),
                           .what = g.Name(what),
                           .quantity = l.unknown ? std::nullopt : std::optional(net),
                           .uom = NameOr(g, uom),
                           .since = EventTimeText(l.last_arrival),
                           .in_transit = !l.was_received && l.was_shipped_to});
    }
  }
}

void Backward(const TraceGraph& g, const Walk& walk, std::span<const std::uint32_t> roots,
              TraceAnswer& a) {
  const std::set<std::uint32_t> root_set(roots.begin(), roots.end());
  std::map<std::uint32_t, InputLot> inputs;
  std::map<std::uint32_t, std::pair<std::int64_t, bool>> origin_time;  // earliest; an origin step
  for (const TraceStep& s : walk.steps) {
    if (root_set.contains(s.what))
      continue;
    const GraphEvent& e = g.Event(s.event);
    auto [it, added] = inputs.try_emplace(s.what);
    InputLot& in = it->second;
    if (added) {
      in.what = g.Name(s.what);
      in.depth = s.depth;
    }
    in.depth = std::min(in.depth, s.depth);
    if (s.cte == Cte::kTransformation) {
      if (std::isnan(s.quantity)) {
        in.uom = NameOr(g, s.uom);
      } else if (in.quantity || in.uom.empty()) {
        in.quantity = in.quantity.value_or(0) + s.quantity;
        in.uom = NameOr(g, s.uom);
      }
    }
    const bool origin = s.cte == Cte::kCommissioning || s.cte == Cte::kProduction;
    auto [ot, first] = origin_time.try_emplace(s.what, e.time_ms, origin);
    const bool better = first || (origin && !ot->second.second) ||
                        (origin == ot->second.second && e.time_ms < ot->second.first);
    if (better && e.location != kNoNode) {
      ot->second = {e.time_ms, origin};
      in.origin = g.Name(e.location);
      in.first_time = EventTimeText(e.time_ms);
    }
  }
  for (auto& [node, in] : inputs) a.inputs.push_back(std::move(in));
  std::sort(a.inputs.begin(), a.inputs.end(), [](const InputLot& x, const InputLot& y) {
    return std::tie(x.depth, x.what) < std::tie(y.depth, y.what);
  });
}

}  // namespace

std::string_view CteName(Cte cte) {
  switch (cte) {
    case Cte::kCommissioning:
      return "commissioning";
    case Cte::kProduction:
      return "production";
    case Cte::kTransformation:
      return "transformation";
    case Cte::kShipping:
      return "shipping";
    case Cte::kReceiving:
      return "receiving";
    case Cte::kAggregation:
      return "aggregation";
    case Cte::kDisaggregation:
      return "disaggregation";
    case Cte::kDecommissioning:
      return "decommissioning";
    case Cte::kObservation:
      break;
  }
  return "observation";
}

TraceAnswer AnswerOf(const TraceGraph& g, const Walk& walk, Direction direction,
                     std::span<const std::uint32_t> roots) {
  TraceAnswer a;
  a.direction = direction;
  a.truncated = walk.truncated;
  for (std::uint32_t r : roots) a.roots.push_back(g.Name(r));
  std::vector<const TraceStep*> order;
  order.reserve(walk.steps.size());
  for (const TraceStep& s : walk.steps) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [&](const TraceStep* x, const TraceStep* y) {
    return std::tie(g.Event(x->event).time_ms, x->depth) <
           std::tie(g.Event(y->event).time_ms, y->depth);
  });
  for (const TraceStep* s : order) {
    const GraphEvent& e = g.Event(s->event);
    a.rows.push_back({.cte = std::string(CteName(s->cte)),
                      .event_time = EventTimeText(e.time_ms),
                      .what = g.Name(s->what),
                      .via = NameOr(g, s->via),
                      .quantity = Known(s->quantity),
                      .uom = NameOr(g, s->uom),
                      .location = NameOr(g, e.location),
                      .counterpart = NameOr(g, s->counterpart),
                      .depth = s->depth,
                      .event_row = e.row});
  }
  for (const auto& cycle : walk.cycles) {
    std::vector<std::string>& path = a.cycles.emplace_back();
    for (std::uint32_t n : cycle) path.push_back(g.Name(n));
  }
  if (direction == Direction::kForward) {
    Forward(g, walk, a);
    std::sort(a.destinations.begin(), a.destinations.end(),
              [](const Destination& x, const Destination& y) {
                return std::tie(x.first_time, x.location, x.what) <
                       std::tie(y.first_time, y.location, y.what);
              });
    std::sort(a.holders.begin(), a.holders.end(), [](const Holder& x, const Holder& y) {
      return std::tie(x.since, x.location, x.what) < std::tie(y.since, y.location, y.what);
    });
  } else {
    Backward(g, walk, roots, a);
  }
  return a;
}

}  // namespace zq::trace

#include "trace/trace_walk.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>

namespace zq::trace {
namespace {

constexpr std::int64_t kDawn = std::numeric_limits<std::int64_t>::min();

// One identifier followed over a window of time, carrying `what` (the traced identifier) and the
// quantity of it that it holds.
struct Thread {
  std::uint32_t node = kNoNode;
  std::uint32_t what = kNoNode;
  std::int64_t from = kDawn;  // forward: events at or after; backward: unused
  std::int64_t to = kNever;   // forward: events before; backward: events at or before
  double quantity = std::nan("");
  std::uint32_t uom = kNoNode;
  int depth = 0;
  int parent = -1;                      // the thread it came from
  std::uint32_t skip_parent = kNoNode;  // a root container's child does not go back up into it
};

bool IsStep(const TraceGraph& g, const GraphEvent& e, std::string_view word) {
  if (e.biz_step == kNoNode)
    return false;
  const std::string& step = g.Name(e.biz_step);
  return step.size() > word.size() && step.ends_with(word) &&
         (step[step.size() - word.size() - 1] == '-' || step[step.size() - word.size() - 1] == ':');
}

std::uint32_t PartNode(const TraceGraph& g, const GraphEvent& e, MemberPart part) {
  for (const GraphMember& m : g.Members(e)) {
    if (m.part == part)
      return m.node;
  }
  return kNoNode;
}

bool HasPart(const TraceGraph& g, const GraphEvent& e, MemberPart part) {
  return PartNode(g, e, part) != kNoNode;
}

// When `child`, packed into `parent` by event `added`, left it: its disaggregation from it, its
// packing into another parent, or the parent's emptying; kNever while it is still in.
std::int64_t MembershipEnd(const TraceGraph& g, std::uint32_t child, std::uint32_t parent,
                           std::uint32_t added) {
  const std::int64_t t = g.Event(added).time_ms;
  std::int64_t end = kNever;
  for (std::uint32_t i : g.EventsOf(child)) {
    const GraphEvent& e = g.Event(i);
    if (i == added || e.time_ms < t || e.type != GraphEventType::kAggregation)
      continue;
    const GraphMember* m = g.MemberOf(e, child);
    if (m == nullptr || m->part != MemberPart::kChild)
      continue;
    const bool same = PartNode(g, e, MemberPart::kParent) == parent;
    if ((e.action == GraphAction::kDelete) == same) {
      end = e.time_ms;
      break;
    }
  }
  for (std::uint32_t i : g.EventsOf(parent)) {
    const GraphEvent& e = g.Event(i);
    if (e.time_ms <= t || e.time_ms >= end)
      continue;
    if (e.type == GraphEventType::kAggregation && e.action == GraphAction::kDelete &&
        !HasPart(g, e, MemberPart::kChild) && PartNode(g, e, MemberPart::kParent) == parent)
      return e.time_ms;
  }
  return end;
}

// The walk's shared state: threads, what each identifier was followed over, cycles, limits.
class Walker {
 public:
  explicit Walker(const WalkLimits& limits) : limits_(limits) {}

  // Follows `t` unless it is covered already; a cycle when its identifier is its own ancestor.
  void Spawn(Thread t) {
    for (int a = t.parent; a >= 0; a = threads_[static_cast<std::size_t>(a)].parent) {
      if (threads_[static_cast<std::size_t>(a)].node != t.node)
        continue;
      std::vector<std::uint32_t> path = {t.node};
      for (int b = t.parent; b >= 0; b = threads_[static_cast<std::size_t>(b)].parent) {
        path.push_back(threads_[static_cast<std::size_t>(b)].node);
        if (b == a)
          break;
      }
      std::reverse(path.begin(), path.end());
      walk_.cycles.push_back(std::move(path));
      return;
    }
    auto& seen = seen_[(std::uint64_t{t.node} << 32) | t.what];
    for (const auto& [from, to] : seen) {
      if (from <= t.from && to >= t.to)
        return;
    }
    if (threads_.size() >= limits_.max_threads) {
      walk_.truncated = true;
      return;
    }
    seen.emplace_back(t.from, t.to);
    queue_.push_back(threads_.size());
    threads_.push_back(t);
  }

  void Step(const Thread& t, std::uint32_t event, Cte cte, std::uint32_t counterpart,
            double quantity, std::uint32_t uom) {
    if (walk_.steps.size() >= limits_.max_steps) {
      walk_.truncated = true;
      return;
    }
    walk_.steps.push_back({.event = event,
                           .what = t.what,
                           .via = t.node == t.what ? kNoNode : t.node,
                           .counterpart = counterpart,
                           .uom = uom,
                           .quantity = quantity,
                           .depth = t.depth,
                           .cte = cte});
  }

  template <class Follow>
  Walk Run(Follow follow) {
    while (!queue_.empty()) {
      const std::size_t i = queue_.front();
      queue_.pop_front();
      follow(static_cast<int>(i), Thread(threads_[i]));
    }
    return std::move(walk_);
  }

 private:
  WalkLimits limits_;
  std::vector<Thread> threads_;
  std::deque<std::size_t> queue_;
  std::unordered_map<std::uint64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> seen_;
  Walk walk_;
};

// The quantity of `t.what` that event member `m` stands for: the event's own quantity when it
// names the traced goods themselves, else what the thread carries; one for an instance.
std::pair<double, std::uint32_t> QuantityOf(const Thread& t, const GraphMember& m) {
  if (t.node == t.what && m.is_class && !std::isnan(m.quantity))
    return {m.quantity, m.uom};
  if (!std::isnan(t.quantity))
    return {t.quantity, t.uom};
  return {m.is_class ? std::nan("") : 1.0, kNoNode};
}

// What an object or transaction event did, with its counterpart; nullopt for an event without a
// location that is neither shipping, receiving, commissioning nor decommissioning.
std::optional<std::pair<Cte, std::uint32_t>> ObjectStep(const TraceGraph& g, const GraphEvent& e) {
  if (IsStep(g, e, "shipping"))
    return std::pair(Cte::kShipping, Counterpart(g, e, PartySide::kDestination));
  if (IsStep(g, e, "receiving"))
    return std::pair(Cte::kReceiving, Counterpart(g, e, PartySide::kSource));
  if (e.type == GraphEventType::kObject && e.action == GraphAction::kAdd)
    return std::pair(Cte::kCommissioning, kNoNode);
  if (e.type == GraphEventType::kObject && e.action == GraphAction::kDelete)
    return std::pair(Cte::kDecommissioning, kNoNode);
  if (e.location != kNoNode)
    return std::pair(Cte::kObservation, kNoNode);
  return std::nullopt;
}

Thread NewThread(const GraphMember& m, int depth, int parent) {
  return {.node = m.node,
          .what = m.node,
          .quantity = m.is_class ? m.quantity : 1.0,
          .uom = m.is_class ? m.uom : kNoNode,
          .depth = depth,
          .parent = parent};
}

}  // namespace

std::uint32_t Counterpart(const TraceGraph& g, const GraphEvent& e, PartySide side) {
  std::uint32_t best = kNoNode;
  auto rank = PartyType::kOther;
  for (const GraphParty& p : g.Parties(e)) {
    if (p.side != side)
      continue;
    if (best == kNoNode || p.type < rank) {
      best = p.id;
      rank = p.type;
    }
  }
  return best;
}

Walk WalkForward(const TraceGraph& g, std::span<const std::uint32_t> roots,
                 const WalkLimits& limits) {
  Walker w(limits);
  for (std::uint32_t r : roots) w.Spawn({.node = r, .what = r});
  return w.Run([&](int ti, const Thread& t) {
    const std::vector<std::uint32_t>& list = g.EventsOf(t.node);
    auto it = std::lower_bound(list.begin(), list.end(), t.from, [&](std::uint32_t e, auto from) {
      return g.Event(e).time_ms < from;
    });
    for (; it != list.end() && g.Event(*it).time_ms < t.to; ++it) {
      const GraphEvent& e = g.Event(*it);
      const GraphMember* m = g.MemberOf(e, t.node);
      const auto [q, uom] = QuantityOf(t, *m);
      switch (e.type) {
        case GraphEventType::kAggregation: {
          const std::uint32_t parent = PartNode(g, e, MemberPart::kParent);
          if (m->part == MemberPart::kChild) {
            const bool out = e.action == GraphAction::kDelete;
            w.Step(t, *it, out ? Cte::kDisaggregation : Cte::kAggregation, parent, q, uom);
            if (!out && parent != kNoNode && parent != t.skip_parent) {
              w.Spawn({.node = parent,
                       .what = t.what,
                       .from = e.time_ms,
                       .to = std::min(t.to, MembershipEnd(g, t.node, parent, *it)),
                       .quantity = q,
                       .uom = uom,
                       .depth = t.depth + 1,
                       .parent = ti});
            }
          } else if (m->part == MemberPart::kParent && t.parent < 0 &&
                     e.action != GraphAction::kDelete) {
            for (const GraphMember& c : g.Members(e)) {
              if (c.part != MemberPart::kChild)
                continue;
              Thread child = NewThread(c, t.depth + 1, ti);
              child.from = e.time_ms;
              child.skip_parent = t.node;
              w.Spawn(child);
            }
          }
          break;
        }
        case GraphEventType::kTransformation:
          if (m->part == MemberPart::kOutput) {
            w.Step(t, *it, Cte::kProduction, kNoNode, q, uom);
          } else if (m->part == MemberPart::kInput) {
            w.Step(t, *it, Cte::kTransformation, PartNode(g, e, MemberPart::kOutput), q, uom);
            for (const GraphMember& o : g.Members(e)) {
              if (o.part != MemberPart::kOutput)
                continue;
              Thread out = NewThread(o, t.depth + 1, ti);
              out.from = e.time_ms;
              w.Spawn(out);
            }
          }
          break;
        default:
          if (const auto step = ObjectStep(g, e))
            w.Step(t, *it, step->first, step->second, q, uom);
      }
    }
  });
}

Walk WalkBackward(const TraceGraph& g, std::span<const std::uint32_t> roots,
                  const WalkLimits& limits) {
  Walker w(limits);
  for (std::uint32_t r : roots) w.Spawn({.node = r, .what = r});
  return w.Run([&](int ti, const Thread& t) {
    const std::vector<std::uint32_t>& list = g.EventsOf(t.node);
    for (auto it = list.begin(); it != list.end() && g.Event(*it).time_ms <= t.to; ++it) {
      const GraphEvent& e = g.Event(*it);
      const GraphMember* m = g.MemberOf(e, t.node);
      const auto [q, uom] = QuantityOf(t, *m);
      switch (e.type) {
        case GraphEventType::kAggregation:
          if (m->part != MemberPart::kParent || e.action == GraphAction::kDelete)
            break;
          for (const GraphMember& c : g.Members(e)) {
            if (c.part != MemberPart::kChild)
              continue;
            Thread child = NewThread(c, t.depth + 1, ti);
            child.to = std::min(t.to, MembershipEnd(g, c.node, t.node, *it));
            w.Step(child, *it, Cte::kAggregation, t.node, child.quantity, child.uom);
            w.Spawn(child);
          }
          break;
        case GraphEventType::kTransformation:
          if (m->part != MemberPart::kOutput)
            break;
          w.Step(t, *it, Cte::kProduction, kNoNode, q, uom);
          for (const GraphMember& i : g.Members(e)) {
            if (i.part != MemberPart::kInput)
              continue;
            Thread input = NewThread(i, t.depth + 1, ti);
            input.to = e.time_ms;
            w.Step(input, *it, Cte::kTransformation, t.node, input.quantity, input.uom);
            w.Spawn(input);
          }
          break;
        default:  // where it came from: its commissioning and its shipments
          if (const auto step = ObjectStep(g, e);
              step && step->first != Cte::kDecommissioning && step->first != Cte::kObservation)
            w.Step(t, *it, step->first, step->second, q, uom);
      }
    }
  });
}

}  // namespace zq::trace

#pragma once
// Walks over the trace graph (trace_graph.h) that respect time.
//
// Forward: from each root, the events naming it in time order; a child follows its parent from
// the aggregation that packed it until the disaggregation (action DELETE) that took it out, or
// its packing into another parent, or the parent's emptying (DELETE without children); an input
// of a transformation goes on as each output from the transformation's time; a container given as
// root takes its children along. Backward: from each root, the events up to the time it was
// reached; a transformation's output goes back to each input as of the transformation, a
// container to the children packed in it. Steps are the events as they concern the traced goods,
// with the quantity that moved. An identifier met again as its own descendant is a cycle (bad
// data): the walk reports the path and goes no further along it, so it always ends.
#include <cstdint>
#include <span>
#include <vector>

#include "trace/trace_graph.h"

namespace zq::trace {

// What an event did to the traced goods (FSMA 204's critical tracking events, and EPCIS's).
enum class Cte : std::uint8_t {
  kCommissioning,    // ObjectEvent ADD: made, or first recorded, at the location
  kProduction,       // the output of a transformation at the location
  kTransformation,   // used as an input of a transformation (consumed at the location)
  kShipping,         // bizStep shipping: counterpart the destination
  kReceiving,        // bizStep receiving: counterpart the source
  kAggregation,      // packed into counterpart (forward) / counterpart packed into it (backward)
  kDisaggregation,   // taken out of counterpart
  kDecommissioning,  // ObjectEvent DELETE
  kObservation,      // any other event at a location
};

struct TraceStep {
  std::uint32_t event = 0;              // the graph's event
  std::uint32_t what = kNoNode;         // the traced identifier this step concerns
  std::uint32_t via = kNoNode;          // the container it travelled in (forward), or none
  std::uint32_t counterpart = kNoNode;  // see Cte
  std::uint32_t uom = kNoNode;
  double quantity = 0;  // NaN when the events give none
  int depth = 0;        // identifiers between the root and `what`
  Cte cte = Cte::kObservation;
};

struct WalkLimits {
  std::size_t max_threads = 1'000'000;  // identifiers × time windows followed
  std::size_t max_steps = 5'000'000;
};

struct Walk {
  std::vector<TraceStep> steps;                    // in the order found
  std::vector<std::vector<std::uint32_t>> cycles;  // each a path of identifiers, first = last
  bool truncated = false;                          // a limit was reached
};

Walk WalkForward(const TraceGraph& graph, std::span<const std::uint32_t> roots,
                 const WalkLimits& limits = {});
Walk WalkBackward(const TraceGraph& graph, std::span<const std::uint32_t> roots,
                  const WalkLimits& limits = {});

// The party of an event a step names as its counterpart: for shipping the destination, for
// receiving the source, by CBV type — a location first, then the possessing, then the owning
// party; kNoNode when the event names none.
std::uint32_t Counterpart(const TraceGraph& graph, const GraphEvent& e, PartySide side);

}  // namespace zq::trace

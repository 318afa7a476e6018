#pragma once
// A walk (trace_walk.h) in words: its rows, and for a forward walk the destinations and holders
// (a ledger per location and identifier: what arrived there, net of what left), for a backward
// walk the inputs with their origins. Firms, event hashes and documents are left for the service
// (trace_service.h), which reads them from the master data and the tables.
#include <cstdint>
#include <span>

#include "trace/trace_graph.h"
#include "trace/trace_service.h"
#include "trace/trace_walk.h"

namespace zq::trace {

TraceAnswer AnswerOf(const TraceGraph& graph, const Walk& walk, Direction direction,
                     std::span<const std::uint32_t> roots);

std::string_view CteName(Cte cte);  // "shipping", …

}  // namespace zq::trace

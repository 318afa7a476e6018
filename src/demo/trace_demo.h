#pragma once
// Supply chains for the demo province (追溯演示): lots of the demo manufacturers' products (their
// GTINs) made — half of them from a farm's or supplier's raw lot (a TransformationEvent) — and
// shipped to wholesalers (GB/T 4754 division 51) of the manufacturer's city, which ship on to
// retailers (division 52) of several counties, each shipment received; a few shops send part
// of a lot back to the maker (disposition returned). Every firm in a chain gets
// a GLN linked to it in the trace master data, so traces name firms and regions. Captured as
// EPCIS 2.0 JSON-LD documents, one per chain, through the trace module's CaptureService.
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "registry/registry.h"
#include "trace/capture.h"
#include "trace/master_data.h"

namespace zq::demo {

struct TraceDemoSummary {
  std::int64_t chains = 0;
  std::int64_t events = 0;
  std::int64_t locations = 0;
  std::int64_t recalled = 0;
};

struct TraceDemoOptions {
  std::string province_code = "370000";
  int chains = 60;  // lots traced from maker to shop
  std::uint64_t seed = 0;
  std::chrono::year_month_day today{};  // the chains lie in the 90 days before it
};

// The number of chains `zq demo` makes at a scale: small 60, city 400, province 2000.
int TraceDemoChains(std::string_view scale);

Result<TraceDemoSummary> GenerateTraceChains(registry::Registry& registry,
                                             trace::MasterData& master_data,
                                             trace::CaptureService& capture,
                                             const TraceDemoOptions& options);

}  // namespace zq::demo

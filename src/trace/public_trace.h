#pragma once
// The product trace page's answer for consumers (issue 18, point 6; GET /api/v1/public/trace): of
// a lot a consumer scans or types, only what is public — the product (GTIN) and lot, the firms
// that made it (name and USCC, as the registry publishes them) and when, and the recall notices
// (none until the recall module files them). Nothing of where the lot went, in what quantities,
// or who holds it: that is the regulators' trace.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "trace/trace_service.h"

namespace zq::trace {

struct PublicMaker {
  std::string uscc;
  std::string name;
  std::string produced_at;  // the first making event there, UTC ("2026-03-01T08:00:00.000Z")
};

struct PublicTrace {
  std::string id;  // the lot's canonical Digital Link (https://id.gs1.org/01/<GTIN>/10/<lot>)
  std::string gtin;
  std::string lot;
  std::vector<PublicMaker> makers;      // by first making time; a maker without a registered firm
                                        // (no master data) is left out
  std::vector<nlohmann::json> recalls;  // the recall notices of the lot: none yet
};

// The public summary of a lot given as GTIN+LOT, a GS1 Digital Link with its lot (…/01/…/10/…)
// or an LGTIN class URI. kInvalidArgument (field "id") for anything else, a bare GTIN or an item
// included; kNotFound (field "id") when no captured event names the lot.
// The longest `id` read (kInvalidArgument, field "id", beyond it).
inline constexpr std::size_t kMaxPublicTraceIdBytes = 512;

Result<PublicTrace> PublicTraceOf(TraceService& trace, std::string_view id);

nlohmann::json PublicTraceJson(const PublicTrace& p);

}  // namespace zq::trace

#pragma once
// Who is at a place in the supply chain: the trace module's master data links a location (a GLN
// or an SGLN) and a company prefix to a registered market entity (市场主体, by USCC) and so to a
// region (GB/T 2260). The trace graph asks this to name the firms and regions a lot reached; the
// queries ask it to scope events to a regulator's jurisdiction.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zq::trace {

// A registered market entity as the trace module sees it.
struct Party {
  std::string uscc;
  std::string name;
  std::string region_code;  // GB/T 2260, six digits
};

class PartyDirectory {
 public:
  virtual ~PartyDirectory() = default;

  // The party at a location, given as stored in trace_events (the canonical GS1 Digital Link URI
  // of the SGLN or GLN, e.g. "https://id.gs1.org/414/9520123456788/254/1"); nullopt when no
  // registered entity is linked to it.
  [[nodiscard]] virtual Result<std::optional<Party>> AtLocation(
      std::string_view location) const = 0;

  // The party that owns the company prefix of an identifier (an EPC or class in canonical Digital
  // Link form); nullopt when its prefix is not linked to a registered entity.
  [[nodiscard]] virtual Result<std::optional<Party>> OwnerOf(std::string_view identifier) const = 0;
};

}  // namespace zq::trace

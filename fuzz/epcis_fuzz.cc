// libFuzzer target: an EPCIS document from outside never crashes the readers, the event hash or
// capture's checks (GS1's JSON Schemas, the rules a schema cannot express).
// The first byte picks the reader (even: JSON-LD, odd: XML); the rest is the document.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "trace/capture_rules.h"
#include "trace/epcis_json.h"
#include "trace/epcis_schema.h"
#include "trace/epcis_xml.h"
#include "trace/event_hash.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  zq::Result<std::vector<zq::trace::EpcisEvent>> events =
      data[0] % 2 == 0 ? zq::trace::ReadEpcisJson(text) : zq::trace::ReadEpcisXml(text);
  if (data[0] % 2 == 0) {
    const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    if (!document.is_discarded())
      (void)zq::trace::CheckDocumentSchema(document);
  }
  if (!events.ok()) {
    ZQ_CHECK(events.status().code() == zq::StatusCode::kInvalidArgument);
    return 0;
  }
  for (const zq::trace::EpcisEvent& event : *events) {
    (void)zq::trace::CheckCaptureRules(event);
    const std::string hash = zq::trace::EventHash(event);
    ZQ_CHECK(hash.size() == 14 + 64 + 11);  // ni:///sha-256; + hex + ?ver=CBV2.0
  }
  return 0;
}

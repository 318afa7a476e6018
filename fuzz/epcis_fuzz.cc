// libFuzzer target: an EPCIS document from outside never crashes the readers, the event hash or
// capture's checks (GS1's JSON Schemas, the rules a schema cannot express).
// The first byte picks the reader (even: JSON-LD, odd: XML); the rest is the document. A first
// byte of 0xff instead reads the rest as the query string of GET /epcis/events ("a=b&c=d",
// ParseEventQuery) and each value as an identifier to convert to an EPC URI (EpcUriOf).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "trace/capture_rules.h"
#include "trace/epc_uri.h"
#include "trace/epcis_json.h"
#include "trace/epcis_schema.h"
#include "trace/epcis_xml.h"
#include "trace/event_hash.h"
#include "trace/event_query.h"

namespace {

void FuzzEventQuery(std::string_view text) {
  std::multimap<std::string, std::string> params;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t amp = std::min(text.find('&', pos), text.size());
    const std::string_view item = text.substr(pos, amp - pos);
    const std::size_t eq = item.find('=');
    const std::string value(eq == std::string_view::npos ? "" : item.substr(eq + 1));
    params.emplace(std::string(item.substr(0, eq)), value);
    (void)zq::trace::EpcUriOf(value);
    pos = amp + 1;
  }
  const zq::Result<zq::trace::EventQuery> query = zq::trace::ParseEventQuery(params);
  ZQ_CHECK(query.ok() || query.status().code() == zq::StatusCode::kInvalidArgument);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] == 0xff) {
    FuzzEventQuery(text);
    return 0;
  }
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

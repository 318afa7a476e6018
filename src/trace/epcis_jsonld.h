#pragma once
// Writes an event of the node model (epcis_node.h) as EPCIS 2.0 JSON-LD: the inverse of
// epcis_json.h's reading, so that an event read from XML can be checked against the JSON Schemas
// and stored in the one JSON-LD form the query interface returns.
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "trace/epcis_node.h"

namespace zq::trace {

// The JSON-LD context of the EPCIS 2.0 standard.
inline constexpr std::string_view kEpcisContext =
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

// The namespaces of XML `xmlns:prefix="uri"` declarations in `xml`, as uri → prefix (the first
// prefix declared for a namespace), for naming user extensions as the document did.
std::map<std::string, std::string> XmlNamespacePrefixes(std::string_view xml);

// Writes events as JSON-LD objects. A list's members lose their XML names (epcList: [uri, …],
// quantityList: [{epcClass, quantity, uom}, …]); CBV values of the standard vocabulary fields
// become bare words (https://ref.gs1.org/cbv/BizStep-shipping and urn:epcglobal:cbv:bizstep:
// shipping → "shipping"); quantities and sensor values become numbers and booleanValue a boolean;
// a user extension "{namespace}name" becomes "prefix:name" with the prefix `prefixes` gives the
// namespace (gs1: for GS1's own vocabulary), else ext1, ext2, …; its value is text, or an object
// of its children. A prefix that also starts a value of the event ("example:someProperty", which
// XML leaves as it is) is not declared, so that reading the JSON-LD back does not expand the value.
class JsonLdWriter {
 public:
  explicit JsonLdWriter(std::map<std::string, std::string> prefixes = {})
      : prefixes_(std::move(prefixes)) {}

  nlohmann::json Event(const EpcisEvent& event);

  // The @context for what was written: [kEpcisContext, {prefix: namespace, …}] (the object
  // only when an extension was written).
  nlohmann::json Context() const;

 private:
  std::string Key(const std::string& name);
  nlohmann::json Fields(const std::vector<EpcisNode>& nodes, std::string_view parent);
  nlohmann::json Field(std::string_view parent, const std::string& name,
                       const std::vector<const EpcisNode*>& nodes);
  nlohmann::json Generic(const EpcisNode& node);
  void ReserveValuePrefixes(const std::vector<EpcisNode>& nodes);

  std::map<std::string, std::string> prefixes_;  // namespace → prefix
  std::map<std::string, std::string> used_;      // prefix → namespace
  std::set<std::string> reserved_;               // prefixes that start a value
};

}  // namespace zq::trace

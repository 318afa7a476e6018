#include "trace/event_hash.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "core/status.h"
#include "trace/canonical_value.h"
#include "trace/epcis_json.h"
#include "trace/epcis_xml.h"

namespace zq::trace {
namespace {

// How a field takes part in the canonical property order.
enum class Members {
  kValue,     // its value
  kOrdered,   // its children, in their own canonical order
  kUnordered  // a list of typed pairs (bizTransaction, source, destination): hashed with the rest
};

struct FieldOrder {
  std::string_view name;
  Members members;
  std::vector<FieldOrder> children;
};

FieldOrder ValueMember(std::string_view name) { return {name, Members::kValue, {}}; }

std::vector<FieldOrder> Values(std::initializer_list<std::string_view> names) {
  std::vector<FieldOrder> out;
  for (std::string_view name : names) out.push_back(ValueMember(name));
  return out;
}

std::vector<FieldOrder> QuantityElement() {
  return {{"quantityElement", Members::kOrdered, Values({"epcClass", "quantity", "uom"})}};
}

// The canonical property order (CBV 2.0 §8.9.3), as the reference implementation applies it.
const std::vector<FieldOrder>& CanonicalOrder() {
  static const std::vector<FieldOrder> order = {
      ValueMember("eventTime"),
      ValueMember("eventTimeZoneOffset"),
      ValueMember("certificationInfo"),
      ValueMember("parentID"),
      {"epcList", Members::kOrdered, Values({"epc"})},
      {"inputEPCList", Members::kOrdered, Values({"epc"})},
      {"childEPCs", Members::kOrdered, Values({"epc"})},
      {"quantityList", Members::kOrdered, QuantityElement()},
      {"childQuantityList", Members::kOrdered, QuantityElement()},
      {"inputQuantityList", Members::kOrdered, QuantityElement()},
      {"outputEPCList", Members::kOrdered, Values({"epc"})},
      {"outputQuantityList", Members::kOrdered, QuantityElement()},
      ValueMember("action"),
      ValueMember("transformationID"),
      ValueMember("bizStep"),
      ValueMember("disposition"),
      {"persistentDisposition", Members::kOrdered, Values({"set", "unset"})},
      {"readPoint", Members::kOrdered, Values({"id"})},
      {"bizLocation", Members::kOrdered, Values({"id"})},
      {"bizTransactionList", Members::kUnordered, {}},
      {"sourceList", Members::kUnordered, {}},
      {"destinationList", Members::kUnordered, {}},
      {"sensorElementList",
       Members::kOrdered,
       {{"sensorElement",
         Members::kOrdered,
         {{"sensorMetadata", Members::kOrdered,
           Values({"time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData",
                   "dataProcessingMethod", "bizRules"})},
          {"sensorReport", Members::kOrdered,
           Values({"type",
                   "exception",
                   "deviceID",
                   "deviceMetadata",
                   "rawData",
                   "dataProcessingMethod",
                   "time",
                   "microorganism",
                   "chemicalSubstance",
                   "value",
                   "component",
                   "stringValue",
                   "booleanValue",
                   "hexBinaryValue",
                   "uriValue",
                   "minValue",
                   "maxValue",
                   "meanValue",
                   "sDev",
                   "percRank",
                   "percValue",
                   "uom",
                   "coordinateReferenceSystem"})}}}}},
  };
  return order;
}

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsTypedPair(std::string_view name) {
  return name == "bizTransaction" || name == "source" || name == "destination";
}

std::string Unordered(const std::vector<EpcisNode>& nodes);

// "key=value" and its children, for the fields outside the canonical order.
// "=value" in canonical form after a name, or nothing for an empty value. Appended piece by
// piece: g++ 12 -O3 misreports `"=" + std::string` as an overlapping copy (-Wrestrict).
void AppendValue(std::string& out, std::string_view value) {
  if (value.empty())
    return;
  out += '=';
  out += CanonicalValue(value);
}

std::string Generic(const EpcisNode& node) {
  if (IsTypedPair(node.name)) {
    // CBV 2.0 §8.9 rule 13: the type, then the identifier, as one member of its list.
    std::string out;
    for (const EpcisNode& child : node.children) {
      if (child.name == "type")
        out += Generic(child);
    }
    out += node.name;
    AppendValue(out, Trim(node.value));
    return out;
  }
  std::string out = node.name;
  AppendValue(out, Trim(node.value));
  out += Unordered(node.children);
  return out;
}

std::string Unordered(const std::vector<EpcisNode>& nodes) {
  std::vector<std::string> parts;
  parts.reserve(nodes.size());
  for (const EpcisNode& node : nodes) parts.push_back(Generic(node));
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const std::string& part : parts) out += part;
  return out;
}

std::string Ordered(std::vector<EpcisNode>& nodes, const std::vector<FieldOrder>& order);

std::string Member(EpcisNode& node, const FieldOrder& field) {
  const std::string children =
      field.members == Members::kOrdered ? Ordered(node.children, field.children) : "";
  std::string value(Trim(node.value));
  if (!value.empty()) {
    // Rules 8 and 9: timestamps in UTC with milliseconds.
    const std::string name = Lower(node.name);
    const bool timestamp =
        name.find("time") != std::string::npos && name.find("offset") == std::string::npos;
    value = timestamp ? CanonicalTimestamp(value) : CanonicalValue(value);
  }
  if (value.empty() && children.empty())
    return "";
  return node.name + (value.empty() ? "" : "=" + value) + children;
}

// The fields of `order` found in `nodes`, each list's members sorted (rules 10-12). What it hashes
// leaves `nodes`, so that what remains is hashed after, unordered. User extensions inside a
// standard field (readPoint, bizLocation, sensorElement, sensorMetadata, sensorReport) follow its
// regular fields (rule 17); the reference implementation recognises them by a namespace that
// ends in '/', and not at the event's level (a field named "…eventTime…" or "…action…").
std::string Ordered(std::vector<EpcisNode>& nodes, const std::vector<FieldOrder>& order) {
  std::vector<EpcisNode> extensions;
  const bool event_level = std::any_of(nodes.begin(), nodes.end(), [](const EpcisNode& n) {
    return n.name.find("eventTime") != std::string::npos ||
           n.name.find("action") != std::string::npos;
  });
  if (nodes.size() > 1 && !event_level) {
    const auto is_extension = [](const EpcisNode& n) {
      return n.name.find('{') != std::string::npos && n.name.find("/}") != std::string::npos;
    };
    std::vector<EpcisNode> regular;
    for (EpcisNode& n : nodes) (is_extension(n) ? extensions : regular).push_back(std::move(n));
    nodes = std::move(regular);
  }
  std::string out;
  for (const FieldOrder& field : order) {
    std::vector<std::string> values;
    for (EpcisNode& node : nodes) {
      if (node.name != field.name || field.members == Members::kUnordered)
        continue;
      if (std::string s = Member(node, field); !s.empty())
        values.push_back(std::move(s));
    }
    // What is hashed here goes; so does an empty list. A field with children left (a typed-pair
    // list, an unknown member) stays for the unordered rest.
    std::erase_if(nodes,
                  [&](const EpcisNode& n) { return n.name == field.name && n.children.empty(); });
    std::sort(values.begin(), values.end());
    for (const std::string& v : values) out += v;
  }
  return out + Unordered(extensions);
}

}  // namespace

std::string PreHashString(const EpcisEvent& event) {
  std::vector<EpcisNode> fields = event.fields;
  std::string out = "eventType=" + event.type + Ordered(fields, CanonicalOrder());
  std::erase_if(fields, [](const EpcisNode& n) {
    return n.name == "recordTime" || n.name == "eventID" || n.name == "type" ||
           n.name == "errorDeclaration";
  });
  return out + Unordered(fields);
}

std::string EventHashOf(std::string_view pre_hash) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // Fails only when memory is exhausted or the default provider is missing.
  ZQ_CHECK(EVP_Digest(pre_hash.data(), pre_hash.size(), digest.data(), &size, EVP_sha256(),
                      nullptr) == 1);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return "ni:///sha-256;" + hex + "?ver=CBV2.0";
}

std::string EventHash(const EpcisEvent& event) { return EventHashOf(PreHashString(event)); }

Result<std::vector<EpcisEvent>> ReadEpcisDocument(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string_view::npos && text[first] == '{')
    return ReadEpcisJson(text);
  return ReadEpcisXml(text);
}

}  // namespace zq::trace

#include "trace/epcis_jsonld.h"

#include <charconv>
#include <vector>

#include "trace/canonical_value.h"
#include "trace/epcis_json.h"

namespace zq::trace {
namespace {

using nlohmann::json;

constexpr std::string_view kGs1Vocabulary = "https://gs1.org/voc/";

// A standard value as JSON-LD writes it: the bare word of a CBV URI of the field's vocabulary.
std::string Vocabulary(std::string_view parent, std::string_view key, const std::string& value) {
  const std::string_view prefix = VocabularyPrefix(parent, key);
  if (prefix.empty())
    return value;
  const std::string web = CanonicalValue(value);
  if (web.starts_with(prefix) && IsBareWord(std::string_view(web).substr(prefix.size())))
    return web.substr(prefix.size());
  return value;
}

json JsonNumber(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    return text;  // not a number: the schema says so
  std::int64_t whole = 0;
  const auto [wend, wec] = std::from_chars(text.data(), text.data() + text.size(), whole);
  if (wec == std::errc() && wend == text.data() + text.size())
    return whole;
  return v;
}

bool IsSensorNumber(std::string_view key) {
  return key == "value" || key == "minValue" || key == "maxValue" || key == "meanValue" ||
         key == "sDev" || key == "percRank" || key == "percValue";
}

bool IsEpcList(std::string_view name) {
  return name == "epcList" || name == "childEPCs" || name == "inputEPCList" ||
         name == "outputEPCList";
}

bool IsQuantityList(std::string_view name) {
  return name == "quantityList" || name == "childQuantityList" || name == "inputQuantityList" ||
         name == "outputQuantityList";
}

// The members of a list of identifiers: the children of its one XML element (<epcList><epc>…),
// or the list's nodes themselves, as JSON arrays outside the …List fields read.
json Values(const std::vector<const EpcisNode*>& nodes) {
  json out = json::array();
  for (const EpcisNode* n : nodes) {
    if (n->children.empty() && !n->value.empty())
      out.push_back(n->value);
    for (const EpcisNode& c : n->children) out.push_back(c.value);
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> XmlNamespacePrefixes(std::string_view xml) {
  std::map<std::string, std::string> out;
  for (std::size_t at = xml.find("xmlns:"); at != std::string_view::npos;
       at = xml.find("xmlns:", at + 6)) {
    const std::size_t eq = xml.find('=', at);
    if (eq == std::string_view::npos || eq + 1 >= xml.size())
      break;
    const char quote = xml[eq + 1];
    const std::size_t end = xml.find(quote, eq + 2);
    if ((quote != '"' && quote != '\'') || end == std::string_view::npos)
      continue;
    std::string prefix(xml.substr(at + 6, eq - at - 6));
    while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
    out.try_emplace(std::string(xml.substr(eq + 2, end - eq - 2)), prefix);
  }
  return out;
}

void JsonLdWriter::ReserveValuePrefixes(const std::vector<EpcisNode>& nodes) {
  for (const EpcisNode& n : nodes) {
    const std::size_t colon = n.value.find(':');
    if (colon != std::string::npos && IsBareWord(std::string_view(n.value).substr(0, colon)))
      reserved_.insert(n.value.substr(0, colon));
    ReserveValuePrefixes(n.children);
  }
}

json JsonLdWriter::Event(const EpcisEvent& event) {
  ReserveValuePrefixes(event.fields);
  json out = Fields(event.fields, "");
  out["type"] = event.type;
  return out;
}

json JsonLdWriter::Context() const {
  json context = json::array({kEpcisContext});
  if (!used_.empty())
    context.push_back(json(used_));
  return context;
}

std::string JsonLdWriter::Key(const std::string& name) {
  if (!name.starts_with('{'))
    return name;
  const std::size_t close = name.find('}');
  if (close == std::string::npos)
    return name;
  const std::string ns = name.substr(1, close - 1);
  const std::string local = name.substr(close + 1);
  if (ns == kGs1Vocabulary)
    return "gs1:" + local;
  auto it = prefixes_.find(ns);
  std::string prefix = it == prefixes_.end() ? std::string() : it->second;
  const auto taken = [&](const std::string& p) {
    return p.empty() || p == "gs1" || reserved_.contains(p) ||
           (used_.contains(p) && used_[p] != ns);
  };
  if (taken(prefix)) {
    prefix.clear();
    for (int i = 1; taken(prefix) || used_.contains(prefix); ++i)
      prefix = "ext" + std::to_string(i);
    prefixes_[ns] = prefix;
  }
  used_[prefix] = ns;
  return prefix + ":" + local;
}

json JsonLdWriter::Fields(const std::vector<EpcisNode>& nodes, std::string_view parent) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const EpcisNode*>> groups;
  for (const EpcisNode& n : nodes) {
    auto [it, added] = groups.try_emplace(n.name);
    if (added)
      order.push_back(n.name);
    it->second.push_back(&n);
  }
  json out = json::object();
  for (const std::string& name : order) out[Key(name)] = Field(parent, name, groups[name]);
  return out;
}

json JsonLdWriter::Field(std::string_view parent, const std::string& name,
                         const std::vector<const EpcisNode*>& nodes) {
  const EpcisNode& first = *nodes.front();
  if (name.starts_with('{') || parent == "ilmd") {
    if (nodes.size() == 1)
      return Generic(first);
    json list = json::array();
    for (const EpcisNode* n : nodes) list.push_back(Generic(*n));
    return list;
  }
  if (parent.empty() && IsEpcList(name))
    return Values(nodes);
  if (parent.empty() && IsQuantityList(name)) {
    json list = json::array();
    for (const EpcisNode* n : nodes) {
      for (const EpcisNode& q : n->children) {
        json element = Fields(q.children, "quantityElement");
        list.push_back(std::move(element));
      }
    }
    return list;
  }
  if (parent == "quantityElement" && name == "quantity")
    return JsonNumber(first.value);
  if (parent.empty() &&
      (name == "bizTransactionList" || name == "sourceList" || name == "destinationList")) {
    json list = json::array();
    for (const EpcisNode* n : nodes) {
      for (const EpcisNode& member : n->children) {
        json element = json::object();
        for (const EpcisNode& c : member.children) {
          if (c.name == "type")
            element["type"] = Vocabulary(name, "type", c.value);
          else
            element[Key(c.name)] = Generic(c);
        }
        element[member.name] = member.value;
        list.push_back(std::move(element));
      }
    }
    return list;
  }
  if (parent.empty() && name == "sensorElementList") {
    json list = json::array();
    for (const EpcisNode* n : nodes) {
      for (const EpcisNode& element : n->children)
        list.push_back(Fields(element.children, "sensorElement"));
    }
    return list;
  }
  if (parent == "sensorElement" && name == "sensorReport") {
    json list = json::array();
    for (const EpcisNode* n : nodes) list.push_back(Fields(n->children, "sensorReport"));
    return list;
  }
  if (parent == "sensorReport" && IsSensorNumber(name))
    return JsonNumber(first.value);
  if (parent == "sensorReport" && name == "booleanValue" &&
      (first.value == "true" || first.value == "false"))
    return first.value == "true";
  if ((parent == "persistentDisposition" && (name == "set" || name == "unset"))) {
    json list = json::array();
    for (const EpcisNode* n : nodes) list.push_back(Vocabulary(parent, name, n->value));
    return list;
  }
  if (parent == "errorDeclaration" && name == "correctiveEventIDs")
    return Values(nodes);
  if (parent.empty() && name == "certificationInfo" && nodes.size() > 1) {
    json list = json::array();
    for (const EpcisNode* n : nodes) list.push_back(n->value);
    return list;
  }
  if (!first.children.empty()) {
    // readPoint, bizLocation, persistentDisposition, errorDeclaration, sensorMetadata, …
    if (nodes.size() == 1)
      return Fields(first.children, name);
    json list = json::array();
    for (const EpcisNode* n : nodes) list.push_back(Fields(n->children, name));
    return list;
  }
  if (nodes.size() > 1) {
    json list = json::array();
    for (const EpcisNode* n : nodes) list.push_back(Vocabulary(parent, name, n->value));
    return list;
  }
  return Vocabulary(parent, name, first.value);
}

json JsonLdWriter::Generic(const EpcisNode& node) {
  if (node.children.empty())
    return node.value;
  json out = Fields(node.children, "{}");
  if (!node.value.empty())
    out["#text"] = node.value;
  return out;
}

}  // namespace zq::trace

#include "trace/epcis_json.h"

#include <map>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "trace/epcis_xml.h"

namespace zq::trace {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;

}  // namespace

std::string_view VocabularyPrefix(std::string_view parent, std::string_view key) {
  if (parent.empty()) {
    if (key == "bizStep")
      return "https://ref.gs1.org/cbv/BizStep-";
    if (key == "disposition")
      return "https://ref.gs1.org/cbv/Disp-";
    return "";
  }
  if (parent == "persistentDisposition" && (key == "set" || key == "unset"))
    return "https://ref.gs1.org/cbv/Disp-";
  if (parent == "bizTransactionList" && key == "type")
    return "https://ref.gs1.org/cbv/BTT-";
  if ((parent == "sourceList" || parent == "destinationList") && key == "type")
    return "https://ref.gs1.org/cbv/SDT-";
  if (parent == "errorDeclaration" && key == "reason")
    return "https://ref.gs1.org/cbv/ER-";
  if (parent == "sensorReport" && (key == "type" || key == "exception"))
    return "https://gs1.org/voc/";
  if (parent == "sensorReport" && key == "component")
    return "https://ref.gs1.org/cbv/Comp-";
  return "";
}

bool IsBareWord(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

namespace {

class EventReader {
 public:
  explicit EventReader(std::map<std::string, std::string> prefixes)
      : prefixes_(std::move(prefixes)) {}

  // The fields of one event (an object with a type), in the XML model.
  Result<EpcisEvent> Read(const json& event, const std::string& path) {
    EpcisEvent out;
    out.type = event["type"].get<std::string>();
    for (const auto& [key, value] : event.items()) {
      if (key == "type" || key == "@context" || Skipped(key))
        continue;
      ZQ_RETURN_IF_ERROR(AddField(out.fields, "", key, value, fmt::format("{}.{}", path, key), 1));
    }
    ToXmlModel(out.fields);
    return out;
  }

 private:
  static bool Skipped(std::string_view key) {
    return key == "#text" || key == "rdfs:comment" || key == "comment";
  }

  // "prefix:rest" with a prefix of the document's @context as "{namespace}rest" (a key) or
  // "namespace" + "rest" (a value).
  std::string Expand(const std::string& text, bool key) const {
    const std::size_t colon = text.find(':');
    if (colon == std::string::npos)
      return text;
    auto it = prefixes_.find(text.substr(0, colon));
    if (it == prefixes_.end())
      return text;
    const std::string rest = text.substr(colon + 1);
    return key ? "{" + it->second + "}" + rest : it->second + rest;
  }

  Status AddField(std::vector<EpcisNode>& out, std::string_view parent, const std::string& key,
                  const json& value, const std::string& path, int depth) {
    const std::string name = Expand(key, true);
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        EpcisNode node{name, "", {}};
        ZQ_RETURN_IF_ERROR(
            Fill(node, parent, key, value[i], fmt::format("{}[{}]", path, i), depth + 1));
        out.push_back(std::move(node));
      }
      return Status::Ok();
    }
    EpcisNode node{name, "", {}};
    ZQ_RETURN_IF_ERROR(Fill(node, parent, key, value, path, depth));
    out.push_back(std::move(node));
    return Status::Ok();
  }

  Status Fill(EpcisNode& node, std::string_view parent, const std::string& key, const json& value,
              const std::string& path, int depth) {
    if (depth > kMaxDepth)
      return Status::InvalidArgument("nesting deeper than " + std::to_string(kMaxDepth), path);
    if (value.is_object()) {
      if (auto text = value.find("#text"); text != value.end() && text->is_string())
        node.value = text->get<std::string>();
      for (const auto& [k, v] : value.items()) {
        if (Skipped(k))
          continue;
        if (k.starts_with("@xmlns:") && v.is_string()) {
          prefixes_[k.substr(7)] = v.get<std::string>();
          continue;
        }
        ZQ_RETURN_IF_ERROR(
            AddField(node.children, key, k, v, fmt::format("{}.{}", path, k), depth + 1));
      }
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        EpcisNode member{"", "", {}};
        ZQ_RETURN_IF_ERROR(
            Fill(member, parent, key, value[i], fmt::format("{}[{}]", path, i), depth + 1));
        node.children.push_back(std::move(member));
      }
    } else if (value.is_string()) {
      const std::string text = value.get<std::string>();
      const std::string_view vocabulary = VocabularyPrefix(parent, key);
      node.value = !vocabulary.empty() && IsBareWord(text) ? std::string(vocabulary) + text
                                                           : Expand(text, false);
    } else if (!value.is_null()) {
      node.value = value.dump();  // a number or true/false, as XML writes them
    }
    return Status::Ok();
  }

  // JSON-LD names a list by its field and leaves its members unnamed; XML names each member.
  // Regroups the members of every "…List" field (and childEPCs) under one node, named as in XML
  // ("epcList" → "epc"; "inputEPCList" → "epc", "quantityList" → "quantityElement", …); a
  // bizTransaction, source or destination keeps its type as a child beside its identifier.
  static void ToXmlModel(std::vector<EpcisNode>& nodes) {
    std::vector<EpcisNode> out;
    std::vector<std::string> order;
    std::map<std::string, EpcisNode> lists;
    for (EpcisNode& node : nodes) {
      const bool list = node.name.ends_with("List");
      if (!list && node.name != "childEPCs") {
        out.push_back(std::move(node));
        continue;
      }
      auto [it, added] = lists.try_emplace(node.name, EpcisNode{node.name, "", {}});
      if (added)
        order.push_back(node.name);
      std::string member = list ? node.name.substr(0, node.name.size() - 4) : "epc";
      if (member == "bizTransaction" || member == "source" || member == "destination") {
        EpcisNode pair{member, "", {}};
        if (node.children.empty()) {
          pair.value = std::move(node.value);
        }
        for (EpcisNode& c : node.children) {
          if (c.name == member)
            pair.value = std::move(c.value);
          else if (c.name == "type")
            pair.children.push_back(std::move(c));
        }
        it->second.children.push_back(std::move(pair));
      } else {
        it->second.children.push_back(
            {std::move(member), std::move(node.value), std::move(node.children)});
      }
    }
    for (const std::string& name : order) out.push_back(std::move(lists[name]));
    for (EpcisNode& node : out) {
      if (node.name == "bizTransactionList" || node.name == "sourceList" ||
          node.name == "destinationList")
        continue;
      ToXmlModel(node.children);
      if (node.name == "inputEPC" || node.name == "outputEPC") {
        node.name = "epc";
      } else if (node.name == "inputQuantity" || node.name == "outputQuantity" ||
                 node.name == "childQuantity" ||
                 (node.name == "quantity" && !node.children.empty())) {
        node.name = "quantityElement";
      }
    }
    nodes = std::move(out);
  }

  std::map<std::string, std::string> prefixes_;
};

// The namespaces the document's @context declares ({"example": "https://ns.example.com/"}).
std::map<std::string, std::string> ContextPrefixes(const json& context) {
  std::map<std::string, std::string> prefixes;
  const auto add = [&](const json& object) {
    for (const auto& [k, v] : object.items()) {
      if (v.is_string() && !k.starts_with('@'))
        prefixes[k] = v.get<std::string>();
    }
  };
  if (context.is_object())
    add(context);
  if (context.is_array()) {
    for (const json& c : context) {
      if (c.is_object())
        add(c);
    }
  }
  return prefixes;
}

}  // namespace

Result<std::vector<EpcisEvent>> ReadEpcisJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return Status::InvalidArgument("not an EPCIS document: not JSON", "document");
  return ReadParsedEpcisJson(doc);
}

Result<std::vector<EventObject>> EventObjects(const json& doc) {
  if (!doc.is_object())
    return Status::InvalidArgument("not an EPCIS document: not a JSON object", "document");
  auto body = doc.find("epcisBody");
  if (body == doc.end() || !body->is_object())
    return Status::InvalidArgument("not an EPCIS document: no epcisBody object", "epcisBody");
  std::vector<EventObject> out;
  const json* events = nullptr;
  std::string path;
  if (auto list = body->find("eventList"); list != body->end()) {
    events = &*list;
    path = "epcisBody.eventList";
  } else if (auto results = body->find("queryResults"); results != body->end()) {
    path = "epcisBody.queryResults.resultsBody.eventList";
    if (results->is_object()) {
      if (auto rb = results->find("resultsBody"); rb != results->end() && rb->is_object()) {
        if (auto el = rb->find("eventList"); el != rb->end())
          events = &*el;
      }
    }
    if (events == nullptr)
      return Status::InvalidArgument("EPCIS query document without an eventList", path);
  } else if (auto event = body->find("event"); event != body->end()) {
    out.push_back({&*event, "epcisBody.event"});
    return out;
  } else {
    return Status::InvalidArgument("EPCIS document without an eventList", "epcisBody.eventList");
  }
  if (!events->is_array())
    return Status::InvalidArgument("the eventList is not an array", path);
  out.reserve(events->size());
  for (std::size_t i = 0; i < events->size(); ++i)
    out.push_back({&(*events)[i], fmt::format("{}[{}]", path, i)});
  return out;
}

Result<std::vector<EpcisEvent>> ReadParsedEpcisJson(const json& doc) {
  ZQ_ASSIGN_OR_RETURN(const std::vector<EventObject> events, EventObjects(doc));
  EventReader reader(ContextPrefixes(doc.value("@context", json())));
  std::vector<EpcisEvent> out;
  out.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string& at = events[i].path;
    const json& event = *events[i].event;
    if (!event.is_object())
      return Status::InvalidArgument(fmt::format("event {} ({}) is not an object", i, at), at);
    auto type = event.find("type");
    if (type == event.end() || !type->is_string()) {
      return Status::InvalidArgument(fmt::format("event {} ({}) has no type", i, at), at + ".type");
    }
    if (!IsEpcisEventType(type->get<std::string>())) {
      return Status::InvalidArgument(
          fmt::format("event {} ({}) has type \"{}\", not an EPCIS event type", i, at,
                      type->get<std::string>()),
          at + ".type");
    }
    ZQ_ASSIGN_OR_RETURN(EpcisEvent e, reader.Read(event, at));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace zq::trace

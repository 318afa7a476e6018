#include "trace/epcis_xml.h"

#include <array>
#include <string>

#include <fmt/format.h>

#include "core/xml_reader.h"

namespace zq::trace {
namespace {

constexpr std::size_t kMaxXmlDepth = 64;
constexpr std::size_t kChunk = std::size_t{1} << 20;

// expat's "<namespace URI>|<local name>" as "{namespace URI}local name".
std::string NodeName(std::string_view name) {
  const std::size_t bar = name.find('|');
  if (bar == std::string_view::npos)
    return std::string(name);
  std::string out = "{";
  out.append(name.substr(0, bar));
  out += '}';
  out.append(name.substr(bar + 1));
  return out;
}

std::string Trimmed(std::string_view s) {
  static constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos)
    return "";
  return std::string(s.substr(first, s.find_last_not_of(kSpace) - first + 1));
}

// The compact IRIs of the GS1 vocabularies that EPCIS XML documents use in values
// (type="gs1:Temperature").
std::string ExpandValue(std::string value) {
  if (value.starts_with("gs1:"))
    return "https://gs1.org/voc/" + value.substr(4);
  if (value.starts_with("cbv:"))
    return "https://ref.gs1.org/cbv/" + value.substr(4);
  return value;
}

// Builds the element tree of a document: attributes and child elements become children alike;
// an element's value is its text before its first child element.
class TreeBuilder {
 public:
  void Start(std::string_view name, const char** attributes) {
    if (stack_.size() >= kMaxXmlDepth) {
      too_deep_ = true;
      return;
    }
    if (!stack_.empty())
      stack_.back().has_child = true;
    Open open;
    open.node.name = NodeName(name);
    for (const char** a = attributes; a != nullptr && *a != nullptr; a += 2)
      open.node.children.push_back({NodeName(a[0]), ExpandValue(a[1]), {}});
    stack_.push_back(std::move(open));
  }

  void End() {
    Open open = std::move(stack_.back());
    stack_.pop_back();
    open.node.value = ExpandValue(Trimmed(open.node.value));
    // EPCIS 1.x extension points: their content belongs to the parent.
    const bool wrapper = open.node.name == "extension" || open.node.name == "baseExtension";
    if (stack_.empty()) {
      root_ = std::move(open.node);
    } else if (wrapper) {
      for (EpcisNode& child : open.node.children)
        stack_.back().node.children.push_back(std::move(child));
    } else {
      stack_.back().node.children.push_back(std::move(open.node));
    }
  }

  void Text(std::string_view text) {
    if (!stack_.empty() && !stack_.back().has_child)
      stack_.back().node.value += text;
  }

  bool too_deep() const { return too_deep_; }

  EpcisNode& root() { return root_; }

 private:
  struct Open {
    EpcisNode node;
    bool has_child = false;
  };

  std::vector<Open> stack_;
  EpcisNode root_;
  bool too_deep_ = false;
};

const EpcisNode* FindEventList(const EpcisNode& node) {
  if (node.name == "EventList" || node.name.ends_with("}EventList"))
    return &node;
  for (const EpcisNode& child : node.children) {
    if (const EpcisNode* found = FindEventList(child))
      return found;
  }
  return nullptr;
}

}  // namespace

bool IsEpcisEventType(std::string_view type) {
  static constexpr std::array<std::string_view, 5> kTypes = {
      "ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
      "AssociationEvent"};
  for (std::string_view t : kTypes) {
    if (type == t)
      return true;
  }
  return false;
}

Result<std::vector<EpcisEvent>> ReadEpcisXml(std::string_view text) {
  TreeBuilder tree;
  XmlReader* self = nullptr;
  XmlReader reader(
      [&](std::string_view name, const char** attributes) {
        tree.Start(name, attributes);
        if (tree.too_deep())
          self->Stop();
      },
      [&](std::string_view) { tree.End(); }, [&](std::string_view t) { tree.Text(t); },
      XmlReader::Options{XmlNames::kNamespaced, "EPCIS XML document"});
  self = &reader;
  do {
    const std::string_view chunk = text.substr(0, kChunk);
    text.remove_prefix(chunk.size());
    Status fed = reader.Feed(chunk, text.empty(), "document");
    if (!fed.ok())
      return Status::InvalidArgument(fed.message(), "document");
  } while (!text.empty() && !reader.stopped());
  if (tree.too_deep()) {
    return Status::InvalidArgument(
        fmt::format("not a readable EPCIS XML document: nesting deeper than {}", kMaxXmlDepth),
        "document");
  }
  const EpcisNode* list = FindEventList(tree.root());
  if (list == nullptr)
    return Status::InvalidArgument("EPCIS XML document without an EventList", "EventList");
  std::vector<EpcisEvent> events;
  std::size_t index = 0;
  for (const EpcisNode& element : list->children) {
    if (!IsEpcisEventType(element.name)) {
      return Status::InvalidArgument(
          fmt::format("event {} (EventList element {}) is a <{}>, not an EPCIS event", index,
                      index + 1, element.name),
          fmt::format("EventList[{}]", index));
    }
    events.push_back({element.name, element.children});
    ++index;
  }
  return events;
}

}  // namespace zq::trace

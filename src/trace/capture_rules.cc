#include "trace/capture_rules.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace zq::trace {
namespace {

bool IsWholeNumber(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && end == text.data() + text.size() && v >= 0 && std::floor(v) == v;
}

// The prefixes the EPCIS 2.0 JSON-LD context declares.
bool IsContextPrefix(std::string_view prefix) {
  static constexpr std::array<std::string_view, 8> kPrefixes = {"gs1",  "cbv", "cbvmda", "epcis",
                                                                "rdfs", "owl", "xsd",    "dcterms"};
  for (std::string_view p : kPrefixes) {
    if (p == prefix)
      return true;
  }
  return false;
}

class RuleChecker {
 public:
  std::optional<SchemaViolation> Check(const std::vector<EpcisNode>& nodes, std::string_view parent,
                                       const std::string& path) {
    std::size_t index = 0;
    std::string previous;
    for (const EpcisNode& n : nodes) {
      index = n.name == previous ? index + 1 : 0;
      previous = n.name;
      const std::string at = Join(path, n, parent, index);
      if (auto v = CheckNode(n, parent, at))
        return v;
    }
    return std::nullopt;
  }

 private:
  // The JSON path of a node: list members by index, fields by name.
  static std::string Join(const std::string& path, const EpcisNode& n, std::string_view parent,
                          std::size_t index) {
    if (parent.ends_with("List") || parent == "childEPCs" || parent == "correctiveEventIDs")
      return path + "[" + std::to_string(index) + "]";
    return path.empty() ? n.name : path + "." + n.name;
  }

  std::optional<SchemaViolation> CheckNode(const EpcisNode& n, std::string_view parent,
                                           const std::string& at) {
    const bool extension = n.name.starts_with('{');
    if (!extension && n.name.find(':') != std::string::npos) {
      const std::string prefix = n.name.substr(0, n.name.find(':'));
      if (!IsContextPrefix(prefix))
        return SchemaViolation{at, "the prefix \"" + prefix + "\" is not declared in @context"};
    }
    if (parent == "ilmd" && !extension && n.name.find(':') == std::string::npos)
      return SchemaViolation{at, "an ILMD field must be in a namespace (prefix:name)"};
    if (parent == "quantityElement" && n.name == "quantity" && !HasUom(n)) {
      if (!IsWholeNumber(n.value))
        return SchemaViolation{at, "a quantity without a uom counts instances: a whole number"};
    }
    if (n.name == "quantityElement")
      quantity_element_ = &n;
    return Check(n.children, n.name, at);
  }

  bool HasUom(const EpcisNode&) const {
    if (quantity_element_ == nullptr)
      return true;
    for (const EpcisNode& c : quantity_element_->children) {
      if (c.name == "uom" && !c.value.empty())
        return true;
    }
    return false;
  }

  const EpcisNode* quantity_element_ = nullptr;
};

}  // namespace

std::optional<SchemaViolation> CheckCaptureRules(const EpcisEvent& event) {
  return RuleChecker().Check(event.fields, "", "");
}

}  // namespace zq::trace

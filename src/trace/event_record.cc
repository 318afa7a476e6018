#include "trace/event_record.h"

#include <charconv>
#include <string_view>

#include "trace/canonical_value.h"
#include "trace/digital_link.h"

namespace zq::trace {
namespace {

std::string Identifier(const std::string& text) {
  return CanonicalDigitalLink(text).value_or(text);
}

const EpcisNode* Child(const EpcisNode& node, std::string_view name) {
  for (const EpcisNode& c : node.children) {
    if (c.name == name)
      return &c;
  }
  return nullptr;
}

std::string ChildValue(const EpcisNode& node, std::string_view name) {
  const EpcisNode* c = Child(node, name);
  return c == nullptr ? std::string() : c->value;
}

std::optional<double> Number(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return v;
}

// The role of the members of an EPC or quantity list, "" for another field.
std::string_view EpcRole(std::string_view list) {
  if (list == "epcList")
    return "epc";
  if (list == "childEPCs")
    return "child";
  if (list == "inputEPCList")
    return "input";
  if (list == "outputEPCList")
    return "output";
  return "";
}

std::string_view QuantityRole(std::string_view list) {
  if (list == "quantityList")
    return "quantity";
  if (list == "childQuantityList")
    return "child";
  if (list == "inputQuantityList")
    return "input";
  if (list == "outputQuantityList")
    return "output";
  return "";
}

}  // namespace

EventRecord RecordOf(const EpcisEvent& event, std::string event_hash) {
  EventRecord r;
  r.event_hash = std::move(event_hash);
  r.type = event.type;
  for (const EpcisNode& f : event.fields) {
    const std::string& n = f.name;
    if (n == "eventTime") {
      r.event_time = CanonicalTimestamp(f.value);
    } else if (n == "eventTimeZoneOffset") {
      r.event_time_zone_offset = f.value;
    } else if (n == "eventID") {
      r.event_id = f.value;
    } else if (n == "action") {
      r.action = f.value;
    } else if (n == "bizStep") {
      r.biz_step = CanonicalValue(f.value);
    } else if (n == "disposition") {
      r.disposition = CanonicalValue(f.value);
    } else if (n == "readPoint") {
      r.read_point = Identifier(ChildValue(f, "id"));
    } else if (n == "bizLocation") {
      r.biz_location = Identifier(ChildValue(f, "id"));
    } else if (n == "errorDeclaration") {
      r.error_declared = true;
    } else if (n == "parentID") {
      r.epcs.push_back({"parent", Identifier(f.value)});
    } else if (const std::string_view role = EpcRole(n); !role.empty()) {
      for (const EpcisNode& epc : f.children)
        r.epcs.push_back({std::string(role), Identifier(epc.value)});
    } else if (const std::string_view qrole = QuantityRole(n); !qrole.empty()) {
      for (const EpcisNode& q : f.children) {
        r.quantities.push_back({std::string(qrole), Identifier(ChildValue(q, "epcClass")),
                                Number(ChildValue(q, "quantity")), ChildValue(q, "uom")});
      }
    } else if (n == "sourceList" || n == "destinationList" || n == "bizTransactionList") {
      for (const EpcisNode& p : f.children) {
        const std::string type = ChildValue(p, "type");
        r.parties.push_back(
            {p.name, type.empty() ? type : CanonicalValue(type), Identifier(p.value)});
      }
    }
  }
  if (r.event_id.empty())
    r.event_id = r.event_hash;
  return r;
}

}  // namespace zq::trace

#pragma once
// The in-memory form of one EPCIS event that both document readers build (epcis_json.h,
// epcis_xml.h) and the event hash reads (event_hash.h): the XML data model of EPCIS 2.0, so that
// the JSON-LD and the XML serialisation of the same event give the same tree.
#include <string>
#include <vector>

namespace zq::trace {

// One element of an event: a standard field ("eventTime", "epcList", "readPoint", ...), an
// attribute of one (XML's `type` of a bizTransaction, the sensorReport's attributes) or a user
// extension, whose name is "{namespace URI}local name". Lists hold their members as children
// named as in XML ("epcList" → "epc", "quantityList" → "quantityElement", "bizTransactionList" →
// "bizTransaction" with a child "type").
struct EpcisNode {
  std::string name;
  std::string value;  // the text, untrimmed; empty for an element that only has children
  std::vector<EpcisNode> children;

  friend bool operator==(const EpcisNode&, const EpcisNode&) = default;
};

// An EPCIS event: its type ("ObjectEvent", "AggregationEvent", "TransactionEvent",
// "TransformationEvent", "AssociationEvent") and its fields.
struct EpcisEvent {
  std::string type;
  std::vector<EpcisNode> fields;
};

}  // namespace zq::trace

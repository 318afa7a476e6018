#pragma once
// What the repository stores of one captured EPCIS event (migrations/0001_trace.sql): its
// identity, the fields queries filter on, what it names (EPCs, quantities, parties) and its
// JSON-LD body.
#include <optional>
#include <string>
#include <vector>

#include "trace/epcis_node.h"

namespace zq::trace {

struct EventRecord {
  struct Epc {
    std::string role;  // epc, parent, child, input, output
    std::string epc;   // canonical Digital Link where the identifier has one, else as given
    friend bool operator==(const Epc&, const Epc&) = default;
  };

  struct Quantity {
    std::string role;  // quantity, child, input, output
    std::string epc_class;
    std::optional<double> quantity;
    std::string uom;  // UN/ECE Rec 20 code, "" when none
    friend bool operator==(const Quantity&, const Quantity&) = default;
  };

  struct Party {
    std::string role;  // source, destination, bizTransaction
    std::string type;  // CBV web URI (SDT-…, BTT-…) or as given; "" when none
    std::string id;
    friend bool operator==(const Party&, const Party&) = default;
  };

  std::string event_hash;  // ni:///sha-256;…?ver=CBV2.0, the identity
  std::string event_id;    // the eventID the document gave, else event_hash
  std::string type;        // ObjectEvent, …
  std::string event_time;  // UTC with milliseconds, "2020-03-04T10:00:30.000Z"
  std::string event_time_zone_offset;
  std::string record_time;  // when the repository captured it (same form)
  std::string action;       // ADD, OBSERVE, DELETE; "" for a TransformationEvent
  std::string biz_step;     // CBV web URI or the document's own URI; "" when none
  std::string disposition;
  std::string read_point;  // canonical identifier, "" when none
  std::string biz_location;
  bool error_declared = false;
  std::string body;  // the event in JSON-LD (epcis_jsonld.h)
  std::vector<Epc> epcs;
  std::vector<Quantity> quantities;
  std::vector<Party> parties;
};

// The record of `event` with identity `event_hash`: every field but record_time and body, with
// identifiers as canonical GS1 Digital Link URIs (digital_link.h) where they have one, vocabulary
// URNs as CBV web URIs and the event time in UTC.
EventRecord RecordOf(const EpcisEvent& event, std::string event_hash);

}  // namespace zq::trace

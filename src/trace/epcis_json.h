#pragma once
// Reads the events of an EPCIS 2.0 document in JSON-LD into the XML data model (epcis_node.h).
#include <string_view>
#include <vector>

#include "core/result.h"
#include "trace/epcis_node.h"

namespace zq::trace {

// The events of an EPCISDocument (epcisBody.eventList, or epcisBody.event) or an
// EPCISQueryDocument (epcisBody.queryResults.resultsBody.eventList), in document order.
// JSON-LD's compact forms become the XML model's: a list's members get the XML member names
// (epcList → epc, quantityList → quantityElement, …); the bare CBV words of the standard
// vocabulary fields become their web URIs (bizStep "shipping" →
// https://ref.gs1.org/cbv/BizStep-shipping); keys and values with a prefix the document's
// @context declares are expanded (example:field → {https://ns.example.com/}field).
// kInvalidArgument naming the JSON path as its field ("epcisBody.eventList[2].type") and, in
// the message, the event's index: not JSON, no epcisBody or eventList, an event that is not an
// object, has no type or a type that is not an EPCIS event type, nesting deeper than 64.
Result<std::vector<EpcisEvent>> ReadEpcisJson(std::string_view text);

}  // namespace zq::trace

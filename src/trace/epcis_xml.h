#pragma once
// Reads the events of an EPCIS 2.0 (or 1.2) document in XML into the model of epcis_node.h.
#include <string_view>
#include <vector>

#include "core/result.h"
#include "trace/epcis_node.h"

namespace zq::trace {

// The events of the document's EventList (EPCISDocument or EPCISQueryDocument), in document
// order. Elements and attributes become nodes alike; names in a namespace become
// "{namespace URI}local name"; the 1.x <extension> and <baseExtension> wrappers are dropped (their
// children belong to the parent); values with the gs1: or cbv: prefix are expanded.
// kInvalidArgument (field "document") for malformed XML, a DTD, no EventList, or nesting deeper
// than 64; an event element of another name than the five EPCIS event types is refused, naming its
// index.
Result<std::vector<EpcisEvent>> ReadEpcisXml(std::string_view text);

// The EPCIS event types (EPCIS 2.0 §7.4): ObjectEvent, AggregationEvent, TransactionEvent,
// TransformationEvent, AssociationEvent.
bool IsEpcisEventType(std::string_view type);

}  // namespace zq::trace

#pragma once
// Event identity (事件标识): the CBV 2.0 canonical event hash, "ni:///sha-256;<hex>?ver=CBV2.0",
// which names an EPCIS event by its content whatever its serialisation (JSON-LD or XML), key
// order, whitespace or identifier syntax. Source of the algorithm: CBV 2.0 §8.9 and its reference
// implementation, RalphTro/epcis-event-hash-generator (README.md, the pre-hash canonicalisation),
// whose test vectors are in testdata/event-hash/.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "trace/epcis_node.h"

namespace zq::trace {

// The pre-hash string of an event: "eventType=…", then its fields in the canonical property order
// (eventTime, eventTimeZoneOffset, certificationInfo, parentID, the EPC and quantity lists,
// action, transformationID, bizStep, disposition, persistentDisposition, readPoint, bizLocation,
// sensorElementList), each as key=value with values normalised (canonical_value.h) and list
// members sorted; then, sorted, the rest: bizTransactionList, sourceList, destinationList, ilmd
// and the user extensions as "{namespace}name=value". recordTime, eventID and errorDeclaration
// are left out: they do not change what happened.
std::string PreHashString(const EpcisEvent& event);

// "ni:///sha-256;<64 lowercase hex digits>?ver=CBV2.0" (RFC 6920) of a pre-hash string.
std::string EventHashOf(std::string_view pre_hash);

// The hash of an event: EventHashOf(PreHashString(event)).
std::string EventHash(const EpcisEvent& event);

// The events of an EPCIS document (EPCISDocument or EPCISQueryDocument) in document order, read
// as JSON-LD when its first non-blank character is '{' and as XML otherwise. kInvalidArgument for
// a malformed document (epcis_json.h, epcis_xml.h say which field the error names).
Result<std::vector<EpcisEvent>> ReadEpcisDocument(std::string_view text);

}  // namespace zq::trace

#pragma once
// Reads the events of an EPCIS 2.0 document in JSON-LD into the XML data model (epcis_node.h).
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

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
// The same for a parsed document.
Result<std::vector<EpcisEvent>> ReadParsedEpcisJson(const nlohmann::json& document);

// One event object of a parsed document and its JSON path ("epcisBody.eventList[2]").
struct EventObject {
  const nlohmann::json* event;
  std::string path;
};

// The event objects of a parsed EPCISDocument or EPCISQueryDocument, in document order, not yet
// checked; kInvalidArgument as ReadEpcisJson for a document without an event list.
Result<std::vector<EventObject>> EventObjects(const nlohmann::json& document);

// The web URI prefix of the bare CBV words of a standard vocabulary field (EPCIS 2.0 JSON-LD
// context: "@type": "@vocab" with the CBV terms scoped to the field), "" for another field:
// ("", "bizStep") → "https://ref.gs1.org/cbv/BizStep-", ("sensorReport", "type") →
// "https://gs1.org/voc/". `parent` is the field holding `key` ("" for the event itself, the list's
// name for a member of bizTransactionList, sourceList or destinationList).
std::string_view VocabularyPrefix(std::string_view parent, std::string_view key);

// Whether `s` is a bare word of the vocabularies: letters, digits, '_' and '-' only.
bool IsBareWord(std::string_view s);

}  // namespace zq::trace

#pragma once
// Validation of EPCIS 2.0 JSON-LD against GS1's JSON Schemas (data/epcis/json-schema/, draft 07,
// compiled into the binary) with valijson. The schemas cannot say everything (capture.h adds the
// rules they cannot express). valijson checks the formats "date-time", "date" and "time"; "uri"
// is checked as a pattern (a scheme, then no blank).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace zq::trace {

// Where a JSON value breaks the schema: the JSON path relative to the value checked
// ("epcList[0]", "" for the value itself) and valijson's description.
struct SchemaViolation {
  std::string path;
  std::string message;
};

// Checks one event object against EPCIS-Event-JSON-Schema.json#/definitions/EPCIS-Document-Event
// (the schema of its type). nullopt when it conforms; else the deepest violation valijson found.
std::optional<SchemaViolation> CheckEventSchema(const nlohmann::json& event);

// Checks an EPCISDocument against EPCIS-Document-JSON-Schema.json. Pass the document with an
// empty event list to check its envelope only (the events are checked one by one).
std::optional<SchemaViolation> CheckDocumentSchema(const nlohmann::json& document);

}  // namespace zq::trace

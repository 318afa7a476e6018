#pragma once
// The rules of EPCIS 2.0 capture that the JSON Schemas do not express, applied to an event of the
// node model after the schema check.
#include <optional>

#include "trace/epcis_node.h"
#include "trace/epcis_schema.h"

namespace zq::trace {

// The first rule `event` breaks, with the JSON path of the field relative to the event
// ("epcList[1]", "ilmd.lot"); nullopt when it keeps them all:
//   - a user extension (and every member of ilmd) is in a namespace: "{uri}name" after reading,
//     so a CURIE whose prefix the document's @context does not declare is refused, except the
//     prefixes of the EPCIS context itself (gs1, cbv, cbvmda, epcis, rdfs, owl, xsd, dcterms);
//   - a quantity without a unit of measure counts instances: a whole number.
std::optional<SchemaViolation> CheckCaptureRules(const EpcisEvent& event);

}  // namespace zq::trace

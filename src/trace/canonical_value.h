#pragma once
// The value normalisation of the CBV 2.0 event hash (CBV 2.0 §8.9, as the reference implementation
// RalphTro/epcis-event-hash-generator applies it): what a field's value becomes in the pre-hash
// string.
#include <string>
#include <string_view>

namespace zq::trace {

// A timestamp (xsd:dateTimeStamp) in UTC with milliseconds, "2020-03-04T10:00:30.000Z": a time
// zone offset is applied, more than three decimals are rounded (half to even), fewer are
// zero-filled; a time without a zone is taken as UTC. A value that is not a timestamp is returned
// as it is.
std::string CanonicalTimestamp(std::string_view text);

// A number without trailing zeros or a leading '+' ("1.0" → "1", "+0.50" → "0.5", "1e2" → "100",
// "0.00001" → "1e-05"), as Python's float() reads and str() prints it; anything else as it is.
std::string CanonicalNumber(std::string_view text);

// Any other value: a CBV URN (urn:epcglobal:cbv:bizstep:…, disp:, btt:, sdt:, er:) becomes its
// web URI (https://ref.gs1.org/cbv/BizStep-…), then a number is canonicalised, then an EPC URI or
// a GS1 Digital Link URI becomes the constrained canonical Digital Link URI (digital_link.h).
std::string CanonicalValue(std::string_view text);

}  // namespace zq::trace

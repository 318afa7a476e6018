#pragma once
// GS1 Digital Link: the constrained canonical form the CBV 2.0 event hash uses for identifiers.
#include <optional>
#include <string>
#include <string_view>

namespace zq::trace {

// The constrained canonical GS1 Digital Link URI (GS1 Digital Link URI Syntax 1.2 §4.11, as the
// CBV 2.0 event hash constrains it) of an identifier given as
//   - an EPC URI (urn:epc:id:sgtin|sscc|sgln|grai|giai|gsrn|gsrnp|gdti|cpi|sgcn|ginc|gsin|itip|
//     upui|pgln:…), an EPC class URI (urn:epc:class:lgtin:…) or an EPC pattern URI
//     (urn:epc:idpat:sgtin|grai|gdti|sgcn|cpi|itip|upui:…*), or
//   - a GS1 Digital Link URI on any domain: the domain becomes https://id.gs1.org, the query
//     string goes, short names become AIs (gtin → 01, lot → 10, ser → 21, …), a GTIN is padded to
//     14 digits, a CPV (22) is dropped, and a lot is dropped when a serial is present.
// nullopt when `uri` is neither (it is then hashed as it is).
std::optional<std::string> CanonicalDigitalLink(std::string_view uri);

}  // namespace zq::trace

#pragma once
// The way back from GS1 Digital Link to EPC URIs (EPC Tag Data Standard 2.0 §6 and §7): an EPC
// URI splits a GS1 key at the end of its company prefix, which a Digital Link does not mark, so
// the conversion needs the prefix's length: from the trace module's master data when the prefix is
// registered (MasterData::RegisteredPrefixLength), else from GS1's GCP length table
// (data/gs1/gcp-length.txt, embedded).
#include <optional>
#include <string>
#include <string_view>

namespace zq::trace {

// The length of the company prefix that starts `digits` (a key from where its prefix begins,
// master_data.h KeyDigitsAfterIndicator) per GS1's table: the longest listed prefix that starts
// it; nullopt when none does or the range holds no company prefixes (length 0).
std::optional<int> Gs1CompanyPrefixLength(std::string_view digits);

// The EPC URI of an identifier in canonical Digital Link form (digital_link.h) whose company
// prefix has `prefix_length` digits: SGTIN (01 + 21), LGTIN class (01 + 10), a GTIN alone as the
// pattern urn:epc:idpat:sgtin:…*, SSCC (00), SGLN (414 [+ 254]), PGLN (417), GRAI (8003), GIAI
// (8004). nullopt for another key or a length that does not fit the key (6 to 12 digits).
std::optional<std::string> EpcUriOf(std::string_view digital_link, int prefix_length);

// EpcUriOf with the length from GS1's table.
std::optional<std::string> EpcUriOf(std::string_view digital_link);

}  // namespace zq::trace

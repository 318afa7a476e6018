#pragma once
// Trace master data (主数据): locations (GLN / SGLN) and GS1 company prefixes, each linked to a
// registered market entity (USCC) and so to a region (migrations/0002_trace_master_data.sql).
// MasterData is the trace module's PartyDirectory: the trace graph asks it who is at a location
// and who owns an identifier's prefix; the event queries scope a regulator to the locations and
// prefixes of its jurisdiction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "registry/registry.h"
#include "store/database.h"
#include "trace/party_directory.h"

namespace zq::trace {

// A location as registered.
struct TraceLocation {
  std::int64_t id = 0;
  std::string location;   // canonical Digital Link: https://id.gs1.org/414/<GLN>[/254/<ext>]
  std::string gln;        // 13 digits, with its check digit
  std::string extension;  // the SGLN extension; "" for the GLN itself
  std::string name;       // what the firm calls it (仓库, 车间), may be ""
  std::string uscc;
  std::string entity_name;  // copied from the registry when registered
  std::string region_code;  // the entity's region, copied likewise
  std::string created_by;
  std::string created_at;
};

// A GS1 company prefix as registered.
struct CompanyPrefix {
  std::int64_t id = 0;
  std::string prefix;  // 6 to 12 digits
  std::string uscc;
  std::string entity_name;
  std::string region_code;
  std::string created_by;
  std::string created_at;
};

// A location given as an SGLN EPC URI (urn:epc:id:sgln:0614141.07346.1234, extension "0" for
// none), a GS1 Digital Link URI (…/414/<GLN>[/254/<ext>]) or a bare 13-digit GLN, in canonical
// Digital Link form. kInvalidArgument (field "location") for anything else or a GLN whose check
// digit is wrong ("GLN check digit: expected 8, got 9").
Result<std::string> CanonicalLocation(std::string_view text);

// The digits of an identifier's GS1 key (in canonical Digital Link form) where its company
// prefix begins: a GTIN without its indicator digit, an SSCC without its extension digit, a GLN
// as it is, …; "" for an identifier that is not a GS1 key.
std::string KeyDigitsAfterIndicator(std::string_view identifier);

// The trace records a caller may read (master data, events, trace answers), as a condition on a
// table with the columns uscc and region_code (trace_locations, trace_company_prefixes) with its
// parameter added to `params`: "" (and no parameter) for everything — an administrator, a
// department client with the permission trace.query and no region; "uscc = ?" for an enterprise
// user (its own entity's); "region_code LIKE ?" for a regulator or analyst (its jurisdiction's
// subtree) and a department client bound to a region. kPermissionDenied for everyone else (the
// public, a department client without trace.query).
Result<std::string> ReadScope(const auth::Caller& caller, std::vector<store::Value>& params);

// The same test for one party (a location's or a prefix's entity): true when ReadScope's
// condition holds for it; false for no party, unless the caller is an administrator.
bool MayReadParty(const auth::Caller& caller, const std::optional<Party>& party);

// The records as the API and the CLI show them.
nlohmann::json LocationJson(const TraceLocation& l);
nlohmann::json CompanyPrefixJson(const CompanyPrefix& p);

// Thread-safe: holds references only.
class MasterData final : public PartyDirectory {
 public:
  MasterData(store::Database& db, const registry::Registry& registry, const auth::AuditLog& audit,
             const Clock& clock)
      : db_(db), registry_(registry), audit_(audit), clock_(clock) {}

  // Links `location` (any form CanonicalLocation takes) to the registered entity `uscc`.
  // Admins anywhere, regulators for entities in their jurisdiction (kPermissionDenied for other
  // roles). kInvalidArgument (field "location" or "uscc") for a malformed value; kNotFound (field
  // "uscc") for an entity not registered or outside the caller's jurisdiction; kAlreadyExists
  // (field "location") when the location is registered already.
  Result<TraceLocation> AddLocation(const auth::Caller& caller, std::string_view location,
                                    std::string_view uscc, std::string_view name);
  // The same for a company prefix (6 to 12 digits); kAlreadyExists (field "prefix") when it or a
  // registered prefix that starts it, or that it starts, is registered.
  Result<CompanyPrefix> AddCompanyPrefix(const auth::Caller& caller, std::string_view prefix,
                                         std::string_view uscc);

  // The locations / prefixes the caller may read (ReadScope: an administrator all, a regulator
  // its jurisdiction's, an enterprise user its own), of `uscc` when it is not "", in order of
  // registration (at most kMaxPageSize); nothing for another signed-in caller (a hospital, a
  // department client without trace.query), kPermissionDenied for the public.
  Result<std::vector<TraceLocation>> Locations(const auth::Caller& caller, std::string_view uscc);
  Result<std::vector<CompanyPrefix>> CompanyPrefixes(const auth::Caller& caller,
                                                     std::string_view uscc);

  // Removes a link by id; kNotFound (field "id") when none is in the caller's jurisdiction.
  Status RemoveLocation(const auth::Caller& caller, std::int64_t id);
  Status RemoveCompanyPrefix(const auth::Caller& caller, std::int64_t id);

  // PartyDirectory. A location registered as a GLN answers for its SGLN extensions too.
  Result<std::optional<Party>> AtLocation(std::string_view location) const override;
  Result<std::optional<Party>> OwnerOf(std::string_view identifier) const override;

  // The length of the registered company prefix that starts `digits` (a key as
  // KeyDigitsAfterIndicator gives it); nullopt when none does.
  Result<std::optional<int>> RegisteredPrefixLength(std::string_view digits) const;

  // The EPC URI of an identifier in canonical Digital Link form (epc_uri.h), its company prefix's
  // length from the registered prefixes, else from GS1's table; nullopt when neither knows it.
  Result<std::optional<std::string>> EpcUri(std::string_view identifier) const;

 private:
  // The entity `uscc` as the caller may link to: registered and in the caller's jurisdiction.
  Result<registry::ListedEntity> LinkableEntity(store::Transaction& tx, const auth::Caller& caller,
                                                std::string_view uscc) const;

  store::Database& db_;
  const registry::Registry& registry_;
  const auth::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace zq::trace

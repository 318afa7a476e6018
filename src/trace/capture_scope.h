#pragma once
// Who may capture which events (issue 18: "a firm captures only for its own company prefixes or
// locations"). An administrator captures anything; a regulator the events of its jurisdiction; an
// enterprise user those of its own entity; a department client with the permission trace.capture
// those of its key's region, or anything when the key names none; nobody else anything.
//
// An event is the caller's when its bizLocation or readPoint is a location linked (master data)
// to an entity of the caller's; an event that names neither is the caller's when every
// identifier it names (EPCs, parent, classes, inputs, outputs) carries a company prefix linked to
// one, and it names at least one.
#include <map>
#include <optional>
#include <string>

#include "auth/caller.h"
#include "core/result.h"
#include "trace/event_record.h"
#include "trace/party_directory.h"

namespace zq::trace {

class CaptureScope {
 public:
  // kPermissionDenied for a caller who may capture nothing.
  static Status MayCapture(const auth::Caller& caller);

  CaptureScope(const auth::Caller& caller, const PartyDirectory& parties)
      : caller_(caller), parties_(parties) {}

  // nullopt when `record` is the caller's to capture, else why not (the SecurityException's
  // detail). Each location and identifier is looked up once per CaptureScope.
  Result<std::optional<std::string>> Refusal(const EventRecord& record);

 private:
  bool Owns(const std::optional<Party>& party) const;
  Result<bool> OwnsLocation(const std::string& location);
  Result<bool> OwnsIdentifier(const std::string& identifier);

  const auth::Caller& caller_;
  const PartyDirectory& parties_;
  std::map<std::string, bool> locations_, identifiers_;
};

}  // namespace zq::trace

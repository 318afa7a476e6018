#include "trace/capture_scope.h"

namespace zq::trace {

Status CaptureScope::MayCapture(const auth::Caller& caller) {
  if (caller.IsAdministrator() || caller.CanWrite() || caller.ActsForEntity())
    return Status::Ok();
  if (caller.IsDepartmentClient() && caller.HasPermission("trace.capture"))
    return Status::Ok();
  return Status::PermissionDenied(
      "EPCIS events are captured by firms for their own locations and prefixes, by regulators "
      "and by department clients with the permission trace.capture");
}

bool CaptureScope::Owns(const std::optional<Party>& party) const {
  if (caller_.IsAdministrator())
    return true;
  if (!party)
    return false;
  if (caller_.ActsForEntity())
    return caller_.ActsForEntity(party->uscc);
  if (caller_.IsDepartmentClient())
    return caller_.CanReadRegion(party->region_code);
  return caller_.CanWriteIn(party->region_code);
}

Result<bool> CaptureScope::OwnsLocation(const std::string& location) {
  if (auto it = locations_.find(location); it != locations_.end())
    return it->second;
  ZQ_ASSIGN_OR_RETURN(const std::optional<Party> party, parties_.AtLocation(location));
  return locations_[location] = Owns(party);
}

Result<bool> CaptureScope::OwnsIdentifier(const std::string& identifier) {
  if (auto it = identifiers_.find(identifier); it != identifiers_.end())
    return it->second;
  ZQ_ASSIGN_OR_RETURN(const std::optional<Party> party, parties_.OwnerOf(identifier));
  return identifiers_[identifier] = Owns(party);
}

Result<std::optional<std::string>> CaptureScope::Refusal(const EventRecord& record) {
  if (caller_.IsAdministrator())
    return std::optional<std::string>();
  bool located = false;
  for (const std::string* place : {&record.biz_location, &record.read_point}) {
    if (place->empty())
      continue;
    located = true;
    ZQ_ASSIGN_OR_RETURN(const bool own, OwnsLocation(*place));
    if (own)
      return std::optional<std::string>();
  }
  if (located) {
    return std::optional<std::string>(
        "the event's bizLocation and readPoint are not locations of yours (" +
        (record.biz_location.empty() ? record.read_point : record.biz_location) + ")");
  }
  std::size_t named = 0;
  auto check = [&](const std::string& id) -> Result<std::optional<std::string>> {
    ++named;
    ZQ_ASSIGN_OR_RETURN(const bool own, OwnsIdentifier(id));
    if (own)
      return std::optional<std::string>();
    return std::optional<std::string>("the event names no location, and " + id +
                                      " carries no company prefix of yours");
  };
  for (const EventRecord::Epc& e : record.epcs) {
    ZQ_ASSIGN_OR_RETURN(std::optional<std::string> why, check(e.epc));
    if (why)
      return why;
  }
  for (const EventRecord::Quantity& q : record.quantities) {
    ZQ_ASSIGN_OR_RETURN(std::optional<std::string> why, check(q.epc_class));
    if (why)
      return why;
  }
  if (named == 0)
    return std::optional<std::string>("the event names no location and no identifier of yours");
  return std::optional<std::string>();
}

}  // namespace zq::trace

#include "auth/caller.h"

#include <array>
#include <utility>

namespace zq::auth {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 7> kRoleNames{{
    {Role::kPlatformAdmin, "platform_admin"},
    {Role::kRegulator, "regulator"},
    {Role::kAnalyst, "analyst"},
    {Role::kEnterprise, "enterprise"},
    {Role::kSentinelHospital, "sentinel_hospital"},
    {Role::kDepartmentClient, "department_client"},
    {Role::kPublic, "public"},
}};

// GB/T 2260 codes nest by prefix: a province PP0000 holds every PP…, a city PPCC00 every PPCC…
std::string_view JurisdictionPrefix(std::string_view code) {
  if (code.size() != 6)
    return code;
  if (code.substr(2) == "0000")
    return code.substr(0, 2);
  if (code.substr(4) == "00")
    return code.substr(0, 4);
  return code;
}

// True when `record_region_code` lies in the subtree of `root` (both GB/T 2260 codes).
bool InSubtree(std::string_view root, std::string_view record_region_code) {
  if (root.size() != 6 || record_region_code.size() != 6)
    return false;
  return record_region_code.starts_with(JurisdictionPrefix(root));
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role)
      return name;
  }
  return "unknown";
}

bool ParseRole(std::string_view name, Role& role) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) {
      role = r;
      return true;
    }
  }
  return false;
}

Caller Caller::System() {
  Caller c;
  c.actor = "system";
  c.role = Role::kPlatformAdmin;
  return c;
}

bool Caller::CanSeeRegion(std::string_view record_region_code) const {
  switch (role) {
    case Role::kPlatformAdmin:
      return true;
    case Role::kRegulator:
    case Role::kAnalyst:
      return InSubtree(region_code, record_region_code);
    default:
      return false;
  }
}

bool Caller::ReadsWithinRegion() const {
  return role == Role::kRegulator || role == Role::kAnalyst ||
         (role == Role::kDepartmentClient && !region_code.empty());
}

bool Caller::CanReadRegion(std::string_view record_region_code) const {
  if (role != Role::kDepartmentClient)
    return CanSeeRegion(record_region_code);
  return region_code.empty() || InSubtree(region_code, record_region_code);
}

bool Caller::CanSeePersonalData() const {
  return role == Role::kPlatformAdmin || role == Role::kRegulator;
}

bool Caller::CanWrite() const { return role == Role::kPlatformAdmin || role == Role::kRegulator; }

bool Caller::HasPermission(std::string_view permission) const {
  if (role == Role::kPlatformAdmin)
    return true;
  return permissions.contains(std::string(permission));
}

}  // namespace zq::auth

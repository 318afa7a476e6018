#include "auth/caller.h"

#include <array>
#include <utility>

#include "core/ids/region_code.h"

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

// True when `record_region_code` lies in the subtree of `root` (both GB/T 2260 codes).
bool InSubtree(std::string_view root, std::string_view record_region_code) {
  if (root.size() != 6 || record_region_code.size() != 6)
    return false;
  return record_region_code.starts_with(ids::SubtreePrefix(root));
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

bool Caller::IsSignedIn() const { return role != Role::kPublic; }

bool Caller::IsAdministrator() const { return role == Role::kPlatformAdmin; }

bool Caller::IsOfficial() const { return IsAdministrator() || HasJurisdiction(); }

bool Caller::HasJurisdiction() const { return role == Role::kRegulator || role == Role::kAnalyst; }

bool Caller::ActsForAuthority() const { return role == Role::kRegulator; }

bool Caller::ActsForAuthority(std::string_view authority_region) const {
  return ActsForAuthority() && !region_code.empty() && region_code == authority_region;
}

bool Caller::ActsForEntity() const { return role == Role::kEnterprise; }

bool Caller::ActsForEntity(std::string_view entity_uscc) const {
  return ActsForEntity() && !uscc.empty() && uscc == entity_uscc;
}

bool Caller::IsDepartmentClient() const { return role == Role::kDepartmentClient; }

bool Caller::HasPermission(std::string_view permission) const {
  if (IsAdministrator())
    return true;
  return permissions.contains(std::string(permission));
}

bool Caller::CanWrite() const { return role == Role::kPlatformAdmin || role == Role::kRegulator; }

bool Caller::CanWriteIn(std::string_view record_region_code) const {
  return CanWrite() && CanSeeRegion(record_region_code);
}

bool Caller::CanSeeRegion(std::string_view record_region_code) const {
  if (IsAdministrator())
    return true;
  return HasJurisdiction() && InSubtree(region_code, record_region_code);
}

bool Caller::ReadsWithinRegion() const {
  return HasJurisdiction() || (IsDepartmentClient() && !region_code.empty());
}

bool Caller::CanReadRegion(std::string_view record_region_code) const {
  if (!IsDepartmentClient())
    return CanSeeRegion(record_region_code);
  return region_code.empty() || InSubtree(region_code, record_region_code);
}

bool Caller::CanSeePersonalData() const {
  return role == Role::kPlatformAdmin || role == Role::kRegulator;
}

}  // namespace zq::auth

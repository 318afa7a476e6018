#pragma once

#include <set>
#include <string>
#include <string_view>

// Who is asking. Every module function takes the Caller and checks its scope; records outside
// it answer kNotFound so that their existence does not leak (DESIGN.md §3).
namespace zq::auth {

enum class Role {
  kPlatformAdmin,     // 平台管理员: everything, including users and the audit log
  kRegulator,         // 监管人员: reads and writes within a region's subtree
  kAnalyst,           // 分析人员: reads within a region's subtree
  kEnterprise,        // 企业用户: its own USCC only
  kSentinelHospital,  // 哨点医院: its own case reports
  kDepartmentClient,  // 部门 API client (bank, tax, procurement): named permissions only
  kPublic,            // 公众: published information only
};

std::string_view RoleName(Role role);  // "platform_admin", "regulator", …
bool ParseRole(std::string_view name, Role& role);

struct Caller {
  std::string actor = "anonymous";  // user name or API client name
  Role role = Role::kPublic;
  std::string region_code;            // regulator / analyst: the root of their jurisdiction
  std::string uscc;                   // enterprise user: their entity
  std::set<std::string> permissions;  // department client: e.g. "credit.query"
  std::string request_id;
  std::string source;  // remote address

  // The built-in identity of command-line jobs run by the operator (`zq import`, `zq demo`).
  static Caller System();

  // The authorization vocabulary (src/auth/README.md). Modules and routes ask these; no code
  // outside auth/ compares roles (scripts/check_includes.sh fails on it).
  //
  // Who the caller is, as far as a rule needs to know:
  // Signed in: any user or API client (everyone but the anonymous public, 公众).
  bool IsSignedIn() const;
  // A platform administrator (平台管理员): every region, users, keys, the audit log and the batch
  // jobs (the full rescore, the sweep, bulk loads). The operator's command-line identity is one.
  bool IsAdministrator() const;
  // An official: platform administrators, regulators and analysts (the staff who read records
  // within their jurisdiction: pass rates, credit files, distributions).
  bool IsOfficial() const;
  // A regulator or analyst: an official whose reach is one jurisdiction (region_code's subtree),
  // unlike an administrator's, which is everything.
  bool HasJurisdiction() const;
  // A regulator acting for their bureau (监管部门): decisions an authority signs (listings,
  // penalty publications, inspections recorded as an inspector). An administrator operates the
  // platform and is no authority. With a region: the bureau of exactly that region.
  bool ActsForAuthority() const;
  bool ActsForAuthority(std::string_view authority_region) const;
  // An enterprise user (企业用户), who acts for one market entity, `uscc`. With a USCC: that one.
  bool ActsForEntity() const;
  bool ActsForEntity(std::string_view entity_uscc) const;
  // A department API client (部门: bank, tax, procurement), which holds named permissions.
  bool IsDepartmentClient() const;
  // True for an administrator and for a client whose key grants `permission` ("credit.query").
  bool HasPermission(std::string_view permission) const;
  //
  // What it may do, and where:
  // Changes records at all: administrators and regulators.
  bool CanWrite() const;
  // Changes a record located in `record_region_code`: an administrator anywhere, a regulator
  // within their jurisdiction.
  bool CanWriteIn(std::string_view record_region_code) const;
  // True when a record located in `region_code` lies in this caller's jurisdiction (the
  // jurisdiction of an official: what they may act on). False for every other role.
  bool CanSeeRegion(std::string_view record_region_code) const;
  // True when the caller's reads are confined to a region: regulators and analysts, and
  // department clients whose API key names a region (部门 bound to a city or county).
  bool ReadsWithinRegion() const;
  // True when a record in `record_region_code` lies within what the caller may read of the
  // records its role reads at all: an official's jurisdiction, a bound department client's
  // region, everything for an administrator or a department client bound to no region.
  bool CanReadRegion(std::string_view record_region_code) const;
  // True when the caller may read personal data in full (names, phone numbers, ID numbers):
  // administrators and regulators, on a single record's page (lists always mask).
  bool CanSeePersonalData() const;
};

}  // namespace zq::auth

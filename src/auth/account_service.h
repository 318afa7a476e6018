#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "auth/password.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace zq::auth {

// Login and session rules (GB/T 22239-2019 8.1.4.1 身份鉴别): configurable, with these defaults.
struct AuthPolicy {
  int max_failed_attempts = 5;
  std::chrono::minutes lockout{15};
  std::chrono::minutes idle_timeout{30};
  std::chrono::hours absolute_timeout{12};
  std::size_t min_password_length = 10;
  Argon2Params argon2;
};

struct UserInfo {
  std::int64_t id = 0;
  std::string username;
  Role role = Role::kPublic;
  std::string region_code;
  std::string uscc;
  std::string display_name;
  bool disabled = false;
  bool locked = false;
  bool must_change_password = false;
  std::string created_at;
};

struct NewUser {
  std::string username;
  std::string password;
  Role role = Role::kAnalyst;
  std::string region_code;  // regulator / analyst
  std::string uscc;         // enterprise
  std::string display_name;
  bool must_change_password = false;
};

// A department client's API key as an administrator sees it.
struct ApiKeyInfo {
  std::string name;
  std::vector<std::string> permissions;
  std::string region_code;
  std::string created_at;
  std::string last_used_at;  // empty: never used
  std::string revoked_at;    // empty: active
};

// A signed-in session. `token` goes in an HttpOnly cookie; `csrf_token` must come back in the
// X-CSRF-Token header of every state-changing request from the console.
struct Session {
  std::string token;
  std::string csrf_token;
  std::string expires_at;
  Caller caller;
  bool must_change_password = false;
};

// Users, passwords (Argon2id), lockout, sessions and API keys. Session tokens and API keys are
// stored only as SM3 hashes. Every change and every login attempt is audited. Thread-safe.
// Errors: kInvalidArgument (with field) for bad input or a password that breaks the policy,
// kAlreadyExists for a taken name, kPermissionDenied for a caller who is not an admin,
// kUnauthenticated for a failed login or an expired session, kResourceExhausted while locked.
class AccountService {
 public:
  AccountService(store::Database& db, const AuditLog& audit, const Clock& clock,
                 AuthPolicy policy = {})
      : db_(db), audit_(audit), clock_(clock), policy_(std::move(policy)) {}

  Result<UserInfo> CreateUser(const Caller& by, const NewUser& user);
  Status SetPassword(const Caller& by, std::string_view username, std::string_view new_password);
  // A signed-in user changes their own password: the current one must verify (a wrong one counts
  // towards the lockout, kUnauthenticated with field "current_password"), the new one must meet
  // the policy and differ from it (field "new_password"). Clears must_change_password and ends
  // every session of the user, this one included.
  Status ChangeOwnPassword(const Caller& who, std::string_view current_password,
                           std::string_view new_password);
  Status SetDisabled(const Caller& by, std::string_view username, bool disabled);
  Result<std::vector<UserInfo>> ListUsers(const Caller& by);

  Result<Session> Login(std::string_view username, std::string_view password, const Caller& origin);
  Result<Session> Authenticate(std::string_view token);
  Status Logout(std::string_view token);

  // Returns the key ("zqk_" + 64 hex) once; only its hash is kept.
  Result<std::string> CreateApiKey(const Caller& by, std::string_view name,
                                   const std::vector<std::string>& permissions,
                                   std::string_view region_code);
  Result<Caller> AuthenticateApiKey(std::string_view key);
  // Every API key (active and revoked), by name; never the key or its hash. Admins only.
  Result<std::vector<ApiKeyInfo>> ListApiKeys(const Caller& by);
  Status RevokeApiKey(const Caller& by, std::string_view name);

  // At least min_password_length characters, three of the four classes (upper, lower, digit,
  // symbol), and not containing the user name.
  static Status CheckPasswordPolicy(std::string_view password, std::string_view username,
                                    const AuthPolicy& policy);

 private:
  Status RecordFailedLogin(std::string_view username, const Caller& origin, std::string_view why);

  store::Database& db_;
  const AuditLog& audit_;
  const Clock& clock_;
  AuthPolicy policy_;
};

}  // namespace zq::auth

#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "auth/crypto.h"
#include "auth/password.h"
#include "core/clock.h"
#include "core/ids/region_code.h"
#include "core/result.h"
#include "store/database.h"

namespace zq::auth {

// Whether a role must sign in with a second factor.
enum class SecondFactorRule { kRequiredForAdmins, kOptional };

// Login and session rules (GB/T 22239-2019 8.1.4.1 身份鉴别): configurable, with these defaults.
// Failed sign-ins are counted per (user name, source address): after `max_failed_attempts` the
// pair is locked for `first_lockout`, and each further failure doubles it up to `max_lockout`.
// A pair's count is forgotten after `failure_memory` without failures, and on a success.
struct AuthPolicy {
  int max_failed_attempts = 5;
  std::chrono::minutes first_lockout{1};
  std::chrono::minutes max_lockout{15};
  std::chrono::hours failure_memory{24};
  std::chrono::minutes idle_timeout{30};
  std::chrono::hours absolute_timeout{12};
  std::size_t min_password_length = 12;
  SecondFactorRule second_factor = SecondFactorRule::kRequiredForAdmins;
  Argon2Params argon2;
};

// What a user types to sign in. `code` is the second factor: the 6 digits of an authenticator
// app (TOTP) or a recovery code; empty when the user has none or has not been asked yet.
struct Credentials {
  std::string username;
  std::string password;
  std::string code;
};

// A second factor being enrolled: the secret, shown once, in both forms apps take.
struct TotpEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
};

// The second factor of a user as they see it.
struct SecondFactorStatus {
  bool enrolled = false;
  bool required = false;  // their role must have one
  int recovery_codes_left = 0;
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
  // A platform administrator without a second factor: until one is enrolled the session may only
  // enrol it (or change the password, see who it is, sign out), like must_change_password.
  bool must_enrol_second_factor = false;
};

// Whether a user may sign in (AccountService::SetAccountState).
enum class AccountState { kActive, kDisabled };

// Users, passwords (Argon2id), lockout, second factors (TOTP), sessions and API keys. Session
// tokens, API keys and recovery codes are stored only as SM3 hashes, TOTP secrets sealed with
// `secrets` (the personal-data cipher). Every change and every login attempt is audited.
// Thread-safe. Errors: kInvalidArgument (with field) for bad input or a password that breaks the
// policy, kAlreadyExists for a taken name, kPermissionDenied for a caller who is not an admin,
// kUnauthenticated for a failed login or an expired session, kResourceExhausted while locked.
class AccountService {
 public:
  AccountService(store::Database& db, const AuditLog& audit, const PersonalDataCipher& secrets,
                 const Clock& clock, AuthPolicy policy = {})
      : db_(db), audit_(audit), secrets_(secrets), clock_(clock), policy_(std::move(policy)) {}

  Result<UserInfo> CreateUser(const Caller& by, const NewUser& user);
  Status SetPassword(const Caller& by, std::string_view username, std::string_view new_password);
  // 重置密码: gives a user a new one-time password (OneTimePassword), returned to be shown once
  // and changed at the next sign-in (must_change_password); ends their sessions and lifts their
  // sign-in locks. Admins only; audited ("user.password_reset"). kNotFound (field "username")
  // for a name that is not a user.
  Result<std::string> ResetPassword(const Caller& by, std::string_view username);
  // A signed-in user changes their own password: the current one must verify (a wrong one counts
  // towards the lockout, kUnauthenticated with field "current_password"), the new one must meet
  // the policy and differ from it (field "new_password"). Clears must_change_password and ends
  // every session of the user, this one included.
  Status ChangeOwnPassword(const Caller& who, std::string_view current_password,
                           std::string_view new_password);
  // Disables a user (and ends their sessions) or enables them again. Admins only; audited.
  // kNotFound (field "username") for a name that is not a user; kFailedPrecondition for an
  // administrator disabling their own account.
  Status SetAccountState(const Caller& by, std::string_view username, AccountState state);
  Result<std::vector<UserInfo>> ListUsers(const Caller& by);

  // Signs in. Every failure answers the same for known and unknown names: kUnauthenticated
  // "invalid user name or password", or kResourceExhausted (field "username") while the pair
  // (name, origin.source) is locked, and takes the same time. A user with a second factor who
  // gave the right password but no code gets kUnauthenticated with field "code" (ask for it); a
  // wrong or replayed code is kUnauthenticated with field "code" and counts as a failure.
  Result<Session> Login(const Credentials& credentials, const Caller& origin);

  Result<Session> Login(std::string_view username, std::string_view password,
                        const Caller& origin) {
    return Login(Credentials{std::string(username), std::string(password), {}}, origin);
  }

  Result<Session> Authenticate(std::string_view token);
  Status Logout(std::string_view token);

  // Returns the key ("zqk_" + 64 hex) once; only its hash is kept. A key bound to `region`
  // reads only that subtree (Caller::CanReadRegion); none: no bound.
  Result<std::string> CreateApiKey(const Caller& by, std::string_view name,
                                   const std::vector<std::string>& permissions,
                                   const std::optional<ids::RegionCode>& region);
  Result<Caller> AuthenticateApiKey(std::string_view key);
  // Every API key (active and revoked), by name; never the key or its hash. Admins only.
  Result<std::vector<ApiKeyInfo>> ListApiKeys(const Caller& by);
  Status RevokeApiKey(const Caller& by, std::string_view name);

  // Lifts every sign-in lock of `username` (all source addresses). Admins only; audited.
  // kNotFound (field "username") for a name that is not a user.
  Status Unlock(const Caller& by, std::string_view username);

  // Second factor (second_factor.cc). Begin: a fresh secret for the signed-in `who`, kept
  // pending until Confirm gets a valid code from it; then it replaces no factor: a user who has
  // one gets kFailedPrecondition (an administrator resets it first). Confirm answers the ten
  // recovery codes, shown once; kInvalidArgument (field "code") for a wrong code,
  // kFailedPrecondition without a pending enrolment.
  Result<TotpEnrolment> BeginTotpEnrolment(const Caller& who);
  Result<std::vector<std::string>> ConfirmTotpEnrolment(const Caller& who, std::string_view code);
  Result<SecondFactorStatus> GetSecondFactorStatus(const Caller& who);
  // Removes a user's second factor and recovery codes (a lost phone). Admins only; audited.
  Status ResetSecondFactor(const Caller& by, std::string_view username);
  // Re-seals every TOTP secret under `next` (key rotation, in the caller's transaction).
  Status RekeyTotpSecrets(store::Transaction& tx, const PersonalDataCipher& next) const;

  // auth/password_policy.h: length, three classes, not the user name (any case), not a common
  // word or pattern.
  static Status CheckPasswordPolicy(std::string_view password, std::string_view username,
                                    const AuthPolicy& policy);

 private:
  // Stores `new_password`'s hash with the change flag, ends the user's sessions and lifts their
  // locks, audited as `action`.
  Status StorePassword(const Caller& by, std::string_view username, std::string_view new_password,
                       bool must_change, std::string_view action);
  // Counts a failure for (username, origin.source), locking the pair with backoff; audited.
  Status RecordFailedLogin(std::string_view username, const Caller& origin, std::string_view why);
  // The end of the lock on (username, source), or "" when none is in force.
  Result<std::string> LockedUntil(std::string_view username, std::string_view source);
  bool SecondFactorRequired(Role role) const;
  // Checks a TOTP or recovery code of user `user_id` and consumes it in `tx`: true when it was
  // good and unused.
  Result<bool> ConsumeSecondFactor(store::Transaction& tx, std::int64_t user_id,
                                   std::string_view sealed_secret, std::int64_t last_step,
                                   std::string_view code);

  store::Database& db_;
  const AuditLog& audit_;
  const PersonalDataCipher& secrets_;
  const Clock& clock_;
  AuthPolicy policy_;
};

}  // namespace zq::auth

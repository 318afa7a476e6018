#include "auth/account_service.h"

#include <fmt/format.h>

#include "auth/crypto.h"
#include "auth/internal/stored_user.h"
#include "auth/password_policy.h"
#include "store/row_mapping.h"

namespace zq::auth {
namespace {

using store::Value;

using internal::FindUser;
using internal::StoredUser;

}  // namespace

Status AccountService::CheckPasswordPolicy(std::string_view password, std::string_view username,
                                           const AuthPolicy& policy) {
  return CheckPasswordStrength(password, username, policy.min_password_length);
}

Result<UserInfo> AccountService::CreateUser(const Caller& by, const NewUser& user) {
  if (!by.IsAdministrator())
    return Status::PermissionDenied("only an administrator may create users");
  if (user.username.empty() || user.username.size() > 64) {
    return Status::InvalidArgument("the user name must have 1 to 64 characters", "username");
  }
  for (char c : user.username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) {
      return Status::InvalidArgument("the user name may use letters, digits, '_', '-' and '.'",
                                     "username");
    }
  }
  if ((user.role == Role::kRegulator || user.role == Role::kAnalyst) &&
      user.region_code.size() != 6) {
    return Status::InvalidArgument("a regulator or analyst needs a six-digit region code",
                                   "region_code");
  }
  if (user.role == Role::kEnterprise && user.uscc.size() != 18) {
    return Status::InvalidArgument("an enterprise user needs the entity's USCC", "uscc");
  }
  ZQ_RETURN_IF_ERROR(CheckPasswordPolicy(user.password, user.username, policy_));
  ZQ_ASSIGN_OR_RETURN(std::string hash, HashPassword(user.password, policy_.argon2));
  const std::string now = FormatTimestamp(clock_.Now());
  UserInfo info;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {user.username,
                                  hash,
                                  std::string(RoleName(user.role)),
                                  user.region_code,
                                  user.uscc,
                                  user.display_name,
                                  std::int64_t{user.must_change_password ? 1 : 0},
                                  now,
                                  now};
    ZQ_RETURN_IF_ERROR(store::ExecuteUnique(
        tx,
        "INSERT INTO users (username, password_hash, role, region_code, uscc, display_name, "
        "must_change_password, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p, Status::AlreadyExists("a user with this name exists", "username")));
    ZQ_ASSIGN_OR_RETURN(std::optional<StoredUser> stored, FindUser(tx, user.username, now));
    if (!stored)
      return Status::Internal("the new user cannot be read back");
    info = stored->info;
    return audit_.Append(tx, by, "user.create", "user:" + user.username,
                         fmt::format(R"({{"role":"{}","region_code":"{}"}})", RoleName(user.role),
                                     user.region_code));
  }));
  return info;
}

Status AccountService::SetPassword(const Caller& by, std::string_view username,
                                   std::string_view new_password) {
  if (!by.IsAdministrator() && by.actor != username) {
    return Status::PermissionDenied("you may change only your own password");
  }
  return StorePassword(by, username, new_password, false, "user.password");
}

Result<std::string> AccountService::ResetPassword(const Caller& by, std::string_view username) {
  if (!by.IsAdministrator())
    return Status::PermissionDenied("only an administrator may reset passwords");
  std::string password = OneTimePassword();
  ZQ_RETURN_IF_ERROR(StorePassword(by, username, password, true, "user.password_reset"));
  return password;
}

Status AccountService::StorePassword(const Caller& by, std::string_view username,
                                     std::string_view new_password, bool must_change,
                                     std::string_view action) {
  ZQ_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, username, policy_));
  ZQ_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password, policy_.argon2));
  const std::string now = FormatTimestamp(clock_.Now());
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {hash, now, std::int64_t{must_change ? 1 : 0},
                                  std::string(username)};
    ZQ_ASSIGN_OR_RETURN(std::int64_t n,
                        tx.Execute("UPDATE users SET password_hash = ?, password_changed_at = ?, "
                                   "must_change_password = ? WHERE username = ?",
                                   p));
    if (n == 0)
      return Status::NotFound("no such user", "username");
    // A new password ends every session of that user and lifts its sign-in locks.
    const std::vector<Value> q = {std::string(username)};
    ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM login_failures WHERE username = ?", q).status());
    ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM sessions WHERE user_id IN "
                                  "(SELECT id FROM users WHERE username = ?)",
                                  q)
                           .status());
    return audit_.Append(tx, by, action, "user:" + std::string(username));
  });
}

Status AccountService::ChangeOwnPassword(const Caller& who, std::string_view current_password,
                                         std::string_view new_password) {
  std::string stored_hash;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
    const std::vector<Value> p = {who.actor};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx->Query("SELECT password_hash FROM users WHERE username = ?", p));
    if (rs.rows.empty())
      return Status::Unauthenticated("only a signed-in user has a password to change");
    stored_hash = rs.rows[0].GetText(0);
  }
  // A locked (name, address) takes no more guesses, from the sign-in form or from here.
  ZQ_ASSIGN_OR_RETURN(std::string locked_until, LockedUntil(who.actor, who.source));
  if (!locked_until.empty()) {
    return Status::ResourceExhausted(
        fmt::format("too many failed attempts: locked until {}", locked_until), "current_password");
  }
  if (!VerifyPassword(current_password, stored_hash)) {
    ZQ_RETURN_IF_ERROR(RecordFailedLogin(who.actor, who, "wrong current password"));
    return Status::InvalidArgument("the current password is wrong", "current_password");
  }
  if (current_password == new_password) {
    return Status::InvalidArgument("the new password must differ from the current one",
                                   "new_password");
  }
  if (Status policy = CheckPasswordPolicy(new_password, who.actor, policy_); !policy.ok()) {
    return Status::InvalidArgument(policy.message(), "new_password");
  }
  return SetPassword(who, who.actor, new_password);
}

Status AccountService::SetAccountState(const Caller& by, std::string_view username,
                                       AccountState state) {
  const bool disabled = state == AccountState::kDisabled;
  if (!by.IsAdministrator())
    return Status::PermissionDenied("only an administrator may disable users");
  if (disabled && by.actor == username) {
    return Status::FailedPrecondition("you cannot disable your own account", "username");
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {std::int64_t{disabled ? 1 : 0}, std::string(username)};
    ZQ_ASSIGN_OR_RETURN(std::int64_t n,
                        tx.Execute("UPDATE users SET disabled = ? WHERE username = ?", p));
    if (n == 0)
      return Status::NotFound("no such user", "username");
    if (disabled) {
      const std::vector<Value> q = {std::string(username)};
      ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM sessions WHERE user_id IN "
                                    "(SELECT id FROM users WHERE username = ?)",
                                    q)
                             .status());
    }
    return audit_.Append(tx, by, disabled ? "user.disable" : "user.enable",
                         "user:" + std::string(username));
  });
}

Status AccountService::Unlock(const Caller& by, std::string_view username) {
  if (!by.IsAdministrator())
    return Status::PermissionDenied("only an administrator may unlock users");
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {std::string(username)};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query("SELECT id FROM users WHERE username = ?", p));
    if (rs.rows.empty())
      return Status::NotFound("no such user", "username");
    ZQ_ASSIGN_OR_RETURN(std::int64_t pairs,
                        tx.Execute("DELETE FROM login_failures WHERE username = ?", p));
    return audit_.Append(tx, by, "user.unlock", "user:" + std::string(username),
                         fmt::format(R"({{"sources":{}}})", pairs));
  });
}

Result<std::vector<UserInfo>> AccountService::ListUsers(const Caller& by) {
  if (!by.IsAdministrator())
    return Status::PermissionDenied("only an administrator may list users");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(internal::StoredUserColumns().SelectFrom("users ORDER BY username")));
  const std::string now = FormatTimestamp(clock_.Now());
  std::vector<UserInfo> out;
  for (const store::Row& r : rs.rows) out.push_back(internal::UserFromRow(r, now).info);
  return out;
}

}  // namespace zq::auth

// AccountService: login, lockout, sessions and API keys (account_service.h).
#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "auth/account_service.h"
#include "auth/crypto.h"
#include "auth/internal/stored_user.h"
#include "store/row_mapping.h"

namespace zq::auth {
namespace {

using store::Value;

std::string TokenHash(std::string_view token) { return ToHex(Sm3(token)); }

std::string NewToken() {
  const std::string raw = RandomBytes(32);
  return ToHex({reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()});
}

// An Argon2id hash of a random password, verified against when the user does not exist, so
// that a failed login takes the same time whether or not the name is known.
const std::string& DummyHash(const Argon2Params& params) {
  static const std::string hash = *HashPassword("dummy-Password-1", params);
  return hash;
}

// Sign-in names are keyed as typed, cut to the longest a user name may be: unknown names are
// counted and locked exactly like known ones.
std::string FailureKey(std::string_view username) { return std::string(username.substr(0, 64)); }

Caller CallerFor(const UserInfo& u, const Caller& origin) {
  Caller c{.actor = u.username, .role = u.role, .region_code = u.region_code, .uscc = u.uscc};
  c.request_id = origin.request_id;
  c.source = origin.source;
  return c;
}

// A session joined with its user (aliases s, u), as Authenticate reads it.
struct SessionRow {
  Session session;  // all but the token and must_enrol_second_factor
  std::string last_seen_at;
  bool disabled = false;
  std::string totp_secret;
};

const store::Columns<SessionRow>& SessionColumns() {
  using R = SessionRow;
  constexpr auto s = &R::session;
  constexpr auto c = &Session::caller;
  static const store::Columns<R> kColumns(
      "s.csrf_token", s, &Session::csrf_token, "s.last_seen_at", &R::last_seen_at, "s.expires_at",
      s, &Session::expires_at, "u.username", s, c, &Caller::actor, "u.role", s, c, &Caller::role,
      ParseRole, "u.region_code", s, c, &Caller::region_code, "u.uscc", s, c, &Caller::uscc,
      "u.disabled", &R::disabled, "u.must_change_password", s, &Session::must_change_password,
      "u.totp_secret", &R::totp_secret);
  return kColumns;
}

// Permissions are stored comma-joined.
std::vector<std::string> SplitPermissions(const std::string& joined) {
  std::vector<std::string> out;
  std::stringstream items(joined);
  for (std::string item; std::getline(items, item, ',');) out.push_back(item);
  return out;
}

const store::Columns<ApiKeyInfo>& ApiKeyColumns() {
  using K = ApiKeyInfo;
  static const store::Columns<K> kColumns("name", &K::name, "permissions", &K::permissions,
                                          SplitPermissions, "region_code", &K::region_code,
                                          "created_at", &K::created_at, "last_used_at",
                                          &K::last_used_at, "revoked_at", &K::revoked_at);
  return kColumns;
}

}  // namespace

Result<std::string> AccountService::LockedUntil(std::string_view username,
                                                std::string_view source) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const std::vector<Value> p = {FailureKey(username), std::string(source),
                                FormatTimestamp(clock_.Now())};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query("SELECT locked_until FROM login_failures "
                                "WHERE username = ? AND source = ? AND locked_until > ?",
                                p));
  return rs.rows.empty() ? std::string() : rs.rows[0].GetText(0);
}

Status AccountService::RecordFailedLogin(std::string_view username, const Caller& origin,
                                         std::string_view why) {
  const auto now = clock_.Now();
  const std::string now_text = FormatTimestamp(now);
  const std::string key = FailureKey(username);
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    // Forget pairs that have been quiet for failure_memory: their count starts again, and the
    // table holds only recent guessers.
    const std::vector<Value> old = {FormatTimestamp(now - policy_.failure_memory)};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("DELETE FROM login_failures WHERE last_failure_at < ?", old).status());
    const std::vector<Value> insert = {key, origin.source, now_text};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO login_failures (username, source, failures, "
                                  "last_failure_at) VALUES (?, ?, 0, ?) "
                                  "ON CONFLICT (username, source) DO NOTHING",
                                  insert)
                           .status());
    // One UPDATE increments, so that concurrent failures (row-locked on PostgreSQL, serialised
    // by the write lock on SQLite) each count.
    const std::vector<Value> pair = {now_text, key, origin.source};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE login_failures SET failures = failures + 1, "
                                  "last_failure_at = ? WHERE username = ? AND source = ?",
                                  pair)
                           .status());
    const std::vector<Value> who_key = {key, origin.source};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query("SELECT failures FROM login_failures "
                                                      "WHERE username = ? AND source = ?",
                                                      who_key));
    const std::int64_t failures = rs.rows.empty() ? 0 : rs.rows[0].GetInt(0);
    std::string detail = fmt::format(R"({{"reason":"{}","failures":{})", why, failures);
    if (failures >= policy_.max_failed_attempts) {
      // Backoff: first_lockout at the threshold, doubled by each further failure, capped.
      auto lock = std::chrono::duration_cast<std::chrono::seconds>(policy_.first_lockout);
      for (std::int64_t i = policy_.max_failed_attempts; i < failures && lock < policy_.max_lockout;
           ++i) {
        lock *= 2;
      }
      lock = std::min<std::chrono::seconds>(lock, policy_.max_lockout);
      const std::string until = FormatTimestamp(now + lock);
      const std::vector<Value> set = {until, key, origin.source};
      ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE login_failures SET locked_until = ? "
                                    "WHERE username = ? AND source = ?",
                                    set)
                             .status());
      detail += fmt::format(R"(,"locked_until":"{}")", until);
    }
    Caller who = origin;
    who.actor = key;
    return audit_.Append(tx, who, "login.failed", "user:" + key, detail + "}");
  });
}

bool AccountService::SecondFactorRequired(Role role) const {
  return role == Role::kPlatformAdmin &&
         policy_.second_factor == SecondFactorRule::kRequiredForAdmins;
}

Result<Session> AccountService::Login(const Credentials& credentials, const Caller& origin) {
  const std::string& username = credentials.username;
  const auto now = clock_.Now();
  const std::string now_text = FormatTimestamp(now);
  // A locked pair answers before any password is checked, whether or not the name exists.
  ZQ_ASSIGN_OR_RETURN(std::string locked_until, LockedUntil(username, origin.source));
  if (!locked_until.empty()) {
    Caller who = origin;
    who.actor = FailureKey(username);
    ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) {
      return audit_.Append(tx, who, "login.locked", "user:" + who.actor);
    }));
    return Status::ResourceExhausted(
        fmt::format("too many failed attempts: locked until {}", locked_until), "username");
  }
  std::optional<internal::StoredUser> stored;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(stored, internal::FindUser(*tx, username, now_text));
  }
  if (!stored) {
    (void)VerifyPassword(credentials.password, DummyHash(policy_.argon2));
    ZQ_RETURN_IF_ERROR(RecordFailedLogin(username, origin, "unknown user"));
    return Status::Unauthenticated("invalid user name or password");
  }
  const UserInfo* user = &stored->info;
  const std::string& password_hash = stored->password_hash;
  const std::string& totp_secret = stored->totp_secret;
  const std::int64_t totp_last_step = stored->totp_last_step;
  if (!VerifyPassword(credentials.password, password_hash)) {
    ZQ_RETURN_IF_ERROR(RecordFailedLogin(username, origin, "wrong password"));
    return Status::Unauthenticated("invalid user name or password");
  }
  if (user->disabled) {
    ZQ_RETURN_IF_ERROR(RecordFailedLogin(username, origin, "disabled"));
    return Status::Unauthenticated("invalid user name or password");
  }
  const bool has_second_factor = !totp_secret.empty();
  if (has_second_factor && credentials.code.empty()) {
    // The password was right: not a failure, but nothing opens without the code.
    return Status(StatusCode::kUnauthenticated, "enter the code from your authenticator app",
                  "code");
  }

  Session session;
  session.token = NewToken();
  session.csrf_token = NewToken();
  session.expires_at = FormatTimestamp(now + policy_.absolute_timeout);
  session.caller = CallerFor(*user, origin);
  session.must_change_password = user->must_change_password;
  session.must_enrol_second_factor = !has_second_factor && SecondFactorRequired(user->role);
  bool code_ok = true;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (has_second_factor) {
      ZQ_ASSIGN_OR_RETURN(code_ok, ConsumeSecondFactor(tx, user->id, totp_secret, totp_last_step,
                                                       credentials.code));
      if (!code_ok)
        return Status::Ok();  // nothing to write: the failure is recorded below
    }
    const std::vector<Value> reset = {FailureKey(username), origin.source};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("DELETE FROM login_failures WHERE username = ? AND source = ?", reset).status());
    const std::vector<Value> p = {
        TokenHash(session.token), user->id,     session.csrf_token, now_text, now_text,
        session.expires_at,       origin.source};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO sessions (token_hash, user_id, csrf_token, "
                                  "created_at, last_seen_at, expires_at, source) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                  p)
                           .status());
    return audit_.Append(tx, session.caller, "login.ok", "user:" + user->username,
                         has_second_factor ? R"({"second_factor":true})" : "");
  }));
  if (!code_ok) {
    ZQ_RETURN_IF_ERROR(RecordFailedLogin(username, origin, "wrong code"));
    return Status(StatusCode::kUnauthenticated, "the code is wrong or has been used", "code");
  }
  return session;
}

Result<Session> AccountService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 128)
    return Status::Unauthenticated("not signed in");
  const auto now = clock_.Now();
  const std::string now_text = FormatTimestamp(now);
  const std::string idle_cutoff = FormatTimestamp(now - policy_.idle_timeout);
  const std::string hash = TokenHash(token);
  Session session;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {hash};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet rs,
        tx.Query(SessionColumns().SelectFrom(
                     "sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?"),
                 p));
    if (rs.rows.empty())
      return Status::Unauthenticated("not signed in");
    SessionRow row = SessionColumns().FromRow(rs.rows[0]);
    if (row.last_seen_at < idle_cutoff || row.session.expires_at <= now_text || row.disabled) {
      ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM sessions WHERE token_hash = ?", p).status());
      return Status::Ok();  // commit the clean-up, then answer kUnauthenticated below
    }
    session = std::move(row.session);
    session.token = std::string(token);
    session.must_enrol_second_factor =
        row.totp_secret.empty() && SecondFactorRequired(session.caller.role);
    const std::vector<Value> touch = {now_text, hash};
    return tx.Execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", touch).status();
  }));
  if (session.token.empty())
    return Status::Unauthenticated("the session has expired");
  return session;
}

Status AccountService::Logout(std::string_view token) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {TokenHash(token)};
    return tx.Execute("DELETE FROM sessions WHERE token_hash = ?", p).status();
  });
}

Result<std::string> AccountService::CreateApiKey(const Caller& by, std::string_view name,
                                                 const std::vector<std::string>& permissions,
                                                 const std::optional<ids::RegionCode>& region) {
  if (!by.IsAdministrator()) {
    return Status::PermissionDenied("only an administrator may create API keys");
  }
  if (name.empty() || name.size() > 100) {
    return Status::InvalidArgument("the key needs a name of 1 to 100 characters", "name");
  }
  if (permissions.empty()) {
    return Status::InvalidArgument(
        "a key needs at least one permission: without one it could call nothing", "permissions");
  }
  std::string joined;
  for (const std::string& p : permissions) {
    if (p.empty() || p.find(',') != std::string::npos) {
      return Status::InvalidArgument("a permission is a non-empty name without commas",
                                     "permissions");
    }
    if (!joined.empty())
      joined += ',';
    joined += p;
  }
  const std::string key = "zqk_" + NewToken();
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {std::string(name), TokenHash(key), joined,
                                  std::string(ids::CodeOrEmpty(region)),
                                  FormatTimestamp(clock_.Now())};
    ZQ_RETURN_IF_ERROR(store::ExecuteUnique(
        tx,
        "INSERT INTO api_keys (name, key_hash, permissions, region_code, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        p, Status::AlreadyExists("an API key with this name exists", "name")));
    return audit_.Append(tx, by, "api_key.create", "api_key:" + std::string(name),
                         fmt::format(R"({{"permissions":"{}"}})", joined));
  }));
  return key;
}

Result<Caller> AccountService::AuthenticateApiKey(std::string_view key) {
  if (!key.starts_with("zqk_") || key.size() > 128) {
    return Status::Unauthenticated("invalid API key");
  }
  Caller caller;
  const std::string hash = TokenHash(key);
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {hash};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet rs,
        tx.Query(ApiKeyColumns().SelectFrom("api_keys WHERE key_hash = ? AND revoked_at = ''"), p));
    if (rs.rows.empty())
      return Status::Unauthenticated("invalid API key");
    const ApiKeyInfo k = ApiKeyColumns().FromRow(rs.rows[0]);
    caller.actor = k.name;
    caller.role = Role::kDepartmentClient;
    caller.region_code = k.region_code;
    caller.permissions.insert(k.permissions.begin(), k.permissions.end());
    const std::vector<Value> touch = {FormatTimestamp(clock_.Now()), hash};
    return tx.Execute("UPDATE api_keys SET last_used_at = ? WHERE key_hash = ?", touch).status();
  }));
  return caller;
}

Result<std::vector<ApiKeyInfo>> AccountService::ListApiKeys(const Caller& by) {
  if (!by.IsAdministrator()) {
    return Status::PermissionDenied("only an administrator may list API keys");
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(ApiKeyColumns().SelectFrom("api_keys ORDER BY name")));
  return ApiKeyColumns().FromRows(rs.rows);
}

Status AccountService::RevokeApiKey(const Caller& by, std::string_view name) {
  if (!by.IsAdministrator()) {
    return Status::PermissionDenied("only an administrator may revoke API keys");
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {FormatTimestamp(clock_.Now()), std::string(name)};
    ZQ_ASSIGN_OR_RETURN(
        std::int64_t n,
        tx.Execute("UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at = ''", p));
    if (n == 0)
      return Status::NotFound("no such active API key", "name");
    return audit_.Append(tx, by, "api_key.revoke", "api_key:" + std::string(name));
  });
}

}  // namespace zq::auth

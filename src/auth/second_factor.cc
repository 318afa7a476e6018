// AccountService: the second factor, TOTP (RFC 6238) with single-use recovery codes
// (account_service.h). GB/T 22239-2019 8.1.4.1 d: two or more authentication techniques.
#include <fmt/format.h>
#include <openssl/crypto.h>

#include "auth/account_service.h"
#include "auth/crypto.h"
#include "auth/totp.h"
#include "store/row_mapping.h"

namespace zq::auth {
namespace {

using store::Value;

constexpr std::string_view kIssuer = "Zhiqiang";
constexpr int kRecoveryCodes = 10;

// Letters and digits only, upper-case: "abcd-efgh ijkl-mnop" and "ABCDEFGHIJKLMNOP" are one code.
std::string NormaliseRecoveryCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

std::string RecoveryCodeHash(std::string_view code) {
  return ToHex(Sm3("zq/recovery/" + NormaliseRecoveryCode(code)));
}

// 80 random bits as 16 base32 characters, grouped by four for reading aloud.
std::string NewRecoveryCode() {
  const std::string raw = Base32Encode(RandomBytes(10));
  return fmt::format("{}-{}-{}-{}", raw.substr(0, 4), raw.substr(4, 4), raw.substr(8, 4),
                     raw.substr(12, 4));
}

bool SameCode(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsSixDigits(std::string_view code) {
  return code.size() == 6 && code.find_first_not_of("0123456789") == std::string_view::npos;
}

// The time step within one step of `now` (RFC 6238 §5.2: allow for clock drift) at which `code`
// is the TOTP value of `key` and that is later than `after`; 0 when there is none.
std::uint64_t MatchingStep(std::string_view key, std::string_view code,
                           std::chrono::system_clock::time_point now, std::uint64_t after) {
  const std::uint64_t current = TotpStep(now);
  for (std::uint64_t step : {current, current - 1, current + 1}) {
    if (step > after && SameCode(TotpCode(key, step), code))
      return step;
  }
  return 0;
}

struct UserFactor {
  std::int64_t id = 0;
  Role role = Role::kPublic;
  std::string secret;   // sealed, "" when none
  std::string pending;  // sealed, "" when none
};

Result<UserFactor> FindFactor(store::Transaction& tx, std::string_view username) {
  using F = UserFactor;
  static const store::Columns<F> kColumns("id", &F::id, "role", &F::role, ParseRole, "totp_secret",
                                          &F::secret, "totp_pending", &F::pending);
  const std::vector<Value> p = {std::string(username)};
  return kColumns.QueryOneOr(tx, "users WHERE username = ?", p,
                             Status::NotFound("no such user", "username"));
}

}  // namespace

Result<bool> AccountService::ConsumeSecondFactor(store::Transaction& tx, std::int64_t user_id,
                                                 std::string_view sealed_secret,
                                                 std::int64_t last_step, std::string_view code) {
  if (IsSixDigits(code)) {
    ZQ_ASSIGN_OR_RETURN(std::string key, secrets_.Open(sealed_secret));
    const std::uint64_t step =
        MatchingStep(key, code, clock_.Now(), static_cast<std::uint64_t>(last_step));
    if (step == 0)
      return false;
    // RFC 6238 §5.2: a code is accepted once. The condition makes a concurrent second use of
    // the same step change no row.
    const std::vector<Value> p = {static_cast<std::int64_t>(step), user_id,
                                  static_cast<std::int64_t>(step)};
    ZQ_ASSIGN_OR_RETURN(
        std::int64_t n,
        tx.Execute("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", p));
    return n == 1;
  }
  const std::vector<Value> p = {FormatTimestamp(clock_.Now()), user_id, RecoveryCodeHash(code)};
  ZQ_ASSIGN_OR_RETURN(std::int64_t n,
                      tx.Execute("UPDATE recovery_codes SET used_at = ? "
                                 "WHERE user_id = ? AND code_hash = ? AND used_at = ''",
                                 p));
  return n == 1;
}

Result<TotpEnrolment> AccountService::BeginTotpEnrolment(const Caller& who) {
  const std::string secret = RandomBytes(20);  // RFC 4226 §4 R6: 160 bits recommended
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(UserFactor f, FindFactor(tx, who.actor));
    if (!f.secret.empty()) {
      return Status::FailedPrecondition(
          "a second factor is enrolled already: an administrator can reset it "
          "(zq user reset-second-factor)",
          "code");
    }
    const std::vector<Value> p = {secrets_.Seal(secret), f.id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE users SET totp_pending = ? WHERE id = ?", p).status());
    return audit_.Append(tx, who, "second_factor.begin", "user:" + who.actor);
  }));
  TotpEnrolment e;
  e.secret_base32 = Base32Encode(secret);
  e.otpauth_uri = OtpauthUri(kIssuer, who.actor, e.secret_base32);
  return e;
}

Result<std::vector<std::string>> AccountService::ConfirmTotpEnrolment(const Caller& who,
                                                                      std::string_view code) {
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodes; ++i) codes.push_back(NewRecoveryCode());
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(UserFactor f, FindFactor(tx, who.actor));
    if (f.pending.empty())
      return Status::FailedPrecondition("no enrolment is under way: begin one first", "code");
    ZQ_ASSIGN_OR_RETURN(std::string key, secrets_.Open(f.pending));
    const std::uint64_t step = IsSixDigits(code) ? MatchingStep(key, code, clock_.Now(), 0) : 0;
    if (step == 0) {
      return Status::InvalidArgument(
          "the code does not match: check the phone's time and enter the current code", "code");
    }
    const std::vector<Value> p = {f.pending, static_cast<std::int64_t>(step), f.id};
    ZQ_ASSIGN_OR_RETURN(std::int64_t n, tx.Execute("UPDATE users SET totp_secret = ?, "
                                                   "totp_pending = '', totp_last_step = ? "
                                                   "WHERE id = ? AND totp_secret = ''",
                                                   p));
    if (n != 1)
      return Status::FailedPrecondition("a second factor is enrolled already", "code");
    const std::vector<Value> id = {f.id};
    ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM recovery_codes WHERE user_id = ?", id).status());
    for (const std::string& c : codes) {
      const std::vector<Value> row = {f.id, RecoveryCodeHash(c)};
      ZQ_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", row)
              .status());
    }
    return audit_.Append(tx, who, "second_factor.enrol", "user:" + who.actor);
  }));
  return codes;
}

Result<SecondFactorStatus> AccountService::GetSecondFactorStatus(const Caller& who) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(UserFactor f, FindFactor(*tx, who.actor));
  SecondFactorStatus s;
  s.enrolled = !f.secret.empty();
  s.required = SecondFactorRequired(f.role);
  const std::vector<Value> id = {f.id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at = ''", id));
  s.recovery_codes_left = s.enrolled ? static_cast<int>(rs.rows[0].GetInt(0)) : 0;
  return s;
}

Status AccountService::ResetSecondFactor(const Caller& by, std::string_view username) {
  if (!by.IsAdministrator())
    return Status::PermissionDenied("only an administrator may reset a second factor");
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(UserFactor f, FindFactor(tx, username));
    const std::vector<Value> id = {f.id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE users SET totp_secret = '', totp_pending = '', "
                                  "totp_last_step = 0 WHERE id = ?",
                                  id)
                           .status());
    ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM recovery_codes WHERE user_id = ?", id).status());
    // Whoever holds a session of the user signs in again, and enrols anew if the role needs it.
    ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM sessions WHERE user_id = ?", id).status());
    return audit_.Append(tx, by, "user.second_factor.reset", "user:" + std::string(username));
  });
}

Status AccountService::RekeyTotpSecrets(store::Transaction& tx,
                                        const PersonalDataCipher& next) const {
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT id, totp_secret, totp_pending FROM users "
                               "WHERE totp_secret <> '' OR totp_pending <> ''"));
  for (const store::Row& r : rs.rows) {
    std::string sealed[2] = {r.GetText(1), r.GetText(2)};
    for (std::string& s : sealed) {
      if (s.empty())
        continue;
      ZQ_ASSIGN_OR_RETURN(std::string plain, secrets_.Open(s));
      s = next.Seal(plain);
    }
    const std::vector<Value> p = {sealed[0], sealed[1], r.GetInt(0)};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("UPDATE users SET totp_secret = ?, totp_pending = ? WHERE id = ?", p).status());
  }
  return Status::Ok();
}

}  // namespace zq::auth

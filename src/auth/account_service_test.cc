#include "auth/account_service.h"

#include <gtest/gtest.h>

#include "auth/account_service_fixture.h"
#include "auth/totp.h"
#include "core/testing/ids.h"

namespace zq::auth {
namespace {

TEST_P(AccountServiceTest, LoginGivesASessionScopedToTheUsersRegion) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Result<Session> s = accounts_->Login("jinan.reg", kGoodPassword, Origin());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->caller.role, Role::kRegulator);
  EXPECT_TRUE(s->caller.CanSeeRegion("370102"));
  EXPECT_FALSE(s->caller.CanSeeRegion("370202"));
  Result<Session> again = accounts_->Authenticate(s->token);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->caller.actor, "jinan.reg");
  EXPECT_EQ(again->csrf_token, s->csrf_token);
}

TEST_P(AccountServiceTest, FiveFailuresLockOnlyThatAddressWithDoublingBackoff) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const Caller attacker = Origin("203.0.113.9");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts_->Login("jinan.reg", "wrong", attacker).status().code(),
              StatusCode::kUnauthenticated);
  }
  // The guesser's address is locked, the right password included; the owner elsewhere is not.
  EXPECT_EQ(accounts_->Login("jinan.reg", kGoodPassword, attacker).status().code(),
            StatusCode::kResourceExhausted);
  ASSERT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, Origin("10.0.0.7")).ok());
  // 1 minute, then each further failure doubles the lock: 2 minutes after the sixth.
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(accounts_->Login("jinan.reg", "wrong", attacker).status().code(),
            StatusCode::kUnauthenticated);
  clock_.Advance(std::chrono::seconds(100));
  EXPECT_EQ(accounts_->Login("jinan.reg", kGoodPassword, attacker).status().code(),
            StatusCode::kResourceExhausted);
  clock_.Advance(std::chrono::seconds(21));
  EXPECT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, attacker).ok());
  // A success forgets the count: the next failure does not lock.
  EXPECT_EQ(accounts_->Login("jinan.reg", "wrong", attacker).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, attacker).ok());
}

TEST_P(AccountServiceTest, BackoffIsCappedAtFifteenMinutes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const Caller attacker = Origin("203.0.113.9");
  for (int i = 0; i < 12; ++i) {
    // Each guess comes as soon as the lock ends: 1, 2, 4, 8, 15, 15, … minutes.
    while (accounts_->Login("jinan.reg", "wrong", attacker).status().code() ==
           StatusCode::kResourceExhausted) {
      clock_.Advance(std::chrono::seconds(30));
    }
  }
  clock_.Advance(std::chrono::minutes(15) + std::chrono::seconds(1));
  EXPECT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, attacker).ok());
}

TEST_P(AccountServiceTest, UnknownNamesAnswerExactlyLikeKnownOnes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  for (int i = 0; i < 7; ++i) {
    const Status known = accounts_->Login("jinan.reg", "wrong", Origin()).status();
    const Status unknown = accounts_->Login("nobody", "wrong", Origin()).status();
    EXPECT_EQ(known.code(), unknown.code()) << i;
    EXPECT_EQ(known.message(), unknown.message()) << i;
    EXPECT_EQ(known.field(), unknown.field()) << i;
    EXPECT_EQ(known.code(), i < 5 ? StatusCode::kUnauthenticated : StatusCode::kResourceExhausted)
        << i;
  }
}

TEST_P(AccountServiceTest, AdministratorUnlocksAUserAndItIsAudited) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  for (const char* source : {"203.0.113.9", "198.51.100.4"}) {
    for (int i = 0; i < 5; ++i) (void)accounts_->Login("jinan.reg", "wrong", Origin(source));
  }
  EXPECT_TRUE(accounts_->ListUsers(Caller::System())->at(0).locked);
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  EXPECT_EQ(accounts_->Unlock(s.caller, "jinan.reg").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->Unlock(Caller::System(), "nobody").field(), "username");
  ASSERT_TRUE(accounts_->Unlock(Caller::System(), "jinan.reg").ok());
  EXPECT_FALSE(accounts_->ListUsers(Caller::System())->at(0).locked);
  EXPECT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, Origin("203.0.113.9")).ok());
  auto tx = std::move(t->db().Begin()).value();
  AuditLog::Filter f;
  f.action_prefix = "user.unlock";
  Result<std::vector<AuditEntry>> found = log_.Search(*tx, Caller::System(), f);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->at(0).object, "user:jinan.reg");
}

TEST_P(AccountServiceTest, AdministratorMustEnrolASecondFactorAndThenUseIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session first = SignedInAdmin();
  EXPECT_TRUE(first.must_enrol_second_factor);
  EXPECT_TRUE(accounts_->Authenticate(first.token)->must_enrol_second_factor);
  // Only a code of the pending secret completes the enrolment.
  ASSERT_TRUE(accounts_->BeginTotpEnrolment(first.caller).ok());
  EXPECT_EQ(accounts_->ConfirmTotpEnrolment(first.caller, "000000").status().field(), "code");
  EXPECT_FALSE(accounts_->GetSecondFactorStatus(first.caller)->enrolled);
  const std::string secret = Enrol(first.caller);
  EXPECT_FALSE(accounts_->Authenticate(first.token)->must_enrol_second_factor);
  EXPECT_EQ(accounts_->BeginTotpEnrolment(first.caller).status().code(),
            StatusCode::kFailedPrecondition);

  // The password alone asks for the code; the code enrolment used is spent.
  const Status ask = accounts_->Login("root.admin", kGoodPassword, Origin()).status();
  EXPECT_EQ(ask.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(ask.field(), "code");
  EXPECT_EQ(
      accounts_->Login({"root.admin", kGoodPassword, CodeNow(secret)}, Origin()).status().field(),
      "code");
  clock_.Advance(std::chrono::seconds(30));
  const std::string code = CodeNow(secret);
  Result<Session> s = accounts_->Login({"root.admin", kGoodPassword, code}, Origin());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_FALSE(s->must_enrol_second_factor);
  // RFC 6238 §5.2: not twice, and not an older one either.
  EXPECT_EQ(accounts_->Login({"root.admin", kGoodPassword, code}, Origin()).status().field(),
            "code");
  // A wrong password with a good code is just a wrong password.
  clock_.Advance(std::chrono::seconds(30));
  const Status wrong =
      accounts_->Login({"root.admin", "wrong", CodeNow(secret)}, Origin()).status();
  EXPECT_EQ(wrong.message(), "invalid user name or password");
  EXPECT_TRUE(accounts_->Login({"root.admin", kGoodPassword, CodeNow(secret)}, Origin()).ok());
}

TEST_P(AccountServiceTest, WrongCodesCountTowardsTheLockout) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  EXPECT_FALSE(s.must_enrol_second_factor);  // optional for a regulator
  const std::string secret = Enrol(s.caller);
  clock_.Advance(std::chrono::seconds(30));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts_->Login({"jinan.reg", kGoodPassword, "123456"}, Origin()).status().field(),
              "code");
  }
  EXPECT_EQ(
      accounts_->Login({"jinan.reg", kGoodPassword, CodeNow(secret)}, Origin()).status().code(),
      StatusCode::kResourceExhausted);
  EXPECT_TRUE(
      accounts_->Login({"jinan.reg", kGoodPassword, CodeNow(secret)}, Origin("10.0.0.7")).ok());
}

TEST_P(AccountServiceTest, RecoveryCodesWorkOnceEach) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  std::vector<std::string> recovery;
  Enrol(s.caller, &recovery);
  ASSERT_EQ(recovery.size(), 10u);
  EXPECT_EQ(accounts_->GetSecondFactorStatus(s.caller)->recovery_codes_left, 10);
  std::string lower = recovery[3];
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(accounts_->Login({"jinan.reg", kGoodPassword, lower}, Origin()).ok());
  EXPECT_EQ(accounts_->Login({"jinan.reg", kGoodPassword, recovery[3]}, Origin()).status().field(),
            "code");
  EXPECT_EQ(accounts_->GetSecondFactorStatus(s.caller)->recovery_codes_left, 9);
  // Stored hashed: no code appears in the table.
  auto tx = std::move(t->db().Begin()).value();
  auto rs = std::move(tx->Query("SELECT code_hash FROM recovery_codes")).value();
  ASSERT_EQ(rs.rows.size(), 10u);
  for (const store::Row& r : rs.rows) {
    EXPECT_EQ(r.GetText(0).size(), 64u);
    for (const std::string& code : recovery) EXPECT_EQ(r.GetText(0).find(code), std::string::npos);
  }
}

TEST_P(AccountServiceTest, TotpSecretIsSealedAtRestAndSurvivesKeyRotation) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  const std::string secret = Enrol(s.caller);
  {
    auto tx = std::move(t->db().Begin()).value();
    auto rs =
        std::move(tx->Query("SELECT totp_secret FROM users WHERE username = 'jinan.reg'")).value();
    const std::string stored = rs.rows[0].GetText(0);
    EXPECT_TRUE(stored.starts_with("v1:")) << stored;
    EXPECT_EQ(stored.find(Base32Encode(secret)), std::string::npos);
    EXPECT_EQ(
        stored.find(ToHex({reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()})),
        std::string::npos);
    EXPECT_EQ(keys_.personal_data().Open(stored).value(), secret);
  }
  KeyRing next = *KeyRing::FromMasterKey(std::string(32, 'n'));
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                return accounts_->RekeyTotpSecrets(tx, next.personal_data());
              }).ok());
  AccountService rotated(t->db(), log_, next.personal_data(), clock_, CheapPolicy());
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(rotated.Login({"jinan.reg", kGoodPassword, CodeNow(secret)}, Origin()).ok());
}

TEST_P(AccountServiceTest, ResetSecondFactorEndsSessionsAndAsksAnAdminToEnrolAgain) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = SignedInAdmin();
  Enrol(s.caller);
  ASSERT_TRUE(accounts_->ResetSecondFactor(Caller::System(), "root.admin").ok());
  EXPECT_FALSE(accounts_->Authenticate(s.token).ok());
  Result<Session> again = accounts_->Login("root.admin", kGoodPassword, Origin());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->must_enrol_second_factor);
}

TEST_P(AccountServiceTest, EveryLoginAttemptIsAudited) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  (void)accounts_->Login("jinan.reg", "wrong", Origin());
  (void)accounts_->Login("nobody", "wrong", Origin());
  ASSERT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, Origin()).ok());
  auto tx = std::move(t->db().Begin()).value();
  Result<std::vector<AuditEntry>> found = log_.Search(*tx, Caller::System(), {});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  const std::vector<AuditEntry>& entries = *found;
  std::vector<std::string> actions;
  for (const AuditEntry& e : entries) actions.push_back(e.action + " " + e.actor);
  EXPECT_EQ(actions, (std::vector<std::string>{"login.ok jinan.reg", "login.failed nobody",
                                               "login.failed jinan.reg", "user.create system"}));
  EXPECT_FALSE(std::move(log_.Verify(t->db())).value().has_value());
}

TEST_P(AccountServiceTest, IdleSessionExpiresAfterThirtyMinutes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_TRUE(accounts_->Authenticate(s.token).ok());
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(accounts_->Authenticate(s.token).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(AccountServiceTest, ActiveSessionStillEndsAtTheAbsoluteLimit) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  for (int i = 0; i < 12 * 3; ++i) {  // active every 20 minutes for 12 hours
    clock_.Advance(std::chrono::minutes(20));
    if (!accounts_->Authenticate(s.token).ok()) {
      EXPECT_GE(i, 12 * 3 - 1);
      return;
    }
  }
  ADD_FAILURE() << "the session outlived the absolute limit";
}

TEST_P(AccountServiceTest, LogoutAndPasswordChangeEndSessions) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session a = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  Session b = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  ASSERT_TRUE(accounts_->Logout(a.token).ok());
  EXPECT_FALSE(accounts_->Authenticate(a.token).ok());
  ASSERT_TRUE(accounts_->SetPassword(b.caller, "jinan.reg", "Another-Pass-99").ok());
  EXPECT_FALSE(accounts_->Authenticate(b.token).ok());
  EXPECT_TRUE(accounts_->Login("jinan.reg", "Another-Pass-99", Origin()).ok());
}

TEST_P(AccountServiceTest, OwnPasswordChangeChecksTheCurrentOneAndClearsTheChangeFlag) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  NewUser first = MakeUser("first.admin", kGoodPassword, Role::kPlatformAdmin);
  first.must_change_password = true;
  ASSERT_TRUE(accounts_->CreateUser(Caller::System(), first).ok());
  Session s = std::move(accounts_->Login("first.admin", kGoodPassword, Origin())).value();
  EXPECT_TRUE(s.must_change_password);

  EXPECT_EQ(accounts_->ChangeOwnPassword(s.caller, "wrong", "Brand-New-Pass-1").field(),
            "current_password");
  EXPECT_EQ(accounts_->ChangeOwnPassword(s.caller, kGoodPassword, kGoodPassword).field(),
            "new_password");
  const Status weak = accounts_->ChangeOwnPassword(s.caller, kGoodPassword, "short");
  EXPECT_EQ(weak.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(weak.field(), "new_password");
  ASSERT_TRUE(accounts_->ChangeOwnPassword(s.caller, kGoodPassword, "Brand-New-Pass-1").ok());
  EXPECT_FALSE(accounts_->Authenticate(s.token).ok());  // every session ends
  Result<Session> again = accounts_->Login("first.admin", "Brand-New-Pass-1", Origin());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->must_change_password);
}

TEST_P(AccountServiceTest, WrongCurrentPasswordsCountTowardsTheLockout) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts_->ChangeOwnPassword(s.caller, "guess", "Brand-New-Pass-1").field(),
              "current_password");
  }
  EXPECT_EQ(accounts_->ChangeOwnPassword(s.caller, kGoodPassword, "Brand-New-Pass-1").code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(accounts_->Login("jinan.reg", kGoodPassword, Origin()).status().code(),
            StatusCode::kResourceExhausted);
}

TEST_P(AccountServiceTest, OnlyAdminsManageUsers) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  NewUser u = MakeUser("x", kGoodPassword, Role::kPlatformAdmin);
  EXPECT_EQ(accounts_->CreateUser(s.caller, u).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->ListUsers(s.caller).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->ListUsers(Caller::System())->size(), 1u);
}

TEST_P(AccountServiceTest, DuplicateNameAndWeakPasswordsAreRejectedWithTheirField) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  NewUser dup = MakeUser("jinan.reg", kGoodPassword, Role::kPlatformAdmin);
  Result<UserInfo> r = accounts_->CreateUser(Caller::System(), dup);
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(r.status().field(), "username");
  for (const char* weak : {"short1!", "alllowercaseletters", "NoDigitsOrSymbols", "new.userAA11",
                           "Xy-NEW.USER-2026", "Password123", "Password1234"}) {
    NewUser u = MakeUser("new.user", weak, Role::kPlatformAdmin);
    Result<UserInfo> w = accounts_->CreateUser(Caller::System(), u);
    EXPECT_EQ(w.status().code(), StatusCode::kInvalidArgument) << weak;
    EXPECT_EQ(w.status().field(), "password") << weak;
  }
}

TEST_P(AccountServiceTest, ApiKeysAuthenticateUntilRevoked) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const Status nothing_allowed =
      accounts_->CreateApiKey(Caller::System(), "nothing-allowed", {}, std::nullopt).status();
  EXPECT_EQ(nothing_allowed.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(nothing_allowed.field(), "permissions");
  Result<std::string> key = accounts_->CreateApiKey(Caller::System(), "bank-of-jinan",
                                                    {"credit.query"}, TestRegion("370000"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  Result<Caller> c = accounts_->AuthenticateApiKey(*key);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->role, Role::kDepartmentClient);
  EXPECT_TRUE(c->HasPermission("credit.query"));
  EXPECT_FALSE(c->HasPermission("entity.write"));
  ASSERT_TRUE(accounts_->RevokeApiKey(Caller::System(), "bank-of-jinan").ok());
  EXPECT_EQ(accounts_->AuthenticateApiKey(*key).status().code(), StatusCode::kUnauthenticated);
  auto tx = std::move(t->db().Begin()).value();
  auto rs = std::move(tx->Query("SELECT key_hash FROM api_keys")).value();
  EXPECT_EQ(rs.rows[0].GetText(0).find(key->substr(4)), std::string::npos);  // stored hashed
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountServiceTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::auth

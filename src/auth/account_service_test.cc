#include "auth/account_service.h"

#include <gtest/gtest.h>

#include "store/testing/test_database.h"

namespace zq::auth {
namespace {

constexpr char kGoodPassword[] = "Quality-2026!";

NewUser MakeUser(std::string username, std::string password, Role role) {
  NewUser u;
  u.username = std::move(username);
  u.password = std::move(password);
  u.role = role;
  return u;
}

class AccountServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  static AuthPolicy CheapPolicy() {
    AuthPolicy p;
    p.argon2 = Argon2Params{.time_cost = 1, .memory_kib = 1024, .parallelism = 1};
    return p;
  }

  void Start(store::Database& db) {
    accounts_ = std::make_unique<AccountService>(db, log_, clock_, CheapPolicy());
    NewUser u;
    u.username = "jinan.reg";
    u.password = kGoodPassword;
    u.role = Role::kRegulator;
    u.region_code = "370100";
    ASSERT_TRUE(accounts_->CreateUser(Caller::System(), u).ok());
  }

  Caller Origin() {
    Caller c;
    c.source = "127.0.0.1";
    c.request_id = "r1";
    return c;
  }

  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24}};
  AuditChain chain_{std::string(32, 'k')};
  AuditLog log_{chain_, clock_};
  std::unique_ptr<AccountService> accounts_;
};

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

TEST_P(AccountServiceTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts_->Login("jinan.reg", "wrong", Origin()).status().code(),
              StatusCode::kUnauthenticated);
  }
  Result<Session> locked = accounts_->Login("jinan.reg", kGoodPassword, Origin());
  EXPECT_EQ(locked.status().code(), StatusCode::kResourceExhausted);
  clock_.Advance(std::chrono::minutes(14));
  EXPECT_EQ(accounts_->Login("jinan.reg", kGoodPassword, Origin()).status().code(),
            StatusCode::kResourceExhausted);
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, Origin()).ok());
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
  for (const char* weak : {"short1!", "alllowercaseletters", "NoDigitsOrSymbols", "new.userAA11"}) {
    NewUser u = MakeUser("new.user", weak, Role::kPlatformAdmin);
    Result<UserInfo> w = accounts_->CreateUser(Caller::System(), u);
    EXPECT_EQ(w.status().code(), StatusCode::kInvalidArgument) << weak;
    EXPECT_EQ(w.status().field(), "password") << weak;
  }
}

TEST_P(AccountServiceTest, ApiKeysAuthenticateUntilRevoked) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Result<std::string> key =
      accounts_->CreateApiKey(Caller::System(), "bank-of-jinan", {"credit.query"}, "370000");
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

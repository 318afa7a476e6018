// An administrator's user management: 停用/启用 and 重置密码 (issue 21, finding 6).
#include <algorithm>

#include <gtest/gtest.h>

#include "auth/account_service_fixture.h"

namespace zq::auth {
namespace {

class AccountAdminTest : public AccountServiceTest {};

TEST_P(AccountAdminTest, DisableEndsSessionsAndRefusesSignInUntilEnabled) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session s = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  EXPECT_EQ(accounts_->SetAccountState(s.caller, "jinan.reg", AccountState::kDisabled).code(),
            StatusCode::kPermissionDenied);  // a regulator is no administrator

  ASSERT_TRUE(
      accounts_->SetAccountState(Caller::System(), "jinan.reg", AccountState::kDisabled).ok());
  EXPECT_FALSE(accounts_->Authenticate(s.token).ok());
  EXPECT_EQ(accounts_->Login("jinan.reg", kGoodPassword, Origin()).status().code(),
            StatusCode::kUnauthenticated);
  ASSERT_TRUE(
      accounts_->SetAccountState(Caller::System(), "jinan.reg", AccountState::kActive).ok());
  EXPECT_TRUE(accounts_->Login("jinan.reg", kGoodPassword, Origin()).ok());

  EXPECT_EQ(accounts_->SetAccountState(Caller::System(), "nobody", AccountState::kDisabled).field(),
            "username");
  Caller admin = Caller::System();
  admin.actor = "root.admin";
  EXPECT_EQ(accounts_->SetAccountState(admin, "root.admin", AccountState::kDisabled).code(),
            StatusCode::kFailedPrecondition);  // not oneself
}

TEST_P(AccountAdminTest, ResetGivesAOneTimePasswordThatMustBeChanged) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Session old = std::move(accounts_->Login("jinan.reg", kGoodPassword, Origin())).value();
  EXPECT_EQ(accounts_->ResetPassword(old.caller, "jinan.reg").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(accounts_->ResetPassword(Caller::System(), "nobody").status().code(),
            StatusCode::kNotFound);

  Result<std::string> once = accounts_->ResetPassword(Caller::System(), "jinan.reg");
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  EXPECT_FALSE(accounts_->Authenticate(old.token).ok());  // the old sessions end
  EXPECT_FALSE(accounts_->Login("jinan.reg", kGoodPassword, Origin()).ok());
  Session s = std::move(accounts_->Login("jinan.reg", *once, Origin())).value();
  EXPECT_TRUE(s.must_change_password);
  ASSERT_TRUE(accounts_->ChangeOwnPassword(s.caller, *once, "Brand-New-Pass-1").ok());
  EXPECT_FALSE(accounts_->Login("jinan.reg", "Brand-New-Pass-1", Origin())->must_change_password);
}

TEST_P(AccountAdminTest, StateChangesAndResetsAreAudited) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(
      accounts_->SetAccountState(Caller::System(), "jinan.reg", AccountState::kDisabled).ok());
  ASSERT_TRUE(
      accounts_->SetAccountState(Caller::System(), "jinan.reg", AccountState::kActive).ok());
  ASSERT_TRUE(accounts_->ResetPassword(Caller::System(), "jinan.reg").ok());
  auto tx = t->db().Begin(store::TxMode::kReadOnly).value();
  AuditLog::Filter f;
  f.object_prefix = "user:jinan.reg";
  const std::vector<AuditEntry> entries = log_.Search(*tx, Caller::System(), f).value();
  std::vector<std::string> actions;
  for (const AuditEntry& e : entries) actions.push_back(e.action);
  for (const char* action : {"user.disable", "user.enable", "user.password_reset"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountAdminTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::auth

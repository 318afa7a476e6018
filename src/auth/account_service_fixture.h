#pragma once

// The fixture of the AccountService tests (account_service_test.cc, account_admin_test.cc): a
// service on a test database with cheap Argon2 parameters, a fake clock and one regulator,
// jinan.reg (password kGoodPassword) of 370100.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "auth/account_service.h"
#include "auth/key_ring.h"
#include "auth/totp.h"
#include "core/clock.h"
#include "store/testing/test_database.h"

namespace zq::auth {

constexpr char kGoodPassword[] = "Quality-2026!";

inline NewUser MakeUser(std::string username, std::string password, Role role) {
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
    accounts_ =
        std::make_unique<AccountService>(db, log_, keys_.personal_data(), clock_, CheapPolicy());
    NewUser u;
    u.username = "jinan.reg";
    u.password = kGoodPassword;
    u.role = Role::kRegulator;
    u.region_code = "370100";
    ASSERT_TRUE(accounts_->CreateUser(Caller::System(), u).ok());
  }

  static Caller Origin(std::string source = "127.0.0.1") {
    Caller c;
    c.source = std::move(source);
    c.request_id = "r1";
    return c;
  }

  // Creates the administrator root.admin and signs them in (no second factor yet).
  Session SignedInAdmin() {
    EXPECT_TRUE(accounts_
                    ->CreateUser(Caller::System(),
                                 MakeUser("root.admin", kGoodPassword, Role::kPlatformAdmin))
                    .ok());
    return std::move(accounts_->Login("root.admin", kGoodPassword, Origin())).value();
  }

  // Enrols the signed-in `who` in TOTP at the fake clock's time; returns the raw secret and
  // fills `recovery` with the recovery codes.
  std::string Enrol(const Caller& who, std::vector<std::string>* recovery = nullptr) {
    Result<TotpEnrolment> e = accounts_->BeginTotpEnrolment(who);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    const std::string secret = Base32Decode(e->secret_base32).value();
    Result<std::vector<std::string>> codes =
        accounts_->ConfirmTotpEnrolment(who, TotpCode(secret, TotpStep(clock_.Now())));
    EXPECT_TRUE(codes.ok()) << codes.status().ToString();
    if (recovery != nullptr && codes.ok())
      *recovery = *codes;
    return secret;
  }

  std::string CodeNow(const std::string& secret) {
    return TotpCode(secret, TotpStep(clock_.Now()));
  }

  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24}};
  AuditChain chain_{std::string(32, 'k')};
  AuditLog log_{chain_, clock_};
  KeyRing keys_ = *KeyRing::FromMasterKey(std::string(32, 'm'));
  std::unique_ptr<AccountService> accounts_;
};

}  // namespace zq::auth
